using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>Same seed, same bytes: whatever the number of threads.</summary>
public class DeterminismTests
{
    internal static string Tables(RunResult r)
    {
        var w = new StringWriter();
        var batch = new[] { (0, r.Seed, (IEnumerable<WeeklyRecord>)r.Weekly) };
        CsvTable.Write(w, batch);
        CsvTable.Write(w, new[] { (0, r.Seed, (IEnumerable<MonthlyRecord>)r.Monthly) });
        CsvTable.Write(w, new[] { (0, r.Seed, (IEnumerable<AnnualRecord>)r.Annual) });
        CsvTable.Write(w, new[] { (0, r.Seed, r.Spells.Select(s => new SpellRow(s.Resident, default, default, s.Weeks, s.AgeAtStart, s.Reason, false))) });
        return w.ToString();
    }

    [Fact]
    public void One_thread_and_four_threads_give_identical_tables()
    {
        // ~15,000 residents: four chunks, so the parallel path really splits the work.
        var scenario = TestScenarios.Small(households: 6000, years: 6);
        var one = Model.Create(scenario, 5, options: new SimulationOptions { Threads = 1 }).Run();
        var four = Model.Create(scenario, 5, options: new SimulationOptions { Threads = 4 }).Run();
        Assert.True(one.Weekly.Count > 100);
        Assert.Equal(Tables(one), Tables(four));
    }

    [Fact]
    public void The_party_channel_keeps_one_and_two_threads_identical()
    {
        var scenario = TestScenarios.Small(households: 6000, years: 3, roles: new Participation.Scenarios.RoleSettings { PartyChannelShare = 0.5, PartyChannelInServiceWeight = 3 });
        var one = Model.Create(scenario, 5, options: new SimulationOptions { Threads = 1 }).Run();
        var two = Model.Create(scenario, 5, options: new SimulationOptions { Threads = 2 }).Run();
        Assert.True(one.Spells.Count > 0);
        Assert.Equal(Tables(one), Tables(two));
    }

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        var scenario = TestScenarios.Small(years: 4);
        var a = Model.Create(scenario, 1).Run();
        var b = Model.Create(scenario, 2).Run();
        Assert.NotEqual(Tables(a), Tables(b));
    }

    [Fact]
    public void Stepping_is_the_same_as_running()
    {
        var scenario = TestScenarios.Small(years: 3);
        var model = Model.Create(scenario, 9);
        while (!model.Finished) model.Step();
        Assert.Equal(Tables(Model.Create(scenario, 9).Run()), Tables(model.Result()));
        Assert.Throws<InvalidOperationException>(model.Step);
    }
}
