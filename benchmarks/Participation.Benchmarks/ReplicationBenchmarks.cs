using BenchmarkDotNet.Attributes;
using Participation.Experiments.Replications;
using Participation.Outcomes;
using Participation.Scenarios;

namespace Participation.Benchmarks;

/// <summary>
/// A batch of 4 replications of scenarios/bench/small.json (about 2,550 residents, 157 weeks) through
/// <see cref="ReplicationRunner.Run"/> on all cores: creation, every tick and the results, as a user's run would.
/// </summary>
[MemoryDiagnoser]
public class ReplicationBenchmarks
{
    /// <summary>Replications in the batch.</summary>
    public const int Replications = 4;

    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = Bench.Load("small.json");

    [Benchmark(Description = "ReplicationRunner.Run x4")]
    public RunResult[] Batch() => ReplicationRunner.Run(_scenario, Bench.Seed, Replications, threads: 0);
}
