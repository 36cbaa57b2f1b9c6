using System.Text.Json;
using Participation.Experiments.Comparison;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Policies;
using Participation.Scenarios;

namespace Participation.Workbench;

/// <summary>What a queued batch runs: one scenario's replications, or a baseline and its variants on common random numbers.</summary>
/// <param name="Compare">True for a comparison (<see cref="Variants"/> against <see cref="Baseline"/>), false for a run of <see cref="Baseline"/>.</param>
/// <param name="Baseline">The scenario run (or the comparison's baseline): its name (the file's stem, as the command line names it) and scenario.</param>
/// <param name="Variants">The variants compared with the baseline (empty for a run).</param>
/// <param name="MasterSeed">Master seed (the replications' seeds derive from it).</param>
/// <param name="Replications">Replications (per scenario, for a comparison).</param>
/// <param name="Files">The scenario files, workspace-relative, baseline first (recorded in the manifest).</param>
internal sealed record BatchRequest(bool Compare, (string Name, Scenario Scenario) Baseline, IReadOnlyList<(string Name, Scenario Scenario)> Variants,
    ulong MasterSeed, int Replications, IReadOnlyList<string> Files)
{
    /// <summary>The command line that gives the same tables, run in the workspace (recorded in the manifest).</summary>
    public string Command => Compare
        ? $"participation compare {string.Join(' ', Files)} --seed {MasterSeed} --replications {Replications}"
        : $"participation run {Files[0]} --seed {MasterSeed} --replications {Replications} --format parquet";
}

/// <summary>
/// Runs a batch into a result folder: the one call the workbench makes to the experiments layer, kept behind this
/// interface so it can be swapped for the library's own batch API (journal, resume, manifest) when that exists.
/// </summary>
internal interface IBatchRunner
{
    /// <summary>
    /// Runs <paramref name="request"/> and writes its tables and manifest into <paramref name="folder"/> (which exists and is
    /// empty), as <c>participation run</c> or <c>compare</c> would; reports the share done (0 to 1); stops with an
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> fires.
    /// </summary>
    void Run(BatchRequest request, string folder, IProgress<double> progress, CancellationToken cancellation);
}

/// <summary>Runs batches with <see cref="ReplicationRunner"/> and <see cref="PolicyComparison"/> and writes them with <see cref="ResultSet"/>.</summary>
internal sealed class LibraryBatchRunner(PolicyCatalog catalog, int threads) : IBatchRunner
{
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Run(BatchRequest request, string folder, IProgress<double> progress, CancellationToken cancellation)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var manifest = new RunManifest
        {
            Command = request.Command, ScenarioFile = request.Files[0], MasterSeed = request.MasterSeed, Threads = threads, Started = started,
        };
        if (!request.Compare)
        {
            var scenario = request.Baseline.Scenario;
            var runs = ReplicationRunner.Run(scenario, request.MasterSeed, request.Replications, threads, catalog,
                new BatchShare(progress, 1), cancellation);
            cancellation.ThrowIfCancellationRequested();
            ResultSet.Write(folder, runs, manifest with { Seeds = ReplicationRunner.Seeds(request.MasterSeed, request.Replications), WallSeconds = Seconds(clock) },
                ScenarioJson.ToJson(scenario), parquet: true);
            return;
        }
        var result = PolicyComparison.Run(request.Baseline, request.Variants, request.MasterSeed, request.Replications, threads, null, catalog,
            new BatchShare(progress, request.Variants.Count + 1), cancellation);
        cancellation.ThrowIfCancellationRequested();
        // The files participation compare writes, in its order and form, so its report and a rerun read them alike.
        ResultSet.WriteAtomic(folder, "compare.csv", w => CsvTable.WriteRows(w, result.Outcomes));
        ResultSet.WriteAtomic(folder, "costs.csv", w => CsvTable.WriteRows(w, result.Costs));
        var compareManifest = manifest with
        {
            ScenarioFile = string.Join(' ', request.Variants.Select(v => v.Name).Prepend(request.Baseline.Name)),
            Seeds = result.Seeds, WallSeconds = Seconds(clock), Files = ["compare.csv", "costs.csv", "manifest.json"],
        };
        ResultSet.WriteAtomic(folder, "manifest.json", w => w.Write(JsonSerializer.Serialize(compareManifest, ManifestJson)));
    }

    private static double Seconds(System.Diagnostics.Stopwatch clock) => Math.Round(clock.Elapsed.TotalSeconds, 3);

    /// <summary>
    /// The share of a job done, from the progress of its <paramref name="batches"/> batches run one after the other (a
    /// comparison runs the baseline, then each variant): a report whose ticks fall below the last one starts the next batch.
    /// </summary>
    private sealed class BatchShare(IProgress<double> share, int batches) : IProgress<BatchProgress>
    {
        private int _batch;
        private long _lastTicks;

        public void Report(BatchProgress value)
        {
            if (value.TicksDone < _lastTicks) _batch = Math.Min(_batch + 1, batches - 1);
            _lastTicks = value.TicksDone;
            double within = value.Ticks > 0 ? (double)value.TicksDone / value.Ticks : 0;
            share.Report(Math.Clamp((_batch + within) / batches, 0, 1));
        }
    }
}
