using System.Globalization;
using Participation.Report.Data;
using Participation.Report.Html;
using Participation.Report.Plots;

namespace Participation.Report.Reports;

/// <summary>The report of a <c>participation compare</c> folder: effects with intervals (forest plots) and costs per outcome.</summary>
internal static class ComparisonReport
{
    /// <summary>
    /// The effects drawn as forest plots: figure, title, axis label, scale (100: shares in percentage points), and which
    /// direction is an improvement (more participants is; a larger share leaving within six months is not).
    /// </summary>
    internal static readonly (string Figure, string Title, string Axis, double Scale, bool HigherIsBetter)[] Effects =
    [
        ("participants_year", "Extra adults taking part in the last year", "difference from the baseline (adults)", 1, true),
        ("backbones_over_3_years", "Extra backbones serving over 3 years", "difference from the baseline (backbones)", 1, true),
        ("participation_rate_year", "Change in the yearly participation rate", "difference from the baseline (percentage points)", 100, true),
        ("register_under_6_months", "Change in the register's share serving under 6 months", "difference from the baseline (percentage points)", 100, false),
    ];

    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var compare = f.Table("compare.csv");
        var costs = f.Table("costs.csv");
        var variants = costs.Rows.Select(r => r[costs.Column("variant")]).ToList();
        foreach (var v in compare.Rows.Select(r => r[compare.Column("variant")]).Distinct())
            if (!variants.Contains(v)) variants.Add(v);
        int n = compare.Rows.Count > 0 && compare.Has("n") ? (int)compare.Numbers("n").Where(double.IsFinite).DefaultIfEmpty(0).Max() : 0;
        string baseline = BaselineName(f);

        doc.Section("summary", "Headline: effects and costs");
        doc.Paragraph($"Each variant is compared with the baseline ({baseline}) on common random numbers: the same seeds, population and draws, so the paired " +
                      $"differences isolate the policy. {n} paired replications; effects are variant minus baseline with 95 % intervals (Student's t); costs are given " +
                      "only where the gain's interval lies above zero (compare.csv, costs.csv). Extra participants are adults who took part in the run's last year; " +
                      "extra yuan are spent over the whole run, from the scenario's start to the comparison's end date; the register's share is at the register date.");
        doc.Paragraph(NumberText.Rule, "rule");
        int Row(string variant, string figure)
        {
            for (int r = 0; r < compare.Rows.Count; r++)
                if (compare.Text(r, "variant") == variant && compare.Text(r, "figure") == figure) return r;
            return -1;
        }
        Cell Effect(string variant, string figure)
        {
            int r = Row(variant, figure);
            return r < 0 ? Cell.Text("") : Cell.Raw(Cell.Csv(compare, r, "difference").Html + " <span class=\"ci\">(" + Cell.Interval(compare, r, "ci_low", "ci_high").Html + ")</span>");
        }
        doc.Table("headline", "Effects against the baseline (difference, with its 95 % interval in brackets) and costs per outcome gained.",
            ["variant", "extra participants (adults, last year)", "extra backbones > 3 years", "register < 6 months (share: 0.01 = 1 point; lower is better)", "extra yuan (whole run)", "yuan per extra participant", "yuan per extra backbone > 3 years"],
            costs.Rows.Select((_, r) => new[]
            {
                Cell.Text(costs.Text(r, "variant")),
                Effect(costs.Text(r, "variant"), "participants_year"),
                Effect(costs.Text(r, "variant"), "backbones_over_3_years"),
                Effect(costs.Text(r, "variant"), "register_under_6_months"),
                Cell.Csv(costs, r, "extra_spent"), Cell.Csv(costs, r, "cost_per_extra_participant"), Cell.Csv(costs, r, "cost_per_extra_retained"),
            }));

        doc.Section("effects", "Effects with their intervals");
        int drawn = 0;
        foreach (var (figure, title, axis, scale, higherIsBetter) in Effects)
        {
            var rows = variants.Select(v => (Variant: v, Row: Row(v, figure))).Where(x => x.Row >= 0).ToList();
            if (rows.Count == 0) continue;
            var chart = new RowChart
            {
                Id = "effect-" + figure.Replace('_', '-'), Title = title, XLabel = axis, YLabel = "variant",
                Caption = "Each dot is the variant's mean paired difference from the baseline and its whisker the 95 % interval: a whisker that crosses the " +
                          "zero line means the effect cannot be told from no effect with these replications; " +
                          (higherIsBetter ? "more is better here." : "less is better here (fewer leave within six months)."),
            };
            foreach (var (variant, r) in rows)
            {
                double d = compare.Number(r, "difference") * scale, lo = compare.Number(r, "ci_low") * scale, hi = compare.Number(r, "ci_high") * scale;
                bool clear = lo > 0 || hi < 0, better = d > 0 == higherIsBetter;
                chart.Rows.Add(new ChartRow(variant)
                {
                    Estimate = d, Low = lo, High = hi, Color = clear ? (better ? Palette.Blue : Palette.Vermillion) : "#777777",
                    Note = Short(d) + (double.IsFinite(lo) ? $" [{Short(lo)}, {Short(hi)}]" : ""),
                });
            }
            chart.Legend.Add(new LegendEntry($"clear improvement ({(higherIsBetter ? "increase" : "decrease")})", Palette.Blue, LegendMark.Interval));
            chart.Legend.Add(new LegendEntry($"clear worsening ({(higherIsBetter ? "decrease" : "increase")})", Palette.Vermillion, LegendMark.Interval));
            chart.Legend.Add(new LegendEntry("interval includes 0", "#777777", LegendMark.Interval));
            doc.Figure(chart);
            drawn++;
        }
        if (drawn == 0) context.Missing("effects with intervals", "compare.csv has none of the figures participants_year, backbones_over_3_years, participation_rate_year, register_under_6_months.");

