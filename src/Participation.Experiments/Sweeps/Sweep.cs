using System.Runtime.ExceptionServices;
using Participation.Experiments.Replications;
using Participation.Experiments.Sharding;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Sweeps;

/// <summary>Runs one replication: the scenario at a design point with a seed.</summary>
/// <param name="scenario">The point's scenario.</param>
/// <param name="seed">The run's seed.</param>
/// <param name="cancellation">Stops the run.</param>
public delegate RunResult SweepRunner(Scenario scenario, ulong seed, CancellationToken cancellation);

/// <summary>Seeds of the runs of a sweep.</summary>
public static class SweepSeeds
{
    /// <summary>The seed of design point <paramref name="point"/>, from which its replications' seeds derive.</summary>
    public static ulong PointSeed(ulong masterSeed, int point) =>
        CounterRandom.Mix(masterSeed ^ CounterRandom.Mix(0x5357_4545_5000_0000UL + (ulong)(uint)point));

    /// <summary>
    /// The seed of replication <paramref name="replication"/> at point <paramref name="point"/>. By default it is
    /// <see cref="CounterRandom.ReplicationSeed"/>(<see cref="PointSeed"/>(master, point), replication): every run has
    /// its own stream. With <paramref name="common"/> (common random numbers) it is
    /// <see cref="CounterRandom.ReplicationSeed"/>(master, replication) at every point — the seeds
    /// <c>participation run</c> uses — so differences between points are not blurred by different draws.
    /// </summary>
    public static ulong For(ulong masterSeed, int point, int replication, bool common) =>
        common ? CounterRandom.ReplicationSeed(masterSeed, replication)
               : CounterRandom.ReplicationSeed(PointSeed(masterSeed, point), replication);
}

/// <summary>What a finished sweep did.</summary>
/// <param name="Points">Design points.</param>
/// <param name="Replications">Replications per point.</param>
/// <param name="Runs">Runs made (points × replications; of a shard, its share).</param>
/// <param name="FigureNames">Names of the figures in each row.</param>
/// <param name="Threads">Runs side by side.</param>
/// <param name="MaxBuffered">Most rows held at once waiting for an earlier row (memory stays bounded by it).</param>
/// <param name="Wall">Wall time.</param>
public sealed record SweepSummary(int Points, int Replications, int Runs, IReadOnlyList<string> FigureNames, int Threads, int MaxBuffered, TimeSpan Wall);

/// <summary>
/// A parameter sweep: runs every point of a <see cref="SweepDesign"/> <see cref="Replications"/> times and hands each
/// run's summary figures to an <see cref="ISweepSink"/> in (point, replication) order as runs finish. Runs go side by
/// side over the cores (each model single-threaded); a row that finishes before an earlier one waits in a bounded
/// buffer, and a run does not start while more than <see cref="Window"/> rows are ahead of the next row to write, so
/// memory does not grow with the number of runs. Results do not depend on the number of threads.
/// </summary>
/// <example><code>
/// var factory = ScenarioFactory.FromFile("scenarios/x-shaoxing.json");
/// var design = SweepDesign.Grid([SweepParameter.Parse("roles.exitNew=0.02:0.2:4", factory.Base)]);
/// using var csv = new CsvSweepSink("sweep.csv");
/// new Sweep(design, factory) { Replications = 3, MasterSeed = 1 }.Run(csv);
/// </code></example>
public sealed class Sweep
{
    /// <summary>Creates a sweep of <paramref name="design"/> over scenarios built by <paramref name="scenarios"/>.</summary>
    public Sweep(SweepDesign design, ScenarioFactory scenarios)
    {
        Design = design ?? throw new ArgumentNullException(nameof(design));
        Scenarios = scenarios ?? throw new ArgumentNullException(nameof(scenarios));
    }

    /// <summary>The design points.</summary>
    public SweepDesign Design { get; }

    /// <summary>Builds each point's scenario.</summary>
    public ScenarioFactory Scenarios { get; }

    /// <summary>Replications per point (at least 1).</summary>
    public int Replications { get; init; } = 1;

    /// <summary>Master seed of the sweep.</summary>
    public ulong MasterSeed { get; init; } = 1;

    /// <summary>Use the same seeds at every point (common random numbers; see <see cref="SweepSeeds.For"/>).</summary>
    public bool CommonRandomNumbers { get; init; }

