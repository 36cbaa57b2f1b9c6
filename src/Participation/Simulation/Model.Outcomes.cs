using Participation.Outcomes;
using Participation.Residents;

namespace Participation.Simulation;

public sealed partial class Model
{
    private WeeklyRecord WeeklyRecordOf(int t, DateOnly date, in ChunkTotals totals, Week week, int backbones, int tasksToBackbones,
        int entries, int partyEntries, int exits, int solved, int complaints, int moved, double spent)
    {
        double adults = Math.Max(1, totals.Adults);
        return new WeeklyRecord
        {
            Date = date, Tick = t, Residents = Population.Count, Adults = totals.Adults,
            Participants = totals.Participants, ParticipationRateWeekly = totals.Participants / adults,
            Participations = (int)Math.Min(int.MaxValue, totals.Participations),
            Backbones = backbones, Mentors = totals.Mentors, BackboneEntries = entries, BackboneEntriesParty = partyEntries, BackboneExits = exits,
            Invited = totals.Invited,
            MeanTrust = totals.Trust / adults, MeanCommitteeTrust = totals.CommitteeTrust / adults,
            MeanReciprocity = totals.Reciprocity / adults, MeanBelonging = totals.Belonging / adults,
            MeanResponsibility = totals.Responsibility / adults, MeanEfficacy = totals.Efficacy / adults,
            MeanBackboneFatigue = Ratio(totals.BackboneFatigue, totals.Backbones),
            MeanBackboneIdentity = Ratio(totals.BackboneIdentity, totals.Backbones),
            TasksToBackbones = tasksToBackbones, TasksSentDown = week.SentDown, TasksByStaff = week.ByStaff,
            ProblemsRaised = totals.ProblemsRaised, ProblemsSolved = solved, Complaints = complaints,
            ProblemsUnresolved = _unresolved, HouseholdsMoved = moved, Spent = spent,
        };
    }

    private static double Ratio(double part, double whole) => whole > 0 ? part / whole : double.NaN;

