using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// A sweep run with a journal into a results folder, whole or one shard, so that a sweep that was killed, crashed or
/// cancelled continues where it stopped: run it again with <see cref="Resume"/> and the runs recorded in its
/// <see cref="SweepJournal.FileName"/> are not run again, and the tables come out byte for byte as an uninterrupted
/// sweep's. It writes <c>design.csv</c>, <c>shard.json</c> for a shard, then <c>sweep.csv</c> (and
/// <c>sweep_summary.csv</c>, <c>sweep.parquet</c>) as runs finish, each beside its final name; they are put in place with
/// the manifest, which the caller writes (<see cref="ExperimentFiles.WriteManifest(ResultsWriter, RunManifest, System.Text.Json.Nodes.JsonObject, string)"/>) once <see cref="Run"/> returns.
/// </summary>
/// <param name="Files">The results folder's writer (it holds the folder's lock).</param>
/// <param name="Factory">Builds each point's scenario.</param>
/// <param name="Design">The design.</param>
/// <param name="Replications">Replications per point.</param>
/// <param name="MasterSeed">Master seed.</param>
/// <param name="Common">Common random numbers: replication k has the same seed at every point.</param>
/// <param name="Threads">Runs side by side (0: all cores).</param>
/// <param name="Shard">Which runs (the whole sweep: <see cref="SweepShard.Whole"/>).</param>
/// <param name="Resume">Continue the folder's journal; a folder with no journal and no files starts afresh.</param>
/// <param name="PointSummary">Also write sweep_summary.csv (not for a shard: a point's replications may lie in several shards).</param>
/// <param name="Parquet">Also write sweep.parquet.</param>
/// <param name="Info">The shard's description (written as shard.json), or null for a whole sweep.</param>
public sealed record JournaledSweep(ResultsWriter Files, ScenarioFactory Factory, SweepDesign Design, int Replications, ulong MasterSeed, bool Common,
    int Threads, SweepShard Shard, bool Resume, bool PointSummary, bool Parquet, ShardInfo? Info)
{
    /// <summary>Runs the sweep (what its journal does not hold yet) and writes its tables beside their names.</summary>
    /// <param name="progress">Receives progress after each run.</param>
    /// <param name="cancellation">Stops the sweep; the journal keeps what finished, to be resumed.</param>
    /// <param name="resuming">Called before anything runs when <see cref="Resume"/> finds a journal: runs done, runs of the sweep (or shard).</param>
    /// <returns>What ran.</returns>
    /// <exception cref="ExperimentException">The folder's journal records another sweep, or the folder holds other files.</exception>
    public SweepSummary Run(IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default, Action<int, int>? resuming = null)
    {
        string folder = Files.Folder;
        string identity = SweepJournal.Identity(SweepJournal.Identity(ScenarioJson.ToJson(Factory.Base), Design, Replications, MasterSeed, Common), Shard);
        string journalPath = Path.Combine(folder, SweepJournal.UnfinishedFileName), finished = Path.Combine(folder, SweepJournal.FileName);
        SweepJournal.Contents? prior = null;
        if (Resume && (File.Exists(journalPath) || File.Exists(finished)))
        {
            string from = File.Exists(journalPath) ? journalPath : finished;
            try { prior = SweepJournal.Read(from, identity, Design, Replications, (p, r) => SweepSeeds.For(MasterSeed, p, r, Common)); }
            catch (InvalidDataException e)
            {
                throw new ExperimentException($"resume: {e.Message}{(Shard.IsWhole ? "" : $" or of another shard than {Shard}")}; give the same scenario and options as the interrupted run, or start afresh in a new folder");
            }
            // A finished sweep's journal (the same sweep's) is continued too: it is put back in place with the tables.
            if (from == finished) File.Move(finished, journalPath);
        }
        else if (Resume && ResultsWriter.Entries(folder).Any())
            throw new ExperimentException($"resume: {folder} holds no {SweepJournal.FileName} to resume from; start afresh in a new folder (or replace its files instead of resuming)");
        int runs = Shard.RunsOf(Design.Count * Replications);
        if (prior is not null) resuming?.Invoke(prior.Rows.Count, runs);

        ExperimentFiles.WriteDesign(Files, Design);
        Info?.Write(Files);
        SweepSummary summary;
        using (var journal = prior is null ? SweepJournal.Create(journalPath, identity) : SweepJournal.Continue(journalPath, prior))
        using (var csv = new CsvSweepSink(Files, "sweep.csv"))
        using (var perPoint = PointSummary ? new PointSummarySink(Files, "sweep_summary.csv") : null)
        {
            var sweep = new Sweep(Design, Factory)
            {
                Replications = Replications, MasterSeed = MasterSeed, CommonRandomNumbers = Common, Threads = Threads, Shard = Shard,
                Completed = prior?.Rows, RunFinished = journal.Record,
            };
            var sinks = new List<ISweepSink> { csv };
            if (perPoint is not null) sinks.Add(perPoint);
            if (Parquet) sinks.Add(new ParquetSweepSink(Files, "sweep.parquet"));
            summary = sweep.Run(SweepSinks.Tee([.. sinks]), progress, cancellation);
        }
        Files.Adopt(SweepJournal.FileName, SweepJournal.UnfinishedFileName);
        return summary;
    }
}
