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
    /// <summary>Adults at the last tick (used for staff outreach per adult).</summary>
    internal int LastAdults { get; set; }
}
