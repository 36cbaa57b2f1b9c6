using Participation.HighPerformance;
using Participation.Outcomes;
using Participation.Residents;
using Participation.Rules;
using Participation.Time;

namespace Participation.Simulation;

/// <summary>
/// The recorders: at the end of each week, before the bookkeeping closes the month and the year, they read the model
/// and record the weekly row and the custom outcomes, the register view at its week, and the month's and year's rows
/// at their ends (docs/outputs.md). They only read the model: a model run without them ends in the same state.
/// </summary>
internal sealed class Recorders
{
    private readonly Model _model;
    private readonly Week _week;
    private readonly Records _records;
    private readonly CustomOutcome[] _custom;
    private readonly Calendar _calendar;
    private readonly int _registerTick;
    private readonly MonthCounts[] _monthByChunk;
    private readonly YearCounts[] _yearByChunk;
    private readonly List<ushort> _yearTasks = [];
    private readonly List<int> _backbones = [];
    private readonly ChunkAction _countMonth, _countYear;

    public Recorders(Model model, Week week, Records records, CustomOutcome[] custom)
    {
        _model = model; _week = week; _records = records; _custom = custom; _calendar = model.Calendar;
        _registerTick = _calendar.TickOf(model.Scenario.Calendar.RegisterDate);
        _monthByChunk = new MonthCounts[week.Chunks.Length];
        _yearByChunk = new YearCounts[week.Chunks.Length];
        // Counted chunk by chunk in parallel: integer counts add up to the same whatever the threads.
        _countMonth = chunk => _monthByChunk[chunk.Index] =
            MonthKernels.CountMonth(_week.Population, chunk.First, chunk.End, MonthCounts.BornAfterIsUnder35(_week.Tick));
        _countYear = chunk =>
        {
            Bookkeeping.ListYearTasks(_week.Population, chunk);
            _yearByChunk[chunk.Index] = YearCounts.Of(_week.Population, chunk.First, chunk.End, _week.Tick);
        };
    }

    /// <summary>What the week's dynamics gave besides the state, for the weekly row.</summary>
    public readonly record struct WeekResults(ChunkTotals Totals, int Backbones, int TasksToBackbones, int Entries, int PartyEntries,
        int Exits, int Solved, int Complaints, int Moved, double Spent);

    /// <summary>Records the end of week <paramref name="t"/>, which starts on <paramref name="date"/>.</summary>
    public void Record(int t, DateOnly date, in WeekResults week)
    {
        var log = _records.Log;
        _records.SpentMonth += week.Spent; _records.SpentYear += week.Spent;
        _records.EntriesYear += week.Entries; _records.ExitsYear += week.Exits;
        bool report = date >= _model.Scenario.Calendar.ReportFrom;
        if (report)
        {
            log.Weekly.Add(WeeklyRecordOf(t, date, week));
            for (int k = 0; k < _custom.Length; k++) log.Custom.Add(_custom[k].Measure(_model));
        }
        if (t == _registerTick) log.Register = RegisterViewAt(t, date);
        bool last = t == _calendar.TickCount - 1;
        if (_calendar.EndsMonth(t) || last) RecordMonth(t, date, report);
        if (_calendar.EndsYear(t) || last) RecordYear(date, report);
    }

    private WeeklyRecord WeeklyRecordOf(int t, DateOnly date, in WeekResults week)
    {
        var totals = week.Totals; var offer = _week.Offer;
        double adults = Math.Max(1, totals.Adults);
        return new WeeklyRecord
        {
            Date = date, Tick = t, Residents = _week.Population.Count, Adults = totals.Adults,
            Participants = totals.Participants, ParticipationRateWeekly = totals.Participants / adults,
            Participations = (int)Math.Min(int.MaxValue, totals.Participations),
            Backbones = week.Backbones, Mentors = totals.Mentors, BackboneEntries = week.Entries, BackboneEntriesParty = week.PartyEntries,
            BackboneExits = week.Exits, Invited = totals.Invited,
            MeanTrust = totals.Trust / adults, MeanCommitteeTrust = totals.CommitteeTrust / adults,
            MeanReciprocity = totals.Reciprocity / adults, MeanBelonging = totals.Belonging / adults,
            MeanResponsibility = totals.Responsibility / adults, MeanEfficacy = totals.Efficacy / adults,
            MeanBackboneFatigue = Ratio(totals.BackboneFatigue, totals.Backbones),
            MeanBackboneIdentity = Ratio(totals.BackboneIdentity, totals.Backbones),
            TasksToBackbones = week.TasksToBackbones, TasksSentDown = offer.SentDown, TasksByStaff = offer.ByStaff,
            TasksHandedToOthers = offer.HandedToOthers, StaffHours = Offers.StaffHours(_model.Scenario, _model.Levers),
            SentDownPerStaff = Ratio(offer.OnCommittee, _model.Scenario.Administration.Staff),
            StaffLoad = Offers.StaffLoad(offer, _model.Scenario, _model.Levers), TeamServices = totals.TeamServices, AdhocTasks = totals.AdhocTasks,
            ProblemsRaised = totals.ProblemsRaised, ProblemsSolved = week.Solved, Complaints = week.Complaints,
            ProblemsUnresolved = _model.State.Problems.Unresolved, HouseholdsMoved = week.Moved, Spent = week.Spent,
        };
    }

    private static double Ratio(double part, double whole) => whole > 0 ? part / whole : double.NaN;

