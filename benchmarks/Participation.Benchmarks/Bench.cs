using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Benchmarks;

/// <summary>Shared settings of the suite: where the scenarios are, which sizes run.</summary>
public static class Bench
{
    /// <summary>Seed of every benchmark model (fixed, so every run times the same population).</summary>
    public const ulong Seed = 20200106;

    /// <summary>Sizes of the tick benchmark. The 1 M case is left out by <c>--ci</c> unless <c>--1m</c> is given.</summary>
    public static IEnumerable<int> TickSizes => Include1M ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];

    /// <summary>Set by Program before the switcher runs (the host process enumerates the parameters).</summary>
    public static bool Include1M { get; set; } = true;

    /// <summary>The benchmark scenario of about <paramref name="residents"/> residents (scenarios/bench/city-*.json).</summary>
    public static Scenario City(int residents) => ScenarioLoader.Load(ScenarioPath(residents switch
    {
        10_000 => "city-10k.json",
        100_000 => "city-100k.json",
        1_000_000 => "city-1m.json",
        _ => throw new ArgumentOutOfRangeException(nameof(residents), residents, "10000, 100000 or 1000000"),
    }));

    /// <summary>Loads scenarios/bench/<paramref name="file"/>.</summary>
    public static Scenario Load(string file) => ScenarioLoader.Load(ScenarioPath(file));

    /// <summary>The path of scenarios/bench/<paramref name="file"/> in the repository.</summary>
    public static string ScenarioPath(string file) => Path.Combine(RepoRoot(), "scenarios", "bench", file);

    /// <summary>
    /// The repository root: $PARTICIPATION_REPO if set, else the first folder holding scenarios/bench above the
    /// working directory or above this assembly (BenchmarkDotNet runs benchmarks from a generated project under bin/).
    /// </summary>
    public static string RepoRoot()
    {
        var env = Environment.GetEnvironmentVariable("PARTICIPATION_REPO");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "scenarios", "bench"))) return dir.FullName;
        throw new DirectoryNotFoundException("scenarios/bench not found above the working directory; set PARTICIPATION_REPO");
    }
}
