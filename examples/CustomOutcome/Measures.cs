using Participation.Residents;
using Participation.Simulation;

namespace CustomOutcomeExample;

/// <summary>
/// Two figures the library does not record, written as <see cref="CustomOutcome"/>s: who takes part at either end of
/// the life course. Study X's register is old (42 % aged 60 and over by the community workers' survey) and young (29 %
/// aged 30 or under); the weekly participation rate alone cannot say which of the two groups is carrying it.
/// </summary>
/// <remarks>
/// A measure is called once at the end of every reported week (after decisions, tasks, roles and turnover), with
/// <see cref="Model.Tick"/> still the week just run and <c>ParticipationNow</c> holding that week's participations.
/// It must only read the model: replications run side by side, each with its own model. One loop over the
/// population's arrays is all it needs.
/// </remarks>
public static class Measures
{
    /// <summary>Share of retired residents who took part at least once this week.</summary>
    public static CustomOutcome RetiredTakingPart { get; } = new("retired_taking_part", m =>
    {
        var pop = m.Population;
        var occupation = pop.Occupation; var now = pop.ParticipationNow;
        int retired = 0, taking = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            if (occupation[i] != Occupation.Retired) continue;
            retired++;
            if (now[i] != 0) taking++;
        }
        return retired == 0 ? double.NaN : taking / (double)retired; // NaN: undefined, skipped by the interval
    });

    /// <summary>Share of adults aged 18 to 34 who took part at least once this week.</summary>
    public static CustomOutcome YoungAdultsTakingPart { get; } = new("young_adults_taking_part", m =>
    {
        var pop = m.Population;
        var now = pop.ParticipationNow;
        int young = 0, taking = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            double age = pop.AgeAt(i, m.Tick);
            if (age < 18 || age >= 35) continue;
            young++;
            if (now[i] != 0) taking++;
        }
        return young == 0 ? double.NaN : taking / (double)young;
    });

    /// <summary>Both outcomes, in column order.</summary>
    public static IReadOnlyList<CustomOutcome> All { get; } = [RetiredTakingPart, YoungAdultsTakingPart];
}
