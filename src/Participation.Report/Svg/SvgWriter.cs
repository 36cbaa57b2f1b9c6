using System.Globalization;
using System.Text;

namespace Participation.Report.Svg;

/// <summary>Escaping and number formatting shared by the SVG and HTML writers.</summary>
public static class Markup
{
    /// <summary>
    /// Escapes text for an XML/HTML text node or a double-quoted attribute: <c>&amp; &lt; &gt; " '</c>. Control characters
    /// that XML 1.0 forbids (all below U+0020 but tab, line feed and carriage return) are dropped.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (c >= ' ' || c is '\t' or '\n' or '\r') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate: invariant culture, at most two decimals, never NaN (a non-finite value is a bug here).</summary>
    public static string Coordinate(double v)
    {
        if (!double.IsFinite(v)) throw new ArgumentOutOfRangeException(nameof(v), v, "a coordinate must be finite");
        double r = Math.Round(v, 2);
        return (r == 0 ? 0 : r).ToString("0.##", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A small writer of one SVG image, element by element. Every text is escaped; every coordinate is checked to be finite
/// and written with at most two decimals in the invariant culture. The image carries a <c>&lt;title&gt;</c> (its
/// accessible name, also shown as a tooltip) and an optional <c>&lt;desc&gt;</c>.
/// </summary>
public sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();
    private int _openGroups;
    private bool _closed;

    /// <summary>Starts an image of <paramref name="width"/> × <paramref name="height"/> user units.</summary>
    /// <param name="id">Element id (letters, digits, '-' and '_'), used to label the image with its title.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="title">Accessible title.</param>
    /// <param name="description">Optional longer description.</param>
    /// <param name="cssClass">CSS class of the root element.</param>
    public SvgWriter(string id, double width, double height, string title, string? description = null, string cssClass = "plot")
    {
        if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{id}' is not a valid id (letters, digits, '-' and '_')", nameof(id));
        Width = width;
        Height = height;
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"{Markup.Escape(cssClass)}\" viewBox=\"0 0 {C(width)} {C(height)}\" ")
           .Append($"width=\"{C(width)}\" height=\"{C(height)}\" role=\"img\" aria-labelledby=\"{id}-title\" font-family=\"sans-serif\">");
        _sb.Append($"<title id=\"{id}-title\">{Markup.Escape(title)}</title>");
        if (!string.IsNullOrEmpty(description)) _sb.Append($"<desc>{Markup.Escape(description)}</desc>");
    }

    /// <summary>Width in user units.</summary>
    public double Width { get; }

    /// <summary>Height in user units.</summary>
    public double Height { get; }

    private static string C(double v) => Markup.Coordinate(v);

    private static string Attr(string name, string? value) => value is null ? "" : $" {name}=\"{Markup.Escape(value)}\"";

    private static string Opacity(string name, double value) => value >= 1 ? "" : $" {name}=\"{C(value)}\"";

    private SvgWriter Raw(string s)
    {
        if (_closed) throw new InvalidOperationException("the image is already closed");
        _sb.Append(s);
        return this;
    }

    /// <summary>A rectangle; a negative width or height is normalised.</summary>
    public SvgWriter Rect(double x, double y, double width, double height, string fill, string? stroke = null, double opacity = 1, string? cssClass = null)
    {
        if (width < 0) { x += width; width = -width; }
        if (height < 0) { y += height; height = -height; }
        return Raw($"<rect x=\"{C(x)}\" y=\"{C(y)}\" width=\"{C(width)}\" height=\"{C(height)}\"{Attr("fill", fill)}{Attr("stroke", stroke)}{Opacity("fill-opacity", opacity)}{Attr("class", cssClass)}/>");
    }

    /// <summary>A straight line.</summary>
    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null, string? cssClass = null) =>
        Raw($"<line x1=\"{C(x1)}\" y1=\"{C(y1)}\" x2=\"{C(x2)}\" y2=\"{C(y2)}\"{Attr("stroke", stroke)} stroke-width=\"{C(width)}\"{Attr("stroke-dasharray", dash)}{Attr("class", cssClass)}/>");

