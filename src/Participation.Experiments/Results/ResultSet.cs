using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Experiments.Statistics;
using Participation.Outcomes;
using Participation.Simulation;

namespace Participation.Experiments.Results;

/// <summary>A backbone spell as a table row, with calendar dates.</summary>
public sealed record SpellRow(int Resident, DateOnly StartDate, DateOnly EndDate, int Weeks, double AgeAtStart, SpellEnd Reason, bool Censored);

/// <summary>A summary figure across replications.</summary>
public sealed record SummaryRow(string Figure, string Unit, double Mean, double CiLow, double CiHigh, double Sd, int N, string Meaning);

/// <summary>What the manifest records about how a result was produced.</summary>
public sealed record RunManifest
{
    /// <summary>Tool name.</summary>
    public string Tool { get; init; } = "participation";
    /// <summary>Library version (with the git commit after '+').</summary>
    public string Version { get; init; } = ResultSet.Version;
    /// <summary>Git commit of the build, if known.</summary>
    public string Commit { get; init; } = ResultSet.Commit;
    /// <summary>The command line that produced the result.</summary>
    public string Command { get; init; } = "";
    /// <summary>Scenario file, as given.</summary>
    public string ScenarioFile { get; init; } = "";
    /// <summary>Overrides given with --set.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
    /// <summary>Master seed.</summary>
    public ulong MasterSeed { get; init; }
    /// <summary>Seeds of the replications, in order.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = [];
    /// <summary>Replications run (the number of seeds).</summary>
    public int Replications { get; init; }
    /// <summary>The checkpoint the run continued from (<c>run --from</c>), if any.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }
    /// <summary>Date at which a checkpoint was saved into the folder (<c>run --checkpoint-at</c>), if any.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? CheckpointAt { get; init; }
    /// <summary>Threads used (results do not depend on it).</summary>
    public int Threads { get; init; }
    /// <summary>Start time, UTC.</summary>
    public DateTimeOffset Started { get; init; }
    /// <summary>Wall time in seconds.</summary>
    public double WallSeconds { get; init; }
    /// <summary>.NET runtime.</summary>
    public string Runtime { get; init; } = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    /// <summary>Operating system and architecture.</summary>
    public string Platform { get; init; } = System.Runtime.InteropServices.RuntimeInformation.OSDescription + " " +
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture;
    /// <summary>Files written beside the manifest.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>
/// The results of a batch of replications on disk: weekly, monthly and annual tables, spells, summaries
/// across replications, and a manifest with the resolved scenario. Each file is written to a temporary
/// name and renamed when complete, so a crash never leaves a half-written file that looks complete, and the previous
/// results are replaced only once every new file is complete (<see cref="ResultsWriter"/>).
/// </summary>
public static class ResultSet
{
    /// <summary>The library's informational version.</summary>
    public static string Version { get; } =
        typeof(RunResult).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The git commit the library was built from ("unknown" outside a git checkout).</summary>
    public static string Commit { get; } = Version.Contains('+') ? Version[(Version.IndexOf('+') + 1)..] : "unknown";

    /// <summary>Names of the files a result folder holds.</summary>
    public static readonly string[] Files =
        ["weekly.csv", "weekly_summary.csv", "monthly.csv", "monthly_summary.csv", "annual.csv", "spells.csv",
         "summary.csv", "summary_by_replication.csv", "manifest.json"];

    /// <summary>Names of the Parquet copies of the big tables, written beside the CSV when asked for.</summary>
    public static readonly string[] ParquetFiles = ["weekly.parquet", "monthly.parquet", "annual.parquet", "spells.parquet"];

    /// <summary>Summary figures across replications: mean, 95 % interval, sd.</summary>
    /// <remarks>The runs are read once, in order, and folded into one accumulator per figure: none is held.</remarks>
    public static IReadOnlyList<SummaryRow> Summarise(IEnumerable<RunResult> runs)
    {
        IReadOnlyList<SummaryFigure>? first = null;
        var sums = Array.Empty<Interval.Accumulator>();
        foreach (var run in runs)
        {
            var figures = run.Summary();
            if (first is null) { first = figures; sums = new Interval.Accumulator[figures.Count]; }
            for (int k = 0; k < sums.Length; k++) sums[k].Add(figures[k].Value);
        }
        if (first is null) throw new ArgumentException("no runs to summarise", nameof(runs));
        return first.Select((f, k) =>
        {
            var iv = sums[k].Interval;
            return new SummaryRow(f.Name, f.Unit, iv.Mean, iv.Low, iv.High, iv.StandardDeviation, iv.Count, f.Meaning);
        }).ToArray();
    }

