namespace Participation.Scenarios;

/// <summary>
/// How a scenario configures one policy: which kind, when it runs, how large it is and what it costs.
/// Kind-specific values go in <see cref="Parameters"/>, checked against the kind's declared parameters.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>Name of the policy kind (see <see cref="Participation.Policies.PolicyCatalog"/>); a scenario never names a .NET type.</summary>
    [Param("Name of the policy kind, e.g. registrationDrive (see the policy catalogue).")]
    public string Kind { get; init; } = "";

    /// <summary>False switches the policy off (for a do-nothing variant).</summary>
    [Param("False switches the policy off without removing it (for counterfactual variants).")]
    public bool Enabled { get; init; } = true;

    /// <summary>First day the policy acts.</summary>
    [Param("First day the policy acts (it acts in every week that starts on or after it).")]
    public DateOnly Start { get; init; } = DateOnly.MinValue;

    /// <summary>Last day the policy acts.</summary>
    [Param("Last day the policy acts.")]
    public DateOnly End { get; init; } = DateOnly.MaxValue;

    /// <summary>Scale: coverage, budget share or multiplier, as the kind defines it.</summary>
    [Param("Scale of the policy: coverage, multiplier or budget, as its kind defines; the kind also declares its range (see the policy kinds below).")]
    public double Scale { get; init; } = 1;

    /// <summary>Cost in yuan per unit the kind counts (per resident covered, per event, per week...).</summary>
    [Param("Cost in yuan per unit the kind counts.", Min = 0, Max = 1e12, Unit = "yuan")]
    public double UnitCost { get; init; }

    /// <summary>Kind-specific numeric parameters.</summary>
    [Param("Kind-specific numeric parameters, by name (see the policy catalogue).")]
    public IReadOnlyDictionary<string, double> Parameters { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the policy acts in the week starting <paramref name="weekStart"/>.</summary>
    public bool IsActive(DateOnly weekStart) => Enabled && weekStart >= Start && weekStart <= End;
}
