using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Scenario files are data, never code: a shared scenario cannot make the tool load an assembly, resolve a
/// type, run a program, or read outside the folders it may draw base files from.
/// </summary>
public class HostileScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("participation-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ScenarioException Refused(string json, string name = "hostile.json")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
    }

    [Theory]
    [InlineData("System.IO.File")]
    [InlineData("Participation.Policies.Points, Participation")]
    [InlineData("/usr/lib/evil.dll")]
    [InlineData("file:///tmp/evil.dll")]
    public void A_policy_kind_naming_a_type_or_an_assembly_is_an_unknown_kind(string kind)
    {
        var e = Refused($$"""{ "policies": { "p": { "kind": "{{kind.Replace("\\", "\\\\")}}", "start": "2000-01-01" } } }""");
        Assert.Contains("policies.p.kind", e.Message);
        Assert.Contains("one of", e.Message);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("/proc/self/environ")]
    public void Extends_cannot_read_outside_the_scenario_tree_or_working_directory(string target)
    {
        // The temp folder is in no git repository, so the scenario's own folder is the tree it may read.
        var e = Refused($$"""{ "extends": "{{target}}" }""");
        Assert.Contains("extends", e.Message);
        Assert.DoesNotContain("root:", e.Message); // nothing of the target's contents leaks into the message
    }

    [Fact]
    public void Unknown_keys_that_look_like_commands_are_refused_not_run()
    {
        var e = Refused("""{ "exec": "rm -rf /", "plugin": "evil.dll" }""");
        Assert.Contains("exec", e.Message);
        Assert.Contains("expected", e.Message);
    }
}
