using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation sweep SCENARIO --vary path=lo:hi[:steps]...</c>: runs a grid or Latin-hypercube design over
/// numeric scenario keys and streams one long table of every run's summary figures.
/// </summary>
internal static class SweepCommand
{
    /// <summary>The sweep's options, kept together so <c>slurm</c> can parse and check a sweep's arguments without running it.</summary>
    internal sealed class Options
    {
        public readonly Argument<string> Scenario = CommonOptions.Scenario();
        public readonly Option<string[]> Set = CommonOptions.Set();
        public readonly Option<long?> Seed = CommonOptions.Seed();
        public readonly Option<string[]> Vary = ExperimentOptions.Vary("Vary a numeric scenario key: --vary path=lo:hi[:steps] (steps: grid values, endpoints included; default 5). Repeatable.");
        public readonly Option<string> Design = new("--design") { Description = "Design: grid (every combination) or lhs (Latin hypercube of --samples points).", DefaultValueFactory = _ => "grid", CompletionSources = { "grid", "lhs" } };
        public readonly Option<int?> Samples = new("--samples", "-n") { Description = "Points of a Latin hypercube (default: 10 per varied key)." };
        public readonly Option<int> Replications = ExperimentOptions.Replications(1);
        public readonly Option<int> Threads = ExperimentOptions.Threads();
        public readonly Option<string?> Out = ExperimentOptions.Out();
        public readonly Option<bool> Force = ExperimentOptions.Force();
        public readonly Option<bool> Common = new("--common-seeds") { Description = "Use the same seeds at every point (common random numbers; replication k uses run's seed k) instead of a seed per point." };
        public readonly Option<bool> Quiet = CommonOptions.Quiet();
        public readonly Option<bool> Verbose = CommonOptions.Verbose();
        public readonly Option<bool> Report = ReportCommand.Option();
        public readonly Option<string> Format = RunCommand.FormatOption("sweep.csv");
        public readonly Option<bool> Resume = new("--resume") { Description = "Continue an interrupted sweep in its --out folder: runs recorded in its sweep.journal are not run again, and the tables come out as an uninterrupted sweep's. Give the same options as the interrupted sweep." };
        public readonly Option<string?> Shard = ExperimentOptions.Shard();

        /// <summary>The <c>sweep</c> command over these options (no action).</summary>
        public Command Command() => new("sweep", "Run a scenario over a grid or Latin hypercube of parameter values: sweep.csv (one row per run: point, replication, seed, parameters, every summary figure), sweep_summary.csv (means with 95 % intervals per point), design.csv and manifest.json. With --shard K/N, only shard K's runs (for a cluster; 'participation merge' joins the shards).")
        {
            Scenario, Vary, Design, Samples, Replications, Seed, Threads, Out, Force, Resume, Shard, Common, Set, Report, Format, Quiet, Verbose,
        };
    }

    /// <summary>A sweep as its options describe it, checked, before anything runs or is written.</summary>
    internal sealed record Plan(string ScenarioPath, string[] Overrides, ScenarioFactory Factory, SweepParameter[] Parameters, SweepDesign Design,
        string Kind, int Replications, ulong MasterSeed, bool Common, int Threads, SweepShard Shard)
    {
        /// <summary>Runs of the whole sweep.</summary>
        public int TotalRuns => Design.Count * Replications;
    }

    /// <summary>Reads and checks the sweep's options (scenario, --vary, design, samples, replications, shard).</summary>
    /// <exception cref="UsageException">An option is bad; the message names it, its value and what is expected.</exception>
    internal static Plan MakePlan(Options o, ParseResult parse)
    {
        string path = parse.GetValue(o.Scenario)!;
        string[] overrides = parse.GetValue(o.Set) ?? [];
        int reps = ExperimentOptions.CheckReplications(parse.GetValue(o.Replications));
        int thr = ExperimentOptions.CheckThreads(parse.GetValue(o.Threads));
        string kind = (parse.GetValue(o.Design) ?? "grid").Trim().ToLowerInvariant();
        if (kind is not ("grid" or "lhs")) throw new UsageException($"--design {kind}: expected grid or lhs");
        var shard = ExperimentOptions.ParseShard(parse.GetValue(o.Shard));

        var factory = ScenarioFactory.FromFile(path, overrides);
        var parameters = ExperimentOptions.Parameters(parse.GetValue(o.Vary), factory.Base, allowSteps: kind == "grid");
        ulong master = (ulong)(parse.GetValue(o.Seed) ?? factory.Base.Seed);
        int? n = parse.GetValue(o.Samples);
        if (n is not null && kind == "grid") throw new UsageException("--samples: only for --design lhs (a grid's size is set by the steps of each --vary)");
        if (n is < 1 or > SweepDesign.MaxPoints) throw new UsageException($"--samples {n}: expected a whole number from 1 to {SweepDesign.MaxPoints}");
        SweepDesign points;
        try
        {
            points = kind == "grid" ? SweepDesign.Grid(parameters) : SweepDesign.LatinHypercube(parameters, n ?? 10 * parameters.Length, master);
        }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        if ((long)points.Count * reps > int.MaxValue) throw new UsageException($"{points.Count:N0} points × {reps:N0} replications is too many runs");
        ExperimentOptions.CheckShardCount(shard, points.Count * reps);
        return new Plan(path, overrides, factory, parameters, points, kind, reps, master, parse.GetValue(o.Common), thr, shard);
    }

