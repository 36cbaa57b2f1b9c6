using Participation.Scenarios;
using Participation.Simulation;
using Participation.Tests.Reliability;

namespace Participation.Tests.Core;

/// <summary>
/// Observing never changes the model: the recorders (weekly, monthly and annual rows, the register view, spells, custom
/// outcomes) only read it, and everything the next weeks read — the month streaks, the year's task ledger, last
/// year's top-10 % task share — is kept by the dynamics themselves.
/// </summary>
public class RecordingTests
{
    private static void AssertSameState(Model expected, Model actual)
    {
        // Everything that carries from one week to the next except what the recorders keep.
        var differences = TestState.Differences(expected.State, actual.State, records: false);
        Assert.True(differences.Count == 0, "the state differs: " + string.Join("; ", differences.Take(5)));
    }

    [Fact]
    public void A_model_run_without_its_recorders_ends_in_the_same_state()
    {
        var scenario = CheckpointTests.WithStatefulPolicies(years: 4);
        var recorded = Model.Create(scenario, 3, options: new SimulationOptions { CheckInvariants = true });
        var unrecorded = Model.Create(scenario, 3, options: new SimulationOptions { CheckInvariants = true, Record = false });
        int half = recorded.Calendar.TickCount / 2 + 5; // past two year ends and many month ends
        recorded.RunUntil(half);
        unrecorded.RunUntil(half);
        Assert.Empty(unrecorded.Outcomes.Weekly);
        Assert.Empty(unrecorded.Outcomes.Spells);
        Assert.NotEmpty(recorded.Outcomes.Annual);
        AssertSameState(recorded, unrecorded);

        // And so is what follows: the unrecorded state, continued with recorders, gives the recorded run's rows.
        var continued = Model.Restore(scenario, unrecorded.SaveState());
        var expected = recorded.Run();
        var actual = continued.Run();
        Assert.Equal(expected.Weekly.Where(w => w.Tick >= half), actual.Weekly);
        Assert.Equal(expected.Annual.Where(a => a.Year > recorded.Calendar.WeekStart(half).Year), actual.Annual.Where(a => a.Year > recorded.Calendar.WeekStart(half).Year));
        Assert.True(expected.SpentByPolicy.All(s => s > 0), "every policy should have acted");
    }

    [Fact]
    public void Recording_from_another_week_leaves_the_course_of_the_run_as_it_was()
    {
        // Reporting from the start records every month and year; reporting from the third year skips the first two.
        var late = CheckpointTests.WithStatefulPolicies(years: 4);
        var early = late with { Calendar = late.Calendar with { ReportFrom = late.Calendar.Start } };
        var fromStart = Model.Create(early, 11);
        var fromLater = Model.Create(late, 11);
        var all = fromStart.Run();
        var part = fromLater.Run();
        AssertSameState(fromStart, fromLater);
        Assert.True(all.Weekly.Count > part.Weekly.Count);
        Assert.Equal(all.Weekly.Where(w => w.Date >= late.Calendar.ReportFrom), part.Weekly);
        Assert.Equal(all.Monthly.SkipWhile(m => m.Month < part.Monthly[0].Month), part.Monthly);
        Assert.Equal(all.Spells, part.Spells);
    }
}
