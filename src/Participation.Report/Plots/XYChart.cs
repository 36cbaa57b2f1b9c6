using Participation.Report.Svg;

namespace Participation.Report.Plots;

/// <summary>A layer of an <see cref="XYChart"/>. Points where any value is NaN break the layer into separate pieces.</summary>
/// <param name="Label">Legend text (null: not in the legend).</param>
/// <param name="Color">Colour.</param>
public abstract record XYLayer(string? Label, string Color);

/// <summary>A filled band between <paramref name="Low"/> and <paramref name="High"/> (an interval, or a stacked area).</summary>
public sealed record BandLayer(string? Label, string Color, double[] X, double[] Low, double[] High, double Opacity = 0.25, bool Step = false)
    : XYLayer(Label, Color);

/// <summary>A line through (x, y); as steps (horizontal, then vertical) when <paramref name="Step"/>.</summary>
public sealed record LineLayer(string? Label, string Color, double[] X, double[] Y, bool Step = false, string? Dash = null, double Width = 2)
    : XYLayer(Label, Color);

/// <summary>Dots, each with an optional vertical whisker from <paramref name="Low"/> to <paramref name="High"/>.</summary>
public sealed record PointLayer(string? Label, string Color, double[] X, double[] Y, double[]? Low = null, double[]? High = null)
    : XYLayer(Label, Color);

/// <summary>A dashed vertical line at <paramref name="X"/> with a label at its top.</summary>
public sealed record RuleLayer(string Text, double X, string Color = Palette.Axis) : XYLayer(null, Color);

/// <summary>
/// A plot of numbers or dates against numbers: lines, bands, dots with whiskers and vertical reference lines, on
/// "nice" ticks. Dates are given as <see cref="DateOnly.DayNumber"/> with <see cref="XIsDate"/> set.
/// </summary>
public sealed class XYChart : Chart
{
    /// <summary>Layers, drawn in order (put bands first).</summary>
    public List<XYLayer> Layers { get; } = [];
    /// <summary>Whether x values are day numbers (<see cref="DateOnly.DayNumber"/>).</summary>
    public bool XIsDate { get; init; }
    /// <summary>Force this lower end of the y axis (e.g. 0).</summary>
    public double? YMin { get; init; }
    /// <summary>Force this upper end of the y axis (e.g. 100 for percentages).</summary>
    public double? YMax { get; init; }
    /// <summary>Force the x axis to start here.</summary>
    public double? XMin { get; init; }
    /// <summary>How far right of its line a label turned to run up beside it sits (its baseline; the glyphs reach about 9 px left of it).</summary>
    public const double RotatedLabelOffset = 12;
    /// <summary>Whether x counts something whole (evaluations): ticks only at whole numbers.</summary>
    public bool XWhole { get; init; }

