using System.Runtime.CompilerServices;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>Role transitions (MODEL.md phase 5).</summary>
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
}
