using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Files;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Replications;

/// <summary>How a <see cref="ReplicationBatch"/> ended.</summary>
public enum BatchEnd
{
    /// <summary>Every replication ran (or was read back from the journal) and the tables and manifest are in place.</summary>
    Finished,

    /// <summary>A resume of a folder whose batch had already finished: nothing ran, the folder's tables are kept.</summary>
    AlreadyFinished,

    /// <summary>The batch stopped at its checkpoint (<see cref="ReplicationBatch.StopAtCheckpoint"/>): only the checkpoint and the manifest are written.</summary>
    StoppedAtCheckpoint,
}

/// <summary>What a <see cref="ReplicationBatch"/> did.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Summary">The summary table (<c>summary.csv</c>'s rows), empty unless <see cref="BatchEnd.Finished"/>.</param>
/// <param name="First">The first replication's result (its calendar), null unless <see cref="BatchEnd.Finished"/>.</param>
/// <param name="Replications">Replications of the batch.</param>
/// <param name="CheckpointFile">The checkpoint written, or null.</param>
/// <param name="CheckpointDate">The first day of the checkpoint's week (yyyy-MM-dd), or null.</param>
/// <param name="Elapsed">Wall time of the batch.</param>
public sealed record BatchOutcome(BatchEnd End, IReadOnlyList<SummaryRow> Summary, RunResult? First, int Replications, string? CheckpointFile,
    string? CheckpointDate, TimeSpan Elapsed);

/// <summary>A resume's starting point, reported before anything runs.</summary>
/// <param name="Done">Replications read back from the journal (not run again).</param>
/// <param name="Replications">Replications of the batch.</param>
/// <param name="Dropped">Replications the journal named but that are run again, each with why (a torn last file, a damaged one).</param>
public sealed record BatchResume(int Done, int Replications, IReadOnlyList<string> Dropped);

/// <summary>
/// A batch of replications of one scenario written into a results folder: the tables of <see cref="ResultSet"/> and
/// <c>manifest.json</c>, put in place together once every replication is done, so a folder never holds half a batch.
/// <para>
/// <b>Journal and resume.</b> Each replication is saved in the folder's <c>replications/</c> journal the moment it
/// finishes; a batch that was killed, crashed or cancelled is continued by running the same batch again with
/// <see cref="Resume"/>: the replications it finished are read back, not run again, and the tables come out byte for byte
/// as an uninterrupted batch's. A journaled batch keeps no replication in memory (the tables read them back one at a
/// time). <b>Checkpoints.</b> With <see cref="CheckpointTick"/> every replication's whole state is saved at the start of
/// that week (<see cref="Checkpoint.FileName"/>); <see cref="From"/> continues or forks such a checkpoint. Batches with
/// checkpoints are not journaled: they are repeated from their checkpoint instead.
/// </para>
/// <example>
/// A batch that resumes after a kill, with no command-line code:
/// <code>
/// var batch = new ReplicationBatch { Scenario = ScenarioLoader.Load("scenarios/x-shaoxing.json"), MasterSeed = 42, Replications = 20, Resume = true };
/// using var files = new ResultsWriter(Directory.CreateDirectory("results/x").FullName);
/// var outcome = batch.Run(files);
/// </code>
/// (<see cref="Resume"/> on a folder with no journal starts the batch afresh.)
/// </example>
/// </summary>
public sealed record ReplicationBatch
{
    /// <summary>The resolved scenario (for <see cref="From"/>: the checkpoint's, or the variant it is forked into).</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>The policy kinds the scenario may name (null: the built-in kinds).</summary>
    public PolicyCatalog? Catalog { get; init; }

    /// <summary>The master seed; replication k's seed is <see cref="ReplicationRunner.Seeds"/>(master seed, n)[k].</summary>
    public ulong MasterSeed { get; init; }

    /// <summary>Independent replications, 1 to 100,000.</summary>
    public int Replications { get; init; } = 1;

    /// <summary>Replications side by side (0: all cores). Results are identical for any value.</summary>
    public int Threads { get; init; }

