using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Docs;

/// <summary>
/// Keeps <c>docs/</c> in step with the code: every output column is documented in <c>docs/outputs.md</c>,
/// every scenario key <c>docs/model.md</c> names exists, and <c>docs/scenario-reference.md</c> is exactly what
/// <see cref="ScenarioJson.Keys"/> generates (run with <c>UPDATE_DOCS=1</c> to regenerate it).
/// </summary>
public class DocsTests
{
    private const string UpdateVariable = "UPDATE_DOCS";

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no folder holding Simulation.sln above " + AppContext.BaseDirectory);
    }

    private static string Doc(string name) => File.ReadAllText(Path.Combine(RepoRoot(), "docs", name)).ReplaceLineEndings("\n");

    /// <summary>The text of the section headed <c>## `file`</c> of <paramref name="doc"/>, up to the next <c>## </c> heading.</summary>
    private static string Section(string doc, string file)
    {
        var m = Regex.Match(doc, $@"^## `{Regex.Escape(file)}`[^\n]*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"docs/outputs.md has no section headed ## `{file}`");
        return m.Groups["body"].Value;
    }

    /// <summary>Names in the first cell of the markdown table rows of <paramref name="text"/>, e.g. <c>| `date` | ...</c>.</summary>
    private static HashSet<string> TableNames(string text) =>
        Regex.Matches(text, @"^\|\s*`(?<name>[^`]+)`\s*\|", RegexOptions.Multiline).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    private static void AssertDocumented(string doc, string file, IEnumerable<string> columns)
    {
        var documented = TableNames(Section(doc, file));
        var missing = columns.Where(c => !documented.Contains(c)).ToList();
        Assert.True(missing.Count == 0,
            $"docs/outputs.md, section `{file}`, has no table row for: {string.Join(", ", missing)} (add a row | `name` | unit | meaning |)");
    }

    private static IEnumerable<string> Names<T>() => CsvTable.ColumnsOf<T>().Select(c => c.Name);

    // ---- (a) outputs ------------------------------------------------------------------------------

    [Fact]
    public void Every_column_the_run_writes_is_documented_in_outputs_md()
    {
        var doc = Doc("outputs.md");
        string[] prefix = ["replication", "seed"];
        AssertDocumented(doc, "weekly.csv", prefix.Concat(Names<WeeklyRecord>()));
        AssertDocumented(doc, "monthly.csv", prefix.Concat(Names<MonthlyRecord>()));
        AssertDocumented(doc, "annual.csv", prefix.Concat(Names<AnnualRecord>()));
        AssertDocumented(doc, "spells.csv", prefix.Concat(Names<SpellRow>()));
        AssertDocumented(doc, "summary.csv", Names<SummaryRow>());

        var result = Model.Create(TestScenarios.Small(households: 300, years: 3), seed: 7).Run();
        var figures = result.Summary().Select(f => f.Name).ToList();
        Assert.NotEmpty(figures);
        AssertDocumented(doc, "summary_by_replication.csv", prefix.Concat(figures));

        // The across-replication tables: the key column, and the pattern of the statistics columns.
        AssertDocumented(doc, "weekly_summary.csv", ["date", "<column>_mean", "<column>_low", "<column>_high"]);
        AssertDocumented(doc, "monthly_summary.csv", ["month", "<column>_mean", "<column>_low", "<column>_high"]);
    }

    [Fact]
    public void Every_file_and_manifest_field_is_documented_in_outputs_md()
    {
        var doc = Doc("outputs.md");
        foreach (var file in ResultSet.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)))
            Section(doc, file);
        var fields = typeof(RunManifest).GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Append("scenario");
        AssertDocumented(doc, "manifest.json", fields);
    }

    // ---- (b) model.md names only real keys ---------------------------------------------------------

    [Fact]
    public void Every_scenario_key_named_in_model_md_exists()
    {
        var keys = ScenarioJson.Keys().Select(k => k.Path).ToHashSet(StringComparer.Ordinal);
        var sections = keys.Where(k => k.Contains('.')).Select(k => k[..k.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var doc = Doc("model.md");
        var named = Regex.Matches(doc, @"`(?<key>[a-z][A-Za-z0-9]*(?:\.(?:[a-z][A-Za-z0-9]*|<name>))+)`")
            .Select(m => m.Groups["key"].Value)
            .Where(k => sections.Contains(k[..k.IndexOf('.')]))
            .Distinct()
            .ToList();
        Assert.True(named.Count >= 50, $"docs/model.md names only {named.Count} scenario keys in backticks; expected the rules' parameters");
        var unknown = named.Where(k => !keys.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, "docs/model.md names scenario keys that ScenarioJson.Keys() does not know: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Defaults_in_model_md_tables_match_the_code()
    {
        // A table row that names a key in a cell of its own gives the key's default in the next cell: | `key` | `default` | ...
        var defaults = ScenarioJson.Keys().ToDictionary(k => k.Path, k => Plain(k.Default), StringComparer.Ordinal);
        var wrong = new List<string>();
        int checkedRows = 0;
        foreach (var line in Doc("model.md").Split('\n').Where(l => l.StartsWith('|')))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            int k = Array.FindIndex(cells, c => c.Length > 2 && c[0] == '`' && c[^1] == '`' && defaults.ContainsKey(c[1..^1]));
            if (k < 0 || k + 1 >= cells.Length || cells[k + 1].Length < 2 || cells[k + 1][0] != '`' || cells[k + 1][^1] != '`') continue;
            string key = cells[k][1..^1], written = Plain(cells[k + 1]);
            checkedRows++;
            if (written != defaults[key]) wrong.Add($"{key}: model.md says {written}, the code's default is {defaults[key]}");
        }
        Assert.True(checkedRows >= 50, $"docs/model.md has only {checkedRows} parameter rows of the form | `key` | `default` | ...");
        Assert.True(wrong.Count == 0, "docs/model.md gives defaults that differ from the code (update the tables):\n  " + string.Join("\n  ", wrong));
    }

    private static string Plain(string value) => value.Trim().Trim('`').Trim('"');

    // ---- (c) the generated scenario reference ---------------------------------------------------------

    [Fact]
    public void Scenario_reference_is_up_to_date()
    {
        string expected = ScenarioReference();
        string path = Path.Combine(RepoRoot(), "docs", "scenario-reference.md");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected, new UTF8Encoding(false));
            return;
        }
        string actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (actual == expected) return;
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        int line = Enumerable.Range(0, Math.Min(a.Length, e.Length)).FirstOrDefault(k => a[k] != e[k], Math.Min(a.Length, e.Length));
        Assert.Fail($"docs/scenario-reference.md is out of date with ScenarioJson.Keys() (first difference at line {line + 1}:\n" +
            $"  file:     {(line < a.Length ? a[line] : "(end of file)")}\n  expected: {(line < e.Length ? e[line] : "(end of file)")}).\n" +
            $"Regenerate it: {UpdateVariable}=1 dotnet test tests/Participation.Tests --filter \"FullyQualifiedName~Participation.Tests.Docs\"");
    }

    /// <summary>The markdown of <c>docs/scenario-reference.md</c>, generated from the scenario types and the policy catalogue.</summary>
    internal static string ScenarioReference()
    {
        var keys = ScenarioJson.Keys();
        var sb = new StringBuilder();
        sb.Append("# Scenario reference\n\n");
        sb.Append("<!-- Generated by tests/Participation.Tests/Docs/DocsTests.cs from ScenarioJson.Keys() and the policy catalogue. Do not edit by hand: run\n");
        sb.Append($"     {UpdateVariable}=1 dotnet test tests/Participation.Tests --filter \"FullyQualifiedName~Participation.Tests.Docs\" -->\n\n");
        sb.Append("Every key a scenario file may set, with its type, allowed range, unit, default, meaning and the source of the default\n");
        sb.Append("(a field study — X, T, H, YL or D, listed in [model.md](model.md#sources) — a public source, or `assumption`). Keys are dotted camelCase\n");
        sb.Append("paths as written in a scenario file or in a `--set path=value` override; `<name>` stands for an entry of a map\n");
        sb.Append("(a compound or a policy, named by the scenario). Omitted keys keep their defaults. How each parameter enters the rules is\n");
        sb.Append("described in [model.md](model.md).\n\n");

        var sectioned = keys.Where(k => k.Path.Contains('.')).Select(k => Head(k.Path)).ToHashSet(StringComparer.Ordinal);
        string Group(ScenarioKey k) => sectioned.Contains(Head(k.Path)) ? Head(k.Path) : "";
        var groups = keys.GroupBy(Group).ToList(); // GroupBy keeps the order of first appearance
        foreach (var g in groups)
        {
            sb.Append(g.Key.Length == 0 ? "## Top level\n\n" : $"## `{g.Key}`\n\n");
            sb.Append("| key | type | range | unit | default | meaning | source |\n");
            sb.Append("|---|---|---|---|---|---|---|\n");
            foreach (var k in g)
                sb.Append($"| `{Cell(k.Path)}` | {Cell(k.Type)} | {Range(k.Min, k.Max)} | {Cell(k.Unit)} | `{Cell(k.Default)}` | {Cell(k.Doc)} | {Cell(k.Source)} |\n");
            sb.Append('\n');
        }

        sb.Append("## Policy kinds\n\n");
        sb.Append("A policy entry `policies.<name>` names its `kind`; kind-specific numbers go under `policies.<name>.parameters`.\n");
        sb.Append("Each kind declares what its `scale` (the entry's own key) and each parameter may be; the loader refuses any other value,\n");
        sb.Append("naming the policy, the key and the range (a value is never clamped or rounded).\n\n");
        foreach (var kind in PolicyCatalog.Default.Kinds)
        {
            sb.Append($"### `{kind.Name}`\n\n{Cell(kind.Doc)}\n\n");
            sb.Append("| key | type | range | unit | default | meaning |\n|---|---|---|---|---|---|\n");
            foreach (var (key, p) in kind.Parameters.Select(p => ($"parameters.{p.Name}", p)).Prepend(("scale", kind.Scale)))
                sb.Append($"| `{Cell(key)}` | {(p.WholeNumber ? "a whole number" : "a number")} | {Range(p.Min, p.Max)} | {Cell(p.Unit)} | `{Number(p.Default)}` | {Cell(p.Doc)} |\n");
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static string Head(string path) => path.Contains('.') ? path[..path.IndexOf('.')] : path;

    private static string Cell(string text) => text.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|");

    private static string Number(double x) => x.ToString("#,0.##########", CultureInfo.InvariantCulture);

    private static string Range(double? min, double? max) => (min, max) switch
    {
        ({ } lo, { } hi) => $"{Number(lo)} – {Number(hi)}",
        ({ } lo, null) => $"≥ {Number(lo)}",
        (null, { } hi) => $"≤ {Number(hi)}",
        _ => "",
    };
}
