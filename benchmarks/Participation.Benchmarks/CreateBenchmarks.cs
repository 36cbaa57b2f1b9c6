using BenchmarkDotNet.Attributes;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Benchmarks;

/// <summary>Population and network generation plus model set-up: <see cref="Model.Create"/>.</summary>
[MemoryDiagnoser]
public class CreateBenchmarks
{
    private Scenario _scenario = null!;

    /// <summary>Nominal number of residents (scenarios/bench/city-10k, -100k).</summary>
    [Params(10_000, 100_000)]
    public int Residents { get; set; }

    [GlobalSetup]
    public void Setup() => _scenario = Bench.City(Residents);

    [Benchmark(Description = "Model.Create")]
    public Model Create() => Model.Create(_scenario, Bench.Seed);
}
