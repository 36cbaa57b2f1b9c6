using Participation.Randomness;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>Who a policy reaches.</summary>
public enum PolicyTarget
{
    /// <summary>Every adult.</summary>
    Adults,
    /// <summary>Backbones and mentors.</summary>
    Backbones,
    /// <summary>Backbones in their first six months (where most are lost: X).</summary>
    NewBackbones,
    /// <summary>Backbones under 35.</summary>
    YoungBackbones,
    /// <summary>Adults 60 and over.</summary>
    OlderAdults,
    /// <summary>Adults 18-34.</summary>
    YoungAdults,
    /// <summary>Party members.</summary>
    PartyMembers,
    /// <summary>Adults with college education, and retired party members: the skills a skills map looks for.</summary>
    Skilled,
    /// <summary>Adults under 50 living with someone 70 or over (YL: elders' children join as volunteers).</summary>
    ElderFamilies,
}

/// <summary>
/// A mechanism effect a policy recipe can have. Per-resident effects act on covered residents of the
/// target group; community effects act on everyone, in proportion to the policy's coverage.
/// </summary>
public enum Effect
{
    // Per covered resident, every active week.
    /// <summary>Backbone exit hazard × (1 − value).</summary>
    ExitReduction,
    /// <summary>Capacity before fatigue × (1 + value).</summary>
    CapacityGain,
    /// <summary>Reward utility per participation + value (crowds out where belonging is low).</summary>
    Reward,
    /// <summary>Identity gain in a week of taking part + value.</summary>
    IdentityBonus,
    /// <summary>Probability of being personally invited + value.</summary>
    InviteBoost,
    /// <summary>Weight in the committee's recruitment order × (1 + value).</summary>
    RecruitWeight,
    /// <summary>Monthly probability of being invited into a volunteer team + value (YL: the families of paired elders).</summary>
    TeamInvite,
    // Per covered resident, at each session (every `every` weeks; 0: once when the policy starts).
    /// <summary>Belonging += value·(1 − belonging) at each session.</summary>
    BelongingGain,
    /// <summary>Efficacy += value·(1 − efficacy) at each session.</summary>
    EfficacyGain,
    /// <summary>Identity += value·(1 − identity) at each session.</summary>
    IdentityGain,
    /// <summary>Digital literacy += value·(1 − literacy) at each session.</summary>
    DigitalGain,
    /// <summary>Probability of joining the building's online group at each session.</summary>
    JoinOnline,
    /// <summary>Probability of joining a club of the compound at each session.</summary>
    JoinClub,
    // Community-wide, scaled by coverage.
    /// <summary>Notice probability + value.</summary>
    NoticeBonus,
    /// <summary>Online reach × value.</summary>
    OnlineFactor,
    /// <summary>Backbone and staff invitations × value.</summary>
    InvitationFactor,
    /// <summary>Invitations per party member per week + value.</summary>
    PartyInvitations,
    /// <summary>Staff hours per week + value.</summary>
    StaffHours,
    /// <summary>Weight of social influence × value.</summary>
    InfluenceFactor,
    /// <summary>Time cost of activities × value.</summary>
    TimeCostFactor,
    /// <summary>Community activities offered × value.</summary>
    EventFactor,
    /// <summary>One extra activity in every compound in the week containing this day of the month (0: none).</summary>
    EventDay,
    /// <summary>Projects started × value.</summary>
    ProjectFactor,
    /// <summary>Tasks sent down × value.</summary>
    SentDownFactor,
    /// <summary>Heard probability += value·(1 − heard).</summary>
    HeardGain,
    /// <summary>Approval weeks capped at value.</summary>
    ApprovalWeeks,
    /// <summary>Weeks to solve a local problem × value.</summary>
    LocalSolveFactor,
    /// <summary>Reliability exponent of task allocation × value.</summary>
    TaskExponentFactor,
    /// <summary>Volunteer teams founded per year + value (times coverage).</summary>
    FoundTeams,
    /// <summary>Party volunteer squads founded per year + value (times coverage).</summary>
    FoundSquads,
    /// <summary>Invitations teams' members make × value.</summary>
    TeamInvitationFactor,
    /// <summary>Members a team leader can manage × value.</summary>
    LeaderCapacityFactor,
    /// <summary>Activities teams hold × value.</summary>
    TeamActivityFactor,
    /// <summary>Monthly probability that an unmanaged team becomes managed + value (times coverage).</summary>
    ManageTeams,
    /// <summary>Share of tasks sent down handed to property companies and merchants + value (times coverage).</summary>
    HandOver,
    /// <summary>Monthly probability that a compound without an owners' committee elects one + value (times coverage).</summary>
    ElectOwnersCommittees,
    /// <summary>Share of owners' committees' decisions taken in consultation + value (times coverage).</summary>
    OwnersConsultation,
    // Schedule and cost.
    /// <summary>Weeks between sessions of the session effects (0: once, when the policy starts).</summary>
    Every,
    /// <summary>Yuan per covered resident per session.</summary>
    SessionCost,
    /// <summary>Fixed yuan per year while the policy runs (platform upkeep, a coordinator).</summary>
    FixedCostPerYear,
}