    /// <summary>An open polyline through <paramref name="points"/> (at least two).</summary>
    public SvgWriter Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5, string? dash = null, string? cssClass = null)
    {
        var p = Points(points);
        return Raw($"<polyline points=\"{p}\" fill=\"none\"{Attr("stroke", stroke)} stroke-width=\"{C(width)}\" stroke-linejoin=\"round\"{Attr("stroke-dasharray", dash)}{Attr("class", cssClass)}/>");
    }

    /// <summary>A closed, filled polygon.</summary>
    public SvgWriter Polygon(IEnumerable<(double X, double Y)> points, string fill, double opacity = 1, string? cssClass = null) =>
        Raw($"<polygon points=\"{Points(points)}\"{Attr("fill", fill)}{Opacity("fill-opacity", opacity)} stroke=\"none\"{Attr("class", cssClass)}/>");

    /// <summary>A circle.</summary>
    public SvgWriter Circle(double cx, double cy, double r, string fill, string? stroke = null, string? cssClass = null) =>
        Raw($"<circle cx=\"{C(cx)}\" cy=\"{C(cy)}\" r=\"{C(r)}\"{Attr("fill", fill)}{Attr("stroke", stroke)}{Attr("class", cssClass)}/>");

    /// <summary>A diamond marker centred on (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public SvgWriter Diamond(double cx, double cy, double r, string fill, string? stroke = null, string? cssClass = null) =>
        Raw($"<polygon points=\"{Points([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)])}\"{Attr("fill", fill)}{Attr("stroke", stroke)}{Attr("class", cssClass)}/>");

    /// <summary>A text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public SvgWriter Text(double x, double y, string text, string anchor = "start", double size = 12, string? fill = "#222",
        string? weight = null, double rotate = 0, string? cssClass = null, string baseline = "auto")
    {
        if (anchor is not ("start" or "middle" or "end")) throw new ArgumentException($"anchor '{anchor}': expected start, middle or end", nameof(anchor));
        string transform = rotate == 0 ? "" : $" transform=\"rotate({C(rotate)} {C(x)} {C(y)})\"";
        string dominant = baseline == "auto" ? "" : $" dominant-baseline=\"{Markup.Escape(baseline)}\"";
        return Raw($"<text x=\"{C(x)}\" y=\"{C(y)}\" text-anchor=\"{anchor}\" font-size=\"{C(size)}\"{Attr("fill", fill)}{Attr("font-weight", weight)}{transform}{dominant}{Attr("class", cssClass)}>{Markup.Escape(text)}</text>");
    }

    /// <summary>Opens a group (close it with <see cref="EndGroup"/>); <paramref name="tooltip"/> becomes its <c>&lt;title&gt;</c>.</summary>
    public SvgWriter Group(string? cssClass = null, string? tooltip = null)
    {
        _openGroups++;
        Raw($"<g{Attr("class", cssClass)}>");
        return tooltip is null ? this : Raw($"<title>{Markup.Escape(tooltip)}</title>");
    }

    /// <summary>Closes the innermost open group.</summary>
    public SvgWriter EndGroup()
    {
        if (_openGroups == 0) throw new InvalidOperationException("no group is open");
        _openGroups--;
        return Raw("</g>");
    }

    /// <summary>Closes the image and returns its markup.</summary>
    public override string ToString()
    {
        if (!_closed)
        {
            while (_openGroups > 0) EndGroup();
            _sb.Append("</svg>");
            _closed = true;
        }
        return _sb.ToString();
    }

    private static string Points(IEnumerable<(double X, double Y)> points)
    {
        var list = points.ToList();
        if (list.Count == 0) throw new ArgumentException("expected at least one point", nameof(points));
        return string.Join(' ', list.Select(p => C(p.X) + "," + C(p.Y)));
    }
}
