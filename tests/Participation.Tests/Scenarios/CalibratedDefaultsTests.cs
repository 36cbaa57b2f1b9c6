using System.Text.Json;
using Xunit.Abstractions;
using Participation.Experiments.Calibration;
using Participation.Experiments.Replications;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Scenarios;

/// <summary>
/// The library's defaults are the calibrated values recorded in scenarios/calibrated/defaults.json (with the
/// command, date and version that produced them), and with them study X's scenario reproduces X's figures.
/// </summary>
public class CalibratedDefaultsTests(ITestOutputHelper output)
{
    private static string Root => TestScenarios.RepoRoot();

    [Fact]
    public void The_library_defaults_are_the_values_of_the_calibrated_defaults_file()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "scenarios", "calibrated", "defaults.json")));
        Assert.Contains("participation calibrate", file.RootElement.GetProperty("description").GetString());
        var defaults = ScenarioJson.Keys().ToDictionary(k => k.Path, k => k.Default, StringComparer.OrdinalIgnoreCase);
        int compared = 0;
        foreach (var section in file.RootElement.EnumerateObject())
        {
            if (section.Value.ValueKind != JsonValueKind.Object || section.Name == "sources") continue;
            foreach (var key in section.Value.EnumerateObject())
            {
                string path = section.Name + "." + key.Name;
                Assert.True(defaults.TryGetValue(path, out var value), $"{path} is not a scenario key");
                Assert.Equal(key.Value.GetDouble(), double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture));
                compared++;
            }
        }
        Assert.True(compared >= 6, $"only {compared} calibrated values");
    }

    [Fact]
    public void With_the_calibrated_defaults_X_reproduces_its_targets_but_at_most_one()
    {
        var spec = CalibrationSpec.Load(Path.Combine(Root, "scenarios", "targets", "x-shaoxing.json"));
        var scenario = ScenarioLoader.Load(Path.Combine(Root, "scenarios", "x-shaoxing.json"));
        var runs = ReplicationRunner.Run(scenario, 777, replications: 4);
        int within = 0;
        foreach (var target in spec.Targets)
        {
            double mean = runs.Average(r => r.Summary().Single(f => f.Name == target.Figure).Value);
            bool ok = Math.Abs(mean - target.Value) <= target.Tolerance;
            if (ok) within++;
            output.WriteLine($"{target.Figure,-28} X {target.Value,6:0.000}  model {mean,6:0.000}  tolerance {target.Tolerance:0.000}  {(ok ? "within" : "OUTSIDE")}");
        }
        // One target conflicts with the others (the register's 41-50 age bin: see scenarios/calibrated/defaults.json).
        Assert.True(within >= spec.Targets.Count - 1, $"{within} of {spec.Targets.Count} X targets within tolerance");
    }
}
