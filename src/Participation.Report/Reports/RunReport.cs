using System.Globalization;
using Participation.Experiments.Results;
using Participation.Experiments.Survival;
using Participation.Outcomes;
using Participation.Report.Data;
using Participation.Report.Html;
using Participation.Report.Plots;

namespace Participation.Report.Reports;

/// <summary>The report of a <c>participation run</c> folder.</summary>
internal static class RunReport
{
    /// <summary>Weeks in a year, as the model counts tenure (docs/outputs.md: 3 years = round(3 × 52.18) weeks).</summary>
    private const double WeeksPerYear = 52.18;

    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var summary = f.Table("summary.csv");
        CsvData? weekly = f.Has("weekly_summary.csv") ? f.Table("weekly_summary.csv") : null;
        CsvData? monthly = f.Has("monthly_summary.csv") ? f.Table("monthly_summary.csv") : null;
        string period = Period(weekly, monthly);
        int? reps = summary.Has("n") && summary.Rows.Count > 0 ? summary.Rows.Select(r => int.TryParse(r[summary.Column("n")], out int n) ? n : 0).Max() : context.Replications;
        // Held against a study only where a targets file names the scenario (a user's own community is not scored against X).
        var catalogue = FigureCatalogue.For(f.ManifestText("scenario.name"));

        doc.Section("summary", "Headline figures");
        doc.Paragraph($"Means across {reps?.ToString(CultureInfo.InvariantCulture) ?? "the"} replications, with 95 % confidence intervals of the mean (Student's t), from summary.csv" +
                      (reps == 1 ? " (one replication: no interval; run more for one)" : "") + $". Reported period: {period}. " +
                      (catalogue.Study is { } study
                          ? $"Beside each figure {study}'s, where the study reports one, with the calibration's tolerance (scenarios/targets): 'within' when the model's mean lies within it."
                          : "No study's figures are shown: no targets file (scenarios/targets) names this scenario, so it is not held against one."));
        doc.Paragraph(NumberText.Rule, "rule");
        string[] columns = ["figure", "unit", "mean", "95 % interval", "replications"];
        if (catalogue.Study is { } s) columns = [.. columns, $"{s} (± tolerance)", "model within?"];
        doc.Table("headline", "Headline figures (summary.csv).", columns,
            catalogue.Headline.Select(h => (h, Row: summary.Find("figure", h.Name))).Where(x => x.Row >= 0).Select(x =>
            {
                Cell[] cells =
                [
                    Cell.Text(x.h.Label!), Cell.Text(summary.Text(x.Row, "unit")), Cell.Csv(summary, x.Row, "mean"),
                    Cell.Interval(summary, x.Row, "ci_low", "ci_high"), Cell.Csv(summary, x.Row, "n"),
                ];
                if (catalogue.Study is null) return cells;
                return x.h.Reference is { } r
                    ? [.. cells, Cell.Raw(string.Create(CultureInfo.InvariantCulture, $"{r.Value:0.###} ± {r.Tolerance:0.###}")),
                       Cell.Text(r.Holds(summary.Number(x.Row, "mean")) ? "within" : "outside")]
                    : [.. cells, Cell.Text(""), Cell.Text("")];
            }));

        doc.Section("over-time", "Participation and backbones over time");
        ParticipationOverTime(context, monthly, reps);
        BackbonesOverTime(context, weekly, monthly, reps);

        doc.Section("backbones", "Backbones: how often, how long, how old");
        Frequency(context, summary, reps, catalogue);
        Retention(context, weekly, monthly);
        AgeMakeUp(context, monthly, catalogue);

