using System.Runtime.CompilerServices;
using Participation.Outcomes;
using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// Role transitions (docs/model.md phase 5): participation roles, who is eligible for a backbone role, when a
/// backbone leaves (burnout, early attrition, life events) or becomes a mentor, and entering a role.
/// </summary>
public static class Roles
{
    /// <summary>
    /// The participation role of a resident without a backbone role: inactive (none in 13 weeks),
    /// active (at least <paramref name="activeThreshold"/> in the last four weeks), else occasional.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Role ParticipationRole(int last4, int last13, int activeThreshold) =>
        last13 == 0 ? Role.Inactive : last4 >= activeThreshold ? Role.Active : Role.Occasional;

    /// <summary>
    /// Weekly exit hazard of a backbone:
    /// <c>h = (floor + new·e^(−identity/scale) + burn·max(0, fatigue − threshold))·factor</c>, capped at 1.
    /// The hazard falls steeply as identity forms, so early careers are short and a core stays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExitHazard(float identity, float fatigue, float floor, float newcomer, float identityScale,
        float burnout, float burnoutThreshold, float factor) =>
        MathF.Min(1f, (floor + newcomer * MathF.Exp(-identity / identityScale)
            + burnout * MathF.Max(0f, fatigue - burnoutThreshold)) * factor);

    /// <summary>
    /// Probability of accepting a role when invited: logit of efficacy plus identity, plus the self-development
    /// motive (a role is a chance to temper oneself: X), plus a duty term (a post offered through the party
    /// branch: <c>roles.acceptPartyDuty</c>), minus fatigue.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AcceptProbability(float intercept, float motivationWeight, float efficacy, float identity, float fatigue,
        float developmentWeight = 0f, float development = 0f, float duty = 0f) =>
        Decision.Probability(intercept + motivationWeight * (efficacy + identity) + developmentWeight * development + duty - 2f * fatigue);

    /// <summary>
    /// Roles the committee tries to fill this week: open roles × fill rate, lowered when it leans on a
    /// reliable few (X: relying on a few backbones suppresses the entry of new ones).
    /// </summary>
    public static double RolesToFill(int openRoles, double fillRate, double relianceSuppression, double lastTopShare) =>
        openRoles <= 0 ? 0 : openRoles * Math.Min(1, fillRate) * Math.Max(0, 1 - relianceSuppression * lastTopShare);

    /// <summary>Weight with which the committee hands a task to a backbone: past reliability to a power, less when fatigued.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TaskWeight(float reliability, float fatigue, double exponent) =>
        Math.Pow(0.5 + reliability, exponent) * (1.0 - 0.9 * fatigue);

    /// <summary>Weekly probability from a yearly one: <c>1 − (1 − p)^(1/52.18)</c>.</summary>
    public static double Weekly(double perYear) => 1 - Math.Pow(1 - Math.Min(perYear, 1), 1 / Population.WeeksPerYear);

    /// <summary>What <see cref="Update"/> reads of the week, converted once per chunk: the role settings as floats and the week's draws.</summary>
    internal readonly struct Parameters(Week w)
    {
        private readonly Scenarios.RoleSettings _r = w.Scenario.Roles;
        public readonly float ExitFloor = (float)w.Scenario.Roles.ExitFloor, ExitNew = (float)w.Scenario.Roles.ExitNew;
        public readonly float ExitScale = (float)w.Scenario.Roles.ExitIdentityScale, ExitBurnout = (float)w.Scenario.Roles.ExitBurnout;
        public readonly float BurnoutThreshold = (float)w.Scenario.Roles.BurnoutThreshold;
        public readonly int MentorWeeks = (int)Math.Round(w.Scenario.Roles.MentorServiceYears * Population.WeeksPerYear);
        public readonly CounterRandom Exit = new(w.Seed, w.Tick, Draws.Exit);
        public readonly CounterRandom Order = new(w.Seed, w.Tick, Draws.RecruitmentOrder);
        public int ActiveThreshold => _r.ActiveThreshold;
        public int EligibleMonths => _r.EligibleMonths;
        public int MentorProjects => _r.MentorProjects;
    }

    /// <summary>
    /// Adult <paramref name="i"/>'s role after its week's experience. A backbone (it held the role this year) leaves
    /// with the weekly hazard <see cref="ExitHazard"/> of its identity and fatigue, times L.exitHazardFactor_i: it is
    /// listed in the chunk's exits, applied after the phase (<see cref="ApplyExits"/>); one that stays becomes a mentor
    /// while a mentorship scheme runs, once it has served round(<c>roles.mentorServiceYears</c>·W) weeks and led
    /// <c>roles.mentorProjects</c> projects. Anyone else takes its participation role (<see cref="ParticipationRole"/>)
    /// and is eligible for a backbone role after <c>roles.eligibleMonths</c> months in a row with a participation
    /// (listed as a claimant with what recruitment reads: <see cref="Recruitment.ClaimantOf"/>).
    /// </summary>
    internal static void Update(Week w, int i, in Parameters p, Chunk chunk)
    {
        var pop = w.Population; int t = w.Tick;
        ref var totals = ref chunk.Totals;
        if (pop.Role[i] < Role.Backbone)
        {
            var next = ParticipationRole(pop.Last4[i], pop.Last13[i], p.ActiveThreshold);
            if (next != pop.Role[i]) { pop.Role[i] = next; pop.RoleSince[i] = t; }
            if (pop.MonthStreak[i] >= p.EligibleMonths) chunk.Claimants.Add(Recruitment.ClaimantOf(w, i, p.Order));
            return;
        }
        pop.HeldRoleThisYear[i] = 1;
        float identity = pop.Identity[i], fatigue = pop.Fatigue[i];
        float hazard = ExitHazard(identity, fatigue, p.ExitFloor, p.ExitNew, p.ExitScale, p.ExitBurnout, p.BurnoutThreshold, w.Levers.ExitHazardFactor[i]);
        if (p.Exit.UniformF(i) < hazard) { chunk.Exits.Add(i); totals.Exiting++; return; }
        totals.Backbones++;
        if (w.Levers.MentorshipRuns && pop.Role[i] == Role.Backbone && t - pop.BackboneSince[i] >= p.MentorWeeks && pop.ProjectsLed[i] >= p.MentorProjects)
        { pop.Role[i] = Role.Mentor; pop.RoleSince[i] = t; }
        if (pop.Role[i] == Role.Mentor) totals.Mentors++;
        totals.BackboneFatigue += fatigue;
        totals.BackboneIdentity += identity;
    }

    /// <summary>Backbones whose exit draw came up leave the role (in index order): the spell ends (exited, at t + 1) and the participation role follows.</summary>
    internal static int ApplyExits(Week w)
    {
        var pop = w.Population; int t = w.Tick;
        int exits = 0;
        foreach (var chunk in w.Chunks) // chunk order = index order, whatever the threads
            foreach (int i in chunk.Exits)
            {
                w.EndSpell(i, t + 1, SpellEnd.Exited);
                pop.Role[i] = ParticipationRole(pop.Last4[i], pop.Last13[i], w.Scenario.Roles.ActiveThreshold);
                pop.RoleSince[i] = t + 1;
                exits++;
            }
        return exits;
    }

    /// <summary>Resident <paramref name="i"/> accepted a backbone post in week <paramref name="t"/>: it holds it from the next week.</summary>
    internal static void EnterRole(Population pop, int i, int t)
    {
        pop.Role[i] = Role.Backbone; pop.RoleSince[i] = t + 1; pop.BackboneSince[i] = t + 1;
        pop.HeldRoleThisYear[i] = 1;
    }
}