    /// <summary>X's register view at the end of tick <paramref name="t"/>: backbones in role, their tenure and age make-up.</summary>
    internal RegisterView RegisterViewAt(int t, DateOnly date)
    {
        var pop = Population;
        int n = 0, over3 = 0, under6 = 0, a30 = 0, a40 = 0, a50 = 0, a51 = 0, a60 = 0, u35 = 0, women = 0, renters = 0;
        int threeYears = (int)Math.Round(3 * Population.WeeksPerYear), sixMonths = (int)Math.Round(0.5 * Population.WeeksPerYear);
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.Role[i] < Role.Backbone) continue;
            n++;
            // Weeks of continuous service at the end of the week (a backbone recruited this week starts next week: 0).
            int weeks = t + 1 - pop.BackboneSince[i];
            if (weeks > threeYears) over3++;
            if (weeks < sixMonths) under6++;
            double age = pop.AgeAt(i, t);
            if (age < 31) a30++; else if (age < 41) a40++; else if (age < 51) a50++; else a51++;
            if (age >= 60) a60++;
            if (age < 35) u35++;
            women += pop.Female[i];
            if (pop.Origin[i] == OriginGroup.Renter) renters++;
        }
        return new RegisterView
        {
            Date = date, Backbones = n,
            ServiceOver3Years = Ratio(over3, n), ServiceUnder6Months = Ratio(under6, n),
            Age30OrUnder = Ratio(a30, n), Age31To40 = Ratio(a40, n), Age41To50 = Ratio(a50, n), Age51Plus = Ratio(a51, n),
            Age60Plus = Ratio(a60, n), Under35 = Ratio(u35, n), Women = Ratio(women, n), Renters = Ratio(renters, n),
        };
    }

    /// <summary>Month end: the month's outcomes as the studies define them; monthly counters roll over.</summary>
    private void EndMonth(int t, DateOnly date, bool report)
    {
        // Counted chunk by chunk in parallel: integer counts add up to the same whatever the threads.
        _monthTick = t; _monthReport = report;
        ForChunks(_countMonth ??= (lo, hi, c) => CountMonth(_monthTick, _monthReport, lo, hi, out _monthByChunk[c]));
        var m = new MonthCounts();
        foreach (ref readonly var part in _monthByChunk.AsSpan()) m.Add(part);
        if (report)
        {
            _log.Monthly.Add(new MonthlyRecord
            {
                Month = new DateOnly(date.Year, date.Month, 1), Adults = m.Adults, Participants = m.Participants,
                ParticipationRate = Ratio(m.Participants, m.Adults), MeanFrequency = Ratio(m.Frequency, m.Participants),
                BackbonesActive = m.BackbonesActive,
                BackboneFrequency1To2 = Ratio(m.Bin1To2, m.BackbonesActive), BackboneFrequency3To4 = Ratio(m.Bin3To4, m.BackbonesActive),
                BackboneFrequency5To6 = Ratio(m.Bin5To6, m.BackbonesActive), BackboneFrequencyOver6 = Ratio(m.BinOver6, m.BackbonesActive),
                Volunteers = m.Volunteers, Under35Participants = Ratio(m.Under35Participants, m.Participants),
                Under35Volunteers = Ratio(m.Under35Volunteers, m.Volunteers), Under35Backbones = Ratio(m.Under35Backbones, m.Backbones),
                Register = RegisterViewAt(t, date), OnlineClubMembership = Ratio(m.OnlineClub, m.Online), Spent = _spentMonth,
            });
        }
        _spentMonth = 0;
    }

    /// <summary>One chunk's month end: streaks and monthly counters roll over; the month's counts when reported.</summary>
    private void CountMonth(int t, bool report, int lo, int hi, out MonthCounts m)
    {
        var pop = Population;
        m = new MonthCounts();
        for (int i = lo; i < hi; i++)
        {
            int mc = pop.MonthCount[i];
            pop.MonthStreak[i] = (byte)(mc > 0 ? Math.Min(255, pop.MonthStreak[i] + 1) : 0);
            pop.MonthCount[i] = 0;
            if (!report || pop.Occupation[i] == Occupation.Child) continue;
            m.Adults++;
            bool young = pop.AgeAt(i, t) < 35;
            var role = pop.Role[i];
            if (mc > 0) { m.Participants++; m.Frequency += mc; if (young) m.Under35Participants++; }
            if (role >= Role.Backbone)
            {
                m.Backbones++;
                if (young) m.Under35Backbones++;
                if (mc > 0)
                {
                    m.BackbonesActive++;
                    if (mc <= 2) m.Bin1To2++; else if (mc <= 4) m.Bin3To4++; else if (mc <= 6) m.Bin5To6++; else m.BinOver6++;
                }
            }
            if (role >= Role.Active) { m.Volunteers++; if (young) m.Under35Volunteers++; }
            if (pop.InOnlineGroup[i] != 0) { m.Online++; if (pop.Club[i] >= 0) m.OnlineClub++; }
        }
    }

    /// <summary>A month's counts over some residents.</summary>
    private struct MonthCounts
    {
        public int Adults, Participants, Under35Participants, BackbonesActive, Volunteers, Under35Volunteers;
        public int Backbones, Under35Backbones, Online, OnlineClub, Bin1To2, Bin3To4, Bin5To6, BinOver6;
        public long Frequency;

        public void Add(in MonthCounts o)
        {
            Adults += o.Adults; Participants += o.Participants; Under35Participants += o.Under35Participants;
            BackbonesActive += o.BackbonesActive; Volunteers += o.Volunteers; Under35Volunteers += o.Under35Volunteers;
            Backbones += o.Backbones; Under35Backbones += o.Under35Backbones; Online += o.Online; OnlineClub += o.OnlineClub;
            Bin1To2 += o.Bin1To2; Bin3To4 += o.Bin3To4; Bin5To6 += o.Bin5To6; BinOver6 += o.BinOver6; Frequency += o.Frequency;
        }
    }

    /// <summary>
    /// Year end: the share of tasks done by the top 10 % of those who held the backbone role during the
    /// year (X's 2024 work ledger), the Gini of tasks, and the yearly participation rate.
    /// </summary>
    private void EndYear(int t, DateOnly date, bool report)
    {
        var pop = Population;
        _taskBuffer.Clear();
        int adults = 0, participated = 0, volunteers = 0, youngVolunteers = 0, backbones = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.HeldRoleThisYear[i] != 0) _taskBuffer.Add(pop.TasksThisYear[i]);
            if (pop.Occupation[i] != Occupation.Child)
            {
                adults++;
                if (pop.LastParticipation[i] > t - 52) participated++;
                if (pop.Role[i] >= Role.Active)
                {
                    volunteers++;
                    if (pop.AgeAt(i, t) < 35) youngVolunteers++;
                    if (pop.Role[i] >= Role.Backbone) backbones++;
                }
            }
            pop.TasksThisYear[i] = 0;
            pop.HeldRoleThisYear[i] = (byte)(pop.Role[i] >= Role.Backbone ? 1 : 0);
        }
        _taskBuffer.AddRange(_departedTasks);
        _departedTasks.Clear();
        var (top, gini, tasks) = Concentration.TopShareAndGini(_taskBuffer, 0.10);
        _lastTopShare = double.IsNaN(top) ? 0 : top;
        if (report)
        {
            _log.Annual.Add(new AnnualRecord
            {
                Year = date.Year, BackbonesInYear = _taskBuffer.Count, Tasks = tasks, Top10TaskShare = top, TaskGini = gini,
                Entries = _entriesYear, Exits = _exitsYear, ParticipationRateYear = Ratio(participated, adults),
                Volunteers = volunteers, Under35Volunteers = Ratio(youngVolunteers, volunteers), Backbones = backbones, Spent = _spentYear,
            });
        }
        _entriesYear = 0; _exitsYear = 0; _spentYear = 0;
    }
}
