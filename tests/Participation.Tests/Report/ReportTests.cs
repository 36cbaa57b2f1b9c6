using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Participation.Cli;
using Participation.Experiments.Survival;
using Participation.Report;
using Participation.Report.Data;
using Participation.Report.Html;

namespace Participation.Tests.Report;

/// <summary>
/// Reports of real results folders (run, compare, sweep, calibrate): the plots each kind draws, their titles, axes, legends
/// and captions; every number of the tables against its CSV cell; self-containment; the report command's exit codes.
/// </summary>
[Collection(ReportCollection.Name)]
public class ReportTests(ReportFolders folders)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the page as XML (the report is well-formed by construction), ignoring the HTML doctype.</summary>
    internal static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private string Folder(string kind) => kind switch
    {
        "run" => folders.Run,
        "compare" => folders.Compare,
        "sweep" => folders.Sweep,
        "sensitivity" => folders.Sensitivity,
        "validation" => folders.Validation,
        _ => folders.Calibration,
    };

    /// <summary>Each figure: its svg, title, and caption.</summary>
    private static List<(XElement Svg, string Title, string Caption)> Figures(XDocument doc) =>
        doc.Descendants("figure").Select(f => (f.Element(Svg + "svg")!, f.Element(Svg + "svg")!.Element(Svg + "title")!.Value, f.Element("figcaption")!.Value)).ToList();

    [Theory]
    [InlineData("run", FolderKind.Run, new[] { "Adults taking part each month", "Backbones in role", "How often backbones take part in a month",
        "How long backbone careers last (Kaplan–Meier)", "Age make-up of the backbones" })]
    // The test comparison's variants have no clear gain: the two cost charts are not drawn empty (a note says why).
    [InlineData("compare", FolderKind.Comparison, new[] { "Extra adults taking part in the last year", "Extra backbones serving over 3 years",
        "Change in the yearly participation rate", "Change in the register's share serving under 6 months" })]
    [InlineData("sweep", FolderKind.Sweep, new[] { "Backbones on the register against decision.intercept", "Register serving over 3 years against decision.intercept",
        "Adults taking part in the last year against decision.intercept", "Tasks done by the top 10 % of backbones against decision.intercept" })]
    [InlineData("calibration", FolderKind.Calibration, new[] { "Targets against simulated values", "The search: loss at each evaluation" })]
    [InlineData("sensitivity", FolderKind.Sensitivity, new[] { "Morris μ*: how much each parameter moves the outcome",
        "Morris σ: how unevenly it does so (interactions, non-linearity)" })]
    [InlineData("validation", FolderKind.Validation, new string[0])]
    public void Each_kind_of_folder_gets_its_plots_each_with_a_title_labelled_axes_a_legend_and_a_caption(string kind, FolderKind expected, string[] titles)
    {
        var report = ReportBuilder.Build(Folder(kind));
        Assert.Equal(expected, report.Kind);
        Assert.Equal(expected, ResultFolder.Detect(Folder(kind)));
        Assert.Equal(titles, report.PlotTitles);
        if (kind == "compare")
            Assert.Equal(["Yuan per extra adult taking part", "Yuan per extra backbone serving over 3 years"], report.Notes.Select(n => n.Split(':')[0]));
        else Assert.Empty(report.Notes);

        var doc = Parse(report.Html);
        var figures = Figures(doc);
        Assert.Equal(titles, figures.Select(f => f.Title));
        for (int k = 0; k < figures.Count; k++)
        {
            var (svg, title, caption) = figures[k];
            var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
            Assert.Contains(title, texts); // drawn, not only the accessible name
            var axisLabels = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "axis-label").Select(t => t.Value).ToList();
            Assert.Equal(2, axisLabels.Count);
            Assert.All(axisLabels, l => Assert.False(string.IsNullOrWhiteSpace(l)));
            Assert.Contains(axisLabels, l => l.Contains('(')); // at least one axis names its unit, e.g. "(%)"
            var legend = svg.Elements(Svg + "g").SingleOrDefault(g => (string?)g.Attribute("class") == "legend");
            Assert.NotNull(legend);
            Assert.NotEmpty(legend.Elements(Svg + "text"));
            Assert.StartsWith($"Figure {k + 1}. {title}.", caption);
            string sentence = caption[$"Figure {k + 1}. {title}.".Length..].Trim();
            Assert.True(sentence.Length > 40 && sentence.EndsWith('.') && sentence.Count(c => c == '.') == 1 + Regex.Matches(sentence, @"\d\.\d|e\.g\.").Count,
                $"caption of '{title}' is not one sentence: {sentence}");
            Assert.Equal(sentence, svg.Element(Svg + "desc")!.Value);
            Assert.DoesNotContain("NaN", svg.ToString());
        }
        Assert.Single(doc.Descendants("table"), t => (string?)t.Attribute("id") == "headline");
        Assert.Contains(NumberText.Rule, doc.Descendants("p").Select(p => p.Value));
        if (expected == FolderKind.Run)
        {
            // The test community is not study X's: no targets file names it, so it is not held against X's figures.
            Assert.DoesNotContain(doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "headline").Descendants("th"), th => th.Value.Contains("study X"));
            Assert.Contains(doc.Descendants("p"), p => p.Value.Contains("no targets file (scenarios/targets) names this scenario"));
        }
    }

    [Fact]
    public void A_run_of_study_Xs_scenario_is_held_against_Xs_figures_within_or_outside_their_tolerance()
    {
        // The same run, its manifest naming X's scenario: the scenario name is what selects the targets file.
        string dir = Directory.CreateTempSubdirectory("participation-report-x-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(folders.Run)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
            manifest["scenario"]!["name"] = "X Community, Yuecheng District, Shaoxing (study X)";
            File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
            var doc = Parse(ReportBuilder.Build(dir).Html);
            var table = doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "headline");
            Assert.Equal(["study X (± tolerance)", "model within?"], table.Descendants("thead").Single().Descendants("th").Select(th => th.Value).TakeLast(2));
            var rows = table.Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements().Select(td => td.Value).ToArray()).ToList();
            // X's register shares sit beside the reading the defaults were calibrated to (everyone who served that year);
            // the value and tolerance are the targets file's, and the mark is the mean against them.
            var under6 = rows.Single(r => r[0] == "Served in the register's year: under 6 months");
            Assert.Equal("0.65 ± 0.138", under6[^2]);
            double mean = double.Parse(under6[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Math.Abs(mean - 0.65) <= 0.138 ? "within" : "outside", under6[^1]);
            Assert.Equal("0.42 ± 0.142", rows.Single(r => r[0] == "Register aged 60 and over")[^2]);
            Assert.Equal(["", ""], rows.Single(r => r[0] == "In role at the register date: serving under 6 months")[^2..]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("run", 60)]
    [InlineData("compare", 40)]
    [InlineData("sweep", 15)]
    [InlineData("calibration", 10)]
    [InlineData("sensitivity", 10)]
    [InlineData("validation", 60)]
    public void Every_number_of_the_tables_is_its_csv_cell_rounded_by_the_stated_rule(string kind, int atLeast)
    {
        string folder = Folder(kind);
        var doc = Parse(ReportBuilder.Build(folder).Html);
        var cells = doc.Descendants("span").Where(s => (string?)s.Attribute("class") == "csv").ToList();
        Assert.True(cells.Count >= atLeast, $"only {cells.Count} CSV numbers in the {kind} report");
        var tables = new Dictionary<string, string[][]>();
        foreach (var span in cells)
        {
            string file = (string)span.Attribute("data-file")!, column = (string)span.Attribute("data-col")!;
            int row = int.Parse((string)span.Attribute("data-row")!, CultureInfo.InvariantCulture);
            if (!tables.TryGetValue(file, out var table))
                tables[file] = table = File.ReadAllLines(Path.Combine(folder, file)).Select(TestCsv.Split).ToArray();
            int c = Array.IndexOf(table[0], column);
            Assert.True(c >= 0, $"{file} has no column {column}");
            AssertShownByRule(table[row + 1][c], span.Value, $"{file} row {row} {column}");
        }
    }

    /// <summary>An independent statement of the rule: three significant digits (all whole digits), half away from zero.</summary>
    private static void AssertShownByRule(string csv, string shown, string where)
    {
        if (csv.Length == 0) { Assert.True(shown == "–", $"{where}: empty cell shown as '{shown}'"); return; }
        string plain = shown.Replace(",", "");
        if (Regex.IsMatch(csv, @"^-?\d+$")) { Assert.True(plain == csv, $"{where}: whole number {csv} shown as {shown}"); return; }
        decimal value = decimal.Parse(csv, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value != 0 && Math.Abs(value) < 0.0001m)
        {
            var m = Regex.Match(shown, @"^(-?\d\.\d\d)e(-\d+)$");
            Assert.True(m.Success, $"{where}: {csv} shown as {shown}, expected scientific notation");
            double mantissa = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), exponent = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(mantissa * Math.Pow(10, exponent) - (double)value) <= 0.0050001 * Math.Pow(10, exponent), $"{where}: {csv} shown as {shown}");
            return;
        }
        decimal number = decimal.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture);
        int decimals = plain.Contains('.') ? plain.Length - plain.IndexOf('.') - 1 : 0;
        decimal half = 0.5m / (decimal)Math.Pow(10, decimals);
        Assert.True(Math.Abs(number - value) <= half, $"{where}: {csv} shown as {shown} (more than half a unit of the last digit away)");
        if (Math.Abs(value) >= 99.95m) Assert.True(decimals == 0, $"{where}: {csv} shown as {shown}: numbers of three or more whole digits are rounded to the unit");
        else Assert.True(plain.TrimStart('-').Replace(".", "").TrimStart('0').Length == 3, $"{where}: {csv} shown as {shown}: expected three significant digits");
        if (shown.Contains(',')) Assert.Matches(@"^-?\d{1,3}(,\d{3})+(\.\d+)?$", shown);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("compare")]
    [InlineData("sweep")]
    [InlineData("calibration")]
    [InlineData("sensitivity")]
    [InlineData("validation")]
    public void The_report_is_one_self_contained_file_without_scripts_or_network(string kind)
    {
        string html = ReportBuilder.Build(Folder(kind)).Html;
        var doc = Parse(html);
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "embed" or "image" or "use");
        Assert.DoesNotContain(doc.Descendants().Attributes(), a => a.Name.LocalName is "src" or "srcset" or "onload" or "onclick" or "onerror");
        Assert.All(doc.Descendants("a").Attributes("href"), a => Assert.StartsWith("#", a.Value));
        string withoutNamespace = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        Assert.DoesNotContain("http:", withoutNamespace);
        Assert.DoesNotContain("https:", withoutNamespace);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@font-face", html);
        Assert.Contains("@media print", html);
        Assert.Single(doc.Descendants("style"));
    }

    [Fact]
    public void Kaplan_Meier_figures_match_an_estimate_made_here_from_spells_csv()
    {
        var doc = Parse(ReportBuilder.Build(folders.Run).Html);
        var rows = doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "retention-figures").Descendants("tr").Skip(1)
            .Select(tr => tr.Elements().Select(e => e.Value).ToArray()).ToList();

        string firstWeek = File.ReadLines(Path.Combine(folders.Run, "weekly_summary.csv")).Skip(1).First().Split(',')[0];
        var lines = File.ReadAllLines(Path.Combine(folders.Run, "spells.csv"));
        var header = lines[0].Split(',');
        int start = Array.IndexOf(header, "start_date"), weeks = Array.IndexOf(header, "weeks"), censored = Array.IndexOf(header, "censored");
        var observations = lines.Skip(1).Select(l => l.Split(','))
            .Where(c => string.CompareOrdinal(c[start], firstWeek) >= 0)
            .Select(c => new SurvivalObservation(int.Parse(c[weeks], CultureInfo.InvariantCulture), c[censored] == "False")).ToList();
        Assert.True(observations.Count > 20, $"only {observations.Count} careers in the test run");
        var curve = KaplanMeier.Estimate(observations);

        Assert.Equal(observations.Count.ToString("#,0", CultureInfo.InvariantCulture), rows[0][1]);
        Assert.Contains($"{observations.Count(o => !o.Event):N0} censored", rows[0][2]);
        Assert.Equal(NumberText.Format(curve.SurvivalAt(26)), rows[1][1]);
        Assert.Equal(NumberText.Format(curve.SurvivalAt(157)), rows[2][1]);
        Assert.Equal(NumberText.Format(curve.Median), rows[3][1]);
        Assert.InRange(curve.SurvivalAt(26), 0.01, 0.999); // the curve falls: careers end
    }

    [Fact]
    public void Run_with_report_writes_the_report_into_the_results_folder_and_says_so()
    {
        string path = Path.Combine(folders.Run, "report.html");
        Assert.True(File.Exists(path));
        Assert.Contains($"Report: {path} (run folder, 5 plots)", folders.RunOutput);
        var doc = Parse(File.ReadAllText(path));
        Assert.Equal("Run: small test community <&>", doc.Descendants("h1").Single().Value);
        Assert.Empty(Directory.GetFiles(folders.Run, "*.partial"));
    }

    [Fact]
    public void Comparison_plots_have_a_row_per_variant_and_costs_are_ranked_cheapest_first()
    {
        var doc = Parse(ReportBuilder.Build(folders.Compare).Html);
        var figures = Figures(doc);
        foreach (var (svg, _, _) in figures)
            Assert.Equal(["points"], svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "row").Select(g => g.Element(Svg + "title")!.Value));
        var costs = File.ReadAllLines(Path.Combine(folders.Compare, "costs.csv"));
        Assert.Equal(costs.Length - 1, doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "headline").Descendants("tbody").Single().Elements("tr").Count());
    }

    [Fact]
    public void Calibration_plot_has_a_row_per_target_with_its_tolerance_band()
    {
        var doc = Parse(ReportBuilder.Build(folders.Calibration).Html);
        var targets = Figures(doc).Single(f => f.Title == "Targets against simulated values").Svg;
        var rows = targets.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "row").ToList();
        Assert.Equal(["participation_rate_month", "top10_task_share"], rows.Select(r => r.Element(Svg + "title")!.Value));
        Assert.All(rows, r => Assert.Single(r.Elements(Svg + "rect"), e => (string?)e.Attribute("class") == "reference-range"));
        Assert.All(rows, r => Assert.Single(r.Elements(Svg + "polygon"), e => (string?)e.Attribute("class") == "reference"));
        var within = File.ReadAllLines(Path.Combine(folders.Calibration, "targets.csv")).Skip(1).Select(l => l.Contains(",true,") ? "yes" : "no");
        var shown = doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "headline").Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements().Last().Value);
        Assert.Equal(within, shown);
    }

    [Fact]
    public void The_report_command_writes_a_file_and_refuses_bad_input_with_exit_code_2()
    {
        string temp = Directory.CreateTempSubdirectory("participation-report-cli-").FullName;
        try
        {
            string custom = Path.Combine(temp, "sub", "x.html");
            var (code, stdout, stderr) = Cli("report", folders.Compare, "-o", custom, "--verbose");
            Assert.True(code == 0, stderr);
            Assert.Contains("(comparison folder, 4 plots)", stdout);
            Assert.Contains("figure 4: Change in the register's share serving under 6 months", stdout);
            Assert.Contains("Yuan per extra adult taking part: no variant's gain has a 95 % interval above zero", stdout);
            Assert.True(new FileInfo(custom).Length > 10_000);
            (code, stdout, _) = Cli("report", folders.Compare, "-o", custom, "--quiet"); // an earlier report is replaced
            Assert.Equal(0, code);
            Assert.Equal("", stdout);

            string other = Path.Combine(temp, "notes.html");
            File.WriteAllText(other, "<p>my notes</p>");
            (code, _, stderr) = Cli("report", folders.Compare, "-o", other);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("not a participation report", stderr);
            Assert.Equal("<p>my notes</p>", File.ReadAllText(other));

            (code, _, stderr) = Cli("report", Path.Combine(temp, "missing"));
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("no such folder", stderr);
            (code, _, stderr) = Cli("report", temp);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("not a results folder", stderr);

            string broken = Path.Combine(temp, "broken");
            Directory.CreateDirectory(broken);
            File.Copy(Path.Combine(folders.Run, "summary.csv"), Path.Combine(broken, "summary.csv"));
            File.WriteAllText(Path.Combine(broken, "monthly_summary.csv"), "month,participation_rate_month_mean\n2020-01-01,0.1,7\n");
            (code, _, stderr) = Cli("report", broken);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("monthly_summary.csv, row 2", stderr);
            File.WriteAllText(Path.Combine(broken, "monthly_summary.csv"), "month,participation_rate_month_mean\nnot a date,0.1\n");
            (code, _, stderr) = Cli("report", broken);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("is not a date", stderr);
            Assert.False(File.Exists(Path.Combine(broken, "report.html")));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }

    [Fact]
    public void A_run_folder_missing_optional_tables_still_reports_and_says_what_was_not_drawn()
    {
        string temp = Directory.CreateTempSubdirectory("participation-report-partial-").FullName;
        try
        {
            foreach (var f in new[] { "summary.csv", "weekly_summary.csv", "manifest.json" })
                File.Copy(Path.Combine(folders.Run, f), Path.Combine(temp, f));
            var report = ReportBuilder.Build(temp);
            Assert.Equal(["Backbones in role", "How often backbones take part in a month"], report.PlotTitles);
            Assert.Equal(3, report.Notes.Count);
            Assert.Contains(report.Notes, n => n.Contains("spells.csv is missing"));
            Assert.Equal(3, Parse(report.Html).Descendants("p").Count(p => (string?)p.Attribute("class") == "missing"));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}
