using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// Phase 0 (docs/model.md, "Year start: occupations"): in the first week of every calendar year after the first,
/// residents age into new occupations — children who reached 18, students who reached 23, workers who reached
/// retirement age draw one with the generator's rule — and a changed occupation redraws free hours.
/// </summary>
internal static class Occupations
{
    /// <summary>The year-start update of <paramref name="chunk"/>'s residents (each resident's draws are its own: chunks run in parallel).</summary>
    public static void Update(Week w, Chunk chunk)
    {
        var pop = w.Population; var demo = w.Scenario.Demography; int t = w.Tick;
        var occupation = new CounterRandom(w.Seed, t, Draws.OccupationChange);
        var hours = new CounterRandom(w.Seed, t, Draws.FreeHoursChange);
        var online = new CounterRandom(w.Seed, t, Draws.OnlineOnComingOfAge);
        for (int i = chunk.First; i < chunk.End; i++)
        {
            double age = pop.AgeAt(i, t);
            var current = pop.Occupation[i];
            if (current == Occupation.Retired) continue;
            if (current == Occupation.Student && age < 23) continue;
            if (current is Occupation.Employed or Occupation.NotEmployed && age < (pop.Female[i] == 1 ? demo.RetirementAgeWomen : demo.RetirementAgeMen)) continue;
            var next = PopulationGenerator.DrawOccupation(demo, age, pop.Female[i] == 1, occupation.Uniform(i), occupation.Uniform(i + pop.Count));
            if (next == Occupation.Student && current != Occupation.Child) next = Occupation.Employed; // a student outcome for a non-child
            if (next == current) continue;
            pop.Occupation[i] = next;
            pop.FreeHours[i] = (float)PopulationGenerator.FreeHours(demo, next, hours.Normal(i));
            // A child who comes of age joins the online groups as any adult would.
            if (current == Occupation.Child)
                pop.InOnlineGroup[i] = (byte)(online.Uniform(i) < w.Scenario.Network.OnlineGroupReach * pop.DigitalLiteracy[i] ? 1 : 0);
        }
    }
}
