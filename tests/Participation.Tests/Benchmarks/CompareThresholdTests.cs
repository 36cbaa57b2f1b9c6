using System.Diagnostics;
using System.Globalization;

namespace Participation.Tests.Benchmarks;

/// <summary>
/// The benchmark regression check (<c>benchmarks/Participation.Benchmarks -- compare</c>) flags a benchmark only beyond
/// the noise the baseline runs themselves show: the tolerance plus the spread of repeated baseline runs, each benchmark
/// normalised by the STREAM triad of its own report. Run on reports made up here, through the built program.
/// </summary>
public class CompareThresholdTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-bench-compare-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>A full JSON report with the triad at <paramref name="triadNs"/> and each benchmark's mean.</summary>
    private string Report(string name, double triadNs, params (string Key, double MeanNs)[] benchmarks)
    {
        static string Item(string type, string method, string parameters, double mean)
        {
            string v = mean.ToString("R", CultureInfo.InvariantCulture);
            return $"{{\"Type\":\"{type}\",\"Method\":\"{method}\",\"Parameters\":\"{parameters}\",\"Statistics\":{{\"Mean\":{v},\"Median\":{v},\"Min\":{v}}}}}";
        }
        var items = benchmarks.Select(b => Item("TickBenchmarks", "Step", b.Key, b.MeanNs)).Prepend(Item("ReferenceBenchmarks", "Triad", "", triadNs));
        string path = Path.Combine(_temp, name + ".json");
        File.WriteAllText(path, $$"""{"Title":"test","Benchmarks":[{{string.Join(",", items)}}]}""");
        return path;
    }

    private static (int Code, string Output) Compare(params string[] args)
    {
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string dll = Path.Combine(TestScenarios.RepoRoot(), "benchmarks", "Participation.Benchmarks", "bin", config, "net10.0", "Participation.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (dotnet build Simulation.sln builds it)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "compare" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text);
    }

    private static string Verdict(string output, string parameters) =>
        output.Split('\n').Single(l => l.Contains($"TickBenchmarks.Step({parameters})")).Split('|', StringSplitOptions.TrimEntries)[^2];

    [Fact]
    public void A_difference_within_the_spread_of_repeated_baseline_runs_is_not_a_regression()
    {
        // Two baseline runs: A's normalised time 1.00 and 1.30 (median 1.15, spread 26 %), B's steady at 1.00 and 1.01.
        string b1 = Report("b1", 1e7, ("A", 1.00e7), ("B", 1.00e7)), b2 = Report("b2", 1e7, ("A", 1.30e7), ("B", 1.01e7));
        // Now: A as slow as the slower baseline run, B 15 % slower than both.
        string now = Report("now", 1e7, ("A", 1.30e7), ("B", 1.16e7));

        var (code, text) = Compare("--baseline", b1, b2, "--current", now);
        Assert.True(code == 1, text);
        Assert.Equal("ok", Verdict(text, "A"));        // +13 % against the median, within 10 % + 26 %: the baseline itself varies that much
        Assert.Equal("SLOWER", Verdict(text, "B"));    // +15 % against a spread of 1 %: beyond 10 % + 1 %
        Assert.Contains("plus their spread", text);

        // Against the first baseline run alone, A's +30 % would have been flagged.
        (code, text) = Compare("--baseline", b1, "--current", now);
        Assert.Equal(1, code);
        Assert.Equal("SLOWER", Verdict(text, "A"));
        Assert.Contains("one baseline run", text);
    }

    [Fact]
    public void A_current_run_anywhere_between_the_baseline_runs_passes_and_a_slower_machine_is_normalised_away()
    {
        string b1 = Report("b1", 1e7, ("A", 1.0e7)), b2 = Report("b2", 1e7, ("A", 1.2e7)), b3 = Report("b3", 1e7, ("A", 1.1e7));
        foreach (double mean in new[] { 1.0e7, 1.05e7, 1.2e7 })
        {
            var (code, text) = Compare("--baseline", b1, b2, b3, "--current", Report("now", 1e7, ("A", mean)));
            Assert.True(code == 0, text);
        }
        // A machine twice as slow (triad and benchmark alike) is no regression; 40 % beyond it is.
        Assert.Equal(0, Compare("--baseline", b1, b2, b3, "--current", Report("slow", 2e7, ("A", 2.2e7))).Code);
        var (slower, output) = Compare("--baseline", b1, b2, b3, "--current", Report("slower", 2e7, ("A", 2.2e7 * 1.4)));
        Assert.True(slower == 1, output);
    }

    [Fact]
    public void The_committed_baseline_passes_against_itself_and_bad_input_exits_2()
    {
        string baseline = Path.Combine(TestScenarios.RepoRoot(), "benchmarks", "baseline", "ci-report-full.json");
        var (code, text) = Compare("--baseline", baseline, "--current", baseline);
        Assert.True(code == 0, text);
        Assert.Equal(2, Compare("--baseline", "--current", baseline).Code);
        Assert.Equal(2, Compare("--baseline", baseline, "--current", baseline, "--tolerance", "-1").Code);
    }
}