        doc.Section("costs", "Cost per outcome, ranked");
        Ranked(context, costs, "cost_per_extra_participant", "extra_participants", "cost-per-participant",
            "Yuan per extra adult taking part", "extra yuan per extra adult taking part in the last year (yuan)");
        Ranked(context, costs, "cost_per_extra_retained", "extra_retained", "cost-per-retained",
            "Yuan per extra backbone serving over 3 years", "extra yuan per extra backbone serving over 3 years (yuan)");

        doc.Section("tables", "Every outcome");
        doc.Table("compare", "compare.csv: every figure of every variant against the baseline (means over the paired replications).",
            ["variant", "figure", "unit", "baseline", "variant mean", "difference", "95 % interval", "n"],
            Enumerable.Range(0, compare.Rows.Count).Select(r => new[]
            {
                Cell.Text(compare.Text(r, "variant")), Cell.Text(compare.Text(r, "figure")), Cell.Text(compare.Text(r, "unit")),
                Cell.Csv(compare, r, "baseline"), Cell.Csv(compare, r, "variant_mean"), Cell.Csv(compare, r, "difference"),
                Cell.Interval(compare, r, "ci_low", "ci_high"), Cell.Csv(compare, r, "n"),
            }));
        return $"Results of participation compare: {variants.Count} variant{(variants.Count == 1 ? "" : "s")} against {baseline}, {n} paired replications.";
    }

    private static string BaselineName(ResultFolder f)
    {
        string? files = f.ManifestText("scenarioFile");
        return string.IsNullOrWhiteSpace(files) ? "the baseline" : files.Split(' ')[0];
    }

    /// <summary>A short label for a plotted value (the tables carry the rounded CSV values).</summary>
    private static string Short(double v) => NumberText.Format(v);

    private static void Ranked(ReportContext context, CsvData costs, string column, string gainColumn, string id, string title, string axis)
    {
        if (!costs.Has(column))
        {
            context.Missing(title, $"costs.csv has no {column} column.");
            return;
        }
        var rows = Enumerable.Range(0, costs.Rows.Count)
            .Select(r => (Variant: costs.Text(r, "variant"), Cost: costs.Number(r, column), Gain: costs.Has(gainColumn) ? costs.Number(r, gainColumn) : double.NaN))
            .OrderBy(x => double.IsFinite(x.Cost) ? 0 : 1).ThenBy(x => x.Cost).ThenBy(x => x.Variant, StringComparer.Ordinal).ToList();
        // No bar to draw would leave an empty chart (an axis of 0 to 1 yuan): say so instead.
        if (!rows.Any(x => double.IsFinite(x.Cost)))
        {
            context.Missing(title, "no variant's gain has a 95 % interval above zero, so no cost per unit gained is given (costs.csv leaves them empty).");
            return;
        }
        var chart = new RowChart
        {
            Id = id, Title = title, XLabel = axis, YLabel = "variant, cheapest first",
            Caption = "Bars rank the variants from the cheapest way to gain one more of this outcome; a variant whose gain's 95 % interval does not lie above " +
                      "zero has no bar and is marked 'no clear gain', since dividing by a gain that may be nil would mislead.",
        };
        foreach (var (variant, cost, gain) in rows)
        {
            chart.Rows.Add(new ChartRow(variant)
            {
                Bar = double.IsFinite(cost) ? cost : double.NaN,
                Color = cost >= 0 ? Palette.Blue : Palette.Green,
                Note = double.IsFinite(cost) ? NumberText.Format(cost) + " yuan" : "no clear gain" + (double.IsFinite(gain) ? $" (mean {NumberText.Format(gain)})" : ""),
            });
        }
        chart.Legend.Add(new LegendEntry("yuan per unit gained (gain's interval above 0)", Palette.Blue, LegendMark.Box));
        context.Document.Figure(chart);
    }
}
