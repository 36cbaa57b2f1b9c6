using Participation.Experiments.Statistics;
using Participation.Experiments.Sweeps;
using Participation.Randomness;

namespace Participation.Experiments.Calibration;

/// <summary>One evaluation of the loss during a calibration.</summary>
/// <param name="Index">Evaluation number (0-based).</param>
/// <param name="Phase"><c>start</c> (the given start values), <c>screen</c> (Latin hypercube), <c>simplex</c> (Nelder–Mead) or <c>check</c>.</param>
/// <param name="Values">Parameter values, in the calibration's parameter order.</param>
/// <param name="Loss">Loss: Σ over targets of ((simulated mean − target) / tolerance)².</param>
/// <param name="Means">Simulated mean of each target's figure over the replications, in target order.</param>
public sealed record CalibrationEvaluation(int Index, string Phase, double[] Values, double Loss, double[] Means);

/// <summary>How one target came out at the fitted parameters.</summary>
/// <param name="Figure">Figure name.</param>
/// <param name="Target">Target value.</param>
/// <param name="Tolerance">Tolerance.</param>
/// <param name="Mean">Simulated mean over the check replications.</param>
/// <param name="Low">Lower bound of its 95 % interval (Student's t across replications).</param>
/// <param name="High">Upper bound.</param>
/// <param name="Replications">Replications in which the figure was defined.</param>
/// <param name="Source">Where the target comes from.</param>
public sealed record TargetCheck(string Figure, double Target, double Tolerance, double Mean, double Low, double High, int Replications, string Source)
{
    /// <summary>(mean − target) / tolerance.</summary>
    public double Z => (Mean - Target) / Tolerance;

    /// <summary>True when the simulated mean lies within the tolerance of the target.</summary>
    public bool WithinTolerance => Math.Abs(Mean - Target) <= Tolerance;
}

/// <summary>The outcome of a calibration.</summary>
/// <param name="Parameters">The fitted parameters.</param>
/// <param name="Fitted">Fitted values, in parameter order.</param>
/// <param name="Loss">Loss at the fitted values on the fitting seeds.</param>
/// <param name="CheckLoss">Loss at the fitted values on the check replications (independent seeds).</param>
/// <param name="Targets">Target-by-target check at the fitted values.</param>
/// <param name="Evaluations">Loss evaluations spent fitting (the check is one more).</param>
/// <param name="Converged">True when Nelder–Mead converged before the budget ran out.</param>
/// <param name="Trace">Every evaluation, in order (the check last).</param>
public sealed record CalibrationResult(IReadOnlyList<CalibrationParameter> Parameters, double[] Fitted, double Loss, double CheckLoss,
    IReadOnlyList<TargetCheck> Targets, int Evaluations, bool Converged, IReadOnlyList<CalibrationEvaluation> Trace);

/// <summary>
/// Fits parameters to target figures by simulated moments. Loss: Σ over targets of ((m − target) / tolerance)², m the
/// simulated figure's mean over <see cref="Replications"/> replications that use the same seeds at every evaluation
/// (common random numbers: the loss is then a deterministic function of the parameters, and differences between
/// parameter values are not noise). A figure undefined in every replication adds <see cref="UndefinedPenalty"/>.
/// <para>
/// Optimiser: a Latin-hypercube screen of the box (a share <see cref="ScreenShare"/> of the budget, evaluated as one
/// parallel batch; the given start values first), then Nelder–Mead from the best screened point on the box mapped
/// to ℝᵏ by a logit per coordinate (so no vertex leaves the bounds), stopping exactly at <see cref="Budget"/> loss
/// evaluations. The screen guards against the local minima and flat regions a rough simulated loss has; the simplex
/// needs no gradients, which a stochastic model does not give. Finally the best point is simulated again with
/// <see cref="CheckReplications"/> fresh seeds for the target-by-target table, so the reported fit is not flattered
/// by the seeds it was tuned on.
/// </para>
/// </summary>
public sealed class Calibrator
{
    /// <summary>Creates a calibration of <paramref name="parameters"/> to <paramref name="targets"/> on <paramref name="simulator"/>.</summary>
    public Calibrator(IReadOnlyList<CalibrationTarget> targets, IReadOnlyList<CalibrationParameter> parameters, ICalibrationSimulator simulator)
    {
        if (targets is null || targets.Count == 0) throw new ArgumentException("at least one target", nameof(targets));
        if (parameters is null || parameters.Count == 0) throw new ArgumentException("at least one parameter", nameof(parameters));
        if (parameters.Any(p => !(p.Max > p.Min))) throw new ArgumentException("every parameter needs max > min", nameof(parameters));
        if (targets.Any(t => !(t.Tolerance >= CalibrationTarget.MinTolerance) || !(Math.Abs(t.Value) <= CalibrationTarget.MaxMagnitude)))
            throw new ArgumentException($"every target needs a tolerance of at least {CalibrationTarget.MinTolerance:G} and a value within ±{CalibrationTarget.MaxMagnitude:G}", nameof(targets));
        Targets = targets;
        Parameters = parameters;
        Simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
    }

