using System.Text;
using Participation.Report.Data;
using Participation.Report.Plots;
using Participation.Report.Svg;

namespace Participation.Report.Html;

/// <summary>A cell of a report table.</summary>
public abstract record Cell
{
    /// <summary>The cell's inner markup.</summary>
    public abstract string Html { get; }

    /// <summary>Whether the cell is numeric (right-aligned).</summary>
    public virtual bool Numeric => false;

    /// <summary>Plain text.</summary>
    public static Cell Text(string text) => new TextCell(text);

    /// <summary>Markup as given (already escaped).</summary>
    public static Cell Raw(string html) => new RawCell(html);

    /// <summary>
    /// A CSV cell, printed by <see cref="NumberText"/>'s rule and tagged with its source (<c>data-file</c>, <c>data-row</c>,
    /// 0-based data row, <c>data-col</c>) so the numbers can be checked against the file.
    /// </summary>
    public static Cell Csv(CsvData table, int row, string column) => new CsvCell(Span(table, row, column));

    /// <summary>A 95 % interval from two CSV cells, as <c>low – high</c> (or <see cref="NumberText.Missing"/> when undefined).</summary>
    public static Cell Interval(CsvData table, int row, string low, string high) =>
        table.Text(row, low).Length == 0 && table.Text(row, high).Length == 0
            ? new CsvCell(Span(table, row, low))
            : new CsvCell(Span(table, row, low) + " to " + Span(table, row, high));

    /// <summary>A count computed for the report, in full.</summary>
    public static Cell Count(int value) => new CsvCell($"<span class=\"derived\">{value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)}</span>");

    /// <summary>A number computed for the report (not a CSV cell), by the same rule.</summary>
    public static Cell Number(double value) => new CsvCell($"<span class=\"derived\">{Markup.Escape(NumberText.Format(value))}</span>");

    internal static string Span(CsvData table, int row, string column)
    {
        string text = table.Text(row, column);
        string shown;
        try { shown = NumberText.FromCsv(text); }
        catch (FormatException) { throw new ReportException($"{table.Name}, row {row + 2}, column {column}: '{text}' is not a number"); }
        return $"<span class=\"csv\" data-file=\"{Markup.Escape(table.Name)}\" data-row=\"{row}\" data-col=\"{Markup.Escape(column)}\">{Markup.Escape(shown)}</span>";
    }

    private sealed record TextCell(string Value) : Cell { public override string Html => Markup.Escape(Value); }
    private sealed record RawCell(string Value) : Cell { public override string Html => Value; }
    private sealed record CsvCell(string Value) : Cell
    {
        public override string Html => Value;
        public override bool Numeric => true;
    }
}

