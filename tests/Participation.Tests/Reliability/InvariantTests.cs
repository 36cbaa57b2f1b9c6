using Participation.Outcomes;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// State invariants over every shipped scenario (and template) and many seeds: each scenario shrunk to a small
/// community and a short window around its policies, run with <see cref="SimulationOptions.CheckInvariants"/> (every
/// share in [0, 1] and finite, roles consistent with spells, after every tick), and its tables checked too.
/// </summary>
public class InvariantTests(ITestOutputHelper output) : ReliabilityCli
{
    /// <summary>Seeds per scenario: 3 in CI; <c>FUZZ_ITERATIONS</c> / 1000 (up to 200) for the long version.</summary>
    private static int SeedsPerScenario => Math.Clamp(ScenarioFuzzTests.Iterations(3000) / 1000, 3, 200);

    public static IEnumerable<object[]> ShippedScenarios()
    {
        string root = TestScenarios.RepoRoot();
        return Directory.GetFiles(Path.Combine(root, "scenarios"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}targets{Path.DirectorySeparatorChar}"))
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).Select(f => new object[] { f });
    }

    /// <summary>The scenario with about <paramref name="households"/> households in all and two years from its first policy.</summary>
    internal static Scenario Shrunk(Scenario s, int households = 160)
    {
        long total = s.Compounds.Values.Sum(c => (long)c.Households);
        var compounds = s.Compounds.ToDictionary(c => c.Key, c =>
        {
            int h = (int)Math.Max(1, c.Value.Households * households / total);
            return c.Value with { Households = h, Buildings = Math.Clamp(c.Value.Buildings * h / c.Value.Households, 1, h) };
        }, StringComparer.OrdinalIgnoreCase);
        var firstPolicy = s.Policies.Values.Where(p => p.Enabled && p.Start > s.Calendar.Start).Select(p => p.Start).DefaultIfEmpty(s.Calendar.End.AddYears(-2)).Min();
        var start = firstPolicy.AddDays(-7 * 26);
        if (start < s.Calendar.Start) start = s.Calendar.Start;
        var end = start.AddYears(2) < s.Calendar.End ? start.AddYears(2) : s.Calendar.End;
        return s with
        {
            Compounds = compounds,
            Calendar = new CalendarSettings { Start = start, End = end, ReportFrom = start, RegisterDate = end },
        };
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void State_stays_in_range_for_every_shipped_scenario_and_many_seeds(string file)
    {
        Scenario full;
        try { full = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), file)); }
        catch (ScenarioException e) when (e.Key.Contains("kind")) { output.WriteLine($"{file}: skipped ({e.Message})"); return; } // a plugin's kinds
        var scenario = Shrunk(full);
        int ticks = 0;
        for (int k = 0; k < SeedsPerScenario; k++)
        {
            ulong seed = (ulong)(1000 * k + 17);
            var model = Model.Create(scenario, seed, null, new SimulationOptions { CheckInvariants = true });
            var result = model.Run(); // Invariants.Check after every tick throws on the first value out of range
            ticks += model.Calendar.TickCount;
            CheckTables(result, $"{file}, seed {seed}");
        }
        output.WriteLine($"{file}: {SeedsPerScenario} seeds, {ticks} ticks checked, {scenario.Compounds.Values.Sum(c => c.Households)} households");
    }

    /// <summary>Every share in the tables within [0, 1] (or NaN where undefined), counts non-negative, money finite.</summary>
    internal static void CheckTables(RunResult r, string what)
    {
        foreach (var w in r.Weekly)
        {
            Share(w.ParticipationRateWeekly); Share(w.MeanTrust); Share(w.MeanCommitteeTrust); Share(w.MeanReciprocity); Share(w.MeanBelonging);
            Share(w.MeanResponsibility); Share(w.MeanEfficacy); Share(w.MeanBackboneFatigue); Share(w.MeanBackboneIdentity);
            Assert.True(w.Adults >= 0 && w.Participants >= 0 && w.Participants <= w.Adults && w.Backbones >= 0 && w.Mentors <= w.Backbones
                && w.ProblemsUnresolved >= 0 && w.TasksByStaff <= w.TasksSentDown, $"{what}: week {w.Date} counts out of range");
            Assert.True(double.IsFinite(w.Spent) && w.Spent >= 0, $"{what}: week {w.Date} spent {w.Spent}");
        }
        foreach (var m in r.Monthly)
        {
            Share(m.ParticipationRate); Share(m.BackboneFrequency1To2); Share(m.Under35Participants); Share(m.OnlineClubMembership);
            Share(m.Register.ServiceOver3Years); Share(m.Register.ServiceUnder6Months);
        }
        foreach (var a in r.Annual) { Share(a.Top10TaskShare); Share(a.TaskGini); Share(a.ParticipationRateYear); }
        Assert.All(r.Spells, s => Assert.True(s.End >= s.Start, $"{what}: a spell ends before it starts"));
        Assert.All(r.SpentByPolicy, s => Assert.True(double.IsFinite(s) && s >= 0, $"{what}: a policy spent {s}"));

        void Share(double v) => Assert.True(double.IsNaN(v) || (v >= 0 && v <= 1 + 1e-9), $"{what}: a share of {v}");
    }

    [Fact]
    public void Run_check_option_checks_every_tick_and_gives_the_same_tables()
    {
        string plain = Path.Combine(Temp, "plain"), check = Path.Combine(Temp, "check");
        string[] shorter = ["--set", "calendar.end=2017-06-30", "--set", "calendar.registerDate=2017-06-30"];
        Ok(Cli(["run", Scenario, "--out", plain, "--quiet", "--replications", "2", .. shorter]));
        Ok(Cli(["run", Scenario, "--out", check, "--quiet", "--replications", "2", "--check", .. shorter]));
        SameBytes(plain, check, Tables);
    }

    [Fact]
    public void A_broken_invariant_stops_the_run_naming_the_tick_resident_and_value()
    {
        var model = Model.Create(Shrunk(ScenarioLoader.Load(Scenario)), 5, null, new SimulationOptions { CheckInvariants = true });
        model.RunUntil(10);
        model.Population.Trust[3] = float.NaN; // what a bug in a rule would do
        var e = Assert.Throws<InvalidOperationException>(model.Step);
        Assert.Contains("resident 3 has trust = NaN, outside [0, 1]", e.Message);
        Assert.Contains("tick 10", e.Message);
    }
}
