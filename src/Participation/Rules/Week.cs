using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Rules;

/// <summary>
/// What the phases of a week read and write: the residents, their ties, the levers the policies set, the scenario's
/// settings, the week being run and what it offers, and the chunks the parallel phases split the residents into.
/// One per model, its week and offer set anew each tick.
/// </summary>
/// <remarks>
/// Residents are split into fixed chunks of <see cref="ChunkSize"/> (the last one shorter); a parallel phase writes
/// each resident's own fields and its chunk's results, and the sequential phases read the chunks in order, so
/// results do not depend on the number of threads (docs/model.md, Determinism).
/// </remarks>
internal sealed class Week
{
    /// <summary>Residents per chunk (docs/model.md: chunked reductions).</summary>
    public const int ChunkSize = 4096;

    /// <summary>Creates the week of a model; <paramref name="chunkEnds"/> (tests only) splits the residents at other places.</summary>
    public Week(Scenario scenario, ulong seed, Population population, SocialNetwork network, Levers levers, TaskLedger ledger,
        DecisionRule rule, int threads, bool checkInvariants = false, IReadOnlyList<int>? chunkEnds = null, VolunteerTeams? teams = null)
    {
        Scenario = scenario; Seed = seed; Population = population; Network = network; Levers = levers; Ledger = ledger; Rule = rule;
        Teams = teams ?? new VolunteerTeams(population.Count);
        CheckInvariants = checkInvariants;
        var ends = chunkEnds ?? Enumerable.Range(1, (population.Count + ChunkSize - 1) / ChunkSize)
            .Select(c => Math.Min(population.Count, c * ChunkSize)).ToArray();
        Chunks = new Chunk[ends.Count];
        for (int c = 0, first = 0; c < ends.Count; first = ends[c], c++)
        {
            if (ends[c] <= first || ends[c] - first > ChunkSize || (c == ends.Count - 1 && ends[c] != population.Count))
                throw new ArgumentException($"chunk {c} ends at {ends[c]}: chunks must cover the residents in order, at most {ChunkSize} each", nameof(chunkEnds));
            Chunks[c] = new Chunk(c, first, ends[c]);
        }
        Threads = Math.Max(1, Math.Min(Chunks.Length, threads <= 0 ? Environment.ProcessorCount : threads));
        EventsInCompound = new int[population.CompoundCount];
        ParticipantsInCompound = new int[population.CompoundCount];
        RegularsInCompound = new int[population.CompoundCount];
        var a = scenario.Attitudes;
        MeanTrust = (float)a.Trust; MeanReciprocity = (float)a.Reciprocity; MeanBelonging = (float)a.Belonging;
        var tv = scenario.Turnover;
        LeaveTable = Turnover.LeaveTable(tv.RenterMoveOut, tv.OwnerMoveOut, tv.ElderExitAt65, tv.ElderExitSlope);
        Slots = (int)Math.Round(scenario.Roles.SlotsPerThousand * population.Count / 1000.0);
    }

    /// <summary>The scenario's settings.</summary>
    public Scenario Scenario { get; }
    /// <summary>Seed of the replication; every draw derives from it.</summary>
    public ulong Seed { get; }
    /// <summary>The residents' state.</summary>
    public Population Population { get; }
    /// <summary>The residents' ties.</summary>
    public SocialNetwork Network { get; }
    /// <summary>The levers the policies set this week.</summary>
    public Levers Levers { get; }
    /// <summary>The year's task ledger and last year's top-10 % task share.</summary>
    public TaskLedger Ledger { get; }
    /// <summary>The volunteer teams and party squads (phase 3c and the month's end of phase 5).</summary>
    public VolunteerTeams Teams { get; }
    /// <summary>The participation choice (phase 3).</summary>
    public DecisionRule Rule { get; }
    /// <summary>The chunks, in resident order.</summary>
    public Chunk[] Chunks { get; }
    /// <summary>Threads the parallel phases use (at most one per chunk).</summary>
    public int Threads { get; }
    /// <summary>Compare each week's cached and kernel results with their plain definition (slower).</summary>
    public bool CheckInvariants { get; }
    /// <summary>Told when each phase ends (the benchmarks' <c>phases</c> command); null by default.</summary>
    public IPhaseClock? Clock { get; init; }