/// <summary>
/// A policy kind written as data: a target group and the mechanism effects it has, with documented
/// defaults. Most levers of the five studies are recipes; <see cref="TargetedPolicy"/> carries them out.
/// </summary>
/// <param name="Name">Kind name in scenarios.</param>
/// <param name="Doc">What the lever is in the study and what it does in the model.</param>
/// <param name="Source">Study (X, T, H, YL, D) and where the effect sizes come from.</param>
/// <param name="Target">Who it reaches.</param>
/// <param name="Effects">Effects with their default values.</param>
public sealed record PolicyRecipe(string Name, string Doc, string Source, PolicyTarget Target, IReadOnlyDictionary<Effect, double> Effects)
{
    /// <summary>The policy kind of this recipe: its parameters are its effects (camelCase names).</summary>
    public PolicyKind ToKind() => new(Name, $"{Doc} Target: {Target}. Source: {Source}. Scale: the share of the target group covered (community effects scale with it). unitCost: yuan per covered resident per year.",
        Effects.Select(e => new PolicyParameter(ParameterName(e.Key), EffectDoc(e.Key), e.Value, EffectMin(e.Key), EffectMax(e.Key)) { WholeNumber = EffectWhole(e.Key) }).ToArray(),
        (name, settings) => new TargetedPolicy(name, settings, this))
    {
        Scale = PolicyKind.ShareScale("The share of the target group covered (community effects scale with it)."),
    };

    internal static string ParameterName(Effect e) => char.ToLowerInvariant(e.ToString()[0]) + e.ToString()[1..];

    private static double EffectMin(Effect e) => 0;

    /// <summary>Effects counted in whole weeks or days of the month (a fraction would have to be rounded).</summary>
    private static bool EffectWhole(Effect e) => e is Effect.Every or Effect.EventDay;

    private static double EffectMax(Effect e) => e switch
    {
        Effect.ExitReduction or Effect.InviteBoost or Effect.BelongingGain or Effect.EfficacyGain or Effect.IdentityGain
            or Effect.DigitalGain or Effect.JoinOnline or Effect.JoinClub or Effect.NoticeBonus or Effect.HeardGain
            or Effect.IdentityBonus or Effect.TeamInvite or Effect.ManageTeams or Effect.HandOver
            or Effect.ElectOwnersCommittees or Effect.OwnersConsultation => 1,
        Effect.EventDay => 28,
        Effect.Every or Effect.ApprovalWeeks => 520,
        _ => 1e9,
    };

