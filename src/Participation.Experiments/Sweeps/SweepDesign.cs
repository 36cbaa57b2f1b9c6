using Participation.Randomness;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// The points of an experiment: values of the varied parameters at each point, in a fixed order. Points are
/// computed on demand (<see cref="Values"/>), so even a large grid takes no memory beyond its parameters.
/// </summary>
public abstract class SweepDesign
{
    /// <summary>Creates a design over <paramref name="parameters"/>.</summary>
    protected SweepDesign(IReadOnlyList<SweepParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var duplicate = parameters.GroupBy(p => p.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"parameter {duplicate.Key} is varied more than once", nameof(parameters));
        Parameters = parameters;
    }

    /// <summary>The varied parameters, in column order.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>Number of points.</summary>
    public abstract int Count { get; }

    /// <summary>Name of the design as the manifest records it (grid, lhs, explicit).</summary>
    public abstract string Kind { get; }

    /// <summary>Parameter values at point <paramref name="point"/> (whole-number keys rounded), in parameter order.</summary>
    public abstract double[] Values(int point);

    /// <summary>Largest design the sweep accepts.</summary>
    public const int MaxPoints = 10_000_000;

    /// <summary>
    /// Full factorial grid: each parameter takes <see cref="SweepParameter.Steps"/> evenly spaced values from low to
    /// high (<see cref="SweepParameter.DefaultGridSteps"/> when 0; one value when low equals high). The last
    /// parameter varies fastest.
    /// </summary>
    /// <exception cref="ArgumentException">The grid would exceed <see cref="MaxPoints"/> points.</exception>
    public static SweepDesign Grid(IReadOnlyList<SweepParameter> parameters) => new GridDesign(parameters);

    /// <summary>
    /// Latin hypercube of <paramref name="samples"/> points: each parameter's range is cut into that many equal
    /// strata, each stratum used once, with a uniform position inside it; the pairing of strata is a random
    /// permutation per parameter. Deterministic from <paramref name="seed"/>.
    /// </summary>
    /// <param name="parameters">Parameters.</param>
    /// <param name="samples">Points (1 to <see cref="MaxPoints"/>).</param>
    /// <param name="seed">Seed of the permutations and positions.</param>
    /// <param name="centred">True to place each point at the centre of its stratum instead of a uniform position.</param>
    public static SweepDesign LatinHypercube(IReadOnlyList<SweepParameter> parameters, int samples, ulong seed, bool centred = false) =>
        new LatinHypercubeDesign(parameters, samples, seed, centred);

    /// <summary>A design of given points in the unit cube [0, 1]^k, scaled onto each parameter's range.</summary>
    /// <param name="parameters">Parameters (k).</param>
    /// <param name="unitPoints">Points, each with k coordinates in [0, 1].</param>
    public static SweepDesign FromUnitPoints(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<double[]> unitPoints) =>
        new ExplicitDesign(parameters, unitPoints.Select(u => CheckUnit(parameters, u)).Select(u => u.Select((x, j) => parameters[j].At(x)).ToArray()).ToArray());

    /// <summary>A design of given points, each a vector of parameter values (whole-number keys are rounded).</summary>
    /// <param name="parameters">Parameters (k).</param>
    /// <param name="points">Points, each with k values.</param>
    public static SweepDesign FromValues(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<double[]> points) =>
        new ExplicitDesign(parameters, points.Select(p => p.Length == parameters.Count
            ? p.Select((x, j) => parameters[j].Round(x)).ToArray()
            : throw new ArgumentException($"a point has {p.Length} values; expected {parameters.Count}", nameof(points))).ToArray());

    private static double[] CheckUnit(IReadOnlyList<SweepParameter> parameters, double[] u)
    {
        if (u.Length != parameters.Count) throw new ArgumentException($"a point has {u.Length} coordinates; expected {parameters.Count}");
        if (u.Any(x => !(x >= 0 && x <= 1))) throw new ArgumentException("unit-cube coordinates must lie in [0, 1]");
        return u;
    }

    private sealed class GridDesign : SweepDesign
    {
        private readonly int[] _steps;

        public GridDesign(IReadOnlyList<SweepParameter> parameters) : base(parameters)
        {
            _steps = parameters.Select(p => p.Low == p.High ? 1 : p.Steps > 0 ? p.Steps : SweepParameter.DefaultGridSteps).ToArray();
            var bad = parameters.Select((p, j) => (p, n: _steps[j])).FirstOrDefault(x => x.n < 2 && x.p.Low != x.p.High);
            if (bad.p is not null) throw new ArgumentException($"{bad.p.Path}: a grid over a range needs at least 2 steps");
            double count = _steps.Aggregate(1.0, (a, n) => a * n);
            if (count > MaxPoints) throw new ArgumentException($"the grid has {count:N0} points; at most {MaxPoints:N0} are allowed (use fewer steps or a Latin hypercube)");
            Count = (int)count;
        }

        public override int Count { get; }
        public override string Kind => "grid";

        public override double[] Values(int point)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(point);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, Count);
            var values = new double[_steps.Length];
            for (int j = _steps.Length - 1; j >= 0; j--)
            {
                int n = _steps[j], level = point % n;
                point /= n;
                values[j] = n == 1 ? Parameters[j].Round(Parameters[j].Low) : Parameters[j].At(level / (double)(n - 1));
            }
            return values;
        }
    }

    private sealed class LatinHypercubeDesign : SweepDesign
    {
        private readonly int[][] _strata; // [parameter][point] → stratum
        private readonly ulong _seed;
        private readonly bool _centred;

        public LatinHypercubeDesign(IReadOnlyList<SweepParameter> parameters, int samples, ulong seed, bool centred) : base(parameters)
        {
            if (samples < 1 || samples > MaxPoints) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"expected 1 to {MaxPoints:N0} samples");
            Count = samples;
            _seed = seed;
            _centred = centred;
            _strata = new int[parameters.Count][];
            for (int j = 0; j < parameters.Count; j++)
            {
                // Fisher-Yates with counter-based draws: the permutation depends only on (seed, parameter index).
                var rng = new CounterRandom(seed, j, RandomStream.Policy, 0x4C48);
                var perm = Enumerable.Range(0, samples).ToArray();
                for (int i = samples - 1; i > 0; i--)
                {
                    int k = (int)(rng.Uniform(i) * (i + 1));
                    (perm[i], perm[k]) = (perm[k], perm[i]);
                }
                _strata[j] = perm;
            }
        }

        public override int Count { get; }
        public override string Kind => "lhs";

        public override double[] Values(int point)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(point);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, Count);
            var values = new double[_strata.Length];
            for (int j = 0; j < values.Length; j++)
            {
                double offset = _centred ? 0.5 : new CounterRandom(_seed, j, RandomStream.Policy, 0x4C49).Uniform(point);
                values[j] = Parameters[j].At((_strata[j][point] + offset) / Count);
            }
            return values;
        }
    }

    private sealed class ExplicitDesign(IReadOnlyList<SweepParameter> parameters, double[][] points) : SweepDesign(parameters)
    {
        public override int Count => points.Length;
        public override string Kind => "explicit";

        public override double[] Values(int point) => (double[])points[point].Clone();
    }
}
