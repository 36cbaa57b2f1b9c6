using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;
using Participation.Time;

namespace Participation.Simulation;

/// <summary>Options of one model instance that do not change its results.</summary>
public sealed record SimulationOptions
{
    /// <summary>Threads for the tick loop (0: all cores). Results are bit-identical for any value.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Check state invariants (shares in [0, 1], no NaN) after every tick; slower.</summary>
    public bool CheckInvariants { get; init; }

    /// <summary>
    /// False runs the model without its recorders: no weekly, monthly or annual records, register view, custom outcomes
    /// or spells (for the test that recording never changes the model's course).
    /// </summary>
    internal bool Record { get; init; } = true;

    /// <summary>Told when each phase of a tick ends (the benchmarks' <c>phases</c> command times them); none by default.</summary>
    internal IPhaseClock? PhaseClock { get; init; }
}

/// <summary>The phases of a tick, in order, as <see cref="IPhaseClock"/> is told of them.</summary>
internal enum TickPhase
{
    /// <summary>The yearly occupation update, the policies' levers and the week's offer.</summary>
    Offer,
    /// <summary>Tie flags, inviters' factors, backbones and their task weights (parallel).</summary>
    PrepareTies,
    /// <summary>Tie counts brought up to date from the flags that changed.</summary>
    CountTies,
    /// <summary>Hearing and decisions (parallel).</summary>
    Decide,
    /// <summary>Tasks handed to backbones (sequential).</summary>
    AllocateTasks,
    /// <summary>Experience, roles, claimants and the households that will move (parallel).</summary>
    Experience,
    /// <summary>Backbones leaving and recruitment (sequential).</summary>
    ExitsAndRecruitment,
    /// <summary>Households moving out and newcomers drawn.</summary>
    Turnover,
    /// <summary>Problems scheduled and policies settled.</summary>
    Settle,
    /// <summary>The week's, month's and year's outcomes (recorders: they only read the model).</summary>
    Outcomes,
    /// <summary>The month and the year close; this week's participations become last week's.</summary>
    Bookkeeping,
}

/// <summary>Receives the end of each phase of a tick (internal: for timing the tick loop, not part of the API).</summary>
internal interface IPhaseClock
{
    /// <summary>Phase <paramref name="phase"/> of the current tick has ended.</summary>
    void Ended(TickPhase phase);
}

/// <summary>
/// The model: population, network, policies and calendar, advanced one week at a time by <see cref="Step"/>.
/// Each phase of a tick reads the state the previous phase left and writes only each resident's own
/// fields (or runs sequentially over counter-ordered claimants), so results do not depend on the order of
/// residents nor on the number of threads.
/// </summary>
/// <example>
/// <code>
/// var scenario = ScenarioLoader.Load("scenarios/x-shaoxing.json");
/// var model = Model.Create(scenario, seed: 42);
/// RunResult result = model.Run();
/// Console.WriteLine(result.Register.ServiceOver3Years);
/// </code>
/// </example>
public sealed partial class Model
{
    private const int ChunkSize = 4096;
    private const int ProblemRing = 1024;

