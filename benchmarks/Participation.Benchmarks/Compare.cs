using System.Globalization;
using System.Text.Json;

namespace Participation.Benchmarks;

/// <summary>
/// Regression check of a BenchmarkDotNet full JSON report against one or more baseline reports (repeated runs of the
/// baseline suite). Each benchmark's mean (or, with --statistic, its median or minimum iteration) is divided by the same
/// statistic of the STREAM triad in its own report (the machine's memory speed). The baseline is the median of the
/// baseline runs' normalised times and its noise their spread, (max − min) / median; a benchmark counts as a regression
/// (SLOWER, exit 1) only when its current normalised time exceeds the baseline by more than the tolerance plus that
/// spread, so a difference the baseline runs themselves show is never flagged. With one baseline run no spread is
/// measured and the tolerance alone applies (default 0.25 then, 0.10 on top of a measured spread). Benchmarks found in
/// only some reports are listed but do not fail. Exit 2: bad arguments or a report without the triad.
/// </summary>
public static class Compare
{
    private const string Usage = "usage: compare --baseline FILE [FILE...] --current FILE [--tolerance T] [--statistic mean|median|min]";

    /// <summary>The tolerance with one baseline run (no run-to-run spread measured): 25 %.</summary>
    public const double SingleRunTolerance = 0.25;

    /// <summary>The tolerance beyond the spread of two or more baseline runs: 10 %.</summary>
    public const double RepeatedRunsTolerance = 0.10;

    /// <summary>
    /// The verdict on one benchmark: <paramref name="baseline"/> its normalised times in the baseline runs, <paramref name="current"/>
    /// its normalised time now. Returns the change against the baseline's median, the threshold (tolerance + spread) and
    /// "SLOWER", "faster" or "ok".
    /// </summary>
    public static (double Change, double Threshold, string Verdict) Judge(IReadOnlyList<double> baseline, double current, double tolerance)
    {
        var sorted = baseline.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double spread = (sorted[^1] - sorted[0]) / median;
        double change = current / median - 1, threshold = tolerance + spread;
        return (change, threshold, change > threshold ? "SLOWER" : change < -threshold ? "faster" : "ok");
    }

    /// <summary>One benchmark of a report.</summary>
    public sealed record Entry(string Key, double MeanNs);

