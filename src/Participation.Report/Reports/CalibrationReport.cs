using System.Globalization;
using System.Text.Json;
using Participation.Report.Html;
using Participation.Report.Plots;

namespace Participation.Report.Reports;

/// <summary>The report of a <c>participation calibrate</c> folder: targets against simulated values, the fit, the trace.</summary>
internal static class CalibrationReport
{
    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var targets = f.Table("targets.csv");
        int within = Enumerable.Range(0, targets.Rows.Count).Count(r => Within(targets.Text(r, "within_tolerance")));

        doc.Section("summary", "Headline: targets and the fit");
        var facts = new List<(string, string)> { ("Targets within tolerance", $"{within} of {targets.Rows.Count}") };
        string? Num(string path, string format = "G4") => f.ManifestValue(path) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString(format, CultureInfo.InvariantCulture) : null;
        if (Num("experiment.loss") is { } fitLoss) facts.Add(("Loss on the fitting seeds", fitLoss));
        if (Num("experiment.checkLoss") is { } check) facts.Add(("Loss on fresh seeds (the check)", check));
        if (Num("experiment.evaluations", "0") is { } evals) facts.Add(("Evaluations", evals + (Num("experiment.budget", "0") is { } b ? $" of a budget of {b}" : "")));
        if (f.ManifestValue("experiment.converged") is { ValueKind: JsonValueKind.True or JsonValueKind.False } conv)
            facts.Add(("Optimiser", conv.GetBoolean() ? "simplex converged" : "budget exhausted before the simplex converged"));
        if (f.ManifestText("experiment.targetsFile") is { } file) facts.Add(("Targets file", file));
        doc.Facts(facts);
        doc.Paragraph(NumberText.Rule, "rule");
        doc.Table("headline", "targets.csv: each target, the simulated mean on the check replications with its 95 % interval, the tolerance, and whether the mean lies within it.",
            ["figure", "target", "tolerance", "simulated mean", "95 % interval", "z", "within tolerance"],
            Enumerable.Range(0, targets.Rows.Count).Select(r => new[]
            {
                Cell.Text(targets.Text(r, "figure")), Cell.Csv(targets, r, "target"), Cell.Csv(targets, r, "tolerance"),
                Cell.Csv(targets, r, "simulated_mean"), Cell.Interval(targets, r, "low", "high"), Cell.Csv(targets, r, "z"),
                Cell.Raw(Within(targets.Text(r, "within_tolerance")) ? "<span class=\"within\">yes</span>" : "<span class=\"outside\">no</span>"),
            }));