    private readonly SimulationOptions _options;
    private readonly DecisionRule _decisionRule;
    private readonly CustomOutcome[] _customOutcomes;
    private readonly PolicyContext _policyContext;
    private readonly Policy[] _policies;
    private readonly bool[] _policyActive;
    private readonly ChunkTotals[] _chunks;
    private readonly int[] _eventsThisWeek;
    private readonly int[] _compoundParticipants;
    private readonly int[] _compoundRegulars;
    private readonly List<ushort> _departedTasks = [];
    private readonly double[][] _leaveTable;
    // What the decisions read of each resident's ties (see TieCache), kept up to date from the residents whose flags
    // changed (listed chunk by chunk, with their previous flags) and the inviters whose factor changed.
    private readonly TieCache _ties;
    private readonly List<(int Resident, byte Before)>[] _tieChangesByChunk;
    private readonly List<int>[] _keepChangesByChunk;
    // Backbones leaving and residents eligible for a role, found chunk by chunk in the experience phase.
    private readonly List<int>[] _exitsByChunk;
    private readonly List<Claimant>[] _eligibleByChunk;
    private readonly byte[] _tiedToLeaver; // marks, cleared after use, of the ties of backbones leaving this week (RecruitRegulars)
    // Backbones (found in PrepareTies) and this week's participants (found in Decide), chunk by chunk, for AllocateTasks.
    private readonly List<int>[] _backbonesByChunk;
    private readonly List<CompoundParticipants>[] _participantsByChunk;
    private readonly List<double>[] _taskWeightsByChunk; // the weights of _backbonesByChunk's backbones for AllocateTasks
    private readonly int[] _problemSolveAt = new int[ProblemRing];
    private readonly int[] _problemComplainAt = new int[ProblemRing];
    private readonly int[] _problemForgetAt = new int[ProblemRing];
    private readonly List<(double Key, int Resident, float Accept)> _claimants = [];
    private readonly List<int> _backboneIndex = [];
    private readonly List<double> _backboneWeight = [];
    private readonly List<ushort> _taskBuffer = [];
    private readonly OutcomeLog _log = new();
    private readonly int _registerTick;
    private readonly int _slots;
    private double _lastTopShare;
    private int _unresolved;
    private int _entriesYear, _exitsYear;
    private double _spentMonth, _spentYear;

