using Participation.Experiments.Calibration;
using Participation.Experiments.Sweeps;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Experiments;

/// <summary>The calibration recovers known parameters of a cheap synthetic model; targets files; defaults files.</summary>
public class CalibrationTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-calibration-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>
    /// A noisy model of two parameters: three figures a + b/2, a·b and b²/4, each with normal noise (sd 0.02) drawn
    /// from the replication's seed. Its expected figures identify (a, b) uniquely for b > 0.
    /// </summary>
    private static IReadOnlyDictionary<string, double> Synthetic(double[] x, ulong seed)
    {
        var rng = new CounterRandom(seed, 0, RandomStream.Policy);
        double a = x[0], b = x[1];
        return new Dictionary<string, double>
        {
            ["sum"] = a + b / 2 + 0.02 * rng.Normal(0),
            ["product"] = a * b + 0.02 * rng.Normal(1),
            ["square"] = b * b / 4 + 0.02 * rng.Normal(2),
        };
    }

    [Fact]
    public void Calibration_recovers_the_parameters_of_a_synthetic_model()
    {
        const double a = 0.3, b = 1.2;
        CalibrationTarget[] targets =
        [
            new("sum", a + b / 2, 0.05), new("product", a * b, 0.05), new("square", b * b / 4, 0.05),
        ];
        CalibrationParameter[] parameters = [new("a", 0, 1), new("b", 0, 2, Start: 1.8)];
        var simulator = new FunctionSimulator(Synthetic);
        var seen = new List<CalibrationEvaluation>();
        var calibrator = new Calibrator(targets, parameters, simulator) { Replications = 8, Budget = 80, Seed = 5, CheckReplications = 16, OnEvaluation = seen.Add };
        var result = calibrator.Run();

        Assert.InRange(result.Fitted[0], a - 0.04, a + 0.04);
        Assert.InRange(result.Fitted[1], b - 0.06, b + 0.06);
        Assert.True(result.Loss < 0.5, $"loss {result.Loss}");
        Assert.All(result.Targets, t => Assert.True(t.WithinTolerance, $"{t.Figure}: {t.Mean} vs {t.Target}"));
        Assert.All(result.Targets, t => Assert.Equal(16, t.Replications));
        Assert.All(result.Targets, t => Assert.True(t.Low <= t.Mean && t.Mean <= t.High));

        // The budget is a hard limit; the check is one more evaluation on fresh seeds.
        Assert.InRange(result.Evaluations, 1, 80);
        Assert.Equal(result.Evaluations * 8 + 16, simulator.Calls);
        Assert.Equal(result.Trace, seen);
        Assert.Equal(["start", "screen", "simplex", "check"], result.Trace.Select(e => e.Phase).Distinct());
        Assert.Equal([0.5, 1.8], result.Trace[0].Values); // the start value, the other parameter mid-range
        Assert.Equal(result.Loss, result.Trace.Where(e => e.Phase != "check").Min(e => e.Loss));
    }

    [Fact]
    public void The_same_seed_gives_the_same_calibration()
    {
        CalibrationTarget[] targets = [new("sum", 0.9, 0.05), new("product", 0.36, 0.05)];
        CalibrationParameter[] parameters = [new("a", 0, 1), new("b", 0, 2)];
        CalibrationResult Fit(ulong seed) => new Calibrator(targets, parameters, new FunctionSimulator(Synthetic)) { Replications = 2, Budget = 15, Seed = seed }.Run();
        var one = Fit(3);
        Assert.Equal(one.Trace.Select(e => e.Loss), Fit(3).Trace.Select(e => e.Loss));
        Assert.NotEqual(one.Trace.Select(e => e.Loss), Fit(4).Trace.Select(e => e.Loss));
    }

    [Fact]
    public void Undefined_figures_are_penalised_not_ignored()
    {
        var c = new Calibrator([new("x", 1, 0.1), new("y", 0, 0.1)], [new("p", 0, 1)], new FunctionSimulator((_, _) => new Dictionary<string, double>()));
        Assert.Equal(0.25 + 100, c.Loss([1.05, double.NaN]), 9);
    }

    [Fact]
    public void Nelder_Mead_minimises_Rosenbrock_within_its_budget()
    {
        int calls = 0;
        double Rosenbrock(double[] x) { calls++; return 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2); }
        var r = NelderMead.Minimize(Rosenbrock, [-1.2, 1], [0.5, 0.5], budget: 400, valueTolerance: 1e-10, pointTolerance: 1e-6);
        Assert.Equal(calls, r.Evaluations);
        Assert.True(r.Evaluations <= 400);
        Assert.Equal(1, r.Best[0], 2);
        Assert.Equal(1, r.Best[1], 2);
        calls = 0;
        var short_ = NelderMead.Minimize(Rosenbrock, [-1.2, 1], [0.5, 0.5], budget: 7);
        Assert.Equal((7, 7, false), (calls, short_.Evaluations, short_.Converged));
    }

    private static string RepoFile(params string[] parts) => Path.Combine([TestScenarios.RepoRoot(), .. parts]);

    [Fact]
    public void The_targets_file_of_study_X_holds_its_figures_with_two_standard_errors_of_48_answers()
    {
        var spec = CalibrationSpec.Load(RepoFile("scenarios", "targets", "x-shaoxing.json"));
        var expected = new Dictionary<string, double>
        {
            ["backbone_frequency_1_2"] = 0.553, ["backbone_frequency_3_4"] = 0.266, ["backbone_frequency_5_6"] = 0.118,
            ["backbone_frequency_over_6"] = 0.063, ["register_during_year_over_3_years"] = 0.28, ["register_during_year_under_6_months"] = 0.65,
            ["top10_task_share"] = 0.63, ["register_age_30_or_under"] = 0.292, ["register_age_31_40"] = 0.146,
            ["register_age_41_50"] = 0.271, ["register_age_51_plus"] = 0.292,
        };
        Assert.Equal(expected.Keys.Order(), spec.Targets.Select(t => t.Figure).Order());
        foreach (var t in spec.Targets)
        {
            Assert.Equal(expected[t.Figure], t.Value);
            Assert.Equal(2 * Math.Sqrt(t.Value * (1 - t.Value) / 48), t.Tolerance, 0.001);
        }
        Assert.Contains(spec.Parameters, p => p.Path == "policies.registrationDrive2024.scale" && p.Min == 1);
        // Every parameter is a numeric key of X's scenario with bounds inside the key's range.
        var factory = ScenarioFactory.FromFile(RepoFile("scenarios", "x-shaoxing.json"));
        Assert.Equal(spec.Parameters.Count, ModelSimulator.For(factory, spec.Parameters).Parameters.Count);
    }

    [Theory]
    [InlineData("""{ "targets": { "nope": { "value": 1, "tolerance": 1 } }, "parameters": { "roles.exitNew": { "min": 0, "max": 1 } } }""", "targets.nope")]
    [InlineData("""{ "targets": { "top10_task_share": { "value": 0.6, "tolerance": 0 } }, "parameters": { "roles.exitNew": { "min": 0, "max": 1 } } }""", "tolerance")]
    [InlineData("""{ "targets": { "top10_task_share": { "value": 0.6, "tolerance": 0.1 } }, "parameters": { "roles.exitNew": { "min": 1, "max": 0 } } }""", "parameters.roles.exitNew.max")]
    [InlineData("""{ "targets": { "top10_task_share": { "value": 0.6, "tolerance": 0.1 } }, "parameters": {} }""", "at least one parameter")]
    [InlineData("""{ "target": {} }""", "target")]
    [InlineData("""{ "targets": { "top10_task_share": { "value": "a", "tolerance": 0.1 } } """, "malformed JSON")]
    public void Bad_targets_files_are_refused_with_the_key(string json, string key)
    {
        var e = Assert.Throws<TargetsFileException>(() => CalibrationSpec.Parse(json, "t.json"));
        Assert.Contains(key, e.Message);
        Assert.StartsWith("t.json: ", e.Message);
    }

    [Fact]
    public void The_defaults_file_is_a_scenario_base_that_records_the_fit()
    {
        var result = new CalibrationResult(
            [new("roles.exitNew", 0, 1), new("Decision.Intercept", -9, -4), new("roles.mentorProjects", 0, 10), new("policies.drive.scale", 1, 6)],
            [0.05, -6.25, 3.4, 2.5], 1.5, 2.5,
            [new TargetCheck("top10_task_share", 0.63, 0.14, 0.6, 0.55, 0.65, 4, "X")], 12, false, []);
        string path = Path.Combine(_temp, "calibrated", "x-defaults.json");
        var (written, specific) = CalibrationFiles.WriteDefaults(path, result,
            new CalibrationProvenance("participation calibrate x.json --targets t.json", "x.json", "t.json", 4, 12, new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["roles.exitNew", "decision.intercept", "roles.mentorProjects"], written);
        Assert.Equal(["policies.drive.scale = 2.5"], specific);

        File.WriteAllText(Path.Combine(_temp, "calibrated", "child.json"), """{ "extends": "x-defaults.json", "name": "child", "roles": { "exitFloor": 0.002 } }""");
        var child = ScenarioLoader.Load(Path.Combine(_temp, "calibrated", "child.json"));
        Assert.Equal((0.05, -6.25, 3, 0.002), (child.Roles.ExitNew, child.Decision.Intercept, child.Roles.MentorProjects, child.Roles.ExitFloor));
        Assert.Contains("2025-03-01 12:00 UTC", child.Description);
        Assert.Contains("participation calibrate x.json --targets t.json", child.Description);
        Assert.Contains("policies.drive.scale = 2.5", child.Description);
        Assert.StartsWith("calibrated to t.json", child.Sources["roles.exitNew"]);
    }
}
