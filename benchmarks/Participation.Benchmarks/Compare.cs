using System.Globalization;
using System.Text.Json;

namespace Participation.Benchmarks;

/// <summary>
/// Regression check between two BenchmarkDotNet full JSON reports. Each benchmark's mean (or, with
/// --statistic, its median or minimum iteration) is divided by the same statistic of the STREAM triad in its
/// own report (the machine's memory speed), and the current normalised time is compared with the baseline's:
/// slower by more than the tolerance fails (exit 1). Benchmarks found in only one report are listed but do not
/// fail. Exit 2: bad arguments or a report without the triad.
/// </summary>
public static class Compare
{
    private const string Usage = "usage: compare --baseline FILE --current FILE [--tolerance 0.25] [--statistic mean|median|min]";

    /// <summary>One benchmark of a report.</summary>
    public sealed record Entry(string Key, double MeanNs);

    public static int Run(string[] args)
    {
        string? baseline = null, current = null;
        double tolerance = 0.25;
        string statistic = "Mean";
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--baseline": baseline = Next(); break;
                case "--current": current = Next(); break;
                case "--tolerance":
                    var t = Next();
                    if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out tolerance) || tolerance < 0)
                    { Console.Error.WriteLine($"--tolerance: '{t}' is not a number >= 0 (e.g. 0.25 for 25 %)"); return 2; }
                    break;
                case "--statistic":
                    var st = Next();
                    statistic = st switch { "mean" => "Mean", "median" => "Median", "min" => "Min", _ => "" };
                    if (statistic.Length == 0) { Console.Error.WriteLine($"--statistic: '{st}' is not mean, median or min"); return 2; }
                    break;
                default: Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}"); return 2;
            }
        }
        if (baseline is null || current is null) { Console.Error.WriteLine(Usage); return 2; }

        Dictionary<string, Entry> b, c;
        try { b = Read(baseline, statistic); c = Read(current, statistic); }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var bRef = Reference(b, baseline); var cRef = Reference(c, current);
        if (bRef is null || cRef is null) return 2;

        Console.WriteLine($"reference: triad {Ns(bRef.MeanNs)} (baseline), {Ns(cRef.MeanNs)} (current); machine speed ratio {bRef.MeanNs / cRef.MeanNs:0.00}x");
        Console.WriteLine($"tolerance: current normalised time may exceed baseline by {tolerance:P0} (statistic: {statistic.ToLowerInvariant()} of the iterations)");
        Console.WriteLine();
        var rows = new List<string[]> { new[] { "benchmark", "baseline", "current", "base/triad", "cur/triad", "change", "verdict" } };
        int regressions = 0;
        foreach (var key in b.Keys.Union(c.Keys).Order(StringComparer.Ordinal))
        {
            if (key == bRef.Key) continue;
            b.TryGetValue(key, out var be); c.TryGetValue(key, out var ce);
            if (be is null || ce is null)
            {
                rows.Add([key, be is null ? "-" : Ns(be.MeanNs), ce is null ? "-" : Ns(ce.MeanNs), "-", "-", "-", be is null ? "new" : "missing"]);
                continue;
            }
            double bn = be.MeanNs / bRef.MeanNs, cn = ce.MeanNs / cRef.MeanNs, change = cn / bn - 1;
            bool slow = change > tolerance;
            if (slow) regressions++;
            rows.Add([key, Ns(be.MeanNs), Ns(ce.MeanNs), bn.ToString("0.0000", CultureInfo.InvariantCulture),
                cn.ToString("0.0000", CultureInfo.InvariantCulture), change.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture),
                slow ? "SLOWER" : change < -tolerance ? "faster" : "ok"]);
        }
        Print(rows);
        Console.WriteLine();
        Console.WriteLine(regressions == 0 ? "no regression beyond the tolerance" : $"{regressions} benchmark(s) slower than the baseline beyond the tolerance");
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