    /// <summary>Check the model's state after every tick (<see cref="SimulationOptions.CheckInvariants"/>); slower.</summary>
    public bool CheckInvariants { get; init; }

    /// <summary>The tick at whose start every replication's state is saved to <see cref="Checkpoint.FileName"/>, or -1 for none.</summary>
    public int CheckpointTick { get; init; } = -1;

    /// <summary>The date the checkpoint was asked for (yyyy-MM-dd), as the manifest records it.</summary>
    public string? CheckpointDate { get; init; }

    /// <summary>With <see cref="CheckpointTick"/>: stop there, writing only the checkpoint and the manifest.</summary>
    public bool StopAtCheckpoint { get; init; }

    /// <summary>A checkpoint to continue (or fork into <see cref="Scenario"/>), or null to start at tick 0.</summary>
    public Checkpoint.Contents? From { get; init; }

    /// <summary>Where <see cref="From"/> was read from (recorded in the manifest and named in messages).</summary>
    public string? FromPath { get; init; }

    /// <summary>Continue the batch journaled in the results folder; a folder holding no journal starts afresh.</summary>
    public bool Resume { get; init; }

    /// <summary>Also write the Parquet copies of the tables (<see cref="ResultSet.ParquetFiles"/>).</summary>
    public bool Parquet { get; init; }

    /// <summary>The command that asked for the batch, as the manifest records it.</summary>
    public string Command { get; init; } = "";

    /// <summary>The scenario file, as the manifest records it.</summary>
    public string ScenarioFile { get; init; } = "";

    /// <summary>The overrides applied to the scenario file (<c>path=value</c>), as the manifest records them.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Largest batch.</summary>
    public const int MaxReplications = 100_000;

    /// <summary>The files a batch may write into its folder (to refuse up front a folder where one of these is not participation's).</summary>
    /// <param name="parquet">With <see cref="Parquet"/>.</param>
    /// <param name="checkpoint">With a checkpoint (<see cref="CheckpointTick"/> ≥ 0).</param>
    public static IEnumerable<string> Writes(bool parquet, bool checkpoint) =>
        [.. ResultSet.Files, ResultSet.CustomFile, .. parquet ? ResultSet.ParquetFiles : [], .. checkpoint ? [Checkpoint.FileName] : Array.Empty<string>()];

    /// <summary>Runs the batch into the folder of <paramref name="files"/> and writes its tables and manifest.</summary>
    /// <param name="files">The results folder's writer (it holds the folder's lock).</param>
    /// <param name="progress">Receives progress as replications advance.</param>
    /// <param name="cancellation">Stops the batch; a journaled batch keeps what it finished, to be resumed.</param>
    /// <param name="resuming">Called before anything runs when <see cref="Resume"/> finds a journal to continue.</param>
    /// <exception cref="ExperimentException">The batch cannot run as asked (a resume of another batch, a checkpoint of other seeds, too large for memory).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public BatchOutcome Run(ResultsWriter files, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default,
        Action<BatchResume>? resuming = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (Replications is < 1 or > MaxReplications) throw new ExperimentException($"replications {Replications}: expected a whole number from 1 to {MaxReplications}");
        if (Threads is < 0 or > 1024) throw new ExperimentException($"threads {Threads}: expected 0 (all cores) or a number from 1 to 1024");
        if (StopAtCheckpoint && CheckpointTick < 0) throw new ExperimentException("stopAtCheckpoint: expected a checkpoint tick too");
        if (Resume && (From is not null || CheckpointTick >= 0))
            throw new ExperimentException($"resume and {(From is not null ? "from" : "checkpointAt")}: a batch with checkpoints cannot be resumed; run it again from the start (or continue its checkpoint with from)");
        var scenario = Scenario;
        string folder = files.Folder;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var seeds = ReplicationRunner.Seeds(MasterSeed, Replications);
        if (From is { } from && !from.Header.Seeds.SequenceEqual(seeds))
            throw new ExperimentException($"from {FromPath}: its replication seeds do not derive from its master seed {MasterSeed}; the file is not one participation wrote");
        // Refused up front what will not fit: the models side by side, and a checkpoint's states until it is written.
        int sideBySide = Math.Min(Threads <= 0 ? Environment.ProcessorCount : Threads, Replications);
        if (MemoryEstimate.Refusal(scenario, sideBySide, CheckpointTick >= 0 || From is not null ? Replications : 0, MemoryEstimate.AvailableBytes) is { } tooLarge)
            throw new ExperimentException($"replications {Replications} with {sideBySide} side by side: expected {tooLarge}");

