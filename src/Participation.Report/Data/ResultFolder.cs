using System.Text.Json;
using Participation.Files;

namespace Participation.Report.Data;

/// <summary>What a results folder holds, told from the files present.</summary>
public enum FolderKind
{
    /// <summary><c>participation run</c>: <c>summary.csv</c> with <c>weekly_summary.csv</c> or <c>monthly_summary.csv</c>.</summary>
    Run,
    /// <summary><c>participation compare</c>: <c>compare.csv</c> and <c>costs.csv</c>.</summary>
    Comparison,
    /// <summary><c>participation calibrate</c>: <c>targets.csv</c>.</summary>
    Calibration,
    /// <summary><c>participation sweep</c>: <c>sweep_summary.csv</c>.</summary>
    Sweep,
    /// <summary><c>participation sensitivity</c>: <c>indices.csv</c>.</summary>
    Sensitivity,
    /// <summary><c>participation validate</c>: <c>validation.csv</c>.</summary>
    Validation,
}

/// <summary>A results folder: its kind, its tables (read on demand and kept) and its manifest.</summary>
public sealed class ResultFolder
{
    private readonly Dictionary<string, CsvData> _tables = new(StringComparer.Ordinal);

    private readonly IReadOnlySet<string>? _named;

    private ResultFolder(string path, FolderKind kind, JsonElement? manifest)
    {
        Path = path;
        Kind = kind;
        Manifest = manifest;
        _named = Named(manifest);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }
    /// <summary>What it holds.</summary>
    public FolderKind Kind { get; }
    /// <summary>Its <c>manifest.json</c>, when present and readable.</summary>
    public JsonElement? Manifest { get; }

    /// <summary>The files that tell each kind, in the order they are checked.</summary>
    public static readonly (FolderKind Kind, string[] Files)[] Signatures =
    [
        (FolderKind.Comparison, ["compare.csv", "costs.csv"]),
        (FolderKind.Calibration, ["targets.csv"]),
        (FolderKind.Sensitivity, ["indices.csv"]),
        (FolderKind.Validation, ["validation.csv"]),
        (FolderKind.Sweep, ["sweep_summary.csv"]),
        (FolderKind.Run, ["summary.csv"]),
    ];

    /// <summary>
    /// Tells the kind of folder <paramref name="path"/> from the files it holds; where its manifest lists the files of
    /// its experiment, only those count (a table an earlier experiment left in the folder is not this one's).
    /// </summary>
    /// <exception cref="ReportException">The folder does not exist or holds none of the recognised tables.</exception>
    public static FolderKind Detect(string path)
    {
        if (!Directory.Exists(path)) throw new ReportException($"{path}: no such folder (expected a results folder written by participation run, compare, sweep, calibrate, sensitivity or validate)");
        JsonElement? manifest = null;
        try { manifest = ReadManifest(path); }
        catch (Exception e) when (e is JsonException or InputFileException) { } // Open reports it
        var named = Named(manifest);
        bool Present(string file) => Holds(path, named, file);
        foreach (var (kind, files) in Signatures)
            if (files.All(Present))
            {
                if (kind == FolderKind.Run && !Present("weekly_summary.csv") && !Present("monthly_summary.csv"))
                    continue;
                return kind;
            }
        string hint = File.Exists(System.IO.Path.Combine(path, "sweep.csv")) || File.Exists(System.IO.Path.Combine(path, "shard.json"))
            ? " (a shard or an unfinished run of a sweep or sensitivity analysis has no summary yet: merge the shards, or resume it, first)" : "";
        throw new ReportException($"{path}: not a results folder: expected compare.csv and costs.csv (compare), targets.csv (calibrate), indices.csv (sensitivity), " +
                                  "validation.csv (validate), sweep_summary.csv (sweep), or summary.csv with weekly_summary.csv or monthly_summary.csv (run)" +
                                  (named is null ? "" : " among the files its manifest.json names") + hint);
    }

    /// <summary>Opens folder <paramref name="path"/>.</summary>
    public static ResultFolder Open(string path)
    {
        var kind = Detect(path);
        JsonElement? manifest;
        try { manifest = ReadManifest(path); }
        catch (InputFileException e) { throw new ReportException($"cannot read {e.Message}"); }
        catch (JsonException e) { throw new ReportException($"{System.IO.Path.Combine(path, "manifest.json")}: not valid JSON ({e.Message})"); }
        return new ResultFolder(path, kind, manifest);
    }

    private static JsonElement? ReadManifest(string path)
    {
        string file = System.IO.Path.Combine(path, "manifest.json");
        if (!File.Exists(file)) return null;
        using var doc = JsonDocument.Parse(InputFile.ReadAllText(file));
        return doc.RootElement.Clone();
    }

    /// <summary>The files the manifest names as its experiment's, or null when it names none (an older or hand-made folder: every file counts).</summary>
    private static IReadOnlySet<string>? Named(JsonElement? manifest) =>
        manifest is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array
            ? files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal)
            : null;

    private static bool Holds(string folder, IReadOnlySet<string>? named, string file) =>
        File.Exists(System.IO.Path.Combine(folder, file)) && (named is null || named.Contains(file));

    /// <summary>Whether the folder holds <paramref name="file"/> as one of its experiment's files (named by its manifest, when that lists them).</summary>
    public bool Has(string file) => Holds(Path, _named, file);

    /// <summary>Table <paramref name="file"/> (read once).</summary>
    public CsvData Table(string file)
    {
        if (!_tables.TryGetValue(file, out var table))
        {
            string path = System.IO.Path.Combine(Path, file);
            if (!Has(file)) throw new ReportException($"{Path}: {file} is missing" + (File.Exists(path) ? " from the files its manifest.json names (the file there is an earlier experiment's)" : ""));
            _tables[file] = table = CsvData.Read(path);
        }
        return table;
    }

    /// <summary>A string property of the manifest at a dotted path (e.g. <c>scenario.name</c>), or null.</summary>
    public string? ManifestText(string dottedPath) => ManifestValue(dottedPath) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>A property of the manifest at a dotted path, or null.</summary>
    public JsonElement? ManifestValue(string dottedPath)
    {
        if (Manifest is not { ValueKind: JsonValueKind.Object } node) return null;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out var next)) return null;
            node = next;
        }
        return node;
    }
}
