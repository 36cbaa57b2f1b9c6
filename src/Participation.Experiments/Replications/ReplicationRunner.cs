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
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 1);
        int cores = threads <= 0 ? Environment.ProcessorCount : threads;
        var seeds = Seeds(masterSeed, replications);
        var results = new RunResult[replications];
        int ticksPerRun = new Calendar(scenario.Calendar).TickCount;
        long ticksDone = 0;
        int runsDone = 0;
        var progressLock = new object();

        // Replications finished earlier are taken as they are; only the others run.
        var completed = hooks?.Completed;
        if (completed is not null)
            foreach (var (k, result) in completed)
            {
                if (k < 0 || k >= replications) throw new ArgumentOutOfRangeException(nameof(hooks), $"completed replication {k}: expected 0 to {replications - 1}");
                results[k] = result;
                ticksDone += ticksPerRun;
                runsDone++;
            }
        int[] todo = Enumerable.Range(0, replications).Where(k => completed is null || !completed.ContainsKey(k)).ToArray();
        if (todo.Length == 0) return results;

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
            results[k] = hooks is { StopAtPause: true, PauseBeforeTick: >= 0 } ? model.Result() : model.Run(tickProgress, cancellation);
            hooks?.Finished?.Invoke(k, results[k]);
            lock (progressLock)
            {
                ticksDone += ticksPerRun - last;
                runsDone++;
                progress?.Report(new BatchProgress(runsDone, replications, ticksDone, (long)ticksPerRun * replications));
            }
        });
        return results;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (no synchronisation context).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
