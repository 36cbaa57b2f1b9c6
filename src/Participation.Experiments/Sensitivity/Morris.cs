namespace Participation.Experiments.Sensitivity;

/// <summary>
/// The points of a Morris screening design: <see cref="Trajectories"/> one-at-a-time trajectories in [0, 1]^k,
/// each of k + 1 points on a grid of <see cref="Levels"/> levels, moving one factor by ±<see cref="Delta"/> per step.
/// </summary>
/// <param name="Factors">Number of inputs k.</param>
/// <param name="Trajectories">Trajectories r.</param>
/// <param name="Levels">Grid levels p (even).</param>
/// <param name="Delta">Step p / (2 (p − 1)).</param>
/// <param name="Points">r (k + 1) points; trajectory t occupies rows t (k + 1) … t (k + 1) + k.</param>
/// <param name="Changed">For each point, the factor changed from the previous point of its trajectory (−1 for a trajectory's first point).</param>
/// <param name="Steps">For each point, the signed change of that factor (0 for a first point).</param>
public sealed record MorrisDesign(int Factors, int Trajectories, int Levels, double Delta, IReadOnlyList<double[]> Points, int[] Changed, double[] Steps);

/// <summary>Elementary-effect statistics of one input.</summary>
/// <param name="Name">Input name.</param>
/// <param name="Mu">Mean elementary effect (signed).</param>
/// <param name="MuStar">Mean absolute elementary effect μ* (Campolongo et al. 2007): the screening measure of importance.</param>
/// <param name="MuStarLow">Lower bound of a bootstrap 95 % interval of μ* (resampling trajectories).</param>
/// <param name="MuStarHigh">Upper bound.</param>
/// <param name="Sigma">Standard deviation of the elementary effects: non-linearity and interactions.</param>
/// <param name="SigmaLow">Lower bound of a bootstrap 95 % interval of σ.</param>
/// <param name="SigmaHigh">Upper bound.</param>
/// <param name="Effects">Elementary effects computed (one per trajectory).</param>
public sealed record MorrisIndex(string Name, double Mu, double MuStar, double MuStarLow, double MuStarHigh, double Sigma, double SigmaLow, double SigmaHigh, int Effects);

/// <summary>
/// Morris elementary-effects screening (Morris 1991, with μ* of Campolongo, Cariboni &amp; Saltelli 2007) of a function
/// f on [0, 1]^k: r random trajectories on a p-level grid, one input changed by ±Δ per step; the elementary effect of
/// input i is (f(x + Δ eᵢ) − f(x)) / Δ. Costs r (k + 1) evaluations. Effects are in the output's units per unit of
/// the (scaled) input's whole range.
/// </summary>
/// <example><code>
/// var design = Morris.Design(factors: 4, trajectories: 20, levels: 4, seed: 1);
/// var y = design.Points.Select(x => 10 * x[0] + x[1] * x[1]).ToArray();
/// var indices = Morris.Analyse(design, y, ["a", "b", "c", "d"]);
/// </code></example>
public static class Morris
{
    /// <summary>Generates <paramref name="trajectories"/> random trajectories (deterministic from <paramref name="seed"/>).</summary>
    /// <param name="factors">Inputs k (at least 1).</param>
    /// <param name="trajectories">Trajectories r (at least 2, for σ).</param>
    /// <param name="levels">Grid levels p: an even number of at least 2 (4 is customary).</param>
    /// <param name="seed">Seed.</param>
    public static MorrisDesign Design(int factors, int trajectories, int levels = 4, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 2);
        if (levels < 2 || levels % 2 != 0) throw new ArgumentOutOfRangeException(nameof(levels), levels, "expected an even number of levels, at least 2");
        double delta = levels / (2.0 * (levels - 1));
        var rng = new UnitSampler(seed, 0x4D4F);
        var points = new List<double[]>(trajectories * (factors + 1));
        var changed = new List<int>();
        var steps = new List<double>();
        for (int t = 0; t < trajectories; t++)
        {
            var x = new double[factors];
            for (int i = 0; i < factors; i++) x[i] = rng.Next(levels) / (double)(levels - 1);
            points.Add((double[])x.Clone());
            changed.Add(-1);
            steps.Add(0);
            var order = Enumerable.Range(0, factors).ToArray();
            for (int i = factors - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            foreach (int i in order)
            {
                double step = x[i] + delta <= 1 + 1e-12 ? delta : -delta;
                x[i] = Math.Clamp(x[i] + step, 0, 1);
                points.Add((double[])x.Clone());
                changed.Add(i);
                steps.Add(step);
            }
        }
        return new MorrisDesign(factors, trajectories, levels, delta, points, changed.ToArray(), steps.ToArray());
    }

