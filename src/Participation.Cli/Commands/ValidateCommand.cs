using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Participation.Experiments.Results;
using Participation.Experiments.Validation;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation validate [SCENARIO-DIR]</c>: runs the checks that were not fitted in calibration (H's attitude–behaviour
/// gap and the wider literature's cross-checks of docs/studies.md) and prints each figure with its interval, the reference, the criterion
/// and PASS or FAIL. A validation is a report: it exits 0 when it ran, failures included, unless <c>--strict</c>.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>The scenario of study X's community in the scenario folder.</summary>
    public const string XFile = "x-shaoxing.json";

    /// <summary>The scenario of study H's community in the scenario folder.</summary>
    public const string HFile = "h-shenzhen.json";

    /// <summary>Exit code of <c>--strict</c> when a check failed.</summary>
    public const int Failed = 4;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("scenario-dir")
        {
            Description = $"Folder holding {XFile} (the literature's checks) and {HFile} (H's check).",
            DefaultValueFactory = _ => "scenarios",
        };
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var replications = new Option<int>("--replications", "-r") { Description = "Replications of every check (common random numbers within a check).", DefaultValueFactory = _ => 6 };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var forkEvery = new Option<int>("--fork-every") { Description = "Weeks between the forks of the invitation check (1: every week; more forks, longer run).", DefaultValueFactory = _ => 4 };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results." };
        var strict = new Option<bool>("--strict") { Description = $"Exit with {Failed} when any check fails (default: 0, a validation is a report)." };
        var plugin = Plugins.Option();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("validate", "Check the model against figures it was not fitted to: H's attitude–behaviour gap and the literature's cross-checks " +
            "(being heard brings people back, invitations, rewards crowding out, recognition, intensity and retention, threshold cascades), each with a 95 % interval, the reference, the criterion and PASS/FAIL.")
        {
            folder, seed, replications, threads, forkEvery, outDir, force, set, strict, plugin, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            int reps = parse.GetValue(replications), thr = parse.GetValue(threads), every = parse.GetValue(forkEvery);
            if (reps < 2 || reps > 10_000) throw new UsageException($"--replications {reps}: expected a whole number from 2 to 10000 (intervals need at least two)");
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");
            if (every < 1 || every > 520) throw new UsageException($"--fork-every {every}: expected a number of weeks from 1 to 520");
            string dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir)) throw new UsageException($"scenario-dir {dir}: no such folder; expected a folder holding {XFile} and {HFile}");
            string xPath = Path.Combine(dir, XFile), hPath = Path.Combine(dir, HFile);
            foreach (var path in new[] { xPath, hPath })
                if (!File.Exists(path)) throw new UsageException($"scenario-dir {dir}: no {Path.GetFileName(path)} in it; expected a folder holding {XFile} and {HFile}");
            string[] overrides = parse.GetValue(set) ?? [];
            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            var settings = new ValidationSettings
            {
                X = ScenarioLoader.Load(xPath, overrides, catalog), H = ScenarioLoader.Load(hPath, overrides, catalog),
                Replications = reps, Seed = parse.GetValue(seed) is { } s ? (ulong)s : null, Threads = thr, Catalog = catalog,
                InvitationForkEvery = every,
            };
            using var prepared = OutputFolder.Prepare(parse.GetValue(outDir), "validation", parse.GetValue(force), writes: ["validation.csv"]);
            string results = prepared.Path;

            bool isQuiet = parse.GetValue(quiet);
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var progress = isQuiet ? null : new Progress(error);
            var result = ValidationSuite.Run(settings, progress);

            prepared.Files.WriteText("validation.csv", w => CsvTable.WriteRows(w, result.Rows));
            var manifest = new RunManifest
            {
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ScenarioFile = $"{xPath} {hPath}", Overrides = overrides, MasterSeed = settings.Seed ?? (ulong)settings.X.Seed,
                Seeds = result.Seeds[settings.X.Name], Replications = reps, Threads = thr, Started = started,
                WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), Files = ["validation.csv", "manifest.json"],
            };
            prepared.Files.Commit(w => w.Write(JsonSerializer.Serialize(manifest,
                new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase })));
            if (!isQuiet) Print(output, result, results, clock.Elapsed, parse.GetValue(verbose));
            return parse.GetValue(strict) && result.Failures > 0 ? Failed : Program.Ok;
        });
        return command;
    }

    /// <summary>Prints progress lines as each part of the validation starts.</summary>
    private sealed class Progress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine(value);
    }

    private static void Print(TextWriter o, ValidationResult r, string folder, TimeSpan wall, bool verbose)
    {
        o.WriteLine($"Validation: {r.Judged} judged figures in {ValidationSuite.Checks.Length} checks, {r.Replications} replications each, {wall.TotalSeconds:0.0} s.");
        o.WriteLine("Figures are means over replications with 95 % intervals; context lines (no PASS/FAIL) help read the judged ones.");
        foreach (var check in r.Rows.GroupBy(x => x.Check))
        {
            o.WriteLine();
            o.WriteLine(check.Key);
            foreach (var row in check)
            {
                if (!row.IsJudged() && !verbose && !ShowContext(row)) continue;
                string verdict = row.IsJudged() ? (row.IsFailure() ? "FAIL" : "PASS") : "    ";
                o.WriteLine($"  {verdict}  {row.Measure}: {row.FigureText()} {row.Unit}");
                o.WriteLine($"        reference: {row.Reference}");
                if (row.IsJudged()) o.WriteLine($"        criterion: {row.Criterion}");
            }
        }
        o.WriteLine();
        o.WriteLine($"{r.Judged - r.Failures} passed, {r.Failures} failed of {r.Judged} judged figures.");
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (validation.csv: every figure with its interval, reference and criterion; manifest.json)");
    }

    /// <summary>Context rows printed without --verbose: those that carry a study's or the literature's figure.</summary>
    private static bool ShowContext(ValidationRow row) => row.Reference != "—";
}
