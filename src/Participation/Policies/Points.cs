using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// A points scheme (X; YL's "labour in lieu of money"): residents earn points for what they do and redeem
/// them for rewards. The prospect of rewards enters the decision as <see cref="Levers.Reward"/>; where
/// belonging is low, rewards crowd out intrinsic motivation (the experience rule), as X warns ("completing
/// tasks and collecting rewards breeds boredom"). Rewards are redeemed on the last week of each month:
/// the highest reward a resident's points pay for. Cost: the yuan value of rewards redeemed.
/// </summary>
public sealed class Points(string name, PolicySettings settings) : Policy(name, settings)
{
    /// <summary>The kind as scenarios name it: <c>points</c> (X's rates by default).</summary>
    public static PolicyKind Kind { get; } = new(
        "points",
        "Points for taking part, redeemed for rewards (X: council meeting 10, organising an activity 20, mediating a dispute 15; " +
        "50 points = a supermarket voucher, 100 = a housekeeping service, 200 = priority for premium programmes). Acts on the decision " +
        "(reward value) and, through crowding out, on responsibility and belonging where belonging is low. Scale: share of adults covered. " +
        "Cost: the yuan value of rewards redeemed (assumption: 1 point is worth about 1 yuan).",
        [
            new PolicyParameter("perCouncil", "Points per council meeting attended (X: 10).", 10, 0, 1000),
            new PolicyParameter("perOrganised", "Points per activity or project organised (X: 20).", 20, 0, 1000),
            new PolicyParameter("perMediation", "Points per dispute mediated (X: 15).", 15, 0, 1000),
            new PolicyParameter("perActivity", "Points per community activity taken part in (YL's labour in lieu of money; X: none).", 0, 0, 1000),
            new PolicyParameter("perService", "Points per service in a volunteer team's activity (YL's labour in lieu of money rewards volunteers' labour; X: none).", 0, 0, 1000),
            new PolicyParameter("rewardUtility", "Utility of the prospect of rewards per participation (assumption: modest).", 0.4, 0, 10, "utility"),
            new PolicyParameter("tier1", "Points for the first reward (X: 50).", 50, 1, 100000),
            new PolicyParameter("tier1Yuan", "Yuan value of the first reward (a supermarket voucher; assumption).", 50, 0, 1e6, "yuan"),
            new PolicyParameter("tier2", "Points for the second reward (X: 100).", 100, 1, 100000),
            new PolicyParameter("tier2Yuan", "Yuan value of the second reward (a housekeeping service; assumption).", 100, 0, 1e6, "yuan"),
            new PolicyParameter("tier3", "Points for the third reward (X: 200).", 200, 1, 100000),
            new PolicyParameter("tier3Yuan", "Yuan value of the third reward (priority for a premium programme; assumption).", 200, 0, 1e6, "yuan"),
        ],
        (name, s) => new Points(name, s))
    {
        Scale = PolicyKind.ShareScale("The share of adults covered."),
    };

    private double P(string parameter) => Kind.Parameter(Settings, parameter);

    private bool Covered(PolicyContext c, int i) =>
        c.Population.Occupation[i] != Occupation.Child && InShare(c, i, Settings.Scale);

    private readonly List<int> _covered = [];

    /// <inheritdoc />
    public override void SetLevers(PolicyContext c)
    {
        c.Levers.TouchPerResident();
        float utility = (float)P("rewardUtility");
        _covered.Clear();
        for (int i = 0; i < c.Population.Count; i++)
            if (Covered(c, i)) { _covered.Add(i); c.Levers.Reward[i] += utility; }
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext c)
    {
        var pop = c.Population;
        double council = P("perCouncil"), organised = P("perOrganised"), mediation = P("perMediation"), activity = P("perActivity"), service = P("perService");
        bool monthEnd = c.Date.AddDays(7).Month != c.Date.Month;
        (double Points, double Yuan)[] tiers = [(P("tier3"), P("tier3Yuan")), (P("tier2"), P("tier2Yuan")), (P("tier1"), P("tier1Yuan"))];
        double yuan = 0;
        // Residents covered when the levers were set this week (a household that moved in since keeps no points).
        foreach (int i in _covered)
        {
            if (pop.Occupation[i] == Occupation.Child) continue;
            pop.Points[i] += (float)(council * pop.CouncilNow[i] + organised * pop.OrganisedNow[i] + mediation * pop.MediatedNow[i]
                + activity * pop.EventsNow[i] + service * pop.ServiceNow[i]);
            if (!monthEnd) continue;
            foreach (var (points, value) in tiers)
                if (pop.Points[i] >= points) { pop.Points[i] -= (float)points; yuan += value; break; }
        }
        if (yuan > 0) c.Spend(yuan);
    }
}
