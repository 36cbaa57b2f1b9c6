using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Experiments.Calibration;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation calibrate SCENARIO --targets FILE</c>: fits the parameters a targets file names to its target
/// figures (Latin-hypercube screen, then Nelder–Mead, on common random numbers) and writes the fit. With
/// <c>--design-samples N</c> the fit starts from a global Latin-hypercube design of N points instead, whose runs are a
/// sweep: on a cluster <c>--shard K/M</c> runs a share of them, <c>participation merge</c> joins the shards, and
/// <c>--from MERGED</c> computes every point's loss, takes the best (polished with <c>--budget B</c> Nelder–Mead
/// evaluations when B &gt; 0) and writes what one process writes, byte for byte.
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>The command's options, kept together so <c>slurm</c> can parse and check a calibration's arguments without running it.</summary>
    internal sealed class Options
    {
        public readonly Argument<string> Scenario = CommonOptions.Scenario();
        public readonly Option<string[]> Set = CommonOptions.Set();
        public readonly Option<long?> Seed = CommonOptions.Seed();
        public readonly Option<string> Targets = new("--targets") { Description = "Targets file (JSON): target figures with tolerances and the parameters to fit with bounds, e.g. scenarios/targets/x-shaoxing.json.", Required = true };
        public readonly Option<int?> Replications = new("--replications", "-r") { Description = "Replications per loss evaluation (default: the targets file's, else 4)." };
        public readonly Option<int?> Budget = new("--budget") { Description = "Loss evaluations for the fit (default: the targets file's, else 40). Each costs one run per replication. With --design-samples: Nelder-Mead evaluations after the design, from its best point (default 0: the best design point is the fit)." };
        public readonly Option<int?> Check = new("--check-replications") { Description = "Replications, on fresh seeds, of the final target-by-target check (default: as --replications)." };
        public readonly Option<string?> Defaults = new("--defaults") { Description = "Where to write the calibrated defaults file (default: defaults.json in the results folder), e.g. scenarios/calibrated/x-defaults.json." };
        public readonly Option<int?> DesignSamples = new("--design-samples") { Description = "Start from a Latin-hypercube design of N points over the parameter box (each run with --replications on the loss's seeds) instead of the screen and Nelder-Mead search: its runs are a sweep, which --shard cuts into shards for a cluster." };
        public readonly Option<string?> Shard = ExperimentOptions.Shard();
        public readonly Option<bool> Resume = new("--resume") { Description = "With --shard: continue an interrupted shard in its --out folder (runs in its sweep.journal are not run again)." };
        public readonly Option<string?> From = new("--from") { Description = "With --design-samples: fit from the design's runs in this folder (the shards joined by 'participation merge') instead of running them; give the same scenario, targets file, --design-samples, --replications and --seed as the shards." };
        public readonly Option<int> Threads = ExperimentOptions.Threads();
        public readonly Option<string?> Out = ExperimentOptions.Out();
        public readonly Option<bool> Force = ExperimentOptions.Force();
        public readonly Option<bool> Quiet = CommonOptions.Quiet();
        public readonly Option<bool> Verbose = CommonOptions.Verbose();

        /// <summary>The <c>calibrate</c> command over these options (no action).</summary>
        public Command Command() => new("calibrate", "Fit scenario parameters to target figures: writes fitted.csv, targets.csv (target, simulated mean, 95 % interval, tolerance, within?), trace.csv (every evaluation), a defaults file readable with \"extends\", and manifest.json. On a cluster: --design-samples N --shard K/M runs a share of a global design's runs, 'participation merge' joins them, --from fits from them (and writes design_losses.csv).")
        {
            Scenario, Targets, Replications, Budget, Check, Seed, DesignSamples, Shard, Resume, From, Threads, Out, Defaults, Force, Set, Quiet, Verbose,
        };
    }

    /// <summary>A calibration as its options describe it, checked, before anything runs or is written.</summary>
    internal sealed record Plan(string ScenarioPath, string[] Overrides, string TargetsFile, CalibrationSpec Spec, ScenarioFactory Factory,
        CalibrationParameter[] Parameters, SweepParameter[] Keys, int Replications, int Budget, int CheckReplications, ulong MasterSeed, int Threads,
        SweepDesign? Design, SweepShard Shard)
    {
        /// <summary>Model runs of the design (0 without one).</summary>
        public int TotalRuns => Design is null ? 0 : Design.Count * Replications;
    }

    /// <summary>Reads and checks the options (targets file, scenario, bounds) and draws the design.</summary>
    /// <exception cref="UsageException">An option is bad; the message names it, its value and what is expected.</exception>
    internal static Plan MakePlan(Options o, ParseResult parse)
    {
        string path = parse.GetValue(o.Scenario)!;
        string targetsFile = parse.GetValue(o.Targets)!;
        string[] overrides = parse.GetValue(o.Set) ?? [];
        int thr = ExperimentOptions.CheckThreads(parse.GetValue(o.Threads));
        CalibrationSpec spec;
        try { spec = CalibrationSpec.Load(targetsFile); }
        catch (TargetsFileException e) { throw new UsageException(e.Message); }
        int reps = ExperimentOptions.CheckReplications(parse.GetValue(o.Replications) ?? spec.Replications ?? 4);
        int? samples = parse.GetValue(o.DesignSamples);
        if (samples is < 1 or > 1_000_000) throw new UsageException($"--design-samples {samples}: expected a whole number from 1 to 1000000");
        int evaluations = samples is null ? parse.GetValue(o.Budget) ?? spec.Budget ?? 40 : parse.GetValue(o.Budget) ?? 0;
        if (samples is null && evaluations is < 1 or > 1_000_000) throw new UsageException($"--budget {evaluations}: expected a whole number from 1 to 1000000");
        if (samples is not null && evaluations is < 0 or > 1_000_000) throw new UsageException($"--budget {evaluations}: expected a whole number from 0 to 1000000 (Nelder-Mead evaluations after the design)");
        int checkReps = parse.GetValue(o.Check) ?? reps;
        if (checkReps is < 1 or > 100_000) throw new UsageException($"--check-replications {checkReps}: expected a whole number from 1 to 100000");
        var shard = ExperimentOptions.ParseShard(parse.GetValue(o.Shard));
        if (samples is null && parse.GetValue(o.Shard) is not null) throw new UsageException("--shard: only with --design-samples N (the design's runs shard; the Nelder-Mead search does not)");
        if (samples is null && parse.GetValue(o.From) is not null) throw new UsageException("--from: only with --design-samples N, as the shards were run with");

        var factory = ScenarioFactory.FromFile(path, overrides);
        // Start from the scenario's own values where the targets file gives none.
        var parameters = spec.Parameters.Select(p => p.Start is null && NumericKey.ValueIn(factory.Base, p.Path) is { } v && v >= p.Min && v <= p.Max
            ? p with { Start = v } : p).ToArray();
        var keys = ModelSimulator.For(factory, parameters).Parameters.ToArray();
        foreach (var p in keys)
            foreach (var v in new[] { p.Low, p.High })
                ScenarioLoader.LoadJson(ScenarioJson.ToJson(factory.Base), [p.Override(v)]);
        ulong master = (ulong)(parse.GetValue(o.Seed) ?? spec.Seed ?? factory.Base.Seed);
        SweepDesign? design = null;
        if (samples is { } n)
        {
            if ((long)n * reps > int.MaxValue) throw new UsageException($"--design-samples {n} × {reps} replications is too many runs");
            ExperimentOptions.CheckShardCount(shard, (long)n * reps);
            design = CalibrationDesign.Create(keys, n, master);
        }
        return new Plan(path, overrides, targetsFile, spec, factory, parameters, keys, reps, evaluations, checkReps, master, thr, design, shard);
    }

    public static Command Create(TextWriter output, TextWriter error)
    {
        var o = new Options();
        var command = o.Command();
        command.SetAction(parse =>
        {
            var plan = MakePlan(o, parse);
            bool isQuiet = parse.GetValue(o.Quiet), isResume = parse.GetValue(o.Resume);
            string? from = parse.GetValue(o.From);
            if (from is not null && !plan.Shard.IsWhole) throw new UsageException("--from and --shard: choose one (--shard runs a share of the design's runs; --from fits from the merged runs)");
            if (isResume && plan.Shard.IsWhole) throw new UsageException("--resume: only with --design-samples N --shard K/M (a shard's runs are journaled and can be resumed)");
            if (isResume && parse.GetValue(o.Force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's shard; --force replaces it)");
            if (!plan.Shard.IsWhole) return RunShard(plan, o, parse, output, error);

            var (factory, parameters, spec, reps, master) = (plan.Factory, plan.Parameters, plan.Spec, plan.Replications, plan.MasterSeed);
            var figures = spec.Targets.Select(t => t.Figure).ToArray();
            double[][][]? designRuns;
            using (from is null ? null : OutputFolder.HoldToRead(from)) designRuns = from is null ? null
                : CalibrationDesign.ReadMerged(from, plan.TargetsFile, plan.Spec, plan.Parameters, plan.Factory.Base, plan.Design!, plan.Replications, plan.MasterSeed);
            bool force = parse.GetValue(o.Force);
            string? defaultsOption = parse.GetValue(o.Defaults);
            if (defaultsOption is not null) CheckDefaults(defaultsOption, plan, force);
            using var results = OutputFolder.Prepare(parse.GetValue(o.Out), plan.ScenarioPath, force,
                writes: [.. OwnFiles, .. defaultsOption is null ? [DefaultsFile] : Array.Empty<string>()]);
            string folder = results.Path;
            string defaultsPath = defaultsOption ?? Path.Combine(folder, DefaultsFile);
            // The default defaults file is one of the calibration's files in its folder; one given with --defaults is the
            // user's, written once the folder's files are in place (and never over one of them).
            string? defaultsInFolder = defaultsOption is null ? DefaultsFile : null;
            if (defaultsOption is not null && SameFolder(Path.GetDirectoryName(Path.GetFullPath(defaultsPath))!, folder) && OwnFiles.Contains(Path.GetFileName(defaultsPath)))
                throw new UsageException($"--defaults {defaultsPath}: that is one of the calibration's own files; choose another name");

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var console = isQuiet ? null : ConsoleProgress.Create(error);
            bool interactive = console is { IsLog: false }, log = console is { IsLog: true };
            long lastLine = 0;
            CalibrationResult result;
            using (var trace = new CalibrationTraceWriter(results.Files, "trace.csv", parameters, spec.Targets))
            {
                var calibrator = new Calibrator(spec.Targets, parameters, new ModelSimulator(factory, plan.Keys) { Threads = plan.Threads })
                {
                    Replications = reps, Budget = Math.Max(1, plan.Budget), Seed = master, CheckReplications = plan.CheckReplications,
                    OnEvaluation = e =>
                    {
                        trace.Write(e);
                        if (e.Phase == "design") return;
                        if (interactive) error.Write($"\revaluation {e.Index + 1} ({e.Phase}) loss {ExperimentOptions.Number(e.Loss)}   ");
                        else if (log && clock.ElapsedMilliseconds - lastLine >= 30_000)
                        {
                            // In a log (a batch job's, nohup) a plain line every 30 seconds rather than redrawn lines.
                            lastLine = clock.ElapsedMilliseconds;
                            error.WriteLine($"evaluation {e.Index + 1} ({e.Phase}) loss {ExperimentOptions.Number(e.Loss)}  elapsed {clock.Elapsed:m\\:ss}");
                        }
                    },
                };
                if (plan.Design is { } design)
                {
                    var points = Enumerable.Range(0, design.Count).Select(design.Values).ToArray();
                    if (designRuns is null)
                    {
                        // The design's runs in this process: the same runs, seeds and figures the shards make.
                        using var progress = isQuiet ? null : ConsoleProgress.Create(error);
                        designRuns = new ModelSimulator(factory, plan.Keys) { Threads = plan.Threads, Progress = progress }.Simulate(points, figures, reps, master, Interruption.Token);
                        progress?.Finish();
                    }
                    result = calibrator.RunFromDesign(points, designRuns, plan.Budget, Interruption.Token);
                }
                else result = calibrator.Run(Interruption.Token);
                trace.Complete();
                if (interactive) error.WriteLine();
            }
            string commandLine = ExperimentOptions.CommandLine(parse);
            CalibrationFiles.WriteFitted(results.Files, result);
            CalibrationFiles.WriteTargets(results.Files, result);
            if (plan.Design is not null) CalibrationDesign.WriteLosses(results.Files, result, spec.Targets);
            var (defaultsText, written, specific) = CalibrationFiles.Defaults(result,
                new CalibrationProvenance(commandLine, plan.ScenarioPath, plan.TargetsFile, reps, plan.Budget, DateTimeOffset.UtcNow, plan.Design?.Count ?? 0));
            if (defaultsInFolder is not null) results.Files.WriteText(defaultsInFolder, w => w.Write(defaultsText));

            var experiment = new JsonObject
            {
                ["kind"] = "calibration", ["targetsFile"] = plan.TargetsFile, ["replications"] = reps, ["budget"] = plan.Budget,
                ["evaluations"] = result.Evaluations, ["converged"] = result.Converged, ["checkReplications"] = plan.CheckReplications,
                ["loss"] = result.Loss, ["checkLoss"] = result.CheckLoss, ["defaultsFile"] = defaultsPath,
                ["optimiser"] = plan.Design is null
                    ? "Latin-hypercube screen, then Nelder-Mead on logit-transformed bounds; common random numbers"
                    : $"Latin-hypercube design of {plan.Design.Count} points (a sweep), its best point the start{(plan.Budget > 0 ? $" of Nelder-Mead ({plan.Budget} evaluations) on logit-transformed bounds" : "")}; common random numbers",
                ["seeds"] = "fit: ReplicationSeed(masterSeed, k) at every evaluation; check: ReplicationSeed(Mix(masterSeed ^ 0x434845434B000000), k)",
                ["fitted"] = new JsonObject(result.Parameters.Select((p, j) => KeyValuePair.Create(p.Path, (JsonNode?)result.Fitted[j]))),
                ["writtenToDefaults"] = new JsonArray(written.Select(x => (JsonNode)x).ToArray()),
                ["scenarioSpecific"] = new JsonArray(specific.Select(x => (JsonNode)x).ToArray()),
            };
            if (plan.Design is not null)
            {
                experiment["designSamples"] = plan.Design.Count;
                experiment["designSeed"] = "Latin hypercube drawn from Mix(masterSeed ^ 0x43414C4445534947)";
                if (from is not null) experiment["from"] = Path.GetFullPath(from);
            }
            var manifest = new RunManifest
            {
                Command = commandLine, ScenarioFile = plan.ScenarioPath, Overrides = plan.Overrides, MasterSeed = master,
                Seeds = Enumerable.Range(0, reps).Select(k => CounterRandom.ReplicationSeed(master, k)).ToArray(),
                Threads = plan.Threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = ["fitted.csv", "targets.csv", "trace.csv", .. (plan.Design is null ? Array.Empty<string>() : ["design_losses.csv"]), "manifest.json",
                    .. (defaultsInFolder is null ? Array.Empty<string>() : [defaultsInFolder])],
            };
            ExperimentFiles.WriteManifest(results.Files, manifest, experiment, ScenarioJson.ToJson(factory.Base));
            if (defaultsInFolder is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(defaultsPath))!);
                OutputFiles.ReplaceText(Path.GetFullPath(defaultsPath), w => w.Write(defaultsText));
            }

            if (!isQuiet) Print(output, factory.Base, result, plan, from, clock.Elapsed, folder, defaultsPath);
            return Program.Ok;
        });
        return command;
    }

    /// <summary>The defaults file's name in the results folder when --defaults is not given.</summary>
    private const string DefaultsFile = "defaults.json";

    /// <summary>The calibration's files in its results folder (besides the manifest and the defaults file).</summary>
    private static readonly string[] OwnFiles = ["fitted.csv", "targets.csv", "trace.csv", "design_losses.csv", ResultsWriter.ManifestName];

    /// <summary>
    /// Refuses, before anything runs, a <c>--defaults</c> file that would replace a file without <c>--force</c>, or, even
    /// with it, the scenario being calibrated or the targets file (the calibration's own inputs, symbolic links followed).
    /// </summary>
    private static void CheckDefaults(string path, Plan plan, bool force)
    {
        if (path.Trim().Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new UsageException($"--defaults '{path}': expected a file path, e.g. scenarios/calibrated/x-defaults.json");
        string real = RealPath(path);
        foreach (var (input, what) in new[] { (plan.ScenarioPath, "the scenario being calibrated"), (plan.TargetsFile, "the targets file") })
            if (real == RealPath(input))
                throw new UsageException($"--defaults {path}: that is {what} ({input}); the defaults go to a file of their own, e.g. scenarios/calibrated/x-defaults.json (not even --force replaces {what})");
        if (Directory.Exists(path)) throw new UsageException($"--defaults {path}: a folder of that name exists; expected a file name such as x-defaults.json");
        if (File.Exists(path) && !force)
            throw new UsageException($"--defaults {path}: the file exists; choose another name, or add --force to replace it");
    }

    /// <summary>The full path of <paramref name="path"/> with every symbolic link along it followed (so two names of one file compare equal).</summary>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        int links = 0;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        while (parts.TryDequeue(out var part))
        {
            string next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target && ++links <= 40)
            {
                // Follow the link: its target, relative to the folder holding it, then the parts still to come.
                string resolved = Path.GetFullPath(Path.Combine(current, target));
                parts = new Queue<string>(resolved[Path.GetPathRoot(resolved)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(parts));
                current = Path.GetPathRoot(resolved)!;
                continue;
            }
            current = next;
        }
        return current;
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Runs shard K/M of the design's runs into its folder (resumable), as <c>sweep --shard</c> does.</summary>
    private static int RunShard(Plan plan, Options o, ParseResult parse, TextWriter output, TextWriter error)
    {
        var design = plan.Design!;
        bool isQuiet = parse.GetValue(o.Quiet);
        // Common random numbers, as the calibration's loss runs them.
        var (folder, summary, info, elapsed) = ExperimentOptions.RunAnalysisShard(parse, "calibration", plan.ScenarioPath, plan.Overrides,
            plan.Factory, design, plan.Replications, plan.MasterSeed, plan.Threads, plan.Shard, DescribeDesign(plan),
            seeds: Enumerable.Range(0, plan.Replications).Select(k => CounterRandom.ReplicationSeed(plan.MasterSeed, k)).ToArray(),
            parse.GetValue(o.Out), parse.GetValue(o.Force), parse.GetValue(o.Resume), isQuiet, error);
        if (!isQuiet)
        {
            output.WriteLine($"{plan.Factory.Base.Name}: shard {plan.Shard} of the runs of a calibration design of {design.Count:N0} points × {plan.Replications} " +
                $"replication{(plan.Replications == 1 ? "" : "s")} ({summary.Runs:N0} of {plan.TotalRuns:N0} runs, {elapsed.TotalSeconds:0.0} s)");
            output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (sweep.csv, design.csv, manifest.json)");
            output.WriteLine($"When every shard is done: participation merge SHARD_FOLDERS... --out MERGED, then {info.Command} --from MERGED");
        }
        return Program.Ok;
    }

    /// <summary>What a design shard records of its calibration (read back by <c>--from</c> to refuse runs of another).</summary>
    private static JsonObject DescribeDesign(Plan plan) => CalibrationDesign.Describe(plan.TargetsFile, plan.Spec, plan.Parameters, plan.Design!, plan.Replications);

    private static void Print(TextWriter o, Scenario s, CalibrationResult r, Plan plan, string? from, TimeSpan wall, string folder, string defaultsPath)
    {
        int reps = plan.Replications;
        if (plan.Design is { } design)
        {
            var designLosses = r.Trace.Where(e => e.Phase == "design").OrderBy(e => e.Loss).ThenBy(e => e.Index).ToArray();
            int polished = r.Evaluations - design.Count;
            o.WriteLine($"{s.Name}: calibrated {r.Parameters.Count} parameters to {r.Targets.Count} targets from a Latin-hypercube design of {design.Count:N0} points × {reps} replications" +
                $"{(from is null ? "" : $" (runs from {from})")}; best design point {designLosses[0].Index} (loss {ExperimentOptions.Number(designLosses[0].Loss)})" +
                (plan.Budget > 0 ? $", then {polished} Nelder-Mead evaluations ({(r.Converged ? "simplex converged" : "budget exhausted")})" : "") + $", {wall.TotalSeconds:0.0} s");
        }
        else
            o.WriteLine($"{s.Name}: calibrated {r.Parameters.Count} parameters to {r.Targets.Count} targets in {r.Evaluations} evaluations × {reps} replications " +
                $"({(r.Converged ? "simplex converged" : "budget exhausted")}), {wall.TotalSeconds:0.0} s");
        o.WriteLine($"Loss {ExperimentOptions.Number(r.Loss)} on the fitting seeds, {ExperimentOptions.Number(r.CheckLoss)} on {plan.CheckReplications} fresh replications");
        int width = Math.Max(9, r.Parameters.Max(p => p.Path.Length));
        o.WriteLine($"  {"parameter".PadRight(width)}  {"fitted",10}  bounds");
        for (int j = 0; j < r.Parameters.Count; j++)
            o.WriteLine($"  {r.Parameters[j].Path.PadRight(width)}  {ExperimentOptions.Number(r.Fitted[j]),10}  " +
                $"[{ExperimentOptions.Number(r.Parameters[j].Min)}, {ExperimentOptions.Number(r.Parameters[j].Max)}]");
        int fw = Math.Max(6, r.Targets.Max(t => t.Figure.Length));
        o.WriteLine($"  {"target".PadRight(fw)}  {"study",7}  {"model",7}  {"95 % interval",-17} {"tol",6}  within");
        foreach (var t in r.Targets)
            o.WriteLine($"  {t.Figure.PadRight(fw)}  {ExperimentOptions.Number(t.Target),7}  {ExperimentOptions.Number(t.Mean),7}  " +
                $"{(double.IsNaN(t.Low) ? "" : $"[{ExperimentOptions.Number(t.Low)}, {ExperimentOptions.Number(t.High)}]"),-17} {ExperimentOptions.Number(t.Tolerance),6}  {(t.WithinTolerance ? "yes" : "no")}");
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (fitted.csv, targets.csv, trace.csv{(plan.Design is null ? "" : ", design_losses.csv")}, manifest.json); defaults: {defaultsPath}");
    }
}
