using Participation.HighPerformance;
using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Rules;

/// <summary>
/// Every fast kernel (<c>Participation.HighPerformance</c>) against its reference body (<c>Participation.Rules</c>) on
/// random states: two copies of a random community, one run through <see cref="ReferencePhases"/>, the other through
/// <see cref="FastPhases"/>, phase after phase of the contract (<see cref="IWeekPhases"/>), over several weeks so the
/// kernels' cache is updated as well as built; after each phase every array of the population and the levers and every
/// chunk's results must be identical, bit for bit. The communities have odd sizes and are split into chunks of odd
/// lengths, so the vector loops start at every lane position and stop short at every chunk edge; the scalar tails run
/// too, and so do the formulas they share with the reference bodies.
/// </summary>
public class KernelTests
{
    /// <summary>Residents (about), chunk lengths (repeated to cover the residents), threads.</summary>
    public static TheoryData<int, int[], int> Layouts => new()
    {
        { 25, [1, 2, 3, 5, 7, 11], 1 },
        { 300, [37, 33, 31, 29, 64, 9, 100], 1 },
        { 1200, [4096], 2 },
        { 9000, [4095, 1, 4089, 17, 2048, 3], 2 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_kernel_gives_what_its_reference_body_gives(int households, int[] chunkLengths, int threads)
    {
        var rng = new Random(households);
        var scenario = TestScenarios.Small(households: Math.Max(2, households / 3), years: 30);
        var pop = RandomPopulation(scenario, rng);
        var net = NetworkGenerator.Generate(pop, scenario.Network, 5);
        var levers = RandomLevers(scenario, pop.Count, rng);
        var ends = new List<int>();
        for (int end = 0, k = 0; end < pop.Count; k++) ends.Add(end = Math.Min(pop.Count, end + chunkLengths[k % chunkLengths.Length]));

        var plain = new World(scenario, pop, net, levers, threads, ends, fast: false);
        var fast = new World(scenario, TestState.Copy(pop), net, TestState.Copy(levers, scenario), threads, ends, fast: true);
        for (int week = 0; week < 6; week++)
        {
            var offer = RandomOffer(rng, week);
            var events = Enumerable.Range(0, pop.CompoundCount).Select(_ => rng.Next(0, Offers.MaxEvents + 1)).ToArray();
            foreach (var w in new[] { plain, fast }) w.StartWeek(600 + week, offer with { Events = events.Sum() }, events);

            Phase("before the decisions and phases 2-3", w => { w.Phases.BeforeDecisions(w.Week); w.Week.ForChunks(c => w.Phases.HearAndDecide(w.Week, c)); });
            Phase("3b, tasks", w => w.Tasks = w.Phases.AllocateTasks(w.Week));
            Phase("4-5, experience and roles", w => w.Week.ForChunks(c => w.Phases.ExperienceAndRoles(w.Week, c)));
            Phase("the month's end", w => w.Week.ForChunks(c => w.Phases.CloseMonth(w.Week, c)));
            ((FastPhases)fast.Phases).CheckTieCounts(fast.Week); // the kernels' cache after the week equals a full recount
            Assert.True(fast.Week.Chunks.Sum(c => c.Totals.Participants) > 0, "someone should take part for the comparison to mean something");

            // The week's recorder kernels, on the same state.
            int youngFrom = MonthCounts.BornAfterIsUnder35(600 + week);
            foreach (var c in fast.Week.Chunks)
                Assert.Equal(MonthCounts.Of(fast.Week.Population, c.First, c.End, youngFrom), MonthKernels.CountMonth(fast.Week.Population, c.First, c.End, youngFrom));
            var backbones = new List<int>();
            RoleScan.ListBackbones(fast.Week.Population.Role, backbones);
            Assert.Equal(Enumerable.Range(0, pop.Count).Where(i => fast.Week.Population.Role[i] >= Role.Backbone), backbones);

            // The next week: this week's participations are last week's; some residents come of age, become backbones or
            // leave the role, and the policies change the levers (the kernels' cache must follow).
            foreach (var w in new[] { plain, fast }) NextWeek(w, new Random(week));
        }

        void Phase(string name, Action<World> run)
        {
            run(plain);
            run(fast);
            var differences = TestState.Differences(plain.Week.Population, fast.Week.Population).ToList();
            Assert.True(differences.Count == 0, $"{name}: the kernels' population differs from the reference bodies': {string.Join("; ", differences.Take(5))}");
            Assert.Equal(plain.Tasks, fast.Tasks);
            Assert.Equal(plain.Week.ParticipantsInCompound, fast.Week.ParticipantsInCompound);
            Assert.Equal(plain.Week.RegularsInCompound, fast.Week.RegularsInCompound);
            foreach (var (a, b) in plain.Week.Chunks.Zip(fast.Week.Chunks))
            {
                foreach (var field in typeof(ChunkTotals).GetFields())
                    Assert.True(TestState.Same(field.GetValue(a.Totals), field.GetValue(b.Totals)),
                        $"{name}: chunk {a.Index} ({a.First}..{a.End}) totals.{field.Name}: {field.GetValue(a.Totals)} against {field.GetValue(b.Totals)}");
                Assert.Equal(a.Participants, b.Participants);
                Assert.Equal(a.Exits, b.Exits);
                Assert.Equal(a.Claimants, b.Claimants);
            }
        }
    }

    [Fact]
    public void A_model_run_by_its_reference_bodies_gives_the_same_tables_and_state()
    {
        // The whole model: policies acting, households moving, children coming of age, party members inviting.
        var baseline = Reliability.CheckpointTests.WithStatefulPolicies(years: 4);
        var scenario = baseline with
        {
            Turnover = new TurnoverSettings { RenterMoveOut = 0.3, OwnerMoveOut = 0.1 },
            Policies = new Dictionary<string, PolicySettings>(baseline.Policies, StringComparer.OrdinalIgnoreCase)
            {
                ["squads"] = new() { Kind = "partyVolunteerSquads", Start = baseline.Calendar.Start.AddMonths(14), Scale = 1, UnitCost = 10 },
            },
        };
        var fast = Model.Create(scenario, 21, options: new SimulationOptions { Threads = 2 });
        var plain = Model.Create(scenario, 21, options: new SimulationOptions { Threads = 1, ReferenceBodies = true });
        Assert.IsType<ReferencePhases>(plain.Phases);
        var expected = plain.Run();
        var actual = fast.Run();
        Assert.Equal(expected.Weekly, actual.Weekly);
        Assert.Equal(expected.Monthly, actual.Monthly);
        Assert.Equal(expected.Annual, actual.Annual);
        Assert.Equal(expected.Spells, actual.Spells);
        Assert.Equal(expected.Register, actual.Register);
        Assert.Equal(expected.SpentByPolicy, actual.SpentByPolicy);
        Assert.Equal(plain.SaveState(), fast.SaveState());
        Assert.True(expected.SpentByPolicy.All(x => x > 0), "every policy should have acted: " + string.Join(", ", expected.PolicyNames.Zip(expected.SpentByPolicy)));
        Assert.True(expected.Weekly.Sum(w => w.HouseholdsMoved) > 0 && expected.Spells.Count > 10, "households should move and backbones leave");
    }

    /// <summary>One copy of the random community and the phases it is run through.</summary>
    private sealed class World
    {
        public World(Scenario scenario, Population pop, SocialNetwork net, Levers levers, int threads, IReadOnlyList<int> ends, bool fast)
        {
            Week = new Week(scenario, 99, pop, net, levers, new TaskLedger(), DecisionRule.Standard, threads, checkInvariants: fast, chunkEnds: ends);
            Phases = fast ? new FastPhases(Week) : new ReferencePhases();
        }

        public Week Week { get; }
        public IWeekPhases Phases { get; }
        public int Tasks { get; set; }

        public void StartWeek(int tick, WeekOffer offer, int[] events)
        {
            Week.Tick = tick; Week.Offer = offer;
            events.CopyTo(Week.EventsInCompound, 0);
            foreach (var chunk in Week.Chunks) chunk.Totals = default;
        }
    }

    /// <summary>A generated community whose state is then drawn at random: roles, attitudes, history, participation.</summary>
    private static Population RandomPopulation(Scenario scenario, Random rng)
    {
        var pop = PopulationGenerator.Generate(scenario, 7);
        const int now = 600;
        for (int i = 0; i < pop.Count; i++)
        {
            bool adult = pop.Occupation[i] != Occupation.Child;
            pop.PartyMember[i] = (byte)(adult && rng.NextDouble() < 0.15 ? 1 : 0);
            pop.WeakTiesActive[i] = (byte)rng.Next(2);
            pop.InOnlineGroup[i] = (byte)rng.Next(2);
            foreach (var a in new[] { pop.Trust, pop.CommitteeTrust, pop.Reciprocity, pop.Belonging, pop.Responsibility, pop.Efficacy, pop.Fatigue, pop.Identity })
                a[i] = (float)rng.NextDouble();
            pop.Reliability[i] = rng.NextDouble() < 0.7 ? 0f : (float)(rng.NextDouble() * 5);
            pop.ParticipationPrev[i] = (byte)(adult && rng.NextDouble() < 0.3 ? rng.Next(1, 4) : 0);
            pop.MonthCount[i] = (ushort)(rng.NextDouble() < 0.4 ? rng.Next(0, 12) : 0);
            pop.MonthStreak[i] = (byte)rng.Next(0, 5);
            pop.ProjectsLed[i] = (byte)rng.Next(0, 4);
            pop.TasksThisYear[i] = (ushort)rng.Next(0, 30);
            pop.Last4[i] = (ushort)rng.Next(0, 8); pop.Last13[i] = (ushort)rng.Next(0, 20);
            for (int h = 0; h < Population.HistoryWeeks; h++) pop.History[(long)i * Population.HistoryWeeks + h] = (byte)rng.Next(0, 3);
            SetRole(pop, i, !adult ? Role.Inactive : (Role)rng.Next(0, 5), now - rng.Next(0, 400));
        }
        return pop;
    }

    private static void SetRole(Population pop, int i, Role role, int since)
    {
        pop.Role[i] = role;
        pop.BackboneSince[i] = role >= Role.Backbone ? since : -1;
        pop.HeldRoleThisYear[i] = (byte)(role >= Role.Backbone ? 1 : 0);
    }

    private static Levers RandomLevers(Scenario scenario, int residents, Random rng)
    {
        var levers = new Levers(scenario, residents);
        for (int i = 0; i < residents; i++)
        {
            levers.Reward[i] = rng.NextDouble() < 0.3 ? (float)rng.NextDouble() * 2 : 0f;
            levers.ExitHazardFactor[i] = (float)(0.5 + rng.NextDouble());
            levers.CapacityFactor[i] = (float)(0.5 + rng.NextDouble());
            levers.IdentityBonus[i] = rng.NextDouble() < 0.2 ? (float)rng.NextDouble() * 0.1f : 0f;
            levers.InviteBoost[i] = rng.NextDouble() < 0.2 ? (float)rng.NextDouble() * 0.3f : 0f;
            levers.RecruitWeight[i] = (float)(0.5 + rng.NextDouble());
        }
        levers.TouchPerResident();
        levers.MentorshipRuns = true;
        levers.TaskExponentFactor = 0.5 + rng.NextDouble();
        return levers;
    }

    /// <summary>A week's offer with every probability and factor drawn (party members invite in some weeks, not others).</summary>
    private static WeekOffer RandomOffer(Random rng, int week) => new(
        Council: week % 2 == 0, SentDown: rng.Next(0, 20), ByStaff: rng.Next(0, 5), Disputes: rng.Next(0, 5), Projects: rng.Next(0, 4), Events: 0,
        StaffInviteProbability: (float)rng.NextDouble() * 0.2f, InvitationsPerBackbone: (float)rng.NextDouble() * 3,
        PartyInvitations: week % 3 == 1 ? 0f : (float)rng.NextDouble() * 2, HeardProbability: (float)rng.NextDouble(),
        ApprovalWeeks: rng.Next(0, 30), LocalWeeks: rng.Next(0, 5), Notice: (float)rng.NextDouble() * 0.5f,
        Online: (float)rng.NextDouble(), InfluenceFactor: (float)(0.5 + rng.NextDouble()), TimeCostFactor: (float)(0.5 + rng.NextDouble()));

    /// <summary>The same changes in both copies (the same seed): what happens between two weeks, at random.</summary>
    private static void NextWeek(World w, Random rng)
    {
        var pop = w.Week.Population;
        (pop.ParticipationPrev, pop.ParticipationNow) = (pop.ParticipationNow, pop.ParticipationPrev);
        for (int i = 0; i < pop.Count; i++)
        {
            double u = rng.NextDouble();
            if (u < 0.01 && pop.Occupation[i] == Occupation.Child) pop.Occupation[i] = Occupation.Student; // comes of age
            else if (u < 0.03 && pop.Occupation[i] != Occupation.Child) SetRole(pop, i, pop.Role[i] >= Role.Backbone ? Role.Active : Role.Backbone, w.Week.Tick);
            if (rng.NextDouble() < 0.01) pop.WeakTiesActive[i] = 1;
        }
        w.Week.Levers.InviteBoost[rng.Next(pop.Count)] = 0.5f;
    }
}
