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
    /// <summary>The reference rule of docs/model.md: the logit of <see cref="Decision"/> plus the self-development motive.</summary>
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

/// <summary>
/// The reference rule (docs/model.md phase 3): <see cref="Decision.BaseUtility(in DecisionWeights, float, float, float, float, float, float, float, float, float)"/>
/// plus the weighted self-development motive: <c>V_i = b0 + bR·responsibility + … − bF·fatigue + bY·D_i</c>. (A model
/// given this rule runs an equivalent vectorised body, <c>HighPerformance.StandardRuleKernel</c>, bit for bit the same.)
/// </summary>
internal sealed class StandardDecisionRule : DecisionRule
{
    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
    {
        var pop = inputs.Population;
        var weights = Weights.Of(inputs.Scenario.Decision); // converted once per block, not per resident
        int first = inputs.First, n = utility.Length;
        Check(inputs, n);
        for (int k = 0; k < n; k++) utility[k] = Utility(pop, in weights, inputs.Tick, first + k, inputs.Influence[k], inputs.Reward[k]);
    }

    /// <summary>Throws when the block lies outside the population or its inputs are shorter than the span.</summary>
    internal static void Check(in DecisionInputs inputs, int n)
    {
        if (inputs.First < 0 || (uint)(inputs.First + n) > (uint)inputs.Population.Count || inputs.Influence.Length < n || inputs.Reward.Length < n)
            throw new ArgumentOutOfRangeException(nameof(inputs), "the block lies outside the population or its inputs are shorter than the span");
    }

    /// <summary>V_i of resident <paramref name="i"/> in week <paramref name="t"/>.</summary>
    internal static float Utility(Population pop, in Weights w, int t, int i, float influence, float reward)
    {
        float development = Decision.DevelopmentMotive((t - pop.BirthWeek[i]) * WeeksToYears, pop.Education[i] == 3, w.AgeLimit, w.WithoutCollege);
        return Decision.BaseUtility(in w.Decision, pop.Responsibility[i], pop.Belonging[i], pop.Efficacy[i], pop.Trust[i], pop.Reciprocity[i],
            pop.Identity[i], influence, reward, pop.Fatigue[i]) + w.Development * development;
    }

    /// <summary>The rule's weights as floats, converted once per block.</summary>
    internal readonly struct Weights(DecisionSettings d)
    {
        /// <summary>b0 … bF.</summary>
        public readonly DecisionWeights Decision = new(d);
        /// <summary>bY, the weight of the self-development motive.</summary>
        public readonly float Development = (float)d.SelfDevelopment;
        /// <summary>A, the age at which the motive has gone.</summary>
        public readonly float AgeLimit = (float)d.DevelopmentAgeLimit;
        /// <summary>w, the motive's factor without college education.</summary>
        public readonly float WithoutCollege = (float)d.DevelopmentWithoutCollege;

        /// <summary>The weights of <paramref name="d"/>.</summary>
        public static Weights Of(DecisionSettings d) => new(d);
    }
}
