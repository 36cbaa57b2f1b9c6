using System.Text;
using Participation.HighPerformance;
using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
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

    /// <summary>
    /// True runs the week's phases by their reference bodies (<see cref="ReferencePhases"/>) instead of the fast kernels,
    /// with the same results bit for bit (for the test that says so; slower).
    /// </summary>
    internal bool ReferenceBodies { get; init; }

    /// <summary>Told when each phase of a tick ends (the benchmarks' <c>phases</c> command times them); none by default.</summary>
    internal IPhaseClock? PhaseClock { get; init; }
}

/// <summary>
/// The model: population, network, policies and calendar, advanced one week at a time by <see cref="Step"/>.
/// Each phase of a tick reads the state the previous phase left and writes only each resident's own
/// fields (or runs sequentially over counter-ordered claimants), so results do not depend on the order of
/// residents nor on the number of threads. The phases are written one file each in <c>Participation.Rules</c>
/// (docs/architecture.md); what carries from one week to the next is one object, <see cref="ModelState"/>.
/// </summary>
/// <example>
/// <code>
/// var scenario = ScenarioLoader.Load("scenarios/x-shaoxing.json");
/// var model = Model.Create(scenario, seed: 42);
/// RunResult result = model.Run();
/// Console.WriteLine(result.Register.ServiceOver3Years);
/// </code>
/// </example>
public sealed class Model
{
    private readonly SimulationOptions _options;
    private readonly ModelState _state;
    private readonly Week _week;
    private readonly IWeekPhases _phases;
    private readonly Recruitment _recruitment;
    private readonly Recorders? _recorders;
    private readonly PolicyContext _policyContext;
    private readonly bool[] _policyActive;
    private readonly List<ushort> _yearTasks = [];
    // The parallel phases' delegates, made once (a lambda capturing the tick would allocate every tick); they read the
    // week being run from _week.
    private readonly ChunkAction _occupations, _hearAndDecide, _serve, _experience, _newcomers, _closeMonth, _closeYear;

    private Model(Scenario scenario, ulong seed, ModelState state, SimulationOptions options, ModelExtensions extensions)
    {
        Scenario = scenario; Seed = seed; _state = state; _options = options;
        Calendar = new Calendar(scenario.Calendar);
        var pop = state.Population;
        _week = new Week(scenario, seed, pop, state.Network, state.Levers, state.Ledger, extensions.DecisionRule ?? DecisionRule.Standard,
            options.Threads, options.CheckInvariants, teams: state.Teams)
        {
            Clock = options.PhaseClock, Spells = options.Record ? state.Records.Log.Spells : null,
        };
        _phases = options.ReferenceBodies ? new ReferencePhases() : new FastPhases(_week);
        _recruitment = new Recruitment(pop.Count);
        if (options.Record) _recorders = new Recorders(this, _week, state.Records, extensions.Outcomes.ToArray());
        _policyContext = new PolicyContext(scenario, pop, state.Network, state.Levers, seed, state.SpentByPolicy);
        _policyActive = new bool[state.Policies.Length];
        _occupations = chunk => Occupations.Update(_week, chunk);
        _hearAndDecide = chunk => _phases.HearAndDecide(_week, chunk);
        _serve = chunk => Teams.Serve(_week, chunk);
        _experience = chunk =>
        {
            _phases.ExperienceAndRoles(_week, chunk);
            Turnover.FindLeaving(_week, chunk); // which households will move out (drawn here, in parallel)
        };
        _newcomers = chunk => Turnover.DrawNewcomers(_week, chunk);
        _closeMonth = chunk => _phases.CloseMonth(_week, chunk);
        _closeYear = chunk =>
        {
            Bookkeeping.ListYearTasks(_week.Population, chunk);
            Bookkeeping.ResetYear(_week.Population, chunk);
        };
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
        var state = new ModelState(scenario, population, network, policies, CustomNames(extensions));
        return new Model(scenario, seed, state, options ?? new SimulationOptions(), extensions);
    }

