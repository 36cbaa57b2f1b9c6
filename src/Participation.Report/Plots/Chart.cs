using Participation.Report.Svg;

namespace Participation.Report.Plots;

/// <summary>Colour-blind-safe colours (Okabe &amp; Ito 2008) and the neutral greys of the plots.</summary>
public static class Palette
{
    /// <summary>Blue.</summary>
    public const string Blue = "#0072B2";
    /// <summary>Orange.</summary>
    public const string Orange = "#E69F00";
    /// <summary>Bluish green.</summary>
    public const string Green = "#009E73";
    /// <summary>Vermillion.</summary>
    public const string Vermillion = "#D55E00";
    /// <summary>Sky blue.</summary>
    public const string Sky = "#56B4E9";
    /// <summary>Reddish purple.</summary>
    public const string Purple = "#CC79A7";
    /// <summary>Yellow.</summary>
    public const string Yellow = "#F0E442";
    /// <summary>Near black, for text and reference marks.</summary>
    public const string Ink = "#222222";
    /// <summary>Axis lines.</summary>
    public const string Axis = "#444444";
    /// <summary>Grid lines.</summary>
    public const string Grid = "#e3e3e3";
    /// <summary>Series colours in order.</summary>
    public static readonly string[] Series = [Blue, Orange, Green, Vermillion, Sky, Purple, Yellow];
}

/// <summary>How a legend entry is drawn.</summary>
public enum LegendMark
{
    /// <summary>A solid line.</summary>
    Line,
    /// <summary>A dashed line.</summary>
    DashedLine,
    /// <summary>A light band (an interval around a line).</summary>
    Band,
    /// <summary>A filled box (a bar or a stacked area).</summary>
    Box,
    /// <summary>A dot.</summary>
    Dot,
    /// <summary>A dot with a whisker (an estimate with its interval).</summary>
    Interval,
    /// <summary>A diamond (a reference value).</summary>
    Diamond,
}

/// <summary>One entry of a plot's legend.</summary>
/// <param name="Label">Text.</param>
/// <param name="Color">Colour.</param>
/// <param name="Mark">How the mark is drawn.</param>
public sealed record LegendEntry(string Label, string Color, LegendMark Mark);

/// <summary>
/// What every plot has: an id, a title drawn at the top, labelled axes with units, a legend under the title, and a
/// one-sentence caption (written under the plot by the report, and as the image's description).
/// </summary>
public abstract class Chart
{
    /// <summary>Element id of the image (letters, digits, '-').</summary>
    public required string Id { get; init; }
    /// <summary>Title drawn at the top of the plot.</summary>
    public required string Title { get; init; }
    /// <summary>Horizontal axis label, with its unit.</summary>
    public required string XLabel { get; init; }
    /// <summary>Vertical axis label, with its unit.</summary>
    public required string YLabel { get; init; }
    /// <summary>One sentence saying how to read the plot.</summary>
    public required string Caption { get; init; }
    /// <summary>Width in pixels.</summary>
    public double Width { get; init; } = 760;
    /// <summary>Height in pixels (row charts compute their own).</summary>
    public double Height { get; init; } = 380;
    /// <summary>Legend entries (drawn in order).</summary>
    public List<LegendEntry> Legend { get; } = [];

    /// <summary>Draws the plot as an SVG element.</summary>
    public abstract string Render();

    /// <summary>Approximate width of <paramref name="text"/> in a sans-serif font of <paramref name="size"/> pixels.</summary>
    public static double TextWidth(string text, double size = 12) => text.Length * size * 0.58;

    /// <summary>Height the title and the legend take for a plot of width <paramref name="width"/>.</summary>
    protected double HeaderHeight(double width) => 34 + LegendRows(width) * 18 + 6;

    private int LegendRows(double width)
    {
        if (Legend.Count == 0) return 0;
        int rows = 1;
        double x = 12;
        foreach (var e in Legend)
        {
            double w = EntryWidth(e);
            if (x + w > width - 12 && x > 12) { rows++; x = 12; }
            x += w;
        }
        return rows;
    }

    private static double EntryWidth(LegendEntry e) => 22 + 6 + TextWidth(e.Label, 12) + 18;

    /// <summary>Starts the image: its title, description and legend. Returns the writer.</summary>
    protected SvgWriter Begin(double height)
    {
        var svg = new SvgWriter(Id, Width, height, Title, Caption);
        svg.Rect(0, 0, Width, height, "#ffffff", cssClass: "plot-background");
        svg.Text(12, 22, Title, size: 15, weight: "bold", cssClass: "plot-title");
        if (Legend.Count > 0)
        {
            svg.Group("legend");
            double x = 12, y = 44;
            foreach (var e in Legend)
            {
                double w = EntryWidth(e);
                if (x + w > Width - 12 && x > 12) { x = 12; y += 18; }
                DrawMark(svg, e, x, y - 4);
                svg.Text(x + 28, y, e.Label, size: 12);
                x += w;
            }
            svg.EndGroup();
        }
        return svg;
    }

    private static void DrawMark(SvgWriter svg, LegendEntry e, double x, double y)
    {
        switch (e.Mark)
        {
            case LegendMark.Line: svg.Line(x, y, x + 22, y, e.Color, 2.2); break;
            case LegendMark.DashedLine: svg.Line(x, y, x + 22, y, e.Color, 1.6, "5 3"); break;
            case LegendMark.Band: svg.Rect(x, y - 6, 22, 12, e.Color, opacity: 0.25); break;
            case LegendMark.Box: svg.Rect(x + 3, y - 6, 16, 12, e.Color); break;
            case LegendMark.Dot: svg.Circle(x + 11, y, 4, e.Color); break;
            case LegendMark.Interval:
                svg.Line(x + 1, y, x + 21, y, e.Color, 1.6);
                svg.Circle(x + 11, y, 4, e.Color);
                break;
            case LegendMark.Diamond: svg.Diamond(x + 11, y, 5, "#ffffff", e.Color); break;
        }
    }

    /// <summary>Draws the vertical axis: grid lines, tick labels and its rotated label.</summary>
    protected void DrawYAxis(SvgWriter svg, TickSet ticks, LinearScale y, double left, double right, Func<double, string>? label = null)
    {
        svg.Group("y-axis");
        foreach (double v in ticks.Values)
        {
            double py = y.Map(v);
            svg.Line(left, py, right, py, Palette.Grid, 1, cssClass: "grid");
            svg.Line(left - 4, py, left, py, Palette.Axis, 1);
            svg.Text(left - 7, py + 4, label?.Invoke(v) ?? ticks.Label(v), "end", 11, cssClass: "tick-label");
        }
        svg.Line(left, y.RangeMin, left, y.RangeMax, Palette.Axis, 1);
        double mid = (y.RangeMin + y.RangeMax) / 2;
        svg.Text(16, mid, YLabel, "middle", 12, rotate: -90, cssClass: "axis-label");
        svg.EndGroup();
    }

    /// <summary>Draws the horizontal axis label centred under the plot area.</summary>
    protected void DrawXLabel(SvgWriter svg, double left, double right, double height) =>
        svg.Text((left + right) / 2, height - 10, XLabel, "middle", 12, cssClass: "axis-label");
}