    /// <inheritdoc />
    public override string Render()
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var layer in Layers)
        {
            switch (layer)
            {
                case BandLayer b: xs.AddRange(b.X); ys.AddRange(b.Low); ys.AddRange(b.High); break;
                case LineLayer l: xs.AddRange(l.X); ys.AddRange(l.Y); break;
                case PointLayer p:
                    xs.AddRange(p.X); ys.AddRange(p.Y);
                    if (p.Low is not null) ys.AddRange(p.Low);
                    if (p.High is not null) ys.AddRange(p.High);
                    break;
                case RuleLayer r: xs.Add(r.X); break;
            }
        }
        var fx = xs.Where(double.IsFinite).ToList();
        var fy = ys.Where(double.IsFinite).ToList();
        double x0 = XMin ?? (fx.Count > 0 ? fx.Min() : 0), x1 = fx.Count > 0 ? fx.Max() : 1;
        double y0 = YMin ?? (fy.Count > 0 ? fy.Min() : 0), y1 = YMax ?? (fy.Count > 0 ? fy.Max() : 1);
        if (YMin is null && fy.Count > 0 && y0 > 0 && y0 < 0.35 * y1) y0 = 0; // start at zero when the data are not far from it
        var yTicks = NiceTicks.For(y0, Math.Max(y1, y0));
        if (YMin is { } fixedMin) yTicks = Trim(yTicks, fixedMin, YMax);
        else if (YMax is { } fixedMax) yTicks = Trim(yTicks, yTicks.Min, fixedMax);

        double header = HeaderHeight(Width);
        double labelWidth = yTicks.Values.Max(v => TextWidth(yTicks.Label(v), 11));
        double left = Math.Max(56, 30 + labelWidth + 8), right = Width - 24, top = header + 8, bottom = Height - 50;
        var y = new LinearScale(yTicks.Min, yTicks.Max, bottom, top);

        LinearScale x;
        IEnumerable<(double Value, string Label)> xTickMarks;
        if (XIsDate)
        {
            if (x1 <= x0) x1 = x0 + 1;
            x = new LinearScale(x0, x1, left, right);
            xTickMarks = DateTicks.For(DateOnly.FromDayNumber((int)Math.Floor(x0)), DateOnly.FromDayNumber((int)Math.Ceiling(x1)))
                .Select(t => ((double)t.Date.DayNumber, t.Label));
        }
        else
        {
            var xTicks = NiceTicks.For(x0, Math.Max(x1, x0), 8);
            if (XWhole && xTicks.Step < 1)
            {
                // Fewer than eight whole numbers in range: a tick at each, never at 1.5 of them.
                double lo = Math.Floor(xTicks.Min), hi = Math.Max(Math.Ceiling(xTicks.Max), lo + 1);
                xTicks = new TickSet(lo, hi, 1, Enumerable.Range(0, (int)(hi - lo) + 1).Select(k => lo + k).ToArray());
            }
            if (XMin is { } xm) xTicks = Trim(xTicks, xm, null);
            x = new LinearScale(xTicks.Min, xTicks.Max, left, right);
            xTickMarks = xTicks.Values.Select(v => (v, xTicks.Label(v)));
        }

        var svg = Begin(Height);
        DrawYAxis(svg, yTicks, y, left, right);
        svg.Group("x-axis");
        svg.Line(left, bottom, right, bottom, Palette.Axis, 1);
        foreach (var (v, label) in xTickMarks)
        {
            double px = x.Map(v);
            if (px < left - 0.5 || px > right + 0.5) continue;
            svg.Line(px, bottom, px, bottom + 4, Palette.Axis, 1);
            svg.Text(px, bottom + 17, label, "middle", 11, cssClass: "tick-label");
        }
        svg.EndGroup();
        DrawXLabel(svg, left, right, Height);

        svg.Group("data");
        int rules = 0;
        var ruleXs = Layers.OfType<RuleLayer>().Where(r => double.IsFinite(r.X)).Select(r => x.Map(r.X)).Where(px => px >= left && px <= right).ToList();
        foreach (var layer in Layers)
        {
            switch (layer)
            {
                case BandLayer b:
                    foreach (var piece in Pieces(b.X.Length, k => b.X[k], k => b.Low[k], k => b.High[k]))
                    {
                        var upper = Path(piece.Select(k => (b.X[k], b.High[k])).ToList(), b.Step);
                        var lower = Path(piece.Select(k => (b.X[k], b.Low[k])).ToList(), b.Step);
                        lower.Reverse();
                        svg.Polygon(upper.Concat(lower).Select(p => (x.Map(p.Item1), y.MapClamped(p.Item2))), b.Color, b.Opacity, "band");
                    }
                    break;
                case LineLayer l:
                    foreach (var piece in Pieces(l.X.Length, k => l.X[k], k => l.Y[k]))
                    {
                        var pts = Path(piece.Select(k => (l.X[k], l.Y[k])).ToList(), l.Step).Select(p => (x.Map(p.Item1), y.MapClamped(p.Item2))).ToList();
                        if (pts.Count == 1) svg.Circle(pts[0].Item1, pts[0].Item2, 2, l.Color, cssClass: "line-point");
                        else svg.Polyline(pts, l.Color, l.Width, l.Dash, "line");
                    }
                    break;
                case PointLayer p:
                    for (int k = 0; k < p.X.Length; k++)
                    {
                        if (!double.IsFinite(p.X[k]) || !double.IsFinite(p.Y[k])) continue;
                        double px = x.Map(p.X[k]);
                        if (p.Low is not null && p.High is not null && double.IsFinite(p.Low[k]) && double.IsFinite(p.High[k]))
                        {
                            double pl = y.MapClamped(p.Low[k]), ph = y.MapClamped(p.High[k]);
                            svg.Line(px, pl, px, ph, p.Color, 1.4, cssClass: "whisker");
                            svg.Line(px - 3, pl, px + 3, pl, p.Color, 1.4);
                            svg.Line(px - 3, ph, px + 3, ph, p.Color, 1.4);
                        }
                        svg.Circle(px, y.MapClamped(p.Y[k]), 3.5, p.Color, "#ffffff", "point");
                    }
                    break;
                case RuleLayer r:
                    if (!double.IsFinite(r.X)) break;
                    double rx = x.Map(r.X);
                    if (rx < left || rx > right) break;
                    svg.Line(rx, top, rx, bottom, r.Color, 1.2, "5 3", "rule");
                    // The label where no other rule line crosses it: right of its line, else left of it, else turned to run up
                    // beside it (lines close together, as a median a few weeks before the 6-month line); on a white halo.
                    double w = TextWidth(r.Text, 11), ly = top + 12 + 13 * rules++;
                    bool Clear(double a, double b) => a >= left && b <= right && !ruleXs.Any(o => Math.Abs(o - rx) > 0.5 && o > a - 2 && o < b + 2);
                    if (Clear(rx + 4, rx + 4 + w)) svg.Text(rx + 4, ly, r.Text, "start", 11, fill: r.Color, cssClass: "rule-label");
                    else if (Clear(rx - 4 - w, rx - 4)) svg.Text(rx - 4, ly, r.Text, "end", 11, fill: r.Color, cssClass: "rule-label");
                    else svg.Text(rx + RotatedLabelOffset, top + 6 + w, r.Text, "start", 11, fill: r.Color, rotate: -90, cssClass: "rule-label");
                    break;
            }
        }
        svg.EndGroup();
        return svg.ToString();
    }

    private static TickSet Trim(TickSet t, double min, double? max)
    {
        var values = t.Values.Where(v => v >= min - 1e-9 && (max is null || v <= max + 1e-9)).ToList();
        if (values.Count == 0 || values[0] > min + 1e-9) values.Insert(0, min);
        if (max is { } m && values[^1] < m - 1e-9) values.Add(m);
        return new TickSet(values[0], values[^1], t.Step, values);
    }

    /// <summary>Runs of consecutive indices where every given value is finite.</summary>
    internal static IEnumerable<List<int>> Pieces(int count, params Func<int, double>[] values)
    {
        var current = new List<int>();
        for (int k = 0; k < count; k++)
        {
            if (values.All(v => double.IsFinite(v(k)))) current.Add(k);
            else if (current.Count > 0) { yield return current; current = []; }
        }
        if (current.Count > 0) yield return current;
    }

    private static List<(double, double)> Path(List<(double X, double Y)> points, bool step)
    {
        if (!step) return points.Select(p => (p.X, p.Y)).ToList();
        var path = new List<(double, double)>();
        for (int k = 0; k < points.Count; k++)
        {
            if (k > 0) path.Add((points[k].X, points[k - 1].Y));
            path.Add((points[k].X, points[k].Y));
        }
        return path;
    }
}
