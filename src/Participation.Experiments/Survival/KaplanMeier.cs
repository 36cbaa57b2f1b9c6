using MathNet.Numerics.Distributions;

namespace Participation.Experiments.Survival;

/// <summary>One observed duration: the time to the event, or to censoring.</summary>
/// <param name="Time">Duration (e.g. weeks of tenure), at least 0.</param>
/// <param name="Event">True when the event (leaving the role) was observed; false when censored (still in role).</param>
public readonly record struct SurvivalObservation(double Time, bool Event);

/// <summary>How the pointwise confidence interval of the survival curve is formed from Greenwood's variance.</summary>
public enum SurvivalInterval
{
    /// <summary>S ± z·SE(S), clipped to [0, 1] (the textbook "plain" interval).</summary>
    Plain,
    /// <summary>
    /// On log(−log S) (Kalbfleisch &amp; Prentice): S^exp(±z·σ/|log S|) with σ² Greenwood's sum; stays inside [0, 1]
    /// and behaves better in the tails. The default.
    /// </summary>
    LogLog,
}

/// <summary>The survival curve at one distinct observed time.</summary>
/// <param name="Time">Time.</param>
/// <param name="AtRisk">Observations with duration at least <paramref name="Time"/> (at risk just before it).</param>
/// <param name="Events">Events at this time.</param>
/// <param name="Censored">Observations censored at this time (counted at risk at it: events come first).</param>
/// <param name="Survival">Kaplan–Meier estimate S(t) just after this time.</param>
/// <param name="StandardError">Greenwood standard error of S(t): S·sqrt(Σ d/(n(n − d))) over event times up to t.</param>
/// <param name="Low">Lower bound of the pointwise confidence interval.</param>
/// <param name="High">Upper bound.</param>
public sealed record KaplanMeierStep(double Time, int AtRisk, int Events, int Censored, double Survival, double StandardError, double Low, double High);

/// <summary>A Kaplan–Meier survival curve with Greenwood confidence intervals and the median.</summary>
public sealed class KaplanMeierCurve
{
    internal KaplanMeierCurve(IReadOnlyList<KaplanMeierStep> steps, int observations, int events, SurvivalInterval interval, double confidence)
    {
        Steps = steps;
        Observations = observations;
        Events = events;
        Interval = interval;
        Confidence = confidence;
        Median = FirstAtOrBelowHalf(s => s.Survival);
        MedianLow = FirstAtOrBelowHalf(s => s.Low);
        MedianHigh = FirstAtOrBelowHalf(s => s.High);
    }

    /// <summary>One step per distinct observed time (event or censoring), in increasing time.</summary>
    public IReadOnlyList<KaplanMeierStep> Steps { get; }

    /// <summary>Observations in all.</summary>
    public int Observations { get; }

    /// <summary>Events in all (the rest are censored).</summary>
    public int Events { get; }

    /// <summary>How the intervals were formed.</summary>
    public SurvivalInterval Interval { get; }

    /// <summary>Confidence level of the intervals (0.95).</summary>
    public double Confidence { get; }

    /// <summary>Median: the smallest time at which S(t) ≤ 0.5 (NaN when the curve never falls to 0.5).</summary>
    public double Median { get; }

    /// <summary>Lower confidence limit of the median: the first time the lower band reaches 0.5 (Brookmeyer–Crowley style).</summary>
    public double MedianLow { get; }

    /// <summary>Upper confidence limit of the median: the first time the upper band reaches 0.5 (NaN when it never does).</summary>
    public double MedianHigh { get; }

    /// <summary>S(t): the estimate after every event at or before <paramref name="time"/> (1 before the first).</summary>
    public double SurvivalAt(double time) => StepAt(time)?.Survival ?? 1;

    /// <summary>The step in force at <paramref name="time"/> (the last step at or before it), or null before the first.</summary>
    public KaplanMeierStep? StepAt(double time)
    {
        KaplanMeierStep? last = null;
        foreach (var s in Steps)
        {
            if (s.Time > time) break;
            last = s;
        }
        return last;
    }

    private double FirstAtOrBelowHalf(Func<KaplanMeierStep, double> value) =>
        Steps.FirstOrDefault(s => value(s) <= 0.5 + 1e-12)?.Time ?? double.NaN;
}

/// <summary>
/// Kaplan–Meier estimator of a survival function from right-censored durations, with Greenwood's variance
/// (Var S(t) = S(t)² Σ_{tᵢ ≤ t} dᵢ / (nᵢ (nᵢ − dᵢ))) and pointwise confidence intervals.
/// </summary>
public static class KaplanMeier
{
    /// <summary>Estimates the curve of <paramref name="observations"/>.</summary>
    /// <param name="observations">Durations with their event flags.</param>
    /// <param name="interval">How the intervals are formed.</param>
    /// <param name="confidence">Confidence level (default 0.95).</param>
    /// <exception cref="ArgumentException">A duration is negative or not finite.</exception>
    public static KaplanMeierCurve Estimate(IEnumerable<SurvivalObservation> observations, SurvivalInterval interval = SurvivalInterval.LogLog, double confidence = 0.95)
    {
        var obs = observations.ToArray();
        if (obs.Any(o => !double.IsFinite(o.Time) || o.Time < 0)) throw new ArgumentException("durations must be finite and not negative", nameof(observations));
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "expected a level in (0, 1)");
        double z = Normal.InvCDF(0, 1, (1 + confidence) / 2);
        var steps = new List<KaplanMeierStep>();
        int atRisk = obs.Length;
        double survival = 1, greenwood = 0;
        foreach (var group in obs.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            int events = group.Count(o => o.Event), censored = group.Count() - events;
            if (events > 0)
            {
                survival *= 1 - events / (double)atRisk;
                greenwood = events < atRisk ? greenwood + events / ((double)atRisk * (atRisk - events)) : double.PositiveInfinity;
            }
            var (se, low, high) = Bounds(survival, greenwood, z, interval);
            steps.Add(new KaplanMeierStep(group.Key, atRisk, events, censored, survival, se, low, high));
            atRisk -= events + censored;
        }
        return new KaplanMeierCurve(steps, obs.Length, obs.Count(o => o.Event), interval, confidence);
    }

    private static (double Se, double Low, double High) Bounds(double s, double greenwood, double z, SurvivalInterval interval)
    {
        if (s <= 0) return (0, 0, 0);
        if (greenwood == 0) return (0, s, s);
        double se = s * Math.Sqrt(greenwood);
        if (interval == SurvivalInterval.Plain) return (se, Math.Max(0, s - z * se), Math.Min(1, s + z * se));
        double logS = Math.Log(s);
        if (logS == 0) return (se, s, s);
        double theta = z * Math.Sqrt(greenwood) / Math.Abs(logS);
        return (se, Math.Pow(s, Math.Exp(theta)), Math.Pow(s, Math.Exp(-theta)));
    }
}
