namespace Participation.Experiments.Sensitivity;

/// <summary>How the two base matrices of a Saltelli design are drawn.</summary>
public enum SobolSampling
{
    /// <summary>Independent uniform draws (plain Monte Carlo; bootstrap intervals are exact in intent).</summary>
    Random,
    /// <summary>
    /// A randomly shifted Kronecker (R<sub>d</sub>, Roberts 2018) low-discrepancy sequence in 2k dimensions: smaller
    /// error for the same N; bootstrap intervals, which assume independent rows, are then conservative.
    /// </summary>
    QuasiRandom,
}

/// <summary>
/// A Saltelli design for first- and total-order Sobol indices: base matrices A and B (N × k) and, for each input i,
/// A_B⁽ⁱ⁾ (A with column i taken from B). <see cref="Points"/> lists A's rows, then B's, then A_B⁽¹⁾ … A_B⁽ᵏ⁾: N (k + 2) points.
/// </summary>
/// <param name="Factors">Inputs k.</param>
/// <param name="BaseSamples">Rows N of each base matrix.</param>
/// <param name="Sampling">How A and B were drawn.</param>
/// <param name="Points">The N (k + 2) points in [0, 1]^k.</param>
public sealed record SobolDesign(int Factors, int BaseSamples, SobolSampling Sampling, IReadOnlyList<double[]> Points);

/// <summary>
/// First- and total-order Sobol indices of one input, with bootstrap 95 % intervals. All are NaN when the output does
/// not vary over the design (no variance to apportion).
/// </summary>
/// <param name="Name">Input name.</param>
/// <param name="First">First-order index Sᵢ: share of the output variance due to the input alone.</param>
/// <param name="FirstLow">Lower bound of the 95 % interval of Sᵢ.</param>
/// <param name="FirstHigh">Upper bound.</param>
/// <param name="Total">Total-order index S_Tᵢ: share due to the input and all its interactions.</param>
/// <param name="TotalLow">Lower bound of the 95 % interval of S_Tᵢ.</param>
/// <param name="TotalHigh">Upper bound.</param>
public sealed record SobolIndex(string Name, double First, double FirstLow, double FirstHigh, double Total, double TotalLow, double TotalHigh);

/// <summary>
/// Variance-based sensitivity (Sobol 1993) of a function f on [0, 1]^k with the estimators of Saltelli et al. (2010,
/// Comput. Phys. Commun. 181, Table 2): first order Sᵢ = mean(f(B)·(f(A_B⁽ⁱ⁾) − f(A))) / V (their (b)) and total order
/// S_Tᵢ = mean((f(A) − f(A_B⁽ⁱ⁾))²) / (2V) (Jansen 1999, their (f)), V the variance of f over the rows of A and B.
/// Intervals: percentile bootstrap over the N rows. Costs N (k + 2) evaluations.
/// </summary>
/// <example><code>
/// var design = Sobol.Design(factors: 3, baseSamples: 4096, seed: 1);
/// var y = design.Points.Select(Ishigami).ToArray();
/// var indices = Sobol.Analyse(design, y, ["x1", "x2", "x3"]);
/// </code></example>
public static class Sobol
{
    /// <summary>Draws a Saltelli design (deterministic from <paramref name="seed"/>).</summary>
    /// <param name="factors">Inputs k (at least 1).</param>
    /// <param name="baseSamples">Rows N of each base matrix (at least 2).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="sampling">How A and B are drawn.</param>
    public static SobolDesign Design(int factors, int baseSamples, ulong seed = 1, SobolSampling sampling = SobolSampling.QuasiRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        int k = factors, n = baseSamples, d = 2 * k;
        var rng = new UnitSampler(seed, 0x534F);
        var rows = new double[n][];
        if (sampling == SobolSampling.Random)
            for (int j = 0; j < n; j++) rows[j] = Enumerable.Range(0, d).Select(_ => rng.Next()).ToArray();
        else
        {
            // R_d: alpha_i = phi_d^-(i+1), phi_d the positive root of x^(d+1) = x + 1; a random shift per dimension.
            double phi = 2;
            for (int it = 0; it < 100; it++) phi = Math.Pow(1 + phi, 1.0 / (d + 1));
            var alpha = Enumerable.Range(1, d).Select(i => Frac(1 / Math.Pow(phi, i))).ToArray();
            var shift = Enumerable.Range(0, d).Select(_ => rng.Next()).ToArray();
            for (int j = 0; j < n; j++) rows[j] = Enumerable.Range(0, d).Select(i => Frac(shift[i] + (j + 1) * alpha[i])).ToArray();
        }
        var points = new List<double[]>(n * (k + 2));
        for (int j = 0; j < n; j++) points.Add(rows[j][..k]);               // A
        for (int j = 0; j < n; j++) points.Add(rows[j][k..]);               // B
        for (int i = 0; i < k; i++)
            for (int j = 0; j < n; j++)
            {
                var x = rows[j][..k];
                x[i] = rows[j][k + i];
                points.Add(x);                                               // A_B^(i)
            }
        return new SobolDesign(k, n, sampling, points);
    }

