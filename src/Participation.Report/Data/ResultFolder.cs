using System.Text.Json;

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

    private ResultFolder(string path, FolderKind kind, JsonElement? manifest)
    {
        Path = path;
        Kind = kind;
        Manifest = manifest;
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

    /// <summary>Tells the kind of folder <paramref name="path"/> from the files it holds.</summary>
    /// <exception cref="ReportException">The folder does not exist or holds none of the recognised tables.</exception>
    public static FolderKind Detect(string path)
    {
        if (!Directory.Exists(path)) throw new ReportException($"{path}: no such folder (expected a results folder written by participation run, compare, sweep, calibrate, sensitivity or validate)");
        foreach (var (kind, files) in Signatures)
            if (files.All(f => File.Exists(System.IO.Path.Combine(path, f))))
            {
                if (kind == FolderKind.Run && !File.Exists(System.IO.Path.Combine(path, "weekly_summary.csv")) && !File.Exists(System.IO.Path.Combine(path, "monthly_summary.csv")))
                    continue;
                return kind;
            }
        string hint = File.Exists(System.IO.Path.Combine(path, "sweep.csv")) || File.Exists(System.IO.Path.Combine(path, "shard.json"))
            ? " (a shard or an unfinished run of a sweep or sensitivity analysis has no summary yet: merge the shards, or resume it, first)" : "";
        throw new ReportException($"{path}: not a results folder: expected compare.csv and costs.csv (compare), targets.csv (calibrate), indices.csv (sensitivity), " +
                                  "validation.csv (validate), sweep_summary.csv (sweep), or summary.csv with weekly_summary.csv or monthly_summary.csv (run)" + hint);
    }

    /// <summary>Opens folder <paramref name="path"/>.</summary>
    public static ResultFolder Open(string path)
    {
        var kind = Detect(path);
        JsonElement? manifest = null;
        string file = System.IO.Path.Combine(path, "manifest.json");
        if (File.Exists(file))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                manifest = doc.RootElement.Clone();
            }
            catch (JsonException e) { throw new ReportException($"{file}: not valid JSON ({e.Message})"); }
        }
        return new ResultFolder(path, kind, manifest);
    }

    /// <summary>Whether the folder holds <paramref name="file"/>.</summary>
    public bool Has(string file) => File.Exists(System.IO.Path.Combine(Path, file));

    /// <summary>Table <paramref name="file"/> (read once).</summary>
    public CsvData Table(string file)
    {
        if (!_tables.TryGetValue(file, out var table))
        {
            string path = System.IO.Path.Combine(Path, file);
            if (!File.Exists(path)) throw new ReportException($"{Path}: {file} is missing");
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