    /// <summary>Targets.</summary>
    public IReadOnlyList<CalibrationTarget> Targets { get; }

    /// <summary>Parameters fitted.</summary>
    public IReadOnlyList<CalibrationParameter> Parameters { get; }

    /// <summary>The model.</summary>
    public ICalibrationSimulator Simulator { get; }

    /// <summary>Replications per loss evaluation.</summary>
    public int Replications { get; init; } = 4;

    /// <summary>Loss evaluations for the fit (screen + simplex).</summary>
    public int Budget { get; init; } = 40;

    /// <summary>Share of the budget spent on the Latin-hypercube screen.</summary>
    public double ScreenShare { get; init; } = 0.4;

    /// <summary>Master seed of the fitting replications and of the screen.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Replications of the final check, on independent seeds (0: as many as <see cref="Replications"/>).</summary>
    public int CheckReplications { get; init; }

    /// <summary>Loss added for a target whose figure is undefined (NaN) in every replication: as if 10 tolerances off.</summary>
    public double UndefinedPenalty { get; init; } = 100;

    /// <summary>Receives each evaluation as it is made (e.g. to stream a trace).</summary>
    public Action<CalibrationEvaluation>? OnEvaluation { get; init; }

    /// <summary>The loss of simulated means <paramref name="means"/> (target order).</summary>
    public double Loss(IReadOnlyList<double> means)
    {
        double loss = 0;
        for (int t = 0; t < Targets.Count; t++)
        {
            double z = (means[t] - Targets[t].Value) / Targets[t].Tolerance;
            loss += double.IsNaN(z) ? UndefinedPenalty : z * z;
        }
        return loss;
    }