    /// <summary>The week being run.</summary>
    public int Tick { get; set; }
    /// <summary>What the week offers, with the levers applied (phase 1).</summary>
    public WeekOffer Offer { get; set; }
    /// <summary>Community activities offered in each compound this week (phase 1).</summary>
    public int[] EventsInCompound { get; }
    /// <summary>This week's participants in each compound (after the decisions; read by the experience phase).</summary>
    public int[] ParticipantsInCompound { get; }
    /// <summary>How many of them are regulars: took part in the last four weeks too (phase 4: trust in the people met).</summary>
    public int[] RegularsInCompound { get; }
    /// <summary>Where ended backbone spells are recorded; null when the model runs without recorders.</summary>
    public List<TenureSpell>? Spells { get; init; }

    /// <summary>The scenario's mean trust, to which non-participants drift (phase 4).</summary>
    public float MeanTrust { get; }
    /// <summary>The scenario's mean reciprocity.</summary>
    public float MeanReciprocity { get; }
    /// <summary>The scenario's mean belonging.</summary>
    public float MeanBelonging { get; }
    /// <summary>Households' weekly probability of leaving by the oldest member's age (<see cref="Turnover.LeaveTable"/>).</summary>
    public double[][] LeaveTable { get; }
    /// <summary>Backbone roles before the slot lever: round(roles.slotsPerThousand · residents / 1000).</summary>
    public int Slots { get; }

    /// <summary>Runs <paramref name="action"/> on every chunk, on <see cref="Threads"/> threads.</summary>
    public void ForChunks(ChunkAction action)
    {
        var chunks = Chunks;
        if (Threads == 1)
        {
            foreach (var chunk in chunks) action(chunk);
            return;
        }
        // (A pool of parked worker threads was tried in place of Parallel.For: it saved the 5 KB Parallel.For allocates
        // per tick but woke up more slowly, 10-20 % slower at 10 k and 100 k residents on 2 threads.)
        Parallel.For(0, chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads }, c => action(chunks[c]));
    }

    /// <summary>Records the end of a backbone spell of resident <paramref name="i"/> (when recording) and marks it as out of the role.</summary>
    public void EndSpell(int i, int end, SpellEnd reason)
    {
        var pop = Population;
        int start = pop.BackboneSince[i];
        Spells?.Add(new TenureSpell(i, start, end, pop.AgeAt(i, start), reason));
        pop.BackboneSince[i] = -1;
    }
}

/// <summary>Work on one chunk of residents.</summary>
internal delegate void ChunkAction(Chunk chunk);

/// <summary>
/// One chunk's results of the week's parallel phases, read in chunk order by the sequential ones: sums and counts, this
/// week's participants by compound, backbones leaving, residents eligible for a role, households moving out (and at a
/// year's end the year's tasks of its role holders).
/// </summary>
internal sealed class Chunk(int index, int first, int end)
{
    /// <summary>Position in the chunk order.</summary>
    public int Index { get; } = index;
    /// <summary>First resident.</summary>
    public int First { get; } = first;
    /// <summary>One past the last resident.</summary>
    public int End { get; } = end;
    /// <summary>The chunk's sums and counts of this week.</summary>
    public ChunkTotals Totals;
    /// <summary>This week's participants, in runs of one compound (residents are stored compound by compound).</summary>
    public List<CompoundParticipants> Participants { get; } = [];
    /// <summary>Backbones whose exit draw came up this week, in index order.</summary>
    public List<int> Exits { get; } = [];
    /// <summary>Residents eligible for a backbone role, with what recruitment reads of them, in index order.</summary>
    public List<Claimant> Claimants { get; } = [];
    /// <summary>Households (by their first member in this chunk) that move out this week, in household order.</summary>
    public List<int> Leaving { get; } = [];
    /// <summary>At a year's end, the tasks of the chunk's residents who held the role during the year, in resident order.</summary>
    public List<ushort> YearTasks { get; } = [];
}

/// <summary>
/// Per-chunk partial sums of one week. Chunks have a fixed size and are summed in chunk order, so floating-point totals
/// are the same whatever the number of threads.
/// </summary>
internal struct ChunkTotals
{
    public int Adults, Participants, Invited, Backbones, Exiting, Mentors, TeamServices, AdhocTasks;
    public long Participations;
    public int ProblemsRaised, PendingLocal, PendingApproval, Ignored;
    public double Trust, CommitteeTrust, Reciprocity, Belonging, Responsibility, Efficacy, BackboneFatigue, BackboneIdentity;

