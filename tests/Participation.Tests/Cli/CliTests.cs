using Participation.Cli;

namespace Participation.Tests.Cli;

/// <summary>The participation command end to end, in process: outputs, exit codes, determinism across threads.</summary>
public class CliTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-cli-").FullName;
    private readonly string _scenario;

    public CliTests()
    {
        // A small, short scenario written as a user would write it.
        _scenario = Path.Combine(_temp, "small.json");
        File.WriteAllText(_scenario, TestScenarios.SmallJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Run_writes_every_table_and_a_manifest_and_prints_a_summary()
    {
        string dir = Path.Combine(_temp, "out");
        var (code, stdout, stderr) = Cli("run", _scenario, "--out", dir, "--replications", "2");
        Assert.True(code == 0, stderr);
        foreach (var file in Participation.Experiments.Results.ResultSet.Files) Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.Empty(Directory.GetFiles(dir, "*.partial"));
        Assert.Contains("Register date 2019-12-31", stdout);
        Assert.Contains("Means of 2 replications with the 95 % interval of the mean.", stdout);
        Assert.Matches(@"In role at the register date: serving over 3 years +[0-9.]+ % \[", stdout);
        // The test community is not study X's: it is not held against X's figures.
        Assert.Contains("No study's figures beside these", stdout);
        Assert.DoesNotContain("study X", stdout);

        var weekly = File.ReadAllLines(Path.Combine(dir, "weekly.csv"));
        Assert.StartsWith("replication,seed,date,tick,residents,adults,participants,participation_rate_weekly", weekly[0]);
        // Two replications of the weeks from 2017-01-02 to 2019-12-30.
        Assert.Equal(1 + 2 * 157, weekly.Length);
        Assert.All(weekly.Skip(1), line => Assert.Equal(weekly[0].Split(',').Length, line.Split(',').Length));

        var summary = File.ReadAllLines(Path.Combine(dir, "summary.csv"));
        Assert.Equal("figure,unit,mean,ci_low,ci_high,sd,n,meaning", summary[0]);
        var register = summary.Single(l => l.StartsWith("register_backbones,")).Split(',');
        Assert.Equal("2", register[6]);
        Assert.True(double.Parse(register[3], System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(register[2], System.Globalization.CultureInfo.InvariantCulture));

        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))).RootElement;
        Assert.Equal(7UL, manifest.GetProperty("masterSeed").GetUInt64());
        Assert.Equal(2, manifest.GetProperty("seeds").GetArrayLength());
        Assert.Equal("small test community", manifest.GetProperty("scenario").GetProperty("name").GetString());
        Assert.True(manifest.GetProperty("wallSeconds").GetDouble() > 0);
    }

    [Fact]
    public void Results_are_byte_identical_on_one_thread_and_on_several()
    {
        string one = Path.Combine(_temp, "one"), two = Path.Combine(_temp, "two");
        Assert.Equal(0, Cli("run", _scenario, "--out", one, "--threads", "1", "--quiet").Code);
        Assert.Equal(0, Cli("run", _scenario, "--out", two, "--threads", "3", "--quiet").Code);
        foreach (var file in Participation.Experiments.Results.ResultSet.Files.Where(f => f != "manifest.json"))
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, file))), file);
    }

    [Fact]
    public void Rerunning_writes_a_fresh_folder_and_never_overwrites_results()
    {
        string root = Path.Combine(_temp, "results");
        string a, b;
        using (var first = OutputFolder.Prepare(null, _scenario, force: false, resultsRoot: root)) a = first.Path;
        File.WriteAllText(Path.Combine(a, "weekly.csv"), "x");
        using (var second = OutputFolder.Prepare(null, _scenario, force: false, resultsRoot: root)) b = second.Path;
        Assert.NotEqual(a, b);
        Assert.StartsWith(Path.Combine(root, "small-"), a);

        string dir = Path.Combine(_temp, "full");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "weekly.csv"), "earlier results");
        var (code, _, stderr) = Cli("run", _scenario, "--out", dir, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("not empty", stderr);
        Assert.Equal("earlier results", File.ReadAllText(Path.Combine(dir, "weekly.csv")));
        // --force replaces participation's results only: a weekly.csv that no manifest names is refused, and kept.
        (code, _, stderr) = Cli("run", _scenario, "--out", dir, "--quiet", "--force");
        Assert.Equal(2, code);
        Assert.Contains("was not written by participation", stderr);
        Assert.Equal("earlier results", File.ReadAllText(Path.Combine(dir, "weekly.csv")));
        File.Delete(Path.Combine(dir, "weekly.csv"));
        Assert.Equal(0, Cli("run", _scenario, "--out", dir, "--quiet").Code);
        Assert.Equal(0, Cli("run", _scenario, "--out", dir, "--quiet", "--force").Code);
    }

    [Fact]
    public void Set_overrides_a_value_and_the_manifest_records_it()
    {
        string dir = Path.Combine(_temp, "set");
        Assert.Equal(0, Cli("run", _scenario, "--out", dir, "--quiet", "--set", "roles.slotsPerThousand=12", "--set", "seed=99").Code);
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))).RootElement;
        Assert.Equal(12, manifest.GetProperty("scenario").GetProperty("roles").GetProperty("slotsPerThousand").GetDouble());
        Assert.Equal(99UL, manifest.GetProperty("masterSeed").GetUInt64());
        Assert.Equal(2, manifest.GetProperty("overrides").GetArrayLength());
    }

    [Theory]
    [InlineData("missing.json", "existing scenario file")]
    [InlineData("--set|decision.intercept=abc", "decision.intercept")]
    [InlineData("--set|decision.interecpt=1", "did you mean decision.intercept")]
    [InlineData("--set|roles.fillRate=2", "between 0 and 1")]
    [InlineData("--set|calendar.end=2010-01-01", "calendar.end")]
    [InlineData("--replications|0", "--replications 0")]
    [InlineData("--threads|-1", "--threads -1")]
    [InlineData("--no-such-option", "--no-such-option")]
    [InlineData("--seed|notanumber", "notanumber")]
    public void Bad_input_gives_one_clear_line_and_exit_code_2(string extra, string expected)
    {
        var args = new List<string> { "run" };
        if (extra.EndsWith(".json")) args.Add(Path.Combine(_temp, extra));
        else { args.Add(_scenario); args.AddRange(extra.Split('|')); }
        args.AddRange(["--out", Path.Combine(_temp, "bad-" + Guid.NewGuid().ToString("N")), "--quiet"]);
        var (code, _, stderr) = Cli(args.ToArray());
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.StartsWith("error:", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public void Unknown_command_and_missing_argument_exit_2()
    {
        Assert.Equal(2, Cli("frobnicate").Code);
        Assert.Equal(2, Cli("run").Code);
        Assert.Equal(0, Cli("--help").Code);
    }

    [Fact]
    public void Inspect_prints_the_resolved_scenario_and_population_and_network_statistics()
    {
        var (code, stdout, stderr) = Cli("inspect", _scenario);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"householdSize1\"", stdout);
        Assert.Contains("# Population", stdout);
        Assert.Contains("digital literacy by age", stdout);
        Assert.Contains("# Network", stdout);
        Assert.Contains("clustering", stdout);
        Assert.Contains("degree distribution", stdout);
    }
}