    /// <summary>Runs side by side (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Most rows that may wait for an earlier row (0: 4 × threads + 8).</summary>
    public int Window { get; init; }

    /// <summary>Policy kinds for the default runner.</summary>
    public PolicyCatalog? Catalog { get; init; }

    /// <summary>Decision rule, custom outcomes and population source for the default runner (null: none).</summary>
    public ModelExtensions? Extensions { get; init; }

    /// <summary>Runs one replication (default: <see cref="Model"/>, single-threaded).</summary>
    public SweepRunner? Runner { get; init; }

    /// <summary>Figures recorded for each run (default: <see cref="RunResult.Summary"/>); the same names, in the same order, every run.</summary>
    public Func<RunResult, IReadOnlyList<SummaryFigure>>? Figures { get; init; }

    /// <summary>
    /// Runs finished before (by run index, point × <see cref="Replications"/> + replication), e.g. read from a
    /// <see cref="SweepJournal"/> to resume a sweep: they are not run again, and their rows reach the sink in order.
    /// </summary>
    public IReadOnlyDictionary<int, SweepRow>? Completed { get; init; }

    /// <summary>Called with each run's index and row as soon as the run finishes (in the order runs finish, one call at a time), e.g. to journal it.</summary>
    public Action<int, SweepRow>? RunFinished { get; init; }

    /// <summary>
    /// Runs only this shard's runs (default: the whole sweep). Each run keeps its run index and seed, so the rows are
    /// exactly the rows an unsharded sweep writes for those runs; the sink receives them in run-index order.
    /// </summary>
    public SweepShard Shard { get; init; } = SweepShard.Whole;

    /// <summary>The default runner: a single-threaded <see cref="Model"/>.</summary>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <param name="extensions">Decision rule, custom outcomes and population source (default: none).</param>
    public static SweepRunner ModelRunner(PolicyCatalog? catalog = null, ModelExtensions? extensions = null) =>
        (scenario, seed, cancellation) => Model.Create(scenario, seed, catalog, new SimulationOptions { Threads = 1 }, extensions).Run(null, cancellation);