    /// <summary>Computes μ, μ*, σ and bootstrap intervals from the outputs <paramref name="y"/> at the design's points.</summary>
    /// <param name="design">The design.</param>
    /// <param name="y">f at each of <see cref="MorrisDesign.Points"/>, in order.</param>
    /// <param name="names">Input names (default x1, x2, …).</param>
    /// <param name="bootstrap">Bootstrap resamples of trajectories for the intervals (0: none).</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <exception cref="ArgumentException">An output is NaN or infinite, or the lengths do not match.</exception>
    public static IReadOnlyList<MorrisIndex> Analyse(MorrisDesign design, IReadOnlyList<double> y, IReadOnlyList<string>? names = null, int bootstrap = 1000, ulong seed = 1)
    {
        int k = design.Factors, r = design.Trajectories;
        if (y.Count != design.Points.Count) throw new ArgumentException($"{y.Count} outputs for {design.Points.Count} points", nameof(y));
        CheckFinite(y);
        names ??= Enumerable.Range(1, k).Select(i => "x" + i).ToArray();
        if (names.Count != k) throw new ArgumentException($"{names.Count} names for {k} inputs", nameof(names));

        var effects = new double[k, r]; // [input, trajectory]
        for (int t = 0; t < r; t++)
            for (int s = 1; s <= k; s++)
            {
                int p = t * (k + 1) + s;
                effects[design.Changed[p], t] = (y[p] - y[p - 1]) / design.Steps[p];
            }

        var rng = new UnitSampler(seed, 0x4D42);
        var resamples = Enumerable.Range(0, bootstrap).Select(_ => Enumerable.Range(0, r).Select(_ => rng.Next(r)).ToArray()).ToArray();
        return Enumerable.Range(0, k).Select(i =>
        {
            var e = Enumerable.Range(0, r).Select(t => effects[i, t]).ToArray();
            var (muStar, sigma) = (e.Average(Math.Abs), Sd(e));
            var bootMuStar = resamples.Select(idx => idx.Average(t => Math.Abs(e[t])));
            var bootSigma = resamples.Select(idx => Sd(idx.Select(t => e[t]).ToArray()));
            var (msLow, msHigh) = bootstrap > 0 ? Percentile.Interval(bootMuStar) : (double.NaN, double.NaN);
            var (sLow, sHigh) = bootstrap > 0 ? Percentile.Interval(bootSigma) : (double.NaN, double.NaN);
            return new MorrisIndex(names[i], e.Average(), muStar, msLow, msHigh, sigma, sLow, sHigh, r);
        }).ToArray();
    }

    /// <summary>Designs, evaluates <paramref name="f"/> at every point, and analyses.</summary>
    /// <param name="factors">Inputs k.</param>
    /// <param name="trajectories">Trajectories r.</param>
    /// <param name="f">The function on [0, 1]^k.</param>
    /// <param name="names">Input names.</param>
    /// <param name="levels">Grid levels.</param>
    /// <param name="seed">Seed of the design and the bootstrap.</param>
    public static IReadOnlyList<MorrisIndex> Run(int factors, int trajectories, Func<double[], double> f, IReadOnlyList<string>? names = null, int levels = 4, ulong seed = 1)
    {
        var design = Design(factors, trajectories, levels, seed);
        return Analyse(design, design.Points.Select(f).ToArray(), names, seed: seed);
    }

    private static double Sd(double[] e)
    {
        if (e.Length < 2) return double.NaN;
        double mean = e.Average();
        return Math.Sqrt(e.Sum(x => (x - mean) * (x - mean)) / (e.Length - 1));
    }

    internal static void CheckFinite(IReadOnlyList<double> y)
    {
        for (int i = 0; i < y.Count; i++)
            if (!double.IsFinite(y[i]))
                throw new ArgumentException($"the output at design point {i} is {(double.IsNaN(y[i]) ? "undefined (NaN)" : "infinite")}; " +
                    "sensitivity indices need a defined output at every point (choose an outcome defined over the whole range, or more replications)", nameof(y));
    }
}
