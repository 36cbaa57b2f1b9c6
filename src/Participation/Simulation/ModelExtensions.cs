using Participation.Policies;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;

namespace Participation.Simulation;

/// <summary>
/// A researcher's own pieces, plugged into a model at creation: a decision rule replacing the participation
/// choice, outcomes recorded every week, and a population read from data instead of generated. (Policy kinds
/// are registered in a <see cref="PolicyCatalog"/>.)
/// Every piece is optional; an empty <see cref="ModelExtensions"/> gives the reference model.
/// </summary>
/// <example>
/// <code>
/// var extensions = new ModelExtensions
/// {
///     DecisionRule = new MyRule(),
///     Outcomes = [new CustomOutcome("retired_share_taking_part", m => MyMeasures.RetiredShare(m))],
///     Population = (scenario, seed) => PopulationTable.Read("residents.csv", scenario, seed),
/// };
/// var model = Model.Create(scenario, seed: 42, extensions: extensions);
/// </code>
/// </example>
public sealed record ModelExtensions
{
    /// <summary>The reference model: the standard rule, no extra outcomes, a generated population.</summary>
    public static ModelExtensions None { get; } = new();

    /// <summary>The participation choice (null: <see cref="DecisionRule.Standard"/>).</summary>
    public DecisionRule? DecisionRule { get; init; }

    /// <summary>Figures measured at the end of every reported week, kept in <see cref="Outcomes.RunResult.Custom"/>.</summary>
    public IReadOnlyList<CustomOutcome> Outcomes { get; init; } = [];

    /// <summary>Where the residents come from (null: <see cref="PopulationGenerator.Generate"/>).</summary>
    public PopulationSource? Population { get; init; }
}

/// <summary>Makes the population of a replication (e.g. <see cref="Residents.PopulationTable.Read(string, Scenario, ulong)"/>).</summary>
/// <param name="scenario">The scenario being run.</param>
/// <param name="seed">The replication's seed, for any attribute the source draws.</param>
public delegate Population PopulationSource(Scenario scenario, ulong seed);

/// <summary>
/// A figure of the researcher's own, measured once at the end of every reported week (after the week's
/// decisions, tasks, roles and turnover) and recorded beside the weekly outcomes. <paramref name="Measure"/>
/// is called once per week, not per resident: read the population's arrays in one loop. It must only read the
/// model; replications may call it from several threads, each with its own model.
/// </summary>
/// <remarks>
/// During the call <see cref="Model.Tick"/> is still the week just run (it advances after the measure) and
/// <see cref="Residents.Population.ParticipationNow"/> holds that week's participations (households that moved
/// out this week are already replaced by newcomers, who start with none). Values are kept in
/// <see cref="Outcomes.RunResult.Custom"/> and written by the experiments layer to <c>custom_weekly.csv</c>.
/// </remarks>
/// <param name="Name">Column name (letters, digits and underscores).</param>
/// <param name="Measure">The figure, from the model at the end of the week.</param>
public sealed record CustomOutcome(string Name, Func<Model, double> Measure)
{
    /// <summary>The column name.</summary>
    public string Name { get; } = IsColumnName(Name) ? Name
        : throw new ArgumentException($"custom outcome name \"{Name}\" must be letters, digits and underscores, starting with a letter", nameof(Name));

    private static bool IsColumnName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