        doc.Section("targets", "Targets against simulated values");
        if (targets.Rows.Count == 0) context.Missing("targets against simulated values", "targets.csv has no rows.");
        else
        {
            var target = targets.Numbers("target");
            var tolerance = targets.Numbers("tolerance");
            bool shares = Enumerable.Range(0, targets.Rows.Count).All(r => Math.Abs(target[r]) <= 1 && Math.Abs(target[r]) + tolerance[r] <= 1.5);
            double scale = shares ? 100 : 1;
            var chart = new RowChart
            {
                Id = "targets", Title = "Targets against simulated values", YLabel = "target figure", ZeroLine = shares,
                XLabel = shares ? "value (%; shares × 100)" : "(simulated − target) / tolerance (targets at 0, tolerance at ±1)",
                Caption = "The diamond is the study's target and the green band its tolerance; the dot is the simulated mean on fresh seeds with its 95 % interval " +
                          "as a whisker: a blue dot inside the band meets the target, a vermillion one misses it.",
            };
            for (int r = 0; r < targets.Rows.Count; r++)
            {
                double mean = targets.Number(r, "simulated_mean"), lo = targets.Number(r, "low"), hi = targets.Number(r, "high");
                bool ok = Within(targets.Text(r, "within_tolerance"));
                string color = ok ? Palette.Blue : Palette.Vermillion;
                if (shares)
                    chart.Rows.Add(new ChartRow(targets.Text(r, "figure"))
                    {
                        Reference = target[r] * scale, ReferenceLow = (target[r] - tolerance[r]) * scale, ReferenceHigh = (target[r] + tolerance[r]) * scale,
                        Estimate = mean * scale, Low = lo * scale, High = hi * scale, Color = color,
                        Note = $"{(mean * scale).ToString("0.0", CultureInfo.InvariantCulture)} vs {(target[r] * scale).ToString("0.0", CultureInfo.InvariantCulture)}",
                    });
                else
                {
                    double t = tolerance[r] > 0 ? tolerance[r] : 1;
                    chart.Rows.Add(new ChartRow(targets.Text(r, "figure"))
                    {
                        Reference = 0, ReferenceLow = -1, ReferenceHigh = 1, Estimate = (mean - target[r]) / t,
                        Low = (lo - target[r]) / t, High = (hi - target[r]) / t, Color = color,
                        Note = $"{NumberText.Format(mean)} vs {NumberText.Format(target[r])}",
                    });
                }
            }
            chart.Legend.Add(new LegendEntry("target", Palette.Ink, LegendMark.Diamond));
            chart.Legend.Add(new LegendEntry("tolerance", Palette.Green, LegendMark.Band));
            chart.Legend.Add(new LegendEntry("simulated, within tolerance", Palette.Blue, LegendMark.Interval));
            chart.Legend.Add(new LegendEntry("simulated, outside", Palette.Vermillion, LegendMark.Interval));
            doc.Figure(chart);
        }

        if (f.Has("trace.csv"))
        {
            var trace = f.Table("trace.csv");
            if (trace.Rows.Count > 0)
            {
                var x = trace.Numbers("evaluation").Select(v => v + 1).ToArray();
                var loss = trace.Numbers("loss");
                var best = new double[loss.Length];
                double running = double.PositiveInfinity;
                for (int k = 0; k < loss.Length; k++) { if (double.IsFinite(loss[k]) && loss[k] < running) running = loss[k]; best[k] = double.IsFinite(running) ? running : double.NaN; }
                var chart = new XYChart
                {
                    Id = "trace", Title = "The search: loss at each evaluation", XMin = 0, YMin = 0, XWhole = true,
                    XLabel = "evaluation (count)", YLabel = "loss: Σ ((simulated − target) / tolerance)²",
                    Caption = "Each dot is one loss evaluation of the search (the start, a Latin-hypercube screen, then Nelder–Mead) and the line is the best loss so far, " +
                              "so a line that has flattened means more budget would gain little.",
                };
                chart.Layers.Add(new PointLayer("evaluation", Palette.Sky, x, loss));
                chart.Layers.Add(new LineLayer("best so far", Palette.Blue, x, best, Step: true));
                chart.Legend.Add(new LegendEntry("evaluation", Palette.Sky, LegendMark.Dot));
                chart.Legend.Add(new LegendEntry("best so far", Palette.Blue, LegendMark.Line));
                doc.Figure(chart);
            }
        }
        else context.Missing("the search's trace", "trace.csv is missing.");

        if (f.Has("fitted.csv"))
        {
            var fitted = f.Table("fitted.csv");
            doc.Section("fitted", "Fitted parameters");
            doc.Table("fitted", "fitted.csv: each fitted parameter, its bounds and its starting value.",
                ["parameter", "fitted value", "lower bound", "upper bound", "start"],
                Enumerable.Range(0, fitted.Rows.Count).Select(r => new[]
                {
                    Cell.Text(fitted.Text(r, "parameter")), Cell.Csv(fitted, r, "value"), Cell.Csv(fitted, r, "min"), Cell.Csv(fitted, r, "max"), Cell.Csv(fitted, r, "start"),
                }));
        }
        return $"Results of participation calibrate: {within} of {targets.Rows.Count} targets within tolerance.";
    }

    private static bool Within(string text) => text.Equals("true", StringComparison.OrdinalIgnoreCase);
}
