using Participation.Scenarios;
using Participation.Time;

namespace Participation.Outcomes;

/// <summary>Everything one replication produced: time series, register view, spells, spending.</summary>
/// <param name="Scenario">The scenario run.</param>
/// <param name="Seed">The replication's seed.</param>
/// <param name="Calendar">The run's calendar.</param>
/// <param name="Weekly">Weekly outcomes (from the scenario's reportFrom date).</param>
/// <param name="Monthly">Monthly outcomes.</param>
/// <param name="Annual">Annual outcomes.</param>
/// <param name="Spells">Backbone spells, ended and censored.</param>
/// <param name="Register">The register view at the register date (null if the run ended before it).</param>
/// <param name="PolicyNames">Names of the policies, in scenario order.</param>
/// <param name="SpentByPolicy">Yuan spent by each policy over the whole run.</param>
public sealed record RunResult(
    Scenario Scenario, ulong Seed, Calendar Calendar,
    IReadOnlyList<WeeklyRecord> Weekly, IReadOnlyList<MonthlyRecord> Monthly, IReadOnlyList<AnnualRecord> Annual,
    IReadOnlyList<TenureSpell> Spells, RegisterView? Register, IReadOnlyList<string> PolicyNames, IReadOnlyList<double> SpentByPolicy)
{
    /// <summary>
    /// The headline figures of the run, named and in a fixed order: the register view at the register date,
    /// last year's concentration, the backbones' monthly frequency pooled over the last 12 months, participation
    /// rates, attitudes (H's check) and money spent. Values are NaN where undefined (e.g. no backbones).
    /// </summary>
    public IReadOnlyList<SummaryFigure> Summary() => SummaryFigures.Of(this);

    /// <summary>The custom outcomes the model was created with (<see cref="Participation.Simulation.ModelExtensions.Outcomes"/>), week by week.</summary>
    public IReadOnlyList<CustomSeries> Custom { get; init; } = [];
}
