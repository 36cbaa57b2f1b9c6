using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Reproducibility from the command line, in process: <c>rerun</c> reproduces a run from its manifest byte for byte
/// and refuses another version's; <c>run --checkpoint-at</c> / <c>--from</c> continue a run bit-identically and fork it
/// into variants, refusing a variant of another structure and files that are not checkpoints of this format.
/// </summary>
public class RerunAndCheckpointCliTests : ReliabilityCli
{
    private string Uninterrupted(int replications = 2)
    {
        string folder = Path.Combine(Temp, $"whole-{replications}");
        if (!Directory.Exists(folder)) Ok(Cli("run", Scenario, "--out", folder, "--replications", replications.ToString(), "--quiet"));
        return folder;
    }

    [Fact]
    public void Rerun_reproduces_the_tables_byte_for_byte_from_the_manifest()
    {
        string original = Uninterrupted();
        string again = Path.Combine(Temp, "again");
        var (code, stdout, stderr) = Cli("rerun", Path.Combine(original, "manifest.json"), "--out", again, "--threads", "1");
        Assert.True(code == 0, stderr);
        SameBytes(original, again, Tables);
        Assert.Contains("Reproduced: all 8 tables are byte for byte those in", stdout);

        // The folder works as well as its manifest; the new manifest records the same seeds and scenario.
        string third = Path.Combine(Temp, "third");
        Ok(Cli("rerun", original, "--out", third, "--quiet"));
        SameBytes(original, third, Tables);
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(original, "manifest.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(third, "manifest.json")))!;
        Assert.Equal(a["seeds"]!.ToJsonString(), b["seeds"]!.ToJsonString());
        Assert.Equal(a["scenario"]!.ToJsonString(), b["scenario"]!.ToJsonString());
        Assert.Equal(2, b["replications"]!.GetValue<int>());
    }

    [Fact]
    public void Rerun_refuses_another_version_a_sweep_and_a_damaged_manifest()
    {
        string original = Uninterrupted();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(original, "manifest.json")))!.AsObject();

        string Variant(string name, Action<JsonObject> change)
        {
            var copy = manifest.DeepClone().AsObject();
            change(copy);
            string path = Path.Combine(Temp, name);
            File.WriteAllText(path, copy.ToJsonString());
            return path;
        }

