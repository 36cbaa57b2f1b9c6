using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sensitivity;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation sensitivity SCENARIO --vary path=lo:hi... --method morris|sobol --outcome NAME</c>: Morris screening
/// or Sobol indices of one summary figure (its mean over replications, on common random numbers). For a cluster, the
/// model runs can be cut into shards (<c>--shard K/N</c>, one folder each), joined by <c>participation merge</c>, and the
/// indices computed from the merged runs with <c>--from</c>: the same indices, byte for byte, as one process computes.
/// </summary>
internal static class SensitivityCommand
{
    /// <summary>The command's options, kept together so <c>slurm</c> can parse and check an analysis's arguments without running it.</summary>
    internal sealed class Options
    {
        public readonly Argument<string> Scenario = CommonOptions.Scenario();
        public readonly Option<string[]> Set = CommonOptions.Set();
        public readonly Option<long?> Seed = CommonOptions.Seed();
        public readonly Option<string[]> Vary = ExperimentOptions.Vary("An input: a numeric scenario key and its range, --vary path=lo:hi. Repeatable.");
        public readonly Option<string> Method = new("--method", "-m") { Description = "morris (elementary effects: mu*, sigma; r (k + 1) points) or sobol (first- and total-order indices, Saltelli design; N (k + 2) points).", DefaultValueFactory = _ => "morris", CompletionSources = { "morris", "sobol" } };
        public readonly Option<string> Outcome = new("--outcome") { Description = "Summary figure analysed, e.g. register_under_6_months (see summary.csv of a run).", Required = true };
        public readonly Option<int?> Samples = new("--samples", "-n") { Description = "Morris: trajectories r (default 10). Sobol: base sample N (default 64)." };
        public readonly Option<int> Levels = new("--levels") { Description = "Morris grid levels (even; default 4).", DefaultValueFactory = _ => 4 };
        public readonly Option<int> Bootstrap = new("--bootstrap") { Description = "Bootstrap resamples for the 95 % intervals (default 1000).", DefaultValueFactory = _ => 1000 };
        public readonly Option<int> Replications = ExperimentOptions.Replications(1);
        public readonly Option<int> Threads = ExperimentOptions.Threads();
        public readonly Option<string?> Out = ExperimentOptions.Out();
        public readonly Option<bool> Force = ExperimentOptions.Force();
        public readonly Option<bool> Quiet = CommonOptions.Quiet();
        public readonly Option<bool> Verbose = CommonOptions.Verbose();
        public readonly Option<string?> Shard = ExperimentOptions.Shard();
        public readonly Option<bool> Resume = new("--resume") { Description = "With --shard: continue an interrupted shard in its --out folder (runs in its sweep.journal are not run again)." };
        public readonly Option<string?> From = new("--from") { Description = "Compute the indices from the model runs in this folder (the shards joined by 'participation merge') instead of running the model; give the same options as the shards." };

        /// <summary>The <c>sensitivity</c> command over these options (no action).</summary>
        public Command Command() => new("sensitivity", "Sensitivity of one summary figure to scenario keys: Morris screening or Sobol indices with bootstrap 95 % intervals. Writes indices.csv (parameter, index, estimate, low, high), sweep.csv (every run), design.csv and manifest.json. On a cluster: --shard K/N runs a share of the model runs, 'participation merge' joins them, --from computes the indices.")
        {
            Scenario, Vary, Method, Outcome, Samples, Levels, Replications, Bootstrap, Seed, Threads, Out, Force, Shard, Resume, From, Set, Quiet, Verbose,
        };
    }

    /// <summary>An analysis as its options describe it, checked, before anything runs or is written.</summary>
    internal sealed record Plan(string ScenarioPath, string[] Overrides, ScenarioFactory Factory, SweepParameter[] Parameters, string Kind, string Figure,
        int Samples, int Levels, int Bootstrap, int Replications, ulong MasterSeed, int Threads, MorrisDesign? Morris, SobolDesign? Sobol,
        IReadOnlyList<double[]> Unit, SweepDesign Design, SweepShard Shard)
    {
        /// <summary>Model runs in all.</summary>
        public int TotalRuns => Design.Count * Replications;
    }

