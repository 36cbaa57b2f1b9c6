using System.Text;
using System.Text.RegularExpressions;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Tests.Docs;

/// <summary>
/// docs/odd.md, the ODD+D description, cannot drift from the model: its parameter tables are generated from the
/// scenario types and the policy catalogue (run with <c>UPDATE_DOCS=1</c> to regenerate them), it names every state
/// variable of <see cref="Population"/>, and it has every element of the protocol.
/// </summary>
public class OddTests
{
    private static readonly string Page = Path.Combine(TestScenarios.RepoRoot(), "docs", "odd.md");
    private const string Begin = "<!-- generated: parameters (tests/Participation.Tests/Docs/OddTests.cs; UPDATE_DOCS=1 regenerates) -->";
    private const string End = "<!-- end generated -->";

    /// <summary>The submodels' sections of a scenario, in the order of the ODD's submodels, with what each governs.</summary>
    private static readonly (string Section, string Submodel)[] Submodels =
    [
        ("calendar", "time and the reported years"),
        ("demography", "initialisation: the population"),
        ("attitudes", "initialisation: attitudes"),
        ("network", "initialisation: ties, clubs and online groups"),
        ("activities", "the week's offer and decision"),
        ("hearing", "hearing"),
        ("decision", "decision"),
        ("experience", "experience"),
        ("roles", "roles, exits and recruitment"),
        ("teams", "volunteer teams and party squads"),
        ("ownersCommittees", "owners' committees"),
        ("administration", "the committee: staff, tasks, problems"),
        ("turnover", "turnover"),
    ];

    /// <summary>The generated part: per submodel, each parameter with its default, range, unit and source; then the policy kinds.</summary>
    internal static string Generated()
    {
        var keys = ScenarioJson.Keys();
        var sb = new StringBuilder();
        sb.Append(Begin).Append('\n');
        sb.Append("Every parameter a scenario may set, by the submodel it belongs to (meanings in [scenario-reference.md](scenario-reference.md)).\n");
        foreach (var (section, submodel) in Submodels)
        {
            var rows = keys.Where(k => k.Path.StartsWith(section + ".", StringComparison.Ordinal)).ToList();
            int fromStudies = rows.Count(k => k.Source != "assumption");
            sb.Append($"\n#### `{section}`: {submodel} ({rows.Count} parameters, {fromStudies} from a study or a public source)\n\n");
            sb.Append("| key | default | range | unit | source |\n|---|---|---|---|---|\n");
            foreach (var k in rows)
                sb.Append($"| `{DocsTests.Cell(k.Path)}` | `{DocsTests.Cell(k.Default)}` | {DocsTests.Range(k.Min, k.Max)} | {DocsTests.Cell(k.Unit)} | {DocsTests.Cell(k.Source)} |\n");
        }
        sb.Append("\n#### Policies: the levers\n\n");
        sb.Append("Each policy kind, what its `scale` is, and its parameters (defaults and ranges in [scenario-reference.md](scenario-reference.md#policy-kinds)).\n\n");
        sb.Append("| kind | scale | range | parameters |\n|---|---|---|---|\n");
        foreach (var kind in PolicyCatalog.Default.Kinds)
            sb.Append($"| `{kind.Name}` | {DocsTests.Cell(kind.Scale.Doc)} | {DocsTests.Range(kind.Scale.Min, kind.Scale.Max)} | {string.Join(", ", kind.Parameters.Select(p => $"`{p.Name}`"))} |\n");
        sb.Append(End);
        return sb.ToString();
    }

    [Fact]
    public void The_parameter_tables_are_generated_from_the_code()
    {
        string text = File.ReadAllText(Page).ReplaceLineEndings("\n");
        int begin = text.IndexOf(Begin, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/odd.md has lost its markers '{Begin}' ... '{End}'");
        string expected = Generated(), actual = text[begin..(end + End.Length)];
        if (Environment.GetEnvironmentVariable(DocsTests.UpdateVariable) == "1")
        {
            File.WriteAllText(Page, text[..begin] + expected + text[(end + End.Length)..], new UTF8Encoding(false));
            return;
        }
        Assert.True(actual == expected, $"docs/odd.md's parameter tables are out of date; regenerate them: {DocsTests.UpdateVariable}=1 dotnet test tests/Participation.Tests --filter \"FullyQualifiedName~Participation.Tests.Docs\"");
    }

    [Fact]
    public void Every_section_of_the_scenario_is_a_submodel_or_the_structure()
    {
        var sections = ScenarioJson.Keys().Where(k => k.Path.Contains('.')).Select(k => k.Path[..k.Path.IndexOf('.')]).ToHashSet();
        sections.ExceptWith(Submodels.Select(s => s.Section));
        sections.ExceptWith(["compounds", "policies"]); // the structure, and the levers (a table of their own)
        Assert.True(sections.Count == 0, $"scenario sections that docs/odd.md's parameter tables leave out: {string.Join(", ", sections)} (add them to OddTests.Submodels)");
    }

    [Fact]
    public void Every_state_variable_of_residents_households_compounds_clubs_and_teams_is_named()
    {
        string text = File.ReadAllText(Page);
        // The residents' arrays and the team table's (an internal type of the rules: its arrays are its public members).
        var teams = typeof(Population).Assembly.GetType("Participation.Rules.VolunteerTeams", throwOnError: true)!;
        var arrays = typeof(Population).GetProperties().Concat(teams.GetProperties()).Where(p => p.PropertyType.IsArray).Select(p => p.Name).Distinct().ToList();
        Assert.True(arrays.Count >= 40, $"only {arrays.Count} array members found on Population");
        var missing = arrays.Where(name => !text.Contains($"`{name}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/odd.md does not name these state variables of Population: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_protocols_elements_are_all_there()
    {
        string text = File.ReadAllText(Page);
        foreach (var heading in new[] { "## 1. Purpose and patterns", "## 2. Entities, state variables and scales", "## 3. Process overview and scheduling",
                     "## 4. Design concepts", "## 5. Initialisation", "## 6. Input data", "## 7. Submodels" })
            Assert.Contains(heading + "\n", text.ReplaceLineEndings("\n"));
        // The design concepts of ODD+D, each a paragraph of its own.
        foreach (var concept in new[] { "Theoretical and empirical background", "Individual decision making", "Learning", "Individual sensing",
                     "Individual prediction", "Interaction", "Collectives", "Heterogeneity", "Stochasticity", "Observation", "Emergence", "Adaptation" })
            Assert.Matches(new Regex($@"^\*\*{Regex.Escape(concept)}\.\*\*", RegexOptions.Multiline), text);
        // Every file the submodel table names exists.
        foreach (Match m in Regex.Matches(text, @"`(Rules/[A-Za-z]+\.cs)`"))
            Assert.True(File.Exists(Path.Combine(TestScenarios.RepoRoot(), "src", "Participation", m.Groups[1].Value)), $"docs/odd.md names {m.Groups[1].Value}, which does not exist");
    }
}
