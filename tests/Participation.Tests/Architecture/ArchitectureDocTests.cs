using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Participation.Simulation;

namespace Participation.Tests.Architecture;

/// <summary>
/// docs/architecture.md names, for every rule of docs/model.md, the file and the members that carry it out: each file
/// exists and declares each member, and every section of model.md that states a rule has a row. The reference bodies
/// (<c>Participation.Rules</c>) use no hardware intrinsics: those belong to the kernels (<c>HighPerformance</c>).
/// </summary>
public class ArchitectureDocTests
{
    private static readonly string Root = TestScenarios.RepoRoot();

    private static List<(string Rule, string File, string[] Members)> Rows()
    {
        var rows = new List<(string, string, string[])>();
        bool inTable = false;
        foreach (var line in File.ReadAllLines(Path.Combine(Root, "docs", "architecture.md")))
        {
            if (line.StartsWith("| rule | file | members |", StringComparison.Ordinal)) { inTable = true; continue; }
            if (!inTable || line.StartsWith("| ---", StringComparison.Ordinal)) continue;
            if (!line.StartsWith('|')) break;
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            rows.Add((cells[0], cells[1].Trim('`'), Regex.Matches(cells[2], "`([^`]+)`").Select(m => m.Groups[1].Value).ToArray()));
        }
        return rows;
    }

    [Fact]
    public void Every_file_and_member_the_table_names_exists()
    {
        var rows = Rows();
        Assert.True(rows.Count >= 25, $"docs/architecture.md's table has only {rows.Count} rows");
        var types = typeof(Model).Assembly.GetTypes();
        var missing = new List<string>();
        foreach (var (rule, file, members) in rows)
        {
            string path = Path.Combine(Root, "src", "Participation", file);
            if (!File.Exists(path)) { missing.Add($"{rule}: no file src/Participation/{file}"); continue; }
            string source = File.ReadAllText(path);
            Assert.NotEmpty(members);
            foreach (var member in members)
            {
                var (typeName, name) = (member[..member.LastIndexOf('.')], member[(member.LastIndexOf('.') + 1)..]);
                var type = types.SingleOrDefault(t => t.Name == typeName && !t.IsNested);
                bool declared = type is not null
                    && type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Length > 0
                    && Regex.IsMatch(source, $@"\b(class|struct|record|interface)\s+{Regex.Escape(typeName)}\b")
                    && Regex.IsMatch(source, $@"\b{Regex.Escape(name)}\b\s*(\(|=|;|<|\{{)");
                if (!declared) missing.Add($"{rule}: {member} is not declared in src/Participation/{file}");
            }
        }
        Assert.True(missing.Count == 0, "docs/architecture.md names what the code does not have:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_section_of_model_md_that_states_a_rule_has_a_row()
    {
        // The sections of the model itself: time, the generators, the phases of a tick, policies and determinism (not
        // the sources, the state's list of variables, the simplifications or the constants).
        var notRules = new[] { "Sources", "State of a resident", "One tick", "Simplifications and assumptions", "Constants in the code (not scenario parameters)" };
        var sections = File.ReadAllLines(Path.Combine(Root, "docs", "model.md"))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("### ", StringComparison.Ordinal))
            .Select(l => l.TrimStart('#').Trim()).Where(s => !notRules.Contains(s)).ToArray();
        Assert.True(sections.Length >= 15, $"model.md has only {sections.Length} rule sections");
        var rules = Rows().Select(r => r.Rule).ToArray();
        // A row names its section by the section's title up to a colon, e.g. "5. Roles: recruitment" for "5. Roles: …".
        var without = sections.Select(s => s.Split(':')[0])
            .Where(key => !rules.Any(r => r == key || r.StartsWith(key + ":", StringComparison.Ordinal))).ToArray();
        Assert.True(without.Length == 0, "sections of docs/model.md without a row in docs/architecture.md: " + string.Join(", ", without));
    }

    [Fact]
    public void The_reference_bodies_use_no_hardware_intrinsics()
    {
        var result = Types.InAssembly(typeof(Model).Assembly).That().ResideInNamespace("Participation.Rules")
            .ShouldNot().HaveDependencyOnAny("System.Runtime.Intrinsics", "Participation.HighPerformance").GetResult();
        Assert.True(result.IsSuccessful, "types of Participation.Rules use intrinsics or kernels: " + string.Join(", ", result.FailingTypeNames ?? []));
        var files = Directory.GetFiles(Path.Combine(Root, "src", "Participation", "Rules"), "*.cs")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("System.Runtime.Intrinsics") || text.Contains("Vector256") || text.Contains("Vector128")));
        Assert.Empty(files);

        // The kernels do use them: the check above would notice them in Rules.
        Assert.False(Types.InAssembly(typeof(Model).Assembly).That().ResideInNamespace("Participation.HighPerformance")
            .ShouldNot().HaveDependencyOn("System.Runtime.Intrinsics").GetResult().IsSuccessful);
    }
}
