using System.Diagnostics;
using Participation.Cli;
using Participation.Experiments.Replications;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// SIGINT and SIGTERM end a command with "cancelled; rerun with --resume to continue" and exit code 130, having
/// stopped the runs at a week boundary with the journal intact, so <c>--resume</c> finishes the batch with the tables
/// of an uninterrupted one. The signals are sent with kill to a child process; the cancellation itself is also
/// tested in process, for a batch and a sweep.
/// </summary>
public class InterruptionTests(ITestOutputHelper output) : ReliabilityCli
{
    private const int Replications = 12;
    private const string Cancelled = "cancelled; rerun with --resume to continue";

    /// <summary>The small scenario cut to two years: about a tenth of a second a replication.</summary>
    private string ShortScenario()
    {
        string path = Path.Combine(Temp, "short.json");
        File.WriteAllText(path, SmallScenario.Replace("\"end\": \"2018-12-31\"", "\"end\": \"2017-12-31\"")
            .Replace("\"registerDate\": \"2018-06-30\"", "\"registerDate\": \"2017-12-31\""));
        return path;
    }

    private static string Journal(string folder) => Path.Combine(folder, ReplicationJournal.FolderName, ReplicationJournal.FileName);

    /// <summary>
    /// Starts <paramref name="args"/> in a child process (with SIGINT at its default disposition: a shell's background
    /// job inherits it ignored), sends <paramref name="signal"/> with kill once <paramref name="ready"/> holds, and
    /// returns the exit code, standard error and how long the command took to end after the signal.
    /// </summary>
    private static (int Code, string Err, TimeSpan Stop) Signal(string signal, string[] args, Func<bool> ready)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--default-signal=INT", "dotnet", CliRunner.CliDll(), .. args]) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!child.HasExited && !ready() && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(5);
        if (child.HasExited) Assert.Fail($"the command ended (exit {child.ExitCode}) before it could be signalled: {stderr.Result}");
        using (var kill = Process.Start("kill", [$"-{signal}", child.Id.ToString()])!) kill.WaitForExit();
        var stop = Stopwatch.StartNew();
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), $"the command did not end within a minute of SIG{signal}");
        return (child.ExitCode, stderr.Result, stop.Elapsed);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void A_signalled_batch_says_how_to_continue_exits_130_and_resumes_to_identical_tables(string signal)
    {
        if (!OperatingSystem.IsLinux()) return; // env --default-signal and kill as on Linux
        string scenario = ShortScenario(), folder = Path.Combine(Temp, "signalled"), whole = Path.Combine(Temp, "whole");
        string[] run = ["run", scenario, "--replications", Replications.ToString(), "--threads", "1", "--out", folder];
        var (code, stderr, stop) = Signal(signal, run, () => JournaledLines(Journal(folder), "rep\t") >= 2);
        output.WriteLine($"SIG{signal}: exit {code} after {stop.TotalSeconds:0.00} s: {stderr.Trim()}");
        Assert.Equal(Interruption.ExitCode, code);
        Assert.Equal(Cancelled, stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1]);
        Assert.DoesNotContain("   at ", stderr);
        Assert.True(stop < Interruption.Grace, $"took {stop.TotalSeconds:0.0} s to stop: the runs did not see the cancellation");
        int done = JournaledLines(Journal(folder), "rep\t");
        Assert.InRange(done, 2, Replications - 1);

        var (resumed, _, err) = Cli([.. run, "--resume"]);
        Assert.True(resumed == 0, err);
        Assert.Contains($"Resuming: {done} of {Replications}", err);
        Ok(Cli(["run", scenario, "--replications", Replications.ToString(), "--threads", "1", "--out", whole, "--quiet"]));
        SameBytes(whole, folder, Tables);
    }

    [Fact]
    public void Cancelling_a_batch_or_a_sweep_in_process_ends_it_with_exit_130_and_a_resumable_journal()
    {
        string scenario = ShortScenario();
        foreach (var (args, journal, prefix) in new[]
        {
            ((string[])["run", scenario, "--replications", Replications.ToString(), "--threads", "1", "--out", Path.Combine(Temp, "batch")],
                Journal(Path.Combine(Temp, "batch")), "rep\t"),
            (["sweep", scenario, "--vary", "roles.exitNew=0.05:0.3:12", "--threads", "1", "--out", Path.Combine(Temp, "sweep")],
                // A running sweep journals under its unfinished name (renamed once the sweep is complete).
                Path.Combine(Temp, "sweep", Participation.Experiments.Sweeps.SweepJournal.UnfinishedFileName), "run\t"),
        })
        {
            using var cancel = new CancellationTokenSource();
            var watcher = Task.Run(() =>
            {
                while (JournaledLines(journal, prefix) < 2 && !cancel.IsCancellationRequested) Thread.Sleep(5);
                cancel.Cancel();
            });
            var error = new StringWriter();
            int code = Program.Run(args, TextWriter.Null, error, cancel.Token);
            watcher.Wait();
            Assert.True(code == Interruption.ExitCode, $"{args[0]}: exit {code}: {error}");
            Assert.EndsWith(Cancelled + Environment.NewLine, error.ToString());
            var (resumed, _, err) = Cli([.. args, "--resume", "--quiet"]);
            Assert.True(resumed == 0, $"{args[0]} --resume: {err}");
        }
    }

    [Fact]
    public void A_command_that_cannot_resume_says_only_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var error = new StringWriter();
        string scenario = ShortScenario(), variant = Path.Combine(Temp, "variant.json");
        File.Copy(scenario, variant);
        int code = Program.Run(["compare", scenario, variant, "--replications", "2", "--out", Path.Combine(Temp, "compare")], TextWriter.Null, error, cancel.Token);
        Assert.True(code == Interruption.ExitCode, $"exit {code}: {error}");
        Assert.Equal("cancelled" + Environment.NewLine, error.ToString());
    }
}
