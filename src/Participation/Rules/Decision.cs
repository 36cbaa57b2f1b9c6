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
        BaseUtility(new DecisionWeights(d), responsibility, belonging, efficacy, trust, reciprocity, identity, influence, reward, fatigue);

    /// <summary>The part of the utility that does not depend on the activity, with the weights already converted (once per block of residents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BaseUtility(in DecisionWeights w, float responsibility, float belonging, float efficacy, float trust,
        float reciprocity, float identity, float influence, float reward, float fatigue) =>
        w.Intercept + w.Responsibility * responsibility + w.Belonging * belonging + w.Efficacy * efficacy + w.Trust * trust
        + w.Reciprocity * reciprocity + w.Identity * identity + w.SocialInfluence * influence + w.Reward * reward
        - w.Fatigue * fatigue;

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

/// <summary>The weights of <see cref="Decision.BaseUtility(in DecisionWeights, float, float, float, float, float, float, float, float, float)"/> as floats, converted once from the scenario's settings.</summary>
public readonly struct DecisionWeights
{
    /// <summary>Converts <paramref name="d"/>'s weights.</summary>
    public DecisionWeights(DecisionSettings d)
    {
        Intercept = (float)d.Intercept; Responsibility = (float)d.Responsibility; Belonging = (float)d.Belonging;
        Efficacy = (float)d.Efficacy; Trust = (float)d.Trust; Reciprocity = (float)d.Reciprocity; Identity = (float)d.Identity;
        SocialInfluence = (float)d.SocialInfluence; Reward = (float)d.Reward; Fatigue = (float)d.Fatigue;
    }

    /// <summary>b0.</summary>
    public float Intercept { get; }
    /// <summary>bR.</summary>
    public float Responsibility { get; }
    /// <summary>bB.</summary>
    public float Belonging { get; }
    /// <summary>bE.</summary>
    public float Efficacy { get; }
    /// <summary>bT.</summary>
    public float Trust { get; }
    /// <summary>bQ.</summary>
    public float Reciprocity { get; }
    /// <summary>bI.</summary>
    public float Identity { get; }
    /// <summary>bS.</summary>
    public float SocialInfluence { get; }
    /// <summary>bP.</summary>
    public float Reward { get; }
    /// <summary>bF.</summary>
    public float Fatigue { get; }
}
