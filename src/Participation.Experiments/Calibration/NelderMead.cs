namespace Participation.Experiments.Calibration;

/// <summary>The outcome of a Nelder–Mead minimisation.</summary>
/// <param name="Best">Best point found.</param>
/// <param name="Value">Function value there.</param>
/// <param name="Evaluations">Function evaluations made.</param>
/// <param name="Converged">True when the simplex shrank below the tolerances before the budget ran out.</param>
public sealed record NelderMeadResult(double[] Best, double Value, int Evaluations, bool Converged);

/// <summary>
/// The Nelder–Mead simplex method (Nelder &amp; Mead 1965, with the standard coefficients of Lagarias et al. 1998:
/// reflection 1, expansion 2, contraction ½, shrink ½) under a hard budget of function evaluations. Unlike
/// MathNet's <c>NelderMeadSimplex</c>, which counts iterations (each of 1 to n + 2 evaluations) and throws when they
/// run out, this one stops exactly at the budget and returns the best point so far, which is what a calibration of
/// an expensive simulator needs.
/// </summary>
public static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/>.</summary>
    /// <param name="f">The function (deterministic; NaN is treated as +∞).</param>
    /// <param name="start">First vertex.</param>
    /// <param name="steps">Offsets of the other n vertices along each axis (non-zero).</param>
    /// <param name="budget">Most evaluations, including the n + 1 of the initial simplex.</param>
    /// <param name="startValue">f(<paramref name="start"/>) when already known (saves an evaluation).</param>
    /// <param name="valueTolerance">Stop when the spread of the simplex's values is below this…</param>
    /// <param name="pointTolerance">…and its largest vertex distance from the best is below this (per coordinate).</param>
    public static NelderMeadResult Minimize(Func<double[], double> f, double[] start, double[] steps, int budget,
        double? startValue = null, double valueTolerance = 1e-6, double pointTolerance = 1e-4)
    {
        int n = start.Length;
        if (steps.Length != n || steps.Any(s => s == 0 || !double.IsFinite(s))) throw new ArgumentException("one non-zero step per coordinate", nameof(steps));
        int used = 0;
        double bestValue = double.PositiveInfinity;
        double[] best = (double[])start.Clone();

        double Eval(double[] x)
        {
            if (used >= budget) throw new BudgetExhausted();
            used++;
            double v = f(x);
            if (double.IsNaN(v)) v = double.PositiveInfinity;
            if (v < bestValue) { bestValue = v; best = (double[])x.Clone(); }
            return v;
        }

        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        try
        {
            simplex[0] = (double[])start.Clone();
            if (startValue is { } known)
            {
                values[0] = double.IsNaN(known) ? double.PositiveInfinity : known;
                if (values[0] < bestValue) { bestValue = values[0]; best = (double[])start.Clone(); }
            }
            else values[0] = Eval(simplex[0]);
            for (int j = 0; j < n; j++)
            {
                var x = (double[])start.Clone();
                x[j] += steps[j];
                simplex[j + 1] = x;
                values[j + 1] = Eval(x);
            }

            while (true)
            {
                var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
                simplex = order.Select(i => simplex[i]).ToArray();
                values = order.Select(i => values[i]).ToArray();
                double spread = values[n] - values[0];
                double size = simplex.Skip(1).Max(x => x.Select((v, j) => Math.Abs(v - simplex[0][j])).Max());
                if ((spread <= valueTolerance || double.IsNaN(spread)) && size <= pointTolerance)
                    return new NelderMeadResult(best, bestValue, used, true);

                var centroid = new double[n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
                double[] Along(double t) => centroid.Select((c, j) => c + t * (simplex[n][j] - c)).ToArray();

                var reflected = Along(-1);
                double fr = Eval(reflected);
                if (fr < values[0])
                {
                    var expanded = Along(-2);
                    double fe = Eval(expanded);
                    (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
                }
                else if (fr < values[n - 1])
                {
                    (simplex[n], values[n]) = (reflected, fr);
                }
                else
                {
                    bool outside = fr < values[n];
                    var contracted = Along(outside ? -0.5 : 0.5);
                    double fc = Eval(contracted);
                    if (outside ? fc <= fr : fc < values[n]) (simplex[n], values[n]) = (contracted, fc);
                    else
                        for (int i = 1; i <= n; i++)
                        {
                            simplex[i] = simplex[0].Select((b, j) => b + 0.5 * (simplex[i][j] - b)).ToArray();
                            values[i] = Eval(simplex[i]);
                        }
                }
            }
        }
        catch (BudgetExhausted)
        {
            return new NelderMeadResult(best, bestValue, used, false);
        }
    }

    private sealed class BudgetExhausted : Exception;
}
