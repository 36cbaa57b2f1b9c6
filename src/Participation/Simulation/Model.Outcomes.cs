using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        // The backbones are found 32 residents at a time (a byte compare of the roles), then read one by one.
        ref byte role0 = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Role));
        var backbone = Vector256.Create((byte)Role.Backbone);
        for (int block = 0; block < pop.Count; block += 32)
        {
            uint found;
            if (Vector256.IsHardwareAccelerated && block + 32 <= pop.Count)
                found = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref role0, (nuint)block), backbone).ExtractMostSignificantBits();
            else
            {
                found = 0;
                for (int k = 0; k < 32 && block + k < pop.Count; k++) if (pop.Role[block + k] >= Role.Backbone) found |= 1u << k;
            }
            for (; found != 0; found &= found - 1)
                CountBackbone(block + BitOperations.TrailingZeroCount(found));
        }
        return new RegisterView
        {
            Date = date, Backbones = n,
            ServiceOver3Years = Ratio(over3, n), ServiceUnder6Months = Ratio(under6, n),
            Age30OrUnder = Ratio(a30, n), Age31To40 = Ratio(a40, n), Age41To50 = Ratio(a50, n), Age51Plus = Ratio(a51, n),
            Age60Plus = Ratio(a60, n), Under35 = Ratio(u35, n), Women = Ratio(women, n), Renters = Ratio(renters, n),
        };

        void CountBackbone(int i)
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
    }

    /// <summary>
    /// Month end, when recorded: the month's outcomes as the studies define them, counted from the month's counters
    /// before the bookkeeping rolls them over (<see cref="CloseMonth(int)"/>). It only reads the model.
    /// </summary>
    private void RecordMonth(int t, DateOnly date, bool report)
    {
        if (report)
        {
            // Counted chunk by chunk in parallel: integer counts add up to the same whatever the threads.
            ForChunks(_countMonth ??= (lo, hi, c) => CountMonth(Tick, lo, hi, out _monthByChunk[c]));
            var m = new MonthCounts();
            foreach (ref readonly var part in _monthByChunk.AsSpan()) m.Add(part);
            if (_options.CheckInvariants && CountMonthPlainly(t) is var plain && !plain.Equals(m))
                throw new InvalidOperationException($"tick {t}: the month's counts differ from a plain count: {m} against {plain}");
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

    /// <summary>
    /// One chunk's month counts. Thirty-two residents at a time where the hardware allows (counts are population counts
    /// of lane masks: the same integers), the rest one at a time.
    /// </summary>
    private void CountMonth(int t, int lo, int hi, out MonthCounts m)
    {
        var pop = Population;
        m = new MonthCounts();
        int youngFrom = BornAfterIsUnder35(t);
        int i = Vector256.IsHardwareAccelerated ? CountMonth32(lo, hi, youngFrom, ref m) : lo;
        for (; i < hi; i++)
            if (pop.Occupation[i] != Occupation.Child) m.AddAdult(pop, i, pop.MonthCount[i], young: pop.BirthWeek[i] > youngFrom);
    }

    /// <summary>The month's counts computed the plain way, one resident at a time (to check <see cref="CountMonth"/> when invariants are checked).</summary>
    private MonthCounts CountMonthPlainly(int t)
    {
        var pop = Population;
        var m = new MonthCounts();
        for (int i = 0; i < pop.Count; i++)
            if (pop.Occupation[i] != Occupation.Child) m.AddAdult(pop, i, pop.MonthCount[i], young: pop.AgeAt(i, t) < 35);
        return m;
    }

    /// <summary>
    /// The birth week after which a resident is under 35 at tick <paramref name="t"/>: <c>AgeAt(i, t) &lt; 35</c> exactly
    /// when <c>BirthWeek[i] &gt;</c> it (the age is a correctly rounded quotient, so it rises with the weeks lived and the
    /// first week count that reaches 35 is found by trying the neighbours of 35 · W).
    /// </summary>
    private static int BornAfterIsUnder35(int t)
    {
        int weeks = (int)Math.Ceiling(35 * Population.WeeksPerYear);
        while ((weeks - 1) / Population.WeeksPerYear >= 35) weeks--;
        while (weeks / Population.WeeksPerYear < 35) weeks++;
        return t - weeks; // under 35 when t − birth < weeks
    }

    /// <summary>The vectorised body of <see cref="CountMonth"/>; returns the first resident it left to the scalar loop.</summary>
    private int CountMonth32(int lo, int hi, int youngFrom, ref MonthCounts m)
    {
        var pop = Population;
        if ((uint)hi > (uint)pop.Count || lo < 0) throw new ArgumentOutOfRangeException(nameof(hi), "the chunk lies outside the population");
        ref ushort count0 = ref MemoryMarshal.GetArrayDataReference(pop.MonthCount);
        ref byte occupation0 = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Occupation));
        ref byte role0 = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Role));
        ref byte online0 = ref MemoryMarshal.GetArrayDataReference(pop.InOnlineGroup);
        ref int birth0 = ref MemoryMarshal.GetArrayDataReference(pop.BirthWeek);
        ref int club0 = ref MemoryMarshal.GetArrayDataReference(pop.Club);
        var zero16 = Vector256<ushort>.Zero; var zero8 = Vector256<byte>.Zero;
        var backbone = Vector256.Create((byte)Role.Backbone); var active = Vector256.Create((byte)Role.Active);
        var two = Vector256.Create((ushort)2); var four = Vector256.Create((ushort)4); var six = Vector256.Create((ushort)6);
        var young = Vector256.Create(youngFrom); var noClub = Vector256.Create(-1);
        int i = lo;
        for (; i + 32 <= hi; i += 32)
        {
            nuint at = (nuint)i;
            var countA = Vector256.LoadUnsafe(ref count0, at); var countB = Vector256.LoadUnsafe(ref count0, at + 16);
            var took = Vector256.Narrow(~Vector256.Equals(countA, zero16), ~Vector256.Equals(countB, zero16));
            uint adult = (~Vector256.Equals(Vector256.LoadUnsafe(ref occupation0, at), zero8)).ExtractMostSignificantBits();
            uint participant = took.ExtractMostSignificantBits() & adult;
            var role = Vector256.LoadUnsafe(ref role0, at);
            uint backbones = Vector256.GreaterThanOrEqual(role, backbone).ExtractMostSignificantBits() & adult;
            uint volunteers = Vector256.GreaterThanOrEqual(role, active).ExtractMostSignificantBits() & adult;
            uint online = (~Vector256.Equals(Vector256.LoadUnsafe(ref online0, at), zero8)).ExtractMostSignificantBits() & adult;
            uint under35 = 0, inClub = 0;
            for (int q = 0; q < 4; q++)
            {
                nuint part = at + (nuint)(8 * q);
                under35 |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref birth0, part), young).ExtractMostSignificantBits() << (8 * q);
                inClub |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref club0, part), noClub).ExtractMostSignificantBits() << (8 * q);
            }
            uint upTo2 = Vector256.LessThanOrEqual(countA, two).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, two).ExtractMostSignificantBits() << 16;
            uint upTo4 = Vector256.LessThanOrEqual(countA, four).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, four).ExtractMostSignificantBits() << 16;
            uint upTo6 = Vector256.LessThanOrEqual(countA, six).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, six).ExtractMostSignificantBits() << 16;
            uint activeBackbones = backbones & participant;
            m.Adults += BitOperations.PopCount(adult);
            m.Participants += BitOperations.PopCount(participant);
            m.Under35Participants += BitOperations.PopCount(participant & under35);
            m.Backbones += BitOperations.PopCount(backbones);
            m.Under35Backbones += BitOperations.PopCount(backbones & under35);
            m.BackbonesActive += BitOperations.PopCount(activeBackbones);
            m.Bin1To2 += BitOperations.PopCount(activeBackbones & upTo2);
            m.Bin3To4 += BitOperations.PopCount(activeBackbones & upTo4 & ~upTo2);
            m.Bin5To6 += BitOperations.PopCount(activeBackbones & upTo6 & ~upTo4);
            m.BinOver6 += BitOperations.PopCount(activeBackbones & ~upTo6);
            m.Volunteers += BitOperations.PopCount(volunteers);
            m.Under35Volunteers += BitOperations.PopCount(volunteers & under35);
            m.Online += BitOperations.PopCount(online);
            m.OnlineClub += BitOperations.PopCount(online & inClub);
            for (uint bits = participant; bits != 0; bits &= bits - 1) // the few who took part: their counts, from the loaded vectors
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                m.Frequency += lane < 16 ? countA.GetElement(lane) : countB.GetElement(lane - 16);
            }
        }
        return i;
    }

    /// <summary>One chunk's year counts and the tasks of those who held the role (in resident order), for the annual record.</summary>
    private void CountYear(int t, int lo, int hi, List<ushort> tasks, out YearCounts y)
    {
        var pop = Population;
        YearTasks(lo, hi, tasks);
        y = new YearCounts();
        for (int i = lo; i < hi; i++)
        {
            if (pop.Occupation[i] == Occupation.Child) continue;
            y.Adults++;
            if (pop.LastParticipation[i] > t - 52) y.Participated++;
            if (pop.Role[i] >= Role.Active)
            {
                y.Volunteers++;
                if (pop.AgeAt(i, t) < 35) y.YoungVolunteers++;
                if (pop.Role[i] >= Role.Backbone) y.Backbones++;
            }
        }
    }

    /// <summary>A year's counts over some residents.</summary>
    private struct YearCounts
    {
        public int Adults, Participated, Volunteers, YoungVolunteers, Backbones;
    }

    /// <summary>A month's counts over some residents.</summary>
    private record struct MonthCounts
    {
        public int Adults, Participants, Under35Participants, BackbonesActive, Volunteers, Under35Volunteers;
        public int Backbones, Under35Backbones, Online, OnlineClub, Bin1To2, Bin3To4, Bin5To6, BinOver6;
        public long Frequency;

        /// <summary>Counts adult <paramref name="i"/>, who took part <paramref name="mc"/> times this month.</summary>
        public void AddAdult(Population pop, int i, int mc, bool young)
        {
            Adults++;
            var role = pop.Role[i];
            if (mc > 0) { Participants++; Frequency += mc; if (young) Under35Participants++; }
            if (role >= Role.Backbone)
            {
                Backbones++;
                if (young) Under35Backbones++;
                if (mc > 0)
                {
                    BackbonesActive++;
                    if (mc <= 2) Bin1To2++; else if (mc <= 4) Bin3To4++; else if (mc <= 6) Bin5To6++; else BinOver6++;
                }
            }
            if (role >= Role.Active) { Volunteers++; if (young) Under35Volunteers++; }
            if (pop.InOnlineGroup[i] != 0) { Online++; if (pop.Club[i] >= 0) OnlineClub++; }
        }

        public void Add(in MonthCounts o)
        {
            Adults += o.Adults; Participants += o.Participants; Under35Participants += o.Under35Participants;
            BackbonesActive += o.BackbonesActive; Volunteers += o.Volunteers; Under35Volunteers += o.Under35Volunteers;
            Backbones += o.Backbones; Under35Backbones += o.Under35Backbones; Online += o.Online; OnlineClub += o.OnlineClub;
            Bin1To2 += o.Bin1To2; Bin3To4 += o.Bin3To4; Bin5To6 += o.Bin5To6; BinOver6 += o.BinOver6; Frequency += o.Frequency;
        }
    }

    /// <summary>
    /// Year end, when recorded: the share of tasks done by the top 10 % of those who held the backbone role during the
    /// year (X's 2024 work ledger), the Gini of tasks, and the yearly participation rate, read from the year's task
    /// ledger before the bookkeeping closes it (<see cref="CloseYear()"/>). It only reads the model.
    /// </summary>
    private void RecordYear(int t, DateOnly date, bool report)
    {
        if (report)
        {
            // Counted chunk by chunk in parallel; the year's task ledger is joined in chunk order (= resident order), so the
            // concentration figures read the same list as a pass over everyone would give.
            ForChunks(_countYear ??= (lo, hi, c) => CountYear(Tick, lo, hi, _tasksByChunk[c], out _yearByChunk[c]));
            int adults = 0, participated = 0, volunteers = 0, youngVolunteers = 0, backbones = 0;
            foreach (var y in _yearByChunk)
            {
                adults += y.Adults; participated += y.Participated; volunteers += y.Volunteers; youngVolunteers += y.YoungVolunteers;
                backbones += y.Backbones;
            }
            var (top, gini, tasks) = Concentration.TopShareAndGini(JoinYearTasks(), 0.10);
            _log.Annual.Add(new AnnualRecord
            {
                Year = date.Year, BackbonesInYear = _taskBuffer.Count, Tasks = tasks, Top10TaskShare = top, TaskGini = gini,
                Entries = _entriesYear, Exits = _exitsYear, ParticipationRateYear = Ratio(participated, adults),
                Volunteers = volunteers, Under35Volunteers = Ratio(youngVolunteers, volunteers), Backbones = backbones, Spent = _spentYear,
            });
        }
        _entriesYear = 0; _exitsYear = 0; _spentYear = 0;
    }

    /// <summary>The year's task ledger: the tasks of this year's role holders listed chunk by chunk (in resident order), then those who moved out.</summary>
    private List<ushort> JoinYearTasks()
    {
        _taskBuffer.Clear();
        foreach (var tasks in _tasksByChunk) _taskBuffer.AddRange(tasks);
        _taskBuffer.AddRange(_departedTasks);
        return _taskBuffer;
    }

    /// <summary>Lists the tasks of the residents of [<paramref name="lo"/>, <paramref name="hi"/>) who held the role this year, in resident order.</summary>
    private void YearTasks(int lo, int hi, List<ushort> tasks)
    {
        var pop = Population;
        tasks.Clear();
        for (int i = lo; i < hi; i++)
            if (pop.HeldRoleThisYear[i] != 0) tasks.Add(pop.TasksThisYear[i]);
    }
}
