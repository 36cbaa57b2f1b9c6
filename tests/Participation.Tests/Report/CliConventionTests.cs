using Participation.Cli;
using Participation.Cli.Commands;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Report;

/// <summary>CLI conventions: examples in every --help, --version, and participation new writing a starter scenario that loads.</summary>
public class CliConventionTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-new-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("run")]
    [InlineData("inspect")]
    [InlineData("compare")]
    [InlineData("sweep")]
    [InlineData("sensitivity")]
    [InlineData("calibrate")]
    [InlineData("report")]
    [InlineData("new")]
    [InlineData("serve")]
    public void Help_of_every_command_shows_examples_of_that_command(string command)
    {
        var (code, stdout, _) = Cli(command, "--help");
        Assert.Equal(0, code);
        int at = stdout.IndexOf("Examples:", StringComparison.Ordinal);
        Assert.True(at >= 0, $"participation {command} --help has no examples:\n{stdout}");
        var examples = stdout[at..].Split('\n').Skip(1).TakeWhile(l => l.Trim().Length > 0).Select(l => l.Trim()).ToList();
        Assert.NotEmpty(examples);
        Assert.Contains(examples, e => e.StartsWith($"participation {command} ", StringComparison.Ordinal));
        if (command != "inspect") // inspect prints a description, nothing to quiet
        {
            Assert.Contains("--quiet", stdout);
            Assert.Contains("--verbose", stdout);
        }
    }

    [Fact]
    public void Every_example_is_a_command_line_that_parses()
    {
        var o = TextWriter.Null;
        var root = Program.Commands(o, o);
        Assert.Equal(root.Subcommands.Select(c => c.Name).Append("").Order(), HelpExamples.ByCommand.Keys.Order());
        foreach (var example in HelpExamples.ByCommand.Values.SelectMany(e => e))
        {
            Assert.StartsWith("participation ", example);
            var tokens = System.Text.RegularExpressions.Regex.Matches(example["participation ".Length..], "\"[^\"]*\"|\\S+")
                .Select(m => m.Value.Trim('"')).ToArray();
            var parse = root.Parse(tokens);
            Assert.True(parse.Errors.Count == 0, $"{example}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void Help_lists_the_new_commands_and_the_report_option()
    {
        var (_, stdout, _) = Cli("--help");
        Assert.Contains("report", stdout);
        Assert.Contains("new", stdout);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(stdout, "Examples:")); // the root's own; the command list stays one line each
        foreach (var command in new[] { "run", "compare", "sweep" })
            Assert.Contains("--report", Cli(command, "--help").Out);
    }

    [Fact]
    public void Version_prints_the_library_version_and_exits_0()
    {
        var (code, stdout, _) = Cli("--version");
        Assert.Equal(0, code);
        Assert.StartsWith(Participation.Experiments.Results.ResultSet.Version.Split('+')[0], stdout.Trim());
    }

    [Fact]
    public void New_writes_a_documented_starter_scenario_that_loads_and_never_overwrites()
    {
        string path = Path.Combine(_temp, "mine", "riverside.json");
        var (code, stdout, stderr) = Cli("new", path, "--name", "Riverside \"East\" Community");
        Assert.True(code == 0, stderr);
        Assert.Contains($"Wrote {path}", stdout);
        Assert.Contains($"participation run {path}", stdout);
        string text = File.ReadAllText(path);
        Assert.Contains("//", text); // documented with comments
        var s = ScenarioLoader.Load(path);
        Assert.Equal("Riverside \"East\" Community", s.Name);
        Assert.False(string.IsNullOrWhiteSpace(s.Description));
        Assert.NotEmpty(s.Sources);
        Assert.Equal(2, s.Compounds.Count);
        Assert.Single(s.Policies);
        Assert.True(s.Calendar.ReportFrom > s.Calendar.Start && s.Calendar.End > s.Calendar.ReportFrom);
        Assert.Equal(File.ReadAllText(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "templates", "community.json"))
            .Replace("\"name\": \"New community\"", "\"name\": \"Riverside \\\"East\\\" Community\""), text);

        File.WriteAllText(path, "{ \"name\": \"mine\" }");
        (code, _, stderr) = Cli("new", path);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("exists", stderr);
        Assert.Equal("{ \"name\": \"mine\" }", File.ReadAllText(path));

        Assert.Equal(Program.BadInput, Cli("new", Path.Combine(_temp, "x.txt")).Code);
        Assert.Equal(Program.BadInput, Cli("new", Path.Combine(_temp, "y.json"), "--template", "nope").Code);
        Assert.False(File.Exists(Path.Combine(_temp, "y.json")));
        (code, stdout, _) = Cli("new", Path.Combine(_temp, "z.json"), "--quiet");
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Equal("New community", ScenarioLoader.Load(Path.Combine(_temp, "z.json")).Name);
    }

    [Fact]
    public void Every_template_is_embedded_and_loads()
    {
        var files = Directory.GetFiles(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "templates"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, NewCommand.Templates);
        foreach (var t in NewCommand.Templates) Assert.NotNull(ScenarioLoader.LoadJson(NewCommand.Render(t, null)));
    }
}
