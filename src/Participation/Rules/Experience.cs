using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Policies;
using Participation.Residents;

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

    /// <summary>
    /// The week's attitude updates of residents <paramref name="lo"/> to <paramref name="lo"/> + <c>q.Length</c> − 1:
    /// trust, reciprocity, belonging (before crowding out), efficacy, fatigue and identity, by the formulas above;
    /// children keep theirs. <c>q[k]</c> is the share of regulars among the co-participants of resident <c>lo + k</c>.
    /// Eight residents at a time, with the same operations in the same order lane by lane (no fused multiply-adds;
    /// minima and clamps compare exactly as MathF.Min and Math.Clamp do), so the results are bit-identical.
    /// </summary>
    internal static void Attitudes(Population pop, Levers levers, int lo, ReadOnlySpan<float> q, in AttitudeRates r)
    {
        int n = q.Length;
        if (lo < 0 || (uint)(lo + n) > (uint)pop.Count || (uint)(lo + n) > (uint)levers.CapacityFactor.Length
            || (uint)(lo + n) > (uint)levers.IdentityBonus.Length)
            throw new ArgumentOutOfRangeException(nameof(lo));
        int k = 0;
        if (Vector256.IsHardwareAccelerated) k = Attitudes8(pop, levers, lo, q, in r);
        var occupation = pop.Occupation; var participation = pop.ParticipationNow; var role = pop.Role;
        var trust = pop.Trust; var reciprocity = pop.Reciprocity; var belonging = pop.Belonging; var efficacy = pop.Efficacy;
        var fatigue = pop.Fatigue; var identity = pop.Identity;
        var capacityFactor = levers.CapacityFactor; var identityBonus = levers.IdentityBonus;
        for (; k < n; k++)
        {
            int i = lo + k;
            if (occupation[i] == Occupation.Child) continue;
            bool took = participation[i] > 0;
            bool backbone = role[i] >= Role.Backbone;
            trust[i] = TowardShare(trust[i], took, r.TrustRate, q[k], r.Drift, r.MeanTrust);
            reciprocity[i] = TowardShare(reciprocity[i], took, r.ReciprocityRate, q[k], r.Drift, r.MeanReciprocity);
            belonging[i] = Belonging(belonging[i], took, r.BelongingGain, r.BelongingDecay, r.MeanBelonging);
            efficacy[i] = Efficacy(efficacy[i], r.EfficacyRate, pop.GoodOutcomes[i], pop.Outcomes[i]);
            fatigue[i] = Fatigue(fatigue[i], r.Recovery, pop.HoursNow[i], r.Capacity * capacityFactor[i]);
            identity[i] = Identity(identity[i], took, r.IdentityGain + (backbone ? r.BackboneGain : 0f) + identityBonus[i], r.IdentityDecay);
        }
    }

    /// <summary>The vectorised body of <see cref="Attitudes"/>; returns how many residents it did (a multiple of 8).</summary>
    private static int Attitudes8(Population pop, Levers levers, int lo, ReadOnlySpan<float> q, in AttitudeRates r)
    {
        // Bounds were checked by the caller.
        int n = q.Length;
        ref byte occupation = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Occupation));
        ref byte participation = ref MemoryMarshal.GetArrayDataReference(pop.ParticipationNow);
        ref byte role = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Role));
        ref byte goodOutcomes = ref MemoryMarshal.GetArrayDataReference(pop.GoodOutcomes);
        ref byte outcomes = ref MemoryMarshal.GetArrayDataReference(pop.Outcomes);
        ref float trust = ref MemoryMarshal.GetArrayDataReference(pop.Trust);
        ref float reciprocity = ref MemoryMarshal.GetArrayDataReference(pop.Reciprocity);
        ref float belonging = ref MemoryMarshal.GetArrayDataReference(pop.Belonging);
        ref float efficacy = ref MemoryMarshal.GetArrayDataReference(pop.Efficacy);
        ref float fatigue = ref MemoryMarshal.GetArrayDataReference(pop.Fatigue);
        ref float identity = ref MemoryMarshal.GetArrayDataReference(pop.Identity);
        ref float hours = ref MemoryMarshal.GetArrayDataReference(pop.HoursNow);
        ref float capacityFactor = ref MemoryMarshal.GetArrayDataReference(levers.CapacityFactor);
        ref float identityBonus = ref MemoryMarshal.GetArrayDataReference(levers.IdentityBonus);
        ref float q0 = ref MemoryMarshal.GetReference(q);
        Vector256<float> zero = Vector256<float>.Zero, one = Vector256<float>.One;
        Vector256<float> trustRate = Vector256.Create(r.TrustRate), reciprocityRate = Vector256.Create(r.ReciprocityRate),
            drift = Vector256.Create(r.Drift), meanTrust = Vector256.Create(r.MeanTrust), meanReciprocity = Vector256.Create(r.MeanReciprocity),
            belongingGain = Vector256.Create(r.BelongingGain), belongingDecay = Vector256.Create(r.BelongingDecay),
            meanBelonging = Vector256.Create(r.MeanBelonging), efficacyRate = Vector256.Create(r.EfficacyRate),
            keep = Vector256.Create(1f - r.Recovery), capacity = Vector256.Create(r.Capacity),
            identityGain = Vector256.Create(r.IdentityGain), backboneGain = Vector256.Create(r.BackboneGain),
            identityDecay = Vector256.Create(r.IdentityDecay);
        Vector256<int> backboneRole = Vector256.Create((int)Role.Backbone);
        int k = 0;
        for (; k + 8 <= n; k += 8)
        {
            nuint i = (nuint)(lo + k), kk = (nuint)k;
            var adult = ~Vector256.Equals(Lanes.Bytes8(ref occupation, i), Vector256<int>.Zero).AsSingle();
            var took = Vector256.GreaterThan(Lanes.Bytes8(ref participation, i), Vector256<int>.Zero).AsSingle();
            var backbone = Vector256.GreaterThanOrEqual(Lanes.Bytes8(ref role, i), backboneRole).AsSingle();
            var share = Vector256.LoadUnsafe(ref q0, kk);

            // TowardShare: toward the share when the resident took part, else a drift toward the mean.
            var t = Vector256.LoadUnsafe(ref trust, i);
            var tNext = Vector256.ConditionalSelect(took, t + trustRate * (share - t), t + drift * (meanTrust - t));
            Vector256.ConditionalSelect(adult, tNext, t).StoreUnsafe(ref trust, i);
            var c = Vector256.LoadUnsafe(ref reciprocity, i);
            var cNext = Vector256.ConditionalSelect(took, c + reciprocityRate * (share - c), c + drift * (meanReciprocity - c));
            Vector256.ConditionalSelect(adult, cNext, c).StoreUnsafe(ref reciprocity, i);

            // Belonging.
            var b = Vector256.LoadUnsafe(ref belonging, i);
            var bNext = Vector256.ConditionalSelect(took, b + belongingGain * (one - b), b + belongingDecay * (meanBelonging - b));
            Vector256.ConditionalSelect(adult, bNext, b).StoreUnsafe(ref belonging, i);

            // Efficacy: one step per outcome, as many steps as the lane has outcomes (children have none).
            var e = Vector256.LoadUnsafe(ref efficacy, i);
            var count = Lanes.Bytes8(ref outcomes, i);
            if (Vector256.GreaterThanAny(count, Vector256<int>.Zero))
            {
                var good = Lanes.Bytes8(ref goodOutcomes, i);
                var eNext = e;
                for (int j = 0; Vector256.GreaterThanAny(count, Vector256.Create(j)); j++)
                {
                    var step = Vector256.Create(j);
                    var outcome = Vector256.ConditionalSelect(Vector256.GreaterThan(good, step).AsSingle(), one, zero);
                    eNext = Vector256.ConditionalSelect(Vector256.GreaterThan(count, step).AsSingle(), eNext + efficacyRate * (outcome - eNext), eNext);
                }
                Vector256.ConditionalSelect(adult, eNext, e).StoreUnsafe(ref efficacy, i);
            }

            // Fatigue: MathF.Min(1, x) is x unless x > 1 (a NaN stays NaN).
            var f = Vector256.LoadUnsafe(ref fatigue, i);
            var fNext = f * keep + Vector256.LoadUnsafe(ref hours, i) / (capacity * Vector256.LoadUnsafe(ref capacityFactor, i));
            fNext = Vector256.ConditionalSelect(Vector256.GreaterThan(fNext, one), one, fNext);
            Vector256.ConditionalSelect(adult, fNext, f).StoreUnsafe(ref fatigue, i);

            // Identity: the gain (capped at 1) when the resident took part, less the decay, clamped to [0, 1] as Math.Clamp does.
            var d = Vector256.LoadUnsafe(ref identity, i);
            var gain = identityGain + Vector256.ConditionalSelect(backbone, backboneGain, zero) + Vector256.LoadUnsafe(ref identityBonus, i);
            gain = Vector256.ConditionalSelect(Vector256.GreaterThan(gain, one), one, gain);
            var dNext = d + Vector256.ConditionalSelect(took, gain * (one - d), zero) - identityDecay * d;
            dNext = Vector256.ConditionalSelect(Vector256.LessThan(dNext, zero), zero, dNext);
            dNext = Vector256.ConditionalSelect(Vector256.GreaterThan(dNext, one), one, dNext);
            Vector256.ConditionalSelect(adult, dNext, d).StoreUnsafe(ref identity, i);
        }
        return k;
    }
}

/// <summary>The rates of the weekly attitude updates (<see cref="Experience.Attitudes"/>), converted to float once per block.</summary>
internal readonly record struct AttitudeRates(float TrustRate, float ReciprocityRate, float Drift, float MeanTrust, float MeanReciprocity,
    float BelongingGain, float BelongingDecay, float MeanBelonging, float EfficacyRate, float Recovery, float Capacity,
    float IdentityGain, float BackboneGain, float IdentityDecay);