        var (code, _, stderr) = Cli("rerun", Variant("old.json", m => m["version"] = "0.0.1+0123abc"), "--out", Path.Combine(Temp, "r1"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains($"the results were produced by participation 0.0.1+0123abc; this is {ResultSet.Version}", stderr);
        Assert.False(Directory.Exists(Path.Combine(Temp, "r1")));

        (code, _, stderr) = Cli("rerun", Variant("seeds.json", m => m["seeds"]![0] = 12345), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("its seeds do not derive from its master seed", stderr);

        (code, _, stderr) = Cli("rerun", Variant("sweep.json", m => m["experiment"] = new JsonObject { ["kind"] = "sweep" }), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("this is the manifest of a sweep", stderr);

        (code, _, stderr) = Cli("rerun", Variant("bad-scenario.json", m => m["scenario"]!["roles"]!["fillRate"] = 7), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("roles.fillRate = 7", stderr);

        File.WriteAllText(Path.Combine(Temp, "not-json.json"), "{ nope");
        Assert.Equal(2, Cli("rerun", Path.Combine(Temp, "not-json.json"), "--quiet").Code);
        Assert.Equal(2, Cli("rerun", Path.Combine(Temp, "missing.json"), "--quiet").Code);
    }

    [Fact]
    public void A_run_continued_from_its_checkpoint_is_byte_identical_to_an_uninterrupted_one()
    {
        string whole = Uninterrupted();
        string first = Path.Combine(Temp, "first"), rest = Path.Combine(Temp, "rest");

        // Saving a checkpoint on the way changes nothing in the tables.
        var (code, stdout, stderr) = Cli("run", Scenario, "--out", first, "--replications", "2", "--checkpoint-at", "2017-08-15");
        Assert.True(code == 0, stderr);
        Assert.Contains("Checkpoint: ", stdout);
        SameBytes(whole, first, Tables);
        string checkpoint = Path.Combine(first, Checkpoint.FileName);
        var header = Checkpoint.Read(checkpoint).Header;
        Assert.Equal(new DateOnly(2017, 8, 14), header.Date); // the week containing the date
        Assert.Equal(2, header.Seeds.Count);

        // Continuing it, with the scenario it holds, gives the uninterrupted run's tables byte for byte.
        Ok(Cli("run", "--from", checkpoint, "--out", rest, "--quiet", "--threads", "1"));
        SameBytes(whole, rest, Tables);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(rest, "manifest.json")))!;
        Assert.Equal(Path.GetFullPath(checkpoint), manifest["from"]!.GetValue<string>());

        // ... and rerunning that continued run from its manifest reproduces it too.
        string rerun = Path.Combine(Temp, "rerun-rest");
        Ok(Cli("rerun", rest, "--out", rerun, "--quiet"));
        SameBytes(whole, rerun, Tables);

        // A burn-in saved and stopped: only the checkpoint and the manifest; continuing it gives the same tables again.
        string burnIn = Path.Combine(Temp, "burn-in"), after = Path.Combine(Temp, "after");
        Ok(Cli("run", Scenario, "--out", burnIn, "--replications", "2", "--checkpoint-at", "2017-08-15", "--stop-at-checkpoint", "--quiet"));
        Assert.Equal([Checkpoint.FileName, "manifest.json"], Directory.GetFiles(burnIn).Select(Path.GetFileName).Order());
        Ok(Cli("run", "--from", Path.Combine(burnIn, Checkpoint.FileName), "--out", after, "--quiet"));
        SameBytes(whole, after, Tables);
    }

    [Fact]
    public void A_checkpoint_forks_into_policy_variants_but_not_into_another_community()
    {
        string burnIn = Path.Combine(Temp, "fork-base");
        Ok(Cli("run", Scenario, "--out", burnIn, "--checkpoint-at", "2017-06-01", "--stop-at-checkpoint", "--quiet"));
        string checkpoint = Path.Combine(burnIn, Checkpoint.FileName);

        // A variant: the same file with a new policy from the checkpoint date on.
        var variant = JsonNode.Parse(SmallScenario)!.AsObject();
        variant["policies"]!["insurance"] = new JsonObject { ["kind"] = "insurance", ["start"] = "2017-06-01", ["unitCost"] = 50 };
        string variantFile = Path.Combine(Temp, "variant.json");
        File.WriteAllText(variantFile, variant.ToJsonString());
        string forked = Path.Combine(Temp, "forked");
        var (code, _, stderr) = Cli("run", variantFile, "--from", checkpoint, "--out", forked, "--quiet");
        Assert.True(code == 0, stderr);
        // The fork is the variant's own run: what happened before the checkpoint is the same in both.
        string scratch = Path.Combine(Temp, "variant-from-scratch");
        Ok(Cli("run", variantFile, "--out", scratch, "--quiet"));
        SameBytes(scratch, forked, Tables);
        string baseline = Path.Combine(Temp, "baseline");
        Ok(Cli("run", Scenario, "--out", baseline, "--quiet"));
        Assert.False(File.ReadAllBytes(Path.Combine(baseline, "weekly.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(forked, "weekly.csv"))));

        // Another community, another seed, a policy changed before the checkpoint: refused, with the key and what it must be.
        foreach (var (change, fragment) in new (Action<JsonObject>, string)[]
        {
            (v => v["compounds"]!["old"]!["households"] = 301, "compounds.old = old, 301 households, 12 buildings: expected old, 300 households, 12 buildings, as in the checkpoint's scenario"),
            (v => v["seed"] = 12, "seed = 12: expected 11, as in the checkpoint's scenario"),
            (v => v["policies"]!["camp"]!["scale"] = 0.9, "policies.camp = trainingCamp from 2016-03-01: expected the same settings"),
        })
        {
            var bad = JsonNode.Parse(SmallScenario)!.AsObject();
            change(bad);
            string badFile = Path.Combine(Temp, "bad-variant.json");
            File.WriteAllText(badFile, bad.ToJsonString());
            (code, _, stderr) = Cli("run", badFile, "--from", checkpoint, "--out", Path.Combine(Temp, "never"), "--quiet");
            Assert.Equal(2, code);
            Assert.Contains(fragment, stderr);
            Assert.False(Directory.Exists(Path.Combine(Temp, "never")));
        }

        // Files that are not checkpoints of this format, and options that contradict the checkpoint.
        File.WriteAllBytes(Path.Combine(Temp, "other-version.bin"), [.. File.ReadAllBytes(checkpoint)[..16], 9, 0, 0, 0, .. File.ReadAllBytes(checkpoint)[20..]]);
        foreach (var (args, fragment) in new (string[], string)[]
        {
            (["--from", Scenario], "is not a checkpoint file"),
            (["--from", Path.Combine(Temp, "other-version.bin")], $"is a checkpoint of format version 9; this build reads version {Checkpoint.FormatVersion}"),
            (["--from", Path.Combine(Temp, "none.bin")], "no such checkpoint file"),
            (["--from", checkpoint, "--seed", "5"], "the checkpoint was taken with master seed 11"),
            (["--from", checkpoint, "--replications", "3"], "the checkpoint holds 1 replication"),
            (["--from", checkpoint, "--checkpoint-at", "2016-06-01"], "expected a date after the week of the checkpoint"),
            ([Scenario, "--checkpoint-at", "2030-01-01"], "--checkpoint-at 2030-01-01: expected a date between calendar.start"),
            ([Scenario, "--checkpoint-at", "June"], "expected a date as yyyy-MM-dd"),
            ([Scenario, "--stop-at-checkpoint"], "expected --checkpoint-at DATE too"),
            ([], "expected a scenario file"),
        })
        {
            (code, _, stderr) = Cli(["run", .. args, "--out", Path.Combine(Temp, "never"), "--quiet"]);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}: {stderr}");
            Assert.Contains(fragment, stderr);
            Assert.StartsWith("error:", stderr);
        }
    }
}
