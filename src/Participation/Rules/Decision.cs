using System.Runtime.CompilerServices;
using Participation.Scenarios;

namespace Participation.Rules;

/// <summary>
/// The decision to take part (MODEL.md phase 3), a logit:
/// <c>U = b0 + bR·responsibility + bB·belonging + bE·efficacy + bT·trust + bQ·reciprocity + bI·identity
/// + bS·influence + bP·reward − bF·fatigue</c> (the resident's base utility, shared by the week's activities)
/// plus, per activity, <c>appeal + bV·invited − bC·hours/free hours − bD·(1 − digital literacy)·[heard online only]</c>;
/// <c>P = 1 / (1 + e^−U)</c>. Age acts only through free hours and digital literacy.
/// </summary>
public static class Decision
{
    /// <summary>The part of the utility that does not depend on the activity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BaseUtility(DecisionSettings d, float responsibility, float belonging, float efficacy, float trust,
        float reciprocity, float identity, float influence, float reward, float fatigue) =>
        (float)d.Intercept + (float)d.Responsibility * responsibility + (float)d.Belonging * belonging
        + (float)d.Efficacy * efficacy + (float)d.Trust * trust + (float)d.Reciprocity * reciprocity
        + (float)d.Identity * identity + (float)d.SocialInfluence * influence + (float)d.Reward * reward
        - (float)d.Fatigue * fatigue;

    /// <summary>The activity-specific part of the utility.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ActivityUtility(DecisionSettings d, float appeal, bool invited, float hours, float freeHours,
        bool onlineOnly, float digitalLiteracy) =>
        appeal + (invited ? (float)d.Invited : 0f) - (float)d.TimeCost * hours / MathF.Max(freeHours, 0.25f)
        - (onlineOnly ? (float)d.DigitalBarrier * (1f - digitalLiteracy) : 0f);

    /// <summary>
    /// The self-development motive (X: the strongest motive of backbones is "tempering / improving oneself";
    /// taking part raised their abilities): 1 at 18, falling linearly to 0 at <paramref name="ageLimit"/>,
    /// and stronger with college education (×1) than without (×<paramref name="withoutCollege"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DevelopmentMotive(float age, bool college, float ageLimit, float withoutCollege) =>
        Math.Clamp((ageLimit - age) / (ageLimit - 18f), 0f, 1f) * (college ? 1f : withoutCollege);

    /// <summary>The logistic function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Probability(float utility) => 1f / (1f + MathF.Exp(-utility));
}
