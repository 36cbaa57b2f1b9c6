using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Residents;
using Participation.Rules;

namespace Participation.HighPerformance;

/// <summary>
/// The kernel of the reference decision rule (<see cref="StandardDecisionRule"/>), which a model runs when it is given
/// <see cref="DecisionRule.Standard"/>: eight residents at a time, the same operations in the same order as the scalar
/// formula lane by lane (no fused multiply-adds; the clamp compares exactly as Math.Clamp does), so the results are
/// bit-identical; the rest one at a time by the reference formula.
/// </summary>
internal sealed class StandardRuleKernel : DecisionRule
{
    /// <summary>The kernel (it keeps no state).</summary>
    public static StandardRuleKernel Instance { get; } = new();

    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    /// <inheritdoc />
    public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
    {
        var pop = inputs.Population;
        var weights = StandardDecisionRule.Weights.Of(inputs.Scenario.Decision);
        int t = inputs.Tick, first = inputs.First, n = utility.Length;
        StandardDecisionRule.Check(inputs, n);
        var w = weights.Decision;
        int k = Vector256.IsHardwareAccelerated
            ? Vectorised(pop, in w, t, first, n, inputs.Influence, inputs.Reward, utility, weights.Development, weights.AgeLimit, weights.WithoutCollege)
            : 0;
        for (; k < n; k++) utility[k] = StandardDecisionRule.Utility(pop, in weights, t, first + k, inputs.Influence[k], inputs.Reward[k]);
    }

    /// <summary>The vectorised body of <see cref="BaseUtilities"/>; returns how many residents it did (a multiple of 8).</summary>
    private static int Vectorised(Population pop, in DecisionWeights w, int t, int first, int n, ReadOnlySpan<float> influence,
        ReadOnlySpan<float> reward, Span<float> utility, float developmentWeight, float ageLimit, float withoutCollege)
    {
        // Bounds were checked by the caller: residents first .. first + n - 1 exist and the spans hold n values.
        ref int birth = ref MemoryMarshal.GetArrayDataReference(pop.BirthWeek);
        ref byte education = ref MemoryMarshal.GetArrayDataReference(pop.Education);
        ref float responsibility = ref MemoryMarshal.GetArrayDataReference(pop.Responsibility);
        ref float belonging = ref MemoryMarshal.GetArrayDataReference(pop.Belonging);
        ref float efficacy = ref MemoryMarshal.GetArrayDataReference(pop.Efficacy);
        ref float trust = ref MemoryMarshal.GetArrayDataReference(pop.Trust);
        ref float reciprocity = ref MemoryMarshal.GetArrayDataReference(pop.Reciprocity);
        ref float identity = ref MemoryMarshal.GetArrayDataReference(pop.Identity);
        ref float fatigue = ref MemoryMarshal.GetArrayDataReference(pop.Fatigue);
        ref float influence0 = ref MemoryMarshal.GetReference(influence);
        ref float reward0 = ref MemoryMarshal.GetReference(reward);
        ref float utility0 = ref MemoryMarshal.GetReference(utility);
        Vector256<float> intercept = Vector256.Create(w.Intercept), wR = Vector256.Create(w.Responsibility),
            wB = Vector256.Create(w.Belonging), wE = Vector256.Create(w.Efficacy), wT = Vector256.Create(w.Trust),
            wQ = Vector256.Create(w.Reciprocity), wI = Vector256.Create(w.Identity), wS = Vector256.Create(w.SocialInfluence),
            wP = Vector256.Create(w.Reward), wF = Vector256.Create(w.Fatigue);
        Vector256<float> limit = Vector256.Create(ageLimit), span = Vector256.Create(ageLimit - 18f), toYears = Vector256.Create(WeeksToYears),
            zero = Vector256<float>.Zero, one = Vector256<float>.One,
            notCollege = Vector256.Create(withoutCollege), devWeight = Vector256.Create(developmentWeight);
        Vector256<int> tick = Vector256.Create(t), three = Vector256.Create(3);
        int k = 0;
        for (; k + 8 <= n; k += 8)
        {
            nuint i = (nuint)(first + k), kk = (nuint)k;
            var age = Vector256.ConvertToSingle(tick - Vector256.LoadUnsafe(ref birth, i)) * toYears;
            var share = (limit - age) / span;
            share = Vector256.ConditionalSelect(Vector256.LessThan(share, zero), zero, share);  // Math.Clamp: 0 > x → 0,
            share = Vector256.ConditionalSelect(Vector256.GreaterThan(share, one), one, share); // else x > 1 → 1, else x
            var college = Vector256.Equals(Lanes.WidenBytes(ref education, i), three).AsSingle();
            var development = share * Vector256.ConditionalSelect(college, one, notCollege);
            var u = intercept + wR * Vector256.LoadUnsafe(ref responsibility, i);
            u += wB * Vector256.LoadUnsafe(ref belonging, i);
            u += wE * Vector256.LoadUnsafe(ref efficacy, i);
            u += wT * Vector256.LoadUnsafe(ref trust, i);
            u += wQ * Vector256.LoadUnsafe(ref reciprocity, i);
            u += wI * Vector256.LoadUnsafe(ref identity, i);
            u += wS * Vector256.LoadUnsafe(ref influence0, kk);
            u += wP * Vector256.LoadUnsafe(ref reward0, kk);
            u -= wF * Vector256.LoadUnsafe(ref fatigue, i);
            (u + devWeight * development).StoreUnsafe(ref utility0, kk);
        }
        return k;
    }
}