    internal static string EffectDoc(Effect e) => e switch
    {
        Effect.ExitReduction => "Covered backbones' exit hazard is multiplied by (1 - value).",
        Effect.CapacityGain => "Covered residents' capacity for work before fatigue is multiplied by (1 + value).",
        Effect.Reward => "Reward utility offered per participation to covered residents (crowds out where belonging is low).",
        Effect.IdentityBonus => "Added to covered residents' identity gain in a week they take part.",
        Effect.InviteBoost => "Added probability that a covered resident is personally invited each week.",
        Effect.RecruitWeight => "Covered residents' weight in the committee's recruitment order is multiplied by (1 + value).",
        Effect.BelongingGain => "At each session covered residents' belonging moves this share of the way to 1.",
        Effect.EfficacyGain => "At each session covered residents' efficacy moves this share of the way to 1.",
        Effect.IdentityGain => "At each session covered residents' identity moves this share of the way to 1.",
        Effect.DigitalGain => "At each session covered residents' digital literacy moves this share of the way to 1.",
        Effect.JoinOnline => "At each session a covered adult joins the building's online group with this probability.",
        Effect.JoinClub => "At each session a covered adult without a club joins one of the compound's clubs with this probability.",
        Effect.NoticeBonus => "Added to the probability that a notice reaches a resident (times coverage).",
        Effect.OnlineFactor => "Multiplies the reach of online posts (1 + (value - 1) x coverage).",
        Effect.InvitationFactor => "Multiplies invitations by backbones and staff (1 + (value - 1) x coverage).",
        Effect.PartyInvitations => "Invitations each party member makes per week over its ties (times coverage).",
        Effect.StaffHours => "Staff hours added per week (times coverage).",
        Effect.InfluenceFactor => "Multiplies the weight of social influence (1 + (value - 1) x coverage).",
        Effect.TimeCostFactor => "Multiplies the time cost of activities (1 + (value - 1) x coverage).",
        Effect.EventFactor => "Multiplies community activities offered (1 + (value - 1) x coverage).",
        Effect.EventDay => "One extra activity in every compound in the week containing this day of the month (0: none).",
        Effect.ProjectFactor => "Multiplies projects started (1 + (value - 1) x coverage).",
        Effect.SentDownFactor => "Multiplies tasks sent down by higher levels (1 + (value - 1) x coverage).",
        Effect.HeardGain => "Heard probability moves this share of the way to 1 (times coverage).",
        Effect.ApprovalWeeks => "Approvals take at most this many weeks.",
        Effect.LocalSolveFactor => "Multiplies the weeks to solve a local problem (1 + (value - 1) x coverage).",
        Effect.TaskExponentFactor => "Multiplies the reliability exponent of task allocation (1 + (value - 1) x coverage).",
        Effect.TeamInvite => "Monthly probability that a volunteer invites a covered adult into its team.",
        Effect.FoundTeams => "Volunteer teams founded per year, each managed (times coverage).",
        Effect.FoundSquads => "Party volunteer squads founded per year, each managed (times coverage).",
        Effect.TeamInvitationFactor => "Multiplies the invitations teams' members make (1 + (value - 1) x coverage).",
        Effect.LeaderCapacityFactor => "Multiplies the members a team leader can manage (1 + (value - 1) x coverage).",
        Effect.TeamActivityFactor => "Multiplies the activities teams hold (1 + (value - 1) x coverage).",
        Effect.ElectOwnersCommittees => "Monthly probability that a compound without an owners' committee elects one (times coverage).",
        Effect.OwnersConsultation => "Share of the decisions an owners' committee would take alone that it takes in consultation instead, keeping its credibility (times coverage).",
        Effect.HandOver => "Share of the tasks sent down that the committee hands to property companies and merchants instead of doing them (times coverage).",
        Effect.ManageTeams => "Monthly probability that an unmanaged team becomes managed: its tasks get content and a standard (times coverage).",
        Effect.Every => "Weeks between sessions (0: one session when the policy starts).",
        Effect.SessionCost => "Yuan per covered resident per session.",
        Effect.FixedCostPerYear => "Fixed yuan per year while the policy runs.",
        _ => e.ToString(),
    };
}

/// <summary>Carries out a <see cref="PolicyRecipe"/>: finds the covered residents of its target group and applies its effects.</summary>
public sealed class TargetedPolicy : Policy
{
    private readonly PolicyRecipe _recipe;
    private readonly double[] _value = new double[Enum.GetValues<Effect>().Length];
    private readonly bool[] _has = new bool[Enum.GetValues<Effect>().Length];
    private int _firstTick = -1;

    /// <summary>Creates the policy <paramref name="name"/> from its settings and recipe.</summary>
    public TargetedPolicy(string name, PolicySettings settings, PolicyRecipe recipe) : base(name, settings)
    {
        _recipe = recipe;
        foreach (var (effect, value) in recipe.Effects)
        {
            _has[(int)effect] = true;
            _value[(int)effect] = settings.Parameters.TryGetValue(PolicyRecipe.ParameterName(effect), out var v) ? v : value;
        }
    }

    /// <summary>The recipe.</summary>
    public PolicyRecipe Recipe => _recipe;