    /// <summary>Reads and checks the options and draws the design.</summary>
    /// <exception cref="UsageException">An option is bad; the message names it, its value and what is expected.</exception>
    internal static Plan MakePlan(Options o, ParseResult parse)
    {
        string path = parse.GetValue(o.Scenario)!;
        string[] overrides = parse.GetValue(o.Set) ?? [];
        int reps = ExperimentOptions.CheckReplications(parse.GetValue(o.Replications));
        int thr = ExperimentOptions.CheckThreads(parse.GetValue(o.Threads));
        string kind = (parse.GetValue(o.Method) ?? "morris").Trim().ToLowerInvariant();
        if (kind is not ("morris" or "sobol")) throw new UsageException($"--method {kind}: expected morris or sobol");
        string figure = parse.GetValue(o.Outcome)!;
        try { FigureNames.Check(figure, "--outcome"); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        int n = parse.GetValue(o.Samples) ?? (kind == "morris" ? 10 : 64);
        if (n < 2 || n > 1_000_000) throw new UsageException($"--samples {n}: expected a whole number from 2 to 1000000");
        int p = parse.GetValue(o.Levels);
        if (p < 2 || p > 100 || p % 2 != 0) throw new UsageException($"--levels {p}: expected an even number from 2 to 100");
        int boot = parse.GetValue(o.Bootstrap);
        if (boot < 0 || boot > 100_000) throw new UsageException($"--bootstrap {boot}: expected a whole number from 0 to 100000");
        var shard = ExperimentOptions.ParseShard(parse.GetValue(o.Shard));

        var factory = ScenarioFactory.FromFile(path, overrides);
        var parameters = ExperimentOptions.Parameters(parse.GetValue(o.Vary), factory.Base, allowSteps: false);
        ulong master = (ulong)(parse.GetValue(o.Seed) ?? factory.Base.Seed);
        int k = parameters.Length;
        long points = kind == "morris" ? (long)n * (k + 1) : (long)n * (k + 2);
        if (points * reps > int.MaxValue) throw new UsageException($"{points:N0} points × {reps} replications is too many runs");
        ExperimentOptions.CheckShardCount(shard, points * reps);
        MorrisDesign? morris = null;
        SobolDesign? sobol = null;
        IReadOnlyList<double[]> unit = kind == "morris" ? (morris = Morris.Design(k, n, p, master)).Points : (sobol = Sobol.Design(k, n, master)).Points;
        return new Plan(path, overrides, factory, parameters, kind, figure, n, p, boot, reps, master, thr, morris, sobol, unit,
            SweepDesign.FromUnitPoints(parameters, unit), shard);
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
            if (from is not null && !plan.Shard.IsWhole) throw new UsageException($"--from and --shard: choose one (--shard runs a share of the model runs; --from computes the indices from the merged runs)");
            if (isResume && plan.Shard.IsWhole) throw new UsageException("--resume: only with --shard K/N (a shard's runs are journaled and can be resumed)");
            if (isResume && parse.GetValue(o.Force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's shard; --force replaces it)");
            if (!plan.Shard.IsWhole) return RunShard(plan, o, parse, output, error);

            var (factory, parameters, kind, figure, reps, master) = (plan.Factory, plan.Parameters, plan.Kind, plan.Figure, plan.Replications, plan.MasterSeed);
            IReadOnlyList<SweepRow>? merged;
            using (from is null ? null : OutputFolder.HoldToRead(from)) merged = from is null ? null
                : MergedRuns.Read(from, plan.Factory.Base, plan.Design, plan.Replications, plan.MasterSeed, "analysis",
                    "give the same scenario, --vary, --method, --samples, --levels, --replications and --seed as the shards");
            using var results = OutputFolder.Prepare(parse.GetValue(o.Out), plan.ScenarioPath, parse.GetValue(o.Force),
                writes: ["indices.csv", "sweep.csv", "design.csv"]);
            string folder = results.Path;

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var names = parameters.Select(x => x.Path).ToArray();
            var unit = plan.Unit;
            ExperimentFiles.WriteDesign(results.Files, plan.Design);

            double[] y;
            using (var csv = new CsvSweepSink(results.Files, "sweep.csv"))
            {
                if (merged is not null)
                {
                    // The rows of the merged shards, written and averaged exactly as the runs of one process are.
                    csv.Begin(names);
                    foreach (var row in merged) csv.Write(row);
                    csv.Complete();
                    y = Means(merged, figure, plan.Design.Count);
                }
                else
                {
                    using var progress = isQuiet ? null : ConsoleProgress.Create(error);
                    var response = new ModelResponse(factory, parameters, figure)
                    {
                        Replications = reps, MasterSeed = master, Threads = plan.Threads, Log = csv, Progress = progress,
                    };
                    y = response.Evaluate(unit, Interruption.Token);
                    progress?.Finish();
                }
            }
            IReadOnlyList<SensitivityRow> rows;
            try
            {
                rows = plan.Morris is not null
                    ? SensitivityTable.Rows(Morris.Analyse(plan.Morris, y, names, plan.Bootstrap, master))
                    : SensitivityTable.Rows(Sobol.Analyse(plan.Sobol!, y, names, plan.Bootstrap, master));
            }
            catch (ArgumentException e) { throw new UsageException($"--outcome {figure}: {e.Message}"); }
            results.Files.WriteText("indices.csv", w => SensitivityTable.Write(w, rows));

            var experiment = Describe(plan);
            if (from is not null) experiment["from"] = Path.GetFullPath(from);
            var manifest = new RunManifest
            {
                Command = ExperimentOptions.CommandLine(parse), ScenarioFile = plan.ScenarioPath, Overrides = plan.Overrides, MasterSeed = master,
                Threads = plan.Threads, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = ["indices.csv", "sweep.csv", "design.csv", "manifest.json"],
            };
            ExperimentFiles.WriteManifest(results.Files, manifest, experiment, ScenarioJson.ToJson(factory.Base));

            if (!isQuiet)
            {
                output.WriteLine($"{factory.Base.Name}: {(kind == "morris" ? "Morris screening" : "Sobol indices")} of {figure} " +
                    $"({unit.Count:N0} points × {reps} replication{(reps == 1 ? "" : "s")}{(from is null ? "" : $", runs from {from}")}, {clock.Elapsed.TotalSeconds:0.0} s)");
                int width = Math.Max(9, names.Max(x => x.Length));
                output.WriteLine($"  {"parameter".PadRight(width)}  {"index",-12} {"estimate",10}  95 % interval");
                foreach (var r in rows)
                    output.WriteLine($"  {r.Parameter.PadRight(width)}  {r.Index,-12} {ExperimentOptions.Number(r.Estimate),10}  " +
                        (double.IsNaN(r.Low) ? "" : $"[{ExperimentOptions.Number(r.Low)}, {ExperimentOptions.Number(r.High)}]"));
                output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (indices.csv, sweep.csv, design.csv, manifest.json)");
            }
            return Program.Ok;
        });
        return command;
    }

    /// <summary>Runs shard K/N of the analysis's model runs into its folder (resumable), as <c>sweep --shard</c> does.</summary>
    private static int RunShard(Plan plan, Options o, ParseResult parse, TextWriter output, TextWriter error)
    {
        bool isQuiet = parse.GetValue(o.Quiet);
        // Common random numbers, as ModelResponse runs them.
        var (folder, summary, info, elapsed) = ExperimentOptions.RunAnalysisShard(parse, "sensitivity", plan.ScenarioPath, plan.Overrides,
            plan.Factory, plan.Design, plan.Replications, plan.MasterSeed, plan.Threads, plan.Shard, Describe(plan), seeds: null,
            parse.GetValue(o.Out), parse.GetValue(o.Force), parse.GetValue(o.Resume), isQuiet, error);
        if (!isQuiet)
        {
            output.WriteLine($"{plan.Factory.Base.Name}: shard {plan.Shard} of the model runs of a {(plan.Kind == "morris" ? "Morris screening" : "Sobol analysis")} " +
                $"({summary.Runs:N0} of {plan.TotalRuns:N0} runs, {elapsed.TotalSeconds:0.0} s)");
            output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (sweep.csv, design.csv, manifest.json)");
            output.WriteLine($"When every shard is done: participation merge SHARD_FOLDERS... --out MERGED, then {info.Command} --from MERGED");
        }
        return Program.Ok;
    }

    /// <summary>
    /// The outcome's mean over replications at each point, NaN where undefined in every replication: the arithmetic of
    /// <see cref="ModelResponse.Evaluate"/> (rows in the same order), so the indices come out the same bits.
    /// </summary>
    private static double[] Means(IReadOnlyList<SweepRow> rows, string figure, int points)
    {
        var sum = new double[points];
        var count = new int[points];
        foreach (var row in rows)
        {
            double v = row.Figure(figure);
            if (double.IsNaN(v)) continue;
            sum[row.Point] += v;
            count[row.Point]++;
        }
        return sum.Select((s, i) => count[i] > 0 ? s / count[i] : double.NaN).ToArray();
    }

    private static JsonObject Describe(Plan plan)
    {
        var experiment = new JsonObject
        {
            ["kind"] = "sensitivity", ["method"] = plan.Kind, ["outcome"] = plan.Figure, ["samples"] = plan.Samples, ["points"] = plan.Unit.Count,
            ["replications"] = plan.Replications, ["bootstrap"] = plan.Bootstrap,
            ["seeds"] = "common random numbers: replication k uses ReplicationSeed(masterSeed, k) at every point; the design and bootstrap derive from masterSeed",
            ["parameters"] = ExperimentFiles.Describe(SweepDesign.FromUnitPoints(plan.Parameters, []))["parameters"]!.DeepClone(),
        };
        if (plan.Morris is not null) { experiment["levels"] = plan.Levels; experiment["delta"] = plan.Morris.Delta; }
        return experiment;
    }
}
