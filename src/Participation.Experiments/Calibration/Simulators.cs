using Participation.Experiments.Replications;
using Participation.Experiments.Sweeps;
using Participation.Policies;
using Participation.Randomness;

namespace Participation.Experiments.Calibration;

/// <summary>
/// What a calibration fits: a stochastic model that, given parameter values and a seed per replication, reports
/// named figures. Implementations must be deterministic: the same values and seeds give the same figures.
/// </summary>
public interface ICalibrationSimulator
{
    /// <summary>
    /// Simulates each of <paramref name="points"/> with <paramref name="replications"/> replications whose seeds are
    /// <see cref="CounterRandom.ReplicationSeed"/>(<paramref name="masterSeed"/>, r) at every point (common random numbers).
    /// </summary>
    /// <param name="points">Parameter values, one array per point, in the calibration's parameter order.</param>
    /// <param name="figures">Figures to report.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="masterSeed">Master seed.</param>
    /// <param name="cancellation">Stops the runs.</param>
    /// <returns>[point][replication][figure] values (NaN where a figure is undefined).</returns>
    double[][][] Simulate(IReadOnlyList<double[]> points, IReadOnlyList<string> figures, int replications, ulong masterSeed, CancellationToken cancellation = default);
}

/// <summary>The agent-based model as a calibration simulator: each batch of points is one <see cref="Sweep"/>.</summary>
public sealed class ModelSimulator : ICalibrationSimulator
{
    /// <summary>Creates the simulator of <paramref name="scenarios"/> with <paramref name="parameters"/> varied.</summary>
    /// <param name="scenarios">Builds each point's scenario.</param>
    /// <param name="parameters">The fitted parameters, as sweep parameters (their ranges are the calibration bounds).</param>
    public ModelSimulator(ScenarioFactory scenarios, IReadOnlyList<SweepParameter> parameters)
    {
        Scenarios = scenarios ?? throw new ArgumentNullException(nameof(scenarios));
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
    }

    /// <summary>Builds each point's scenario.</summary>
    public ScenarioFactory Scenarios { get; }

    /// <summary>The fitted parameters.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>Runs side by side (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Policy kinds.</summary>
    public PolicyCatalog? Catalog { get; init; }

    /// <summary>Runs one replication (default: the model, single-threaded).</summary>
    public SweepRunner? Runner { get; init; }

    /// <summary>Progress of each batch.</summary>
    public IProgress<BatchProgress>? Progress { get; init; }

    /// <summary>Runs done over all batches.</summary>
    public int RunsDone { get; private set; }

    /// <summary>
    /// Creates the simulator for a file scenario, checking every parameter path and its bounds against the schema
    /// (<see cref="SweepParameter.Create"/>).
    /// </summary>
    /// <exception cref="Participation.Scenarios.ScenarioException">A path is not a numeric key, or its bounds are out of range.</exception>
    public static ModelSimulator For(ScenarioFactory scenarios, IEnumerable<CalibrationParameter> parameters, PolicyCatalog? catalog = null) =>
        new(scenarios, parameters.Select(p => SweepParameter.Create(p.Path, p.Min, p.Max, 0, scenarios.Base, catalog)).ToArray()) { Catalog = catalog };

    /// <inheritdoc />
    public double[][][] Simulate(IReadOnlyList<double[]> points, IReadOnlyList<string> figures, int replications, ulong masterSeed, CancellationToken cancellation = default)
    {
        var result = points.Select(_ => new double[replications][]).ToArray();
        var sink = SweepSinks.Action(row => result[row.Point][row.Replication] = figures.Select(row.Figure).ToArray());
        var sweep = new Sweep(SweepDesign.FromValues(Parameters, points), Scenarios)
        {
            Replications = replications, MasterSeed = masterSeed, CommonRandomNumbers = true, Threads = Threads, Catalog = Catalog, Runner = Runner,
        };
        RunsDone += sweep.Run(sink, Progress, cancellation).Runs;
        return result;
    }
}

/// <summary>
/// A cheap simulator from a function of (parameter values, seed) to named figures: for tests of the calibration and
/// for synthetic models. Points and replications are evaluated in parallel.
/// </summary>
/// <param name="simulate">The model: values in parameter order and a replication's seed → figures by name.</param>
public sealed class FunctionSimulator(Func<double[], ulong, IReadOnlyDictionary<string, double>> simulate) : ICalibrationSimulator
{
    /// <summary>Evaluations of the function so far (points × replications).</summary>
    public int Calls => _calls;

    private int _calls;

    /// <inheritdoc />
    public double[][][] Simulate(IReadOnlyList<double[]> points, IReadOnlyList<string> figures, int replications, ulong masterSeed, CancellationToken cancellation = default)
    {
        var result = points.Select(_ => new double[replications][]).ToArray();
        Parallel.For(0, points.Count * replications, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            int p = i / replications, r = i % replications;
            var values = simulate((double[])points[p].Clone(), CounterRandom.ReplicationSeed(masterSeed, r));
            result[p][r] = figures.Select(f => values.TryGetValue(f, out var v) ? v : double.NaN).ToArray();
            Interlocked.Increment(ref _calls);
        });
        return result;
    }
}