    /// <inheritdoc />
    /// <remarks>The week the policy first acted: its sessions are counted from it.</remarks>
    public override void SaveState(BinaryWriter writer) => writer.Write(_firstTick);

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader) => _firstTick = reader.ReadInt32();

    /// <summary>Share of the target group covered (the loader holds the scale to [0, 1]).</summary>
    public double Coverage => Settings.Scale;

    private double V(Effect e) => _value[(int)e];
    private bool Has(Effect e) => _has[(int)e];
    private double Factor(Effect e) => Has(e) ? 1 + (V(e) - 1) * Coverage : 1;

    /// <summary>True when resident <paramref name="i"/> belongs to the target group and is covered.</summary>
    public bool Covers(PolicyContext context, int i) => Targets(context, i) && Covered(context, i);

    private bool Covered(PolicyContext c, int i) => InShare(c, i, Coverage);

    private bool Targets(PolicyContext c, int i)
    {
        var pop = c.Population;
        if (pop.Occupation[i] == Occupation.Child) return false;
        return _recipe.Target switch
        {
            PolicyTarget.Adults => true,
            PolicyTarget.Backbones => pop.Role[i] >= Role.Backbone,
            PolicyTarget.NewBackbones => pop.Role[i] >= Role.Backbone && c.Tick - pop.BackboneSince[i] < 26,
            PolicyTarget.YoungBackbones => pop.Role[i] >= Role.Backbone && pop.AgeAt(i, c.Tick) < 35,
            PolicyTarget.OlderAdults => pop.AgeAt(i, c.Tick) >= 60,
            PolicyTarget.YoungAdults => pop.AgeAt(i, c.Tick) < 35,
            PolicyTarget.PartyMembers => pop.PartyMember[i] != 0,
            PolicyTarget.Skilled => pop.Education[i] == 3 || (pop.PartyMember[i] != 0 && pop.Occupation[i] == Occupation.Retired),
            PolicyTarget.ElderFamilies => pop.AgeAt(i, c.Tick) < 50
                && (c.Tick - pop.HouseholdOldestBirthWeek[pop.Household[i]]) / Population.WeeksPerYear >= 70,
            _ => false,
        };
    }

    /// <summary>The residents covered this week, found once when the levers are set and used again to settle.</summary>
    private readonly List<int> _covered = [];

    private void FindCovered(PolicyContext c)
    {
        _covered.Clear();
        for (int i = 0; i < c.Population.Count; i++)
            if (Covers(c, i)) _covered.Add(i);
    }

    /// <inheritdoc />
    public override void SetLevers(PolicyContext c)
    {
        if (_firstTick < 0) _firstTick = c.Tick;
        FindCovered(c);
        var L = c.Levers;
        double cov = Coverage;
        if (Has(Effect.NoticeBonus)) L.NoticeBonus += V(Effect.NoticeBonus) * cov;
        L.OnlineFactor *= Factor(Effect.OnlineFactor);
        L.InvitationFactor *= Factor(Effect.InvitationFactor);
        if (Has(Effect.PartyInvitations)) L.PartyInvitations += V(Effect.PartyInvitations) * cov;
        if (Has(Effect.StaffHours)) L.StaffHoursBonus += V(Effect.StaffHours) * cov;
        L.InfluenceFactor *= Factor(Effect.InfluenceFactor);
        L.TimeCostFactor *= Factor(Effect.TimeCostFactor);
        L.EventFactor *= Factor(Effect.EventFactor);
        if (Has(Effect.EventDay) && V(Effect.EventDay) >= 1 && Time.Calendar.WeekContains(c.Date, (int)V(Effect.EventDay))) L.ExtraEvents += 1;
        L.ProjectFactor *= Factor(Effect.ProjectFactor);
        L.SentDownFactor *= Factor(Effect.SentDownFactor);
        if (Has(Effect.HeardGain)) L.HeardProbability += V(Effect.HeardGain) * cov * (1 - L.HeardProbability);
        if (Has(Effect.ApprovalWeeks)) L.ApprovalWeeks = Math.Min(L.ApprovalWeeks, V(Effect.ApprovalWeeks));
        L.LocalSolveWeeks *= Factor(Effect.LocalSolveFactor);
        L.TaskExponentFactor *= Factor(Effect.TaskExponentFactor);
        if (Has(Effect.FoundTeams)) L.TeamsToFound += V(Effect.FoundTeams) * cov;
        if (Has(Effect.FoundSquads)) L.SquadsToFound += V(Effect.FoundSquads) * cov;
        L.TeamInvitationFactor *= Factor(Effect.TeamInvitationFactor);
        L.LeaderCapacityFactor *= Factor(Effect.LeaderCapacityFactor);
        L.TeamActivityFactor *= Factor(Effect.TeamActivityFactor);
        if (Has(Effect.ElectOwnersCommittees)) L.OwnersElection += V(Effect.ElectOwnersCommittees) * cov;
        if (Has(Effect.OwnersConsultation)) L.OwnersConsultation = 1 - (1 - L.OwnersConsultation) * (1 - V(Effect.OwnersConsultation) * cov);
        if (Has(Effect.HandOver)) L.HandOverShare = 1 - (1 - L.HandOverShare) * (1 - V(Effect.HandOver) * cov);
        if (Has(Effect.ManageTeams)) L.TeamManagement = 1 - (1 - L.TeamManagement) * (1 - V(Effect.ManageTeams) * cov);

        bool perResident = Has(Effect.ExitReduction) || Has(Effect.CapacityGain) || Has(Effect.Reward) || Has(Effect.IdentityBonus)
            || Has(Effect.InviteBoost) || Has(Effect.RecruitWeight) || Has(Effect.TeamInvite);
        if (!perResident) return;
        L.TouchPerResident();
        float exit = (float)(1 - V(Effect.ExitReduction)), capacity = (float)(1 + V(Effect.CapacityGain));
        float reward = (float)V(Effect.Reward), identity = (float)V(Effect.IdentityBonus), invite = (float)V(Effect.InviteBoost);
        float recruit = (float)(1 + V(Effect.RecruitWeight)), teamInvite = (float)V(Effect.TeamInvite);
        foreach (int i in _covered)
        {
            L.ExitHazardFactor[i] *= exit;
            L.CapacityFactor[i] *= capacity;
            L.Reward[i] += reward;
            L.IdentityBonus[i] += identity;
            L.InviteBoost[i] = 1 - (1 - L.InviteBoost[i]) * (1 - invite);
            L.RecruitWeight[i] *= recruit;
            L.TeamInvite[i] = 1 - (1 - L.TeamInvite[i]) * (1 - teamInvite);
        }
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext c)
    {
        var pop = c.Population;
        int weeks = c.Tick - _firstTick;
        int every = (int)V(Effect.Every); // a whole number of weeks: the loader refuses fractions
        bool session = (Has(Effect.BelongingGain) || Has(Effect.EfficacyGain) || Has(Effect.IdentityGain) || Has(Effect.DigitalGain)
            || Has(Effect.JoinOnline) || Has(Effect.JoinClub)) && (every <= 0 ? weeks == 0 : weeks % every == 0);
        var join = Draws(c, c.Tick, 1);
        var pick = Draws(c, c.Tick, 2);
        int covered = _covered.Count;
        // Sessions nudge the residents covered this week.
        if (session)
        {
            foreach (int i in _covered)
            {
                pop.Belonging[i] += (float)(V(Effect.BelongingGain) * (1 - pop.Belonging[i]));
                pop.Efficacy[i] += (float)(V(Effect.EfficacyGain) * (1 - pop.Efficacy[i]));
                pop.Identity[i] += (float)(V(Effect.IdentityGain) * (1 - pop.Identity[i]));
                pop.DigitalLiteracy[i] += (float)(V(Effect.DigitalGain) * (1 - pop.DigitalLiteracy[i]));
                if (Has(Effect.JoinOnline) && join.Uniform(i) < V(Effect.JoinOnline)) pop.InOnlineGroup[i] = 1;
                if (Has(Effect.JoinClub) && pop.Club[i] < 0 && join.Uniform(i + pop.Count) < V(Effect.JoinClub))
                {
                    int compound = pop.Compound[i], first = pop.ClubFirst[compound], clubs = pop.ClubFirst[compound + 1] - first;
                    if (clubs > 0) pop.Club[i] = first + (int)(pick.Uniform(i) * clubs);
                }
            }
        }
        double yuan = covered * Settings.UnitCost / Population.WeeksPerYear + V(Effect.FixedCostPerYear) / Population.WeeksPerYear;
        if (session) yuan += covered * V(Effect.SessionCost);
        if (yuan > 0) c.Spend(yuan);
    }
}
