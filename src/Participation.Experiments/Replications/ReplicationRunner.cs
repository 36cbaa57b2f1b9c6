using Participation.Outcomes;
using Participation.Policies;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Replications;

/// <summary>Progress of a batch of replications.</summary>
/// <param name="RunsDone">Replications finished.</param>
/// <param name="Runs">Replications in the batch.</param>
/// <param name="TicksDone">Ticks run over all replications.</param>
/// <param name="Ticks">Ticks to run over all replications.</param>
public readonly record struct BatchProgress(int RunsDone, int Runs, long TicksDone, long Ticks);

/// <summary>
/// Ways to step into a batch of replications: start each from a model of the caller's (e.g. restored from a
/// checkpoint) and pause each before a tick (e.g. to save a checkpoint), optionally stopping there.
/// </summary>
public sealed record ReplicationHooks
{
    /// <summary>Creates replication k's model from its seed and options (default: <see cref="Model.Create"/>).</summary>
    public Func<int, ulong, SimulationOptions, Model>? Create { get; init; }

    /// <summary>The tick before which <see cref="Pause"/> is called (negative: never).</summary>
    public int PauseBeforeTick { get; init; } = -1;

    /// <summary>Called with replication k's model when it reaches <see cref="PauseBeforeTick"/>, from the replication's thread.</summary>
    public Action<int, Model>? Pause { get; init; }

    /// <summary>Stop each replication at the pause (its result holds the ticks run so far).</summary>
    public bool StopAtPause { get; init; }

    /// <summary>Replications already finished (e.g. read back from a <see cref="ReplicationJournal"/>), by index: they are not run again.</summary>
    public IReadOnlyDictionary<int, RunResult>? Completed { get; init; }

    /// <summary>Called with each replication's result as soon as it finishes, from its thread (e.g. to journal it); not called for <see cref="Completed"/> ones.</summary>
    public Action<int, RunResult>? Finished { get; init; }
}

/// <summary>
/// Runs independent replications of a scenario, in parallel over the cores. Replication <c>k</c> uses the
/// seed <see cref="CounterRandom.ReplicationSeed"/>(master, k), so each is reproducible on its own and the
/// batch gives the same results whatever the number of threads.
/// </summary>
public static class ReplicationRunner
{
    /// <summary>The seed of each replication, derived from the master seed.</summary>
    public static ulong[] Seeds(ulong masterSeed, int replications) =>
        Enumerable.Range(0, replications).Select(k => CounterRandom.ReplicationSeed(masterSeed, k)).ToArray();

    /// <summary>Runs <paramref name="replications"/> replications and returns their results in replication order.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="masterSeed">Master seed (the scenario's <c>seed</c> unless overridden).</param>
    /// <param name="replications">Number of replications (at least 1).</param>
    /// <param name="threads">Threads in all (0: all cores). Replications run side by side; a single replication uses them in its tick loop.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <param name="progress">Receives progress reports.</param>
    /// <param name="cancellation">Stops the batch.</param>
    /// <param name="options">Model options (e.g. <see cref="SimulationOptions.CheckInvariants"/>); their thread count is set by <paramref name="threads"/>.</param>
    /// <param name="hooks">Start from given models, pause each replication before a tick, skip replications finished earlier, journal each as it finishes.</param>
    /// <param name="extensions">The researcher's decision rule, outcomes and population source for every replication (ignored where <see cref="ReplicationHooks.Create"/> builds the models).</param>
    public static RunResult[] Run(Scenario scenario, ulong masterSeed, int replications, int threads = 0,
        PolicyCatalog? catalog = null, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default,
        SimulationOptions? options = null, ReplicationHooks? hooks = null, ModelExtensions? extensions = null)
    {
        var results = new RunResult[replications];
        if (hooks?.Completed is { } completed)
            foreach (var (k, result) in completed)
            {
                if (k < 0 || k >= replications) throw new ArgumentOutOfRangeException(nameof(hooks), $"completed replication {k}: expected 0 to {replications - 1}");
                results[k] = result;
            }
        Stream(scenario, masterSeed, replications, (k, result) => results[k] = result, threads, catalog, progress, cancellation, options, hooks, extensions);
        return results;
    }