    public static Command Create(TextWriter output, TextWriter error)
    {
        var o = new Options();
        var command = o.Command();
        command.SetAction(parse =>
        {
            var plan = MakePlan(o, parse);
            bool isQuiet = parse.GetValue(o.Quiet);
            bool parquet = RunCommand.IsParquet(parse.GetValue(o.Format));
            bool isResume = parse.GetValue(o.Resume);
            var (factory, points, reps, master, isCommon, shard) = (plan.Factory, plan.Design, plan.Replications, plan.MasterSeed, plan.Common, plan.Shard);
            if (isResume && parse.GetValue(o.Force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's sweep; --force replaces it)");
            if (!shard.IsWhole && parse.GetValue(o.Report))
                throw new UsageException($"--report with --shard {shard}: a shard holds only part of the sweep; make the report of the merged folder (participation merge, then participation report)");
            bool report = parse.GetValue(o.Report);
            using var results = OutputFolder.Prepare(parse.GetValue(o.Out), plan.ScenarioPath, parse.GetValue(o.Force), resume: isResume,
                writes: [.. SweepJournal.Files, .. report ? [ReportCommand.FileName] : Array.Empty<string>()]);
            string folder = results.Path;

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var info = shard.IsWhole ? null : ShardInfo.For("sweep", shard, plan.ScenarioPath, factory.Base.Name, ScenarioJson.ToJson(factory.Base),
                points, reps, master, isCommon, ExperimentOptions.CommandLineWithoutShard(parse));
            var summary = ExperimentOptions.RunJournaled(new JournaledSweep(results.Files, factory, points, reps, master, isCommon, plan.Threads, shard, isResume,
                PointSummary: shard.IsWhole, parquet, info), isQuiet, error);
            var experiment = ExperimentFiles.Describe(points);
            experiment["kind"] = "sweep";
            experiment["replications"] = reps;
            experiment["runs"] = summary.Runs;
            if (info is not null)
            {
                experiment["shard"] = shard.ToString();
                experiment["totalRuns"] = plan.TotalRuns;
            }
            experiment["seeds"] = isCommon
                ? "common random numbers: replication k uses ReplicationSeed(masterSeed, k) at every point"
                : "per point: ReplicationSeed(PointSeed(masterSeed, point), replication); each run's seed is in sweep.csv";
            experiment["figures"] = new JsonArray(summary.FigureNames.Select(f => (JsonNode)f).ToArray());
            string[] tables = ["sweep.csv", .. parquet ? ["sweep.parquet"] : Array.Empty<string>(), .. shard.IsWhole ? ["sweep_summary.csv"] : Array.Empty<string>(), "design.csv"];
            var manifest = new RunManifest
            {
                Command = ExperimentOptions.CommandLine(parse), ScenarioFile = plan.ScenarioPath, Overrides = plan.Overrides, MasterSeed = master,
                Threads = plan.Threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = [.. tables, SweepJournal.FileName, .. info is null ? Array.Empty<string>() : [ShardInfo.FileName], "manifest.json"],
            };
            ExperimentFiles.WriteManifest(results.Files, manifest, experiment, ScenarioJson.ToJson(factory.Base));
            if (!isQuiet)
            {
                string what = info is null ? "" : $"shard {shard} ({summary.Runs:N0} of {plan.TotalRuns:N0} runs) of a ";
                output.WriteLine($"{factory.Base.Name}: {what}{plan.Kind} of {summary.Points:N0} point{(summary.Points == 1 ? "" : "s")} × {reps} replication{(reps == 1 ? "" : "s")} = " +
                    $"{(info is null ? summary.Runs : plan.TotalRuns):N0} runs over {string.Join(", ", plan.Parameters.Select(p => p.Path))}, {summary.Threads} side by side, {clock.Elapsed.TotalSeconds:0.0} s");
                output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} ({string.Join(", ", tables)}, manifest.json)");
                if (info is not null) output.WriteLine($"Merge the {shard.Count} shards with: participation merge SHARD_FOLDERS... --out FOLDER");
            }
            if (report) ReportCommand.WriteInto(folder, output, isQuiet, parse.GetValue(o.Verbose));
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

    public static Option<string?> Shard() => new("--shard")
    {
        Description = "Run only shard K of N (K from 0 to N-1, e.g. $SLURM_ARRAY_TASK_ID/8): every run keeps the seed it has in the whole sweep; 'participation merge' joins the shards' folders into the whole sweep's tables.",
    };

    /// <summary>The shard named by --shard (the whole sweep when absent).</summary>
    public static SweepShard ParseShard(string? text)
    {
        if (text is null) return SweepShard.Whole;
        try { return SweepShard.Parse(text); }
        catch (FormatException e) { throw new UsageException($"--shard {e.Message}"); }
    }

    /// <summary>Refuses more shards than runs (a shard with no run would be an empty job).</summary>
    public static void CheckShardCount(SweepShard shard, long runs)
    {
        if (shard.Count > runs)
            throw new UsageException($"--shard {shard}: the experiment has only {runs:N0} run{(runs == 1 ? "" : "s")}; use at most {runs:N0} shards");
    }

    /// <summary>Runs <paramref name="job"/> with a progress line on standard error (unless quiet), saying first how much a resume finds done.</summary>
    public static SweepSummary RunJournaled(JournaledSweep job, bool quiet, TextWriter error)
    {
        using var progress = quiet ? null : ConsoleProgress.Create(error);
        var summary = job.Run(progress, Interruption.Token, (done, runs) =>
        {
            if (!quiet) error.WriteLine($"Resuming: {done:N0} of {runs:N0} runs already done");
        });
        progress?.Finish();
        return summary;
    }

    /// <summary>
    /// Runs shard K/N of an analysis's design (sensitivity, calibration) into its folder, resumable, on common random numbers
    /// (replication r has the same seed at every point, as the analysis itself runs them), and writes its manifest, whose
    /// experiment description (<paramref name="experiment"/>) gains the shard and its run counts.
    /// </summary>
    /// <param name="kind">What the shard belongs to, as shard.json records it ("sensitivity", "calibration").</param>
    /// <param name="seeds">The replication seeds to record in the manifest, or null to record none.</param>
    public static (string Folder, SweepSummary Summary, ShardInfo Info, TimeSpan Elapsed) RunAnalysisShard(ParseResult parse, string kind,
        string scenarioPath, string[] overrides, ScenarioFactory factory, SweepDesign design, int replications, ulong masterSeed, int threads,
        SweepShard shard, JsonObject experiment, ulong[]? seeds, string? outFolder, bool force, bool resume, bool quiet, TextWriter error)
    {
        using var output = OutputFolder.Prepare(outFolder, scenarioPath, force, resume: resume, writes: SweepJournal.Files);
        string folder = output.Path;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        string scenarioJson = ScenarioJson.ToJson(factory.Base);
        var info = ShardInfo.For(kind, shard, scenarioPath, factory.Base.Name, scenarioJson, design, replications, masterSeed,
            commonSeeds: true, CommandLineWithoutShard(parse));
        var summary = RunJournaled(new JournaledSweep(output.Files, factory, design, replications, masterSeed, Common: true,
            threads, shard, resume, PointSummary: false, Parquet: false, info), quiet, error);
        experiment["shard"] = shard.ToString();
        experiment["runs"] = summary.Runs;
        experiment["totalRuns"] = design.Count * replications;
        var manifest = new RunManifest
        {
            Command = CommandLine(parse), ScenarioFile = scenarioPath, Overrides = overrides, MasterSeed = masterSeed, Seeds = seeds ?? [],
            Threads = threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Files = ["sweep.csv", "design.csv", SweepJournal.FileName, ShardInfo.FileName, "manifest.json"],
        };
        ExperimentFiles.WriteManifest(output.Files, manifest, experiment, scenarioJson);
        return (folder, summary, info, clock.Elapsed);
    }

    /// <summary>
    /// The command line as typed, less the options that belong to one shard's run (--shard, --out, --resume, --force):
    /// what every shard of the experiment shares.
    /// </summary>
    public static string CommandLineWithoutShard(ParseResult parse)
    {
        var kept = new List<string>();
        var tokens = parse.Tokens.Select(t => t.Value).ToArray();
        for (int i = 0; i < tokens.Length; i++)
        {
            string t = tokens[i];
            if (t is "--shard" or "--out" or "-o") { i++; continue; }
            if (t is "--resume" or "--force" || t.StartsWith("--shard=", StringComparison.Ordinal) || t.StartsWith("--out=", StringComparison.Ordinal)) continue;
            kept.Add(t);
        }
        return "participation " + ShellWords.Join(kept);
    }

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
            foreach (var v in new[] { p.Low, p.High })
            {
                try { ScenarioCheck(baseScenario, p, v); }
                catch (ScenarioException e) { throw new UsageException($"--vary {spec}: at {p.Override(v)}, {e.Message}"); }
            }
            parameters.Add(p);
        }
        return parameters.ToArray();
    }

    private static void ScenarioCheck(Scenario baseScenario, SweepParameter p, double value) =>
        ScenarioLoader.LoadJson(ScenarioJson.ToJson(baseScenario), [p.Override(value)]);

    /// <summary>The command line as typed, each token quoted for the shell where it needs it (so it can be pasted back, and it is one line).</summary>
    public static string CommandLine(ParseResult parse) => "participation " + ShellWords.Join(parse.Tokens.Select(t => t.Value));

    public static string Percent(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Number(double v) => double.IsNaN(v) ? "n/a" : v.ToString("G4", CultureInfo.InvariantCulture);
}
