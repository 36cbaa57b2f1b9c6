using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Participation.Files;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary><c>participation run SCENARIO</c>: runs replications and writes the result tables and manifest.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = new Argument<string?>("scenario")
        {
            Description = "Scenario file (JSON), e.g. scenarios/x-shaoxing.json. With --from: optional, a variant to fork the checkpoint into.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var replications = new Option<int>("--replications", "-r") { Description = "Independent replications (each seed derived from the master seed).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (0: all cores). Results are identical for any value.", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results (they are replaced)." };
        var plugin = Plugins.Option();
        var noPolicies = new Option<bool>("--no-policies") { Description = "Switch every policy of the scenario off: the do-nothing counterfactual." };
        var check = new Option<bool>("--check") { Description = "Check the state after every tick (shares in [0, 1], finite values, roles consistent); slower. A violation stops the run naming the tick, resident and value." };
        var checkpointAt = new Option<string?>("--checkpoint-at") { Description = "Save the whole model state of every replication to checkpoint.bin in the results folder at the start of the week containing this date (yyyy-MM-dd), then run on." };
        var stop = new Option<bool>("--stop-at-checkpoint") { Description = "With --checkpoint-at: stop there, writing only the checkpoint and the manifest (to fork one burn-in into many variants)." };
        var from = new Option<string?>("--from") { Description = "Continue the run saved in this checkpoint (results identical to an uninterrupted run); with a scenario, fork it into that variant (same community and seed)." };
        var resume = new Option<bool>("--resume") { Description = "Continue a batch that was interrupted (killed, crashed) in its --out folder: replications it finished are read back, not run again, and the tables come out as an uninterrupted batch's. Give the same scenario and options as the interrupted run." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var report = ReportCommand.Option();
        var format = FormatOption("weekly, monthly, annual and spells");
        var command = new Command("run", "Run a scenario: weekly, monthly and annual outcomes, backbone spells, a summary with 95 % intervals, and a manifest.")
        {
            scenario, seed, replications, threads, outDir, force, resume, set, noPolicies, plugin, check, checkpointAt, stop, from, report, format, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(scenario);
            string? fromPath = parse.GetValue(from);
            if (path is null && fromPath is null)
                throw new UsageException("run: expected a scenario file, e.g. participation run scenarios/x-shaoxing.json (or --from CHECKPOINT to continue a saved run)");
            string[] overrides = parse.GetValue(set) ?? [];
            int reps = parse.GetValue(replications), thr = parse.GetValue(threads);
            if (reps < 1 || reps > 100_000) throw new UsageException($"--replications {reps}: expected a whole number from 1 to 100000");
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");
            if (parse.GetValue(stop) && parse.GetValue(checkpointAt) is null) throw new UsageException("--stop-at-checkpoint: expected --checkpoint-at DATE too");
            bool parquet = IsParquet(parse.GetValue(format));
            bool isResume = parse.GetValue(resume);
            if (isResume && parse.GetValue(force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's batch; --force replaces it)");
            if (isResume && (fromPath is not null || parse.GetValue(checkpointAt) is not null))
                throw new UsageException($"--resume and {(fromPath is not null ? "--from" : "--checkpoint-at")}: a batch with checkpoints cannot be resumed; run it again from the start (or continue its checkpoint with --from)");

            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            var request = new RunRequest
            {
                Catalog = catalog, Threads = thr, Replications = reps, Check = parse.GetValue(check), StopAtCheckpoint = parse.GetValue(stop),
                Quiet = parse.GetValue(quiet), Verbose = parse.GetValue(verbose), Report = parse.GetValue(report), Parquet = parquet,
                ScenarioFile = path ?? fromPath!, Overrides = overrides, Resume = isResume,
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            if (fromPath is not null)
            {
                var checkpoint = ReadCheckpoint(fromPath);
                var header = checkpoint.Header;
                var original = ScenarioLoader.LoadJson(header.ScenarioJson, null, catalog);
                var loaded = path is null ? ScenarioLoader.LoadJson(header.ScenarioJson, overrides, catalog) : ScenarioLoader.Load(path, overrides, catalog);
                if (parse.GetValue(noPolicies)) loaded = loaded.WithoutPolicies();
                Checkpoint.CheckFork(original, loaded, header.Tick, header.Date);
                if (parse.GetValue(seed) is { } s && (ulong)s != header.MasterSeed)
                    throw new UsageException($"--seed {s}: the checkpoint was taken with master seed {header.MasterSeed}; leave --seed out to continue it");
                if (parse.GetResult(replications) is { Implicit: false } && reps != header.Seeds.Count)
                    throw new UsageException($"--replications {reps}: the checkpoint holds {header.Seeds.Count} replication{(header.Seeds.Count == 1 ? "" : "s")}; leave --replications out to continue them");
                request = request with { Scenario = loaded, MasterSeed = header.MasterSeed, Replications = header.Seeds.Count, From = checkpoint, FromPath = fromPath };
            }
            else
            {
                var loaded = ScenarioLoader.Load(path!, overrides, catalog);
                if (parse.GetValue(noPolicies)) loaded = loaded.WithoutPolicies();
                request = request with { Scenario = loaded, MasterSeed = (ulong)(parse.GetValue(seed) ?? loaded.Seed) };
            }
            if (parse.GetValue(checkpointAt) is { } at) request = request with { CheckpointTick = CheckpointTick(at, request.Scenario!, request.From) , CheckpointDate = at.Trim() };
            using var folder = OutputFolder.Prepare(parse.GetValue(outDir), path ?? fromPath!, parse.GetValue(force), resume: isResume,
                writes: Writes(parquet, request.CheckpointTick >= 0, request.Report));
            return Execute(request with { Folder = folder.Path, Files = folder.Files }, output, error);
        });
        return command;
    }

    /// <summary>What one run does: the scenario, seeds, where results go, and the checkpoint options.</summary>
    internal sealed record RunRequest
    {
        public Scenario? Scenario { get; init; }
        public PolicyCatalog? Catalog { get; init; }
        public ulong MasterSeed { get; init; }
        public int Replications { get; init; } = 1;
        public int Threads { get; init; }
        public string Folder { get; init; } = "";
        /// <summary>The folder's writer (it holds the folder's lock; the tables are committed through it).</summary>
        public ResultsWriter? Files { get; init; }
        public bool Check { get; init; }
        public int CheckpointTick { get; init; } = -1;
        public string? CheckpointDate { get; init; }
        public bool StopAtCheckpoint { get; init; }
        public Checkpoint.Contents? From { get; init; }
        public string? FromPath { get; init; }
        public bool Quiet { get; init; }
        public bool Verbose { get; init; }
        public bool Report { get; init; }
        public bool Parquet { get; init; }
        /// <summary>Continue the batch journaled in <see cref="Folder"/> (run --resume).</summary>
        public bool Resume { get; init; }
        public string Command { get; init; } = "";
        public string ScenarioFile { get; init; } = "";
        public IReadOnlyList<string> Overrides { get; init; } = [];
    }

    /// <summary>The files a run may write into its folder (refused up front, with --force, where a file of that name is not participation's).</summary>
    internal static IEnumerable<string> Writes(bool parquet, bool checkpoint, bool report) =>
        [.. ResultSet.Files, ResultSet.CustomFile, .. parquet ? ResultSet.ParquetFiles : [], .. checkpoint ? [Checkpoint.FileName] : Array.Empty<string>(),
         .. report ? [ReportCommand.FileName] : Array.Empty<string>()];

    /// <summary>Runs the replications of <paramref name="r"/> and writes the results (shared by run and rerun).</summary>
    internal static int Execute(RunRequest r, TextWriter output, TextWriter error)
    {
        var scenario = r.Scenario!;
        var files = r.Files ?? throw new InvalidOperationException("the results folder is not prepared");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var seeds = ReplicationRunner.Seeds(r.MasterSeed, r.Replications);
        if (r.From is { } from && !from.Header.Seeds.SequenceEqual(seeds))
            throw new UsageException($"--from {r.FromPath}: its replication seeds do not derive from its master seed {r.MasterSeed}; the file is not one participation wrote");
        // Refused up front what will not fit: the models side by side, and a checkpoint's states until it is written.
        int sideBySide = Math.Min(r.Threads <= 0 ? Environment.ProcessorCount : r.Threads, r.Replications);
        if (MemoryEstimate.Refusal(scenario, sideBySide, r.CheckpointTick >= 0 || r.From is not null ? r.Replications : 0, MemoryEstimate.AvailableBytes) is { } tooLarge)
            throw new UsageException($"--replications {r.Replications} with {sideBySide} side by side: expected {tooLarge}");

        // Checkpoint: each replication's state at the tick; the file is written as soon as every replication has reached it
        // (beside its target: it is put in place with the tables).
        var states = new byte[r.Replications][];
        int saved = 0;
        string checkpointFile = Path.Combine(r.Folder, Checkpoint.FileName);
        void Pause(int k, Model model)
        {
            states[k] = model.SaveState();
            if (Interlocked.Increment(ref saved) == r.Replications)
                files.Write(Checkpoint.FileName, stream => Checkpoint.Write(stream, scenario, r.MasterSeed, r.CheckpointTick, seeds, states));
        }

        // The journal: each replication is saved the moment it finishes, so a killed batch can be resumed (run --resume).
        // Batches that continue or save checkpoints are not journaled: they are repeated from their checkpoint instead.
        string scenarioJson = ScenarioJson.ToJson(scenario);
        bool journaled = r.From is null && r.CheckpointTick < 0;
        var identity = ReplicationJournal.Identity.Of(scenarioJson, r.MasterSeed, r.Replications);
        ReplicationJournal.Contents? prior = null;
        if (r.Resume)
        {
            if (ReplicationJournal.Exists(r.Folder))
            {
                try { prior = ReplicationJournal.Read(r.Folder, identity, scenarioJson, scenario, seeds); }
                catch (InvalidDataException e) { throw new UsageException($"--resume: {e.Message}"); }
                if (!r.Quiet)
                {
                    error.WriteLine($"Resuming: {prior.Done.Count} of {r.Replications} replication{(r.Replications == 1 ? "" : "s")} already done");
                    foreach (var why in prior.Dropped) error.WriteLine($"  run again: {why}");
                }
            }
            else if (File.Exists(Path.Combine(r.Folder, "manifest.json")))
                return AlreadyFinished(r, identity, scenarioJson, output);
            // A kill before the journal's first line was in place leaves at most its folder: that batch starts afresh.
            else if (ResultsWriter.Entries(r.Folder).Any(e => Path.GetFileName(e) != ReplicationJournal.FolderName))
                throw new UsageException($"--resume: {r.Folder} holds no {ReplicationJournal.FolderName}{Path.DirectorySeparatorChar}{ReplicationJournal.FileName} to resume from; " +
                    "start afresh in a new folder (or add --force instead of --resume to replace its files)");
        }

        var hooks = new ReplicationHooks
        {
            Create = r.From is { } f ? (k, seed, options) => Model.Restore(scenario, f.States[k], r.Catalog, options) : null,
            PauseBeforeTick = r.CheckpointTick, Pause = r.CheckpointTick >= 0 ? Pause : null, StopAtPause = r.StopAtCheckpoint,
            Completed = prior?.Done,
        };

        IReadOnlyList<RunResult> runs;
        using (var journal = !journaled ? null : prior is null ? ReplicationJournal.Create(r.Folder, identity, scenarioJson) : ReplicationJournal.Continue(r.Folder, prior))
        using (var progress = r.Quiet ? null : ConsoleProgress.Create(error))
        {
            if (journal is not null) hooks = hooks with { Finished = journal.Record };
            try
            {
                var options = new SimulationOptions { CheckInvariants = r.Check };
                // A journaled batch keeps no replication in memory: each is on disk the moment it finishes, and the tables
                // read them back one at a time (a batch of 100,000, or its --resume, holds only those running side by side).
                if (journaled)
                {
                    ReplicationRunner.Stream(scenario, r.MasterSeed, r.Replications, (_, _) => { }, r.Threads, r.Catalog, progress, Interruption.Token, options: options, hooks: hooks);
                    runs = ReplicationJournal.Results(r.Folder, scenario, seeds);
                }
                else runs = ReplicationRunner.Run(scenario, r.MasterSeed, r.Replications, r.Threads, r.Catalog, progress, Interruption.Token, options: options, hooks: hooks);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                // Parallel replications wrap what failed; report the first failure itself (a bad checkpoint, a broken invariant...).
                var first = e.Flatten().InnerExceptions[0];
                if (first is CheckpointException c) throw new UsageException($"--from: {c.Message}");
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                throw;
            }
            progress?.Finish();
        }
        var manifest = new RunManifest
        {
            Command = r.Command, ScenarioFile = r.ScenarioFile, Overrides = r.Overrides, MasterSeed = r.MasterSeed, Seeds = seeds,
            Replications = r.Replications, Threads = r.Threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            From = r.FromPath is null ? null : Path.GetFullPath(r.FromPath), CheckpointAt = r.CheckpointTick >= 0 ? r.CheckpointDate : null,
        };
        string[] extra = r.CheckpointTick >= 0 ? [Checkpoint.FileName] : [];
        if (r.StopAtCheckpoint)
        {
            var experiment = new System.Text.Json.Nodes.JsonObject
            {
                ["kind"] = "checkpoint", ["tick"] = r.CheckpointTick,
                ["date"] = new Participation.Time.Calendar(scenario.Calendar).WeekStart(r.CheckpointTick).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            Participation.Experiments.Sweeps.ExperimentFiles.WriteManifest(files, manifest with { Files = [Checkpoint.FileName, "manifest.json"] },
                experiment, ScenarioJson.ToJson(scenario));
            if (!r.Quiet)
                output.WriteLine($"{scenario.Name}: {r.Replications} replication{(r.Replications == 1 ? "" : "s")} saved at {experiment["date"]} in {checkpointFile}; " +
                    $"continue with: participation run --from {ShellWords.Quote(checkpointFile)}  (or fork: participation run VARIANT.json --from {ShellWords.Quote(checkpointFile)})");
            return Program.Ok;
        }
        // Read what is printed before the tables are put in place: committing them removes the replications' files,
        // which a journaled batch's results are read back from.
        (IReadOnlyList<SummaryRow> Rows, RunResult First, int Count)? printed = r.Quiet ? null : (ResultSet.Summarise(runs), runs[0], runs.Count);
        // The tables and manifest are put in place together; then the replications' files, having served their purpose, are removed.
        ResultSet.Write(files, runs, manifest, scenarioJson, extra, r.Parquet);
        if (printed is { } p) PrintSummary(output, scenario, p.Rows, p.First, p.Count, r.Folder, clock.Elapsed, r.Verbose);
        if (!r.Quiet && r.CheckpointTick >= 0) output.WriteLine($"Checkpoint: {checkpointFile} (continue or fork with participation run [VARIANT.json] --from {checkpointFile})");
        if (r.Report) ReportCommand.WriteInto(r.Folder, output, r.Quiet, r.Verbose);
        return Program.Ok;
    }

    /// <summary>
    /// <c>--resume</c> of a folder whose batch finished (its manifest is written, its journal removed): nothing to run,
    /// provided the manifest records the same batch; otherwise refused, naming what differs.
    /// </summary>
    private static int AlreadyFinished(RunRequest r, ReplicationJournal.Identity identity, string scenarioJson, TextWriter output)
    {
        string path = Path.Combine(r.Folder, "manifest.json");
        ReplicationJournal.Identity recorded;
        try
        {
            var manifest = ManifestFile.Read(path);
            if ((manifest.String("experiment.kind") ?? "run") != "run" || manifest.Has("from") || manifest.Has("checkpointAt"))
                throw new UsageException($"--resume: {r.Folder} holds the results of another command (not a plain participation run); start afresh in a new folder");
            var recordedScenario = manifest.Node("scenario")?.ToJsonString() ?? "";
            var reference = ScenarioJson.ToJson(ScenarioLoader.LoadJson(recordedScenario, null, r.Catalog));
            recorded = ReplicationJournal.Identity.Of(reference, manifest.Seed("masterSeed") ?? throw manifest.Bad("masterSeed", null, MasterSeed.Expected),
                    (int)(manifest.Whole("replications", 1, 100_000) ?? throw manifest.Bad("replications", null, "a whole number from 1 to 100000")))
                with { Version = manifest.String("version") ?? "" };
            if (ReplicationJournal.Mismatch(r.Folder, recorded, reference, identity, scenarioJson) is { } why) throw new UsageException($"--resume: {why}");
        }
        catch (Exception e) when (e is ManifestException or ScenarioException)
        {
            throw new UsageException($"--resume: {path} cannot be read as a run's manifest ({e.Message}); start afresh in a new folder");
        }
        if (ResultSet.Files.Any(f => !File.Exists(Path.Combine(r.Folder, f))))
            throw new UsageException($"--resume: {r.Folder} has a manifest but not all its tables ({string.Join(", ", ResultSet.Files.Where(f => !File.Exists(Path.Combine(r.Folder, f))))} missing); start afresh in a new folder");
        // Only what a journal names is ever removed: here no journal is left, so at most an empty replications/ folder goes.
        ReplicationJournal.Remove(r.Folder);
        if (!r.Quiet) output.WriteLine($"Nothing to resume: {r.Folder} already holds the finished batch of {identity.Replications} replication{(identity.Replications == 1 ? "" : "s")}");
        return Program.Ok;
    }

    /// <summary>The <c>--format csv|parquet</c> option (CSV is always written; parquet adds Parquet copies of <paramref name="tables"/>).</summary>
    internal static Option<string> FormatOption(string tables) => new("--format")
    {
        Description = $"csv (default) or parquet: parquet also writes {tables} as .parquet files (same columns and rows; the CSV is still written).",
        DefaultValueFactory = _ => "csv",
        CompletionSources = { "csv", "parquet" },
    };

    /// <summary>Checks a <c>--format</c> value: true for parquet, false for csv.</summary>
    internal static bool IsParquet(string? value) => (value ?? "csv").Trim().ToLowerInvariant() switch
    {
        "csv" => false,
        "parquet" => true,
        _ => throw new UsageException($"--format {value}: expected csv or parquet"),
    };

    /// <summary>Reads a checkpoint, turning its problems into one clear usage error.</summary>
    internal static Checkpoint.Contents ReadCheckpoint(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--from {path}: no such checkpoint file");
        try { return Checkpoint.Read(path); }
        catch (CheckpointException e) { throw new UsageException($"--from: {e.Message}"); }
    }

    /// <summary>The tick of the week containing <paramref name="date"/>, which must lie in the run (and after a checkpoint continued from).</summary>
    internal static int CheckpointTick(string date, Scenario scenario, Checkpoint.Contents? from)
    {
        if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new UsageException($"--checkpoint-at {date}: expected a date as yyyy-MM-dd");
        var c = scenario.Calendar;
        if (d < c.Start || d > c.End)
            throw new UsageException($"--checkpoint-at {date}: expected a date between calendar.start ({c.Start:yyyy-MM-dd}) and calendar.end ({c.End:yyyy-MM-dd})");
        int tick = new Participation.Time.Calendar(c).TickOf(d);
        if (from is not null && tick <= from.Header.Tick)
            throw new UsageException($"--checkpoint-at {date}: expected a date after the week of the checkpoint continued from ({from.Header.Date:yyyy-MM-dd})");
        return tick;
    }

    private static void PrintSummary(TextWriter o, Scenario s, IReadOnlyList<SummaryRow> summary, RunResult first, int count, string folder, TimeSpan wall, bool verbose)
    {
        var rows = summary.ToDictionary(r => r.Figure);
        string P(string name) => Show(rows[name], percent: true);
        string N(string name) => Show(rows[name], percent: false);
        o.WriteLine($"{s.Name}: {count} replication{(count == 1 ? "" : "s")}, " +
            $"{first.Calendar.WeekStart(0):yyyy-MM-dd} to {s.Calendar.End:yyyy-MM-dd} ({first.Calendar.TickCount} weeks), {wall.TotalSeconds:0.0} s");
        // X's register shares are compared under the reading the library's defaults were calibrated to: everyone who
        // served during the register's year (scenarios/calibrated/README.md); the snapshot at the date follows.
        o.WriteLine($"Backbone register at {s.Calendar.RegisterDate:yyyy-MM-dd}: {N("register_backbones")} backbones in role, " +
            $"{N("register_during_year_backbones")} served during {s.Calendar.RegisterDate.Year}");
        o.WriteLine($"  served that year, over 3 years    {P("register_during_year_over_3_years"),-24} (study X, 2024: 28 %)");
        o.WriteLine($"  served that year, under 6 months  {P("register_during_year_under_6_months"),-24} (study X, 2024: 65 %)");
        o.WriteLine($"  in role at the date, aged 60+     {P("register_age_60_plus"),-24} (study X: 42 %)");
        o.WriteLine($"  in role at the date: over 3 years {P("register_over_3_years")}, under 6 months {P("register_under_6_months")}");
        o.WriteLine($"Tasks done by the top 10 % of backbones: {P("top10_task_share")} (study X: 63 %)");
        o.WriteLine($"Backbones' monthly frequency 1-2 / 3-4 / 5-6 / >6: {P("backbone_frequency_1_2")} / {P("backbone_frequency_3_4")} / " +
            $"{P("backbone_frequency_5_6")} / {P("backbone_frequency_over_6")} (study X: 55.3 / 26.6 / 11.8 / 6.3 %)");
        o.WriteLine($"Adults taking part in a month: {P("participation_rate_month")}; in the last year: {P("participation_rate_year")}");
        if (verbose)
            foreach (var r in rows.Values) o.WriteLine($"  {r.Figure,-30} {Show(r, r.Unit == "share")}");
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (weekly.csv, monthly.csv, annual.csv, spells.csv, summary.csv, manifest.json)");
    }

    private static string Show(SummaryRow r, bool percent)
    {
        if (double.IsNaN(r.Mean)) return "n/a";
        string F(double v) => percent ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);
        string unit = percent ? " %" : "";
        return double.IsNaN(r.CiLow) ? F(r.Mean) + unit : $"{F(r.Mean)}{unit} [{F(r.CiLow)}, {F(r.CiHigh)}]";
    }
}