        doc.Section("tables", "All summary figures");
        doc.Table("summary", "Every figure of summary.csv: mean across replications, 95 % interval of the mean, standard deviation, and how it is computed.",
            ["figure", "unit", "mean", "95 % interval", "sd", "n", "meaning"],
            Enumerable.Range(0, summary.Rows.Count).Select(r => new[]
            {
                Cell.Text(summary.Text(r, "figure")), Cell.Text(summary.Text(r, "unit")), Cell.Csv(summary, r, "mean"),
                Cell.Interval(summary, r, "ci_low", "ci_high"), Cell.Csv(summary, r, "sd"), Cell.Csv(summary, r, "n"),
                Cell.Raw($"<span class=\"meaning\">{Svg.Markup.Escape(summary.Has("meaning") ? summary.Text(r, "meaning") : "")}</span>"),
            }));
        return $"Results of participation run, {period}: {reps?.ToString(CultureInfo.InvariantCulture) ?? "?"} replications.";
    }

    private static string Period(CsvData? weekly, CsvData? monthly)
    {
        var dates = weekly is { Rows.Count: > 0 } ? weekly.Dates("date") : monthly is { Rows.Count: > 0 } ? monthly.Dates("month") : [];
        return dates.Length == 0 ? "no reported weeks" : $"{dates[0]:yyyy-MM-dd} to {dates[^1]:yyyy-MM-dd}";
    }

    private static double[] Scaled(double[] values, double factor) => values.Select(v => v * factor).ToArray();

    private static (double[] X, double[] Mean, double[] Low, double[] High) Across(CsvData t, string key, string column, double factor = 1) =>
        (t.Dates(key).Select(d => (double)d.DayNumber).ToArray(), Scaled(t.Numbers(column + "_mean"), factor),
         Scaled(t.Numbers(column + "_low"), factor), Scaled(t.Numbers(column + "_high"), factor));

    private static string MeanLabel(int? reps) => reps is { } n ? $"mean of {n} replications" : "mean across replications";

    private static void ParticipationOverTime(ReportContext context, CsvData? monthly, int? reps)
    {
        if (monthly is null || monthly.Rows.Count == 0 || !monthly.Has("participation_rate_month_mean"))
        {
            context.Missing("adults taking part each month", "monthly_summary.csv is missing or has no reported months.");
            return;
        }
        var (x, mean, low, high) = Across(monthly, "month", "participation_rate_month", 100);
        var chart = new XYChart
        {
            Id = "participation-rate", Title = "Adults taking part each month", XIsDate = true, YMin = 0,
            XLabel = "month (first day)", YLabel = "adults with a participation in the month (%)",
            Caption = "The line is the share of adults with at least one participation in each calendar month, averaged over the replications; " +
                      "the shaded band is the 95 % confidence interval of that mean, so where bands of two periods do not overlap the change is not noise.",
        };
        chart.Layers.Add(new BandLayer("95 % interval of the mean", Palette.Blue, x, low, high));
        chart.Layers.Add(new LineLayer(MeanLabel(reps), Palette.Blue, x, mean));
        chart.Legend.Add(new LegendEntry(MeanLabel(reps), Palette.Blue, LegendMark.Line));
        chart.Legend.Add(new LegendEntry("95 % interval of the mean", Palette.Blue, LegendMark.Band));
        context.Document.Figure(chart);
    }

    private static void BackbonesOverTime(ReportContext context, CsvData? weekly, CsvData? monthly, int? reps)
    {
        (double[] X, double[] Mean, double[] Low, double[] High) data;
        string xLabel;
        if (weekly is { Rows.Count: > 0 } && weekly.Has("backbones_mean")) { data = Across(weekly, "date", "backbones"); xLabel = "week (first day)"; }
        else if (monthly is { Rows.Count: > 0 } && monthly.Has("register_backbones_mean")) { data = Across(monthly, "month", "register_backbones"); xLabel = "month (first day)"; }
        else
        {
            context.Missing("backbones in role over time", "weekly_summary.csv and monthly_summary.csv are missing or hold no rows.");
            return;
        }
        var chart = new XYChart
        {
            Id = "backbones", Title = "Backbones in role", XIsDate = true, YMin = 0,
            XLabel = xLabel, YLabel = "backbones, mentors included (persons)",
            Caption = "The line counts the residents holding a backbone or mentor role at the end of each week, averaged over the replications; " +
                      "the band is the 95 % interval of that mean (for a count it may dip below a whole person), and a jump marks a recruitment drive.",
        };
        chart.Layers.Add(new BandLayer("95 % interval of the mean", Palette.Orange, data.X, data.Low, data.High));
        chart.Layers.Add(new LineLayer(MeanLabel(reps), Palette.Orange, data.X, data.Mean));
        chart.Legend.Add(new LegendEntry(MeanLabel(reps), Palette.Orange, LegendMark.Line));
        chart.Legend.Add(new LegendEntry("95 % interval of the mean", Palette.Orange, LegendMark.Band));
        context.Document.Figure(chart);
    }

    private static void Frequency(ReportContext context, CsvData summary, int? reps, FigureCatalogue catalogue)
    {
        string[] figures = ["backbone_frequency_1_2", "backbone_frequency_3_4", "backbone_frequency_5_6", "backbone_frequency_over_6"];
        int[] rows = figures.Select(x => summary.Find("figure", x)).ToArray();
        if (rows.Any(r => r < 0))
        {
            context.Missing("backbones' monthly frequency", "summary.csv has no backbone_frequency_* rows.");
            return;
        }
        var chart = new BarChart
        {
            Id = "frequency", Title = "How often backbones take part in a month",
            Categories = ["1–2", "3–4", "5–6", "more than 6"],
            XLabel = "participations in the month (tasks included)", YLabel = "share of active backbone-months (%)",
            ValueLabel = v => v.ToString("0.0", CultureInfo.InvariantCulture),
            Caption = "Each group is the share of active backbones' months with that many participations over the last 12 reported months " +
                      "(model: mean with its 95 % interval as a whisker)" +
                      (catalogue.Study is { } s ? $", beside {s}'s survey of its backbones" : "") + "; bars of a colour sum to 100 %.",
        };
        double[] M(string col) => rows.Select(r => 100 * summary.Number(r, col)).ToArray();
        string model = $"model ({MeanLabel(reps)})";
        chart.Series.Add(new BarSeries(model, Palette.Blue, M("mean"), M("ci_low"), M("ci_high")));
        chart.Legend.Add(new LegendEntry(model, Palette.Blue, LegendMark.Box));
        chart.Legend.Add(new LegendEntry("95 % interval", Palette.Ink, LegendMark.Interval));
        if (figures.Select(catalogue.Find).All(x => x?.Reference is not null))
        {
            string study = $"{catalogue.Study} (survey of backbones)";
            chart.Series.Add(new BarSeries(study, Palette.Orange, figures.Select(x => 100 * catalogue[x].Reference!.Value).ToArray()));
            chart.Legend.Add(new LegendEntry(study, Palette.Orange, LegendMark.Box));
        }
        context.Document.Figure(chart);
    }

    /// <summary>
    /// Backbone spells of spells.csv that started in the reported period, as <see cref="TenureSpell"/>s (ticks counted from the
    /// first reported week), pooled over replications. A spell is censored when its <c>censored</c> column is True.
    /// </summary>
    internal static List<TenureSpell> ReportedSpells(CsvData spells, DateOnly firstReported)
    {
        var start = spells.Dates("start_date");
        var weeks = spells.Numbers("weeks");
        int censoredColumn = spells.Column("censored"), reasonColumn = spells.Column("reason");
        var list = new List<TenureSpell>();
        for (int r = 0; r < spells.Rows.Count; r++)
        {
            if (start[r] < firstReported) continue;
            string c = spells.Rows[r][censoredColumn];
            bool censored = c.Equals("True", StringComparison.OrdinalIgnoreCase) ? true
                : c.Equals("False", StringComparison.OrdinalIgnoreCase) ? false
                : throw new ReportException($"spells.csv, row {r + 2}, column censored: '{c}' is not True or False");
            if (!double.IsFinite(weeks[r]) || weeks[r] < 0) throw new ReportException($"spells.csv, row {r + 2}, column weeks: expected a whole number of weeks ≥ 0");
            var reason = censored ? SpellEnd.Censored : spells.Rows[r][reasonColumn] == "moved_out" ? SpellEnd.MovedOut : SpellEnd.Exited;
            int tick = (start[r].DayNumber - firstReported.DayNumber) / 7;
            list.Add(new TenureSpell(0, tick, tick + (int)weeks[r], 0, reason));
        }
        return list;
    }

    private static void Retention(ReportContext context, CsvData? weekly, CsvData? monthly)
    {
        var f = context.Folder;
        if (!f.Has("spells.csv"))
        {
            context.Missing("backbone retention (Kaplan–Meier)", "spells.csv is missing.");
            return;
        }
        var dates = weekly is { Rows.Count: > 0 } ? weekly.Dates("date") : monthly is { Rows.Count: > 0 } ? monthly.Dates("month") : [];
        var spells = f.Table("spells.csv");
        var first = dates.Length > 0 ? dates[0] : DateOnly.MinValue;
        var reported = ReportedSpells(spells, first);
        if (reported.Count == 0)
        {
            context.Missing("backbone retention (Kaplan–Meier)", "no backbone career started in the reported period.");
            return;
        }
        var curve = TenureSurvival.Estimate(reported);
        var steps = curve.Steps.Where(s => s.Time > 0).ToList();
        double[] x = [0, .. steps.Select(s => s.Time / WeeksPerYear)];
        double[] y = [100, .. steps.Select(s => 100 * s.Survival)];
        double[] lo = [100, .. steps.Select(s => 100 * s.Low)];
        double[] hi = [100, .. steps.Select(s => 100 * s.High)];
        int replications = spells.Numbers("replication").Distinct().Count();
        var chart = new XYChart
        {
            Id = "retention", Title = "How long backbone careers last (Kaplan–Meier)", YMin = 0, YMax = 100, XMin = 0,
            XLabel = "time since entering the role (years)", YLabel = "careers still running (%)",
            Caption = "Read the curve's height at a tenure as the share of backbone careers that last at least that long; careers still running when the " +
                      "run ended count until they were last seen (censored) instead of as ended, and the band is the 95 % pointwise interval.",
        };
        string label = $"Kaplan–Meier estimate, {curve.Observations:N0} careers from {replications} replication{(replications == 1 ? "" : "s")}";
        chart.Layers.Add(new BandLayer("95 % interval (Greenwood, log–log)", Palette.Green, x, lo, hi, Step: true));
        chart.Layers.Add(new LineLayer(label, Palette.Green, x, y, Step: true));
        chart.Layers.Add(new RuleLayer("6 months", 0.5));
        chart.Layers.Add(new RuleLayer("3 years", 3));
        if (double.IsFinite(curve.Median)) chart.Layers.Add(new RuleLayer("median", curve.Median / WeeksPerYear, Palette.Green));
        chart.Legend.Add(new LegendEntry(label, Palette.Green, LegendMark.Line));
        chart.Legend.Add(new LegendEntry("95 % interval (Greenwood, log–log)", Palette.Green, LegendMark.Band));
        chart.Legend.Add(new LegendEntry("6 months, 3 years, median", Palette.Axis, LegendMark.DashedLine));
        context.Document.Figure(chart);

        double At(int weeks) => curve.SurvivalAt(weeks);
        context.Document.Table("retention-figures",
            $"Kaplan–Meier figures from spells.csv: the careers started on or after {first:yyyy-MM-dd}, pooled over replications; leaving the role and moving out both end a career.",
            ["figure", "value", "unit"],
            [
                [Cell.Text("careers (censored: still running at the end)"), Cell.Count(curve.Observations), Cell.Text($"careers ({curve.Observations - curve.Events:N0} censored)")],
                [Cell.Text("still running after 26 weeks (6 months)"), Cell.Number(At(26)), Cell.Text("share")],
                [Cell.Text("still running after 157 weeks (3 years)"), Cell.Number(At(157)), Cell.Text("share")],
                [Cell.Text("median career"), Cell.Number(curve.Median), Cell.Text(double.IsFinite(curve.Median) ? "weeks" : "weeks (over half still running)")],
            ]);
    }

    private static void AgeMakeUp(ReportContext context, CsvData? monthly, FigureCatalogue catalogue)
    {
        // The monthly table's register_age_* columns are the summary's figures of the same names, month by month.
        string Label(string figure, string band) => catalogue.Find(figure)?.Reference is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{band} ({r.Study} {100 * r.Value:0.0} %)") : band;
        (string Column, string Label, string Color)[] bands =
        [
            ("register_age_30_or_under", Label("register_age_30_or_under", "30 or under"), Palette.Sky),
            ("register_age_31_40", Label("register_age_31_40", "31–40"), Palette.Green),
            ("register_age_41_50", Label("register_age_41_50", "41–50"), Palette.Orange),
            ("register_age_51_plus", Label("register_age_51_plus", "51 and over"), Palette.Purple),
        ];
        if (monthly is null || monthly.Rows.Count == 0 || bands.Any(b => !monthly.Has(b.Column + "_mean")))
        {
            context.Missing("age make-up of the backbones", "monthly_summary.csv is missing or has no register_age_* columns.");
            return;
        }
        double[] x = monthly.Dates("month").Select(d => (double)d.DayNumber).ToArray();
        var shares = bands.Select(b => Scaled(monthly.Numbers(b.Column + "_mean"), 100)).ToArray();
        var chart = new XYChart
        {
            Id = "age-make-up", Title = "Age make-up of the backbones", XIsDate = true, YMin = 0, YMax = 100,
            XLabel = "month (first day)", YLabel = "share of backbones in role (%)",
            Caption = "Each coloured layer is one age group's share of the backbones in role at the end of the month (means over replications, stacked to 100 %), " +
                      "so a layer's thickness is its share" + (catalogue.Study is { } s ? $"; {s}'s shares are given in the legend" : "") + ", and gaps are months without backbones.",
        };
        var below = new double[x.Length];
        for (int b = 0; b < bands.Length; b++)
        {
            var above = new double[x.Length];
            for (int k = 0; k < x.Length; k++)
            {
                bool defined = shares.All(s => double.IsFinite(s[k]));
                above[k] = defined ? below[k] + shares[b][k] : double.NaN;
            }
            chart.Layers.Add(new BandLayer(bands[b].Label, bands[b].Color, x, below.Select((v, k) => double.IsFinite(above[k]) ? v : double.NaN).ToArray(), above, 0.85));
            chart.Legend.Add(new LegendEntry(bands[b].Label, bands[b].Color, LegendMark.Box));
            below = above.Select(v => double.IsFinite(v) ? v : 0).ToArray();
        }
        context.Document.Figure(chart);
    }
}
