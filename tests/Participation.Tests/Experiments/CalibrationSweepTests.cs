using Participation.Experiments.Calibration;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Randomness;

namespace Participation.Tests.Experiments;

/// <summary>
/// A calibration from a global design (<see cref="CalibrationDesign"/>, <see cref="Calibrator.RunFromDesign"/>): the
/// design is deterministic and its shards partition its runs; each point's loss is the calibrator's loss for those
/// values on the same seeds; the best point is the fit, optionally polished by Nelder–Mead.
/// </summary>
public class CalibrationSweepTests
{
    private static readonly CalibrationTarget[] Targets = [new("participation_rate_month", 0.1, 0.05), new("top10_task_share", 0.5, 0.1)];
    private static readonly CalibrationParameter[] Box = [new("decision.intercept", -8, -5), new("roles.exitNew", 0.02, 0.2)];

    private static ModelSimulator Tiny() => ModelSimulator.For(ScenarioFactory.FromJson(TestScenarios.TinyJson), Box);

    [Fact]
    public void The_design_is_deterministic_a_Latin_hypercube_of_the_box_and_its_shards_partition_its_runs()
    {
        var keys = Tiny().Parameters;
        var design = CalibrationDesign.Create(keys, 7, 11);
        var again = CalibrationDesign.Create(keys, 7, 11);
        var points = Enumerable.Range(0, 7).Select(design.Values).ToArray();
        Assert.Equal(points, Enumerable.Range(0, 7).Select(again.Values).ToArray());
        Assert.NotEqual(points, Enumerable.Range(0, 7).Select(CalibrationDesign.Create(keys, 7, 12).Values).ToArray());
        Assert.Equal("lhs", design.Kind);
        for (int j = 0; j < Box.Length; j++)
        {
            // One point in each of the 7 strata of every parameter's range.
            var strata = points.Select(p => (int)Math.Floor((p[j] - Box[j].Min) / (Box[j].Max - Box[j].Min) * 7)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 7), strata);
        }

        // The sweep of its runs, cut into 3 shards: every run in exactly one shard, each with the row the whole sweep has.
        var factory = ScenarioFactory.FromJson(TestScenarios.TinyJson);
        SweepRow[] Rows(SweepShard shard)
        {
            var rows = new List<SweepRow>();
            new Sweep(design, factory) { Replications = 2, MasterSeed = 11, CommonRandomNumbers = true, Threads = 1, Shard = shard }
                .Run(SweepSinks.Action(rows.Add));
            return rows.ToArray();
        }
        var whole = Rows(SweepShard.Whole);
        var shards = Enumerable.Range(0, 3).Select(k => Rows(new SweepShard(k, 3))).ToArray();
        var joined = shards.SelectMany(s => s).OrderBy(r => r.Point * 2 + r.Replication).ToArray();
        Assert.Equal(whole.Length, joined.Length);
        Assert.Equal(whole.Select(r => (r.Point, r.Replication, r.Seed)), joined.Select(r => (r.Point, r.Replication, r.Seed)));
        Assert.Equal(whole.Select(r => r.Figure("participation_rate_month")), joined.Select(r => r.Figure("participation_rate_month")));
        Assert.All(whole, r => Assert.Equal(CounterRandom.ReplicationSeed(11, r.Replication), r.Seed)); // the calibration's seeds
    }

    [Fact]
    public void Each_design_points_loss_is_the_calibrators_loss_at_those_values_on_the_same_seeds()
    {
        var simulator = Tiny();
        var design = CalibrationDesign.Create(simulator.Parameters, 4, 5);
        var points = Enumerable.Range(0, 4).Select(design.Values).ToArray();
        var figures = Targets.Select(t => t.Figure).ToArray();
        var runs = simulator.Simulate(points, figures, 2, 5);
        var calibrator = new Calibrator(Targets, Box, simulator) { Replications = 2, Seed = 5, CheckReplications = 1 };
        var result = calibrator.RunFromDesign(points, runs, polish: 0);

        var designed = result.Trace.Where(e => e.Phase == "design").ToArray();
        Assert.Equal(4, designed.Length);
        for (int p = 0; p < 4; p++)
        {
            Assert.Equal(p, designed[p].Index);
            Assert.Equal(points[p], designed[p].Values);
            // The loss code of the search itself (Loss of MeansOf), on one point simulated alone with the same seeds.
            var alone = simulator.Simulate([points[p]], figures, 2, 5)[0];
            Assert.Equal(calibrator.Loss(Calibrator.MeansOf(alone)), designed[p].Loss);
        }
        var best = designed.OrderBy(e => e.Loss).ThenBy(e => e.Index).First();
        Assert.Equal(best.Values, result.Fitted);
        Assert.Equal(best.Loss, result.Loss);
        Assert.Equal(4, result.Evaluations);
        Assert.False(result.Converged);
        Assert.Equal("check", result.Trace[^1].Phase);
    }

    [Fact]
    public void A_polish_starts_Nelder_Mead_from_the_best_design_point_within_its_budget()
    {
        // The synthetic model of CalibrationTests: figures a + b/2 and a·b with a little noise.
        var simulator = new FunctionSimulator((x, seed) =>
        {
            var rng = new CounterRandom(seed, 0, RandomStream.Policy);
            return new Dictionary<string, double> { ["sum"] = x[0] + x[1] / 2 + 0.01 * rng.Normal(0), ["product"] = x[0] * x[1] + 0.01 * rng.Normal(1) };
        });
        CalibrationTarget[] targets = [new("sum", 0.9, 0.05), new("product", 0.36, 0.05)];
        CalibrationParameter[] box = [new("a", 0, 1), new("b", 0, 2)];
        var design = CalibrationDesign.Create([new SweepParameter("a", 0, 1), new SweepParameter("b", 0, 2)], 12, 3);
        var points = Enumerable.Range(0, 12).Select(design.Values).ToArray();
        var runs = simulator.Simulate(points, ["sum", "product"], 3, 3);
        var calibrator = new Calibrator(targets, box, simulator) { Replications = 3, Seed = 3 };
        var plain = calibrator.RunFromDesign(points, runs, polish: 0);
        var polished = calibrator.RunFromDesign(points, runs, polish: 10);

        Assert.Equal(plain.Trace.Where(e => e.Phase == "design").Select(e => e.Loss), polished.Trace.Where(e => e.Phase == "design").Select(e => e.Loss));
        Assert.InRange(polished.Evaluations, 13, 22);
        Assert.Equal(["design", "simplex", "check"], polished.Trace.Select(e => e.Phase).Distinct());
        Assert.True(polished.Loss <= plain.Loss);

        // Runs that do not fit the design are refused.
        Assert.Throws<ArgumentException>(() => calibrator.RunFromDesign(points, runs[..11], 0));
        Assert.Throws<ArgumentException>(() => new Calibrator(targets, box, simulator) { Replications = 2 }.RunFromDesign(points, runs, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => calibrator.RunFromDesign(points, runs, -1));
    }
}