    /// <summary>X's register view at the end of tick <paramref name="t"/>: backbones in role, their tenure and age make-up.</summary>
    internal RegisterView RegisterViewAt(int t, DateOnly date)
    {
        var pop = _week.Population;
        int n = 0, over3 = 0, under6 = 0, a30 = 0, a40 = 0, a50 = 0, a51 = 0, a60 = 0, u35 = 0, women = 0, renters = 0;
        int threeYears = (int)Math.Round(3 * Population.WeeksPerYear), sixMonths = (int)Math.Round(0.5 * Population.WeeksPerYear);
        RoleScan.ListBackbones(pop.Role, _backbones);
        foreach (int i in _backbones)
        {
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

    /// <summary>Month end: the month's outcomes as the studies define them, from the month's counters before the bookkeeping rolls them over.</summary>
    private void RecordMonth(int t, DateOnly date, bool report)
    {
        if (report)
        {
            _week.ForChunks(_countMonth);
            var m = new MonthCounts();
            foreach (ref readonly var part in _monthByChunk.AsSpan()) m.Add(part);
            if (_week.CheckInvariants && CountMonthPlainly(t) is var plain && !plain.Equals(m))
                throw new InvalidOperationException($"tick {t}: the month's counts differ from a plain count: {m} against {plain}");
            var teams = Teams.Count(_week.Teams, _week.Population, t, year: false);
            _records.Log.Monthly.Add(new MonthlyRecord
            {
                Month = new DateOnly(date.Year, date.Month, 1), Adults = m.Adults, Participants = m.Participants,
                ParticipationRate = Ratio(m.Participants, m.Adults), MeanFrequency = Ratio(m.Frequency, m.Participants),
                BackbonesActive = m.BackbonesActive,
                BackboneFrequency1To2 = Ratio(m.Bin1To2, m.BackbonesActive), BackboneFrequency3To4 = Ratio(m.Bin3To4, m.BackbonesActive),
                BackboneFrequency5To6 = Ratio(m.Bin5To6, m.BackbonesActive), BackboneFrequencyOver6 = Ratio(m.BinOver6, m.BackbonesActive),
                Volunteers = teams.Volunteers, TeamMembers = teams.Members, Teams = teams.Teams, Squads = teams.Squads,
                Under35Participants = Ratio(m.Under35Participants, m.Participants),
                Under35Volunteers = Ratio(teams.YoungVolunteers, teams.Volunteers), Under35Backbones = Ratio(m.Under35Backbones, m.Backbones),
                Register = RegisterViewAt(t, date), OnlineClubMembership = Ratio(m.OnlineClub, m.Online), Spent = _records.SpentMonth,
            });
        }
        _records.SpentMonth = 0;
    }

    /// <summary>The month's counts computed the plain way, one resident at a time with the age in years (to check the kernel when invariants are checked).</summary>
    private MonthCounts CountMonthPlainly(int t)
    {
        var pop = _week.Population;
        var m = new MonthCounts();
        for (int i = 0; i < pop.Count; i++)
            if (pop.Occupation[i] != Occupation.Child) m.AddAdult(pop, i, pop.MonthCount[i], young: pop.AgeAt(i, t) < 35);
        return m;
    }

    /// <summary>
    /// Year end: the share of tasks done by the top 10 % of those who held the backbone role during the year (X's 2024
    /// work ledger), the Gini of tasks, and the yearly participation rate, read from the year's task ledger before the
    /// bookkeeping closes it.
    /// </summary>
    private void RecordYear(DateOnly date, bool report)
    {
        if (report)
        {
            _week.ForChunks(_countYear);
            int adults = 0, participated = 0, backbones = 0;
            foreach (var y in _yearByChunk) { adults += y.Adults; participated += y.Participated; backbones += y.Backbones; }
            var T = _week.Teams;
            var teams = Teams.Count(T, _week.Population, _week.Tick, year: true);
            var (top, gini, tasks) = Concentration.TopShareAndGini(Bookkeeping.JoinYearTasks(_week, _yearTasks), 0.10);
            _records.Log.Annual.Add(new AnnualRecord
            {
                Year = date.Year, BackbonesInYear = _yearTasks.Count, Tasks = tasks, Top10TaskShare = top, TaskGini = gini,
                Entries = _records.EntriesYear, Exits = _records.ExitsYear, ParticipationRateYear = Ratio(participated, adults),
                Volunteers = teams.Volunteers, Under35Volunteers = Ratio(teams.YoungVolunteers, teams.Volunteers),
                TeamMembers = teams.Members, Teams = teams.Teams, Squads = teams.Squads, MeanTeamSize = Ratio(teams.Members, teams.Teams),
                LargestTeam = teams.Largest, TeamsFounded = T.FoundedYear, TeamsDissolved = T.DissolvedYear, TeamJoins = T.JoinedYear,
                TeamLeaves = T.LeftYear, TeamTurnover = Ratio(T.LeftYear, T.MembersAtYearStart),
                OwnersCommittees = teams.OwnersCommittees, OwnersCommitteeCredibility = teams.OwnersCredibility,
                OwnersCommitteesElected = T.OwnersElectedYear, OwnersCommitteesDissolved = T.OwnersDissolvedYear,
                OwnersCommitteeChairs = teams.OwnersChairs,
                Backbones = backbones, TeamLeaders = teams.TeamLeaders, SquadLeaders = teams.SquadLeaders,
                BackbonesAllPosts = backbones + teams.LeadersWithoutPost, Spent = _records.SpentYear,
            });
        }
        _records.EntriesYear = 0; _records.ExitsYear = 0; _records.SpentYear = 0;
    }
}