/// <summary>
/// The report as one self-contained HTML5 file (also well-formed XML): inline CSS for screen and print, inline SVG
/// plots, no scripts, no external fonts, images or style sheets.
/// </summary>
public sealed class HtmlDocument
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _sections = [];
    private readonly List<Chart> _charts = [];
    private int _tables;

    /// <summary>Creates a document titled <paramref name="title"/>.</summary>
    public HtmlDocument(string title) => Title = title;

    /// <summary>Title of the page.</summary>
    public string Title { get; }

    /// <summary>The plots added, in order.</summary>
    public IReadOnlyList<Chart> Charts => _charts;

    /// <summary>Starts a section with a heading (listed in the contents).</summary>
    public void Section(string id, string title)
    {
        _sections.Add((id, title));
        _body.Append($"<h2 id=\"{Markup.Escape(id)}\">{Markup.Escape(title)}</h2>\n");
    }

    /// <summary>A paragraph of plain text.</summary>
    public void Paragraph(string text, string? cssClass = null) =>
        _body.Append($"<p{(cssClass is null ? "" : $" class=\"{Markup.Escape(cssClass)}\"")}>{Markup.Escape(text)}</p>\n");

    /// <summary>Markup as given (already escaped).</summary>
    public void Raw(string html) => _body.Append(html).Append('\n');

    /// <summary>A plot with its number, and its caption under it.</summary>
    public void Figure(Chart chart)
    {
        _charts.Add(chart);
        _body.Append($"<figure class=\"plot-figure\" id=\"figure-{Markup.Escape(chart.Id)}\">\n")
             .Append(chart.Render()).Append('\n')
             .Append($"<figcaption><b>Figure {_charts.Count}. {Markup.Escape(chart.Title)}.</b> {Markup.Escape(chart.Caption)}</figcaption>\n</figure>\n");
    }

    /// <summary>A note where a plot could not be drawn (a file is missing, or it holds no data).</summary>
    public void Missing(string what, string why) =>
        _body.Append($"<p class=\"missing\">Not drawn: {Markup.Escape(what)}. {Markup.Escape(why)}</p>\n");

    /// <summary>A table with a caption, a header row and rows of cells.</summary>
    public void Table(string id, string caption, string[] header, IEnumerable<Cell[]> rows, string? cssClass = null)
    {
        _tables++;
        var sb = _body;
        sb.Append($"<div class=\"table-wrap\"><table id=\"{Markup.Escape(id)}\"{(cssClass is null ? "" : $" class=\"{Markup.Escape(cssClass)}\"")}>\n");
        sb.Append($"<caption><b>Table {_tables}.</b> {Markup.Escape(caption)}</caption>\n<thead><tr>");
        foreach (var h in header) sb.Append($"<th scope=\"col\">{Markup.Escape(h)}</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            if (row.Length != header.Length) throw new InvalidOperationException($"table {id}: a row has {row.Length} cells for {header.Length} columns");
            sb.Append("<tr>");
            for (int k = 0; k < row.Length; k++)
            {
                string tag = k == 0 ? "th scope=\"row\"" : "td";
                string end = k == 0 ? "th" : "td";
                sb.Append($"<{tag}{(row[k].Numeric ? " class=\"num\"" : "")}>{row[k].Html}</{end}>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n");
    }

    /// <summary>A definition list of (term, text) pairs.</summary>
    public void Facts(IEnumerable<(string Term, string Text)> facts)
    {
        _body.Append("<dl class=\"facts\">\n");
        foreach (var (term, text) in facts) _body.Append($"<dt>{Markup.Escape(term)}</dt><dd>{Markup.Escape(text)}</dd>\n");
        _body.Append("</dl>\n");
    }

    /// <summary>The whole page.</summary>
    /// <param name="subtitle">Line under the title (e.g. the kind of folder).</param>
    /// <param name="generator">Generator name and version, for the meta tag and footer.</param>
    public string Render(string subtitle, string generator)
    {
        var sb = new StringBuilder(_body.Length + 8192);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .Append($"<meta name=\"generator\" content=\"{Markup.Escape(generator)}\"/>\n")
          .Append($"<title>{Markup.Escape(Title)}</title>\n<style>\n{Css}</style>\n</head>\n<body>\n<main>\n")
          .Append($"<header><h1>{Markup.Escape(Title)}</h1>\n<p class=\"subtitle\">{Markup.Escape(subtitle)}</p></header>\n");
        if (_sections.Count > 1)
        {
            sb.Append("<nav class=\"contents\" aria-label=\"Contents\"><b>Contents</b><ol>");
            foreach (var (id, title) in _sections) sb.Append($"<li><a href=\"#{Markup.Escape(id)}\">{Markup.Escape(title)}</a></li>");
            sb.Append("</ol></nav>\n");
        }
        sb.Append(_body)
          .Append($"<footer><p>Written by {Markup.Escape(generator)}. The file is self-contained: it loads nothing from the network and runs no scripts.</p></footer>\n")
          .Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The inline style sheet: screen and print.</summary>
    public const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f6f4; color: #222; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif; }
        main { max-width: 900px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 4px; line-height: 1.25; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
        .subtitle { margin: 0 0 16px; color: #555; }
        p.rule, p.note { color: #444; font-size: 13px; }
        svg.plot text.rule-label { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
        p.missing { color: #8a3b00; background: #fff4e5; padding: 6px 10px; border-left: 3px solid #D55E00; }
        nav.contents { background: #f1f5f9; padding: 8px 14px; font-size: 14px; }
        nav.contents ol { margin: 4px 0 0; padding-left: 22px; columns: 2; }
        nav.contents a { color: #0b5a8c; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 13px; margin: 8px 0 16px; }
        dl.facts dt { color: #555; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .table-wrap { overflow-x: auto; margin: 12px 0 20px; }
        table { border-collapse: collapse; font-size: 13px; width: 100%; }
        caption { text-align: left; padding: 4px 0 6px; color: #333; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #e1e1e1; vertical-align: top; text-align: left; }
        thead th { border-bottom: 2px solid #999; background: #fafafa; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fbfbfb; }
        td.meaning { color: #555; font-size: 12px; }
        .within { color: #006b4f; font-weight: 600; }
        .outside { color: #b34700; font-weight: 600; }
        figure.plot-figure { margin: 18px 0 26px; }
        figure.plot-figure svg { display: block; width: 100%; height: auto; max-width: 760px; border: 1px solid #e6e6e6; }
        figcaption { font-size: 13px; color: #333; margin-top: 6px; max-width: 760px; }
        footer { margin-top: 40px; font-size: 12px; color: #666; border-top: 1px solid #ddd; }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          nav.contents { display: none; }
          h2 { break-after: avoid; page-break-after: avoid; }
          figure.plot-figure, .table-wrap, tr, dl.facts { break-inside: avoid; page-break-inside: avoid; }
          figure.plot-figure svg { border: none; max-width: 100%; }
          .table-wrap { overflow: visible; }
          a { color: inherit; text-decoration: none; }
        }

        """;
}