    /// <summary>The scenario's policies, created from the kinds of <paramref name="catalog"/> (default: built-in).</summary>
    private static Policy[] CreatePolicies(Scenario scenario, PolicyCatalog? catalog)
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
        return policies.ToArray();
    }

    private static string[] CustomNames(ModelExtensions extensions) => extensions.Outcomes.Select(o => o.Name).ToArray();

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario { get; }
    /// <summary>Seed of this replication.</summary>
    public ulong Seed { get; }
    /// <summary>The residents' state.</summary>
    public Population Population => _state.Population;
    /// <summary>The social network.</summary>
    public SocialNetwork Network => _state.Network;
    /// <summary>The calendar.</summary>
    public Calendar Calendar { get; }
    /// <summary>The levers policies set this tick.</summary>
    public Levers Levers => _state.Levers;
    /// <summary>The policies, in scenario order.</summary>
    public IReadOnlyList<Policy> Policies => _state.Policies;
    /// <summary>The next tick to run.</summary>
    public int Tick => _state.Tick;
    /// <summary>True when every tick has run.</summary>
    public bool Finished => Tick >= Calendar.TickCount;
    /// <summary>Outcomes recorded so far.</summary>
    public OutcomeLog Outcomes => _state.Records.Log;

    /// <summary>What the policies saw in the last tick (tests inspect coverage through it).</summary>
    internal PolicyContext PolicyContext => _policyContext;

    /// <summary>Everything that carries from one week to the next (tests compare it).</summary>
    internal ModelState State => _state;

    /// <summary>The week's phases the model runs: the fast kernels, or the reference bodies (tests read their caches).</summary>
    internal IWeekPhases Phases => _phases;

    /// <summary>Yuan each policy has spent so far, in scenario order.</summary>
    public IReadOnlyList<double> SpentByPolicy => _state.SpentByPolicy;

    /// <summary>Runs every remaining tick and returns the result.</summary>
    public RunResult Run(IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        RunUntil(int.MaxValue, progress, cancellation);
        return Result();
    }

    /// <summary>Runs ticks until <paramref name="tick"/> is the next to run (or the run is finished).</summary>
    /// <param name="tick">The tick to stop before.</param>
    /// <param name="progress">Receives the tick every 64 ticks.</param>
    /// <param name="cancellation">Stops the run.</param>
    public void RunUntil(int tick, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        while (Tick < tick && !Finished)
        {
            cancellation.ThrowIfCancellationRequested();
            Step();
            if ((Tick & 63) == 0) progress?.Report(Tick);
        }
    }

    /// <summary>The result so far: recorded outcomes, spells (open ones censored) and the register view.</summary>
    public RunResult Result()
    {
        var log = Outcomes;
        var spells = new List<TenureSpell>(log.Spells);
        var pop = Population;
        for (int i = 0; i < pop.Count; i++)
            if (pop.BackboneSince[i] >= 0)
                spells.Add(new TenureSpell(i, pop.BackboneSince[i], Tick, pop.AgeAt(i, pop.BackboneSince[i]), SpellEnd.Censored));
        return new RunResult(Scenario, Seed, Calendar, log.Weekly.ToArray(), log.Monthly.ToArray(), log.Annual.ToArray(),
            spells.ToArray(), log.Register, _state.Policies.Select(p => p.Name).ToArray(), (double[])_state.SpentByPolicy.Clone())
        {
            Custom = log.CustomSeries(),
        };
    }

    /// <summary>Advances the model by one week: the phases of docs/model.md in order, then the recorders, then the bookkeeping.</summary>
    public void Step()
    {
        if (Finished) throw new InvalidOperationException($"the run is finished: all {Calendar.TickCount} ticks have run");
        int t = Tick;
        var date = Calendar.WeekStart(t);
        var w = _week;
        var clock = _options.PhaseClock;
        w.Tick = t;
        foreach (var chunk in w.Chunks) chunk.Totals = default;

        // 0. Year start: residents age into new occupations.
        if (Calendar.StartsYear(t) && t > 0) w.ForChunks(_occupations);

        // 1. Policies set their levers; the week's activities and tasks are offered.
        SetLevers(t, date);
        w.Offer = Offers.Of(w, Calendar, _state.AdultsLastWeek);
        clock?.Ended(TickPhase.Offer);

        // 2-3. Hearing and decisions (parallel over chunks); tasks go to backbones (sequential: weighted draws in index order).
        _phases.BeforeDecisions(w);
        clock?.Ended(TickPhase.CountTies);
        w.ForChunks(_hearAndDecide);
        clock?.Ended(TickPhase.Decide);
        int tasksToBackbones = _phases.AllocateTasks(w);
        // 3c. Volunteer teams hold their activities; their members serve (parallel over chunks).
        Teams.Schedule(w);
        w.ForChunks(_serve);
        clock?.Ended(TickPhase.AllocateTasks);

        // 4-5. Experience and roles, and which households will move out in phase 6 (parallel over chunks).
        w.ForChunks(_experience);
        var totals = ChunkTotals.Sum(w.Chunks);
        clock?.Ended(TickPhase.ExperienceAndRoles);

        // 5. Exits, then recruitment into open roles (sequential, counter-ordered claimants).
        int exits = Roles.ApplyExits(w);
        var (entries, partyEntries) = _recruitment.Recruit(w, totals.Backbones);
        // 5c. At a month's end volunteers leave, teams dissolve or are founded, and teams recruit (sequential).
        bool monthEnds = Calendar.EndsMonth(t) || t == Calendar.TickCount - 1;
        if (monthEnds) Teams.Month(w);
        clock?.Ended(TickPhase.ExitsAndRecruitment);

        // 6. Turnover: households leave (in household order), newcomers arrive (drawn in parallel).
        var (moved, movedExits) = Turnover.MoveOut(w);
        if (moved > 0) w.ForChunks(_newcomers);
        clock?.Ended(TickPhase.Turnover);
        exits += movedExits;
        int backbonesNow = totals.Backbones + entries - movedExits;
        _state.AdultsLastWeek = totals.Adults;

        // Problems: solutions, complaints and forgetting scheduled; policies settle.
        var (solved, complaints) = _state.Problems.Week(t, w.Offer, totals, Scenario.Administration.PatienceWeeks);
        double spent = Settle();
        clock?.Ended(TickPhase.Settle);

        // 7. Outcomes: the recorders only read the model.
        _recorders?.Record(t, date, new Recorders.WeekResults(totals, backbonesNow, tasksToBackbones, entries, partyEntries, exits,
            solved, complaints, moved, spent));
        clock?.Ended(TickPhase.Outcomes);

        // 8. Bookkeeping: the month and the year close (eligibility reads the streaks, recruitment the top share); this
        // week's participations become last week's.
        bool last = t == Calendar.TickCount - 1;
        if (monthEnds) CloseMonth(t);
        if (Calendar.EndsYear(t) || last) CloseYear();
        (Population.ParticipationPrev, Population.ParticipationNow) = (Population.ParticipationNow, Population.ParticipationPrev);
        clock?.Ended(TickPhase.Bookkeeping);
        if (_options.CheckInvariants)
        {
            Invariants.Check(Population, t);
            if (_phases is FastPhases fast) fast.CheckTieCounts(w);
        }
        _state.Tick = t + 1;
    }

    /// <summary>Phase 1: the levers reset to the scenario's baseline, then every policy active this week sets its own (scenario order).</summary>
    private void SetLevers(int t, DateOnly date)
    {
        Levers.Reset();
        _policyContext.Tick = t; _policyContext.Date = date;
        var policies = _state.Policies;
        for (int k = 0; k < policies.Length; k++)
        {
            _policyActive[k] = policies[k].Settings.IsActive(date);
            if (!_policyActive[k]) continue;
            _policyContext.Current = k;
            policies[k].SetLevers(_policyContext);
        }
    }

    /// <summary>The active policies settle (scenario order): accrue, reward, pay. Returns the yuan spent this week.</summary>
    private double Settle()
    {
        double spent = 0;
        var policies = _state.Policies;
        for (int k = 0; k < policies.Length; k++)
        {
            if (!_policyActive[k]) continue;
            _policyContext.Current = k;
            double before = _state.SpentByPolicy[k];
            policies[k].Settle(_policyContext);
            spent += _state.SpentByPolicy[k] - before;
        }
        return spent;
    }

    /// <summary>Month end: every resident's streak of months with a participation rolls on and the month's count starts again.</summary>
    private void CloseMonth(int t)
    {
        var pop = Population;
        byte[]? expected = null;
        if (_options.CheckInvariants)
        {
            expected = new byte[pop.Count];
            for (int i = 0; i < pop.Count; i++) expected[i] = Bookkeeping.NextStreak(pop.MonthStreak[i], pop.MonthCount[i]);
        }
        _week.ForChunks(_closeMonth);
        Teams.CloseMonth(_state.Teams);
        if (expected is null) return;
        for (int i = 0; i < pop.Count; i++)
            if (pop.MonthStreak[i] != expected[i] || pop.MonthCount[i] != 0)
                throw new InvalidOperationException($"tick {t}: resident {i} has month streak {pop.MonthStreak[i]} and count {pop.MonthCount[i]}, expected {expected[i]} and 0");
    }

    /// <summary>Year end: last year's top-10 % task share for recruitment, and the task ledger starts again.</summary>
    private void CloseYear()
    {
        _week.ForChunks(_closeYear);
        Bookkeeping.CloseYear(_week, _yearTasks);
        Teams.CloseYear(_state.Teams);
    }

    /// <summary>The model's whole state at the start of the next tick, as bytes (see <see cref="Checkpoint"/>).</summary>
    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) WriteState(w);
        return stream.ToArray();
    }

    /// <summary>Writes the model's whole state at the start of the next tick.</summary>
    public void WriteState(BinaryWriter w) => _state.Write(w, Seed);

    /// <summary>
    /// A model of <paramref name="scenario"/> in the state <paramref name="state"/> (from <see cref="SaveState"/>):
    /// the same scenario continues the run; a variant (checked with <see cref="Checkpoint.CheckFork"/>) forks it.
    /// Policies are matched by name and kind; a variant's new policies start fresh.
    /// </summary>
    /// <param name="scenario">The scenario to continue with.</param>
    /// <param name="state">The saved state.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <param name="options">Threads and checks.</param>
    /// <exception cref="CheckpointException">The state does not fit this build or the scenario.</exception>
    /// <param name="extensions">The decision rule and custom outcomes the saved model had (the population comes from the state).</param>
    public static Model Restore(Scenario scenario, byte[] state, PolicyCatalog? catalog = null, SimulationOptions? options = null,
        ModelExtensions? extensions = null)
    {
        extensions ??= ModelExtensions.None;
        using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        try
        {
            var (saved, seed) = ModelState.Read(r, scenario, () => CreatePolicies(scenario, catalog), CustomNames(extensions));
            return new Model(scenario, seed, saved, options ?? new SimulationOptions(), extensions);
        }
        catch (EndOfStreamException) { throw new CheckpointException("the checkpoint's model state is truncated"); }
    }
}
