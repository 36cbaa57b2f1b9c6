namespace Participation.Outcomes;

/// <summary>Concentration of work: the top share and the Gini coefficient.</summary>
public static class Concentration
{
    /// <summary>
    /// Share of the total held by the top <paramref name="fraction"/> of units (at least one unit; ties broken
    /// by value only, so the result does not depend on order), the Gini coefficient, and the total.
    /// NaN for both when there are no units or the total is zero.
    /// </summary>
    public static (double TopShare, double Gini, int Total) TopShareAndGini(List<ushort> values, double fraction)
    {
        int n = values.Count;
        long total = 0;
        foreach (var v in values) total += v;
        if (n == 0 || total == 0) return (double.NaN, double.NaN, (int)total);
        values.Sort();
        int top = Math.Max(1, (int)Math.Ceiling(fraction * n));
        long topSum = 0;
        for (int k = n - top; k < n; k++) topSum += values[k];
        // Gini from the sorted values: G = (2 Σ k·x_k) / (n Σ x) − (n + 1) / n, k = 1..n ascending.
        double weighted = 0;
        for (int k = 0; k < n; k++) weighted += (k + 1.0) * values[k];
        double gini = 2 * weighted / (n * (double)total) - (n + 1.0) / n;
        return ((double)topSum / total, gini, (int)Math.Min(int.MaxValue, total));
    }
}
