using System.Globalization;
using System.Text.Json.Nodes;
using Participation.Cli;
using Participation.Experiments.Sharding;

namespace Participation.Tests.Cli;

/// <summary>
/// <c>calibrate --design-samples N</c> on the sweep path: shards (<c>--shard K/M</c>), <c>merge</c>, and <c>--from</c>
/// give byte for byte the fit one process computes; <c>--from</c> refuses runs of another calibration, naming what
/// differs; <c>slurm calibrate</c> writes the array and a merge job that fits.
/// </summary>
public class CalibrateSweepCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-calsweep-").FullName;
    private readonly string _scenario;
    private readonly string _targets;

    private const string TargetsJson = """
    {
      "description": "test targets",
      "targets": {
        "participation_rate_month": { "value": 0.1, "tolerance": 0.05, "source": "made up" },
        "top10_task_share": { "value": 0.5, "tolerance": 0.1 }
      },
      "parameters": {
        "decision.intercept": { "min": -8, "max": -5 },
        "roles.exitNew": { "min": 0.02, "max": 0.2 }
      }
    }
    """;

    private static readonly string[] Tables = ["fitted.csv", "targets.csv", "trace.csv", "design_losses.csv"];

    public CalibrateSweepCommandTests()
    {
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
        _targets = Path.Combine(_temp, "targets.json");
        File.WriteAllText(_targets, TargetsJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private string Dir(string name) => Path.Combine(_temp, name);

    private string[] Calibration => ["calibrate", _scenario, "--targets", _targets, "--design-samples", "5", "--replications", "2", "--check-replications", "1"];

    private static void Ok((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err + r.Out);

    /// <summary>Runs the design in <paramref name="n"/> shards, merges them into merged-NAME and returns that folder.</summary>
    private string ShardAndMerge(string name, int n, params string[] more)
    {
        var folders = Enumerable.Range(0, n).Select(k => Path.Combine(Dir("shards-" + name), k.ToString(CultureInfo.InvariantCulture))).ToArray();
        for (int k = 0; k < n; k++) Ok(Cli([.. Calibration, .. more, "--shard", $"{k}/{n}", "--out", folders[k], "--quiet"]));
        Ok(Cli(["merge", .. folders, "--out", Dir("merged-" + name), "--quiet"]));
        return Dir("merged-" + name);
    }

    [Fact]
    public void The_fit_from_merged_shards_is_byte_for_byte_the_fit_of_one_process()
    {
        var (code, stdout, stderr) = Cli([.. Calibration, "--budget", "2", "--out", Dir("whole")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("from a Latin-hypercube design of 5 points × 2 replications; best design point", stdout);
        Assert.Contains("then 2 Nelder-Mead evaluations", stdout);

        // A shard is an ordinary sweep shard; merge names the next step.
        var folders = Enumerable.Range(0, 3).Select(k => Path.Combine(Dir("shards"), k.ToString(CultureInfo.InvariantCulture))).ToArray();
        for (int k = 0; k < 3; k++)
        {
            (code, stdout, stderr) = Cli([.. Calibration, "--budget", "2", "--shard", $"{k}/3", "--out", folders[k]]);
            Assert.True(code == 0, stderr);
        }
        Assert.Contains("shard 2/3 of the runs of a calibration design of 5 points × 2 replications (3 of 10 runs", stdout);
        Assert.Equal("calibration", ShardInfo.Read(folders[0]).Experiment);
        Assert.Equal(1 + 4, File.ReadAllLines(Path.Combine(folders[0], "sweep.csv")).Length); // runs 0, 3, 6, 9
        (code, stdout, stderr) = Cli(["merge", folders[2], folders[0], folders[1], "--out", Dir("merged")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("the runs of a calibration design", stdout);
        Assert.Contains("Fit the calibration with: participation calibrate", stdout);
        Assert.Contains("--from", stdout);

        (code, stdout, stderr) = Cli([.. Calibration, "--budget", "2", "--from", Dir("merged"), "--out", Dir("fit")]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"(runs from {Dir("merged")})", stdout);
        foreach (var table in Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("whole"), table)), File.ReadAllBytes(Path.Combine(Dir("fit"), table)));
        Assert.True(File.Exists(Path.Combine(Dir("fit"), "defaults.json")));

        // design_losses.csv: every point in design order, ranked; the fit is rank 1 (no polish) or better (polish).
        var losses = File.ReadAllLines(Path.Combine(Dir("fit"), "design_losses.csv"));
        Assert.Equal("point,rank,loss,decision.intercept,roles.exitNew,participation_rate_month_mean,top10_task_share_mean", losses[0]);
        Assert.Equal(1 + 5, losses.Length);
        Assert.Equal(["1", "2", "3", "4", "5"], losses[1..].Select(l => l.Split(',')[1]).Order());
        double Loss(string line) => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture);
        string[] best = losses[1..].Single(l => l.Split(',')[1] == "1").Split(',');
        Assert.Equal(losses[1..].Min(Loss), double.Parse(best[2], CultureInfo.InvariantCulture));

        // Without the polish the best design point is the fit, and the manifest says where the runs came from.
        Ok(Cli([.. Calibration, "--from", Dir("merged"), "--out", Dir("fit0"), "--quiet"]));
        var fitted = File.ReadAllLines(Path.Combine(Dir("fit0"), "fitted.csv"));
        Assert.StartsWith($"decision.intercept,{best[3]},", fitted[1]);
        Assert.StartsWith($"roles.exitNew,{best[4]},", fitted[2]);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir("fit0"), "manifest.json")))!;
        Assert.Equal(5, (int)manifest["experiment"]!["designSamples"]!);
        Assert.Equal(Path.GetFullPath(Dir("merged")), (string?)manifest["experiment"]!["from"]);
        Assert.Contains("design_losses.csv", manifest["files"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(2 + 5, File.ReadAllLines(Path.Combine(Dir("fit0"), "trace.csv")).Length); // header, 5 design points, the check
    }

    [Fact]
    public void From_refuses_runs_of_another_calibration_naming_what_differs()
    {
        string merged = ShardAndMerge("a", 2);
        void Refused(string message, string[] args, string? targetsJson = null)
        {
            string targets = _targets;
            if (targetsJson is not null)
            {
                targets = Path.Combine(_temp, $"targets-{Guid.NewGuid():N}.json");
                File.WriteAllText(targets, targetsJson);
            }
            var (code, _, stderr) = Cli([.. args.Select(a => a == _targets ? targets : a), "--out", Dir("refused"), "--quiet"]);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains(message, stderr);
            Assert.False(Directory.Exists(Dir("refused")));
        }
        string[] from = [.. Calibration, "--from", merged];
        Refused("parameter box (the targets file's parameters): the runs have decision.intercept=-8:-5 roles.exitNew=0.02:0.2, this calibration decision.intercept=-8:-4",
            from, TargetsJson.Replace("\"max\": -5", "\"max\": -4"));
        Refused("targets (figures, values, tolerances; hash)", from, TargetsJson.Replace("\"tolerance\": 0.05", "\"tolerance\": 0.06"));
        Refused("--design-samples: the runs have 5, this calibration 6", [.. from.Select(a => a == "5" ? "6" : a)]);
        Refused("--replications: the runs have 2, this calibration 3", [.. Calibration.Select(a => a == "2" ? "3" : a), "--from", merged]);
        Refused("master seed (--seed): the runs have 7, this calibration 8", [.. from, "--seed", "8"]);
        Refused("scenario: the runs have tiny test community, this calibration other", [.. from, "--set", "name=other"]);
        Refused("resolved scenario (files and --set)", [.. from, "--set", "decision.intercept=-7"]);
        Refused("holds no sweep.journal", [.. Calibration, "--from", Dir("shards-a")]);
        Refused("no such folder", [.. Calibration, "--from", Dir("nowhere")]);

        // Another build's runs.
        string manifestPath = Path.Combine(merged, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        string version = (string)manifest["version"]!;
        manifest["version"] = "0.0.1+other";
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        Refused($"version: the runs have 0.0.1+other, this calibration {version}", from);

        // A sweep's merged runs are not a calibration design's.
        string sweepShard = Dir("sweep-shard");
        Ok(Cli(["sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:2", "--shard", "0/1", "--out", sweepShard, "--quiet"]));
        Refused("its runs are not a calibration design's", [.. Calibration, "--from", sweepShard]);

        // The mode options need --design-samples, and choose one of --shard and --from.
        string[] plain = ["calibrate", _scenario, "--targets", _targets];
        Refused("--shard: only with --design-samples N", [.. plain, "--shard", "0/2"]);
        Refused("--from: only with --design-samples N", [.. plain, "--from", merged]);
        Refused("--from and --shard: choose one", [.. Calibration, "--from", merged, "--shard", "0/2"]);
        Refused("--resume: only with --design-samples N --shard K/M", [.. Calibration, "--resume"]);
        Refused("--design-samples 0: expected a whole number from 1 to 1000000", [.. plain, "--design-samples", "0"]);
        Refused("--budget -1: expected a whole number from 0 to 1000000", [.. Calibration, "--budget", "-1"]);
        Refused("--shard 0/11: the experiment has only 10 runs", [.. Calibration, "--shard", "0/11"]);
    }

    [Fact]
    public void Slurm_calibrate_writes_the_design_array_and_a_merge_job_that_fits()
    {
        string[] args = [.. Calibration[1..], "--budget", "3"];
        var (code, stdout, stderr) = Cli(["slurm", "calibrate", .. args, "--shards", "3", "--cpus-per-task", "2", "--time", "01:00:00", "--out", Dir("job")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("calibrate of 10 runs in 3 shards (3 to 4 runs each)", stdout);
        string shards = File.ReadAllText(Path.Combine(Dir("job"), "shards.sh"));
        string quotedArgs = $"calibrate {_scenario} --targets {_targets} --design-samples 5 --replications 2 --check-replications 1 --budget 3";
        Assert.Contains("#SBATCH --array=0-2\n", shards);
        Assert.Contains($"{quotedArgs} --shard \"$k/3\" --out \"$out/shards/$k\" --resume --threads \"${{SLURM_CPUS_PER_TASK:-2}}\"", shards);
        string merge = File.ReadAllText(Path.Combine(Dir("job"), "merge.sh"));
        Assert.Contains("\"${participation[@]}\" merge \"$out\"/shards/* --out \"$out/merged\" --force\n", merge);
        Assert.Contains($"\"${{participation[@]}}\" {quotedArgs} --from \"$out/merged\" --out \"$out/fit\" --force --threads \"${{SLURM_CPUS_PER_TASK:-2}}\"\n", merge);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", merge); // the fit's check and polish run in the merge job
        Assert.Contains("#SBATCH --time=01:00:00\n", merge);
        Assert.Contains("--dependency=afterok:$array", File.ReadAllText(Path.Combine(Dir("job"), "submit.sh")));

        // Checked before anything is written: a calibration without a design, --from, a bad targets file.
        foreach (var (bad, message) in new (string[], string)[]
        {
            (["calibrate", _scenario, "--targets", _targets], "slurm calibrate: give --design-samples N"),
            (["calibrate", .. args, "--from", Dir("x")], "--from: not an option of the experiment under slurm (the merge job fits from the merged runs)"),
            (["calibrate", _scenario, "--targets", Dir("missing.json"), "--design-samples", "5"], "missing.json: no such file; expected a targets file"),
            (["calibrate", .. args.Select(a => a == "5" ? "1" : a)], "--shard 0/3: the experiment has only 2 runs"),
        })
        {
            (code, _, stderr) = Cli(["slurm", .. bad, "--shards", "3", "--out", Dir("bad")]);
            Assert.Equal(Program.BadInput, code);
            Assert.Contains(message, stderr);
            Assert.False(Directory.Exists(Dir("bad")));
        }
    }

    [Fact]
    public async Task The_calibration_scripts_run_without_slurm_give_the_fit_of_one_process()
    {
        if (OperatingSystem.IsWindows()) return;
        string[] args = Calibration[1..];
        Ok(Cli(["slurm", "calibrate", .. args, "--shards", "2", "--out", Dir("job"), "--quiet"]));
        await SlurmScripts.RunAsSlurm(Dir("job"), ("shards.sh", "0"), ("shards.sh", "1"), ("merge.sh", ""));
        Ok(Cli([.. Calibration, "--out", Dir("local"), "--quiet"]));
        foreach (var table in Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("local"), table)), File.ReadAllBytes(Path.Combine(Dir("job"), "fit", table)));
    }
}
