using System.Reflection;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Checkpoints in the library: a model saved at a tick and restored runs on bit-identically to one never interrupted
/// (tables and final state), the file format refuses what it cannot read, and a fork must keep the community and past.
/// </summary>
public class CheckpointTests
{
    /// <summary>A small community with every policy kind that keeps state across weeks, all acting during the run.</summary>
    internal static Scenario WithStatefulPolicies(int years = 6)
    {
        var start = new DateOnly(2014, 1, 6);
        PolicySettings P(string kind, double scale = 1, params (string, double)[] parameters) => new()
        {
            Kind = kind, Start = start.AddYears(1), Scale = scale,
            Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase),
        };
        // Mentors after two years' service (instead of three), so the mentorship scheme acts within the run.
        return TestScenarios.Small(households: 700, years: years, roles: new RoleSettings { MentorServiceYears = 2 }, policies: new Dictionary<string, PolicySettings>(StringComparer.OrdinalIgnoreCase)
        {
            ["honours"] = P("honours", 0.5, ("substantiveShare", 0.8)),
            ["mentorship"] = P("mentorship", 1, ("menteesPerMentor", 4)) with { UnitCost = 200 },
            ["points"] = P("points", 0.7, ("perActivity", 5)),
            ["camp"] = P("trainingCamp", 0.5, ("every", 13)),
            ["platform"] = P("digitalPlatform", 0.6),
            ["drive"] = P("registrationDrive", 1.5) with { UnitCost = 10, End = start.AddYears(3) },
        }) with { Calendar = new CalendarSettings { Start = start, End = start.AddYears(years).AddDays(-1), RegisterDate = start.AddYears(years - 1), ReportFrom = start.AddYears(1) } };
    }

    private static SimulationOptions Checked => new() { CheckInvariants = true };

    [Fact]
    public void A_restored_model_runs_on_bit_identically_to_an_uninterrupted_one()
    {
        var scenario = WithStatefulPolicies();
        const ulong seed = 20240601;
        var whole = Model.Create(scenario, seed, null, Checked);
        var expected = whole.Run();
        byte[] finalState = whole.SaveState();

        int ticks = whole.Calendar.TickCount;
        foreach (int at in new[] { 0, 1, ticks / 2 + 3, ticks - 1 })
        {
            var first = Model.Create(scenario, seed, null, Checked);
            first.RunUntil(at);
            Assert.Equal(at, first.Tick);
            byte[] state = first.SaveState();

            var restored = Model.Restore(scenario, state, null, Checked);
            Assert.Equal(at, restored.Tick);
            Assert.Equal(state, restored.SaveState()); // restoring loses nothing
            var actual = restored.Run();

            Assert.Equal(expected.Weekly, actual.Weekly);
            Assert.Equal(expected.Monthly, actual.Monthly);
            Assert.Equal(expected.Annual, actual.Annual);
            Assert.Equal(expected.Spells, actual.Spells);
            Assert.Equal(expected.Register, actual.Register);
            Assert.Equal(expected.SpentByPolicy, actual.SpentByPolicy);
            Assert.True(finalState.AsSpan().SequenceEqual(restored.SaveState()), $"final state differs after a checkpoint at tick {at}");
        }
        Assert.True(expected.SpentByPolicy.All(s => s > 0), "every policy should have acted (and spent) for the test to mean something: " + string.Join(", ", expected.PolicyNames.Zip(expected.SpentByPolicy)));
    }

    [Fact]
    public void Checkpoint_files_round_trip_and_refuse_what_they_cannot_read()
    {
        var scenario = WithStatefulPolicies(years: 3);
        var model = Model.Create(scenario, 7);
        model.RunUntil(60);
        using var stream = new MemoryStream();
        Checkpoint.Write(stream, scenario, 99, 60, [7UL], [model.SaveState()]);
        byte[] bytes = stream.ToArray();

        var read = Checkpoint.Read(bytes, "good.bin");
        Assert.Equal(60, read.Header.Tick);
        Assert.Equal(99UL, read.Header.MasterSeed);
        Assert.Equal(new Participation.Time.Calendar(scenario.Calendar).WeekStart(60), read.Header.Date);
        Assert.Equal(ScenarioJson.ToJson(scenario), ScenarioJson.ToJson(read.Scenario));
        Assert.Equal(model.SaveState(), read.States[0]);

        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Read("{\"seed\": 1}"u8.ToArray(), "scenario.json"));
        Assert.Contains("scenario.json is not a checkpoint file", e.Message);

        byte[] otherVersion = (byte[])bytes.Clone();
        BitConverter.GetBytes(Checkpoint.FormatVersion + 1).CopyTo(otherVersion, 16);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(otherVersion, "v2.bin"));
        Assert.Contains($"v2.bin is a checkpoint of format version {Checkpoint.FormatVersion + 1}; this build reads version {Checkpoint.FormatVersion}", e.Message);

        e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(bytes[..(bytes.Length / 2)], "cut.bin"));
        Assert.Contains("cut.bin is damaged or truncated", e.Message);

        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1;
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(flipped, "flipped.bin"));
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void A_fork_must_keep_the_community_and_what_acts_before_the_checkpoint()
    {
        var original = WithStatefulPolicies();
        var calendar = new Participation.Time.Calendar(original.Calendar);
        int tick = 3 * 52;
        var date = calendar.WeekStart(tick);

        // Allowed: a new policy from the checkpoint on, another decision parameter, a later end, a policy's end moved after the date.
        var policies = original.Policies.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        policies["insurance"] = new PolicySettings { Kind = "insurance", Start = date };
        policies["points"] = policies["points"] with { End = date.AddYears(1) };
        var variant = original with
        {
            Policies = policies, Decision = original.Decision with { Intercept = -7 },
            Calendar = original.Calendar with { End = original.Calendar.End.AddYears(2) },
        };
        Checkpoint.CheckFork(original, variant, tick, date);

        void Refused(Scenario v, string key, string fragment)
        {
            var e = Assert.Throws<ScenarioException>(() => Checkpoint.CheckFork(original, v, tick, date));
            Assert.Equal(key, e.Key);
            Assert.Contains(fragment, e.Message);
        }
        Refused(original with { Seed = 2 }, "seed", "expected 1, as in the checkpoint's scenario (a fork from a checkpoint at");
        Refused(original with { Compounds = TestScenarios.Compounds(("old", CompoundType.Old, 351, 14), ("new", CompoundType.Commercial, 350, 8)) },
            "compounds.old", "= old, 351 households, 14 buildings: expected old, 350 households, 14 buildings, as in the checkpoint's scenario");
        Refused(original with { Calendar = original.Calendar with { Start = original.Calendar.Start.AddDays(7) } }, "calendar.start", "as in the checkpoint's scenario");
        Refused(original with { Calendar = original.Calendar with { End = date.AddDays(-1), RegisterDate = date.AddDays(-1) } }, "calendar.end", "a date after the checkpoint's week");
        var changedBefore = original.Policies.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        changedBefore["honours"] = changedBefore["honours"] with { Scale = 0.9 };
        Refused(original with { Policies = changedBefore }, "policies.honours", "since it acts before");
        var earlyNew = original.Policies.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        earlyNew["insurance"] = new PolicySettings { Kind = "insurance", Start = date.AddDays(-7) };
        Refused(original with { Policies = earlyNew }, "policies.insurance", "(absent)");
    }

    [Fact]
    public void A_fork_with_a_new_policy_runs_from_the_checkpoint_and_matches_until_the_policy_starts()
    {
        var original = WithStatefulPolicies(years: 5);
        var model = Model.Create(original, 11);
        int tick = 3 * 52 + 10;
        model.RunUntil(tick);
        byte[] state = model.SaveState();
        var baseline = model.Run();

        var date = model.Calendar.WeekStart(tick);
        var policies = original.Policies.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        policies["insurance"] = new PolicySettings { Kind = "insurance", Start = date.AddDays(70), Scale = 1, UnitCost = 100 };
        var variant = original with { Policies = policies };
        Checkpoint.CheckFork(original, variant, tick, date);
        var forked = Model.Restore(variant, state, null, Checked).Run();

        // Identical up to the week before the new policy starts; the new policy spends money afterwards.
        var before = baseline.Weekly.Where(w => w.Date < date.AddDays(70)).ToList();
        Assert.Equal(before, forked.Weekly.Take(before.Count));
        Assert.Equal(original.Policies.Count + 1, forked.SpentByPolicy.Count);
        Assert.Equal("insurance", forked.PolicyNames[^1]);
        Assert.True(forked.SpentByPolicy[^1] > 0);
        Assert.NotEqual(baseline.Weekly.Skip(before.Count), forked.Weekly.Skip(before.Count));
    }
}
