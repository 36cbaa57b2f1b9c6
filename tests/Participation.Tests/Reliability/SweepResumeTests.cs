using System.Diagnostics;
using Participation.Experiments.Sweeps;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// Crash-safe sweeps, for real: a child process runs <c>participation sweep</c> and is killed (the whole process
/// tree) after some runs are journaled; <c>--resume</c> (a second child, killed again, then in process) finishes it,
/// and sweep.csv, sweep_summary.csv and design.csv come out byte for byte as an uninterrupted sweep's.
/// </summary>
public class SweepResumeTests(ITestOutputHelper output) : ReliabilityCli
{
    private const int Points = 12, Replications = 3;

    /// <summary>The uninterrupted sweep both tests compare with, run once (in process, two threads).</summary>
    private static readonly Lazy<string> Whole = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("participation-sweep-whole-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } };
        string folder = Path.Combine(root, "whole");
        string scenario = Path.Combine(Path.GetDirectoryName(folder)!, "short.json");
        File.WriteAllText(scenario, ShortScenarioText);
        var (code, _, err) = Cli(["sweep", scenario, "--vary", $"decision.intercept=-8:-6:{Points}", "--replications", Replications.ToString(),
            "--out", folder, "--quiet", "--threads", "2"]);
        Assert.True(code == 0, err);
        return folder;
    });

    private static string ShortScenarioText => SmallScenario.Replace("\"end\": \"2018-12-31\"", "\"end\": \"2017-12-31\"")
        .Replace("\"registerDate\": \"2018-06-30\"", "\"registerDate\": \"2017-12-31\"");

    private string[] SweepArgs(string folder) =>
        ["sweep", ShortScenario, "--vary", $"decision.intercept=-8:-6:{Points}", "--replications", Replications.ToString(), "--out", folder, "--quiet"];

    private string ShortScenario
    {
        get
        {
            string path = Path.Combine(Temp, "short.json");
            if (!File.Exists(path)) File.WriteAllText(path, ShortScenarioText);
            return path;
        }
    }

    /// <summary>Runs journaled in <paramref name="folder"/>: in the journal of the sweep under way, or of the finished sweep.</summary>
    private static int JournaledRuns(string folder) => JournaledLines(Path.Combine(folder,
        File.Exists(Path.Combine(folder, SweepJournal.FileName)) ? SweepJournal.FileName : SweepJournal.UnfinishedFileName), "run\t");

    /// <summary>Starts the sweep in a child process and kills its process tree once <paramref name="killAfter"/> runs are journaled.</summary>
    private int SweepAndKill(string folder, int killAfter, bool resume)
    {
        var (journaled, elapsed) = RunAndKill(SweepArgs(folder), () => JournaledRuns(folder), killAfter, resume, TimeSpan.FromMilliseconds(10));
        output.WriteLine($"killed after {journaled} journaled runs ({elapsed.TotalSeconds:0.0} s)");
        return journaled;
    }

    [Fact]
    public void A_killed_sweep_resumes_to_tables_identical_to_an_uninterrupted_sweep()
    {
        string whole = Whole.Value, resumed = Path.Combine(Temp, "resumed");

        int first = SweepAndKill(resumed, killAfter: 4, resume: false);
        Assert.True(first >= 4);
        Assert.False(File.Exists(Path.Combine(resumed, "sweep.csv")), "a killed sweep must not leave a sweep.csv that looks complete");
        Assert.True(File.Exists(Path.Combine(resumed, "sweep.csv.partial")));

        int second = SweepAndKill(resumed, killAfter: first + 5, resume: true);
        Assert.True(second >= first + 5);
        Assert.False(File.Exists(Path.Combine(resumed, "sweep.csv")));

        // Without --resume the folder is refused; with other options the journal is refused; then it resumes for good.
        var (code, _, stderr) = Cli(SweepArgs(resumed));
        Assert.Equal(2, code);
        Assert.Contains("not empty", stderr);
        (code, _, stderr) = Cli([.. SweepArgs(resumed).Select(a => a == $"decision.intercept=-8:-6:{Points}" ? $"decision.intercept=-8:-5:{Points}" : a), "--resume"]);
        Assert.Equal(2, code);
        Assert.Contains("records a sweep of other settings", stderr);

        var (done, _, err) = Cli([.. SweepArgs(resumed).Where(a => a != "--quiet"), "--resume", "--threads", "2"]);
        Assert.True(done == 0, err);
        Assert.Contains($"Resuming: {second} of {Points * Replications} runs already done", err);
        SameBytes(whole, resumed, ["sweep.csv", "sweep_summary.csv", "design.csv"]);
        Assert.Equal(Points * Replications, JournaledRuns(resumed));
        Assert.Empty(Directory.GetFiles(resumed, "*.partial"));
    }

    [Fact]
    public void A_journal_line_cut_short_is_dropped_and_its_run_run_again()
    {
        string whole = Whole.Value, cut = Path.Combine(Temp, "cut");
        Directory.CreateDirectory(cut);
        // The journal of the finished sweep, cut after ten runs and half a line, as a kill during a write would leave it.
        var lines = File.ReadAllLines(Path.Combine(whole, SweepJournal.FileName));
        string text = string.Join("\n", lines.Take(12)) + "\n" + lines[12][..(lines[12].Length / 2)];
        File.WriteAllText(Path.Combine(cut, SweepJournal.FileName), text);

        var (code, _, stderr) = Cli([.. SweepArgs(cut).Where(a => a != "--quiet"), "--resume"]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"Resuming: 10 of {Points * Replications} runs already done", stderr);
        SameBytes(whole, cut, ["sweep.csv", "sweep_summary.csv", "design.csv"]);
    }
}
