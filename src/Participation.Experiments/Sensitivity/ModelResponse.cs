using Participation.Experiments.Replications;
using Participation.Experiments.Sweeps;
using Participation.Policies;

namespace Participation.Experiments.Sensitivity;

/// <summary>
/// The model as a function on [0, 1]^k for <see cref="Morris"/> and <see cref="Sobol"/>: a point's coordinates are
/// scaled onto the ranges of the varied <see cref="Parameters"/>, the scenario is run <see cref="Replications"/> times
/// through a <see cref="Sweep"/> with common random numbers (the same seeds at every point, so differences between
/// points are not noise from different draws), and the value is the mean of summary figure <see cref="Outcome"/>
/// over the replications where it is defined.
/// </summary>
/// <example><code>
/// var factory = ScenarioFactory.FromFile("scenarios/x-shaoxing.json");
/// var response = new ModelResponse(factory, [SweepParameter.Parse("roles.exitNew=0.02:0.2", factory.Base)], "register_under_6_months") { Replications = 2 };
/// var design = Morris.Design(1, 10);
/// var indices = Morris.Analyse(design, response.Evaluate(design.Points), ["roles.exitNew"]);
/// </code></example>
public sealed class ModelResponse
{
    /// <summary>Creates the response of <paramref name="outcome"/> to <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> is not a summary figure.</exception>
    public ModelResponse(ScenarioFactory scenarios, IReadOnlyList<SweepParameter> parameters, string outcome)
    {
        Scenarios = scenarios ?? throw new ArgumentNullException(nameof(scenarios));
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        Outcome = FigureNames.Check(outcome);
    }

    /// <summary>Builds each point's scenario.</summary>
    public ScenarioFactory Scenarios { get; }

    /// <summary>The varied parameters: coordinate j of a point is scaled onto parameter j's range.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>Summary figure evaluated.</summary>
    public string Outcome { get; }

    /// <summary>Replications per point (at least 1).</summary>
    public int Replications { get; init; } = 1;

    /// <summary>Master seed: replication r uses the same seed at every point.</summary>
    public ulong MasterSeed { get; init; } = 1;

    /// <summary>Runs side by side (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Policy kinds.</summary>
    public PolicyCatalog? Catalog { get; init; }

    /// <summary>Runs one replication (default: the model, single-threaded).</summary>
    public SweepRunner? Runner { get; init; }

    /// <summary>Also receives every run's row (each call of <see cref="Evaluate"/> is one sweep: Begin … Complete).</summary>
    public ISweepSink? Log { get; init; }

    /// <summary>Progress of each call of <see cref="Evaluate"/>.</summary>
    public IProgress<BatchProgress>? Progress { get; init; }

    /// <summary>Runs done over all calls.</summary>
    public int RunsDone { get; private set; }

    /// <summary>The outcome's mean over replications at each point (NaN where it is undefined in every replication).</summary>
    /// <param name="unitPoints">Points in [0, 1]^k.</param>
    /// <param name="cancellation">Stops the runs.</param>
    public double[] Evaluate(IReadOnlyList<double[]> unitPoints, CancellationToken cancellation = default)
    {
        var design = SweepDesign.FromUnitPoints(Parameters, unitPoints);
        var sum = new double[design.Count];
        var count = new int[design.Count];
        var collect = SweepSinks.Action(row =>
        {
            double v = row.Figure(Outcome);
            if (double.IsNaN(v)) return;
            sum[row.Point] += v;
            count[row.Point]++;
        });
        var sweep = new Sweep(design, Scenarios)
        {
            Replications = Replications, MasterSeed = MasterSeed, CommonRandomNumbers = true, Threads = Threads, Catalog = Catalog, Runner = Runner,
        };
        var summary = sweep.Run(Log is null ? collect : SweepSinks.Tee(collect, Log), Progress, cancellation);
        RunsDone += summary.Runs;
        return sum.Select((s, i) => count[i] > 0 ? s / count[i] : double.NaN).ToArray();
    }
}
