using System.Runtime.CompilerServices;
using Participation.Policies;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// How the week's experience feeds back into a resident (docs/model.md, phase 4). Each function returns the
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

    /// <summary>
    /// Adult <paramref name="i"/>'s attitudes after the week, by the formulas above: trust and reciprocity toward
    /// <paramref name="q"/> (the share of regulars among its compound's participants), belonging, efficacy (one step
    /// per outcome), fatigue (capacity × L.capacityFactor_i) and identity (gain + the backbone's gain + L.identityBonus_i).
    /// </summary>
    internal static void UpdateAttitudes(Population pop, Levers levers, int i, float q, in AttitudeRates r)
    {
        bool took = pop.ParticipationNow[i] > 0;
        bool backbone = pop.Role[i] >= Role.Backbone;
        pop.Trust[i] = TowardShare(pop.Trust[i], took, r.TrustRate, q, r.Drift, r.MeanTrust);
        pop.Reciprocity[i] = TowardShare(pop.Reciprocity[i], took, r.ReciprocityRate, q, r.Drift, r.MeanReciprocity);
        pop.Belonging[i] = Belonging(pop.Belonging[i], took, r.BelongingGain, r.BelongingDecay, r.MeanBelonging);
        pop.Efficacy[i] = Efficacy(pop.Efficacy[i], r.EfficacyRate, pop.GoodOutcomes[i], pop.Outcomes[i]);
        pop.Fatigue[i] = Fatigue(pop.Fatigue[i], r.Recovery, pop.HoursNow[i], r.Capacity * levers.CapacityFactor[i]);
        pop.Identity[i] = Identity(pop.Identity[i], took, r.IdentityGain + (backbone ? r.BackboneGain : 0f) + levers.IdentityBonus[i], r.IdentityDecay);
    }

    /// <summary>
    /// Where rewards were offered and the resident took part: responsibility and belonging crowded out
    /// (<see cref="CrowdOut"/>, both judged by belonging after this week's update).
    /// </summary>
    internal static void CrowdOutWhereRewarded(Population pop, Levers levers, int i, float threshold, float rate)
    {
        float reward = levers.Reward[i];
        if (pop.ParticipationNow[i] == 0 || !(reward > 0f)) return;
        float belonging = pop.Belonging[i];
        pop.Responsibility[i] = CrowdOut(pop.Responsibility[i], reward, belonging, threshold, rate);
        pop.Belonging[i] = CrowdOut(belonging, reward, belonging, threshold, rate);
    }

    /// <summary>
    /// Resident <paramref name="i"/>'s history after week <paramref name="t"/>: the week's participations enter the
    /// 13-week ring and the sums over 4 and 13 weeks, the month's count and the year's tasks; reliability ←
    /// reliability · roles.reliabilityMemory + tasks this week; a participant's weak ties become active.
    /// </summary>
    internal static void UpdateHistory(Population pop, int i, int t, float reliabilityMemory)
    {
        int n = pop.ParticipationNow[i];
        long h = (long)i * Population.HistoryWeeks;
        int slot = t % Population.HistoryWeeks, slot4 = (t + Population.HistoryWeeks - 4) % Population.HistoryWeeks;
        pop.Last4[i] = (ushort)(pop.Last4[i] + n - pop.History[h + slot4]);
        pop.Last13[i] = (ushort)(pop.Last13[i] + n - pop.History[h + slot]);
        pop.History[h + slot] = (byte)n;
        if (n > 0)
        {
            pop.WeakTiesActive[i] = 1;
            pop.LastParticipation[i] = t;
            pop.MonthCount[i] = (ushort)Math.Min(ushort.MaxValue, pop.MonthCount[i] + n);
        }
        int tasks = pop.TasksNow[i];
        pop.TasksThisYear[i] = (ushort)Math.Min(ushort.MaxValue, pop.TasksThisYear[i] + tasks);
        pop.Reliability[i] = pop.Reliability[i] * reliabilityMemory + tasks;
    }

    /// <summary>The share q of regulars among this week's participants of <paramref name="compound"/> (1 with none).</summary>
    internal static float ShareOfRegulars(Week w, int compound)
    {
        int met = w.ParticipantsInCompound[compound];
        return met > 0 ? (float)w.RegularsInCompound[compound] / met : 1f;
    }
}

/// <summary>The rates of the weekly attitude updates (<see cref="Experience.UpdateAttitudes"/>), converted to float once per chunk.</summary>
internal readonly record struct AttitudeRates(float TrustRate, float ReciprocityRate, float Drift, float MeanTrust, float MeanReciprocity,
    float BelongingGain, float BelongingDecay, float MeanBelonging, float EfficacyRate, float Recovery, float Capacity,
    float IdentityGain, float BackboneGain, float IdentityDecay)
{
    /// <summary>The rates of <paramref name="w"/>'s scenario (<c>experience.*</c>) and its mean attitudes.</summary>
    public static AttitudeRates Of(Week w)
    {
        var x = w.Scenario.Experience;
        return new AttitudeRates((float)x.TrustRate, (float)x.ReciprocityRate, (float)x.DriftRate, w.MeanTrust, w.MeanReciprocity,
            (float)x.BelongingGain, (float)x.BelongingDecay, w.MeanBelonging, (float)x.EfficacyRate, (float)x.FatigueRecovery,
            (float)x.FatigueCapacityHours, (float)x.IdentityGain, (float)x.BackboneIdentityGain, (float)x.IdentityDecay);
    }
}