    /// <summary>
    /// Runs the replications as <see cref="Run"/> does but keeps none of them: each result is handed to
    /// <paramref name="finished"/> as soon as it is done (from its thread, after <see cref="ReplicationHooks.Finished"/>)
    /// and then dropped, so a batch of any size holds only the replications running side by side. Replications in
    /// <see cref="ReplicationHooks.Completed"/> are skipped (only its keys are read).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="masterSeed">Master seed.</param>
    /// <param name="replications">Number of replications (at least 1).</param>
    /// <param name="finished">Receives (replication, result) for each replication run.</param>
    /// <param name="threads">Threads in all (0: all cores).</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <param name="progress">Receives progress reports.</param>
    /// <param name="cancellation">Stops the batch.</param>
    /// <param name="options">Model options.</param>
    /// <param name="hooks">Start from given models, pause before a tick, skip replications finished earlier, journal each as it finishes.</param>
    /// <param name="extensions">The researcher's decision rule, outcomes and population source.</param>
    public static void Stream(Scenario scenario, ulong masterSeed, int replications, Action<int, RunResult> finished, int threads = 0,
        PolicyCatalog? catalog = null, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default,
        SimulationOptions? options = null, ReplicationHooks? hooks = null, ModelExtensions? extensions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 1);
        ArgumentNullException.ThrowIfNull(finished);
        int cores = threads <= 0 ? Environment.ProcessorCount : threads;
        var seeds = Seeds(masterSeed, replications);
        int ticksPerRun = new Calendar(scenario.Calendar).TickCount;
        long ticksDone = 0;
        int runsDone = 0;
        var progressLock = new object();

        // Replications finished earlier are taken as they are; only the others run.
        var completed = hooks?.Completed;
        if (completed is not null)
            foreach (int k in completed.Keys)
            {
                if (k < 0 || k >= replications) throw new ArgumentOutOfRangeException(nameof(hooks), $"completed replication {k}: expected 0 to {replications - 1}");
                ticksDone += ticksPerRun;
                runsDone++;
            }
        int[] todo = Enumerable.Range(0, replications).Where(k => completed is null || !completed.ContainsKey(k)).ToArray();
        if (todo.Length == 0) return;

        // Side by side when there are several replications; otherwise the tick loop gets the threads (results are the same either way).
        int side = Math.Min(cores, todo.Length);
        int inner = todo.Length == 1 ? cores : 1;
        Parallel.For(0, todo.Length, new ParallelOptions { MaxDegreeOfParallelism = side, CancellationToken = cancellation }, i =>
        {
            int k = todo[i];
            var modelOptions = (options ?? new SimulationOptions()) with { Threads = inner };
            var model = hooks?.Create is { } create ? create(k, seeds[k], modelOptions) : Model.Create(scenario, seeds[k], catalog, modelOptions, extensions);
            int last = 0;
            lock (progressLock) { ticksDone += model.Tick; last = model.Tick; }
            var tickProgress = progress is null ? null : new SyncProgress(tick =>
            {
                lock (progressLock)
                {
                    ticksDone += tick - last; last = tick;
                    progress.Report(new BatchProgress(runsDone, replications, ticksDone, (long)ticksPerRun * replications));
                }
            });
            if (hooks is { PauseBeforeTick: >= 0 } && model.Tick <= hooks.PauseBeforeTick)
            {
                model.RunUntil(hooks.PauseBeforeTick, tickProgress, cancellation);
                hooks.Pause?.Invoke(k, model);
            }
            var result = hooks is { StopAtPause: true, PauseBeforeTick: >= 0 } ? model.Result() : model.Run(tickProgress, cancellation);
            model = null; // the model's arrays may go before the result is handed on
            hooks?.Finished?.Invoke(k, result);
            finished(k, result);
            lock (progressLock)
            {
                ticksDone += ticksPerRun - last;
                runsDone++;
                progress?.Report(new BatchProgress(runsDone, replications, ticksDone, (long)ticksPerRun * replications));
            }
        });
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (no synchronisation context).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
