using Participation.Randomness;

namespace Participation.Experiments.Sensitivity;

/// <summary>
/// Deterministic uniform draws for designs and bootstraps: draw <c>n</c> of a sampler is a pure function of
/// (seed, stream, n), so analyses are reproducible from their seed.
/// </summary>
internal sealed class UnitSampler(ulong seed, int stream)
{
    private readonly CounterRandom _rng = new(seed, stream, RandomStream.Policy, 0x5E45);
    private long _n;

    /// <summary>The next uniform in [0, 1).</summary>
    public double Next() => _rng.Uniform(_n++);

    /// <summary>The next whole number in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => Math.Min(count - 1, (int)(Next() * count));
}

/// <summary>Percentile intervals of bootstrap replicates.</summary>
internal static class Percentile
{
    /// <summary>The (1 − confidence)/2 and (1 + confidence)/2 quantiles of <paramref name="values"/> (NaN ignored; linear interpolation).</summary>
    public static (double Low, double High) Interval(IEnumerable<double> values, double confidence = 0.95)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return (double.NaN, double.NaN);
        return (Quantile(v, (1 - confidence) / 2), Quantile(v, (1 + confidence) / 2));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h), hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
