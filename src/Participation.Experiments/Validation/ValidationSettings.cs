using System.Globalization;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Validation;

/// <summary>What a validation runs on, and how big it is.</summary>
public sealed record ValidationSettings
{
    /// <summary>Study X's community: the calibrated scenario the literature's cross-checks run on.</summary>
    public required Scenario X { get; init; }

    /// <summary>Study H's community: the scenario of H's attitude–behaviour check.</summary>
    public required Scenario H { get; init; }

    /// <summary>Replications of every check (at least 2: intervals need two).</summary>
    public int Replications { get; init; } = 6;

    /// <summary>Master seed (null: each scenario's own seed).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Threads: replications run side by side (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Policy kinds the scenarios may name.</summary>
    public PolicyCatalog? Catalog { get; init; }

    /// <summary>Weeks between forks of the invitation check (1: every week of the reported period).</summary>
    public int InvitationForkEvery { get; init; } = 4;

    /// <summary>Mean thresholds of the cascade check, in increasing order (shares of ties who took part).</summary>
    public IReadOnlyList<double> CascadeThresholds { get; init; } = [0.10, 0.14, 0.18, 0.22, 0.26, 0.30, 0.34, 0.38, 0.42];

    /// <summary>The master seed of <paramref name="scenario"/>'s checks.</summary>
    internal ulong MasterSeed(Scenario scenario) => Seed ?? (ulong)scenario.Seed;
}

/// <summary>Scenario edits and forks shared by the checks.</summary>
internal static class Variants
{
    /// <summary>
    /// <paramref name="scenario"/> with <c>path=value</c> overrides, validated exactly as <c>--set</c> on a file would be
    /// (so a variant is described by the same words a user would type).
    /// </summary>
    public static Scenario With(Scenario scenario, PolicyCatalog? catalog, params string[] overrides) =>
        overrides.Length == 0 ? scenario : ScenarioLoader.LoadJson(ScenarioJson.ToJson(scenario), overrides, catalog);

    /// <summary>A date as overrides write it.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A copy of <paramref name="state"/> (from <see cref="Model.SaveState"/>) continuing under <paramref name="scenario"/>: the same
    /// population, network, history and seed, so whatever differs afterwards comes from the scenario's difference (common random
    /// numbers: every draw is a function of seed, tick, stream and resident).
    /// </summary>
    public static Model Fork(byte[] state, Scenario scenario, PolicyCatalog? catalog) =>
        Model.Restore(scenario, state, catalog, new SimulationOptions { Threads = 1 });

    /// <summary>Runs <paramref name="work"/> for each replication, side by side on <paramref name="threads"/> threads.</summary>
    public static T[] PerReplication<T>(int replications, int threads, Func<int, T> work)
    {
        var results = new T[replications];
        int cores = threads <= 0 ? Environment.ProcessorCount : threads;
        Parallel.For(0, replications, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(cores, replications)) },
            k => results[k] = work(k));
        return results;
    }

    /// <summary>A share, NaN when the whole is zero.</summary>
    public static double Ratio(double part, double whole) => whole > 0 ? part / whole : double.NaN;

    /// <summary>True for a resident slot never taken part since its household moved in.</summary>
    public static bool Never(int lastParticipation) => lastParticipation < -1_000_000;
}