    /// <summary>Runs the calibration.</summary>
    /// <param name="cancellation">Stops it.</param>
    public CalibrationResult Run(CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Replications, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Budget, 1);
        return Fit(null, null, Budget, cancellation);
    }

    /// <summary>
    /// Runs the calibration from a design already simulated (e.g. a <see cref="CalibrationDesign"/> evaluated as a
    /// sharded sweep and merged): the loss of every design point from its runs (phase <c>design</c> in the trace, in
    /// design order, so evaluation i is point i), then, when <paramref name="polish"/> is above 0, Nelder–Mead from the
    /// best point with that many further evaluations (as <see cref="Run"/> does after its screen), then the check on
    /// fresh seeds. The runs must be those <see cref="Simulator"/> makes for the points with <see cref="Replications"/>
    /// replications and master seed <see cref="Seed"/> (common random numbers), so each point's loss is the loss
    /// <see cref="Run"/> would compute there.
    /// </summary>
    /// <param name="points">Parameter values of each design point, in parameter order.</param>
    /// <param name="runs">[point][replication][target] simulated figures, in target order (NaN where undefined).</param>
    /// <param name="polish">Nelder–Mead evaluations after the design (0: the best design point is the fit).</param>
    /// <param name="cancellation">Stops it.</param>
    /// <exception cref="ArgumentException">The runs do not match the points, the replications or the targets.</exception>
    public CalibrationResult RunFromDesign(IReadOnlyList<double[]> points, IReadOnlyList<double[][]> runs, int polish, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(Replications, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(polish);
        if (points.Count == 0) throw new ArgumentException("at least one design point", nameof(points));
        if (runs.Count != points.Count) throw new ArgumentException($"{runs.Count} points of runs for {points.Count} design points", nameof(runs));
        for (int p = 0; p < points.Count; p++)
        {
            if (points[p].Length != Parameters.Count) throw new ArgumentException($"point {p} has {points[p].Length} values for {Parameters.Count} parameters", nameof(points));
            if (runs[p].Length != Replications) throw new ArgumentException($"point {p} has {runs[p].Length} replications, not {Replications}", nameof(runs));
            if (runs[p].Any(r => r.Length != Targets.Count)) throw new ArgumentException($"point {p}: expected {Targets.Count} figures per run (one per target)", nameof(runs));
        }
        return Fit(points, runs, polish, cancellation);
    }

    /// <summary>The search: the start and a screen (or a simulated design), then Nelder–Mead with <paramref name="budget"/>, then the check.</summary>
    private CalibrationResult Fit(IReadOnlyList<double[]>? design, IReadOnlyList<double[][]>? designRuns, int budget, CancellationToken cancellation)
    {
        int k = Parameters.Count;
        var figures = Targets.Select(t => t.Figure).ToArray();
        var trace = new List<CalibrationEvaluation>();
        var cache = new Dictionary<string, double>();
        int spent = 0;

        // Whole-number scenario keys are rounded here, so points that round alike share one evaluation.
        var keys = (Simulator as ModelSimulator)?.Parameters;
        double[] ValuesOf(double[] u) => u.Select((x, j) =>
        {
            double v = Parameters[j].Min + Math.Clamp(x, 0, 1) * (Parameters[j].Max - Parameters[j].Min);
            return keys is not null && j < keys.Count ? keys[j].Round(v) : v;
        }).ToArray();
        string Key(double[] values) => string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

        // Evaluates a batch of unit points (in parallel through the simulator); cached points cost nothing.
        double[] EvaluateBatch(IReadOnlyList<double[]> units, string phase)
        {
            var values = units.Select(ValuesOf).ToArray();
            var fresh = values.Select(Key).Distinct().Where(key => !cache.ContainsKey(key)).ToArray();
            var toRun = fresh.Select(key => values.First(v => Key(v) == key)).ToArray();
            if (toRun.Length > 0)
            {
                var sims = Simulator.Simulate(toRun, figures, Replications, Seed, cancellation);
                for (int p = 0; p < toRun.Length; p++)
                {
                    var means = MeansOf(sims[p]);
                    double loss = Loss(means);
                    cache[fresh[p]] = loss;
                    var evaluation = new CalibrationEvaluation(trace.Count, phase, toRun[p], loss, means);
                    trace.Add(evaluation);
                    OnEvaluation?.Invoke(evaluation);
                }
                spent += toRun.Length;
            }
            return values.Select(v => cache[Key(v)]).ToArray();
        }

        // 1. The given start values (others at the middle of their range), then a Latin-hypercube screen; or the simulated design.
        var candidates = new List<(double[] U, double Loss)>();
        bool hasStart = design is null && Parameters.Any(p => p.Start is not null);
        int left;
        if (design is not null)
        {
            for (int p = 0; p < design.Count; p++)
            {
                var values = (double[])design[p].Clone();
                var means = MeansOf(designRuns![p]);
                double loss = Loss(means);
                cache.TryAdd(Key(values), loss);
                var evaluation = new CalibrationEvaluation(trace.Count, "design", values, loss, means);
                trace.Add(evaluation);
                OnEvaluation?.Invoke(evaluation);
                candidates.Add((values.Select((v, j) => (v - Parameters[j].Min) / (Parameters[j].Max - Parameters[j].Min)).ToArray(), loss));
            }
            spent = design.Count;
        }
        if (hasStart)
        {
            var u0 = Parameters.Select(p => p.Start is { } s ? (s - p.Min) / (p.Max - p.Min) : 0.5).ToArray();
            candidates.Add((u0, EvaluateBatch([u0], "start")[0]));
        }
        left = budget - spent;
        int screen = design is not null ? 0 : left <= k + 1 ? left : Math.Clamp((int)Math.Round(ScreenShare * budget) - spent, 0, left - (k + 1));
        if (screen > 0)
        {
            var unit = Enumerable.Range(0, k).Select(j => new SweepParameter("u" + j, 0, 1)).ToArray();
            var lhs = SweepDesign.LatinHypercube(unit, screen, CounterRandom.Mix(Seed ^ 0x4C48_5343_5245_454EUL));
            var points = Enumerable.Range(0, screen).Select(lhs.Values).ToArray();
            var losses = EvaluateBatch(points, "screen");
            candidates.AddRange(points.Select((u, i) => (u, losses[i])));
        }
        if (candidates.Count == 0) candidates.Add((Enumerable.Repeat(0.5, k).ToArray(), double.NaN));

        // 2. Nelder-Mead from the best candidate, on logit-transformed coordinates.
        var (uBest, lossBest) = candidates.OrderBy(c => double.IsNaN(c.Loss) ? double.PositiveInfinity : c.Loss).First();
        bool converged = false;
        left = design is not null ? budget : budget - spent;
        if (left > 0)
        {
            const double edge = 0.02;
            var z0 = uBest.Select(u => Logit(Math.Clamp(u, edge, 1 - edge))).ToArray();
            var steps = uBest.Select((u, j) => Logit(Math.Clamp(u > 0.5 ? u - 0.2 : u + 0.2, edge, 1 - edge)) - z0[j]).ToArray();
            var nm = NelderMead.Minimize(z => EvaluateBatch([z.Select(Logistic).ToArray()], "simplex")[0], z0, steps, left,
                startValue: double.IsNaN(lossBest) || uBest.Any(u => u < edge || u > 1 - edge) ? null : lossBest,
                valueTolerance: 1e-6, pointTolerance: 1e-3);
            converged = nm.Converged;
        }

        // 3. The best evaluation, checked on fresh seeds.
        var bestEval = trace.OrderBy(e => e.Loss).ThenBy(e => e.Index).First();
        int checkReps = CheckReplications > 0 ? CheckReplications : Replications;
        var checkSims = Simulator.Simulate([bestEval.Values], figures, checkReps, CounterRandom.Mix(Seed ^ 0x4348_4543_4B00_0000UL), cancellation)[0];
        var checkMeans = MeansOf(checkSims);
        var check = new CalibrationEvaluation(trace.Count, "check", bestEval.Values, Loss(checkMeans), checkMeans);
        trace.Add(check);
        OnEvaluation?.Invoke(check);
        var table = Targets.Select((t, i) =>
        {
            var iv = Interval.Of(checkSims.Select(r => r[i]));
            return new TargetCheck(t.Figure, t.Value, t.Tolerance, iv.Mean, iv.Low, iv.High, iv.Count, t.Source);
        }).ToArray();
        return new CalibrationResult(Parameters, bestEval.Values, bestEval.Loss, check.Loss, table, spent, converged, trace);
    }

    /// <summary>
    /// Mean of each figure over replications, ignoring NaN (NaN when undefined in all): the means the loss is computed
    /// from, summed in replication order.
    /// </summary>
    /// <param name="replications">[replication][figure] values.</param>
    public static double[] MeansOf(IReadOnlyList<double[]> replications)
    {
        int f = replications.Count > 0 ? replications[0].Length : 0;
        return Enumerable.Range(0, f).Select(i =>
        {
            var defined = replications.Select(r => r[i]).Where(v => !double.IsNaN(v)).ToArray();
            return defined.Length > 0 ? defined.Average() : double.NaN;
        }).ToArray();
    }

    private static double Logit(double u) => Math.Log(u / (1 - u));
    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));
}
