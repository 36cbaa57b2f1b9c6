using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;

namespace Participation.Experiments.Sharding;

/// <summary>Shards that cannot be merged: incomplete, missing, given twice, or of different sweeps. The message names what and where.</summary>
public sealed class ShardMergeException(string message) : Exception(message);

/// <summary>Shards checked by <see cref="ShardMerge.Check"/>: every shard of one sweep, once, complete.</summary>
/// <param name="Info">The sweep's description (shard 0's).</param>
/// <param name="Folders">The shards' folders, by shard index.</param>
/// <param name="ParameterPaths">The varied parameters' paths, in design order.</param>
/// <param name="DesignCsv">The text of <c>design.csv</c> (the same in every shard).</param>
/// <param name="Rows">Every run of the sweep, by run index.</param>
public sealed record ShardSet(ShardInfo Info, IReadOnlyList<string> Folders, IReadOnlyList<string> ParameterPaths, string DesignCsv, SweepRow[] Rows);

/// <summary>What <see cref="ShardMerge.Write(ShardSet, string, string, bool)"/> wrote.</summary>
/// <param name="Runs">Runs merged.</param>
/// <param name="Shards">Shards merged.</param>
/// <param name="Files">Files written into the folder.</param>
/// <param name="Wall">Wall time of the merge.</param>
public sealed record MergeSummary(int Runs, int Shards, IReadOnlyList<string> Files, TimeSpan Wall);

/// <summary>
/// Merges the results folders of the shards of a sweep (<c>participation sweep … --shard K/N</c>) into one folder that is
/// the unsharded sweep's: <c>sweep.csv</c>, <c>sweep_summary.csv</c> and <c>design.csv</c> come out byte for byte as one
/// process would have written them, because the rows are read back exactly (the bits of every figure, from each shard's
/// <see cref="SweepJournal"/>) and written by the same sinks in the same (point, replication) order. The merged folder
/// also gets the whole sweep's journal, so it is a complete sweep folder (<c>--resume</c> finds nothing left to run).
/// </summary>
/// <example><code>
/// var shards = ShardMerge.Check(["results/s/shards/0", "results/s/shards/1"]);
/// ShardMerge.Write(shards, "results/s/merged", "participation merge results/s/shards/0 results/s/shards/1");
/// </code></example>
public static class ShardMerge
{
    /// <summary>
    /// Reads and checks the shards in <paramref name="folders"/>: each a shard's folder, all of one sweep (same version,
    /// scenario, design, replications, seeds and number of shards), every shard present once, each complete.
    /// </summary>
    /// <exception cref="ShardMergeException">They cannot be merged; the message names the folder, the shard and what differs or is missing.</exception>
    public static ShardSet Check(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0) throw new ShardMergeException("no shard folders given");
        var infos = new List<(string Folder, ShardInfo Info)>();
        foreach (var folder in folders)
        {
            try { infos.Add((folder, ShardInfo.Read(folder))); }
            catch (InvalidDataException e) { throw new ShardMergeException(e.Message); }
        }
        var (firstFolder, first) = infos[0];
        foreach (var (folder, info) in infos.Skip(1))
        {
            var d = first.Differences(info);
            if (d.Count > 0)
            {
                var (what, ours, theirs) = d[0];
                throw new ShardMergeException($"the shards are not of one sweep: they differ in {what}: {firstFolder} (shard {first.Shard}) has {ours}, " +
                    $"{folder} (shard {info.Shard}) has {theirs}" + (d.Count > 1 ? $" (and in {string.Join(", ", d.Skip(1).Select(x => x.What))})" : ""));
            }
        }
        int count = first.Count;
        var byIndex = new string?[count];
        foreach (var (folder, info) in infos)
        {
            if (byIndex[info.Index] is { } earlier)
                throw new ShardMergeException(SameFolder(earlier, folder)
                    ? $"{folder} is given twice"
                    : $"shard {info.Shard} is given twice (overlapping shards): {earlier} and {folder}; give each shard once");
            byIndex[info.Index] = folder;
        }
        var missing = Enumerable.Range(0, count).Where(k => byIndex[k] is null).ToArray();
        if (missing.Length > 0)
            throw new ShardMergeException($"{missing.Length} of {count} shards missing: {string.Join(", ", missing.Take(12).Select(k => $"{k}/{count}"))}" +
                (missing.Length > 12 ? ", …" : "") + $" (given: {infos.Count}); run the missing shards (e.g. sbatch --array={Ranges(missing)} the job script) and merge every shard's folder");

