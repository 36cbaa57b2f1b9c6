using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation sweep SCENARIO --vary path=lo:hi[:steps]...</c>: runs a grid or Latin-hypercube design over
/// numeric scenario keys and streams one long table of every run's summary figures.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = CommonOptions.Scenario();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var vary = ExperimentOptions.Vary("Vary a numeric scenario key: --vary path=lo:hi[:steps] (steps: grid values, endpoints included; default 5). Repeatable.");
        var design = new Option<string>("--design") { Description = "Design: grid (every combination) or lhs (Latin hypercube of --samples points).", DefaultValueFactory = _ => "grid" };
        var samples = new Option<int?>("--samples", "-n") { Description = "Points of a Latin hypercube (default: 10 per varied key)." };
        var replications = ExperimentOptions.Replications(1);
        var threads = ExperimentOptions.Threads();
        var outDir = ExperimentOptions.Out();
        var force = ExperimentOptions.Force();
        var common = new Option<bool>("--common-seeds") { Description = "Use the same seeds at every point (common random numbers; replication k uses run's seed k) instead of a seed per point." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var report = ReportCommand.Option();
        var format = RunCommand.FormatOption("sweep.csv");
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted sweep in its --out folder: runs recorded in its sweep.journal are not run again, and the tables come out as an uninterrupted sweep's. Give the same options as the interrupted sweep." };
        var command = new Command("sweep", "Run a scenario over a grid or Latin hypercube of parameter values: sweep.csv (one row per run: point, replication, seed, parameters, every summary figure), sweep_summary.csv (means with 95 % intervals per point), design.csv and manifest.json.")
        {
            scenario, vary, design, samples, replications, seed, threads, outDir, force, resume, common, set, report, format, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(scenario)!;
            string[] overrides = parse.GetValue(set) ?? [];
            int reps = ExperimentOptions.CheckReplications(parse.GetValue(replications));
            int thr = ExperimentOptions.CheckThreads(parse.GetValue(threads));
            string kind = (parse.GetValue(design) ?? "grid").Trim().ToLowerInvariant();
            if (kind is not ("grid" or "lhs")) throw new UsageException($"--design {kind}: expected grid or lhs");
            bool isQuiet = parse.GetValue(quiet);
            bool parquet = RunCommand.IsParquet(parse.GetValue(format));

            var factory = ScenarioFactory.FromFile(path, overrides);
            var parameters = ExperimentOptions.Parameters(parse.GetValue(vary), factory.Base, allowSteps: kind == "grid");
            ulong master = (ulong)(parse.GetValue(seed) ?? factory.Base.Seed);
            int? n = parse.GetValue(samples);
            if (n is not null && kind == "grid") throw new UsageException("--samples: only for --design lhs (a grid's size is set by the steps of each --vary)");
            if (n is < 1 or > SweepDesign.MaxPoints) throw new UsageException($"--samples {n}: expected a whole number from 1 to {SweepDesign.MaxPoints}");
            SweepDesign points;
            try
            {
                points = kind == "grid" ? SweepDesign.Grid(parameters) : SweepDesign.LatinHypercube(parameters, n ?? 10 * parameters.Length, master);
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            if ((long)points.Count * reps > int.MaxValue) throw new UsageException($"{points.Count:N0} points × {reps:N0} replications is too many runs");

            bool isResume = parse.GetValue(resume), isCommon = parse.GetValue(common);
            if (isResume && parse.GetValue(force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's sweep; --force replaces it)");
            string folder = OutputFolder.Prepare(parse.GetValue(outDir), path, parse.GetValue(force), resume: isResume);

            // The run journal: every finished run is recorded as it completes, so --resume can skip it.
            string identity = SweepJournal.Identity(ScenarioJson.ToJson(factory.Base), points, reps, master, isCommon);
            string journalPath = Path.Combine(folder, SweepJournal.FileName);
            SweepJournal.Contents? prior = null;
            if (isResume && File.Exists(journalPath))
            {
                try { prior = SweepJournal.Read(journalPath, identity, points, reps, (p, r) => SweepSeeds.For(master, p, r, isCommon)); }
                catch (InvalidDataException e)
                {
                    throw new UsageException($"--resume: {e.Message}; give the same scenario and options as the interrupted sweep, or start afresh in a new folder");
                }
            }
            else if (isResume && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new UsageException($"--resume: {folder} holds no {SweepJournal.FileName} to resume from; start afresh in a new folder (or add --force instead of --resume to replace it)");
            if (prior is not null && !isQuiet)
                error.WriteLine($"Resuming: {prior.Rows.Count:N0} of {(long)points.Count * reps:N0} runs already done");

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            ExperimentFiles.WriteDesign(folder, points);
            File.Delete(Path.Combine(folder, "sweep.parquet")); // rewritten on completion with --format parquet; never left stale
            SweepSummary summary;
            using (var journal = prior is null ? SweepJournal.Create(journalPath, identity) : SweepJournal.Continue(journalPath, prior))
            using (var csv = new CsvSweepSink(Path.Combine(folder, "sweep.csv")))
            using (var perPoint = new PointSummarySink(Path.Combine(folder, "sweep_summary.csv")))
            using (var progress = isQuiet ? null : ConsoleProgress.Create(error))
            {
                var sweep = new Sweep(points, factory)
                {
                    Replications = reps, MasterSeed = master, CommonRandomNumbers = isCommon, Threads = thr,
                    Completed = prior?.Rows, RunFinished = journal.Record,
                };
                summary = sweep.Run(parquet ? SweepSinks.Tee(csv, perPoint, new ParquetSweepSink(Path.Combine(folder, "sweep.parquet"))) : SweepSinks.Tee(csv, perPoint), progress);
                progress?.Finish();
            }
            var experiment = ExperimentFiles.Describe(points);
            experiment["kind"] = "sweep";
            experiment["replications"] = reps;
            experiment["runs"] = summary.Runs;
            experiment["seeds"] = parse.GetValue(common)
                ? "common random numbers: replication k uses ReplicationSeed(masterSeed, k) at every point"
                : "per point: ReplicationSeed(PointSeed(masterSeed, point), replication); each run's seed is in sweep.csv";
            experiment["figures"] = new JsonArray(summary.FigureNames.Select(f => (JsonNode)f).ToArray());
            var manifest = new RunManifest
            {
                Command = ExperimentOptions.CommandLine(parse), ScenarioFile = path, Overrides = overrides, MasterSeed = master,
                Threads = thr, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = ["sweep.csv", .. parquet ? ["sweep.parquet"] : Array.Empty<string>(), "sweep_summary.csv", "design.csv", SweepJournal.FileName, "manifest.json"],
            };
            ExperimentFiles.WriteManifest(folder, manifest, experiment, ScenarioJson.ToJson(factory.Base));
            if (!isQuiet)
            {
                output.WriteLine($"{factory.Base.Name}: {kind} of {summary.Points:N0} point{(summary.Points == 1 ? "" : "s")} × {reps} replication{(reps == 1 ? "" : "s")} = " +
                    $"{summary.Runs:N0} runs over {string.Join(", ", parameters.Select(p => p.Path))}, {summary.Threads} side by side, {clock.Elapsed.TotalSeconds:0.0} s");
                output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (sweep.csv{(parquet ? ", sweep.parquet" : "")}, sweep_summary.csv, design.csv, manifest.json)");
            }
            if (parse.GetValue(report)) ReportCommand.WriteInto(folder, output, isQuiet, parse.GetValue(verbose));
            return Program.Ok;
        });
        return command;
    }
}

/// <summary>Options and checks shared by the experiment commands (sweep, sensitivity, calibrate).</summary>
internal static class ExperimentOptions
{
    public static Option<string[]> Vary(string description) => new("--vary")
    {
        Description = description, Required = true, AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [],
    };

    public static Option<int> Replications(int defaultValue) => new("--replications", "-r")
    {
        Description = "Replications per point (each with its own seed).", DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Threads() => new("--threads", "-t")
    {
        Description = "Runs side by side (0: all cores; each run is single-threaded). Results are identical for any value.", DefaultValueFactory = _ => 0,
    };

    public static Option<string?> Out() => new("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };

    public static Option<bool> Force() => new("--force") { Description = "Write into --out even if it already holds results (they are replaced)." };

    public static int CheckReplications(int reps) =>
        reps is >= 1 and <= 100_000 ? reps : throw new UsageException($"--replications {reps}: expected a whole number from 1 to 100000");

    public static int CheckThreads(int threads) =>
        threads is >= 0 and <= 1024 ? threads : throw new UsageException($"--threads {threads}: expected 0 (all cores) or a number from 1 to 1024");

    /// <summary>Parses and checks every --vary against the schema and the base scenario.</summary>
    public static SweepParameter[] Parameters(string[]? specs, Scenario baseScenario, bool allowSteps)
    {
        if (specs is null || specs.Length == 0) throw new UsageException("--vary: expected at least one path=lo:hi");
        var parameters = new List<SweepParameter>();
        foreach (var spec in specs)
        {
            SweepParameter p;
            try { p = SweepParameter.Parse(spec, baseScenario); }
            catch (FormatException e) { throw new UsageException(e.Message); }
            if (!allowSteps && p.Steps > 0) throw new UsageException($"--vary '{spec}': steps are only for grid sweeps; give path=lo:hi");
            if (parameters.Any(q => q.Path.Equals(p.Path, StringComparison.OrdinalIgnoreCase)))
                throw new UsageException($"--vary {p.Path}: varied more than once");
            // Each end of the range must give a valid scenario (cross-field checks, e.g. buildings <= households).
            foreach (var v in new[] { p.Low, p.High }) ScenarioCheck(baseScenario, p, v);
            parameters.Add(p);
        }
        return parameters.ToArray();
    }

    private static void ScenarioCheck(Scenario baseScenario, SweepParameter p, double value) =>
        ScenarioLoader.LoadJson(ScenarioJson.ToJson(baseScenario), [p.Override(value)]);

    /// <summary>The command line as typed (tokens re-quoted where they hold spaces).</summary>
    public static string CommandLine(ParseResult parse) =>
        "participation " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value));

    public static string Percent(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Number(double v) => double.IsNaN(v) ? "n/a" : v.ToString("G4", CultureInfo.InvariantCulture);
}
