using System.Reflection;
using System.Text;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// The model's saved state is a type of its own (<see cref="ModelState"/>) that a checkpoint writes whole: every member of
/// it comes back from a checkpoint, and the model keeps nothing else from one week to the next. No list of member
/// names: the members are found by reflection (<see cref="TestState"/>), so one added later is checked too.
/// </summary>
public class StateTests
{
    [Fact]
    public void Every_member_of_the_saved_state_comes_back_from_a_checkpoint()
    {
        var scenario = CheckpointTests.WithStatefulPolicies(years: 2);
        var extensions = new ModelExtensions { Outcomes = [new CustomOutcome("one", _ => 1), new CustomOutcome("two", _ => 2)] };
        var model = Model.Create(scenario, 5, extensions: extensions);
        TestState.Fill(model.State, new Random(3));

        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) model.State.Write(w, model.Seed);
        // (Random ties are no network the kernels could run on: the reference bodies read the state as it is.)
        var restored = Model.Restore(scenario, stream.ToArray(), options: new SimulationOptions { ReferenceBodies = true }, extensions: extensions);

        var differences = TestState.Differences(model.State, restored.State);
        Assert.True(differences.Count == 0, "members of the state that a checkpoint does not bring back: " + string.Join("; ", differences));
        Assert.Equal(model.Seed, restored.Seed);
    }

    [Fact]
    public void A_run_s_state_comes_back_whole_and_the_comparison_notices_a_change()
    {
        var scenario = CheckpointTests.WithStatefulPolicies(years: 3);
        var model = Model.Create(scenario, 8);
        model.RunUntil(model.Calendar.TickCount / 2);
        var restored = Model.Restore(scenario, model.SaveState());
        Assert.Empty(TestState.Differences(model.State, restored.State));

        restored.State.Ledger.LastTopShare += 0.01;
        restored.State.Problems.SolveAt[3]++;
        restored.Population.Fatigue[10] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(restored.Population.Fatigue[10]) + 1);
        var found = TestState.Differences(model.State, restored.State);
        Assert.Equal(3, found.Count);
        Assert.Contains(found, d => d.Contains("LastTopShare"));
        Assert.Contains(found, d => d.Contains("SolveAt[3]"));
        Assert.Contains(found, d => d.Contains("Fatigue[10]"));
    }

    [Fact]
    public void The_model_keeps_nothing_of_its_own_from_week_to_week()
    {
        // Everything that changes from one week to the next is in the saved state (or in scratch the phases refill every
        // week before reading it): the model's own fields are all set once, when it is made.
        var mutable = typeof(Model).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => !f.IsInitOnly).Select(f => f.Name).ToArray();
        Assert.True(mutable.Length == 0, "fields of Model that can change after it is made (move them into ModelState, or make them scratch the phases refill): " + string.Join(", ", mutable));
    }
}
