using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Participation.Files;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;

namespace Participation.Experiments.Sharding;

/// <summary>
/// What a shard's results folder holds (<c>shard.json</c>, written before the shard's first run): which shard of which
/// sweep it is, and the settings that make two shards parts of the same sweep. <see cref="ShardMerge"/> reads it to
/// refuse shards of different sweeps and to name what differs (version, scenario, design, replications, seeds).
/// </summary>
public sealed record ShardInfo
{
    /// <summary>File name in a shard's results folder.</summary>
    public const string FileName = "shard.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Which experiment made the runs: <c>sweep</c> or <c>sensitivity</c>.</summary>
    public string Experiment { get; init; } = "sweep";

    /// <summary>This shard (K of <see cref="Count"/>).</summary>
    public int Index { get; init; }

    /// <summary>Shards in all (N).</summary>
    public int Count { get; init; } = 1;

    /// <summary>The whole sweep's journal identity (<see cref="SweepJournal.Identity(string, SweepDesign, int, ulong, bool)"/>): equal for every shard of one sweep.</summary>
    public string Sweep { get; init; } = "";

    /// <summary>Version of the tool that ran the shard (with the git commit after '+').</summary>
    public string Version { get; init; } = ResultSet.Version;

    /// <summary>Scenario file, as given.</summary>
    public string ScenarioFile { get; init; } = "";

    /// <summary>The scenario's name.</summary>
    public string Scenario { get; init; } = "";

    /// <summary>A hash of the resolved base scenario (files and --set overrides together).</summary>
    public string ScenarioHash { get; init; } = "";

    /// <summary>Kind of design: grid, lhs or explicit.</summary>
    public string Design { get; init; } = "";

    /// <summary>Design points.</summary>
    public int Points { get; init; }

    /// <summary>The varied parameters, each as <c>path=low:high[:steps]</c>.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>A hash of every design point's values (two designs of one kind and range may still differ, e.g. by --samples or seed).</summary>
    public string DesignHash { get; init; } = "";

    /// <summary>Replications per point.</summary>
    public int Replications { get; init; }

    /// <summary>Master seed.</summary>
    public ulong MasterSeed { get; init; }

    /// <summary>True with common random numbers (the same seeds at every point).</summary>
    public bool CommonSeeds { get; init; }

    /// <summary>Runs in this shard.</summary>
    public int Runs { get; init; }

    /// <summary>Runs of the whole sweep (points × replications).</summary>
    public int TotalRuns { get; init; }

    /// <summary>The experiment's command line without the shard's own options (--shard, --out, --resume, --force).</summary>
    public string Command { get; init; } = "";

    /// <summary>The shard as K/N.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SweepShard Shard => new(Index, Count);