    private Model(Scenario scenario, ulong seed, Population population, SocialNetwork network, IEnumerable<Policy> policies,
        SimulationOptions options, ModelExtensions extensions)
    {
        Scenario = scenario; Seed = seed; Population = population; Network = network; _options = options;
        _decisionRule = extensions.DecisionRule ?? DecisionRule.Standard;
        _customOutcomes = extensions.Outcomes.ToArray();
        _log.CustomNames = _customOutcomes.Select(o => o.Name).ToArray();
        Calendar = new Calendar(scenario.Calendar);
        Levers = new Levers(scenario, population.Count);
        _policies = policies.ToArray();
        _policyActive = new bool[_policies.Length];
        _policyContext = new PolicyContext(scenario, population, network, Levers, seed, _policies.Length);
        _chunks = new ChunkTotals[(population.Count + ChunkSize - 1) / ChunkSize];
        _monthByChunk = new MonthCounts[_chunks.Length];
        _yearByChunk = new YearCounts[_chunks.Length];
        _tasksByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<ushort>()).ToArray();
        _leavingByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<int>()).ToArray();
        _exitsByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<int>()).ToArray();
        _eligibleByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<Claimant>()).ToArray();
        _tiedToLeaver = new byte[population.Count];
        _backbonesByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<int>()).ToArray();
        _participantsByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<CompoundParticipants>()).ToArray();
        _taskWeightsByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<double>()).ToArray();
        _eventsThisWeek = new int[population.CompoundCount];
        _compoundParticipants = new int[population.CompoundCount];
        CheckDegrees(network);
        _ties = new TieCache(population.Count);
        _tieChangesByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<(int, byte)>()).ToArray();
        _keepChangesByChunk = Enumerable.Range(0, _chunks.Length).Select(_ => new List<int>()).ToArray();
        var tv = scenario.Turnover;
        _leaveTable = Turnover.LeaveTable(tv.RenterMoveOut, tv.OwnerMoveOut, tv.ElderExitAt65, tv.ElderExitSlope);
        _compoundRegulars = new int[population.CompoundCount];
        _registerTick = Calendar.TickOf(scenario.Calendar.RegisterDate);
        _slots = (int)Math.Round(scenario.Roles.SlotsPerThousand * population.Count / 1000.0);
        MeanTrust = (float)scenario.Attitudes.Trust;
        MeanReciprocity = (float)scenario.Attitudes.Reciprocity;
        MeanBelonging = (float)scenario.Attitudes.Belonging;
    }

    /// <summary>
    /// Creates a model of <paramref name="scenario"/>: its population (generated, or from
    /// <see cref="ModelExtensions.Population"/>), network and policies.
    /// </summary>
    /// <param name="scenario">A validated scenario.</param>
    /// <param name="seed">Seed of this replication; every draw derives from it.</param>
    /// <param name="catalog">Policy kinds the scenario may name (default: the built-in ones).</param>
    /// <param name="options">Threads and checks.</param>
    /// <param name="extensions">The researcher's own pieces: decision rule, extra outcomes, population source (default: none).</param>
    public static Model Create(Scenario scenario, ulong seed, PolicyCatalog? catalog = null, SimulationOptions? options = null,
        ModelExtensions? extensions = null)
    {
        extensions ??= ModelExtensions.None;
        var policies = CreatePolicies(scenario, catalog);
        var population = extensions.Population is { } source ? source(scenario, seed) : PopulationGenerator.Generate(scenario, seed);
        if (population.CompoundCount != scenario.Compounds.Count)
            throw new ScenarioException("compounds", $"{scenario.Compounds.Count} compounds",
                $"the {population.CompoundCount} compounds of the population the source gave");
        var network = NetworkGenerator.Generate(population, scenario.Network, seed);
        return new Model(scenario, seed, population, network, policies, options ?? new SimulationOptions(), extensions);
    }

    /// <summary>The scenario's policies, created from the kinds of <paramref name="catalog"/> (default: built-in).</summary>
    private static List<Policy> CreatePolicies(Scenario scenario, PolicyCatalog? catalog)
    {
        catalog ??= PolicyCatalog.Default;
        var policies = new List<Policy>();
        foreach (var (name, settings) in scenario.Policies)
        {
            if (!catalog.TryGet(settings.Kind, out var kind))
                throw new ScenarioException($"policies.{name}.kind", settings.Kind,
                    "one of the registered policy kinds: " + string.Join(", ", catalog.Kinds.Select(k => k.Name)));
            policies.Add(kind.Create(name, settings));
        }
        return policies;
    }

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario { get; }
    /// <summary>Seed of this replication.</summary>
    public ulong Seed { get; }
    /// <summary>The residents' state.</summary>
    public Population Population { get; }
    /// <summary>The social network.</summary>
    public SocialNetwork Network { get; }
    /// <summary>The calendar.</summary>
    public Calendar Calendar { get; }
    /// <summary>The levers policies set this tick.</summary>
    public Levers Levers { get; }
    /// <summary>The policies, in scenario order.</summary>
    public IReadOnlyList<Policy> Policies => _policies;
    /// <summary>The next tick to run.</summary>
    public int Tick { get; private set; }
    /// <summary>True when every tick has run.</summary>
    public bool Finished => Tick >= Calendar.TickCount;
    /// <summary>Outcomes recorded so far.</summary>
    public OutcomeLog Outcomes => _log;

    /// <summary>What the policies saw in the last tick (tests inspect coverage through it).</summary>
    internal PolicyContext PolicyContext => _policyContext;

    /// <summary>Yuan each policy has spent so far, in scenario order.</summary>
    public IReadOnlyList<double> SpentByPolicy => _policyContext.SpentByPolicy;

    private float MeanTrust { get; }
    private float MeanReciprocity { get; }
    private float MeanBelonging { get; }

    /// <summary>Runs every remaining tick and returns the result.</summary>
    public RunResult Run(IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        while (!Finished)
        {
            cancellation.ThrowIfCancellationRequested();
            Step();
            if ((Tick & 63) == 0) progress?.Report(Tick);
        }
        return Result();
    }

    /// <summary>The result so far: recorded outcomes, spells (open ones censored) and the register view.</summary>
    public RunResult Result()
    {
        var spells = new List<TenureSpell>(_log.Spells);
        var pop = Population;
        for (int i = 0; i < pop.Count; i++)
            if (pop.BackboneSince[i] >= 0)
                spells.Add(new TenureSpell(i, pop.BackboneSince[i], Tick, pop.AgeAt(i, pop.BackboneSince[i]), SpellEnd.Censored));
        return new RunResult(Scenario, Seed, Calendar, _log.Weekly.ToArray(), _log.Monthly.ToArray(), _log.Annual.ToArray(),
            spells.ToArray(), _log.Register, _policies.Select(p => p.Name).ToArray(), (double[])_policyContext.SpentByPolicy.Clone())
        {
            Custom = _log.CustomSeries(),
        };
    }

    /// <summary>Advances the model by one week.</summary>
    public void Step()
    {
        if (Finished) throw new InvalidOperationException($"the run is finished: all {Calendar.TickCount} ticks have run");
        int t = Tick;
        var date = Calendar.WeekStart(t);
        if (Calendar.StartsYear(t) && t > 0) UpdateOccupations(t);

        // 1. Calendar: policies set their levers; the week's activities and tasks are offered.
        Levers.Reset();
        _policyContext.Tick = t; _policyContext.Date = date;
        for (int k = 0; k < _policies.Length; k++)
        {
            _policyActive[k] = _policies[k].Settings.IsActive(date);
            if (!_policyActive[k]) continue;
            _policyContext.Current = k;
            _policies[k].SetLevers(_policyContext);
        }
        var week = OfferActivities(t);
        var clock = _options.PhaseClock;
        clock?.Ended(TickPhase.Offer);

        // 2-3. Hearing and decisions (parallel over chunks).
        Array.Clear(_chunks);
        _phaseWeek = week;
        ForChunks(_prepareTies ??= (lo, hi, c) => PrepareTies(lo, hi, _phaseWeek, _backbonesByChunk[c], _taskWeightsByChunk[c], _tieChangesByChunk[c], _keepChangesByChunk[c]));
        if (_options.CheckInvariants) CheckTieFlags(t, week);
        clock?.Ended(TickPhase.PrepareTies);
        CountTieChanges();
        clock?.Ended(TickPhase.CountTies);
        ForChunks(_decide ??= (lo, hi, c) => Decide(Tick, lo, hi, ref _chunks[c], _phaseWeek, _participantsByChunk[c]));

        // Tasks go to backbones (sequential: weighted draws in index order).
        clock?.Ended(TickPhase.Decide);
        int tasksToBackbones = AllocateTasks(t, week);
        clock?.Ended(TickPhase.AllocateTasks);

        // 4. Experience and role bookkeeping, and which households will move out in step 6 (parallel over chunks).
        ForChunks(_experience ??= (lo, hi, c) =>
        {
            Experience(Tick, lo, hi, ref _chunks[c], _exitsByChunk[c], _eligibleByChunk[c]);
            FindLeaving(Tick, lo, hi, _leavingByChunk[c]);
        });
        var totals = ChunkTotals.Sum(_chunks);
        clock?.Ended(TickPhase.Experience);

        // 5. Roles: exits, then recruitment into open roles (sequential, counter-ordered claimants).
        int exits = ApplyExits(t);
        var (entries, partyEntries) = Recruit(t, totals.Backbones);
        clock?.Ended(TickPhase.ExitsAndRecruitment);

        // 6. Turnover: households leave, newcomers arrive.
        var (moved, movedExits) = ApplyTurnover(t);
        clock?.Ended(TickPhase.Turnover);
        exits += movedExits;
        int backbonesNow = totals.Backbones + entries - movedExits;
        _log.LastAdults = totals.Adults;

        // Problems: schedule solutions, complaints (past the residents' patience) and forgetting of ignored ones.
        var admin = Scenario.Administration;
        int patience = (int)Math.Round(admin.PatienceWeeks);
        int approvalDue = (int)Math.Round(week.ApprovalWeeks), localDue = (int)Math.Round(week.LocalWeeks);
        Schedule(_problemSolveAt, t, localDue, totals.PendingLocal);
        Schedule(_problemSolveAt, t, approvalDue, totals.PendingApproval);
        Schedule(_problemComplainAt, t, patience, totals.Ignored
            + (localDue > patience ? totals.PendingLocal : 0) + (approvalDue > patience ? totals.PendingApproval : 0));
        Schedule(_problemForgetAt, t, ForgetIgnoredWeeks, totals.Ignored);
        int slot = t % ProblemRing;
        int solved = _problemSolveAt[slot], complaints = _problemComplainAt[slot];
        _unresolved += totals.PendingLocal + totals.PendingApproval + totals.Ignored - solved - _problemForgetAt[slot];
        _problemSolveAt[slot] = 0; _problemComplainAt[slot] = 0; _problemForgetAt[slot] = 0;

        // Policies settle: accrue, reward, pay.
        double spent = 0;
        for (int k = 0; k < _policies.Length; k++)
        {
            if (!_policyActive[k]) continue;
            _policyContext.Current = k;
            double before = _policyContext.SpentByPolicy[k];
            _policies[k].Settle(_policyContext);
            spent += _policyContext.SpentByPolicy[k] - before;
        }
        clock?.Ended(TickPhase.Settle);

        // 7. Outcomes: the recorders only read the model.
        if (_options.Record) Record(t, date, totals, week, backbonesNow, tasksToBackbones, entries, partyEntries, exits, solved, complaints, moved, spent);
        clock?.Ended(TickPhase.Outcomes);

        // 8. Bookkeeping: the month and the year close (recruitment reads the streaks and the top share); this week's
        // participations become last week's.
        if (Calendar.EndsMonth(t) || t == Calendar.TickCount - 1) CloseMonth(t);
        if (Calendar.EndsYear(t) || t == Calendar.TickCount - 1) CloseYear();
        (Population.ParticipationPrev, Population.ParticipationNow) = (Population.ParticipationNow, Population.ParticipationPrev);
        clock?.Ended(TickPhase.Bookkeeping);
        if (_options.CheckInvariants) { Invariants.Check(Population, t); CheckTieCounts(t); }
        Tick = t + 1;
    }

    /// <summary>The week's outcomes: the weekly row and the custom outcomes, the register view, and the month's and year's records at their ends.</summary>
    private void Record(int t, DateOnly date, in ChunkTotals totals, Week week, int backbones, int tasksToBackbones, int entries,
        int partyEntries, int exits, int solved, int complaints, int moved, double spent)
    {
        _spentMonth += spent; _spentYear += spent;
        _entriesYear += entries; _exitsYear += exits;
        bool report = date >= Scenario.Calendar.ReportFrom;
        if (report)
        {
            _log.Weekly.Add(WeeklyRecordOf(t, date, totals, week, backbones, tasksToBackbones, entries, partyEntries, exits, solved, complaints, moved, spent));
            for (int k = 0; k < _customOutcomes.Length; k++) _log.Custom.Add(_customOutcomes[k].Measure(this));
        }
        if (t == _registerTick) _log.Register = RegisterViewAt(t, date);
        if (Calendar.EndsMonth(t) || t == Calendar.TickCount - 1) RecordMonth(t, date, report);
        if (Calendar.EndsYear(t) || t == Calendar.TickCount - 1) RecordYear(t, date, report);
    }

    /// <summary>What is offered in one week, with the levers policies set for it.</summary>
    private readonly record struct Week(bool Council, int SentDown, int ByStaff, int Disputes, int Projects, int Events,
        float StaffInviteProbability, float InvitationsPerBackbone, float PartyInvitations, float HeardProbability,
        float ApprovalWeeks, float LocalWeeks, float Notice, float Online, float InfluenceFactor, float TimeCostFactor);

    private Week OfferActivities(int t)
    {
        var s = Scenario; var L = Levers;
        var offer = new CounterRandom(Seed, t, RandomStream.Offer);
        double perWeek = s.Activities.EventsPerCompoundPerMonth * 12 / Population.WeeksPerYear * L.EventFactor;
        int events = 0;
        for (int c = 0; c < _eventsThisWeek.Length; c++)
            events += _eventsThisWeek[c] = Math.Min(MaxEvents, offer.Poisson(c, perWeek) + Math.Max(0, L.ExtraEvents));

        double thousands = Population.HouseholdCount / 1000.0;
        var tasks = new CounterRandom(Seed, t, RandomStream.Tasks, 1);
        int sentDown = tasks.Poisson(0, s.Administration.SentDownTasksPerThousand * thousands * L.SentDownFactor);
        int disputes = tasks.Poisson(1, s.Administration.DisputesPerThousand * thousands);
        int projects = tasks.Poisson(2, s.Administration.ProjectsPerThousandPerYear * thousands / Population.WeeksPerYear * L.ProjectFactor);

        // Staff handle tasks sent down first; what is left of their hours goes to outreach (D: staff capacity).
        double staffHours = s.Administration.Staff * s.Administration.StaffHours + Math.Max(0, L.StaffHoursBonus);
        int byStaff = s.Administration.SentDownTaskHours <= 0 ? sentDown
            : Math.Min(sentDown, (int)(staffHours / s.Administration.SentDownTaskHours));
        double outreachHours = Math.Max(0, staffHours - byStaff * s.Administration.SentDownTaskHours);
        int adults = Math.Max(1, _log.LastAdults > 0 ? _log.LastAdults : Population.Count);
        float staffInvite = (float)Math.Min(1, outreachHours * s.Hearing.InvitationsPerStaffHour * L.InvitationFactor / adults);

        return new Week(Calendar.Contains(t, s.Activities.CouncilDay), sentDown, byStaff, disputes, projects, events,
            staffInvite, (float)(s.Hearing.InvitationsPerBackbone * L.InvitationFactor), (float)Math.Max(0, L.PartyInvitations),
            (float)Math.Clamp(L.HeardProbability, 0, 1), (float)Math.Max(0, L.ApprovalWeeks), (float)Math.Max(0, L.LocalSolveWeeks),
            (float)Math.Clamp(s.Hearing.Notice + L.NoticeBonus, 0, 1), (float)Math.Clamp(s.Hearing.Online * L.OnlineFactor, 0, 1),
            (float)Math.Max(0, L.InfluenceFactor), (float)Math.Max(0, L.TimeCostFactor));
    }

    /// <summary>Ignored problems stop counting as unresolved after a year.</summary>
    private const int ForgetIgnoredWeeks = 52;

    private static void Schedule(int[] ring, int t, int delay, int count)
    {
        if (count == 0) return;
        // A delay of 0 is handled in the same tick; longer delays than the ring are capped (at most 520 weeks are allowed).
        ring[(t + Math.Clamp(delay, 0, ProblemRing - 1)) % ProblemRing] += count;
    }

    /// <summary>Threads the parallel phases use (at most one per chunk).</summary>
    private int Threads => Math.Max(1, Math.Min(_chunks.Length, _options.Threads <= 0 ? Environment.ProcessorCount : _options.Threads));

    // Phases that used to run on one thread and now run on all (CountTieChanges and the newcomers' draws by chunk):
    // their delegates, made once, and what they read (besides Tick, the week being run until Step ends). The households
    // leaving are found chunk by chunk in the experience pass (by their first member), one list per chunk.
    private ChunkAction? _countTieChunk, _redrawChunk;
    private readonly List<int>[] _leavingByChunk;
    // The month end's counts chunk by chunk, its delegate and what it reads.
    private readonly MonthCounts[] _monthByChunk;
    // The year end's and the yearly occupation update's the same way.
    private readonly YearCounts[] _yearByChunk;
    private readonly List<ushort>[] _tasksByChunk;
    private ChunkAction? _countYear, _updateOccupations;
    private ChunkAction? _countMonth;

    private void ForChunks(ChunkAction action)
    {
        int chunks = _chunks.Length, threads = Threads;
        if (threads == 1)
        {
            for (int c = 0; c < chunks; c++) action(c * ChunkSize, Math.Min(Population.Count, (c + 1) * ChunkSize), c);
            return;
        }
        // (A pool of parked worker threads was tried in place of Parallel.For: it saved the 5 KB Parallel.For allocates
        // per tick but woke up more slowly, 10-20 % slower at 10 k and 100 k residents on 2 threads.)
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            c => action(c * ChunkSize, Math.Min(Population.Count, (c + 1) * ChunkSize), c));
    }

    // The phases' delegates, made once (a lambda capturing the tick would allocate every tick); they read the week being
    // run from Tick (advanced only at the end of Step) and its offer from this field.
    private ChunkAction? _prepareTies, _decide, _experience;
    private Week _phaseWeek;

    private delegate void ChunkAction(int lo, int hi, int chunk);
}
