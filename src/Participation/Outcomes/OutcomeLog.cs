namespace Participation.Outcomes;

/// <summary>The outcomes a model has recorded so far.</summary>
public sealed class OutcomeLog
{
    /// <summary>One record per reported week.</summary>
    public List<WeeklyRecord> Weekly { get; } = [];
    /// <summary>One record per reported month.</summary>
    public List<MonthlyRecord> Monthly { get; } = [];
    /// <summary>One record per reported year.</summary>
    public List<AnnualRecord> Annual { get; } = [];
    /// <summary>Ended backbone spells, in the order they ended.</summary>
    public List<TenureSpell> Spells { get; } = [];
    /// <summary>The register view at the scenario's register date, once reached.</summary>
    public RegisterView? Register { get; internal set; }
    /// <summary>Names of the custom outcomes, in the order their values are recorded.</summary>
    public IReadOnlyList<string> CustomNames { get; internal set; } = [];
    /// <summary>Custom outcomes' values, one per name per reported week, week by week.</summary>
    public List<double> Custom { get; } = [];

    /// <summary>The custom outcomes as one series each, aligned with <see cref="Weekly"/>.</summary>
    public IReadOnlyList<CustomSeries> CustomSeries()
    {
        int n = CustomNames.Count;
        var series = new CustomSeries[n];
        for (int k = 0; k < n; k++)
        {
            var values = new double[Custom.Count / n];
            for (int w = 0; w < values.Length; w++) values[w] = Custom[w * n + k];
            series[k] = new CustomSeries(CustomNames[k], values);
        }
        return series;
    }
}

/// <summary>One custom outcome's weekly values.</summary>
/// <param name="Name">The outcome's name.</param>
/// <param name="Weekly">One value per reported week, aligned with <see cref="RunResult.Weekly"/>.</param>
public sealed record CustomSeries(string Name, IReadOnlyList<double> Weekly);