    /// <summary>Runs the sweep, writing each row to <paramref name="sink"/>.</summary>
    /// <param name="sink">Receives the rows in (point, replication) order.</param>
    /// <param name="progress">Receives progress after each run.</param>
    /// <param name="cancellation">Stops the sweep (the sink is not completed).</param>
    /// <exception cref="ScenarioException">A point's scenario is not valid.</exception>
    public SweepSummary Run(ISweepSink sink, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(Replications, 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int points = Design.Count, reps = Replications;
        long total64 = (long)points * reps;
        if (total64 > int.MaxValue) throw new ArgumentException($"{total64:N0} runs is too many for one sweep");
        int total = (int)total64;
        // Work in positions within the shard (run index = Shard.RunAt(position)); an unsharded sweep is shard 0/1.
        var shard = Shard.Count >= 1 && Shard.Index >= 0 && Shard.Index < Shard.Count ? Shard
            : throw new ArgumentException($"shard {Shard}: expected K/N with K from 0 to N-1", nameof(Shard));
        int count = shard.RunsOf(total);
        int threads = Math.Max(1, Math.Min(Threads <= 0 ? Environment.ProcessorCount : Threads, Math.Max(1, count)));
        int window = Window > 0 ? Window : 4 * threads + 8;
        var runner = Runner ?? ModelRunner(Catalog, Extensions);
        var figuresOf = Figures ?? (r => r.Summary());
        var paths = Design.Parameters.Select(p => p.Path).ToArray();
        int ticksPerRun = new Calendar(Scenarios.Base.Calendar).TickCount;

        var completed = Completed ?? new Dictionary<int, SweepRow>();
        // Runs of a point this sweep will start: its scenario is dropped from the cache once they have all started.
        int RunsToStart(int point)
        {
            int n = 0;
            for (int r = 0, i = point * reps; r < reps; r++, i++)
                if (shard.Contains(i) && !completed.ContainsKey(i)) n++;
            return n;
        }
        var cache = new Dictionary<int, (Scenario Scenario, int Left)>();
        if (points > 0) ScenarioAt(0, cache, RunsToStart(0)); // a bad design fails before anything is written
        sink.Begin(paths);

        var gate = new object();
        var pending = new Dictionary<int, SweepRow>();
        int next = -1, written = 0, maxBuffered = 0;
        IReadOnlyList<string>? names = null;
        ExceptionDispatchInfo? failure = null;

        // Runs finished before: handed on in order, never run again.
        foreach (var (index, row) in completed)
        {
            if (index < 0 || index >= total || row.Point != index / reps || row.Replication != index % reps)
                throw new ArgumentException($"completed run {index} is not run (point {row.Point}, replication {row.Replication}) of this sweep", nameof(Completed));
            if (!shard.Contains(index))
                throw new ArgumentException($"completed run {index} is not in shard {shard}", nameof(Completed));
            names ??= row.FigureNames;
            pending[index / shard.Count] = row;
        }
        while (pending.Remove(written, out var done))
        {
            sink.Write(done);
            written++;
        }

        void Worker()
        {
            while (true)
            {
                if (Volatile.Read(ref failure) is not null || cancellation.IsCancellationRequested) return;
                int position = Interlocked.Increment(ref next);
                if (position >= count) return;
                int i = shard.RunAt(position);
                if (completed.ContainsKey(i)) continue;
                lock (gate)
                {
                    while (position >= written + window && failure is null && !cancellation.IsCancellationRequested) Monitor.Wait(gate, 200);
                    if (failure is not null || cancellation.IsCancellationRequested) return;
                }
                int point = i / reps, rep = i % reps;
                try
                {
                    Scenario scenario;
                    lock (cache) scenario = ScenarioAt(point, cache, RunsToStart(point) - 1);
                    ulong seed = SweepSeeds.For(MasterSeed, point, rep, CommonRandomNumbers);
                    var figures = figuresOf(runner(scenario, seed, cancellation));
                    lock (gate)
                    {
                        names ??= figures.Select(f => f.Name).ToArray();
                        if (figures.Count != names.Count || figures.Where((f, k) => f.Name != names[k]).Any())
                            throw new InvalidOperationException("the figures of a run differ in names or order from the first run's");
                        var row = new SweepRow(point, rep, seed, Design.Values(point), names, figures.Select(f => f.Value).ToArray());
                        RunFinished?.Invoke(i, row);
                        pending[position] = row;
                        maxBuffered = Math.Max(maxBuffered, pending.Count - 1);
                        while (pending.Remove(written, out var ready))
                        {
                            sink.Write(ready);
                            written++;
                        }
                        progress?.Report(new BatchProgress(written + pending.Count, count, (long)(written + pending.Count) * ticksPerRun, (long)count * ticksPerRun));
                        Monitor.PulseAll(gate);
                    }
                }
                catch (Exception e)
                {
                    lock (gate)
                    {
                        failure ??= ExceptionDispatchInfo.Capture(e);
                        Monitor.PulseAll(gate);
                    }
                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(Worker, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);
        failure?.Throw();
        cancellation.ThrowIfCancellationRequested();
        sink.Complete();
        return new SweepSummary(points, reps, count, names ?? [], threads, maxBuffered, clock.Elapsed);
    }

    /// <summary>The scenario of <paramref name="point"/>, built once and kept until its replications have all started.</summary>
    /// <param name="point">Design point.</param>
    /// <param name="cache">Scenarios built and the replications still to start on each.</param>
    /// <param name="left">Runs still to start on this point after this call, if it builds the scenario (the check before the sweep starts none).</param>
    private Scenario ScenarioAt(int point, Dictionary<int, (Scenario Scenario, int Left)> cache, int left)
    {
        if (cache.TryGetValue(point, out var entry))
        {
            if (entry.Left <= 1) cache.Remove(point); else cache[point] = (entry.Scenario, entry.Left - 1);
            return entry.Scenario;
        }
        Scenario scenario;
        try { scenario = Scenarios.Create(Design.Parameters, Design.Values(point)); }
        catch (ScenarioException e)
        {
            string at = string.Join(", ", Design.Parameters.Select((p, j) => p.Override(Design.Values(point)[j])));
            throw new ScenarioException(e.Key, e.Value, $"{e.Expected} (at design point {point}: {at})");
        }
        if (left > 0) cache[point] = (scenario, left);
        return scenario;
    }
}
