using System.Text.Json.Nodes;
using Participation.Cli;
using Participation.Experiments.Results;

namespace Participation.Tests.Reliability;

/// <summary>
/// A scenario's <c>extends</c> resolves real paths (every symbolic link) before it checks that the base lies inside the
/// scenario's tree or the working directory, so a link cannot lead it to a file outside; and no error message replays a
/// file's contents: it quotes at most a key and a short value, on one line, with control characters escaped.
/// </summary>
public class PathContainmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("participation-contain-").FullName;
    private readonly string _tree;
    private readonly string _outside;

    /// <summary>What the secret files hold; it must never appear in anything the command prints.</summary>
    private const string Secret = "hunter2-s3cr3t";

    public PathContainmentTests()
    {
        _tree = Directory.CreateDirectory(Path.Combine(_root, "tree")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), $"API_TOKEN={Secret}\n");
        File.WriteAllText(Path.Combine(_outside, "secret.json"), $$"""{ "db": { "password": "{{Secret}}" }, "{{Secret}}": 1 }""");
        File.WriteAllText(Path.Combine(_outside, "valid.json"), $$"""{ "name": "{{Secret}}", "description": "{{Secret}}" }""");
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string Scenario(string name, string extends)
    {
        string path = Path.Combine(_tree, name);
        File.WriteAllText(path, $$"""{ "extends": "{{extends}}", "name": "top" }""");
        return path;
    }

    /// <summary>Runs <c>inspect</c> and <c>run</c> on <paramref name="scenario"/>: both refused (exit 2, one line), the secret in neither output.</summary>
    private static string Refused(string scenario, string outFolder)
    {
        string last = "";
        foreach (var args in new[] { new[] { "inspect", scenario, "--no-scenario" }, ["run", scenario, "--out", outFolder, "--quiet"] })
        {
            var (code, stdout, stderr) = CliRunner.Run(args);
            Assert.True(code == Program.BadInput, $"{string.Join(' ', args)}: exit {code}: {stderr}");
            Assert.DoesNotContain(Secret, stdout + stderr);
            Assert.Equal(2, stderr.Split('\n').Length); // one line and its newline
            Assert.StartsWith("error: ", stderr);
            last = stderr;
        }
        return last;
    }

    [Fact]
    public void A_symlink_out_of_the_tree_is_refused_before_the_secret_is_read()
    {
        if (OperatingSystem.IsWindows()) return; // creating symbolic links needs a privilege there
        File.CreateSymbolicLink(Path.Combine(_tree, "base.json"), Path.Combine(_outside, "secret.json"));
        File.CreateSymbolicLink(Path.Combine(_tree, "base.txt"), Path.Combine(_outside, "secret.txt"));
        foreach (var link in new[] { "base.json", "base.txt" })
        {
            string message = Refused(Scenario($"top-{link}.json", link), Path.Combine(_root, "out"));
            Assert.Contains($"extends = {link}", message);
            Assert.Contains("leads outside through a symbolic link", message);
        }
    }

    [Fact]
    public void Links_of_every_shape_are_resolved_and_links_inside_the_tree_still_work()
    {
        if (OperatingSystem.IsWindows()) return;
        // A linked folder, a chain of links, a relative link, a link to a valid scenario (so nothing but the check stops it).
        Directory.CreateSymbolicLink(Path.Combine(_tree, "shared"), _outside);
        File.CreateSymbolicLink(Path.Combine(_tree, "hop2.json"), Path.Combine(_outside, "valid.json"));
        File.CreateSymbolicLink(Path.Combine(_tree, "hop1.json"), "hop2.json");
        File.CreateSymbolicLink(Path.Combine(_tree, "relative.json"), "../outside/valid.json");
        Directory.CreateDirectory(Path.Combine(_tree, "sub"));
        File.CreateSymbolicLink(Path.Combine(_tree, "sub", "up.json"), Path.Combine(_outside, "valid.json"));
        File.WriteAllText(Path.Combine(_tree, "middle.json"), """{ "extends": "sub/up.json" }""");
        foreach (var extends in new[] { "shared/valid.json", "shared/secret.json", "hop1.json", "relative.json", "middle.json", "./shared/../shared/valid.json" })
            Assert.Contains("symbolic link", Refused(Scenario("top.json", extends), Path.Combine(_root, "out")));

        // A loop of links is refused on one line, not followed forever.
        File.CreateSymbolicLink(Path.Combine(_tree, "loop-a.json"), "loop-b.json");
        File.CreateSymbolicLink(Path.Combine(_tree, "loop-b.json"), "loop-a.json");
        Refused(Scenario("top.json", "loop-a.json"), Path.Combine(_root, "out"));

        // A link that stays inside the tree is an ordinary base file.
        File.WriteAllText(Path.Combine(_tree, "real-base.json"), TestScenarios.TinyJson);
        File.CreateSymbolicLink(Path.Combine(_tree, "alias.json"), "real-base.json");
        var (code, stdout, stderr) = CliRunner.Run("inspect", Scenario("top.json", "alias.json"), "--no-scenario");
        Assert.True(code == 0, stderr);
        Assert.Contains("households 150", stdout);
    }

    /// <summary>
    /// A scenarios folder reached through a link (a checkout's scenarios linked into a work folder): its variants extend
    /// the files beside them in its real tree, and a link out of that real tree is still refused.
    /// </summary>
    [Fact]
    public void A_scenarios_folder_reached_through_a_link_keeps_its_own_tree()
    {
        if (OperatingSystem.IsWindows()) return;
        string checkout = Directory.CreateDirectory(Path.Combine(_root, "checkout")).FullName;
        Directory.CreateDirectory(Path.Combine(checkout, ".git"));
        string scenarios = Directory.CreateDirectory(Path.Combine(checkout, "scenarios", "variants")).FullName;
        File.WriteAllText(Path.Combine(checkout, "scenarios", "base.json"), TestScenarios.TinyJson);
        File.WriteAllText(Path.Combine(scenarios, "variant.json"), """{ "extends": "../base.json", "name": "variant" }""");
        File.CreateSymbolicLink(Path.Combine(scenarios, "secret.json"), Path.Combine(_outside, "valid.json"));
        File.WriteAllText(Path.Combine(scenarios, "leak.json"), """{ "extends": "secret.json" }""");
        string work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(work, "scenarios"), Path.Combine(checkout, "scenarios"));

        var (code, stdout, stderr) = CliRunner.Run("inspect", Path.Combine(work, "scenarios", "variants", "variant.json"), "--no-scenario");
        Assert.True(code == 0, stderr);
        Assert.Contains("households 150", stdout);
        Assert.Contains("symbolic link", Refused(Path.Combine(work, "scenarios", "variants", "leak.json"), Path.Combine(_root, "out")));
    }

    [Fact]
    public void Messages_quote_a_key_and_a_short_sanitised_value_never_a_files_contents()
    {
        // The scenario named on the command line may be anything the user points at: its message still shows no contents.
        string named = Path.Combine(_tree, "named.json");
        File.Copy(Path.Combine(_outside, "secret.json"), named);
        var (code, stdout, stderr) = CliRunner.Run("inspect", named);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("db = (a JSON object)", stderr);
        Assert.DoesNotContain(Secret, stdout + stderr);

        foreach (var (json, shown) in new[]
        {
            ($$"""{ "name": ["{{Secret}}"] }""", "name = (an array)"),
            ($$"""{ "calendar": { "start": { "x": "{{Secret}}" } } }""", "calendar.start = (a JSON object)"),
            ("""{ "name": "a\u001b[2Jb\u0007" }""", null),
            ($$"""{ "seed": "{{new string('7', 5000)}}" }""", "seed = "),
        })
        {
            File.WriteAllText(named, json);
            (code, stdout, stderr) = CliRunner.Run("inspect", named, "--no-scenario");
            if (shown is not null) Assert.Contains(shown, stderr);
            Assert.DoesNotContain(Secret, stdout + stderr);
            Assert.DoesNotContain('\u001b', stderr);
            Assert.True(stderr.Length < 500, $"{stderr.Length} characters: {stderr}");
        }

        // Values from the command line and from a manifest too: one line, no escape sequences, cut.
        File.WriteAllText(named, TestScenarios.TinyJson);
        (code, _, stderr) = CliRunner.Run("inspect", named, "--set", "decision.intercept=1\n\u001b[2J" + new string('x', 3000));
        Assert.Equal(Program.BadInput, code);
        Assert.Equal(2, stderr.Split('\n').Length);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.True(stderr.Length < 800, stderr);

        // A long argument the parser quotes whole (an unknown option) is cut too.
        (code, _, stderr) = CliRunner.Run("inspect", named, "--" + new string('y', 5000) + "\u001b[2J");
        Assert.Equal(Program.BadInput, code);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.True(stderr.Length < 2200, $"{stderr.Length} characters");

        string results = Path.Combine(_root, "results");
        Assert.Equal(0, CliRunner.Run("run", named, "--out", results, "--quiet").Code);
        string manifest = Path.Combine(results, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["version"] = "9.9\n\u001b]0;owned\u0007" + new string('v', 5000);
        File.WriteAllText(manifest, node.ToJsonString());
        (code, _, stderr) = CliRunner.Run("rerun", manifest);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(ResultSet.Version, stderr);
        Assert.Equal(2, stderr.Split('\n').Length);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\u0007', stderr);
        Assert.True(stderr.Length < 800, stderr);
    }
}
