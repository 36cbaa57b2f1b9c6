using System.Text.Json;
using Participation.Cli;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;

namespace Participation.Tests.Cli;

/// <summary>
/// <c>sweep --shard K/N</c> and <c>participation merge</c> end to end: the merged tables are byte for byte the unsharded
/// sweep's; shards that are missing, given twice, unfinished or of another sweep are refused with exit code 2 and a
/// message naming what differs. Sensitivity analyses take the same path (<c>--shard</c>, merge, <c>--from</c>).
/// </summary>
public class MergeCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-merge-").FullName;
    private readonly string _scenario;

    private static readonly string[] Tables = ["sweep.csv", "sweep_summary.csv", "design.csv"];

    public MergeCommandTests()
    {
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private string Dir(string name) => Path.Combine(_temp, name);

    private string[] SweepArgs(params string[] more) =>
        ["sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:3", "--vary", "decision.intercept=-7:-6:2", "--replications", "2", "--quiet", .. more];

    private void Ok((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err + r.Out);

    /// <summary>Runs the N shards into shards/K (K-th with K % 2 + 1 threads) and returns their folders.</summary>
    private string[] Shards(int n, string name = "shards", params string[] more)
    {
        var folders = Enumerable.Range(0, n).Select(k => Path.Combine(Dir(name), k.ToString())).ToArray();
        for (int k = 0; k < n; k++) Ok(Cli(SweepArgs([.. more, "--shard", $"{k}/{n}", "--out", folders[k], "--threads", (k % 2 + 1).ToString()])));
        return folders;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    [Fact]
    public void Merged_shards_are_byte_for_byte_the_unsharded_sweep()
    {
        Ok(Cli(SweepArgs("--out", Dir("whole"))));
        var shards = Shards(5);
        Assert.False(File.Exists(Path.Combine(shards[0], "sweep_summary.csv"))); // a point's replications may lie in several shards
        Assert.True(File.Exists(Path.Combine(shards[0], ShardInfo.FileName)));
        Assert.Equal(1 + 3, File.ReadAllLines(Path.Combine(shards[0], "sweep.csv")).Length); // a header, then runs 0, 5 and 10 of 12
        var (code, stdout, stderr) = Cli(["merge", shards[3], shards[1], shards[4], shards[0], shards[2], "--out", Dir("merged")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("merged 5 shards of a grid of 6 points × 2 replications = 12 runs", stdout);
        foreach (var table in Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("whole"), table)), File.ReadAllBytes(Path.Combine(Dir("merged"), table)));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir("merged"), "manifest.json")));
        var experiment = manifest.RootElement.GetProperty("experiment");
        Assert.Equal(12, experiment.GetProperty("runs").GetInt32());
        Assert.Equal(5, experiment.GetProperty("shards").GetProperty("count").GetInt32());
        Assert.False(experiment.TryGetProperty("shard", out _));
        Assert.StartsWith("participation merge ", manifest.RootElement.GetProperty("command").GetString());
        Assert.Equal("tiny test community", manifest.RootElement.GetProperty("scenario").GetProperty("name").GetString());

        // The merged folder is a finished sweep: resuming it runs nothing and leaves the tables as they are.
        (code, _, stderr) = Cli(SweepArgs("--out", Dir("merged"), "--resume"));
        Assert.True(code == 0, stderr);
        foreach (var table in Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("whole"), table)), File.ReadAllBytes(Path.Combine(Dir("merged"), table)));
        // And a report can be made of it as of any sweep.
        Assert.Equal(0, Cli("report", Dir("merged"), "--quiet").Code);
    }

    [Fact]
    public void Missing_repeated_and_unfinished_shards_are_refused_naming_the_shard()
    {
        var shards = Shards(3);
        var (code, _, stderr) = Cli("merge", shards[0], shards[2], "--out", Dir("m1"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("1 of 3 shards missing: 1/3", stderr);
        Assert.Contains("sbatch --array=1", stderr);
        Assert.False(Directory.Exists(Dir("m1")));

        CopyFolder(shards[1], Dir("copy-of-1"));
        (code, _, stderr) = Cli("merge", shards[0], shards[1], Dir("copy-of-1"), shards[2], "--out", Dir("m2"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("shard 1/3 is given twice (overlapping shards)", stderr);

        // Shard 2 killed after its first run: the journal holds one of its runs.
        string cut = Dir("cut-2");
        CopyFolder(shards[2], cut);
        string journal = Path.Combine(cut, SweepJournal.FileName);
        var lines = File.ReadAllLines(journal);
        int firstRun = Array.FindIndex(lines, l => l.StartsWith("run\t", StringComparison.Ordinal));
        File.WriteAllLines(journal, lines.Take(firstRun + 1));
        (code, _, stderr) = Cli("merge", shards[0], shards[1], cut, "--out", Dir("m3"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains($"shard 2/3 in {cut} is incomplete: 1 of 4 runs done", stderr);
        Assert.Contains("--resume", stderr);

        // Finishing it with --resume makes it mergeable.
        (code, _, stderr) = Cli(SweepArgs("--shard", "2/3", "--out", cut, "--resume"));
        Assert.True(code == 0, stderr);
        Assert.Equal(0, Cli("merge", shards[0], shards[1], cut, "--out", Dir("m4"), "--quiet").Code);

        (code, _, stderr) = Cli("merge", Dir("m4"), "--out", Dir("m5"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("is not a shard's folder", stderr);
        (code, _, stderr) = Cli("merge", shards[0], shards[1], shards[2], "--out", shards[1]);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("one of the shards' folders", stderr);
    }

    [Fact]
    public void Shards_of_different_sweeps_are_refused_naming_what_differs()
    {
        var shards = Shards(2);
        var seeded = Shards(2, "seeded", "--seed", "99");
        var (code, _, stderr) = Cli("merge", shards[0], seeded[1], "--out", Dir("m1"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("differ in master seed (--seed)", stderr);
        Assert.Contains("has 7", stderr);
        Assert.Contains("has 99", stderr);

        var three = Shards(3, "three");
        (code, _, stderr) = Cli("merge", shards[0], three[1], "--out", Dir("m2"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("differ in number of shards", stderr);

        // A shard made by another version of the tool.
        CopyFolder(shards[1], Dir("old-1"));
        string info = Path.Combine(Dir("old-1"), ShardInfo.FileName);
        var text = File.ReadAllText(info);
        var version = JsonDocument.Parse(text).RootElement.GetProperty("version").GetString()!;
        File.WriteAllText(info, text.Replace(version, "0.0.1+0ld"));
        (code, _, stderr) = Cli("merge", shards[0], Dir("old-1"), "--out", Dir("m3"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("differ in version", stderr);
        Assert.Contains("0.0.1+0ld", stderr);

        // A shard whose --set changes the scenario.
        var other = Shards(2, "other", "--set", "roles.fillRate=0.2");
        (code, _, stderr) = Cli("merge", shards[0], other[1], "--out", Dir("m4"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("differ in resolved scenario", stderr);
    }

    [Fact]
    public void Sweep_refuses_bad_shards_with_exit_code_2()
    {
        foreach (var (shard, message) in new[] { ("2/2", "from 0 to N-1 = 1"), ("x", "expected K/N"), ("0/13", "only 12 runs") })
        {
            var (code, _, stderr) = Cli(SweepArgs("--shard", shard, "--out", Dir("bad")));
            Assert.Equal(Program.BadInput, code);
            Assert.Contains("--shard", stderr);
            Assert.Contains(message, stderr);
        }
        var (c, _, err) = Cli(SweepArgs("--shard", "0/2", "--out", Dir("report"), "--report"));
        Assert.Equal(Program.BadInput, c);
        Assert.Contains("merged folder", err);

        // A shard's folder cannot be resumed as another shard.
        Ok(Cli(SweepArgs("--shard", "0/2", "--out", Dir("s0"))));
        (c, _, err) = Cli(SweepArgs("--shard", "1/2", "--out", Dir("s0"), "--resume"));
        Assert.Equal(Program.BadInput, c);
        Assert.Contains("another shard than 1/2", err);
    }

    [Fact]
    public void Sensitivity_shards_merged_give_the_indices_of_one_process_byte_for_byte()
    {
        string[] analysis = ["sensitivity", _scenario, "--vary", "roles.exitNew=0.02:0.2", "--vary", "decision.intercept=-7:-6", "--method", "morris",
            "--samples", "3", "--outcome", "register_backbones", "--bootstrap", "50", "--quiet"];
        Ok(Cli([.. analysis, "--out", Dir("whole")]));
        for (int k = 0; k < 3; k++) Ok(Cli([.. analysis, "--shard", $"{k}/3", "--out", Path.Combine(Dir("shards"), k.ToString())]));
        var (code, stdout, stderr) = Cli(["merge", .. Enumerable.Range(0, 3).Select(k => Path.Combine(Dir("shards"), k.ToString())), "--out", Dir("merged")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("--from", stdout);
        Ok(Cli([.. analysis, "--from", Dir("merged"), "--out", Dir("indices")]));
        foreach (var table in new[] { "indices.csv", "sweep.csv", "design.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("whole"), table)), File.ReadAllBytes(Path.Combine(Dir("indices"), table)));

        // The merged runs of another analysis (other --samples) are refused, as are --resume without --shard and a folder without runs.
        (code, _, stderr) = Cli([.. analysis.Select(a => a == "3" ? "4" : a), "--from", Dir("merged"), "--out", Dir("other")]);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("--from", stderr);
        Assert.Contains("other settings", stderr);
        (code, _, stderr) = Cli([.. analysis, "--resume", "--out", Dir("whole")]);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("only with --shard", stderr);
        (code, _, stderr) = Cli([.. analysis, "--from", Dir("whole"), "--out", Dir("none")]);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("holds no sweep.journal", stderr);
    }
}
