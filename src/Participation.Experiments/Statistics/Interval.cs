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
        var sum = new Accumulator();
        foreach (double x in values) sum.Add(x);
        return sum.Interval;
    }

    /// <summary>
    /// The interval of values added one at a time, in constant memory, so a batch's replications can be summarised as
    /// they are read instead of all held. The same arithmetic, in the same order, as the mean of the values and MathNet's
    /// one-pass sample variance (sum t, then (k x - t)^2 / (k (k - 1)) per value), so the result is bit for bit theirs.
    /// </summary>
    public struct Accumulator
    {
        private long _count;
        private double _sum, _variance;

        /// <summary>Adds <paramref name="x"/> (NaN is ignored).</summary>
        public void Add(double x)
        {
            if (double.IsNaN(x)) return;
            _count++;
            _sum += x;
            if (_count == 1) return;
            double diff = _count * x - _sum;
            _variance += diff * diff / (_count * (_count - 1.0));
        }

        /// <summary>The interval of the values added so far.</summary>
        public readonly Interval Interval
        {
            get
            {
                if (_count == 0) return new Interval(double.NaN, double.NaN, double.NaN, double.NaN, 0);
                double mean = _sum / _count;
                if (_count == 1) return new Interval(mean, double.NaN, double.NaN, double.NaN, 1);
                double sd = Math.Sqrt(_variance / (_count - 1));
                double half = StudentT.InvCDF(0, 1, _count - 1, 0.975) * sd / Math.Sqrt(_count);
                return new Interval(mean, mean - half, mean + half, sd, (int)_count);
            }
        }
    }
}
