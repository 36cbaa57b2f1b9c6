using Participation.Rules;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>The internal phase clock the benchmarks' <c>phases</c> command times a tick with.</summary>
public class PhaseClockTests
{
    private sealed class Recorder : IPhaseClock
    {
        public List<TickPhase> Phases { get; } = [];
        public void Ended(TickPhase phase) => Phases.Add(phase);
    }

    [Fact]
    public void Every_phase_of_every_tick_is_reported_once_in_order_and_the_clock_changes_nothing()
    {
        var scenario = TestScenarios.Small(households: 300, years: 2);
        var recorder = new Recorder();
        var model = Model.Create(scenario, 9, options: new SimulationOptions { Threads = 2, PhaseClock = recorder });
        var timed = model.Run();
        var plain = Model.Create(scenario, 9, options: new SimulationOptions { Threads = 2 }).Run();
        var order = Enum.GetValues<TickPhase>();
        Assert.Equal(model.Calendar.TickCount * order.Length, recorder.Phases.Count);
        for (int k = 0; k < recorder.Phases.Count; k++) Assert.Equal(order[k % order.Length], recorder.Phases[k]);
        Assert.Equal(plain.Weekly, timed.Weekly);
    }
}
