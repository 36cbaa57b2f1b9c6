using System.Globalization;
using Participation.Experiments.Statistics;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;
using Participation.Simulation;

namespace ScriptedExperimentExample;

/// <summary>
/// An experiment scripted from code instead of <c>participation sweep</c>: study X's community, scaled down, with the
/// decision's intercept (the attitude–behaviour gap, docs/model.md, phase 3) on a 3-point grid, 3 replications a point on
/// common random numbers. Rows stream to three sinks at once: memory (for the table printed here), the long CSV and
/// the per-point summary CSV the command line writes.
/// </summary>
public static class Program
{
    /// <summary>The figures the printed table shows (names of <c>RunResult.Summary()</c>; docs/outputs.md lists them all).</summary>
    public static readonly string[] Shown = ["participation_rate_month", "register_backbones"];

    /// <summary>Entry point: <c>dotnet run --project examples/ScriptedExperiment [-- --quick] [--vary path=lo:hi:steps] [--replications N] [--threads N] [--out DIR] [--scenario PATH]</c>.</summary>
    public static int Main(string[] args) => Run(args, Console.Out);

    /// <summary>Runs the sweep and prints the summary table to <paramref name="output"/>; returns the exit code (0 ok, 2 bad arguments or scenario, 3 results could not be written).</summary>
    /// <param name="args"><c>--quick</c> (a smaller community over fewer years, for CI), <c>--vary path=lo:hi:steps</c>
    /// (default decision.intercept=-9:-7:3), <c>--replications N</c> (default 3), <c>--threads N</c> (default: all cores),
    /// <c>--out DIR</c> (default results/examples/scripted-experiment), <c>--scenario PATH</c> (default scenarios/x-shaoxing.json).</param>
    /// <param name="output">Where the table goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false;
        int replications = 3, threads = 0;
        string vary = "decision.intercept=-9:-7:3";
        string outDir = Path.Combine("results", "examples", "scripted-experiment");
        string scenarioPath = "scenarios/x-shaoxing.json";
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--quick": quick = true; break;
                case "--vary" when a + 1 < args.Length: vary = args[++a]; break;
                case "--replications" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out replications) && replications >= 1: a++; break;
                case "--threads" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out threads) && threads >= 0: a++; break;
                case "--out" when a + 1 < args.Length: outDir = args[++a]; break;
                case "--scenario" when a + 1 < args.Length: scenarioPath = args[++a]; break;
                default:
                    output.WriteLine($"unknown or incomplete option {args[a]}; expected --quick, --vary path=lo:hi:steps, --replications N, --threads N, --out DIR, --scenario PATH");
                    return 2;
            }
        }

        ScenarioFactory factory;
        SweepDesign design;
        try
        {
            string path = RepositoryFile(scenarioPath);
            // Overrides applied to every point before the point's own value, exactly like --set on the command line.
            // A quarter of the community (a tenth with --quick) from 2016 (2020): each run takes a fraction of a second.
            int factor = quick ? 10 : 4;
            string[] overrides = [.. ScaledDown(ScenarioLoader.Load(path), factor),
                quick ? "calendar.start=2020-01-06" : "calendar.start=2016-01-04", "calendar.reportFrom=2022-01-01"];
            factory = ScenarioFactory.FromFile(path, overrides);
            // Parse checks the key and the range against the scenario schema, as `participation sweep --vary` does.
            design = SweepDesign.Grid([SweepParameter.Parse(vary, factory.Base)]);
        }
        catch (Exception e) when (e is ScenarioException or FormatException)
        {
            output.WriteLine(e.Message);
            return 2;
        }

        // Common random numbers: every point reuses the same replication seeds, so the differences between points are
        // the parameter's, not different draws'.
        var sweep = new Sweep(design, factory)
        {
            Replications = replications,
            MasterSeed = (ulong)factory.Base.Seed,
            CommonRandomNumbers = true,
            Threads = threads,
        };

        var memory = new MemorySweepSink();
        SweepSummary done;
        try
        {
            Directory.CreateDirectory(outDir);
            using var rows = new CsvSweepSink(Path.Combine(outDir, "sweep.csv"));
            using var points = new PointSummarySink(Path.Combine(outDir, "sweep_summary.csv"));
            done = sweep.Run(SweepSinks.Tee(memory, rows, points));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"could not write the results to {outDir}: {e.Message}");
            return 3;
        }

        var parameter = design.Parameters[0];
        output.WriteLine($"{factory.Base.Name}: {done.Points} points x {done.Replications} replications = {done.Runs} runs in {done.Wall.TotalSeconds:F1} s");
        output.WriteLine($"{factory.Base.Households()} households, {factory.Base.Calendar.Start:yyyy-MM-dd} to {factory.Base.Calendar.End:yyyy-MM-dd}; mean [95 % interval] across replications");
        output.WriteLine();
        int width = Math.Max(18, parameter.Path.Length);
        output.WriteLine($"{parameter.Path.PadRight(width)}  {"adults taking part in a month",-30}  {"backbones on the register"}");
        // Rows arrive in (point, replication) order; one interval per point and figure across its replications.
        foreach (var point in memory.Rows.GroupBy(r => r.Point))
        {
            var rate = Interval.Of(point.Select(r => r.Figure(Shown[0])));
            var backbones = Interval.Of(point.Select(r => r.Figure(Shown[1])));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{point.First().Parameters[0].ToString("0.###", CultureInfo.InvariantCulture).PadRight(width)}  {$"{100 * rate.Mean:F1} % [{100 * rate.Low:F1}, {100 * rate.High:F1}]",-30}  {$"{backbones.Mean:F1} [{backbones.Low:F1}, {backbones.High:F1}]"}"));
        }
        output.WriteLine();
        output.WriteLine($"Every run's figures: {Path.Combine(outDir, "sweep.csv")}; per point: {Path.Combine(outDir, "sweep_summary.csv")}");
        return 0;
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

    /// <summary>Households over all compounds.</summary>
    private static int Households(this Scenario scenario) => scenario.Compounds.Values.Sum(c => c.Households);

    /// <summary>The path as given when it exists (run from the repository root), else under the first folder above this program that has it.</summary>
    private static string RepositoryFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path;
    }
}
