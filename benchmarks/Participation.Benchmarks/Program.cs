using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Participation.Benchmarks;

/// <summary>
/// The benchmark suite's entry point.
/// <code>
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- [BenchmarkDotNet args]
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- --ci [--1m] [--artifacts DIR] [BenchmarkDotNet args]
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- compare --baseline FILE [FILE...] --current FILE [--tolerance T]
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- memory [--residents 10000,100000,1000000]
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- phases [--residents 1000000] [--ticks 52] [--threads 1,2] [--rounds 3]
/// </code>
/// Without --filter every benchmark runs (no interactive prompt). All benchmarks of a run go into one joined
/// report (so the triad reference sits beside the model's timings); a full JSON report is always written.
/// </summary>
public static class Program
{
    /// <summary>The short job of --ci: one launch, 2 warm-up and 5 measured iterations.</summary>
    public static readonly Job CiJob = Job.Default.WithId("CI").WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5);

    public static int Main(string[] args)
    {
        if (args is ["compare", .. var compareArgs]) return Compare.Run(compareArgs);
        if (args is ["memory", .. var memoryArgs]) return MemoryReport.Run(memoryArgs);
        if (args is ["phases", .. var phaseArgs]) return PhaseReport.Run(phaseArgs);

        var rest = new List<string>(args);
        bool ci = Take(rest, "--ci");
        bool with1M = Take(rest, "--1m");
        bool without1M = Take(rest, "--no-1m");
        string artifacts = Path.GetFullPath(TakeValue(rest, "--artifacts") ?? "BenchmarkDotNet.Artifacts");
        Bench.Include1M = ci ? with1M : !without1M;

        bool informational = rest.Any(a => a is "--help" or "-h" or "-?" or "--version" or "--info" or "--list");
        int filter = rest.FindIndex(a => a is "--filter" or "-f");
        if (filter < 0 && !informational) rest.AddRange(["--filter", "*"]);
        else if (filter >= 0 && ci) rest.Insert(filter + 1, "*" + nameof(ReferenceBenchmarks) + "*"); // compare needs the triad

        IConfig config = ci
            ? ManualConfig.CreateMinimumViable().AddJob(CiJob).AddExporter(JsonExporter.Full, MarkdownExporter.GitHub)
            : DefaultConfig.Instance.AddExporter(JsonExporter.Full);
        config = config.WithArtifactsPath(artifacts).WithOptions(ConfigOptions.JoinSummary)
            .AddColumn(DerivedColumn.NsPerResidentTick, DerivedColumn.ResidentTicksPerSecond, DerivedColumn.TriadBandwidth);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config).ToArray();
        if (informational) return 0;
        if (summaries.Length == 0) { Console.Error.WriteLine("no benchmark ran (check --filter)"); return 1; }

        int failed = 0;
        foreach (var summary in summaries)
        {
            failed += summary.Reports.Count(r => r.ResultStatistics is null);
            if (summary.HasCriticalValidationErrors) failed++;
            var report = Path.Combine(summary.ResultsDirectoryPath, summary.Title + "-report-full.json");
            if (!File.Exists(report)) continue;
            Console.WriteLine($"// full JSON report: {report}");
            if (ci && summaries.Length == 1)
            {
                var stable = Path.Combine(artifacts, "report-full.json");
                File.Copy(report, stable, overwrite: true);
                Console.WriteLine($"// copied to {stable} (compare --current {stable})");
            }
        }
        if (failed > 0) Console.Error.WriteLine($"{failed} benchmark(s) failed or gave no result");
        return failed > 0 ? 1 : 0;
    }

    private static bool Take(List<string> args, string flag) => args.RemoveAll(a => a == flag) > 0;

    private static string? TakeValue(List<string> args, string option)
    {
        int i = args.IndexOf(option);
        if (i < 0) return null;
        if (i + 1 >= args.Count) throw new ArgumentException($"{option} needs a value");
        var value = args[i + 1];
        args.RemoveRange(i, 2);
        return value;
    }
}
