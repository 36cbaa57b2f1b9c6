using System.Diagnostics;
using System.Text.Json.Nodes;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// No user file is ever deleted or overwritten, and no result is lost: a command removes or replaces only the files its
/// folder's manifest (or an interrupted batch's journal) names, never a folder tree; <c>--force</c> replaces an
/// experiment file by file only once the new one is complete (a full disk leaves the old results intact and no partial
/// file); a folder holds one experiment; one writer at a time; <c>calibrate --defaults</c> never replaces a file
/// without <c>--force</c>, nor its own inputs with it. See docs/reliability.md.
/// </summary>
public class DataLossTests : ReliabilityCli
{
    /// <summary>One simulated year, two replications: about a second.</summary>
    private string[] Run(string folder, params string[] more) =>
        ["run", Scenario, "--out", folder, "--quiet", "--replications", "2", "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2016-12-31", .. more];

    private string[] Sweep(string folder, params string[] more) =>
        ["sweep", Scenario, "--vary", "decision.intercept=-8:-6:3", "--out", folder, "--quiet", "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2016-12-31", .. more];

    /// <summary>A sweep of 40 points: long enough (tens of seconds on one thread) for a second writer to try meanwhile.</summary>
    private string[] LongSweep(string folder, params string[] more) =>
        Sweep(folder, more).Select(a => a == "decision.intercept=-8:-6:3" ? "decision.intercept=-8:-6:40" : a).ToArray();

    private string Dir(string name) => Path.Combine(Temp, name);

