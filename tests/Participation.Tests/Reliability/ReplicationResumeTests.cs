using System.Diagnostics;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// Crash-safe replication batches, for real: a child process runs <c>participation run --replications N</c> and is
/// killed (the whole process tree, as kill -9 would) after some replications are journaled; <c>--resume</c> (a second
/// child, killed again, then in process) finishes it, and every result table comes out byte for byte as an
/// uninterrupted batch's. A folder of another batch (seed, replications, scenario, version) is refused, naming what differs.
/// </summary>
public class ReplicationResumeTests(ITestOutputHelper output) : ReliabilityCli
{
    private const int Replications = 24;

    /// <summary>The uninterrupted batch the tests compare with, run once (in process, two threads).</summary>
    private static readonly Lazy<string> Whole = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("participation-replications-whole-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } };
        string scenario = Path.Combine(root, "short.json"), folder = Path.Combine(root, "whole");
        File.WriteAllText(scenario, ShortScenarioText);
        var (code, _, err) = Cli(["run", scenario, "--replications", Replications.ToString(), "--out", folder, "--quiet", "--threads", "2"]);
        Assert.True(code == 0, err);
        return folder;
    });

    /// <summary>The small scenario cut to two years: about a tenth of a second a replication.</summary>
    private static string ShortScenarioText => SmallScenario.Replace("\"end\": \"2018-12-31\"", "\"end\": \"2017-12-31\"")
        .Replace("\"registerDate\": \"2018-06-30\"", "\"registerDate\": \"2017-12-31\"");

    private string ShortScenario
    {
        get
        {
            string path = Path.Combine(Temp, "short.json");
            if (!File.Exists(path)) File.WriteAllText(path, ShortScenarioText);
            return path;
        }
    }

    private string[] RunArgs(string folder) => ["run", ShortScenario, "--replications", Replications.ToString(), "--out", folder, "--quiet"];

    private static string JournalPath(string folder) => Path.Combine(folder, ReplicationJournal.FolderName, ReplicationJournal.FileName);

    private static int JournaledReplications(string folder) => JournaledLines(JournalPath(folder), "rep\t");

    /// <summary>Starts the batch in a child process and kills its process tree once <paramref name="killAfter"/> replications are journaled.</summary>
    private int BatchAndKill(string folder, int killAfter, bool resume)
    {
        var (journaled, elapsed) = RunAndKill(RunArgs(folder), () => JournaledReplications(folder), killAfter, resume, TimeSpan.FromMilliseconds(5));
        output.WriteLine($"killed after {journaled} journaled replications ({elapsed.TotalSeconds:0.0} s)");
        return journaled;
    }

    [Fact]
    public void A_killed_batch_resumes_to_tables_identical_to_an_uninterrupted_batch()
    {
        string whole = Whole.Value, resumed = Path.Combine(Temp, "resumed");

        int first = BatchAndKill(resumed, killAfter: 3, resume: false);
        Assert.InRange(first, 3, Replications - 1);
        Assert.False(File.Exists(Path.Combine(resumed, "manifest.json")), "a killed batch must not leave a manifest that looks complete");
        Assert.False(File.Exists(Path.Combine(resumed, "summary.csv")));

        int second = BatchAndKill(resumed, killAfter: first + 5, resume: true);
        Assert.InRange(second, first + 5, Replications - 1);

        // Without --resume the folder is refused; a batch of other settings is refused, naming what differs.
        var (code, _, stderr) = Cli(RunArgs(resumed));
        Assert.Equal(2, code);
        Assert.Contains("not empty", stderr);
        (code, _, stderr) = Cli([.. RunArgs(resumed), "--resume", "--seed", "12"]);
        Assert.Equal(2, code);
        Assert.Contains("master seed 11, not 12: give --seed 11", stderr);
        (code, _, stderr) = Cli([.. RunArgs(resumed).Select(a => a == Replications.ToString() ? "30" : a), "--resume"]);
        Assert.Equal(2, code);
        Assert.Contains($"a batch of {Replications} replications, not 30", stderr);
        (code, _, stderr) = Cli([.. RunArgs(resumed), "--resume", "--set", "policies.points.scale=0.7"]);
        Assert.Equal(2, code);
        Assert.Contains("another scenario (policies.points.scale: 0.6 in the folder, 0.7 here)", stderr);
        (code, _, stderr) = Cli([.. RunArgs(resumed), "--resume", "--force"]);
        Assert.Equal(2, code);
        Assert.Contains("choose one", stderr);

        // A kill while the tables were being written leaves some tables and temporary files: they are simply replaced.
        File.WriteAllText(Path.Combine(resumed, "weekly.csv"), "half a table");
        File.WriteAllText(Path.Combine(resumed, "summary.csv.partial"), "half a table");

        var (done, _, err) = Cli([.. RunArgs(resumed).Where(a => a != "--quiet"), "--resume", "--threads", "2"]);
        Assert.True(done == 0, err);
        Assert.Contains($"Resuming: {second} of {Replications} replications already done", err);
        SameBytes(whole, resumed, Tables);
        Assert.False(Directory.Exists(Path.Combine(resumed, ReplicationJournal.FolderName)), "the journal is removed once the tables are written");
        Assert.Empty(Directory.GetFiles(resumed, "*.partial"));

        // Resuming a finished batch runs nothing and leaves its tables as they are.
        var (again, stdout, againErr) = Cli([.. RunArgs(resumed).Where(a => a != "--quiet"), "--resume"]);
        Assert.True(again == 0, againErr);
        Assert.Contains("Nothing to resume", stdout);
        SameBytes(whole, resumed, Tables);
        (code, _, stderr) = Cli([.. RunArgs(resumed), "--resume", "--seed", "5"]);
        Assert.Equal(2, code);
        Assert.Contains("master seed 11, not 5", stderr);
    }

    [Fact]
    public void Damaged_journals_and_files_are_run_again_and_a_batch_of_another_version_is_refused()
    {
        string whole = Whole.Value, damaged = Path.Combine(Temp, "damaged");
        int journaled = BatchAndKill(damaged, killAfter: 8, resume: false);
        string folder = Path.Combine(damaged, ReplicationJournal.FolderName);

        // The last line cut in half (a kill during its write), one file gone, one file altered since it was journaled.
        // Replications journaled after those kept have files but no line: they are run again too.
        var lines = File.ReadAllLines(JournalPath(damaged)).Take(9).ToArray(); // the header and eight replications
        File.WriteAllText(JournalPath(damaged), string.Join("\n", lines[..^1]) + "\n" + lines[^1][..(lines[^1].Length / 2)]);
        int[] kept = lines[1..^1].Select(l => int.Parse(l.Split('\t')[1])).ToArray();
        int missing = kept[1], altered = kept[3];
        File.Delete(Path.Combine(folder, ReplicationJournal.ReplicationFileName(missing)));
        var bytes = File.ReadAllBytes(Path.Combine(folder, ReplicationJournal.ReplicationFileName(altered)));
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(Path.Combine(folder, ReplicationJournal.ReplicationFileName(altered)), bytes);
        output.WriteLine($"journaled {journaled}; kept 7 lines, removed replication {missing}'s file, altered replication {altered}'s");

        // A journal whose header names another version is refused before anything runs.
        string header = File.ReadLines(JournalPath(damaged)).First();
        var cells = header.Split('\t');
        string forged = JournalLine.Sealed(string.Join('\t', cells[..^1].Select((c, i) => i == 1 ? "0.0.1+0123abc" : c)));
        string original = File.ReadAllText(JournalPath(damaged));
        File.WriteAllText(JournalPath(damaged), forged + original[(original.IndexOf('\n') + 1)..]);
        var (code, _, stderr) = Cli([.. RunArgs(damaged), "--resume"]);
        Assert.Equal(2, code);
        Assert.Contains("started by participation 0.0.1+0123abc", stderr);
        Assert.Contains("reproducible within one version only", stderr);
        File.WriteAllText(JournalPath(damaged), original);

        var (done, _, err) = Cli([.. RunArgs(damaged).Where(a => a != "--quiet"), "--resume"]);
        Assert.True(done == 0, err);
        Assert.Contains($"Resuming: 5 of {Replications} replications already done", err);
        Assert.Contains($"run again: replication {missing}: its file is missing", err);
        Assert.Contains($"run again: replication {altered}: its content differs from what was journaled", err);
        SameBytes(whole, damaged, Tables);
    }

    [Fact]
    public void A_replication_read_back_from_its_file_makes_the_same_tables()
    {
        // The file format on its own: every field of every record survives, NaN and negative zero included.
        var scenario = Participation.Simulation.ScenarioLoader.Load(ShortScenario);
        var runs = ReplicationRunner.Run(scenario, 7, 2, threads: 1);
        var back = runs.Select((r, k) => ReplicationFile.FromBytes(ReplicationFile.ToBytes(k, r), scenario, k, r.Seed)).ToArray();
        string a = Path.Combine(Temp, "a"), b = Path.Combine(Temp, "b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        string json = Participation.Scenarios.ScenarioJson.ToJson(scenario);
        Participation.Experiments.Results.ResultSet.Write(a, runs, new(), json);
        Participation.Experiments.Results.ResultSet.Write(b, back, new(), json);
        SameBytes(a, b, Tables);
        Assert.Equal(runs[1].SpentByPolicy, back[1].SpentByPolicy);
        Assert.Equal(runs[1].PolicyNames, back[1].PolicyNames);
        Assert.Equal(runs[1].Register, back[1].Register);
        Assert.Equal(runs[1].Weekly, back[1].Weekly);
        Assert.Equal(runs[1].Spells, back[1].Spells);

        var e = Assert.Throws<InvalidDataException>(() => ReplicationFile.FromBytes(ReplicationFile.ToBytes(0, runs[0]), scenario, 1, runs[1].Seed));
        Assert.Contains("holds replication 0", e.Message);
        Assert.Throws<InvalidDataException>(() => ReplicationFile.FromBytes(ReplicationFile.ToBytes(0, runs[0])[..^5], scenario, 0, runs[0].Seed));
    }
}
