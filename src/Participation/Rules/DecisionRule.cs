using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Rules;

/// <summary>
/// The participation choice's seam: each week a rule gives every adult of a block of residents a base utility,
/// the part of the decision shared by all the week's activities. The model then adds each activity's own part
/// (<see cref="Decision.ActivityUtility"/>: appeal, invitation, time cost, digital barrier) and takes part with
/// probability <see cref="Decision.Probability"/> of the sum. Replacing the rule replaces who is willing to take
/// part; hearing, time budgets and everything downstream stay the model's.
/// </summary>
/// <remarks>
/// <para>The model calls <see cref="BaseUtilities"/> once per block of up to 4,096 residents (never per resident),
/// from several threads at once when it runs in parallel. A rule must therefore write only the span it is
/// given and keep no mutable state: results then stay bit-identical for any number of threads. State that must
/// carry from week to week belongs in the population or in a policy.</para>
/// <para>Utilities written for children are ignored.</para>
/// </remarks>
/// <example>
/// A Granovetter threshold rule: take part when enough ties took part last week.
/// <code>
/// sealed class ThresholdRule(float threshold) : DecisionRule
/// {
///     public override void BaseUtilities(in DecisionInputs inputs, Span&lt;float&gt; utility)
///     {
///         var influence = inputs.Influence;
///         for (int k = 0; k &lt; utility.Length; k++) utility[k] = influence[k] &gt;= threshold ? 20f : -20f;
///     }
/// }
/// var model = Model.Create(scenario, seed, extensions: new ModelExtensions { DecisionRule = new ThresholdRule(0.3f) });
/// </code>
/// </example>
public abstract class DecisionRule
{
    /// <summary>The reference rule of MODEL.md: the logit of <see cref="Decision"/> plus the self-development motive.</summary>
    public static DecisionRule Standard { get; } = new StandardDecisionRule();

    /// <summary>
    /// Writes the base utility of residents <see cref="DecisionInputs.First"/> to
    /// <see cref="DecisionInputs.First"/> + <c>utility.Length</c> − 1 into <paramref name="utility"/>
    /// (<c>utility[k]</c> belongs to resident <c>First + k</c>).
    /// </summary>
    /// <param name="inputs">The block's residents and what the week brought them.</param>
    /// <param name="utility">One utility per resident of the block.</param>
    public abstract void BaseUtilities(in DecisionInputs inputs, Span<float> utility);
}

/// <summary>What a <see cref="DecisionRule"/> reads for one block of residents in one week.</summary>
public readonly ref struct DecisionInputs
{
    internal DecisionInputs(Population population, Scenario scenario, int tick, int first,
        ReadOnlySpan<float> influence, ReadOnlySpan<float> reward)
    {
        Population = population; Scenario = scenario; Tick = tick; First = first; Influence = influence; Reward = reward;
    }

    /// <summary>The residents' state (attitudes, fatigue, identity, role, …), indexed by resident.</summary>
    public Population Population { get; }

    /// <summary>The scenario (its <see cref="Scenario.Decision"/> weights in particular).</summary>
    public Scenario Scenario { get; }

    /// <summary>The week being decided.</summary>
    public int Tick { get; }

    /// <summary>Index of the block's first resident.</summary>
    public int First { get; }

    /// <summary>
    /// Per resident of the block: the share of adult ties who took part last week, times the week's
    /// influence lever (0 with no adult ties).
    /// </summary>
    public ReadOnlySpan<float> Influence { get; }

    /// <summary>Per resident of the block: the reward policies offer this week (points, subsidies; 0 without).</summary>
    public ReadOnlySpan<float> Reward { get; }
}

/// <summary>The reference rule (MODEL.md phase 3): <see cref="Decision.BaseUtility(in DecisionWeights, float, float, float, float, float, float, float, float, float)"/> plus the weighted self-development motive.</summary>
internal sealed class StandardDecisionRule : DecisionRule
{
    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
    {
        var pop = inputs.Population; var d = inputs.Scenario.Decision;
        var influence = inputs.Influence; var reward = inputs.Reward;
        var w = new DecisionWeights(d); // converted once per block, not per resident
        float developmentWeight = (float)d.SelfDevelopment, ageLimit = (float)d.DevelopmentAgeLimit;
        float withoutCollege = (float)d.DevelopmentWithoutCollege;
        int t = inputs.Tick, first = inputs.First, n = utility.Length;
        if (first < 0 || (uint)(first + n) > (uint)pop.Count || influence.Length < n || reward.Length < n)
            throw new ArgumentOutOfRangeException(nameof(inputs), "the block lies outside the population or its inputs are shorter than the span");
        // Eight residents at a time: the same operations in the same order as the scalar formula below, lane by lane
        // (no fused multiply-adds; the clamp compares exactly as Math.Clamp does), so the results are bit-identical.
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
            k = BaseUtilities8(pop, in w, t, first, n, influence, reward, utility, developmentWeight, ageLimit, withoutCollege);
        var birth = pop.BirthWeek; var education = pop.Education; var responsibility = pop.Responsibility;
        var belonging = pop.Belonging; var efficacy = pop.Efficacy; var trust = pop.Trust; var reciprocity = pop.Reciprocity;
        var identity = pop.Identity; var fatigue = pop.Fatigue;
        for (; k < n; k++)
        {
            int i = first + k;
            float development = Decision.DevelopmentMotive((t - birth[i]) * WeeksToYears, education[i] == 3, ageLimit, withoutCollege);
            utility[k] = Decision.BaseUtility(in w, responsibility[i], belonging[i], efficacy[i], trust[i], reciprocity[i],
                identity[i], influence[k], reward[k], fatigue[i]) + developmentWeight * development;
        }
    }

    /// <summary>The vectorised body of <see cref="BaseUtilities"/>; returns how many residents it did (a multiple of 8).</summary>
    private static int BaseUtilities8(Population pop, in DecisionWeights w, int t, int first, int n, ReadOnlySpan<float> influence,
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
            var college = Vector256.Equals(Lanes.Bytes8(ref education, i), three).AsSingle();
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
