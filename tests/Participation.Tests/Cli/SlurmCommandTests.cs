using Participation.Cli;

namespace Participation.Tests.Cli;

/// <summary>
/// <c>participation slurm</c>: the job array, merge and submit scripts it writes (array range, shard and resume arguments,
/// dependency, resources), its checks of the experiment's arguments before anything is written, <c>--submit</c> against a
/// stand-in sbatch, and the scripts run for real without Slurm (as Slurm would run them: one task per
/// SLURM_ARRAY_TASK_ID), merging into the unsharded sweep's tables. The run on a real Slurm is tests/slurm/one-node.sh.
/// </summary>
public class SlurmCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-slurm-").FullName;
    private readonly string _scenario;

    public SlurmCommandTests()
    {
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private string Dir(string name) => Path.Combine(_temp, name);

    private string[] Sweep => [_scenario, "--vary", "roles.exitNew=0.02:0.2:3", "--vary", "decision.intercept=-7:-6:2", "--replications", "2"];

    private string Script(string job, string name) => File.ReadAllText(Path.Combine(Dir(job), name));

    [Fact]
    public void The_job_array_runs_each_shard_resumably_and_the_merge_waits_for_every_task()
    {
        var (code, stdout, stderr) = Cli(["slurm", .. Sweep, "--set", "name=Riverside East", "--shards", "4", "--partition", "short", "--time", "02:00:00",
            "--mem", "2G", "--cpus-per-task", "2", "--max-parallel", "3", "--sbatch", "account=geo", "--out", Dir("job")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("12 runs in 4 shards (3 runs each)", stdout);
        Assert.Contains("sbatch --array=K", stdout);

        string shards = Script("job", "shards.sh");
        Assert.StartsWith("#!/bin/bash\n", shards);
        Assert.Contains("#SBATCH --array=0-3%3\n", shards);
        Assert.Contains("#SBATCH --partition=short\n", shards);
        Assert.Contains("#SBATCH --time=02:00:00\n", shards);
        Assert.Contains("#SBATCH --mem=2G\n", shards);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", shards);
        Assert.Contains("#SBATCH --account=geo\n", shards);
        Assert.Contains($"#SBATCH --output={Path.Combine(Dir("job"), "logs")}/shard-%a.out\n", shards);
        Assert.Contains($"#SBATCH --chdir={Directory.GetCurrentDirectory()}\n", shards);
        Assert.Contains("k=${SLURM_ARRAY_TASK_ID:?", shards);
        Assert.Contains("--shard \"$k/4\" --out \"$out/shards/$k\" --resume --threads \"${SLURM_CPUS_PER_TASK:-2}\"", shards);
        Assert.Contains($"sweep {_scenario} --vary roles.exitNew=0.02:0.2:3 --vary decision.intercept=-7:-6:2 --replications 2 --set 'name=Riverside East' --shard", shards);
        Assert.Contains("sbatch --array=K", shards); // how to rerun a failed shard alone
        // #SBATCH lines must come before the first command, or sbatch ignores them.
        var lines = shards.Split('\n');
        int lastDirective = Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal));
        int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(lastDirective < firstCommand);

        string merge = Script("job", "merge.sh");
        Assert.DoesNotContain("--array", merge);
        Assert.Contains("merge \"$out\"/shards/* --out \"$out/merged\" --force", merge);
        Assert.Contains("#SBATCH --partition=short\n", merge);

        string submit = Script("job", "submit.sh");
        Assert.Contains("array=$(sbatch --parsable \"$out/shards.sh\")", submit);
        Assert.Contains("--dependency=afterok:$array \"$out/merge.sh\"", submit);
        if (!OperatingSystem.IsWindows()) Assert.True((File.GetUnixFileMode(Path.Combine(Dir("job"), "submit.sh")) & UnixFileMode.UserExecute) != 0);
        Assert.True(Directory.Exists(Path.Combine(Dir("job"), "logs")));
    }

    [Fact]
    public void A_sensitivity_analysis_is_sharded_and_its_merge_job_computes_the_indices()
    {
        var (code, _, stderr) = Cli("slurm", "sensitivity", _scenario, "--vary", "roles.exitNew=0.02:0.2", "--vary", "decision.intercept=-7:-6",
            "--method", "sobol", "--samples", "4", "--outcome", "register_backbones", "--shards", "8", "--out", Dir("job"));
        Assert.True(code == 0, stderr);
        Assert.Contains("#SBATCH --array=0-7\n", Script("job", "shards.sh"));
        Assert.Contains(" sensitivity ", Script("job", "shards.sh"));
        string merge = Script("job", "merge.sh");
        Assert.Contains("--sample", merge);
        Assert.Contains("--from \"$out/merged\" --out \"$out/indices\"", merge);
    }

    [Theory]
    [InlineData("--vary|roles.exitNeww=0:1", "did you mean roles.exitNew")]
    [InlineData("--shards|0", "--shards 0")]
    [InlineData("--shards|13", "only 12 runs")]
    [InlineData("--time|two hours", "--time 'two hours'")]
    [InlineData("--mem|lots", "--mem 'lots'")]
    [InlineData("--partition|a b", "--partition 'a b'")]
    [InlineData("--sbatch|account=x\nrm -rf /", "--sbatch")]
    [InlineData("--threads|4", "--cpus-per-task")]
    [InlineData("--shard|1/2", "set by the job array")]
    [InlineData("--resume", "every task resumes")]
    [InlineData("--design|cube", "--design cube")]
    [InlineData("--nonsense", "Unrecognized command or argument '--nonsense'")]
    public void Bad_arguments_are_refused_before_anything_is_written(string extra, string message)
    {
        string[] args = ["slurm", .. Sweep, "--out", Dir("job"), .. extra.Split('|')];
        if (!args.Contains("--shards")) args = [.. args, "--shards", "2"];
        var (code, _, stderr) = Cli(args);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(message, stderr);
        Assert.False(Directory.Exists(Dir("job")));
    }

    [Fact]
    public void Submit_calls_sbatch_for_the_array_then_for_the_merge_after_it()
    {
        if (OperatingSystem.IsWindows()) return;
        string fake = Path.Combine(_temp, "fake-sbatch");
        string calls = Path.Combine(_temp, "calls");
        File.WriteAllText(fake, $"#!/bin/sh\necho \"$@\" >> '{calls}'\nn=$(wc -l < '{calls}')\necho \"$((4100 + n));cluster\"\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);
        var (code, stdout, stderr) = Cli(["slurm", .. Sweep, "--shards", "3", "--out", Dir("job"), "--submit", "--sbatch-path", fake]);
        Assert.True(code == 0, stderr);
        var made = File.ReadAllLines(calls);
        Assert.Equal($"--parsable {Path.Combine(Dir("job"), "shards.sh")}", made[0]);
        Assert.Equal($"--parsable --dependency=afterok:4101 {Path.Combine(Dir("job"), "merge.sh")}", made[1]);
        Assert.Contains("Submitted job array 4101 (shards 0-2) and merge job 4102", stdout);
        Assert.Equal("shards=4101\nmerge=4102\n", File.ReadAllText(Path.Combine(Dir("job"), "jobs.txt")));

        (code, _, stderr) = Cli(["slurm", .. Sweep, "--shards", "3", "--out", Dir("job2"), "--submit", "--sbatch-path", Path.Combine(_temp, "no-sbatch")]);
        Assert.Equal(Program.InternalError, code);
        Assert.Contains("submit.sh", stderr);
        Assert.True(File.Exists(Path.Combine(Dir("job2"), "shards.sh")));
    }

    [Fact]
    public async Task The_scripts_run_without_slurm_give_the_unsharded_sweeps_tables()
    {
        if (OperatingSystem.IsWindows()) return;
        var (code, _, stderr) = Cli(["slurm", .. Sweep, "--shards", "2", "--out", Dir("job")]);
        Assert.True(code == 0, stderr);
        // As Slurm runs them: each task with its SLURM_ARRAY_TASK_ID (task 1 twice, as after a resubmission), then the merge.
        await SlurmScripts.RunAsSlurm(Dir("job"), ("shards.sh", "0"), ("shards.sh", "1"), ("shards.sh", "1"), ("merge.sh", ""));
        Assert.Equal(0, Cli(["sweep", .. Sweep, "--out", Dir("local"), "--quiet"]).Code);
        foreach (var table in new[] { "sweep.csv", "sweep_summary.csv", "design.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("local"), table)), File.ReadAllBytes(Path.Combine(Dir("job"), "merged", table)));
    }
}