    /// <summary>
    /// Writes every table and the manifest into <paramref name="folder"/> (which must exist), replacing the folder's
    /// previous experiment as <see cref="ResultsWriter"/> does: every file is written completely beside its target before
    /// any is renamed over an old one, the manifest last, so a write that fails (a full disk) leaves the previous results
    /// exactly as they were and no temporary file behind.
    /// </summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="runs">Results, in replication order.</param>
    /// <param name="manifest">Manifest (its file list is filled in).</param>
    /// <param name="resolvedScenarioJson">The resolved scenario as JSON, embedded in the manifest.</param>
    /// <param name="extraFiles">Files the caller has written into the folder (e.g. a checkpoint), listed in the manifest.</param>
    /// <param name="parquet">Also write weekly, monthly, annual and spells as Parquet (<see cref="ParquetFiles"/>).</param>
    /// <exception cref="ResultsFolderBusyException">Another writer holds the folder.</exception>
    public static void Write(string folder, IReadOnlyList<RunResult> runs, RunManifest manifest, string resolvedScenarioJson,
        IReadOnlyList<string>? extraFiles = null, bool parquet = false)
    {
        using var files = new ResultsWriter(folder);
        Write(files, runs, manifest, resolvedScenarioJson, extraFiles, parquet);
    }

    /// <summary>
    /// Writes every table and the manifest through <paramref name="files"/> and commits them (<see cref="ResultsWriter.Commit"/>).
    /// </summary>
    /// <param name="files">The folder's writer (files it already holds, e.g. a checkpoint, are committed with the tables).</param>
    /// <param name="runs">Results, in replication order.</param>
    /// <param name="manifest">Manifest (its file list is filled in).</param>
    /// <param name="resolvedScenarioJson">The resolved scenario as JSON, embedded in the manifest.</param>
    /// <param name="extraFiles">Files the caller has written through <paramref name="files"/>, listed in the manifest.</param>
    /// <param name="parquet">Also write weekly, monthly, annual and spells as Parquet (<see cref="ParquetFiles"/>).</param>
    public static void Write(ResultsWriter files, IReadOnlyList<RunResult> runs, RunManifest manifest, string resolvedScenarioJson,
        IReadOnlyList<string>? extraFiles = null, bool parquet = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        manifest = manifest with { Replications = runs.Count };
        IEnumerable<(int, ulong, IEnumerable<T>)> Batches<T>(Func<RunResult, IEnumerable<T>> rows) =>
            runs.Select((r, k) => (k, r.Seed, rows(r)));

        files.WriteText("weekly.csv", w => CsvTable.Write(w, Batches(r => r.Weekly)));
        files.WriteText("monthly.csv", w => CsvTable.Write(w, Batches(r => r.Monthly)));
        files.WriteText("annual.csv", w => CsvTable.Write(w, Batches(r => r.Annual)));
        IEnumerable<SpellRow> Spells(RunResult r) => r.Spells.Select(s => new SpellRow(
            s.Resident, r.Calendar.WeekStart(s.Start), r.Calendar.WeekStart(s.End), s.Weeks, Math.Round(s.AgeAtStart, 2),
            s.Reason, s.Reason == SpellEnd.Censored));
        files.WriteText("spells.csv", w => CsvTable.Write(w, Batches(Spells)));
        bool custom = runs.Count > 0 && runs[0].Custom.Count > 0;
        if (custom) files.WriteText(CustomFile, w => WriteCustom(w, runs));
        if (parquet)
        {
            files.Write("weekly.parquet", s => ParquetTable.Write(s, Batches(r => r.Weekly)));
            files.Write("monthly.parquet", s => ParquetTable.Write(s, Batches(r => r.Monthly)));
            files.Write("annual.parquet", s => ParquetTable.Write(s, Batches(r => r.Annual)));
            files.Write("spells.parquet", s => ParquetTable.Write(s, Batches(Spells)));
        }
        files.WriteText("weekly_summary.csv", w => WriteAcross(w, runs.Select(r => r.Weekly), "date", x => x.Date));
        files.WriteText("monthly_summary.csv", w => WriteAcross(w, runs.Select(r => r.Monthly), "month", x => x.Month));
        files.WriteText("summary.csv", w => WriteSummary(w, Summarise(runs)));
        files.WriteText("summary_by_replication.csv", w => WriteByReplication(w, runs));

        var json = JsonSerializer.SerializeToNode(manifest with { Files = [.. Files, .. custom ? [CustomFile] : Array.Empty<string>(), .. parquet ? ParquetFiles : [], .. extraFiles ?? []] }, ManifestJson)!.AsObject();
        json["scenario"] = JsonNode.Parse(resolvedScenarioJson);
        files.Commit(w => w.Write(json.ToJsonString(ManifestJson)));
    }