    public static int Run(string[] args)
    {
        var baselines = new List<string>();
        string? current = null;
        double? tolerance = null;
        string statistic = "Mean";
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--baseline":
                    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) baselines.Add(args[++i]);
                    break;
                case "--current": current = Next(); break;
                case "--tolerance":
                    var t = Next();
                    if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double given) || given < 0)
                    { Console.Error.WriteLine($"--tolerance: '{t}' is not a number >= 0 (e.g. 0.1 for 10 %)"); return 2; }
                    tolerance = given;
                    break;
                case "--statistic":
                    var st = Next();
                    statistic = st switch { "mean" => "Mean", "median" => "Median", "min" => "Min", _ => "" };
                    if (statistic.Length == 0) { Console.Error.WriteLine($"--statistic: '{st}' is not mean, median or min"); return 2; }
                    break;
                default: Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}"); return 2;
            }
        }
        if (baselines.Count == 0 || current is null) { Console.Error.WriteLine(Usage); return 2; }
        double tol = tolerance ?? (baselines.Count > 1 ? RepeatedRunsTolerance : SingleRunTolerance);

        List<Dictionary<string, Entry>> b;
        Dictionary<string, Entry> c;
        try { b = baselines.Select(f => Read(f, statistic)).ToList(); c = Read(current, statistic); }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var bRefs = b.Select((r, k) => Reference(r, baselines[k])).ToList(); var cRef = Reference(c, current);
        if (bRefs.Any(r => r is null) || cRef is null) return 2;

        Console.WriteLine($"reference: triad {string.Join(", ", bRefs.Select(r => Ns(r!.MeanNs)))} (baseline run{(b.Count == 1 ? "" : "s")}), {Ns(cRef.MeanNs)} (current)");
        Console.WriteLine(b.Count == 1
            ? $"threshold: a benchmark counts as slower when its normalised time exceeds the baseline's by more than {tol:P0} (one baseline run: " +
              "no run-to-run spread measured; give --baseline two or more repeated runs so that noise is not flagged)"
            : $"threshold: a benchmark counts as slower when its normalised time exceeds the median of the {b.Count} baseline runs by more than " +
              $"{tol:P0} plus their spread ((max - min) / median, per benchmark)");
        Console.WriteLine($"statistic: {statistic.ToLowerInvariant()} of the iterations, divided by the triad's of the same report");
        Console.WriteLine();
        var rows = new List<string[]> { new[] { "benchmark", "baseline", "current", "base/triad", "cur/triad", "change", "threshold", "verdict" } };
        int regressions = 0;
        var keys = b.SelectMany(r => r.Keys).Union(c.Keys).Where(k => bRefs.All(r => k != r!.Key) && k != cRef.Key).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var be = b.Select(r => r.GetValueOrDefault(key)).ToList();
            c.TryGetValue(key, out var ce);
            if (be.Any(e => e is null) || ce is null)
            {
                string where = ce is null ? "missing" : "new";
                rows.Add([key, be.All(e => e is null) ? "-" : string.Join(" ", be.Select(e => e is null ? "-" : Ns(e.MeanNs))), ce is null ? "-" : Ns(ce.MeanNs), "-", "-", "-", "-", where]);
                continue;
            }
            var normalised = be.Select((e, k) => e!.MeanNs / bRefs[k]!.MeanNs).ToList();
            double cn = ce.MeanNs / cRef.MeanNs;
            var (change, threshold, verdict) = Judge(normalised, cn, tol);
            if (verdict == "SLOWER") regressions++;
            rows.Add([key, string.Join(" ", be.Select(e => Ns(e!.MeanNs))), Ns(ce.MeanNs),
                string.Join(" ", normalised.Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture))),
                cn.ToString("0.0000", CultureInfo.InvariantCulture), change.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture),
                threshold.ToString("0.0%", CultureInfo.InvariantCulture), verdict]);
        }
        Print(rows);
        Console.WriteLine();
        Console.WriteLine(regressions == 0 ? "no regression beyond the threshold" : $"{regressions} benchmark(s) slower than the baseline beyond the threshold");
        return regressions == 0 ? 0 : 1;
    }

    /// <summary>Reads the benchmarks of a full (or brief) JSON report, keyed by type, method and parameters.</summary>
    /// <param name="path">The report.</param>
    /// <param name="statistic">Mean, Median or Min (BenchmarkDotNet's names, in nanoseconds per operation).</param>
    public static Dictionary<string, Entry> Read(string path, string statistic = "Mean")
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!doc.RootElement.TryGetProperty("Benchmarks", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: not a BenchmarkDotNet JSON report (no Benchmarks array)");
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            string type = Str(item, "Type"), method = Str(item, "Method"), parameters = Str(item, "Parameters");
            string key = type + "." + method + (parameters.Length > 0 ? "(" + parameters.Replace("&", ", ") + ")" : "");
            if (!item.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object
                || !stats.TryGetProperty(statistic, out var mean) || mean.ValueKind != JsonValueKind.Number)
                continue; // a benchmark that failed has no statistics
            result[key] = new Entry(key, mean.GetDouble());
        }
        return result;
    }

    private static Entry? Reference(Dictionary<string, Entry> report, string path)
    {
        var triad = report.Values.Where(e => e.Key.StartsWith(nameof(ReferenceBenchmarks) + "." + nameof(ReferenceBenchmarks.Triad), StringComparison.Ordinal)).ToArray();
        if (triad.Length == 1 && triad[0].MeanNs > 0) return triad[0];
        Console.Error.WriteLine($"{path}: {(triad.Length == 0 ? "no" : "more than one")} {nameof(ReferenceBenchmarks)}.{nameof(ReferenceBenchmarks.Triad)} result to normalise by (run the suite with the triad, e.g. --ci)");
        return null;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Ns(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    private static void Print(List<string[]> rows)
    {
        var width = Enumerable.Range(0, rows[0].Length).Select(j => rows.Max(r => r[j].Length)).ToArray();
        foreach (var (row, n) in rows.Select((r, n) => (r, n)))
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, j) => j == 0 ? cell.PadRight(width[j]) : cell.PadLeft(width[j]))) + " |");
            if (n == 0) Console.WriteLine("|" + string.Join("|", width.Select((w, j) => j == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        }
    }
}
