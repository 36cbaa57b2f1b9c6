using System.Text.Json.Nodes;
using Participation.Experiments.Calibration;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Bad input that used to end in an internal error (exit 1, "this is a bug") or a silently converted value ends in one
/// line naming what is wrong and exit 2: damaged manifests for rerun, compare --until past the last possible end, a
/// calibration tolerance that makes the loss infinite, a negative seed, a checkpoint whose header was edited.
/// </summary>
public class BadInputCliTests : ReliabilityCli
{
    private static readonly string[] Short = ["--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2017-03-31", "--quiet"];

    /// <summary>Asserts exit 2 with one line of error containing <paramref name="what"/>, and no internal error.</summary>
    private static void Refused((int Code, string Out, string Err) r, string what)
    {
        Assert.True(r.Code == 2, $"expected exit 2, got {r.Code}: {r.Err}");
        Assert.DoesNotContain("internal error", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains(what, r.Err);
    }

    private string RunManifest()
    {
        string folder = Path.Combine(Temp, "run");
        Ok(Cli(["run", Scenario, "--out", folder, "--replications", "2", .. Short]));
        return Path.Combine(folder, "manifest.json");
    }

    [Theory]
    [InlineData("seeds", "[\"12\", \"13\"]", "seeds[0] = \"12\": expected a whole number from 0 to 18446744073709551615")]
    [InlineData("seeds", "[null, 1]", "seeds[0] = null: expected a whole number from 0 to 18446744073709551615")]
    [InlineData("seeds", "\"12\"", "seeds = \"12\": expected an array of replication seeds")]
    [InlineData("replications", "\"2\"", "replications = \"2\": expected a whole number from 0 to 100000")]
    [InlineData("from", "5", "from = 5: expected the path of the checkpoint the run continued, as a string")]
    [InlineData("overrides", "[1]", "overrides[0] = 1: expected a dotted.path=value override, as a string")]
    [InlineData("masterSeed", "-1", "masterSeed = -1: expected a whole number of at least 0")]
    [InlineData("masterSeed", "18446744073709551615", "masterSeed = 18446744073709551615: expected a whole number of at least 0")]
    [InlineData("threads", "\"all\"", "threads = \"all\": expected a whole number from 0 to 1024")]
    [InlineData("checkpointAt", "\"2030-01-01\"", "checkpointAt 2030-01-01: expected a date between calendar.start")]
    [InlineData("experiment", "{ \"kind\": 3 }", "experiment.kind = 3: expected the kind of experiment, as a string")]
    [InlineData("scenario", "[]", "scenario = []: expected the resolved scenario, as a JSON object")]
    public void Rerun_of_a_damaged_manifest_names_the_key_and_exits_2(string key, string value, string message)
    {
        string manifest = RunManifest();
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json[key] = JsonNode.Parse(value);
        File.WriteAllText(manifest, json.ToJsonString());
        Refused(Cli("rerun", manifest, "--out", Path.Combine(Temp, "again")), message);
    }

    [Fact]
    public void Rerun_of_a_manifest_that_repeats_a_key_is_refused()
    {
        string manifest = RunManifest();
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("\"masterSeed\":", "\"masterSeed\": 5, \"masterSeed\":"));
        Refused(Cli("rerun", manifest, "--out", Path.Combine(Temp, "again")), "masterSeed = ");
        Assert.Contains("expected each key once per object", Cli("rerun", manifest, "--out", Path.Combine(Temp, "again2")).Err);

        // run --resume reads the same manifest through the same reader.
        Refused(Cli(["run", Scenario, "--out", Path.GetDirectoryName(manifest)!, "--replications", "2", "--resume", .. Short]), "expected each key once per object");
    }