        // Checkpoint: each replication's state at the tick; the file is written as soon as every replication has reached it
        // (beside its target: it is put in place with the tables).
        var states = new byte[Replications][];
        int saved = 0;
        void Pause(int k, Model model)
        {
            states[k] = model.SaveState();
            if (Interlocked.Increment(ref saved) == Replications)
                files.Write(Checkpoint.FileName, stream => Checkpoint.Write(stream, scenario, MasterSeed, CheckpointTick, seeds, states));
        }

        // The journal: each replication is saved the moment it finishes, so a killed batch can be resumed.
        // Batches that continue or save checkpoints are not journaled: they are repeated from their checkpoint instead.
        string scenarioJson = ScenarioJson.ToJson(scenario);
        bool journaled = From is null && CheckpointTick < 0;
        var identity = ReplicationJournal.Identity.Of(scenarioJson, MasterSeed, Replications);
        ReplicationJournal.Contents? prior = null;
        if (Resume)
        {
            if (ReplicationJournal.Exists(folder))
            {
                try { prior = ReplicationJournal.Read(folder, identity, scenarioJson, scenario, seeds); }
                catch (InvalidDataException e) { throw new ExperimentException($"resume: {e.Message}"); }
                resuming?.Invoke(new BatchResume(prior.Done.Count, Replications, prior.Dropped));
            }
            else if (File.Exists(Path.Combine(folder, ResultsWriter.ManifestName)))
                return AlreadyFinished(folder, identity, scenarioJson, clock);
            // A kill before the journal's first line was in place leaves at most its folder: that batch starts afresh.
            else if (ResultsWriter.Entries(folder).Any(e => Path.GetFileName(e) != ReplicationJournal.FolderName))
                throw new ExperimentException($"resume: {folder} holds no {ReplicationJournal.FolderName}{Path.DirectorySeparatorChar}{ReplicationJournal.FileName} to resume from; " +
                    "start afresh in a new folder (or replace its files instead of resuming)");
        }

        var hooks = new ReplicationHooks
        {
            Create = From is { } f ? (k, seed, options) => Model.Restore(scenario, f.States[k], Catalog, options) : null,
            PauseBeforeTick = CheckpointTick, Pause = CheckpointTick >= 0 ? Pause : null, StopAtPause = StopAtCheckpoint,
            Completed = prior?.Done,
        };

