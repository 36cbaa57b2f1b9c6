using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// A registration drive: for its dates the committee multiplies the backbone roles it fills
/// (<see cref="Levers.SlotFactor"/> = scale) and fills open roles faster. Scenarios use it to carry a
/// community's recent history (docs/model.md: X's register, 65 % under six months, reads like a recent drive).
/// Cost: <c>unitCost</c> yuan per backbone registered while it runs.
/// </summary>
public sealed class RegistrationDrive(string name, PolicySettings settings, double fillFactor) : Policy(name, settings)
{
    /// <summary>The kind as scenarios name it: <c>registrationDrive</c>.</summary>
    public static PolicyKind Kind { get; } = new(
        "registrationDrive",
        "Multiplies the backbone roles the committee fills by `scale` and its weekly fill rate by `fillFactor` while it runs " +
        "(a recruitment or registration campaign). Acts on recruitment (roles rule). Cost: unitCost per backbone registered.",
        [new PolicyParameter("fillFactor", "Multiplier of the share of open roles filled each week.", 2, 0, 100, "factor")],
        (name, s) => new RegistrationDrive(name, s, Kind!.Parameter(s, "fillFactor")))
    {
        Scale = new PolicyParameter("scale", "The factor on the backbone roles the committee fills.", 1, 0, 100, "factor"),
    };

    /// <inheritdoc />
    public override void SetLevers(PolicyContext context)
    {
        context.Levers.SlotFactor *= Settings.Scale;
        context.Levers.FillRateFactor *= fillFactor;
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext context)
    {
        if (Settings.UnitCost <= 0) return;
        var since = context.Population.BackboneSince;
        int registered = 0;
        // Recruits of this week start serving next week (BackboneSince = tick + 1).
        for (int i = 0; i < since.Length; i++) if (since[i] == context.Tick + 1) registered++;
        context.Spend(registered * Settings.UnitCost);
    }
}
