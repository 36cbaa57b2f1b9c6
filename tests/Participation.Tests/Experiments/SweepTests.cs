using CultureInfo = System.Globalization.CultureInfo;
using Participation.Experiments.Replications;
using Participation.Experiments.Sweeps;
using Participation.Outcomes;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Tests.Experiments;

/// <summary>The sweep engine: parameters checked against the schema, designs, seeds, ordered streaming, determinism.</summary>
public class SweepTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-sweep-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>A few hundred residents over two years: runs take milliseconds.</summary>
    internal static Scenario Tiny(int years = 2) => TestScenarios.Small(households: 150, years: years);

    /// <summary>A runner that does not simulate: an empty result, after a delay that makes runs finish out of order.</summary>
    private static RunResult Fake(Scenario s, ulong seed, CancellationToken _)
    {
        Thread.Sleep((int)(seed % 7));
        return new RunResult(s, seed, new Calendar(s.Calendar), [], [], [], [], null, [], []);
    }

    private static IReadOnlyList<SummaryFigure> FakeFigures(RunResult r) =>
    [
        new("exit_new", r.Scenario.Roles.ExitNew, "per week", ""),
        new("households", r.Scenario.TotalHouseholds, "count", ""),
        new("seed_mod", r.Seed % 1000, "", ""),
    ];

    [Fact]
    public void Parameters_are_checked_against_the_schema()
    {
        var s = Tiny();
        var p = SweepParameter.Parse("roles.exitNew=0.02:0.2:4", s);
        Assert.Equal(("roles.exitNew", 0.02, 0.2, 4, false), (p.Path, p.Low, p.High, p.Steps, p.Integer));
        var households = SweepParameter.Parse("compounds.old.households=50:80", s);
        Assert.True(households.Integer);
        Assert.Equal(65, households.At(0.5));
        Assert.Equal("compounds.old.households=62", households.Override(61.7));

        Assert.Throws<FormatException>(() => SweepParameter.Parse("roles.exitNew", s));
        Assert.Throws<FormatException>(() => SweepParameter.Parse("roles.exitNew=0.1:x", s));
        Assert.Throws<FormatException>(() => SweepParameter.Parse("roles.exitNew=0.3:0.1", s));
        var unknown = Assert.Throws<ScenarioException>(() => SweepParameter.Parse("roles.exitNeww=0:1", s));
        Assert.Contains("did you mean roles.exitNew", unknown.Message);
        var range = Assert.Throws<ScenarioException>(() => SweepParameter.Parse("roles.exitNew=0.1:1.5", s));
        Assert.Contains("between 0 and 1", range.Message);
        Assert.Throws<ScenarioException>(() => SweepParameter.Parse("calendar.start=1:2", s));      // a date
        Assert.Throws<ScenarioException>(() => SweepParameter.Parse("roles=1:2", s));               // a section
        var name = Assert.Throws<ScenarioException>(() => SweepParameter.Parse("compounds.olld.households=10:20", s));
        Assert.Contains("one of new, old", name.Message);
        // Keys under maps the loader accepts: without a base scenario any name goes.
        Assert.Equal("compounds.anything.households", SweepParameter.Parse("compounds.anything.households=10:20").Path);
    }

    [Fact]
    public void Policy_parameters_take_their_bounds_from_the_policy_kind()
    {
        var s = ScenarioLoader.LoadJson(ScenarioJson.ToJson(Tiny()),
            ["policies.drive.kind=registrationDrive", "policies.drive.scale=2"]);
        Assert.Equal(0, SweepParameter.Parse("policies.drive.parameters.fillFactor=0:100", s).Low);
        Assert.Throws<ScenarioException>(() => SweepParameter.Parse("policies.drive.parameters.fillFactor=1:101", s));
        Assert.Throws<ScenarioException>(() => SweepParameter.Parse("policies.drive.parameters.nope=1:2", s));
        Assert.Equal(100, NumericKey.Find("policies.drive.scale", s).Max); // as the registrationDrive kind declares it
        Assert.Equal(2, NumericKey.ValueIn(s, "policies.drive.scale"));
        Assert.Equal(new RoleSettings().ExitNew, NumericKey.ValueIn(s, "Roles.ExitNew"));
        Assert.Null(NumericKey.ValueIn(s, "policies.drive.parameters.fillFactor"));
    }

    [Fact]
    public void A_grid_has_every_combination_with_the_last_parameter_fastest()
    {
        var a = new SweepParameter("roles.exitNew", 0.02, 0.2, 3);
        var b = new SweepParameter("compounds.old.households", 100, 200, 2, Integer: true);
        var grid = SweepDesign.Grid([a, b]);
        Assert.Equal(6, grid.Count);
        Assert.Equal([0.02, 100], grid.Values(0));
        Assert.Equal([0.02, 200], grid.Values(1));
        Assert.Equal([0.11, 100], grid.Values(2)); // 0.11 exactly, not 0.11000000000000001
        Assert.Equal([0.2, 200], grid.Values(5));
        Assert.Equal(SweepParameter.DefaultGridSteps, SweepDesign.Grid([a with { Steps = 0 }]).Count);
        Assert.Equal(1, SweepDesign.Grid([a with { Low = 0.1, High = 0.1 }]).Count);
        Assert.Throws<ArgumentException>(() => SweepDesign.Grid([a with { Steps = 1 }]));
        Assert.Throws<ArgumentException>(() => SweepDesign.Grid([a, a]));
    }

    [Fact]
    public void A_latin_hypercube_uses_each_stratum_once_and_is_deterministic_from_its_seed()
    {
        var ps = new[] { new SweepParameter("a", 0, 1), new SweepParameter("b", 10, 20), new SweepParameter("c", -1, 1) };
        var lhs = SweepDesign.LatinHypercube(ps, 50, seed: 42);
        var points = Enumerable.Range(0, 50).Select(lhs.Values).ToArray();
        for (int j = 0; j < ps.Length; j++)
        {
            var strata = points.Select(p => (int)Math.Floor((p[j] - ps[j].Low) / (ps[j].High - ps[j].Low) * 50)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 50), strata);
        }
        var again = SweepDesign.LatinHypercube(ps, 50, seed: 42);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(points[i], again.Values(i)));
        Assert.NotEqual(points[0], SweepDesign.LatinHypercube(ps, 50, seed: 43).Values(0));
    }

    [Fact]
    public void Seeds_derive_from_master_point_and_replication()
    {
        Assert.Equal(SweepSeeds.For(5, 3, 1, false), SweepSeeds.For(5, 3, 1, false));
        var seeds = new HashSet<ulong>();
        for (int p = 0; p < 20; p++)
            for (int r = 0; r < 5; r++) Assert.True(seeds.Add(SweepSeeds.For(5, p, r, false)));
        Assert.Equal(ReplicationRunner.Seeds(5, 3), Enumerable.Range(0, 3).Select(r => SweepSeeds.For(5, 17, r, common: true)));
    }

    private Sweep FakeSweep(SweepDesign design, int replications, int threads, int window = 0) =>
        new(design, ScenarioFactory.FromScenario(Tiny()))
        {
            Replications = replications, MasterSeed = 9, Threads = threads, Window = window, Runner = Fake, Figures = FakeFigures,
        };

    [Fact]
    public void Rows_stream_in_order_with_a_bounded_buffer_whatever_the_threads()
    {
        var design = SweepDesign.Grid([new SweepParameter("roles.exitNew", 0.01, 0.3, 30)]);
        string one = Path.Combine(_temp, "one.csv"), four = Path.Combine(_temp, "four.csv");
        var memory = new MemorySweepSink();
        using (var csv = new CsvSweepSink(one)) FakeSweep(design, 3, threads: 1).Run(SweepSinks.Tee(csv, memory));
        SweepSummary summary;
        using (var csv = new CsvSweepSink(four)) summary = FakeSweep(design, 3, threads: 4, window: 6).Run(csv);

        Assert.Equal(90, summary.Runs);
        Assert.InRange(summary.MaxBuffered, 0, 6);
        Assert.Equal(File.ReadAllText(one), File.ReadAllText(four));
        Assert.True(memory.Completed);
        Assert.Equal(Enumerable.Range(0, 90), memory.Rows.Select(r => r.Point * 3 + r.Replication));
        Assert.All(memory.Rows, r => Assert.Equal(design.Values(r.Point)[0], r.Figure("exit_new")));
        Assert.All(memory.Rows, r => Assert.Equal(SweepSeeds.For(9, r.Point, r.Replication, false), r.Seed));

        var lines = File.ReadAllLines(one);
        Assert.Equal("point,replication,seed,roles.exitNew,exit_new,households,seed_mod", lines[0]);
        Assert.Equal(91, lines.Length);
        Assert.StartsWith("1,2," + SweepSeeds.For(9, 1, 2, false).ToString(CultureInfo.InvariantCulture) + ",0.02,0.02,150,", lines[6]);
        Assert.Empty(Directory.GetFiles(_temp, "*.partial"));
    }

    [Fact]
    public void A_failing_run_stops_the_sweep_and_leaves_no_file()
    {
        var design = SweepDesign.Grid([new SweepParameter("roles.exitNew", 0.01, 0.3, 20)]);
        string path = Path.Combine(_temp, "fail.csv");
        var sweep = new Sweep(design, ScenarioFactory.FromScenario(Tiny()))
        {
            Threads = 2, Figures = FakeFigures,
            Runner = (s, seed, ct) => s.Roles.ExitNew > 0.2 ? throw new InvalidOperationException("boom") : Fake(s, seed, ct),
        };
        using (var csv = new CsvSweepSink(path))
        {
            Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => sweep.Run(csv)).Message);
            Assert.True(File.Exists(path + ".partial"), "the rows finished so far are written as they arrive");
        }
        // Neither a table that looks complete nor a partial one is left behind (a sweep's journal keeps the runs finished).
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void An_invalid_point_is_reported_with_its_values()
    {
        // 150 households: old has 75 (and 3 buildings); 40 buildings is fine, 100 is more than its households.
        var design = SweepDesign.Grid([SweepParameter.Parse("compounds.old.buildings=40:100:2", Tiny())]);
        var sweep = new Sweep(design, ScenarioFactory.FromScenario(Tiny())) { Runner = Fake, Figures = FakeFigures, Threads = 1 };
        var e = Assert.Throws<ScenarioException>(() => sweep.Run(new MemorySweepSink()));
        Assert.Contains("design point 1: compounds.old.buildings=100", e.Message);
    }

    [Fact]
    public void A_model_sweep_with_common_seeds_reproduces_participation_run()
    {
        var scenario = Tiny();
        var factory = ScenarioFactory.FromScenario(scenario);
        var design = SweepDesign.Grid([SweepParameter.Parse("roles.exitNew=0.04:0.2:2", factory.Base)]);
        var rows = new MemorySweepSink();
        var summary = new Sweep(design, factory) { Replications = 2, MasterSeed = 11, CommonRandomNumbers = true, Threads = 2 }.Run(rows);
        Assert.Equal(FigureNames.All, summary.FigureNames);
        Assert.Equal(4, rows.Rows.Count);

        // Point 1 sets roles.exitNew = 0.2; `run` of that scenario with master 11 gives the same figures.
        var atPoint = ScenarioLoader.LoadJson(ScenarioJson.ToJson(scenario), ["roles.exitNew=0.2"]);
        var runs = ReplicationRunner.Run(atPoint, 11, 2, threads: 2);
        for (int r = 0; r < 2; r++)
        {
            var row = rows.Rows[2 + r];
            Assert.Equal(runs[r].Seed, row.Seed);
            Assert.Equal(runs[r].Summary().Select(f => f.Value), row.Figures);
        }
    }

    [Fact]
    public void Per_point_summaries_and_design_files_are_written()
    {
        var factory = ScenarioFactory.FromScenario(Tiny());
        var design = SweepDesign.Grid([new SweepParameter("roles.exitNew", 0.05, 0.1, 2)]);
        string path = Path.Combine(_temp, "summary.csv");
        using (var sink = new PointSummarySink(path))
            FakeSweep(design, 3, threads: 2).Run(sink);
        ExperimentFiles.WriteDesign(_temp, design);
        var lines = File.ReadAllLines(path);
        Assert.Equal("point,roles.exitNew,replications,exit_new_mean,exit_new_low,exit_new_high,exit_new_sd,households_mean,households_low,households_high,households_sd,seed_mod_mean,seed_mod_low,seed_mod_high,seed_mod_sd", lines[0]);
        Assert.StartsWith("1,0.1,3,0.1,0.1,0.1,0,150,150,150,0,", lines[2]);
        Assert.Equal(["point,roles.exitNew", "0,0.05", "1,0.1"], File.ReadAllLines(Path.Combine(_temp, "design.csv")));
    }
}
