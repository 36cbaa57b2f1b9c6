using System.Globalization;
using Participation.Cli;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Cli;

/// <summary>Policy comparison on common random numbers, through the CLI.</summary>
public class CompareTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-compare-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string name, string json)
    {
        string path = Path.Combine(_temp, name);
        File.WriteAllText(path, json);
        return path;
    }

    private string Baseline() => Write("baseline.json", """
        {
          "name": "baseline", "seed": 3,
          "calendar": { "start": "2012-01-02", "end": "2016-12-31", "registerDate": "2016-12-31", "reportFrom": "2014-01-01" },
          "compounds": { "old": { "type": "old", "households": 600, "buildings": 25 }, "new": { "type": "commercial", "households": 400, "buildings": 5 } }
        }
        """);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private static Dictionary<(string Variant, string Figure), string[]> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        Assert.Equal("variant,figure,unit,baseline,variant_mean,difference,ci_low,ci_high,n", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => (c[0], c[1]));
    }

    [Fact]
    public void A_variant_whose_policy_is_switched_off_differs_from_the_baseline_by_exactly_nothing()
    {
        string baseline = Baseline();
        string same = Write("same.json", """
            { "extends": "baseline.json", "policies": { "p": { "kind": "insurance", "start": "2015-01-01", "enabled": false } } }
            """);
        string dir = Path.Combine(_temp, "out-same");
        var (code, _, err) = Cli("compare", baseline, same, "--replications", "3", "--out", dir, "--quiet");
        Assert.True(code == 0, err);
        var rows = Read(Path.Combine(dir, "compare.csv"));
        foreach (var figure in Participation.Experiments.Comparison.PolicyComparison.Figures)
        {
            var row = rows[("same", figure)];
            if (row[5] == "") continue; // undefined in every replication
            Assert.Equal(0.0, double.Parse(row[5], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void A_comparison_stops_when_cancelled()
    {
        var baseline = ScenarioLoader.Load(Baseline());
        using var cancel = new CancellationTokenSource();
        int reports = 0;
        var progress = new Progress(() => { if (++reports == 3) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => Participation.Experiments.Comparison.PolicyComparison.Run(
            ("baseline", baseline), [("variant", baseline.WithoutPolicies())], 3, 2, threads: 1, progress: progress, cancellation: cancel.Token));
        Assert.True(reports is >= 3 and < 1000, $"{reports} progress reports: the comparison ran on after it was cancelled");
    }

    private sealed class Progress(Action report) : IProgress<Participation.Experiments.Replications.BatchProgress>
    {
        public void Report(Participation.Experiments.Replications.BatchProgress value) => report();
    }

    [Fact]
    public void Compare_prints_and_writes_effects_with_intervals_and_costs()
    {
        string baseline = Baseline();
        string insured = Write("insured.json", """
            { "extends": "baseline.json", "calendar": { "end": "2017-12-31" },
              "policies": { "insurance": { "kind": "insurance", "start": "2015-01-01", "scale": 1, "unitCost": 150 } } }
            """);
        string dir = Path.Combine(_temp, "out");
        var (code, stdout, err) = Cli("compare", baseline, insured, "--replications", "4", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("All scenarios run to 2017-12-31", stdout);
        Assert.Contains("insured", stdout);
        var rows = Read(Path.Combine(dir, "compare.csv"));
        Assert.Equal(Participation.Experiments.Comparison.PolicyComparison.Figures.Length, rows.Count);
        var spent = rows[("insured", "spent_total")];
        Assert.True(double.Parse(spent[5], CultureInfo.InvariantCulture) > 0);
        Assert.Equal("4", spent[8]);
        var costs = File.ReadAllLines(Path.Combine(dir, "costs.csv"));
        Assert.StartsWith("variant,extra_spent,extra_participants,cost_per_extra_participant,extra_retained,cost_per_extra_retained", costs[0]);
        Assert.Equal(2, costs.Length);
    }

    [Fact]
    public void No_policies_switches_every_policy_off()
    {
        var s = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json"));
        Assert.Contains(s.Policies.Values, p => p.Enabled);
        Assert.All(s.WithoutPolicies().Policies.Values, p => Assert.False(p.Enabled));
        Assert.Equal(s.Policies.Count, s.WithoutPolicies().Policies.Count);
    }

    [Fact]
    public void Compare_refuses_too_few_replications_and_duplicate_names()
    {
        string baseline = Baseline();
        Assert.Equal(2, Cli("compare", baseline, baseline, "--replications", "1").Code);
        var (code, _, err) = Cli("compare", baseline, baseline, "--replications", "2", "--out", Path.Combine(_temp, "dup"));
        Assert.Equal(2, code);
        Assert.Contains("distinct names", err);
    }
}

/// <summary>Every shipped scenario loads and runs its first years.</summary>
public class ShippedScenarioTests
{
    public static TheoryData<string> Files() => new(Directory
        .EnumerateFiles(Path.Combine(TestScenarios.RepoRoot(), "scenarios"), "*.json", SearchOption.AllDirectories)
        .Where(f => !f.Contains(Path.DirectorySeparatorChar + "targets" + Path.DirectorySeparatorChar)
                 && !f.Contains(Path.DirectorySeparatorChar + "bench" + Path.DirectorySeparatorChar))
        .Select(f => Path.GetRelativePath(TestScenarios.RepoRoot(), f)));

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_loads_cites_its_sources_and_runs(string file)
    {
        var s = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), file));
        Assert.False(string.IsNullOrWhiteSpace(s.Description), file);
        var model = Participation.Simulation.Model.Create(s, 1);
        for (int t = 0; t < 20; t++) model.Step();
        Assert.True(model.Population.Count > 1000);
        if (!file.Contains("x-policies")) Assert.NotEmpty(s.Sources);
    }
}
