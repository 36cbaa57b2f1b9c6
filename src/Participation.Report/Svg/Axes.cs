using System.Globalization;

namespace Participation.Report.Svg;

/// <summary>A linear map from a data interval to a pixel interval (either may be reversed, e.g. y grows downwards).</summary>
/// <param name="DomainMin">Data value mapped to <paramref name="RangeMin"/>.</param>
/// <param name="DomainMax">Data value mapped to <paramref name="RangeMax"/>.</param>
/// <param name="RangeMin">Pixel position of <paramref name="DomainMin"/>.</param>
/// <param name="RangeMax">Pixel position of <paramref name="DomainMax"/>.</param>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>The pixel position of <paramref name="value"/> (extrapolated linearly outside the domain).</summary>
    public double Map(double value)
    {
        double span = DomainMax - DomainMin;
        if (span == 0) return (RangeMin + RangeMax) / 2;
        return RangeMin + (value - DomainMin) / span * (RangeMax - RangeMin);
    }

    /// <summary>Like <see cref="Map"/>, but clamped to the pixel interval.</summary>
    public double MapClamped(double value)
    {
        double p = Map(value);
        double lo = Math.Min(RangeMin, RangeMax), hi = Math.Max(RangeMin, RangeMax);
        return Math.Clamp(p, lo, hi);
    }
}

/// <summary>Ticks of a numeric axis: the rounded axis ends, the step, and the tick values.</summary>
/// <param name="Min">Axis start (a multiple of the step at or below the data minimum).</param>
/// <param name="Max">Axis end (a multiple of the step at or above the data maximum).</param>
/// <param name="Step">Distance between ticks: 1, 2 or 5 times a power of ten.</param>
/// <param name="Values">Tick values from <paramref name="Min"/> to <paramref name="Max"/>.</param>
public sealed record TickSet(double Min, double Max, double Step, IReadOnlyList<double> Values)
{
    /// <summary>Decimals needed to tell the ticks apart (0 for steps of 1 and more).</summary>
    public int Decimals => Math.Max(0, -(int)Math.Floor(Math.Log10(Step) + 1e-9));

    /// <summary>The label of a tick value: invariant culture, <see cref="Decimals"/> decimals, thousands separated by commas.</summary>
    public string Label(double value)
    {
        double v = Math.Round(value, Decimals);
        if (v == 0) v = 0; // no "-0"
        return v.ToString("#,0" + (Decimals > 0 ? "." + new string('0', Decimals) : ""), CultureInfo.InvariantCulture);
    }
}

/// <summary>"Nice numbers" for axis ticks (Heckbert, Graphics Gems, 1990): steps of 1, 2 or 5 times a power of ten.</summary>
public static class NiceTicks
{
    /// <summary>
    /// A nice number near <paramref name="x"/> (&gt; 0): with <paramref name="round"/>, the nearest of 1, 2, 5, 10 times a power of ten;
    /// without, the smallest such number at or above <paramref name="x"/>.
    /// </summary>
    public static double NiceNumber(double x, bool round)
    {
        if (!(x > 0) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "expected a positive finite number");
        double exponent = Math.Floor(Math.Log10(x));
        double power = Math.Pow(10, exponent);
        double fraction = x / power;
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 + 1e-12 ? 1 : fraction <= 2 + 1e-12 ? 2 : fraction <= 5 + 1e-12 ? 5 : 10;
        return nice * power;
    }

    /// <summary>
    /// Ticks covering [<paramref name="min"/>, <paramref name="max"/>] with about <paramref name="target"/> intervals. A degenerate range
    /// (min = max) is widened around the value.
    /// </summary>
    public static TickSet For(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"axis range [{min}, {max}] is not finite");
        if (target < 1) throw new ArgumentOutOfRangeException(nameof(target), target, "expected at least one interval");
        if (min > max) (min, max) = (max, min);
        if (min == max)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double range = NiceNumber(max - min, round: false);
        double step = NiceNumber(range / target, round: true);
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        int count = (int)Math.Round((hi - lo) / step);
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9)) + 1;
        var values = Enumerable.Range(0, count + 1).Select(k => Clean(Math.Round(lo + k * step, Math.Min(15, decimals)))).ToArray();
        return new TickSet(values[0], values[^1], step, values);
    }

    private static double Clean(double v) => v == 0 ? 0 : v;
}

/// <summary>A tick on a date axis.</summary>
/// <param name="Date">The tick's date (first of a month).</param>
/// <param name="Label">Its label: the year, or year and month.</param>
public readonly record struct DateTick(DateOnly Date, string Label);

/// <summary>Ticks of a date axis on month boundaries: every 1, 2, 3 or 6 months, or every 1, 2, 5, 10... years.</summary>
public static class DateTicks
{
    private static readonly int[] MonthSteps = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

    /// <summary>At most <paramref name="maxTicks"/> ticks on the first of a month within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static IReadOnlyList<DateTick> For(DateOnly min, DateOnly max, int maxTicks = 8)
    {
        if (max < min) (min, max) = (max, min);
        int first = min.Year * 12 + min.Month - 1 + (min.Day > 1 ? 1 : 0);
        int last = max.Year * 12 + max.Month - 1;
        int step = MonthSteps.FirstOrDefault(s => CountMultiples(first, last, s) <= maxTicks, MonthSteps[^1]);
        var ticks = new List<DateTick>();
        for (int m = (first + step - 1) / step * step; m <= last; m += step)
        {
            var d = new DateOnly(m / 12, m % 12 + 1, 1);
            ticks.Add(new DateTick(d, step >= 12 ? d.Year.ToString(CultureInfo.InvariantCulture) : d.ToString("yyyy-MM", CultureInfo.InvariantCulture)));
        }
        return ticks;
    }

    private static int CountMultiples(int first, int last, int step) => last < first ? 0 : last / step - (first + step - 1) / step + 1;
}