    [Fact]
    public void A_negative_seed_is_refused_by_the_seed_keys_rule_everywhere()
    {
        // The scenario key's words are the rule; --seed, a targets file and a manifest say the same.
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson("""{ "seed": -1 }"""));
        Assert.Contains("seed = -1: expected a whole number of at least 0", e.Message);
        foreach (var command in new[] { "run", "inspect", "compare", "sweep" })
        {
            string[] rest = command switch
            {
                "compare" => [Scenario],
                "sweep" => ["--vary", "roles.exitNew=0.1:0.2:2"],
                _ => [],
            };
            var (code, _, err) = Cli([command, Scenario, .. rest, "--seed", "-1", "--out", Path.Combine(Temp, command)]);
            Assert.True(code == 2, $"{command} --seed -1: exit {code}: {err}");
            Assert.Contains("--seed -1: expected a whole number of at least 0", err);
            Assert.DoesNotContain("18446744073709551615", err);
        }
        var spec = Assert.Throws<TargetsFileException>(() => CalibrationSpec.Parse(
            """{ "seed": -1, "targets": { "register_over_3_years": { "value": 0.28, "tolerance": 0.1 } }, "parameters": { "roles.exitNew": { "min": 0.1, "max": 0.2 } } }"""));
        Assert.Contains("seed = -1: expected a whole number of at least 0", spec.Message);
        // A seed beyond 2^53 is read exactly, not through a double.
        var exact = CalibrationSpec.Parse(
            """{ "seed": 9007199254740993, "targets": { "register_over_3_years": { "value": 0.28, "tolerance": 0.1 } }, "parameters": { "roles.exitNew": { "min": 0.1, "max": 0.2 } } }""");
        Assert.Equal(9007199254740993L, exact.Seed);
    }

    [Fact]
    public void Compare_until_a_date_the_model_cannot_reach_is_refused_naming_the_scenario()
    {
        string variant = Path.Combine(Temp, "variant.json");
        File.WriteAllText(variant, SmallScenario.Replace("reliability test community", "variant"));
        var r = Cli("compare", Scenario, variant, "--until", "9999-12-31", "--replications", "2", "--out", Path.Combine(Temp, "cmp"));
        Refused(r, "calendar.end = 9999-12-31: expected a date on or before 9998-12-31 (to compare every scenario until 9999-12-31)");
        Assert.StartsWith("error: small: ", r.Err);
        // A date before a policy starts: the policy would never act by then, and that is said, naming it.
        r = Cli("compare", Scenario, variant, "--until", "2016-12-31", "--replications", "2", "--out", Path.Combine(Temp, "cmp2"));
        Refused(r, "policies.points.start = 2017-01-01");
    }

    [Theory]
    [InlineData("5e-324", "tolerance = 5e-324: expected a number from 1E-09 to 1000000000000000")]
    [InlineData("0", "tolerance = 0: expected a number from 1E-09 to 1000000000000000")]
    public void A_tolerance_that_would_make_the_loss_infinite_is_refused_before_anything_is_written(string tolerance, string message)
    {
        string targets = Path.Combine(Temp, "targets.json");
        File.WriteAllText(targets, $$"""
            { "replications": 1, "budget": 2,
              "targets": { "register_over_3_years": { "value": 0.28, "tolerance": {{tolerance}} } },
              "parameters": { "roles.exitNew": { "min": 0.05, "max": 0.2 } } }
            """);
        string folder = Path.Combine(Temp, "fit");
        Refused(Cli(["calibrate", Scenario, "--targets", targets, "--out", folder, .. Short]), message);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(f => f.EndsWith(".csv", StringComparison.Ordinal)),
            "a refused calibration left fit files");
        Assert.Throws<ArgumentException>(() => new Calibrator([new CalibrationTarget("x", 0.3, 5e-324)], [new CalibrationParameter("p", 0, 1)], null!));
    }

    [Fact]
    public void A_checkpoint_whose_header_was_edited_and_rehashed_is_refused()
    {
        string burnIn = Path.Combine(Temp, "burn-in");
        Ok(Cli("run", Scenario, "--out", burnIn, "--replications", "2", "--checkpoint-at", "2017-06-01", "--stop-at-checkpoint", "--quiet"));
        string path = Path.Combine(burnIn, Checkpoint.FileName);
        var original = Checkpoint.Read(path);
        var h = original.Header;
        var scenario = ScenarioLoader.LoadJson(h.ScenarioJson);
        var states = original.States.ToArray();

        void Edited(string name, Scenario s, int tick, IReadOnlyList<ulong> seeds, string message)
        {
            string edited = Path.Combine(Temp, name);
            using (var f = File.Create(edited)) Checkpoint.Write(f, s, h.MasterSeed, tick, seeds, states); // a valid checksum over the edit
            var e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(edited));
            Assert.Contains("its header does not match the model state it holds", e.Message);
            Assert.Contains(message, e.Message);
            Refused(Cli("run", "--from", edited, "--out", Path.Combine(Temp, name + "-out")), "its header does not match");
        }
        var oneCompound = scenario with { Compounds = scenario.Compounds.Take(1).ToDictionary(StringComparer.OrdinalIgnoreCase) };
        Edited("compounds.bin", oneCompound, h.Tick, h.Seeds, "and 2 compounds; the header says tick");
        Edited("tick.bin", scenario, h.Tick + 1, h.Seeds, $"is of tick {h.Tick}");
        Edited("seeds.bin", scenario, h.Tick, h.Seeds.Reverse().ToArray(), $"seed {h.Seeds[0]} and");
        // The unedited file is still read.
        Assert.Equal(h.Tick, Checkpoint.Read(path).Header.Tick);
    }
}