    /// <summary>The chunks' totals added in chunk order.</summary>
    public static ChunkTotals Sum(Chunk[] chunks)
    {
        var t = new ChunkTotals();
        foreach (var chunk in chunks)
        {
            ref readonly var c = ref chunk.Totals;
            t.Adults += c.Adults; t.Participants += c.Participants; t.Invited += c.Invited;
            t.Backbones += c.Backbones; t.Exiting += c.Exiting; t.Mentors += c.Mentors; t.Participations += c.Participations;
            t.TeamServices += c.TeamServices; t.AdhocTasks += c.AdhocTasks;
            t.ProblemsRaised += c.ProblemsRaised; t.PendingLocal += c.PendingLocal; t.PendingApproval += c.PendingApproval;
            t.Ignored += c.Ignored;
            t.Trust += c.Trust; t.CommitteeTrust += c.CommitteeTrust; t.Reciprocity += c.Reciprocity;
            t.Belonging += c.Belonging; t.Responsibility += c.Responsibility; t.Efficacy += c.Efficacy;
            t.BackboneFatigue += c.BackboneFatigue; t.BackboneIdentity += c.BackboneIdentity;
        }
        return t;
    }
}

/// <summary>A chunk's participants of one compound this week, and how many of them are regulars (took part in the last four weeks).</summary>
internal readonly record struct CompoundParticipants(int Compound, int Participants = 0, int Regulars = 0);

/// <summary>
/// A resident eligible for a role, as the experience phase saw it: the random part of its recruitment key, −ln(1 − u),
/// its recruitment weight, its probability of accepting, and whether it was tied to a backbone.
/// </summary>
internal readonly record struct Claimant(int Resident, double BaseKey, float RecruitWeight, float Accept, bool TiedToBackbone);

/// <summary>
/// The phases of a week that have a fast kernel (<c>Participation.HighPerformance</c>) beside their reference body
/// (the files of this folder, written as the equations of docs/model.md). Both implement this contract with identical
/// results, bit for bit: <c>KernelTests</c> runs each kernel against its reference body on random states.
/// </summary>
internal interface IWeekPhases
{
    /// <summary>Once a week before the decisions, over all residents (the kernels bring their cache of ties up to date here).</summary>
    void BeforeDecisions(Week w);

    /// <summary>Phases 2 and 3 for one chunk: each adult hears of the week's activities and decides which to take part in; problems are raised.</summary>
    void HearAndDecide(Week w, Chunk chunk);

    /// <summary>Phase 3b: this week's tasks go to backbones, one weighted draw at a time (sequential). Returns the tasks handed out.</summary>
    int AllocateTasks(Week w);

    /// <summary>Phases 4 and 5 for one chunk: each adult's experience, then its role: participation role, eligibility, exit or mentorship.</summary>
    void ExperienceAndRoles(Week w, Chunk chunk);

    /// <summary>The month's end for one chunk: streaks roll on, the month's counts start again.</summary>
    void CloseMonth(Week w, Chunk chunk);
}

/// <summary>What is offered in one week, with the levers the policies set for it (phase 1).</summary>
internal readonly record struct WeekOffer(bool Council, int SentDown, int ByStaff, int Disputes, int Projects, int Events,
    float StaffInviteProbability, float InvitationsPerBackbone, float PartyInvitations, float HeardProbability,
    float ApprovalWeeks, float LocalWeeks, float Notice, float Online, float InfluenceFactor, float TimeCostFactor, int HandedToOthers = 0)
{
    /// <summary>Tasks sent down that land on the committee: those not handed to property companies and merchants.</summary>
    public int OnCommittee => SentDown - HandedToOthers;
}

/// <summary>The phases of a tick, in order, as <see cref="IPhaseClock"/> is told of them.</summary>
internal enum TickPhase
{
    /// <summary>The yearly occupation update, the policies' levers and the week's offer.</summary>
    Offer,
    /// <summary>What each resident's ties read of it: flags, inviters' factors, backbones and their task weights (parallel).</summary>
    PrepareTies,
    /// <summary>Tie counts brought up to date from the flags that changed.</summary>
    CountTies,
    /// <summary>Hearing and decisions (parallel).</summary>
    Decide,
    /// <summary>Tasks handed to backbones (sequential).</summary>
    AllocateTasks,
    /// <summary>Experience, roles, claimants and the households that will move (parallel).</summary>
    ExperienceAndRoles,
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
