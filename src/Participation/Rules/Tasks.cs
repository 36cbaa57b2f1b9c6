using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// Phase 3b (docs/model.md, "Task allocation"): the committee calls whoever said yes before (X: the top 10 % carry 63 %
/// of tasks). Every backbone b, role as at the start of the week, weighs
/// <c>w_b = (0.5 + reliability_b)^(roles.taskReliabilityExponent · L.taskExponentFactor) · (1 − 0.9·fatigue_b)</c>, and
/// the week's tasks go one by one to a backbone drawn with probability w_b / Σw.
/// </summary>
internal static class Tasks
{
    /// <summary>
    /// Lists the backbones in index order with the running total of their weights (<see cref="Roles.TaskWeight"/>),
    /// for <see cref="Hand"/>; returns the total.
    /// </summary>
    public static double ListBackbones(Week w, List<int> backbones, List<double> runningTotal)
    {
        var pop = w.Population;
        double exponent = TaskExponent(w), total = 0;
        backbones.Clear(); runningTotal.Clear();
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.Role[i] < Role.Backbone) continue;
            total += Roles.TaskWeight(pop.Reliability[i], pop.Fatigue[i], exponent);
            backbones.Add(i);
            runningTotal.Add(total);
        }
        return total;
    }

    /// <summary>The exponent of reliability in the task weights: roles.taskReliabilityExponent · L.taskExponentFactor.</summary>
    public static double TaskExponent(Week w) => w.Scenario.Roles.TaskReliabilityExponent * w.Levers.TaskExponentFactor;

    /// <summary>
    /// This week's participants and regulars in each compound (<see cref="Week.ParticipantsInCompound"/>), from the
    /// runs the decisions counted chunk by chunk: whom a participant meets and finds reciprocating (phase 4).
    /// </summary>
    public static void CountParticipants(Week w)
    {
        Array.Clear(w.ParticipantsInCompound); Array.Clear(w.RegularsInCompound);
        foreach (var chunk in w.Chunks)
            foreach (var run in chunk.Participants)
            {
                w.ParticipantsInCompound[run.Compound] += run.Participants;
                w.RegularsInCompound[run.Compound] += run.Regulars;
            }
    }

    /// <summary>
    /// Hands this week's tasks to the <paramref name="backbones"/> (index order, with the running total of their
    /// weights), each to the first whose running total exceeds u·Σw: one organising task per community activity offered
    /// (an outcome, good with probability <c>activities.eventSuccess</c>), one per dispute (mediation, an outcome), one
    /// per project (an outcome; projects led + 1), one per task sent down to the committee beyond the staff's capacity (no outcome). A task
    /// adds a participation and its hours, whatever the backbone's free hours. Returns the tasks handed out (none
    /// without backbones).
    /// </summary>
    public static int Hand(Week w, List<int> backbones, List<double> runningTotal, double total)
    {
        if (backbones.Count == 0 || total <= 0) return 0;
        var pop = w.Population; var s = w.Scenario; var admin = s.Administration; var offer = w.Offer;
        var draw = new CounterRandom(w.Seed, w.Tick, Draws.TaskAssignment);
        var succeeds = new CounterRandom(w.Seed, w.Tick, Draws.TaskSucceeds);
        int n = 0;
        // A backbone's weekly counters stop at 255 tasks: a week cannot hand out more than that to every backbone, so a
        // factor on tasks sent down or projects (up to 1e9, and policies multiply) never makes the week's loop unbounded.
        long capacity = 255L * backbones.Count;
        void Assign(int count, double hours, bool withOutcome, bool project, byte[]? kind)
        {
            count = (int)Math.Min(count, Math.Max(0, capacity - n));
            for (int k = 0; k < count; k++, n++)
            {
                double u = draw.Uniform(n) * total;
                int pos = runningTotal.BinarySearch(u);
                if (pos < 0) pos = ~pos;
                int b = backbones[Math.Min(pos, backbones.Count - 1)];
                if (pop.TasksNow[b] < 255) pop.TasksNow[b]++;
                if (pop.ParticipationNow[b] < 255) pop.ParticipationNow[b]++;
                pop.HoursNow[b] += (float)hours;
                if (withOutcome && pop.Outcomes[b] < 255)
                {
                    pop.Outcomes[b]++;
                    if (succeeds.Uniform(n) < s.Activities.EventSuccess) pop.GoodOutcomes[b]++;
                }
                if (project && pop.ProjectsLed[b] < 255) pop.ProjectsLed[b]++;
                if (kind is not null && kind[b] < 255) kind[b]++;
            }
        }
        Assign(offer.Events, admin.OrganiseHours, true, false, pop.OrganisedNow);
        Assign(offer.Disputes, admin.MediationHours, true, false, pop.MediatedNow);
        Assign(offer.Projects, admin.OrganiseHours, true, true, pop.OrganisedNow);
        Assign(offer.OnCommittee - offer.ByStaff, admin.SentDownTaskHours, false, false, null);
        return n;
    }
}
