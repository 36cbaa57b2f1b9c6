using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sensitivity;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation sensitivity SCENARIO --vary path=lo:hi... --method morris|sobol --outcome NAME</c>: Morris screening
/// or Sobol indices of one summary figure (its mean over replications, on common random numbers).
/// </summary>
internal static class SensitivityCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = CommonOptions.Scenario();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var vary = ExperimentOptions.Vary("An input: a numeric scenario key and its range, --vary path=lo:hi. Repeatable.");
        var method = new Option<string>("--method", "-m") { Description = "morris (elementary effects: mu*, sigma; r (k + 1) points) or sobol (first- and total-order indices, Saltelli design; N (k + 2) points).", DefaultValueFactory = _ => "morris" };
        var outcome = new Option<string>("--outcome") { Description = "Summary figure analysed, e.g. register_under_6_months (see summary.csv of a run).", Required = true };
        var samples = new Option<int?>("--samples", "-n") { Description = "Morris: trajectories r (default 10). Sobol: base sample N (default 64)." };
        var levels = new Option<int>("--levels") { Description = "Morris grid levels (even; default 4).", DefaultValueFactory = _ => 4 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the 95 % intervals (default 1000).", DefaultValueFactory = _ => 1000 };
        var replications = ExperimentOptions.Replications(1);
        var threads = ExperimentOptions.Threads();
        var outDir = ExperimentOptions.Out();
        var force = ExperimentOptions.Force();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("sensitivity", "Sensitivity of one summary figure to scenario keys: Morris screening or Sobol indices with bootstrap 95 % intervals. Writes indices.csv (parameter, index, estimate, low, high), sweep.csv (every run), design.csv and manifest.json.")
        {
            scenario, vary, method, outcome, samples, levels, replications, bootstrap, seed, threads, outDir, force, set, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(scenario)!;
            string[] overrides = parse.GetValue(set) ?? [];
            int reps = ExperimentOptions.CheckReplications(parse.GetValue(replications));
            int thr = ExperimentOptions.CheckThreads(parse.GetValue(threads));
            string kind = (parse.GetValue(method) ?? "morris").Trim().ToLowerInvariant();
            if (kind is not ("morris" or "sobol")) throw new UsageException($"--method {kind}: expected morris or sobol");
            string figure = parse.GetValue(outcome)!;
            try { FigureNames.Check(figure, "--outcome"); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            int n = parse.GetValue(samples) ?? (kind == "morris" ? 10 : 64);
            if (n < 2 || n > 1_000_000) throw new UsageException($"--samples {n}: expected a whole number from 2 to 1000000");
            int p = parse.GetValue(levels);
            if (p < 2 || p > 100 || p % 2 != 0) throw new UsageException($"--levels {p}: expected an even number from 2 to 100");
            int boot = parse.GetValue(bootstrap);
            if (boot < 0 || boot > 100_000) throw new UsageException($"--bootstrap {boot}: expected a whole number from 0 to 100000");
            bool isQuiet = parse.GetValue(quiet);

            var factory = ScenarioFactory.FromFile(path, overrides);
            var parameters = ExperimentOptions.Parameters(parse.GetValue(vary), factory.Base, allowSteps: false);
            ulong master = (ulong)(parse.GetValue(seed) ?? factory.Base.Seed);
            int k = parameters.Length;
            long points = kind == "morris" ? (long)n * (k + 1) : (long)n * (k + 2);
            if (points * reps > int.MaxValue) throw new UsageException($"{points:N0} points × {reps} replications is too many runs");
            string folder = OutputFolder.Prepare(parse.GetValue(outDir), path, parse.GetValue(force));

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var names = parameters.Select(x => x.Path).ToArray();
            IReadOnlyList<double[]> unit;
            MorrisDesign? morris = null;
            SobolDesign? sobol = null;
            if (kind == "morris") unit = (morris = Morris.Design(k, n, p, master)).Points;
            else unit = (sobol = Sobol.Design(k, n, master)).Points;
            ExperimentFiles.WriteDesign(folder, SweepDesign.FromUnitPoints(parameters, unit));

            double[] y;
            using (var csv = new CsvSweepSink(Path.Combine(folder, "sweep.csv")))
            using (var progress = isQuiet ? null : ConsoleProgress.Create(error))
            {
                var response = new ModelResponse(factory, parameters, figure)
                {
                    Replications = reps, MasterSeed = master, Threads = thr, Log = csv, Progress = progress,
                };
                y = response.Evaluate(unit);
                progress?.Finish();
            }
            IReadOnlyList<SensitivityRow> rows;
            try
            {
                rows = morris is not null
                    ? SensitivityTable.Rows(Morris.Analyse(morris, y, names, boot, master))
                    : SensitivityTable.Rows(Sobol.Analyse(sobol!, y, names, boot, master));
            }
            catch (ArgumentException e) { throw new UsageException($"--outcome {figure}: {e.Message}"); }
            ResultSet.WriteAtomic(folder, "indices.csv", w => SensitivityTable.Write(w, rows));

            var experiment = new JsonObject
            {
                ["kind"] = "sensitivity", ["method"] = kind, ["outcome"] = figure, ["samples"] = n, ["points"] = unit.Count,
                ["replications"] = reps, ["bootstrap"] = boot,
                ["seeds"] = "common random numbers: replication k uses ReplicationSeed(masterSeed, k) at every point; the design and bootstrap derive from masterSeed",
                ["parameters"] = ExperimentFiles.Describe(SweepDesign.FromUnitPoints(parameters, []))["parameters"]!.DeepClone(),
            };
            if (morris is not null) { experiment["levels"] = p; experiment["delta"] = morris.Delta; }
            var manifest = new RunManifest
            {
                Command = ExperimentOptions.CommandLine(parse), ScenarioFile = path, Overrides = overrides, MasterSeed = master,
                Threads = thr, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = ["indices.csv", "sweep.csv", "design.csv", "manifest.json"],
            };
            ExperimentFiles.WriteManifest(folder, manifest, experiment, ScenarioJson.ToJson(factory.Base));

            if (!isQuiet)
            {
                output.WriteLine($"{factory.Base.Name}: {(kind == "morris" ? "Morris screening" : "Sobol indices")} of {figure} " +
                    $"({unit.Count:N0} points × {reps} replication{(reps == 1 ? "" : "s")}, {clock.Elapsed.TotalSeconds:0.0} s)");
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
}
