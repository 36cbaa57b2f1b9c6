using System.Reflection;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// The decisions read each resident's counts of adult ties, ties who took part last week and ties who may invite from a
/// cache kept up to date by the residents whose flags changed; with invariants checked, the model recounts every
/// resident's ties after each tick and throws on a difference. These runs cover what changes the flags: participation,
/// households moving out and in, children coming of age (yearly), backbones, a party-invitation policy switching on and
/// off, and a restore from a checkpoint (which starts from empty counts).
/// </summary>
public class TieCountTests
{
    private static Scenario WithPartyInvitations()
    {
        var start = new DateOnly(2014, 1, 6);
        var squads = new PolicySettings { Kind = "partyVolunteerSquads", Start = start.AddMonths(14), End = start.AddMonths(30), Scale = 1, UnitCost = 10 };
        return CheckpointTests.WithStatefulPolicies(years: 4) with
        {
            Turnover = new TurnoverSettings { RenterMoveOut = 0.3, OwnerMoveOut = 0.1 },
            Policies = new Dictionary<string, PolicySettings>(CheckpointTests.WithStatefulPolicies(years: 4).Policies, StringComparer.OrdinalIgnoreCase)
            {
                ["squads"] = squads,
            },
        };
    }

    [Fact]
    public void Cached_tie_counts_equal_a_full_recount_after_every_tick_and_after_a_restore()
    {
        var scenario = WithPartyInvitations();
        var options = new SimulationOptions { CheckInvariants = true };
        var model = Model.Create(scenario, 17, null, options);
        int half = model.Calendar.TickCount / 2;
        model.RunUntil(half); // each tick recounts (CheckTieCounts throws on a difference)
        var restored = Model.Restore(scenario, model.SaveState(), null, options);
        var expected = model.Run();
        var actual = restored.Run();
        Assert.Equal(expected.Weekly, actual.Weekly);
        Assert.True(expected.Weekly.Sum(w => w.HouseholdsMoved) > 0, "households should move out for the test to mean something");
        Assert.True(expected.SpentByPolicy.All(s => s > 0), "every policy should have acted");
    }

    [Fact]
    public void The_recount_notices_a_wrong_count()
    {
        var model = Model.Create(TestScenarios.Small(households: 200, years: 1), 5, null, new SimulationOptions { CheckInvariants = true });
        model.Step();
        var counts = (Array)typeof(Model).GetField("_tieCounts", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(model)!;
        var first = counts.GetValue(3)!;
        var field = first.GetType().GetField("StrongAdults")!;
        field.SetValue(first, (int)field.GetValue(first)! + 1);
        counts.SetValue(first, 3);
        var error = Assert.Throws<InvalidOperationException>(model.Step);
        Assert.Contains("resident 3", error.Message);
    }
}
