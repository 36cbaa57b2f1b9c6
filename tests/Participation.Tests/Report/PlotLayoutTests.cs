using System.Globalization;
using System.Xml.Linq;
using Participation.Report;
using Participation.Report.Plots;

namespace Participation.Tests.Report;

/// <summary>
/// What a reader saw wrong in the plots: a reference line's label struck through by another line (the Kaplan–Meier
/// "median" by the 6-month line), a sweep's axis running to impossible values (−50 persons, 150 %), and the calibration
/// trace's ticks at 1.5 evaluations.
/// </summary>
[Collection(ReportCollection.Name)]
public class PlotLayoutTests(ReportFolders folders)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    /// <summary>Each rule label's horizontal extent and the x of its own line, and the x of every rule line.</summary>
    private static (List<(string Text, double From, double To, double Own)> Labels, List<double> Lines) Rules(XElement svg)
    {
        var lines = svg.Descendants(Svg + "line").Where(l => (string?)l.Attribute("class") == "rule").Select(l => Number(l, "x1")).ToList();
        var labels = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "rule-label").Select(t =>
        {
            double x = Number(t, "x"), w = Chart.TextWidth(t.Value, 11);
            if (t.Attribute("transform") is not null) // turned to run up beside its line: about 11 px wide
                return (t.Value, x - 9, x + 2, x - XYChart.RotatedLabelOffset);
            return (string)t.Attribute("text-anchor")! == "end" ? (t.Value, x - w, x, x + 4) : (t.Value, x, x + w, x - 4);
        }).ToList();
        return (labels, lines);
    }

    /// <summary>Whether a rule line other than the label's own crosses the label.</summary>
    private static bool Struck(List<double> lines, (string Text, double From, double To, double Own) label) =>
        lines.Any(x => Math.Abs(x - label.Own) > 0.6 && x > label.From && x < label.To);

    [Theory]
    [InlineData(0.4, 4)]   // a median just before 6 months: its label ran across the 6-month line
    [InlineData(0.7, 4)]   // just after: the 6-month label ran across the median line
    [InlineData(2.8, 4)]   // just before the 3-year line
    [InlineData(3.2, 4)]   // just after it
    [InlineData(0.2, 10)]  // X's: a ten-year axis, the median at 10 weeks, no room left of it
    public void No_reference_line_label_is_struck_through_by_another_line(double median, double years)
    {
        var chart = new XYChart { Id = "km", Title = "t", Caption = "c.", XLabel = "years", YLabel = "%", XMin = 0, YMin = 0, YMax = 100 };
        chart.Layers.Add(new LineLayer("curve", Palette.Green, [0, 1, 2, years], [100, 60, 40, 20], Step: true));
        chart.Layers.Add(new RuleLayer("6 months", 0.5));
        chart.Layers.Add(new RuleLayer("3 years", 3));
        chart.Layers.Add(new RuleLayer("median", median, Palette.Green));
        var svg = ReportTests.Parse(chart.Render()).Root!;
        var (labels, lines) = Rules(svg);
        Assert.Equal(3, labels.Count);
        Assert.Equal(3, lines.Count);
        foreach (var label in labels)
            Assert.False(Struck(lines, label), $"a rule line crosses the label '{label.Text}' ({label.From:0.0} to {label.To:0.0}; lines at {string.Join(", ", lines.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))}), median at {median}");
        // Even where a label must cross a line, a white halo keeps it legible.
        Assert.Contains("text.rule-label { paint-order: stroke", Participation.Report.Html.HtmlDocument.Css);
    }

    [Fact]
    public void The_run_report_kaplan_meier_labels_are_clear_of_the_lines()
    {
        var doc = ReportTests.Parse(ReportBuilder.Build(folders.Run).Html);
        var km = doc.Descendants(Svg + "svg").Single(s => (string?)s.Attribute("id") == "retention");
        var (labels, lines) = Rules(km);
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.False(Struck(lines, label), $"a rule line crosses the label '{label.Text}'"));
    }

    /// <summary>The numbers of an svg's y-axis tick labels.</summary>
    private static List<double> YTicks(XElement svg) =>
        svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis").Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("class") == "tick-label").Select(t => double.Parse(t.Value.Replace(",", ""), CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void Sweep_axes_stay_within_what_the_figures_can_be()
    {
        // Two replications per point: t intervals wide enough to reach below zero and (for shares) above 100 %.
        var sweep = File.ReadAllLines(Path.Combine(folders.Sweep, "sweep_summary.csv"));
        Assert.Contains(sweep.Skip(1), l => l.Contains(",2,")); // the fixture's sweep has 2 replications a point
        var doc = ReportTests.Parse(ReportBuilder.Build(folders.Sweep).Html);
        var plots = doc.Descendants(Svg + "svg").Where(s => ((string?)s.Attribute("id") ?? "").StartsWith("sweep-", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, plots.Count);
        foreach (var svg in plots)
        {
            var ticks = YTicks(svg);
            Assert.True(ticks.Min() >= 0, $"{svg.Attribute("id")}: the axis runs to {ticks.Min()}");
            if ((string)svg.Attribute("id")! != "sweep-register-backbones") Assert.True(ticks.Max() <= 100, $"{svg.Attribute("id")}: the axis runs to {ticks.Max()} %");
        }
    }

    [Fact]
    public void The_calibration_trace_has_ticks_at_whole_evaluations_only()
    {
        var doc = ReportTests.Parse(ReportBuilder.Build(folders.Calibration).Html);
        var trace = doc.Descendants(Svg + "svg").Single(s => (string?)s.Attribute("id") == "trace");
        var ticks = trace.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "x-axis").Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("class") == "tick-label").Select(t => double.Parse(t.Value.Replace(",", ""), CultureInfo.InvariantCulture)).ToList();
        Assert.True(ticks.Count >= 2, string.Join(", ", ticks));
        Assert.All(ticks, t => Assert.Equal(Math.Round(t), t));
        Assert.True(File.ReadAllLines(Path.Combine(folders.Calibration, "trace.csv")).Length <= 12, "the fixture's search is short (few evaluations)");
    }
}