    /// <summary>The custom outcomes' table (<see cref="ModelExtensions.Outcomes"/>), written only when a run has any.</summary>
    public const string CustomFile = "custom_weekly.csv";

    /// <summary>replication, seed, date, then one column per custom outcome: one row per replication and reported week.</summary>
    private static void WriteCustom(TextWriter w, IReadOnlyList<RunResult> runs)
    {
        var names = runs[0].Custom.Select(c => c.Name).ToArray();
        w.Write("replication,seed,date");
        foreach (var name in names) w.Write("," + name);
        w.Write('\n');
        for (int k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            if (!run.Custom.Select(c => c.Name).SequenceEqual(names))
                throw new InvalidOperationException($"replication {k} recorded custom outcomes {string.Join(", ", run.Custom.Select(c => c.Name))}, not {string.Join(", ", names)}");
            for (int week = 0; week < run.Weekly.Count; week++)
            {
                w.Write(k.ToString(CultureInfo.InvariantCulture)); w.Write(',');
                w.Write(run.Seed.ToString(CultureInfo.InvariantCulture)); w.Write(',');
                w.Write(run.Weekly[week].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (var series in run.Custom) { w.Write(','); w.Write(CsvTable.Positional(series.Weekly[week].ToString("R", CultureInfo.InvariantCulture))); }
                w.Write('\n');
            }
        }
    }

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Writes a file under a temporary name, then renames it into place (<see cref="OutputFiles.ReplaceText"/>): a file
    /// outside a results folder's experiment, or one that is not replaced with others.
    /// </summary>
    public static void WriteAtomic(string folder, string name, Action<TextWriter> write) => OutputFiles.ReplaceText(Path.Combine(folder, name), write);

    /// <summary>Per row key (date or month): the mean and 95 % interval across replications of every numeric column.</summary>
    /// <remarks>
    /// The replications are read once, in order, each folded into one accumulator per row and column (rows past the
    /// shortest replication so far are never written, so they are not kept): memory does not grow with the replications.
    /// </remarks>
    private static void WriteAcross<T>(TextWriter w, IEnumerable<IReadOnlyList<T>> series, string keyName, Func<T, DateOnly> key) where T : class
    {
        CsvTable.Column[]? columns = null;
        var sums = new List<Interval.Accumulator[]>();
        var keys = new List<DateOnly>();
        int rows = int.MaxValue;
        bool firstSeries = true;
        foreach (var s in series)
        {
            if (columns is null && s.Count > 0)
                columns = CsvTable.ColumnsOf<T>().Where(c => c.Name != keyName && c.Name != "tick" && c.Read(s[0]) is double or float or int or long).ToArray();
            rows = Math.Min(rows, s.Count);
            if (firstSeries) keys.AddRange(s.Take(rows).Select(key));
            firstSeries = false;
            if (columns is null) continue;
            for (int r = 0; r < rows; r++)
            {
                if (r == sums.Count) sums.Add(new Interval.Accumulator[columns.Length]);
                var row = sums[r];
                for (int c = 0; c < columns.Length; c++) row[c].Add(Convert.ToDouble(columns[c].Read(s[r]) ?? double.NaN, CultureInfo.InvariantCulture));
            }
        }
        if (rows == int.MaxValue) rows = 0;
        w.Write(keyName);
        foreach (var c in columns ?? []) w.Write($",{c.Name}_mean,{c.Name}_low,{c.Name}_high");
        w.Write('\n');
        for (int r = 0; r < rows; r++)
        {
            w.Write(CsvTable.Format(keys[r]));
            foreach (var acc in sums.Count > r ? sums[r] : [])
            {
                var iv = acc.Interval;
                w.Write($",{CsvTable.Format(iv.Mean)},{CsvTable.Format(iv.Low)},{CsvTable.Format(iv.High)}");
            }
            w.Write('\n');
        }
    }

    private static void WriteSummary(TextWriter w, IReadOnlyList<SummaryRow> rows) => CsvTable.WriteRows(w, rows);

    private static void WriteByReplication(TextWriter w, IReadOnlyList<RunResult> runs)
    {
        var names = runs[0].Summary().Select(f => f.Name).ToArray();
        w.Write("replication,seed," + string.Join(',', names) + "\n");
        for (int k = 0; k < runs.Count; k++)
            w.Write($"{k},{runs[k].Seed}," + string.Join(',', runs[k].Summary().Select(f => CsvTable.Format(f.Value))) + "\n");
    }
}
