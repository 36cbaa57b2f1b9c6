using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Participation.Experiments.Calibration;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation calibrate SCENARIO --targets FILE</c>: fits the parameters a targets file names to its target
/// figures (Latin-hypercube screen, then Nelder–Mead, on common random numbers) and writes the fit.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = CommonOptions.Scenario();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var targets = new Option<string>("--targets") { Description = "Targets file (JSON): target figures with tolerances and the parameters to fit with bounds, e.g. scenarios/targets/x-shaoxing.json.", Required = true };
        var replications = new Option<int?>("--replications", "-r") { Description = "Replications per loss evaluation (default: the targets file's, else 4)." };
        var budget = new Option<int?>("--budget") { Description = "Loss evaluations for the fit (default: the targets file's, else 40). Each costs one run per replication." };
        var check = new Option<int?>("--check-replications") { Description = "Replications, on fresh seeds, of the final target-by-target check (default: as --replications)." };
        var defaults = new Option<string?>("--defaults") { Description = "Where to write the calibrated defaults file (default: defaults.json in the results folder), e.g. scenarios/calibrated/x-defaults.json." };
        var threads = ExperimentOptions.Threads();
        var outDir = ExperimentOptions.Out();
        var force = ExperimentOptions.Force();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("calibrate", "Fit scenario parameters to target figures: writes fitted.csv, targets.csv (target, simulated mean, 95 % interval, tolerance, within?), trace.csv (every evaluation), a defaults file readable with \"extends\", and manifest.json.")
        {
            scenario, targets, replications, budget, check, seed, threads, outDir, defaults, force, set, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(scenario)!;
            string targetsFile = parse.GetValue(targets)!;
            string[] overrides = parse.GetValue(set) ?? [];
            int thr = ExperimentOptions.CheckThreads(parse.GetValue(threads));
            bool isQuiet = parse.GetValue(quiet);

            CalibrationSpec spec;
            try { spec = CalibrationSpec.Load(targetsFile); }
            catch (TargetsFileException e) { throw new UsageException(e.Message); }
            int reps = ExperimentOptions.CheckReplications(parse.GetValue(replications) ?? spec.Replications ?? 4);
            int evaluations = parse.GetValue(budget) ?? spec.Budget ?? 40;
            if (evaluations is < 1 or > 1_000_000) throw new UsageException($"--budget {evaluations}: expected a whole number from 1 to 1000000");
            int checkReps = parse.GetValue(check) ?? reps;
            if (checkReps is < 1 or > 100_000) throw new UsageException($"--check-replications {checkReps}: expected a whole number from 1 to 100000");

            var factory = ScenarioFactory.FromFile(path, overrides);
            // Start from the scenario's own values where the targets file gives none.
            var parameters = spec.Parameters.Select(p => p.Start is null && NumericKey.ValueIn(factory.Base, p.Path) is { } v && v >= p.Min && v <= p.Max
                ? p with { Start = v } : p).ToArray();
            var simulator = ModelSimulator.For(factory, parameters);
            foreach (var p in simulator.Parameters)
                foreach (var v in new[] { p.Low, p.High })
                    ScenarioLoader.LoadJson(ScenarioJson.ToJson(factory.Base), [p.Override(v)]);
            ulong master = (ulong)(parse.GetValue(seed) ?? spec.Seed ?? factory.Base.Seed);
            string folder = OutputFolder.Prepare(parse.GetValue(outDir), path, parse.GetValue(force));
            string defaultsPath = parse.GetValue(defaults) ?? Path.Combine(folder, "defaults.json");

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            bool interactive = !isQuiet && ConsoleProgress.Create(error) is not null;
            CalibrationResult result;
            using (var trace = new CalibrationTraceWriter(Path.Combine(folder, "trace.csv"), parameters, spec.Targets))
            {
                var calibrator = new Calibrator(spec.Targets, parameters, new ModelSimulator(factory, simulator.Parameters) { Threads = thr })
                {
                    Replications = reps, Budget = evaluations, Seed = master, CheckReplications = checkReps,
                    OnEvaluation = e =>
                    {
                        trace.Write(e);
                        if (interactive)
                            error.Write($"\revaluation {e.Index + 1}/{evaluations} ({e.Phase}) loss {ExperimentOptions.Number(e.Loss)}   ");
                    },
                };
                result = calibrator.Run();
                trace.Complete();
                if (interactive) error.WriteLine();
            }
            string commandLine = ExperimentOptions.CommandLine(parse);
            CalibrationFiles.WriteFitted(folder, result);
            CalibrationFiles.WriteTargets(folder, result);
            var (written, specific) = CalibrationFiles.WriteDefaults(defaultsPath, result,
                new CalibrationProvenance(commandLine, path, targetsFile, reps, evaluations, DateTimeOffset.UtcNow));

            var experiment = new JsonObject
            {
                ["kind"] = "calibration", ["targetsFile"] = targetsFile, ["replications"] = reps, ["budget"] = evaluations,
                ["evaluations"] = result.Evaluations, ["converged"] = result.Converged, ["checkReplications"] = checkReps,
                ["loss"] = result.Loss, ["checkLoss"] = result.CheckLoss, ["defaultsFile"] = defaultsPath,
                ["optimiser"] = "Latin-hypercube screen, then Nelder-Mead on logit-transformed bounds; common random numbers",
                ["seeds"] = "fit: ReplicationSeed(masterSeed, k) at every evaluation; check: ReplicationSeed(Mix(masterSeed ^ 0x434845434B000000), k)",
                ["fitted"] = new JsonObject(result.Parameters.Select((p, j) => KeyValuePair.Create(p.Path, (JsonNode?)result.Fitted[j]))),
                ["writtenToDefaults"] = new JsonArray(written.Select(x => (JsonNode)x).ToArray()),
                ["scenarioSpecific"] = new JsonArray(specific.Select(x => (JsonNode)x).ToArray()),
            };
            var manifest = new RunManifest
            {
                Command = commandLine, ScenarioFile = path, Overrides = overrides, MasterSeed = master,
                Seeds = Enumerable.Range(0, reps).Select(k => CounterRandom.ReplicationSeed(master, k)).ToArray(),
                Threads = thr, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Files = ["fitted.csv", "targets.csv", "trace.csv", "manifest.json", .. (parse.GetValue(defaults) is null ? new[] { "defaults.json" } : [])],
            };
            ExperimentFiles.WriteManifest(folder, manifest, experiment, ScenarioJson.ToJson(factory.Base));

            if (!isQuiet) Print(output, factory.Base, result, reps, checkReps, clock.Elapsed, folder, defaultsPath);
            return Program.Ok;
        });
        return command;
    }

    private static void Print(TextWriter o, Scenario s, CalibrationResult r, int reps, int checkReps, TimeSpan wall, string folder, string defaultsPath)
    {
        o.WriteLine($"{s.Name}: calibrated {r.Parameters.Count} parameters to {r.Targets.Count} targets in {r.Evaluations} evaluations × {reps} replications " +
            $"({(r.Converged ? "simplex converged" : "budget exhausted")}), {wall.TotalSeconds:0.0} s");
        o.WriteLine($"Loss {ExperimentOptions.Number(r.Loss)} on the fitting seeds, {ExperimentOptions.Number(r.CheckLoss)} on {checkReps} fresh replications");
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
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (fitted.csv, targets.csv, trace.csv, manifest.json); defaults: {defaultsPath}");
    }
}
