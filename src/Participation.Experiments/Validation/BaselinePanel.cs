using Participation.Experiments.Survival;
using Participation.Outcomes;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Validation;

/// <summary>
/// What one replication of X's baseline shows, resident by resident, for the checks read from a single run: being heard on a
/// first participation and coming back, invitations as the way in, and intensity against staying. The model records no
/// per-resident history, so the panel steps the model itself and reads the public state before and after each week.
/// </summary>
/// <param name="FirstGood">First-time participants whose first week left their efficacy higher (heard, solved, achieved, on balance).</param>
/// <param name="ReturnedGood">Of those, the ones who took part again within 52 weeks.</param>
/// <param name="FirstBad">First-time participants whose first week left their efficacy lower (ignored, stalled, failed).</param>
/// <param name="ReturnedBad">Of those, the ones who took part again within 52 weeks.</param>
/// <param name="FirstTimers">First-time participants in the fork weeks.</param>
/// <param name="FirstTimersOnlyInvited">Of those, the ones who did not take part that week in the fork without invitations.</param>
/// <param name="Repeaters">Participants in the fork weeks who had taken part before.</param>
/// <param name="RepeatersOnlyInvited">Of those, the ones who did not take part in the fork without invitations.</param>
/// <param name="InvitedAdultWeeks">Adults invited, summed over the fork weeks.</param>
/// <param name="AdultWeeks">Adults, summed over the fork weeks.</param>
/// <param name="Volunteers">Adults who took part in a year and stayed in the community through the next.</param>
/// <param name="VolunteersStopped">Of those, the ones who did not take part in the next year.</param>
/// <param name="HighVolunteers">Volunteers who took part in 12 or more weeks of the year.</param>
/// <param name="HighContinued">Of those, the ones who took part in the next year.</param>
/// <param name="LowVolunteers">Volunteers who took part in 1 or 2 weeks of the year.</param>
/// <param name="LowContinued">Of those, the ones who took part in the next year.</param>
/// <param name="SpellsHigh">Backbone careers that lasted 13 weeks with more early hours than the median.</param>
/// <param name="SpellsLow">Those with early hours at or below the median.</param>
/// <param name="SurvivalHigh">Kaplan–Meier share of the high-intensity careers still in role at 52 weeks, given 13.</param>
/// <param name="SurvivalLow">The same for the low-intensity careers.</param>
/// <param name="States">Model states saved before the ticks asked for (for the checks that fork later).</param>
public sealed record PanelReading(
    int FirstGood, int ReturnedGood, int FirstBad, int ReturnedBad,
    int FirstTimers, int FirstTimersOnlyInvited, int Repeaters, int RepeatersOnlyInvited, long InvitedAdultWeeks, long AdultWeeks,
    int Volunteers, int VolunteersStopped, int HighVolunteers, int HighContinued, int LowVolunteers, int LowContinued,
    int SpellsHigh, int SpellsLow, double SurvivalHigh, double SurvivalLow, IReadOnlyDictionary<int, byte[]> States);

/// <summary>Steps a baseline model week by week and collects a <see cref="PanelReading"/>.</summary>
public static class BaselinePanel
{
    /// <summary>Weeks within which a first-time participant must take part again to count as coming back (Sjoberg et al.: "again").</summary>
    public const int ReturnWeeks = 52;

    /// <summary>The early weeks of a backbone career over which its intensity (hours) is summed: the landmark.</summary>
    public const int EarlyWeeks = 13;

    /// <summary>Weeks of service at which careers are compared (one year).</summary>
    public const int TenureWeeks = 52;

    /// <summary>The first tick whose week starts on or after the scenario's reportFrom: the checks look only at the reported period.</summary>
    public static int ReportTick(Calendar calendar, Scenario scenario)
    {
        int t = 0;
        while (t < calendar.TickCount && calendar.WeekStart(t) < scenario.Calendar.ReportFrom) t++;
        return t;
    }

