using System.Globalization;
using Participation.Report.Data;
using Participation.Report.Html;
using Participation.Report.Plots;

namespace Participation.Report.Reports;

/// <summary>The report of a <c>participation sweep</c> folder: headline figures against the first varied parameter.</summary>
internal static class SweepReport
{
    /// <summary>Figures drawn, when present, in order; shares are drawn in %.</summary>
    internal static readonly (string Figure, string Title, string Axis, bool Share)[] Drawn =
    [
        ("register_backbones", "Backbones on the register", "backbones at the register date (persons)", false),
        ("register_over_3_years", "Register serving over 3 years", "share of the register (%)", true),
        ("participation_rate_year", "Adults taking part in the last year", "share of adults (%)", true),
        ("top10_task_share", "Tasks done by the top 10 % of backbones", "share of the last year's tasks (%)", true),
    ];

    /// <summary>At most this many design points are listed in the report's table (all are in the CSV).</summary>
    internal const int MaxTableRows = 200;

    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var table = f.Table("sweep_summary.csv");
        int repsColumn = table.Column("replications");
        var parameters = table.Header.Skip(1).Take(repsColumn - 1).ToArray();
        if (parameters.Length == 0) throw new ReportException("sweep_summary.csv: no parameter columns between point and replications");
        string design = f.ManifestText("experiment.design") ?? "sweep";
        var figures = Drawn.Where(d => table.Has(d.Figure + "_mean")).ToList();

        doc.Section("summary", "Headline: the design");
        var facts = new List<(string, string)>
        {
            ("Design", design == "lhs" ? "Latin hypercube" : design),
            ("Points", table.Rows.Count.ToString("N0", CultureInfo.InvariantCulture)),
            ("Replications per point", string.Join(", ", table.Rows.Select(r => r[repsColumn]).Distinct())),
        };
        foreach (var p in parameters)
        {
            var v = table.Numbers(p).Where(double.IsFinite).ToArray();
            facts.Add(($"Varied: {p}", v.Length == 0 ? "no values" : $"{NumberText.Format(v.Min())} to {NumberText.Format(v.Max())}, {v.Distinct().Count()} values"));
        }
        doc.Facts(facts);
        doc.Paragraph(NumberText.Rule, "rule");
        var shown = Enumerable.Range(0, Math.Min(MaxTableRows, table.Rows.Count)).ToList();
        string[] header = ["point", .. parameters, .. figures.SelectMany(x => new[] { x.Figure + " mean", "95 % interval" })];
        doc.Table("headline", $"sweep_summary.csv: each design point's parameters and headline figures (mean over its replications, 95 % interval)" +
                              (table.Rows.Count > MaxTableRows ? $"; the first {MaxTableRows} of {table.Rows.Count:N0} points." : "."),
            header,
            shown.Select(r => new[] { Cell.Csv(table, r, "point") }
                .Concat(parameters.Select(p => Cell.Csv(table, r, p)))
                .Concat(figures.SelectMany(x => new[] { Cell.Csv(table, r, x.Figure + "_mean"), Cell.Interval(table, r, x.Figure + "_low", x.Figure + "_high") }))
                .ToArray()));

        doc.Section("response", "Figures against the varied parameter");
        string xName = parameters[0];
        var x = table.Numbers(xName);
        string others = parameters.Length > 1 ? $"; the other varied parameters ({string.Join(", ", parameters.Skip(1))}) change between points too, so points at one value of {xName} spread" : "";
        if (figures.Count == 0) context.Missing("figures against the varied parameter", "sweep_summary.csv has none of the headline figures.");
        foreach (var (figure, title, axis, share) in figures)
        {
            double s = share ? 100 : 1;
            var chart = new XYChart
            {
                Id = "sweep-" + figure.Replace('_', '-'), Title = $"{title} against {xName}",
                XLabel = $"{xName} (scenario units)", YLabel = axis, YMin = 0,
                Caption = "Each dot is one design point's mean over its replications and its whisker the 95 % interval of that mean, cut where the figure " +
                          "ends (0 persons; 0 and 100 %), so the trend across dots is the figure's response to the parameter" + others + ".",
            };
            // A t interval over two or three replications can reach below zero or above 100 %: cut it at the figure's range,
            // so that the axis shows the figure's values and not an impossible -50 persons or 150 %.
            double cap = share ? 100 : double.PositiveInfinity;
            var mean = table.Numbers(figure + "_mean").Select(v => v * s).ToArray();
            var low = table.Numbers(figure + "_low").Select(v => double.IsFinite(v) ? Math.Clamp(v * s, 0, cap) : v).ToArray();
            var high = table.Numbers(figure + "_high").Select(v => double.IsFinite(v) ? Math.Clamp(v * s, 0, cap) : v).ToArray();
            if (parameters.Length == 1)
            {
                var order = Enumerable.Range(0, x.Length).Where(k => double.IsFinite(x[k])).OrderBy(k => x[k]).ToArray();
                chart.Layers.Add(new LineLayer(null, Palette.Sky, order.Select(k => x[k]).ToArray(), order.Select(k => mean[k]).ToArray(), Width: 1.2));
            }
            chart.Layers.Add(new PointLayer("mean of the point's replications", Palette.Blue, x, mean, low, high));
            chart.Legend.Add(new LegendEntry("mean of the point's replications, with its 95 % interval", Palette.Blue, LegendMark.Interval));
            doc.Figure(chart);
        }
        return $"Results of participation sweep: {table.Rows.Count:N0} design points over {string.Join(", ", parameters)}.";
    }
}