        // The design: the same design.csv in every shard (it gives each run's parameter values exactly).
        string designCsv = ReadDesign(byIndex[0]!);
        var (paths, values) = ParseDesign(designCsv, byIndex[0]!, first);
        var rows = new SweepRow[first.TotalRuns];
        int reps = first.Replications;
        for (int k = 0; k < count; k++)
        {
            string folder = byIndex[k]!;
            if (k > 0 && ReadDesign(folder) != designCsv)
                throw new ShardMergeException($"{folder} (shard {k}/{count}): its design.csv differs from {byIndex[0]}'s; the shards are not of one sweep");
            var shard = new SweepShard(k, count);
            string journal = Path.Combine(folder, SweepJournal.FileName);
            if (!File.Exists(journal)) journal = Path.Combine(folder, SweepJournal.UnfinishedFileName);
            if (!File.Exists(journal)) throw Incomplete(folder, shard, first, 0);
            SweepJournal.Contents contents;
            try
            {
                contents = SweepJournal.Read(journal, SweepJournal.Identity(first.Sweep, shard), values.Length, p => (double[])values[p].Clone(), reps,
                    (p, r) => SweepSeeds.For(first.MasterSeed, p, r, first.CommonSeeds));
            }
            catch (InvalidDataException e) { throw new ShardMergeException($"{folder} (shard {shard}): {e.Message}"); }
            int runs = shard.RunsOf(first.TotalRuns);
            if (contents.Rows.Count < runs) throw Incomplete(folder, shard, first, contents.Rows.Count);
            foreach (var (index, row) in contents.Rows)
            {
                if (!shard.Contains(index))
                    throw new ShardMergeException($"{folder} (shard {shard}): its journal records run {index}, which belongs to shard {SweepShard.Of(index, count)}/{count}");
                rows[index] = row;
            }
        }
        int absent = Array.FindIndex(rows, r => r is null);
        if (absent >= 0) throw new ShardMergeException($"run {absent} (point {absent / reps}, replication {absent % reps}) is in no shard");
        return new ShardSet(first, byIndex!, paths, designCsv, rows);
    }

    /// <summary>
    /// Writes the merged sweep into <paramref name="folder"/> (which must exist): <c>sweep.csv</c>, <c>sweep_summary.csv</c>,
    /// <c>design.csv</c>, <c>sweep.journal</c>, <c>sweep.parquet</c> when <paramref name="parquet"/>, and <c>manifest.json</c>
    /// (shard 0's, with this command, the whole sweep's run count, the shards and their wall times).
    /// </summary>
    /// <param name="shards">Checked shards.</param>
    /// <param name="folder">Destination folder.</param>
    /// <param name="command">The merge's command line, for the manifest.</param>
    /// <param name="parquet">Also write <c>sweep.parquet</c>.</param>
    public static MergeSummary Write(ShardSet shards, string folder, string command, bool parquet = false)
    {
        using var files = new ResultsWriter(folder);
        return Write(shards, files, command, parquet);
    }

    /// <summary>
    /// As <see cref="Write(ShardSet, string, string, bool)"/>, through a results folder's writer: every file is written
    /// beside its target and put in place, the manifest last, only when all are complete.
    /// </summary>
    public static MergeSummary Write(ShardSet shards, ResultsWriter files, string command, bool parquet = false)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(files);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        files.WriteText("design.csv", w => w.Write(shards.DesignCsv));
        using (var csv = new CsvSweepSink(files, "sweep.csv"))
        using (var perPoint = new PointSummarySink(files, "sweep_summary.csv"))
        {
            string journalName = SweepJournal.FileName + OutputFiles.PartialSuffix;
            using (var journal = SweepJournal.Create(Path.Combine(files.Folder, journalName), shards.Info.Sweep))
            {
                files.Adopt(SweepJournal.FileName, journalName);
                var sink = parquet ? SweepSinks.Tee(csv, perPoint, new ParquetSweepSink(files, "sweep.parquet")) : SweepSinks.Tee(csv, perPoint);
                sink.Begin(shards.ParameterPaths);
                for (int i = 0; i < shards.Rows.Length; i++)
                {
                    journal.Record(i, shards.Rows[i]);
                    sink.Write(shards.Rows[i]);
                }
                sink.Complete();
            }
        }
        string[] written = ["sweep.csv", .. parquet ? ["sweep.parquet"] : Array.Empty<string>(), "sweep_summary.csv", "design.csv", SweepJournal.FileName, "manifest.json"];
        var manifest = Manifest(shards, command, written, started, clock.Elapsed);
        files.Commit(w => w.Write(manifest));
        return new MergeSummary(shards.Rows.Length, shards.Folders.Count, written, clock.Elapsed);
    }

    /// <summary>True when every shard wrote <c>sweep.parquet</c> (the merge then writes it too).</summary>
    public static bool ShardsWroteParquet(ShardSet shards) =>
        shards.Folders.All(f => File.Exists(Path.Combine(f, "sweep.parquet")));

    private static string Manifest(ShardSet shards, string command, string[] files, DateTimeOffset started, TimeSpan wall)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        JsonObject manifest;
        string first = Path.Combine(shards.Folders[0], "manifest.json");
        try { manifest = JsonNode.Parse(InputFile.ReadAllText(first))?.AsObject() ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            throw new ShardMergeException($"{first}: not a readable manifest ({e.Message})");
        }
        var shardWalls = new JsonArray();
        foreach (var f in shards.Folders)
        {
            double? seconds = null;
            try { seconds = JsonNode.Parse(InputFile.ReadAllText(Path.Combine(f, "manifest.json")))?["wallSeconds"]?.GetValue<double>(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or IOException or FormatException) { }
            shardWalls.Add(seconds);
        }
        manifest["command"] = command;
        manifest["started"] = started;
        manifest["wallSeconds"] = Math.Round(wall.TotalSeconds, 3);
        manifest["files"] = new JsonArray(files.Select(f => (JsonNode)f).ToArray());
        if (manifest["experiment"] is JsonObject experiment)
        {
            experiment.Remove("shard");
            experiment.Remove("totalRuns");
            experiment["runs"] = shards.Rows.Length;
            experiment["shards"] = new JsonObject
            {
                ["count"] = shards.Info.Count,
                ["command"] = shards.Info.Command,
                ["folders"] = new JsonArray(shards.Folders.Select(f => (JsonNode)Path.GetFullPath(f)).ToArray()),
                ["wallSeconds"] = shardWalls,
            };
        }
        return manifest.ToJsonString(options);
    }

    private static ShardMergeException Incomplete(string folder, SweepShard shard, ShardInfo info, int done) =>
        new($"shard {shard} in {folder} is incomplete: {done} of {shard.RunsOf(info.TotalRuns)} runs done; finish it with " +
            $"'{info.Command} --shard {shard} --out {folder} --resume' (on Slurm: sbatch --array={shard.Index} the job script), then merge again");

    private static string ReadDesign(string folder)
    {
        string path = Path.Combine(folder, "design.csv");
        // A shard that has not finished holds its design beside its final name, complete since the shard started.
        if (!File.Exists(path)) path += OutputFiles.PartialSuffix;
        if (!File.Exists(path)) throw new ShardMergeException($"{folder}: no design.csv (the shard did not start); run it again");
        try { return InputFile.ReadAllText(path, InputFile.LargeMaxBytes); }
        catch (InputFileException e) { throw new ShardMergeException(e.Message); }
    }

    private static (string[] Paths, double[][] Values) ParseDesign(string text, string folder, ShardInfo info)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        if (header.Length < 1 || header[0] != "point" || lines.Length - 1 != info.Points)
            throw new ShardMergeException($"{folder}/design.csv: expected a header 'point,...' and {info.Points} points");
        var values = new double[info.Points][];
        for (int i = 0; i < info.Points; i++)
        {
            var cells = lines[i + 1].Split(',');
            if (cells.Length != header.Length || cells[0] != i.ToString(CultureInfo.InvariantCulture))
                throw new ShardMergeException($"{folder}/design.csv, line {i + 2}: expected point {i} with {header.Length - 1} values");
            try { values[i] = cells[1..].Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(); }
            catch (FormatException) { throw new ShardMergeException($"{folder}/design.csv, line {i + 2}: expected numbers"); }
        }
        return (header[1..], values);
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Shard indices as Slurm's --array list: 1,3-5,9.</summary>
    private static string Ranges(int[] sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
