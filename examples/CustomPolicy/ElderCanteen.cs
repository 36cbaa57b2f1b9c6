using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;

namespace CustomPolicy;

/// <summary>
/// An elder canteen (D's merchants offer lunch care): older residents who eat there meet neighbours, so a
/// staff member or volunteer can invite them, and their belonging grows a little each week they come.
/// It acts on the mechanism (invitations, belonging), never on an outcome, on the whole population at
/// once: one call per tick, a loop over the arrays, no virtual call per resident.
/// </summary>
public sealed class ElderCanteen(string name, PolicySettings settings) : Policy(name, settings)
{
    /// <summary>The kind as scenarios name it: <c>elderCanteen</c>.</summary>
    public static PolicyKind Kind { get; } = new(
        "elderCanteen",
        "A community canteen for residents aged 60 and over (scale: the share who eat there). Diners can be invited " +
        "(inviteBoost) and gain belonging each week (belongingGain). Cost: unitCost yuan per diner per week.",
        [
            new PolicyParameter("inviteBoost", "Added weekly probability that a diner is personally invited.", 0.05, 0, 1),
            new PolicyParameter("belongingGain", "Share of the way to full belonging a diner moves each week.", 0.01, 0, 1),
        ],
        (name, s) => new ElderCanteen(name, s));

    private readonly List<int> _diners = [];

    /// <summary>Diners this week.</summary>
    public int Diners => _diners.Count;

    /// <inheritdoc />
    public override void SetLevers(PolicyContext c)
    {
        var pop = c.Population;
        float boost = (float)Kind.Parameter(Settings, "inviteBoost");
        _diners.Clear();
        c.Levers.TouchPerResident(); // per-resident levers changed: reset them next tick
        // Who eats at the canteen: InShare is a stable counter-based draw per resident and household, so the same
        // people come every week (and results stay the same on any number of threads).
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.AgeAt(i, c.Tick) < 60 || !InShare(c, i, Settings.Scale)) continue;
            _diners.Add(i);
            c.Levers.InviteBoost[i] = 1 - (1 - c.Levers.InviteBoost[i]) * (1 - boost);
        }
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext c)
    {
        float gain = (float)Kind.Parameter(Settings, "belongingGain");
        foreach (int i in _diners) c.Population.Belonging[i] += gain * (1 - c.Population.Belonging[i]);
        c.Spend(_diners.Count * Settings.UnitCost);
    }
}

/// <summary>Registers this assembly's policy kinds; the CLI calls it for <c>--plugin CustomPolicy.dll</c>.</summary>
public sealed class Provider : IPolicyProvider
{
    /// <inheritdoc />
    public void Register(PolicyCatalog catalog) => catalog.Register(ElderCanteen.Kind);
}
