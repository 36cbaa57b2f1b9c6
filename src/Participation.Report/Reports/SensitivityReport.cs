using System.Globalization;
using System.Text.Json;
using Participation.Report.Html;
using Participation.Report.Plots;

namespace Participation.Report.Reports;

/// <summary>
/// The report of a <c>participation sensitivity</c> folder: the indices of <c>indices.csv</c> as a table and, per index
/// with an interval (Morris μ* and σ, Sobol first and total order), one plot of every parameter's estimate.
/// </summary>
internal static class SensitivityReport
{
    /// <summary>The indices drawn, in order: name in indices.csv, title, axis label.</summary>
    internal static readonly (string Index, string Title, string Axis)[] Drawn =
    [
        ("mu_star", "Morris μ*: how much each parameter moves the outcome", "mean absolute elementary effect (outcome units per unit of the parameter's range)"),
        ("sigma", "Morris σ: how unevenly it does so (interactions, non-linearity)", "standard deviation of the elementary effects (outcome units)"),
        ("first_order", "Sobol first-order index: the share of the outcome's variance each parameter explains alone", "first-order index (share of variance)"),
        ("total_order", "Sobol total-order index: the share it explains with its interactions", "total-order index (share of variance)"),
    ];

    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var indices = f.Table("indices.csv");
        string method = f.ManifestText("experiment.method") ?? (indices.Rows.Any(r => r[indices.Column("index")] == "mu_star") ? "morris" : "sobol");
        string outcome = f.ManifestText("experiment.outcome") ?? "the outcome";
        var parameters = Enumerable.Range(0, indices.Rows.Count).Select(r => indices.Text(r, "parameter")).Distinct().ToList();

        doc.Section("summary", "Headline: the indices");
        var facts = new List<(string, string)>
        {
            ("Method", method == "morris" ? "Morris elementary effects (screening)" : "Sobol first- and total-order indices (Saltelli design)"),
            ("Outcome", outcome),
            ("Parameters", string.Join(", ", parameters)),
        };
        void Number(string term, string path)
        {
            if (f.ManifestValue(path) is { ValueKind: JsonValueKind.Number } v) facts.Add((term, v.GetDouble().ToString("#,0", CultureInfo.InvariantCulture)));
        }
        Number("Design points", "experiment.points");
        Number("Replications per point", "experiment.replications");
        Number("Bootstrap resamples", "experiment.bootstrap");
        doc.Facts(facts);
        doc.Paragraph(NumberText.Rule, "rule");
        doc.Table("headline", "indices.csv: each parameter's indices with their bootstrap 95 % intervals (μ has none).",
            ["parameter", "index", "estimate", "95 % interval"],
            Enumerable.Range(0, indices.Rows.Count).Select(r => new[]
            {
                Cell.Text(indices.Text(r, "parameter")), Cell.Text(indices.Text(r, "index")), Cell.Csv(indices, r, "estimate"), Cell.Interval(indices, r, "low", "high"),
            }));

        doc.Section("indices", "Indices with their intervals");
        int drawn = 0;
        foreach (var (index, title, axis) in Drawn)
        {
            var rows = Enumerable.Range(0, indices.Rows.Count).Where(r => indices.Text(r, "index") == index).ToList();
            if (rows.Count == 0) continue;
            var chart = new RowChart
            {
                Id = "index-" + index.Replace('_', '-'), Title = title, XLabel = axis, YLabel = "parameter",
                Caption = $"Each dot is a parameter's estimate for {outcome} and its whisker the bootstrap 95 % interval; the larger the index, the more the " +
                          "parameter matters, and a whisker reaching zero means it cannot be told from no influence with this design.",
            };
            foreach (int r in rows)
            {
                double e = indices.Number(r, "estimate"), lo = indices.Number(r, "low"), hi = indices.Number(r, "high");
                chart.Rows.Add(new ChartRow(indices.Text(r, "parameter"))
                {
                    Estimate = e, Low = lo, High = hi, Color = Palette.Blue,
                    Note = NumberText.Format(e) + (double.IsFinite(lo) ? $" [{NumberText.Format(lo)}, {NumberText.Format(hi)}]" : ""),
                });
            }
            chart.Legend.Add(new LegendEntry("estimate with its bootstrap 95 % interval", Palette.Blue, LegendMark.Interval));
            doc.Figure(chart);
            drawn++;
        }
        if (drawn == 0) context.Missing("indices with their intervals", "indices.csv holds none of mu_star, sigma, first_order, total_order.");
        return $"Results of participation sensitivity: {(method == "morris" ? "Morris screening" : "Sobol indices")} of {outcome} over {parameters.Count} parameter{(parameters.Count == 1 ? "" : "s")}.";
    }
}