        IReadOnlyList<RunResult> runs;
        using (var journal = !journaled ? null : prior is null ? ReplicationJournal.Create(folder, identity, scenarioJson) : ReplicationJournal.Continue(folder, prior))
        {
            if (journal is not null) hooks = hooks with { Finished = journal.Record };
            try
            {
                var options = new SimulationOptions { CheckInvariants = CheckInvariants };
                // A journaled batch keeps no replication in memory: each is on disk the moment it finishes, and the tables
                // read them back one at a time (a batch of 100,000, or its resume, holds only those running side by side).
                if (journaled)
                {
                    ReplicationRunner.Stream(scenario, MasterSeed, Replications, (_, _) => { }, Threads, Catalog, progress, cancellation, options: options, hooks: hooks);
                    runs = ReplicationJournal.Results(folder, scenario, seeds);
                }
                else runs = ReplicationRunner.Run(scenario, MasterSeed, Replications, Threads, Catalog, progress, cancellation, options: options, hooks: hooks);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                // Parallel replications wrap what failed; report the first failure itself (a bad checkpoint, a broken invariant...).
                var first = e.Flatten().InnerExceptions[0];
                if (first is CheckpointException c) throw new ExperimentException($"from: {c.Message}");
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                throw;
            }
        }
        var manifest = new RunManifest
        {
            Command = Command, ScenarioFile = ScenarioFile, Overrides = Overrides, MasterSeed = MasterSeed, Seeds = seeds,
            Replications = Replications, Threads = Threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            From = FromPath is null ? null : Path.GetFullPath(FromPath), CheckpointAt = CheckpointTick >= 0 ? CheckpointDate : null,
        };
        string? checkpointFile = CheckpointTick >= 0 ? Path.Combine(folder, Checkpoint.FileName) : null;
        string? weekStart = CheckpointTick >= 0
            ? new Participation.Time.Calendar(scenario.Calendar).WeekStart(CheckpointTick).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        if (StopAtCheckpoint)
        {
            var experiment = new JsonObject { ["kind"] = "checkpoint", ["tick"] = CheckpointTick, ["date"] = weekStart };
            ExperimentFiles.WriteManifest(files, manifest with { Files = [Checkpoint.FileName, ResultsWriter.ManifestName] }, experiment, scenarioJson);
            return new BatchOutcome(BatchEnd.StoppedAtCheckpoint, [], null, Replications, checkpointFile, weekStart, clock.Elapsed);
        }
        // Summarised before the tables are put in place: committing them removes the replications' files, which a
        // journaled batch's results are read back from.
        var summary = ResultSet.Summarise(runs);
        var firstRun = runs[0];
        // The tables and manifest are put in place together; then the replications' files, having served their purpose, are removed.
        ResultSet.Write(files, runs, manifest, scenarioJson, checkpointFile is null ? [] : [Checkpoint.FileName], Parquet);
        return new BatchOutcome(BatchEnd.Finished, summary, firstRun, Replications, checkpointFile, weekStart, clock.Elapsed);
    }

    /// <summary>
    /// A resume of a folder whose batch finished (its manifest is written, its journal removed): nothing to run, provided
    /// the manifest records the same batch; otherwise refused, naming what differs.
    /// </summary>
    private BatchOutcome AlreadyFinished(string folder, ReplicationJournal.Identity identity, string scenarioJson, Stopwatch clock)
    {
        string path = Path.Combine(folder, ResultsWriter.ManifestName);
        try
        {
            var manifest = ManifestFile.Read(path);
            if ((manifest.String("experiment.kind") ?? "run") != "run" || manifest.Has("from") || manifest.Has("checkpointAt"))
                throw new ExperimentException($"resume: {folder} holds the results of another command (not a plain participation run); start afresh in a new folder");
            var recordedScenario = manifest.Node("scenario")?.ToJsonString() ?? "";
            var reference = ScenarioJson.ToJson(ScenarioLoader.LoadJson(recordedScenario, null, Catalog));
            var recorded = ReplicationJournal.Identity.Of(reference, manifest.Seed("masterSeed") ?? throw manifest.Bad("masterSeed", null, Participation.Scenarios.MasterSeed.Expected),
                    (int)(manifest.Whole("replications", 1, MaxReplications) ?? throw manifest.Bad("replications", null, $"a whole number from 1 to {MaxReplications}")))
                with { Version = manifest.String("version") ?? "" };
            if (ReplicationJournal.Mismatch(folder, recorded, reference, identity, scenarioJson) is { } why) throw new ExperimentException($"resume: {why}");
        }
        catch (Exception e) when (e is ManifestException or ScenarioException)
        {
            throw new ExperimentException($"resume: {path} cannot be read as a run's manifest ({e.Message}); start afresh in a new folder");
        }
        var missing = ResultSet.Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToArray();
        if (missing.Length > 0)
            throw new ExperimentException($"resume: {folder} has a manifest but not all its tables ({string.Join(", ", missing)} missing); start afresh in a new folder");
        // Only what a journal names is ever removed: here no journal is left, so at most an empty replications/ folder goes.
        ReplicationJournal.Remove(folder);
        return new BatchOutcome(BatchEnd.AlreadyFinished, [], null, Replications, null, null, clock.Elapsed);
    }
}