    /// <summary>
    /// Runs <paramref name="model"/> from its current tick to the end, reading it as it goes.
    /// </summary>
    /// <param name="model">A model at its first tick.</param>
    /// <param name="noInvitations">The same scenario without invitations (forked every <paramref name="forkEvery"/> weeks), or null to skip.</param>
    /// <param name="forkEvery">Weeks between forks.</param>
    /// <param name="saveBefore">Ticks before which the model's state is saved for later forks.</param>
    /// <param name="catalog">Policy kinds.</param>
    public static PanelReading Observe(Model model, Scenario? noInvitations, int forkEvery, IReadOnlyCollection<int> saveBefore,
        Participation.Policies.PolicyCatalog? catalog = null)
    {
        var pop = model.Population;
        var cal = model.Calendar;
        int n = pop.Count, last = cal.TickCount - 1;
        int report = ReportTick(cal, model.Scenario);
        var lastBefore = new int[n];
        var efficacyBefore = new float[n];
        var moveBefore = new int[n];
        var states = new Dictionary<int, byte[]>();

        // Being heard: first-timers followed for 52 weeks.
        var following = new List<(int Resident, int Tick, int MoveIn, bool Good)>();
        int firstGood = 0, returnedGood = 0, firstBad = 0, returnedBad = 0;
        // Invitations: forks without them.
        int firstTimers = 0, firstOnlyInvited = 0, repeaters = 0, repeatersOnlyInvited = 0;
        long invited = 0, adults = 0;
        // Intensity: weeks served this year and last, moves in between.
        var served = new ushort[n];
        var servedLast = new ushort[n];
        var moveAtYearStart = new int[n];
        var moveAtLastYearStart = new int[n];
        bool yearTracked = false, lastYearTracked = false;
        int volunteers = 0, stopped = 0, high = 0, highContinued = 0, low = 0, lowContinued = 0;
        // Early hours of backbone careers, by (resident, start).
        var earlyHours = new Dictionary<(int, int), double>();

        while (!model.Finished)
        {
            int t = model.Tick;
            if (saveBefore.Contains(t)) states[t] = model.SaveState();
            Array.Copy(pop.LastParticipation, lastBefore, n);
            Array.Copy(pop.Efficacy, efficacyBefore, n);
            Array.Copy(pop.MoveInWeek, moveBefore, n);
            if (cal.StartsYear(t))
            {
                (served, servedLast) = (servedLast, served);
                (moveAtYearStart, moveAtLastYearStart) = (moveAtLastYearStart, moveAtYearStart);
                Array.Clear(served);
                Array.Copy(pop.MoveInWeek, moveAtYearStart, n);
                lastYearTracked = yearTracked;
                yearTracked = t >= report;
            }
            Model? fork = null;
            if (noInvitations is not null && t >= report && (t - report) % Math.Max(1, forkEvery) == 0)
            {
                fork = Variants.Fork(model.SaveState(), noInvitations, catalog);
                fork.Step();
            }

            model.Step();

            if (fork is not null && model.Outcomes.Weekly.Count > 0)
            {
                var week = model.Outcomes.Weekly[^1];
                invited += week.Invited; adults += week.Adults;
                var alt = fork.Population.LastParticipation;
                for (int i = 0; i < n; i++)
                {
                    if (pop.LastParticipation[i] != t) continue;
                    bool only = alt[i] != t;
                    if (Variants.Never(lastBefore[i])) { firstTimers++; if (only) firstOnlyInvited++; }
                    else { repeaters++; if (only) repeatersOnlyInvited++; }
                }
            }

            // Follow the first-timers of earlier weeks.
            for (int k = following.Count - 1; k >= 0; k--)
            {
                var f = following[k];
                bool done;
                if (pop.MoveInWeek[f.Resident] != f.MoveIn) done = true; // moved away: censored, not counted
                else if (pop.LastParticipation[f.Resident] == t)
                {
                    if (f.Good) { firstGood++; returnedGood++; } else { firstBad++; returnedBad++; }
                    done = true;
                }
                else if (t - f.Tick >= ReturnWeeks)
                {
                    if (f.Good) firstGood++; else firstBad++;
                    done = true;
                }
                else done = false;
                if (done) { following[k] = following[^1]; following.RemoveAt(following.Count - 1); }
            }
            if (t >= report && t + ReturnWeeks <= last)
                for (int i = 0; i < n; i++)
                {
                    if (pop.LastParticipation[i] != t || !Variants.Never(lastBefore[i]) || pop.MoveInWeek[i] != moveBefore[i]) continue;
                    float change = pop.Efficacy[i] - efficacyBefore[i];
                    if (change != 0) following.Add((i, t, pop.MoveInWeek[i], change > 0)); // no outcome (a club session): neither
                }

            // Weeks served this year; at the year's end, last year's volunteers who stayed through this one.
            for (int i = 0; i < n; i++)
                if (pop.LastParticipation[i] == t && served[i] < ushort.MaxValue) served[i]++;
            if (cal.EndsYear(t) && yearTracked)
            {
                if (lastYearTracked)
                    for (int i = 0; i < n; i++)
                    {
                        if (servedLast[i] == 0 || pop.MoveInWeek[i] != moveAtLastYearStart[i]) continue;
                        bool continued = served[i] > 0;
                        volunteers++;
                        if (!continued) stopped++;
                        if (servedLast[i] >= 12) { high++; if (continued) highContinued++; }
                        else if (servedLast[i] <= 2) { low++; if (continued) lowContinued++; }
                    }
            }

            // Early hours of careers that started in the reported period.
            for (int i = 0; i < n; i++)
            {
                if (pop.Role[i] < Role.Backbone) continue;
                int s = pop.BackboneSince[i];
                if (s < report || t < s || t - s >= EarlyWeeks) continue;
                var key = (i, s);
                earlyHours[key] = earlyHours.GetValueOrDefault(key) + pop.HoursNow[i];
            }
        }

        // Careers that lasted the landmark, split at the median of their early hours.
        var spells = model.Result().Spells
            .Where(s => s.Start >= report && s.Weeks > EarlyWeeks && s.Start + EarlyWeeks <= last && earlyHours.ContainsKey((s.Resident, s.Start)))
            .Select(s => (Spell: s, Hours: earlyHours[(s.Resident, s.Start)])).ToList();
        double median = Median(spells.Select(s => s.Hours).ToList());
        var highSpells = spells.Where(s => s.Hours > median).Select(s => s.Spell).ToList();
        var lowSpells = spells.Where(s => s.Hours <= median).Select(s => s.Spell).ToList();

        return new PanelReading(firstGood, returnedGood, firstBad, returnedBad,
            firstTimers, firstOnlyInvited, repeaters, repeatersOnlyInvited, invited, adults,
            volunteers, stopped, high, highContinued, low, lowContinued,
            highSpells.Count, lowSpells.Count, StillServing(highSpells), StillServing(lowSpells), states);
    }

    /// <summary>Kaplan–Meier share still in role at <see cref="TenureWeeks"/> of service, given <see cref="EarlyWeeks"/> (moving out censors).</summary>
    internal static double StillServing(IReadOnlyList<TenureSpell> spells)
    {
        if (spells.Count == 0) return double.NaN;
        var curve = KaplanMeier.Estimate(spells.Select(s => new SurvivalObservation(s.Weeks - EarlyWeeks, s.Reason == SpellEnd.Exited)));
        return curve.SurvivalAt(TenureWeeks - EarlyWeeks);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}
