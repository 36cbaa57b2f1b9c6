using System.Text.Json;
using Participation.Cli;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Experiments;

/// <summary>The sweep, sensitivity and calibrate commands end to end on a tiny scenario: files, exit codes, determinism.</summary>
public class ExperimentCliTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-experiments-").FullName;
    private readonly string _scenario;

    public ExperimentCliTests()
    {
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private string Out(string name) => Path.Combine(_temp, name);

    [Fact]
    public void Sweep_streams_a_long_table_that_does_not_depend_on_threads()
    {
        var (code, stdout, stderr) = Cli("sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:3", "--vary", "compounds.old.households=60:90:2",
            "--replications", "2", "--threads", "1", "--out", Out("one"));
        Assert.True(code == 0, stderr);
        Assert.Contains("grid of 6 points × 2 replications = 12 runs", stdout);
        foreach (var f in new[] { "sweep.csv", "sweep_summary.csv", "design.csv", "manifest.json" }) Assert.True(File.Exists(Path.Combine(Out("one"), f)), f);
        var lines = File.ReadAllLines(Path.Combine(Out("one"), "sweep.csv"));
        Assert.StartsWith("point,replication,seed,roles.exitNew,compounds.old.households,register_backbones,register_over_3_years,", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.StartsWith("5,1,", lines[12]);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(Out("one"), "sweep_summary.csv")).Length);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("one"), "manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(7UL, root.GetProperty("masterSeed").GetUInt64());
        Assert.Equal("grid", root.GetProperty("experiment").GetProperty("design").GetString());
        Assert.Equal(12, root.GetProperty("experiment").GetProperty("runs").GetInt32());
        Assert.Equal("tiny test community", root.GetProperty("scenario").GetProperty("name").GetString());
        Assert.StartsWith("participation sweep ", root.GetProperty("command").GetString());

        Assert.Equal(0, Cli("sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:3", "--vary", "compounds.old.households=60:90:2",
            "--replications", "2", "--threads", "2", "--out", Out("two"), "--quiet").Code);
        Assert.Equal(File.ReadAllText(Path.Combine(Out("one"), "sweep.csv")), File.ReadAllText(Path.Combine(Out("two"), "sweep.csv")));
    }

    [Fact]
    public void Sweep_runs_a_latin_hypercube()
    {
        var (code, _, stderr) = Cli("sweep", _scenario, "--vary", "decision.intercept=-8:-5", "--vary", "roles.exitNew=0.02:0.2",
            "--design", "lhs", "--samples", "3", "--common-seeds", "--out", Out("lhs"), "--quiet", "--set", "roles.fillRate=0.2");
        Assert.True(code == 0, stderr);
        var design = File.ReadAllLines(Path.Combine(Out("lhs"), "design.csv"));
        Assert.Equal(4, design.Length);
        var intercepts = design.Skip(1).Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.InRange(intercepts[0], -8, -7);
        Assert.InRange(intercepts[1], -7, -6);
        Assert.InRange(intercepts[2], -6, -5);
        // Common seeds: the same three seeds at every point.
        var seeds = File.ReadAllLines(Path.Combine(Out("lhs"), "sweep.csv")).Skip(1).Select(l => l.Split(',')[2]).Distinct().ToArray();
        Assert.Single(seeds);
    }

    [Theory]
    [InlineData("roles.exitNeww=0:1", "did you mean roles.exitNew")]
    [InlineData("roles.exitNew=0:2", "between 0 and 1")]
    [InlineData("roles.exitNew=0.2", "expected path=lo:hi")]
    [InlineData("roles.exitNew=0.3:0.1", "lo <= hi")]
    [InlineData("calendar.start=1:2", "a numeric scenario key")]
    [InlineData("compounds.nope.households=1:2", "one of new, old")]
    [InlineData("compounds.old.buildings=1:500", "at most the compound's households")]
    [InlineData("policies.drive.parameters.fillFactor=1:200", "between 0 and 100")]
    public void Sweep_refuses_a_bad_vary_with_exit_code_2(string vary, string message)
    {
        var (code, _, stderr) = Cli("sweep", _scenario, "--vary", vary, "--out", Out("bad"), "--quiet");
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(message, stderr);
        Assert.False(Directory.Exists(Out("bad")));
    }

    [Theory]
    [InlineData("--design", "cube")]
    [InlineData("--samples", "4")]
    [InlineData("--replications", "0")]
    [InlineData("--threads", "-1")]
    public void Sweep_refuses_bad_options_with_exit_code_2(string option, string value)
    {
        var (code, _, stderr) = Cli("sweep", _scenario, "--vary", "roles.exitNew=0:1:2", option, value, "--out", Out("bad"), "--quiet");
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void Sensitivity_writes_morris_and_sobol_indices()
    {
        var (code, stdout, stderr) = Cli("sensitivity", _scenario, "--vary", "roles.exitNew=0.02:0.3", "--vary", "decision.intercept=-8:-5",
            "--method", "morris", "--outcome", "participation_rate_month", "--samples", "2", "--bootstrap", "50", "--out", Out("morris"));
        Assert.True(code == 0, stderr);
        Assert.Contains("Morris screening of participation_rate_month (6 points", stdout);
        var indices = File.ReadAllLines(Path.Combine(Out("morris"), "indices.csv"));
        Assert.Equal("parameter,index,estimate,low,high", indices[0]);
        Assert.Equal(7, indices.Length);
        Assert.StartsWith("decision.intercept,mu_star,", indices[5]);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(Out("morris"), "sweep.csv")).Length);

        (code, _, stderr) = Cli("sensitivity", _scenario, "--vary", "decision.intercept=-8:-5", "--method", "sobol",
            "--outcome", "participation_rate_month", "--samples", "4", "--bootstrap", "50", "--out", Out("sobol"), "--quiet");
        Assert.True(code == 0, stderr);
        var sobol = File.ReadAllLines(Path.Combine(Out("sobol"), "indices.csv"));
        Assert.Equal(["decision.intercept,first_order", "decision.intercept,total_order"], sobol.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
        Assert.Equal(1 + 4 * 3, File.ReadAllLines(Path.Combine(Out("sobol"), "design.csv")).Length);
    }

    [Theory]
    [InlineData("--outcome", "nothing_like_it", "expected a summary figure")]
    [InlineData("--method", "fast", "expected morris or sobol")]
    [InlineData("--levels", "3", "even number")]
    public void Sensitivity_refuses_bad_options_with_exit_code_2(string option, string value, string message)
    {
        string[] args = ["sensitivity", _scenario, "--vary", "roles.exitNew=0:1", "--out", Out("bad"), "--quiet", option, value];
        if (option != "--outcome") args = [.. args, "--outcome", "participation_rate_month"];
        var (code, _, stderr) = Cli(args);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Calibrate_fits_with_a_small_budget_and_writes_a_defaults_file_usable_as_a_base()
    {
        string targets = Out("targets.json");
        File.WriteAllText(targets, """
        {
          "description": "test targets",
          "targets": {
            "participation_rate_month": { "value": 0.1, "tolerance": 0.05, "source": "made up" },
            "top10_task_share": { "value": 0.5, "tolerance": 0.1 }
          },
          "parameters": {
            "decision.intercept": { "min": -8, "max": -5 },
            "policies.drive.scale": { "min": 1, "max": 3 }
          }
        }
        """);
        string defaults = Path.Combine(_temp, "calibrated", "tiny-defaults.json");
        var (code, stdout, stderr) = Cli("calibrate", _scenario, "--targets", targets, "--budget", "3", "--replications", "1",
            "--out", Out("cal"), "--defaults", defaults);
        Assert.True(code == 0, stderr);
        Assert.Contains("calibrated 2 parameters to 2 targets in 3 evaluations", stdout);
        foreach (var f in new[] { "fitted.csv", "targets.csv", "trace.csv", "manifest.json" }) Assert.True(File.Exists(Path.Combine(Out("cal"), f)), f);
        Assert.Equal(2 + 3, File.ReadAllLines(Path.Combine(Out("cal"), "trace.csv")).Length); // header, 3 evaluations, the check
        var table = File.ReadAllLines(Path.Combine(Out("cal"), "targets.csv"));
        Assert.Equal("figure,target,tolerance,simulated_mean,low,high,replications,z,within_tolerance,source", table[0]);
        Assert.StartsWith("participation_rate_month,0.1,0.05,", table[1]);
        var fitted = File.ReadAllLines(Path.Combine(Out("cal"), "fitted.csv"));
        Assert.StartsWith("decision.intercept,", fitted[1]);
        Assert.EndsWith(",-8,-5,-6.5", fitted[1]); // started from the scenario's own value (set in the file, not the library default)

        // The defaults file extends cleanly and carries the fitted intercept; the drive's scale is only named.
        File.WriteAllText(Path.Combine(_temp, "calibrated", "child.json"), """{ "extends": "tiny-defaults.json" }""");
        var child = ScenarioLoader.Load(Path.Combine(_temp, "calibrated", "child.json"));
        double intercept = double.Parse(fitted[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(intercept, child.Decision.Intercept);
        Assert.Contains("policies.drive.scale = ", child.Description);
        Assert.Contains("participation calibrate", child.Description);
    }

    [Fact]
    public void Calibrate_refuses_bad_targets_with_exit_code_2()
    {
        string targets = Out("bad-targets.json");
        File.WriteAllText(targets, """{ "targets": { "top10_task_share": { "value": 0.6, "tolerance": 0.1 } }, "parameters": { "roles.exitNew": { "min": 0, "max": 3 } } }""");
        var (code, _, stderr) = Cli("calibrate", _scenario, "--targets", targets, "--out", Out("bad"), "--quiet");
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("roles.exitNew = 3: expected a number between 0 and 1", stderr);

        (code, _, stderr) = Cli("calibrate", _scenario, "--targets", Out("missing.json"), "--out", Out("bad"), "--quiet");
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("missing.json: no such file; expected a targets file", stderr);

        (code, _, _) = Cli("calibrate", _scenario, "--out", Out("bad"), "--quiet");
        Assert.Equal(Program.BadInput, code);
    }
}
