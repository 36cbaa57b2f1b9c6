using Participation.Report.Svg;

namespace Participation.Report.Plots;

/// <summary>One series of a grouped bar chart: a value per category, with an optional interval drawn as a whisker.</summary>
public sealed record BarSeries(string Label, string Color, double[] Values, double[]? Low = null, double[]? High = null);

/// <summary>Vertical bars grouped by category (one bar per series in each group), from zero, with value labels.</summary>
public sealed class BarChart : Chart
{
    /// <summary>Category names, along the horizontal axis.</summary>
    public required string[] Categories { get; init; }
    /// <summary>Series, one bar each per category.</summary>
    public List<BarSeries> Series { get; } = [];
    /// <summary>How a value label is written (default: the tick format).</summary>
    public Func<double, string>? ValueLabel { get; init; }

    /// <inheritdoc />
    public override string Render()
    {
        if (Series.Any(s => s.Values.Length != Categories.Length)) throw new InvalidOperationException("every series needs one value per category");
        // The axis covers the bars and the upper whiskers; a whisker reaching below zero under a positive bar is clipped at the
        // axis rather than stretching it (an interval of a share may dip below 0).
        var tops = Series.SelectMany(s => s.Values.Concat(s.High ?? [])).Where(double.IsFinite).ToList();
        var bottoms = Series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        double max = tops.Count > 0 ? Math.Max(0, tops.Max()) : 1, min = bottoms.Count > 0 ? Math.Min(0, bottoms.Min()) : 0;
        var ticks = NiceTicks.For(min, max == min ? min + 1 : max);
        double header = HeaderHeight(Width);
        double labelWidth = ticks.Values.Max(v => TextWidth(ticks.Label(v), 11));
        double left = Math.Max(56, 30 + labelWidth + 8), right = Width - 24, top = header + 8, bottom = Height - 50;
        var y = new LinearScale(ticks.Min, ticks.Max, bottom, top);

        var svg = Begin(Height);
        DrawYAxis(svg, ticks, y, left, right);
        double group = (right - left) / Categories.Length;
        double barWidth = Math.Min(48, group * 0.7 / Math.Max(1, Series.Count));
        double zero = y.Map(0);
        svg.Group("x-axis");
        svg.Line(left, zero, right, zero, Palette.Axis, 1);
        for (int c = 0; c < Categories.Length; c++)
            svg.Text(left + group * (c + 0.5), bottom + 17, Categories[c], "middle", 11, cssClass: "tick-label");
        svg.EndGroup();
        DrawXLabel(svg, left, right, Height);

        svg.Group("data");
        for (int c = 0; c < Categories.Length; c++)
        {
            double start = left + group * (c + 0.5) - barWidth * Series.Count / 2;
            for (int s = 0; s < Series.Count; s++)
            {
                var series = Series[s];
                double v = series.Values[c];
                if (!double.IsFinite(v)) continue;
                double bx = start + s * barWidth;
                svg.Group("bar", $"{series.Label}, {Categories[c]}: {ValueLabel?.Invoke(v) ?? ticks.Label(v)}");
                svg.Rect(bx + 1, y.Map(v), barWidth - 2, zero - y.Map(v), series.Color);
                double labelY = y.Map(v) - 4;
                if (series.Low is { } lo && series.High is { } hi && double.IsFinite(lo[c]) && double.IsFinite(hi[c]))
                {
                    double cx = bx + barWidth / 2, pl = y.MapClamped(lo[c]), ph = y.MapClamped(hi[c]);
                    svg.Line(cx, pl, cx, ph, Palette.Ink, 1.3, cssClass: "whisker");
                    svg.Line(cx - 4, pl, cx + 4, pl, Palette.Ink, 1.3);
                    svg.Line(cx - 4, ph, cx + 4, ph, Palette.Ink, 1.3);
                    labelY = Math.Min(labelY, ph - 4);
                }
                svg.Text(bx + barWidth / 2, labelY, ValueLabel?.Invoke(v) ?? ticks.Label(v), "middle", 10, cssClass: "value-label");
                svg.EndGroup();
            }
        }
        svg.EndGroup();
        return svg.ToString();
    }
}
