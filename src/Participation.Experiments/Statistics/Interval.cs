using MathNet.Numerics.Distributions;

namespace Participation.Experiments.Statistics;

/// <summary>Mean of replications with a 95 % confidence interval (Student's t).</summary>
/// <param name="Mean">Mean over replications with a defined value.</param>
/// <param name="Low">Lower bound of the 95 % interval of the mean (NaN with fewer than two values).</param>
/// <param name="High">Upper bound.</param>
/// <param name="StandardDeviation">Sample standard deviation across replications.</param>
/// <param name="Count">Replications with a defined (non-NaN) value.</param>
public readonly record struct Interval(double Mean, double Low, double High, double StandardDeviation, int Count)
{
    /// <summary>The mean and 95 % interval of <paramref name="values"/>, ignoring NaN.</summary>
    public static Interval Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new Interval(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double mean = v.Average();
        if (v.Length == 1) return new Interval(mean, double.NaN, double.NaN, double.NaN, 1);
        double sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(v);
        double half = StudentT.InvCDF(0, 1, v.Length - 1, 0.975) * sd / Math.Sqrt(v.Length);
        return new Interval(mean, mean - half, mean + half, sd, v.Length);
    }
}