    /// <summary>Every file under <paramref name="folder"/>, by relative path, with its bytes.</summary>
    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    private static void Unchanged(Dictionary<string, byte[]> before, string folder, IEnumerable<string>? only = null)
    {
        foreach (var (name, bytes) in before.Where(b => only is null || only.Contains(b.Key)))
        {
            string path = Path.Combine(folder, name);
            Assert.True(File.Exists(path), $"{name} was removed");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} was changed");
        }
    }

    private static void NoTemporaryFiles(string folder)
    {
        Assert.Empty(Directory.GetFiles(folder, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder, ResultsWriter.LockFileName, SearchOption.AllDirectories));
    }

    private static string[] Named(string folder) =>
        (JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!["files"] as JsonArray)!.Select(f => (string)f!).ToArray();

    // ---- Never deleted or overwritten -------------------------------------------------------------------------------

    [Fact]
    public void Resume_and_force_leave_what_a_user_put_in_replications()
    {
        // The reproduction: a finished run's folder, a user's folder inside its replications/.
        string st = Dir("st");
        Ok(Cli(Run(st)));
        Directory.CreateDirectory(Path.Combine(st, "replications", "x"));
        File.WriteAllText(Path.Combine(st, "replications", "x", "d.txt"), "thesis");
        var (code, stdout, stderr) = Cli(Run(st, "--resume").Where(a => a != "--quiet").ToArray());
        Assert.True(code == 0, stderr);
        Assert.Contains("Nothing to resume", stdout);
        Assert.Equal("thesis", File.ReadAllText(Path.Combine(st, "replications", "x", "d.txt")));

        Ok(Cli(Run(st, "--force")));
        Assert.Equal("thesis", File.ReadAllText(Path.Combine(st, "replications", "x", "d.txt")));
        Assert.Equal([Path.Combine(st, "replications", "x")], Directory.GetFileSystemEntries(Path.Combine(st, "replications")));

        // An interrupted batch (its journal written, nothing run yet) with a user's files beside its own: resumed and
        // finished, its journal and replication files go, the user's stay, and so does the folder holding them.
        var scenario = ScenarioLoader.Load(Scenario, ["calendar.end=2017-03-31", "calendar.registerDate=2016-12-31"]);
        string json = ScenarioJson.ToJson(scenario);
        string batch = Dir("batch");
        Directory.CreateDirectory(batch);
        ReplicationJournal.Create(batch, ReplicationJournal.Identity.Of(json, 11, 2), json).Dispose();
        File.WriteAllText(Path.Combine(batch, "replications", "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(batch, "replications", "replication-00007.bin"), "not one of a 2-replication batch's");
        Ok(Cli(Run(batch, "--resume")));
        Assert.Equal(["notes.txt", "replication-00007.bin"], Directory.GetFiles(Path.Combine(batch, "replications")).Select(Path.GetFileName).Order());
        Assert.Equal(ResultSet.Files.Order(), Directory.GetFiles(batch).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Force_refuses_a_file_of_its_own_name_that_participation_did_not_write_and_keeps_every_other()
    {
        string variant = Path.Combine(Temp, "variant.json");
        File.Copy(Scenario, variant);
        string targets = Path.Combine(Temp, "targets.json");
        File.WriteAllText(targets, """{ "targets": { "participation_rate_month": { "value": 0.1, "tolerance": 0.05 } }, "parameters": { "decision.intercept": { "min": -8, "max": -5 } } }""");
        foreach (var (args, name) in new[]
        {
            (Run(Dir("run")), "summary.csv"),
            (Sweep(Dir("sweep")), "sweep.csv"),
            (["compare", Scenario, variant, "--out", Dir("compare"), "--quiet"], "costs.csv"),
            (["calibrate", Scenario, "--targets", targets, "--out", Dir("calibrate"), "--quiet"], "fitted.csv"),
            (["sensitivity", Scenario, "--vary", "decision.intercept=-8:-6", "--outcome", "participation_rate_month", "--samples", "2", "--out", Dir("sensitivity"), "--quiet"], "indices.csv"),
            (Run(Dir("report"), "--report"), "report.html"),
        })
        {
            string folder = args[Array.IndexOf(args, "--out") + 1];
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name), "the user's own table");
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
            var before = Snapshot(folder);
            var (code, _, stderr) = Cli([.. args, "--force"]);
            Assert.True(code == 2, $"{args[0]} into a folder with a {name} of the user's: exit {code}: {stderr}");
            Assert.Contains($"{name} was not written by participation", stderr);
            Assert.Equal(before.Keys.Order(), Snapshot(folder).Keys.Order());
            Unchanged(before, folder);
        }
    }

    [Fact]
    public void Neither_report_nor_a_batch_replaces_a_file_of_their_names_that_they_did_not_write()
    {
        // report -o naming one of the folder's own tables: refused, even with --force (the report is made of it).
        string run = Dir("run");
        Ok(Cli(Run(run)));
        var before = Snapshot(run);
        var (code, _, stderr) = Cli("report", run, "-o", Path.Combine(run, "summary.csv"), "--force", "--quiet");
        Assert.True(code == 2, stderr);
        Assert.Contains("one of the results folder's own files", stderr);
        Unchanged(before, run);

        // A user's replications/journal (not a journal) in a folder a batch starts in: refused, kept.
        string batch = Dir("batch");
        Directory.CreateDirectory(Path.Combine(batch, "replications"));
        File.WriteAllText(Path.Combine(batch, "replications", "journal"), "my lab journal");
        (code, _, stderr) = Cli(Run(batch, "--force"));
        Assert.True(code == 3, stderr);
        Assert.Contains("journal was not written by participation", stderr);
        Assert.Equal("my lab journal", File.ReadAllText(Path.Combine(batch, "replications", "journal")));
        NoTemporaryFiles(batch);
    }

    [Fact]
    public void A_writer_commits_only_over_its_previous_experiments_files()
    {
        string folder = Dir("library");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "design.csv"), "a user's file of a name sweeps write");
        using (var files = new ResultsWriter(folder))
        {
            var e = Assert.Throws<IOException>(() => files.WriteText("design.csv", w => w.Write("new")));
            Assert.Contains("was not written by participation", e.Message);
            files.WriteText("a.csv", w => w.Write("a"));
            files.WriteText("b.csv", w => w.Write("b"));
            files.Commit(w => w.Write("""{ "tool": "participation", "files": ["a.csv", "b.csv", "manifest.json"] }"""));
        }
        Assert.Equal("a user's file of a name sweeps write", File.ReadAllText(Path.Combine(folder, "design.csv")));
        using (var files = new ResultsWriter(folder))
        {
            Assert.Equal(["a.csv", "b.csv", "manifest.json"], files.Previous.Where(n => !n.EndsWith(".partial", StringComparison.Ordinal)).Order());
            files.WriteText("a.csv", w => w.Write("a again"));
            files.Commit(w => w.Write("""{ "tool": "participation", "files": ["a.csv", "manifest.json"] }"""));
        }
        // b.csv was the previous experiment's and is not this one's: removed; the user's file stays.
        Assert.Equal(["a.csv", "design.csv", "manifest.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal("a again", File.ReadAllText(Path.Combine(folder, "a.csv")));

        // Not committed: the files written beside their targets are removed, the old ones untouched.
        using (var files = new ResultsWriter(folder)) files.WriteText("a.csv", w => w.Write("never committed"));
        Assert.Equal("a again", File.ReadAllText(Path.Combine(folder, "a.csv")));
        NoTemporaryFiles(folder);
    }

    [Fact]
    public void Calibrate_defaults_replaces_a_file_only_with_force_and_never_the_scenario_or_targets()
    {
        string tiny = Path.Combine(Temp, "tiny.json");
        File.WriteAllText(tiny, TestScenarios.TinyJson);
        string targets = Path.Combine(Temp, "targets.json");
        File.WriteAllText(targets, """{ "targets": { "participation_rate_month": { "value": 0.1, "tolerance": 0.05 } }, "parameters": { "decision.intercept": { "min": -8, "max": -5 } } }""");
        string other = Path.Combine(Temp, "other.json");
        File.WriteAllText(other, "{ \"mine\": true }");
        string link = Path.Combine(Temp, "link-to-scenario.json");
        File.CreateSymbolicLink(link, tiny);
        string[] Calibrate(string defaults, params string[] more) =>
            ["calibrate", tiny, "--targets", targets, "--budget", "2", "--replications", "1", "--check-replications", "1", "--defaults", defaults, "--quiet", .. more];

        var inputs = new[] { tiny, targets, other }.ToDictionary(f => f, File.ReadAllText);
        foreach (var (defaults, force, expected) in new[]
        {
            (other, false, "the file exists; choose another name, or add --force"),
            (tiny, false, "that is the scenario being calibrated"),
            (tiny, true, "that is the scenario being calibrated"),
            (link, true, "that is the scenario being calibrated"),
            (Path.Combine(Temp, ".", "tiny.json"), true, "that is the scenario being calibrated"),
            (targets, true, "that is the targets file"),
        })
        {
            var (code, _, stderr) = Cli(Calibrate(defaults, [.. force ? ["--force"] : Array.Empty<string>(), "--out", Dir($"cal-{Guid.NewGuid():N}")]));
            Assert.True(code == 2, $"--defaults {defaults}: exit {code}: {stderr}");
            Assert.Contains(expected, stderr);
            foreach (var (file, text) in inputs) Assert.Equal(text, File.ReadAllText(file));
        }
        Assert.Empty(Directory.GetDirectories(Temp, "cal-*")); // refused before anything was written

        Ok(Cli(Calibrate(other, "--force", "--out", Dir("cal"))));
        Assert.Contains("Calibrated defaults written by", File.ReadAllText(other));
        Assert.DoesNotContain("defaults.json", Named(Dir("cal")));
        NoTemporaryFiles(Temp);
    }

    // ---- Results replaced atomically --------------------------------------------------------------------------------

    [Fact]
    public void A_full_disk_during_run_force_leaves_the_old_results_intact_and_no_partial_file()
    {
        string old = Dir("old"), fresh = Dir("fresh");
        Ok(Cli(Run(old)));
        var before = Snapshot(old);
        // What the new run writes in all (its replication files and journal, tables and manifest).
        var measure = new FullDisk(long.MaxValue);
        Ok(measure.Cli(Run(fresh, "--seed", "12")));
        long total = measure.Written;

        // Down to a failure while the manifest, written last, is written (it embeds the scenario: far more than 200 bytes).
        foreach (long free in new[] { 0, total / 5, total / 2, 4 * total / 5, total - 200 })
        {
            var (code, _, stderr) = new FullDisk(free).Cli(Run(old, "--force", "--seed", "12"));
            Assert.True(code == 3, $"{free} of {total} bytes free: exit {code}: {stderr}");
            Assert.Contains("No space left on device", stderr);
            Assert.DoesNotContain("   at ", stderr);
            Unchanged(before, old);
            NoTemporaryFiles(old);
            // Besides the old results, at most the new batch's journal (what --resume continues from).
            Assert.All(Snapshot(old).Keys.Except(before.Keys), f => Assert.StartsWith(ReplicationJournal.FolderName + Path.DirectorySeparatorChar, f));
        }
        // Space freed: the batch is resumed, and its tables are an uninterrupted batch's.
        Ok(Cli(Run(old, "--resume", "--seed", "12")));
        SameBytes(fresh, old, Tables);
        Assert.Equal(ResultSet.Files.Order(), Directory.GetFileSystemEntries(old).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_full_disk_during_sweep_or_calibrate_force_leaves_the_old_results_intact_and_no_partial_file()
    {
        string targets = Path.Combine(Temp, "targets.json");
        File.WriteAllText(targets, """{ "targets": { "participation_rate_month": { "value": 0.1, "tolerance": 0.05 } }, "parameters": { "decision.intercept": { "min": -8, "max": -5 } } }""");
        foreach (var (name, make) in new (string, Func<string, string[], string[]>)[]
        {
            ("sweep", (folder, more) => Sweep(folder, more)),
            ("calibrate", (folder, more) => ["calibrate", Scenario, "--targets", targets, "--budget", "3", "--replications", "1", "--check-replications", "1",
                "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2016-12-31", "--out", folder, "--quiet", .. more]),
        })
        {
            string old = Dir($"{name}-old"), fresh = Dir($"{name}-fresh");
            Ok(Cli(make(old, [])));
            Ok(Cli("report", old, "--quiet")); // one of the old experiment's files too
            var before = Snapshot(old);
            var measure = new FullDisk(long.MaxValue);
            Ok(measure.Cli(make(fresh, ["--seed", "12"])));
            foreach (long free in new[] { 0, measure.Written / 3, 2 * measure.Written / 3, measure.Written - 200 })
            {
                var (code, _, stderr) = new FullDisk(free).Cli(make(old, ["--force", "--seed", "12"]));
                Assert.True(code == 3, $"{name}, {free} of {measure.Written} bytes free: exit {code}: {stderr}");
                Assert.Contains("No space left on device", stderr);
                Unchanged(before, old);
                NoTemporaryFiles(old);
                // Besides the old results, at most the new sweep's journal (what --resume continues from).
                Assert.All(Snapshot(old).Keys.Except(before.Keys), f => Assert.Equal(SweepJournal.UnfinishedFileName, f));
            }
            Ok(Cli(make(old, ["--force", "--seed", "12"])));
            // Every table as the fresh folder's (the manifest and the defaults file record when and how they were made; the
            // journal, the order in which runs finished).
            var tables = Named(fresh).Where(f => f is not ("manifest.json" or "defaults.json" or "sweep.journal")).ToArray();
            SameBytes(fresh, old, tables);
            Assert.Equal(Named(fresh).Order(), Directory.GetFiles(old).Select(Path.GetFileName).Order());
        }
    }

    [Fact]
    public void A_partial_file_is_never_left_behind_by_a_write_that_fails()
    {
        // report -o: neither the report nor its temporary file; an existing report stays as it was.
        string run = Dir("run");
        Ok(Cli(Run(run, "--report")));
        byte[] report = File.ReadAllBytes(Path.Combine(run, "report.html"));
        string elsewhere = Path.Combine(Temp, "out", "r.html");
        var (code, _, stderr) = new FullDisk(1000).Cli("report", run, "-o", elsewhere, "--quiet");
        Assert.True(code == 3, stderr);
        Assert.Contains("No space left on device", stderr);
        Assert.False(File.Exists(elsewhere));
        Assert.Equal(3, new FullDisk(1000).Cli("report", run, "--quiet").Code);
        Assert.True(report.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run, "report.html"))));
        NoTemporaryFiles(Temp);

        // new: no empty file that a second try would call existing.
        string scenario = Path.Combine(Temp, "scenarios", "mine.json");
        (code, _, stderr) = new FullDisk(10).Cli("new", scenario, "--quiet");
        Assert.True(code == 3, stderr);
        Assert.Contains("No space left on device", stderr);
        Assert.DoesNotContain("exists", stderr);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(scenario)!));
        Ok(Cli("new", scenario, "--quiet"));
        Assert.Equal(2, Cli("new", scenario, "--quiet").Code); // and still never over an existing file

        // The replication files: a batch stopped by a full disk leaves its journal (resumable) and no partial file.
        string batch = Dir("batch"), whole = Dir("whole");
        var measure = new FullDisk(long.MaxValue);
        Ok(measure.Cli(Run(whole)));
        (code, _, stderr) = new FullDisk(measure.Written / 4).Cli(Run(batch));
        Assert.True(code == 3, stderr);
        NoTemporaryFiles(batch);
        Assert.False(File.Exists(Path.Combine(batch, "manifest.json")));
        Ok(Cli(Run(batch, "--resume")));
        SameBytes(whole, batch, Tables);

        // A checkpoint: nothing of it left when the disk fills while it is written.
        string checkpointed = Dir("checkpointed");
        (code, _, stderr) = new FullDisk(1000).Cli(Run(checkpointed, "--checkpoint-at", "2016-06-01", "--stop-at-checkpoint"));
        Assert.True(code == 3, stderr);
        Assert.Empty(Directory.GetFileSystemEntries(checkpointed));
    }

    // ---- One experiment per folder ----------------------------------------------------------------------------------

    [Fact]
    public void Force_clears_what_the_previous_experiment_wrote_so_report_never_shows_a_stale_table()
    {
        string folder = Dir("one");
        Ok(Cli(Sweep(folder, "--report")));
        Assert.Contains("report.html", Named(folder)); // the report is recorded as one of the sweep's files
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        Ok(Cli(Run(folder, "--force", "--checkpoint-at", "2016-06-01")));
        Assert.Equal(ResultSet.Files.Append(Checkpoint.FileName).Append("notes.txt").Order(), Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        var (code, stdout, stderr) = Cli("report", folder);
        Assert.True(code == 0, stderr);
        Assert.Contains("(run folder", stdout);

        // Without a checkpoint this time: the earlier run's checkpoint.bin (and its report) go.
        Ok(Cli(Run(folder, "--force")));
        Assert.Equal(ResultSet.Files.Append("notes.txt").Order(), Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());

        // And back to a sweep: the run's tables go.
        Ok(Cli(Sweep(folder, "--force")));
        Assert.Equal(Named(folder).Append("notes.txt").Order(), Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.txt")));

        // A table no manifest names (left by a kill between putting a manifest in place and clearing the old files) is not presented.
        string run = Dir("run");
        Ok(Cli(Run(run)));
        File.Copy(Path.Combine(folder, "sweep_summary.csv"), Path.Combine(run, "sweep_summary.csv"));
        (code, stdout, stderr) = Cli("report", run);
        Assert.True(code == 0, stderr);
        Assert.Contains("(run folder", stdout);
    }

    // ---- One writer per folder --------------------------------------------------------------------------------------

    [Fact]
    public void A_second_writer_is_refused_while_one_holds_the_folder()
    {
        string folder = Dir("held");
        Ok(Cli(Run(folder)));
        var before = Snapshot(folder);
        using (new ResultsWriter(folder))
        {
            foreach (var args in new[] { Run(folder, "--force"), Sweep(folder, "--force"), ["report", folder, "--quiet"], Run(folder, "--resume") })
            {
                var (code, _, stderr) = Cli(args);
                Assert.True(code == 3, $"{args[0]}: exit {code}: {stderr}");
                Assert.StartsWith($"error: cannot write results: another participation command is writing into {folder}; wait until it has finished", stderr);
            }
            Assert.Throws<ResultsFolderBusyException>(() => new ResultsWriter(folder));
            Unchanged(before, folder);
        }
        // Released, the lock file is gone; one left by a process that died holds nothing (the system released its lock).
        Assert.False(File.Exists(Path.Combine(folder, ResultsWriter.LockFileName)));
        File.WriteAllText(Path.Combine(folder, ResultsWriter.LockFileName), "");
        Ok(Cli(Run(folder, "--force")));
        NoTemporaryFiles(folder);
    }

    [Fact]
    public void Merge_and_fits_do_not_read_a_folder_while_another_command_writes_into_it()
    {
        string a = Dir("shard-0"), b = Dir("shard-1");
        Ok(Cli(Sweep(a, "--shard", "0/2")));
        Ok(Cli(Sweep(b, "--shard", "1/2")));
        using (new ResultsWriter(b))
        {
            var (code, _, stderr) = Cli("merge", a, b, "--out", Dir("merged"), "--quiet");
            Assert.True(code == 3, stderr);
            Assert.Contains($"another participation command is writing into {b}", stderr);
            Assert.False(Directory.Exists(Dir("merged")));
        }
        Ok(Cli("merge", a, b, "--out", Dir("merged"), "--quiet"));
        Ok(Cli("merge", a, b, "--out", Dir("merged"), "--quiet", "--force"));
        NoTemporaryFiles(Temp);
    }

    [Fact]
    public void A_second_process_writing_into_the_folder_of_a_running_sweep_is_refused()
    {
        string folder = Dir("busy");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliRunner.CliDll());
        foreach (var a in LongSweep(folder, "--threads", "1")) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var childErr = new StringWriter();
        child.ErrorDataReceived += (_, e) => { lock (childErr) childErr.WriteLine(e.Data); };
        child.BeginErrorReadLine();
        _ = child.StandardOutput.ReadToEndAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            string journal = Path.Combine(folder, SweepJournal.UnfinishedFileName);
            while (!child.HasExited && JournaledLines(journal, "run\t") < 1 && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(20);
            Assert.False(child.HasExited, $"the sweep finished (exit {(child.HasExited ? child.ExitCode : 0)}) before a second writer could try: {childErr}");
            var (code, _, stderr) = Cli(Run(folder, "--force"));
            Assert.True(code == 3, $"exit {code}: {stderr}");
            Assert.Contains("another participation command is writing into", stderr);
            (code, _, stderr) = Cli(Sweep(folder, "--force"));
            Assert.Equal(3, code);
            Assert.False(File.Exists(Path.Combine(folder, "summary.csv")));
            Assert.True(File.Exists(journal), "the running sweep's journal is untouched");
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        // Its writer killed, the folder is free again: the sweep resumes.
        Ok(Cli(LongSweep(folder, "--resume")));
    }
}
