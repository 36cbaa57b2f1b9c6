using Participation.Report.Svg;

namespace Participation.Report.Plots;

/// <summary>
/// One row of a <see cref="RowChart"/>. Any of its parts may be NaN (not drawn): a bar from zero, an estimate with its
/// interval (a dot and a whisker), a reference value (a diamond) with a reference range (a light band), and a note
/// written at the right of the row.
/// </summary>
public sealed record ChartRow(string Label)
{
    /// <summary>Bar from zero to this value.</summary>
    public double Bar { get; init; } = double.NaN;
    /// <summary>Estimate (a dot).</summary>
    public double Estimate { get; init; } = double.NaN;
    /// <summary>Lower end of the estimate's interval.</summary>
    public double Low { get; init; } = double.NaN;
    /// <summary>Upper end of the estimate's interval.</summary>
    public double High { get; init; } = double.NaN;
    /// <summary>Reference value (a diamond), e.g. a calibration target.</summary>
    public double Reference { get; init; } = double.NaN;
    /// <summary>Lower end of the reference range (e.g. target − tolerance).</summary>
    public double ReferenceLow { get; init; } = double.NaN;
    /// <summary>Upper end of the reference range.</summary>
    public double ReferenceHigh { get; init; } = double.NaN;
    /// <summary>Colour of the bar, dot and whisker.</summary>
    public string Color { get; init; } = Palette.Blue;
    /// <summary>Text at the right end of the row (e.g. the value, or why there is none).</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Horizontal rows sharing one numeric axis: a forest plot (estimates with intervals around a zero line), a ranked bar
/// chart, or targets against simulated values.
/// </summary>
public sealed class RowChart : Chart
{
    /// <summary>Rows, top to bottom.</summary>
    public List<ChartRow> Rows { get; } = [];
    /// <summary>Draw a line at zero (and keep zero on the axis).</summary>
    public bool ZeroLine { get; init; } = true;
    /// <summary>Force the axis to end here at the least (e.g. 100 %).</summary>
    public double? XMax { get; init; }
    /// <summary>Height of a row in pixels.</summary>
    public double RowHeight { get; init; } = 30;

    /// <summary>The height the chart takes: header, rows and axis.</summary>
    public double TotalHeight => HeaderHeight(Width) + 14 + Math.Max(1, Rows.Count) * RowHeight + 52;

    /// <inheritdoc />
    public override string Render()
    {
        var values = Rows.SelectMany(r => new[] { r.Bar, r.Estimate, r.Low, r.High, r.Reference, r.ReferenceLow, r.ReferenceHigh })
            .Where(double.IsFinite).ToList();
        if (ZeroLine) values.Add(0);
        if (XMax is { } xm) values.Add(xm);
        double min = values.Count > 0 ? values.Min() : 0, max = values.Count > 0 ? values.Max() : 1;
        var ticks = NiceTicks.For(min, max == min ? min + 1 : max, 6);

        double height = TotalHeight;
        double labelWidth = Math.Min(260, Rows.Count == 0 ? 40 : Rows.Max(r => TextWidth(r.Label, 12)));
        double noteWidth = Math.Min(230, Rows.Select(r => r.Note is null ? 0 : TextWidth(r.Note, 11)).DefaultIfEmpty(0).Max());
        double left = 16 + labelWidth + 10, right = Width - 20 - Math.Max(noteWidth + 8, 10);
        double top = HeaderHeight(Width) + 14, bottom = top + Math.Max(1, Rows.Count) * RowHeight;
        var x = new LinearScale(ticks.Min, ticks.Max, left, right);

        var svg = Begin(height);
        svg.Group("x-axis");
        foreach (double v in ticks.Values)
        {
            double px = x.Map(v);
            svg.Line(px, top, px, bottom, Palette.Grid, 1, cssClass: "grid");
            svg.Line(px, bottom, px, bottom + 4, Palette.Axis, 1);
            svg.Text(px, bottom + 17, ticks.Label(v), "middle", 11, cssClass: "tick-label");
        }
        svg.Line(left, bottom, right, bottom, Palette.Axis, 1);
        if (ZeroLine) svg.Line(x.Map(0), top - 4, x.Map(0), bottom, Palette.Axis, 1.2, cssClass: "zero-line");
        svg.EndGroup();
        DrawXLabel(svg, left, right, height);
        svg.Text(16, top - 4, YLabel, size: 11, fill: "#555", cssClass: "axis-label");

        svg.Group("data");
        for (int k = 0; k < Rows.Count; k++)
        {
            var r = Rows[k];
            double cy = top + (k + 0.5) * RowHeight;
            svg.Group("row", r.Label);
            if (k % 2 == 1) svg.Rect(left, cy - RowHeight / 2, right - left, RowHeight, "#000000", opacity: 0.03);
            svg.Text(left - 10, cy + 4, Clip(r.Label, 260), "end", 12, cssClass: "row-label");
            if (double.IsFinite(r.ReferenceLow) && double.IsFinite(r.ReferenceHigh))
                svg.Rect(x.MapClamped(r.ReferenceLow), cy - 7, x.MapClamped(r.ReferenceHigh) - x.MapClamped(r.ReferenceLow), 14, Palette.Green, opacity: 0.25, cssClass: "reference-range");
            if (double.IsFinite(r.Bar))
                svg.Rect(x.Map(Math.Min(0, r.Bar)), cy - 8, Math.Abs(x.Map(r.Bar) - x.Map(0)), 16, r.Color, cssClass: "bar");
            if (double.IsFinite(r.Low) && double.IsFinite(r.High))
            {
                double pl = x.MapClamped(r.Low), ph = x.MapClamped(r.High);
                svg.Line(pl, cy, ph, cy, r.Color, 1.6, cssClass: "whisker");
                svg.Line(pl, cy - 5, pl, cy + 5, r.Color, 1.6);
                svg.Line(ph, cy - 5, ph, cy + 5, r.Color, 1.6);
            }
            if (double.IsFinite(r.Reference)) svg.Diamond(x.MapClamped(r.Reference), cy, 6, "#ffffff", Palette.Ink, "reference");
            if (double.IsFinite(r.Estimate)) svg.Circle(x.MapClamped(r.Estimate), cy, 4.5, r.Color, "#ffffff", "estimate");
            if (r.Note is not null)
            {
                double end = new[] { r.Bar, r.High, r.Estimate, r.ReferenceHigh, r.Reference, 0 }.Where(double.IsFinite).Select(x.MapClamped).Max();
                svg.Text(end + 8, cy + 4, Clip(r.Note, 230), size: 11, fill: "#333", cssClass: "note");
            }
            svg.EndGroup();
        }
        svg.EndGroup();
        return svg.ToString();
    }

    private static string Clip(string text, double width)
    {
        int max = (int)(width / (12 * 0.58));
        return text.Length <= max ? text : text[..Math.Max(1, max - 1)] + "…";
    }
}
