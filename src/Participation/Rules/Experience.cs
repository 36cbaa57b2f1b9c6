using System.Runtime.CompilerServices;

namespace Participation.Rules;

/// <summary>
/// How the week's experience feeds back into a resident (MODEL.md phase 4). Each function returns the
/// next value of one state variable; all stay in [0, 1].
/// </summary>
public static class Experience
{
    /// <summary>
    /// Efficacy (H's loop): moves toward 1 for each participation with a good outcome (heard, solved,
    /// visibly achieved) and toward 0 for each with a bad one: <c>e += a·(outcome − e)</c> per outcome.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Efficacy(float efficacy, float rate, int good, int outcomes)
    {
        for (int k = 0; k < outcomes; k++) efficacy += rate * ((k < good ? 1f : 0f) - efficacy);
        return efficacy;
    }

    /// <summary>
    /// Trust or reciprocity (T: strangers become acquaintances): toward <paramref name="reciprocating"/>, the
    /// share of the resident's ties who took part recently, when the resident took part; otherwise a slow
    /// drift toward the scenario's mean.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TowardShare(float value, bool tookPart, float rate, float reciprocating, float drift, float mean) =>
        tookPart ? value + rate * (reciprocating - value) : value + drift * (mean - value);

    /// <summary>Belonging grows with taking part (toward 1) and decays slowly toward the mean otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Belonging(float belonging, bool tookPart, float gain, float decay, float mean) =>
        tookPart ? belonging + gain * (1f - belonging) : belonging + decay * (mean - belonging);

    /// <summary>
    /// Fatigue (job demands–resources): <c>f = f·(1 − recovery) + hours / capacity</c>, capped at 1;
    /// resources (training, insurance, a mentor) raise capacity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Fatigue(float fatigue, float recovery, float hours, float capacityHours) =>
        MathF.Min(1f, fatigue * (1f - recovery) + hours / capacityHours);

    /// <summary>Role identity: <c>i += gain·[took part]·(1 − i) − decay·i</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Identity(float identity, bool tookPart, float gain, float decay) =>
        Math.Clamp(identity + (tookPart ? MathF.Min(1f, gain) * (1f - identity) : 0f) - decay * identity, 0f, 1f);

    /// <summary>
    /// Crowding out (X; Deci, Koestner &amp; Ryan 1999; Frey &amp; Jegen 2001): when rewards were offered and
    /// belonging is below the threshold, intrinsic motivation erodes in proportion to the reward's weight
    /// in the decision; with high belonging rewards acknowledge and do not crowd out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CrowdOut(float value, float reward, float belonging, float threshold, float rate) =>
        reward > 0f && belonging < threshold ? value * (1f - rate * MathF.Min(1f, reward)) : value;
}
