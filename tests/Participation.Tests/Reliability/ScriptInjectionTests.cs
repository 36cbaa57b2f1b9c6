using System.Diagnostics;
using System.Text;
using Participation.Cli;
using Participation.Cli.Commands;

namespace Participation.Tests.Reliability;

/// <summary>
/// What <c>participation slurm</c> writes into its scripts is quoted for the shell: hostile values (newlines, quotes,
/// <c>$()</c>, backticks, <c>;</c>, control and bidirectional characters) in --set values, the scenario's file name and
/// --executable reach the program as exactly the words given and never run. Each script is checked with <c>bash -n</c>
/// and then run whole in a sandbox, with sbatch and participation replaced by stand-ins that record their arguments.
/// </summary>
public class ScriptInjectionTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-inject-").FullName;
    private readonly string _scenario;

    public ScriptInjectionTests()
    {
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
    }

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Values that would run <c>touch PWNED</c> (or break a line) if they reached bash unquoted or half quoted.</summary>
    internal static readonly string[] Hostile =
    [
        "a\ntouch PWNED", "a\r\ntouch PWNED", "$(touch PWNED)", "`touch PWNED`", "a; touch PWNED", "a && touch PWNED #", "a | touch PWNED",
        "a' ; touch PWNED ; '", "a\" ; touch PWNED ; \"", "a\\\ntouch PWNED", "\\'$(touch PWNED)\\'", "$'\\n'touch PWNED", "${IFS}touch${IFS}PWNED",
        "$HOME", "!!", "*", "~", "-", "", " ", "# not a comment", "\u202etouch PWNED", "a\u2028touch PWNED", "a\u0085touch PWNED",
        "\u0001\u001b[31m\u007f", "a\ttab", "plain\n", "plain\r\n", "😀 好", "--out=/tmp/evil", "> PWNED", "<(touch PWNED)",
    ];

    private string Dir(string name) => Path.Combine(_temp, name);

    /// <summary>A tiny scenario in this test's folder.</summary>
    internal string Scenario => _scenario;

    /// <summary>A folder with stand-ins: sbatch prints a job id; participation records each call's arguments, one NUL-terminated word each.</summary>
    private string Stubs(out string calls)
    {
        string stubs = Directory.CreateDirectory(Dir("stubs")).FullName;
        calls = Directory.CreateDirectory(Dir("calls")).FullName;
        Stub(Path.Combine(stubs, "sbatch"), "echo '4242;cluster'\n");
        Stub(Path.Combine(stubs, "participation"), $"n=$(ls '{calls}' | wc -l)\nprintf '%s\\0' \"$@\" > '{calls}'/call-$n\n");
        return stubs;
    }

    private static void Stub(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    /// <summary>Runs <c>bash ARGS</c> in <paramref name="cwd"/> with the stand-ins first on PATH; returns its exit code and output.</summary>
    private static (int Code, string Output) Bash(string cwd, string stubs, string? participation, string? task, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = stubs + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        if (participation is null) start.Environment.Remove("PARTICIPATION");
        else start.Environment["PARTICIPATION"] = participation;
        if (task is not null) start.Environment["SLURM_ARRAY_TASK_ID"] = task;
        start.Environment["SLURM_CPUS_PER_TASK"] = "1";
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    /// <summary>The arguments of each recorded call to the participation stand-in, in order.</summary>
    private static List<string[]> Calls(string calls) =>
        Directory.GetFiles(calls).OrderBy(f => int.Parse(Path.GetFileName(f)["call-".Length..])).Select(f =>
        {
            string text = File.ReadAllText(f, Encoding.UTF8);
            return text.Length == 0 ? [] : text[..^1].Split('\0');
        }).ToList();

    /// <summary>Every file or folder under <paramref name="root"/> named PWNED (what a value that escaped its quoting would create).</summary>
    private static string[] Pwned(string root) =>
        Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(p => Path.GetFileName(p) == "PWNED").ToArray();

    /// <summary>
    /// Writes the job for <paramref name="experimentArgs"/>, checks each script with bash -n, runs each in a sandbox
    /// (the array's task 0, the merge, the submission) and returns what the participation stand-in was called with.
    /// </summary>
    internal List<string[]> WriteAndRun(string job, string[] experimentArgs, string? executable = null)
    {
        foreach (var fresh in new[] { Dir("calls"), Dir("sandbox") })
            if (Directory.Exists(fresh)) Directory.Delete(fresh, recursive: true);
        string stubs = Stubs(out string calls);
        string[] args = ["slurm", "--shards", "2", "--out", Dir(job), .. executable is null ? Array.Empty<string>() : ["--executable", executable], "--", "sweep", .. experimentArgs];
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
        Assert.Empty(Pwned(_temp));
        foreach (var script in new[] { SlurmCommand.ShardsScript, SlurmCommand.MergeScript, SlurmCommand.SubmitScript })
        {
            string path = Path.Combine(Dir(job), script);
            string text = File.ReadAllText(path);
            Assert.DoesNotContain("\ntouch PWNED", text);
            Assert.DoesNotContain("\r", text);
            var (syntax, why) = Bash(_temp, stubs, null, null, "-n", path);
            Assert.True(syntax == 0, $"bash -n {script}: {why}\n{text}");
            // #SBATCH lines must all come before the first command: a value that broke out of a comment would end them early.
            var lines = text.Split('\n');
            int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
            Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal)) < firstCommand, text);
            Assert.All(lines[..firstCommand], l => Assert.True(l.Length == 0 || l.StartsWith('#'), $"a header line that is not a comment: {l}"));
        }
        string sandbox = Directory.CreateDirectory(Dir("sandbox")).FullName;
        string? stand = executable is null ? Path.Combine(stubs, "participation") : null;
        foreach (var (script, task) in new[] { (SlurmCommand.ShardsScript, "0"), (SlurmCommand.MergeScript, (string?)null), (SlurmCommand.SubmitScript, null) })
        {
            var (exit, output) = Bash(sandbox, stubs, stand, task, Path.Combine(Dir(job), script));
            Assert.True(exit == 0, $"{script}: {output}");
        }
        Assert.Empty(Pwned(_temp));
        Assert.Equal("shards=4242\nmerge=4242\n", File.ReadAllText(Path.Combine(Dir(job), SlurmCommand.JobsFile)));
        var made = Calls(calls);
        Assert.Equal(2, made.Count); // the shard task, then the merge (a sweep's merge job runs only the merge)
        Assert.Equal(["sweep", .. experimentArgs, "--shard", "0/2", "--out", Path.Combine(Dir(job), "shards", "0"), "--resume", "--threads", "1"], made[0]);
        Assert.Equal("merge", made[1][0]);
        return made;
    }

    [Fact]
    public void A_set_value_with_a_newline_stays_in_its_word_and_runs_nothing()
    {
        if (OperatingSystem.IsWindows()) return;
        // The issue's example: participation slurm --shards 2 -- sweep scenarios/x-shaoxing.json --vary roles.exitNew=0.1:0.2:2 --set $'description=a\ntouch PWNED'
        string scenario = Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json");
        WriteAndRun("job", [scenario, "--vary", "roles.exitNew=0.1:0.2:2", "--set", "description=a\ntouch PWNED"]);
        string shards = File.ReadAllText(Path.Combine(Dir("job"), SlurmCommand.ShardsScript));
        Assert.Contains("--set $'description=a\\x0atouch PWNED'", shards);
    }

    [Fact]
    public void Hostile_values_in_set_values_reach_the_program_as_given()
    {
        if (OperatingSystem.IsWindows()) return;
        WriteAndRun("job", [_scenario, "--vary", "roles.exitNew=0.1:0.2:2", .. Hostile.SelectMany(v => new[] { "--set", "description=" + v })]);
    }

    [Fact]
    public void Hostile_scenario_file_names_and_executables_are_quoted_too()
    {
        if (OperatingSystem.IsWindows()) return;
        string folder = Directory.CreateDirectory(Dir("scenarios")).FullName;
        int k = 0;
        foreach (var name in Hostile.Where(v => v.Trim().Length > 0 && !v.Contains('/') && v != "-" && !v.StartsWith('~')))
        {
            string scenario = Path.Combine(folder, name + ".json");
            File.WriteAllText(scenario, TestScenarios.TinyJson);
            WriteAndRun($"job{k}", [scenario, "--vary", "roles.exitNew=0.1:0.2:2"]);
            k++;
        }
        Assert.True(k > 20);

        // The program itself at a hostile path (no PARTICIPATION in the environment, so the script starts --executable).
        string stubs = Stubs(out _);
        string odd = Path.Combine(Directory.CreateDirectory(Dir("bin $(touch PWNED) `x`")).FullName, "participation;touch PWNED");
        File.Copy(Path.Combine(stubs, "participation"), odd);
        File.SetUnixFileMode(odd, (UnixFileMode)0b111_101_101);
        WriteAndRun("job-exe", [_scenario, "--vary", "roles.exitNew=0.1:0.2:2"], executable: odd);
    }

    [Fact]
    public void Values_that_slurm_reads_unquoted_are_refused_before_anything_is_written()
    {
        string[] experiment = ["--", "sweep", _scenario, "--vary", "roles.exitNew=0.1:0.2:2"];
        foreach (var (option, value) in new[]
        {
            ("--partition", "short\n#SBATCH --uid=0"), ("--time", "1:00:00;touch PWNED"), ("--mem", "2G touch"), ("--sbatch", "account=x --uid=0"),
            ("--sbatch", "account=$(touch PWNED)"), ("--sbatch", "comment=a\u0085b"),
            // A final newline: a pattern ending in $ (not \z) lets it through to the #SBATCH line.
            ("--partition", "short\n"), ("--time", "02:00:00\n"), ("--mem", "2G\n"), ("--sbatch", "account=geo\n"), ("--sbatch", "exclusive\n"),
        })
        {
            var (code, _, stderr) = CliRunner.Run(["slurm", "--shards", "2", option, value, "--out", Dir("job"), .. experiment]);
            Assert.True(code == Program.BadInput, $"{option} {value}: exit {code}: {stderr}");
            Assert.Contains(option, stderr);
            Assert.False(Directory.Exists(Dir("job")));
        }
        foreach (var folder in new[] { Dir("job $(touch PWNED)"), Dir("job\nx"), Dir("job'x"), Dir("job") + "\n" })
        {
            var (code, _, stderr) = CliRunner.Run(["slurm", "--shards", "2", "--out", folder, .. experiment]);
            Assert.True(code == Program.BadInput, $"--out {folder}: exit {code}: {stderr}");
            Assert.Contains("--out", stderr);
            Assert.False(Directory.Exists(folder));
        }
        Assert.Empty(Pwned(_temp));
    }

    [Fact]
    public void A_scenario_whose_name_cannot_name_the_default_folder_needs_out()
    {
        string scenario = Path.Combine(_temp, "my scenario;x.json");
        File.WriteAllText(scenario, TestScenarios.TinyJson);
        var (code, _, stderr) = CliRunner.Run(["slurm", "--shards", "2", "--", "sweep", scenario, "--vary", "roles.exitNew=0.1:0.2:2"]);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("give --out", stderr);
    }
}
