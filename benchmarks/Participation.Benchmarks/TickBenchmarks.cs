using BenchmarkDotNet.Attributes;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Benchmarks;

/// <summary>
/// One tick (one simulated week) of the full model: policies, hearing and decisions, task allocation,
/// experience, roles, turnover, outcomes. The model is created and burnt in for a few weeks in
/// <see cref="Setup"/>; every iteration runs <see cref="TicksPerIteration"/> consecutive ticks, so month-end
/// and year-end work is averaged in. When fewer than <see cref="Reserve"/> ticks are left in the calendar the
/// model is recreated in the (unmeasured) iteration setup, so no measured tick ever runs past the end.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(TicksPerIteration)]
public class TickBenchmarks
{
    /// <summary>Ticks run in one measured iteration.</summary>
    public const int TicksPerIteration = 16;
    /// <summary>Weeks run after creation before measuring.</summary>
    public const int BurnInWeeks = 8;
    /// <summary>Ticks that must be left in the calendar at the start of an iteration.</summary>
    public const int Reserve = 2 * TicksPerIteration;

    private Scenario _scenario = null!;
    private Model _model = null!;

    /// <summary>Nominal number of residents (scenarios/bench/city-10k, -100k, -1m).</summary>
    [ParamsSource(typeof(Bench), nameof(Bench.TickSizes), Priority = -1)]
    public int Residents { get; set; }

    /// <summary>Threads of the tick loop.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = Bench.City(Residents);
        Fresh();
        Console.WriteLine($"// {Residents} nominal: {_model.Population.Count} residents, {_model.Population.HouseholdCount} households, " +
            $"{_model.Network.TieCount} ties, {Threads} thread(s), calendar of {_model.Calendar.TickCount} ticks");
    }

    /// <summary>Recreates the model if the next iteration could run past the end of the calendar.</summary>
    [IterationSetup]
    public void Guard()
    {
        if (_model.Calendar.TickCount - _model.Tick < Reserve) Fresh();
    }

    [Benchmark(Description = "Tick")]
    public void Step() => _model.Step();

    private void Fresh()
    {
        _model = null!;
        GC.Collect();
        _model = Model.Create(_scenario, Bench.Seed, catalog: null, options: new SimulationOptions { Threads = Threads });
        for (int w = 0; w < BurnInWeeks; w++) _model.Step();
        if (_model.Calendar.TickCount - _model.Tick < Reserve)
            throw new InvalidOperationException($"the calendar of {Residents} residents is too short for the benchmark");
    }
}
