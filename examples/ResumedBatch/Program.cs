using System.Globalization;
using Participation.Experiments;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace ResumedBatchExample;

/// <summary>
/// A replication batch embedded in a program, stopped part-way and resumed with the library alone: study X's community,
/// scaled down, is run as a batch of replications into a results folder and stopped once some have finished (as a kill
/// or a cancelled job would stop it); the same batch with <c>Resume = true</c> reads back what the journal holds, runs
/// the rest, and its tables are compared, byte for byte, with those of the batch run without a stop.
/// </summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run --project examples/ResumedBatch [-- --quick] [--replications N] [--stop-after K] [--out DIR] [--scenario PATH]</c>.</summary>
    public static int Main(string[] args) => Run(args, Console.Out);

    /// <summary>Runs, stops, resumes and compares; returns the exit code (0 identical, 1 the tables differ, 2 bad arguments or scenario, 3 results could not be written).</summary>
    /// <param name="args"><c>--quick</c> (a smaller community over fewer years, for CI), <c>--replications N</c> (default 6),
    /// <c>--stop-after K</c> (stop once K replications are done; default 2), <c>--out DIR</c> (default results/examples/resumed-batch),
    /// <c>--scenario PATH</c> (default scenarios/x-shaoxing.json).</param>
    /// <param name="output">Where the account goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false;
        int replications = 6, stopAfter = 2;
        string outDir = Path.Combine("results", "examples", "resumed-batch");
        string scenarioPath = "scenarios/x-shaoxing.json";
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--quick": quick = true; break;
                case "--replications" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out replications) && replications >= 2: a++; break;
                case "--stop-after" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out stopAfter) && stopAfter >= 1: a++; break;
                case "--out" when a + 1 < args.Length: outDir = args[++a]; break;
                case "--scenario" when a + 1 < args.Length: scenarioPath = args[++a]; break;
                default:
                    output.WriteLine($"unknown or incomplete option {args[a]}; expected --quick, --replications N (2 or more), --stop-after K, --out DIR, --scenario PATH");
                    return 2;
            }
        }
        if (stopAfter >= replications)
        {
            output.WriteLine($"--stop-after {stopAfter}: expected fewer than the {replications} replications");
            return 2;
        }

        Scenario scenario;
        try
        {
            string path = RepositoryFile(scenarioPath);
            int factor = quick ? 10 : 4;
            scenario = ScenarioLoader.Load(path, [.. ScaledDown(ScenarioLoader.Load(path), factor),
                quick ? "calendar.start=2020-01-06" : "calendar.start=2016-01-04", "calendar.reportFrom=2022-01-01"]);
        }
        catch (ScenarioException e)
        {
            output.WriteLine(e.Message);
            return 2;
        }

        // One replication at a time, so that the stop comes after exactly K replications.
        var batch = new ReplicationBatch { Scenario = scenario, MasterSeed = (ulong)scenario.Seed, Replications = replications, Threads = 1 };
        string stopped = Path.Combine(outDir, "stopped"), whole = Path.Combine(outDir, "whole");
        try
        {
            // A ResultsWriter opens an existing folder; the example starts from empty ones.
            foreach (var folder in new[] { stopped, whole })
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                Directory.CreateDirectory(folder);
            }

            // 1. Stopped: cancelled once K replications are done. The journal keeps them; no table is written.
            using (var stop = new CancellationTokenSource())
            using (var files = new ResultsWriter(stopped))
            {
                var progress = new Inline(p => { if (p.RunsDone >= stopAfter) stop.Cancel(); });
                try
                {
                    batch.Run(files, progress, stop.Token);
                    output.WriteLine("the batch finished before it could be stopped");
                    return 1;
                }
                catch (OperationCanceledException) { }
            }
            output.WriteLine($"{scenario.Name}: stopped after {stopAfter} of {replications} replications; " +
                $"{(File.Exists(Path.Combine(stopped, "summary.csv")) ? "summary.csv written" : "no table written")}");

            // 2. Resumed: the same batch, Resume = true; the finished replications are read back, not run again.
            BatchOutcome resumed;
            using (var files = new ResultsWriter(stopped))
                resumed = (batch with { Resume = true }).Run(files, resuming: r => output.WriteLine($"resuming: {r.Done} of {r.Replications} replications read back from the journal"));
            output.WriteLine($"resumed: {resumed.End}, {resumed.Summary.Count} summary figures");

            // 3. The batch without a stop, for comparison.
            using (var files = new ResultsWriter(whole)) batch.Run(files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"could not write the results to {outDir}: {e.Message}");
            return 3;
        }
        catch (ExperimentException e)
        {
            output.WriteLine(e.Message);
            return 2;
        }

        var tables = ResultSet.Files.Where(f => f != ResultsWriter.ManifestName).ToArray();
        var differ = tables.Where(f => !File.ReadAllBytes(Path.Combine(stopped, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(whole, f)))).ToArray();
        output.WriteLine(differ.Length == 0
            ? $"identical: all {tables.Length} tables of the resumed batch ({string.Join(", ", tables)}) are byte for byte those of the batch run without a stop"
            : $"DIFFERENT: {string.Join(", ", differ)}");
        return differ.Length == 0 ? 0 : 1;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (the stop comes at once, not posted to a thread pool).</summary>
    private sealed class Inline(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }

    /// <summary>Overrides dividing every compound's households and buildings by <paramref name="factor"/>: the same mix, smaller.</summary>
    private static IEnumerable<string> ScaledDown(Scenario scenario, int factor)
    {
        foreach (var (name, compound) in scenario.Compounds)
        {
            int households = Math.Max(1, compound.Households / factor);
            yield return $"compounds.{name}.households={households}";
            yield return $"compounds.{name}.buildings={Math.Clamp(compound.Buildings / factor, 1, households)}";
        }
    }

    /// <summary>The path as given when it exists (run from the repository root), else under the first folder above this program that has it.</summary>
    private static string RepositoryFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path;
    }
}