    private static double Frac(double x) => x - Math.Floor(x);

    /// <summary>Estimates the indices from the outputs <paramref name="y"/> at the design's points.</summary>
    /// <param name="design">The design.</param>
    /// <param name="y">f at each of <see cref="SobolDesign.Points"/>, in order.</param>
    /// <param name="names">Input names (default x1, x2, …).</param>
    /// <param name="bootstrap">Bootstrap resamples for the intervals (0: none).</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <exception cref="ArgumentException">An output is NaN or infinite, or the lengths do not match.</exception>
    public static IReadOnlyList<SobolIndex> Analyse(SobolDesign design, IReadOnlyList<double> y, IReadOnlyList<string>? names = null, int bootstrap = 1000, ulong seed = 1)
    {
        int k = design.Factors, n = design.BaseSamples;
        if (y.Count != design.Points.Count) throw new ArgumentException($"{y.Count} outputs for {design.Points.Count} points", nameof(y));
        Morris.CheckFinite(y);
        names ??= Enumerable.Range(1, k).Select(i => "x" + i).ToArray();
        if (names.Count != k) throw new ArgumentException($"{names.Count} names for {k} inputs", nameof(names));
        var fA = Slice(y, 0, n);
        var fB = Slice(y, n, n);
        var fAB = Enumerable.Range(0, k).Select(i => Slice(y, (2 + i) * n, n)).ToArray();

        var all = Enumerable.Range(0, n).ToArray();
        var (s1, st) = Estimate(fA, fB, fAB, all);
        var rng = new UnitSampler(seed, 0x5342);
        var boots = new List<(double[] S1, double[] ST)>(bootstrap);
        for (int b = 0; b < bootstrap; b++)
        {
            var idx = new int[n];
            for (int j = 0; j < n; j++) idx[j] = rng.Next(n);
            boots.Add(Estimate(fA, fB, fAB, idx));
        }
        return Enumerable.Range(0, k).Select(i =>
        {
            var (fl, fh) = bootstrap > 0 ? Percentile.Interval(boots.Select(b => b.S1[i])) : (double.NaN, double.NaN);
            var (tl, th) = bootstrap > 0 ? Percentile.Interval(boots.Select(b => b.ST[i])) : (double.NaN, double.NaN);
            return new SobolIndex(names[i], s1[i], fl, fh, st[i], tl, th);
        }).ToArray();
    }

    /// <summary>Designs, evaluates <paramref name="f"/> at every point, and analyses.</summary>
    /// <param name="factors">Inputs k.</param>
    /// <param name="baseSamples">Rows N.</param>
    /// <param name="f">The function on [0, 1]^k.</param>
    /// <param name="names">Input names.</param>
    /// <param name="seed">Seed of the design and the bootstrap.</param>
    /// <param name="sampling">How the base matrices are drawn.</param>
    /// <param name="bootstrap">Bootstrap resamples.</param>
    public static IReadOnlyList<SobolIndex> Run(int factors, int baseSamples, Func<double[], double> f, IReadOnlyList<string>? names = null,
        ulong seed = 1, SobolSampling sampling = SobolSampling.QuasiRandom, int bootstrap = 1000)
    {
        var design = Design(factors, baseSamples, seed, sampling);
        return Analyse(design, design.Points.Select(f).ToArray(), names, bootstrap, seed);
    }

    private static double[] Slice(IReadOnlyList<double> y, int from, int count)
    {
        var s = new double[count];
        for (int j = 0; j < count; j++) s[j] = y[from + j];
        return s;
    }

    /// <summary>Sᵢ and S_Tᵢ over the rows <paramref name="rows"/> (all rows, or a bootstrap resample).</summary>
    private static (double[] S1, double[] ST) Estimate(double[] fA, double[] fB, double[][] fAB, int[] rows)
    {
        int n = rows.Length, k = fAB.Length;
        double sum = 0, squares = 0;
        foreach (int j in rows) sum += fA[j] + fB[j];
        double mean = sum / (2 * n);
        foreach (int j in rows) squares += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean);
        double variance = squares / (2 * n);
        var s1 = new double[k];
        var st = new double[k];
        for (int i = 0; i < k; i++)
        {
            double first = 0, total = 0;
            var ab = fAB[i];
            foreach (int j in rows)
            {
                first += fB[j] * (ab[j] - fA[j]);
                double d = fA[j] - ab[j];
                total += d * d;
            }
            s1[i] = variance > 0 ? first / n / variance : double.NaN;
            st[i] = variance > 0 ? total / (2.0 * n) / variance : double.NaN;
        }
        return (s1, st);
    }
}
