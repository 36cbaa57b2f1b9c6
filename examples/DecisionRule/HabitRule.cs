using Participation.Rules;

namespace DecisionRuleExample;

/// <summary>
/// A "habit" decision rule: the standard willingness to take part (docs/model.md, phase 3) plus a habit term that grows
/// with how often the resident took part in the last four weeks. Habit is the behavioural reading of X's small
/// long-serving core: people who come regularly keep coming, beyond what their attitudes alone would predict.
/// </summary>
/// <remarks>
/// <para>The model calls <see cref="BaseUtilities"/> once per block of up to 4,096 residents, from several threads
/// at once. So the rule keeps no mutable state (the weights are read-only), writes only the span it is given and
/// allocates nothing: one loop over the block, reading the population's arrays by index.</para>
/// <para>State carried from week to week (here, the count of recent participations) is read from the population,
/// which the model keeps up to date: <c>Population.Last4</c>.</para>
/// </remarks>
/// <param name="weight">Utility added for a resident who took part in each of the last four weeks (logit scale).</param>
public sealed class HabitRule(float weight) : DecisionRule
{
    /// <summary>Participations in the last four weeks at which the habit term is full (one a week).</summary>
    private const float FullHabit = 4f;

    /// <summary>The weight of a full habit, on the logit scale of the base utility.</summary>
    public float Weight { get; } = weight;

    /// <inheritdoc />
    public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
    {
        // Start from the reference rule, so the habit is an addition to the standard model, not a different one.
        Standard.BaseUtilities(inputs, utility);

        // utility[k] belongs to resident First + k; Last4 counts activities and tasks over the last four weeks.
        var last4 = inputs.Population.Last4;
        int first = inputs.First;
        for (int k = 0; k < utility.Length; k++)
            utility[k] += Weight * MathF.Min(last4[first + k], FullHabit) / FullHabit;
    }
}