    /// <summary>Describes shard <paramref name="shard"/> of a sweep.</summary>
    /// <param name="experiment">sweep or sensitivity.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="scenarioFile">Scenario file as given.</param>
    /// <param name="scenarioName">The scenario's name.</param>
    /// <param name="resolvedScenarioJson">The resolved base scenario.</param>
    /// <param name="design">The design.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="masterSeed">Master seed.</param>
    /// <param name="commonSeeds">Common random numbers.</param>
    /// <param name="command">The command line without shard options.</param>
    public static ShardInfo For(string experiment, SweepShard shard, string scenarioFile, string scenarioName, string resolvedScenarioJson,
        SweepDesign design, int replications, ulong masterSeed, bool commonSeeds, string command)
    {
        int total = checked(design.Count * replications);
        var values = new StringBuilder();
        for (int i = 0; i < design.Count; i++)
            values.Append(string.Join(',', design.Values(i).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        return new ShardInfo
        {
            Experiment = experiment, Index = shard.Index, Count = shard.Count,
            Sweep = SweepJournal.Identity(resolvedScenarioJson, design, replications, masterSeed, commonSeeds),
            ScenarioFile = scenarioFile, Scenario = scenarioName, ScenarioHash = Hash(resolvedScenarioJson),
            Design = design.Kind, Points = design.Count,
            Parameters = design.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Path}={p.Low:R}:{p.High:R}{(p.Steps > 0 ? $":{p.Steps}" : "")}")).ToArray(),
            DesignHash = Hash(values.ToString()),
            Replications = replications, MasterSeed = masterSeed, CommonSeeds = commonSeeds,
            Runs = shard.RunsOf(total), TotalRuns = total, Command = command,
        };
    }

    /// <summary>Writes <c>shard.json</c> into <paramref name="folder"/> (atomically).</summary>
    public void Write(string folder) => ResultSet.WriteAtomic(folder, FileName, w => w.Write(JsonSerializer.Serialize(this, Json)));

    /// <summary>Writes <c>shard.json</c> through a results folder's writer (put in place when it commits).</summary>
    public void Write(ResultsWriter files) => files.WriteText(FileName, w => w.Write(JsonSerializer.Serialize(this, Json)));

    /// <summary>Reads <c>shard.json</c> from <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">The folder holds no readable shard.json; the message says what to do.</exception>
    public static ShardInfo Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new InvalidDataException($"{folder}: no such folder");
        string path = Path.Combine(folder, FileName);
        // A shard that has not finished holds its description beside its final name, complete since the shard started.
        if (!File.Exists(path) && File.Exists(path + OutputFiles.PartialSuffix)) path += OutputFiles.PartialSuffix;
        if (!File.Exists(path) && File.Exists(Path.Combine(folder, SweepJournal.UnfinishedFileName)))
            throw new InvalidDataException($"{folder} holds a shard that has not finished (its {SweepJournal.UnfinishedFileName}); finish it with its command and --resume, then merge again");
        if (!File.Exists(path))
            throw new InvalidDataException($"{folder} is not a shard's folder (it holds no {FileName}; shards are written by 'participation sweep ... --shard K/N')");
        try
        {
            var info = JsonSerializer.Deserialize<ShardInfo>(InputFile.ReadAllText(path), Json) ?? throw new JsonException("empty");
            if (info.Count < 1 || info.Index < 0 || info.Index >= info.Count || info.TotalRuns < 0 || info.Replications < 1)
                throw new JsonException($"shard {info.Index}/{info.Count} of {info.TotalRuns} runs is not a possible shard");
            return info;
        }
        catch (InputFileException e) { throw new InvalidDataException(e.Message); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a readable shard description ({e.Message})");
        }
    }

    /// <summary>
    /// The settings in which <paramref name="other"/> differs from this shard's sweep, as (what, this value, other value),
    /// most telling first; empty when both are shards of one sweep (their shard index aside).
    /// </summary>
    public IReadOnlyList<(string What, string This, string Other)> Differences(ShardInfo other)
    {
        var d = new List<(string, string, string)>();
        void Compare(string what, string a, string b) { if (a != b) d.Add((what, a, b)); }
        Compare("experiment", Experiment, other.Experiment);
        Compare("version", Version, other.Version);
        Compare("scenario", Scenario, other.Scenario);
        Compare("resolved scenario (files and --set)", ScenarioHash, other.ScenarioHash);
        Compare("design", Design, other.Design);
        Compare("design points", Points.ToString(CultureInfo.InvariantCulture), other.Points.ToString(CultureInfo.InvariantCulture));
        Compare("varied parameters (--vary)", string.Join(" ", Parameters), string.Join(" ", other.Parameters));
        Compare("design values (--samples, --seed)", DesignHash, other.DesignHash);
        Compare("replications", Replications.ToString(CultureInfo.InvariantCulture), other.Replications.ToString(CultureInfo.InvariantCulture));
        Compare("master seed (--seed)", MasterSeed.ToString(CultureInfo.InvariantCulture), other.MasterSeed.ToString(CultureInfo.InvariantCulture));
        Compare("seed scheme (--common-seeds)", CommonSeeds ? "common" : "per point", other.CommonSeeds ? "common" : "per point");
        Compare("number of shards", Count.ToString(CultureInfo.InvariantCulture), other.Count.ToString(CultureInfo.InvariantCulture));
        if (d.Count == 0) Compare("sweep identity", Sweep, other.Sweep);
        return d;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
