using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Participation.Experiments.Comparison;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary><c>participation compare BASELINE VARIANT...</c>: policy effects with intervals and cost per outcome.</summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var baseline = new Argument<string>("baseline") { Description = "Baseline scenario file." };
        var variants = new Argument<string[]>("variants") { Description = "Variant scenario files.", Arity = ArgumentArity.OneOrMore };
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var replications = new Option<int>("--replications", "-r") { Description = "Replications per scenario (common random numbers).", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var until = new Option<string?>("--until") { Description = "Run every scenario to this date (yyyy-MM-dd) and read the register there (default: the latest end)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results." };
        var plugin = Plugins.Option();
        var noPolicies = new Option<bool>("--no-policies") { Description = "Switch off the baseline's policies (the do-nothing counterfactual)." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var report = ReportCommand.Option();
        var command = new Command("compare", "Compare policy variants with a baseline on common random numbers: each outcome's difference with a 95 % interval, money spent, and cost per extra participant and per extra backbone retained 3 years.")
        {
            baseline, variants, seed, replications, threads, until, outDir, force, set, noPolicies, plugin, report, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            int reps = parse.GetValue(replications), thr = parse.GetValue(threads);
            if (reps < 2 || reps > 100_000) throw new UsageException($"--replications {reps}: expected a whole number from 2 to 100000 (intervals need at least two)");
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");
            DateOnly? end = null;
            if (parse.GetValue(until) is { } text)
                end = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw new UsageException($"--until {text}: expected a date as yyyy-MM-dd");
            string[] overrides = parse.GetValue(set) ?? [];
            string basePath = parse.GetValue(baseline)!;
            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            var baseScenario = ScenarioLoader.Load(basePath, overrides, catalog);
            if (parse.GetValue(noPolicies)) baseScenario = baseScenario.WithoutPolicies();
            var variantList = (parse.GetValue(variants) ?? []).Select(p => (Name(p), ScenarioLoader.Load(p, overrides, catalog))).ToList();
            if (variantList.Select(v => v.Item1).Append(Name(basePath)).Distinct(StringComparer.OrdinalIgnoreCase).Count() != variantList.Count + 1)
                throw new UsageException("variants: expected scenario files with distinct names (the file name names the variant)");
            ulong master = (ulong)(parse.GetValue(seed) ?? baseScenario.Seed);
            bool withReport = parse.GetValue(report);
            using var results = OutputFolder.Prepare(parse.GetValue(outDir), basePath, parse.GetValue(force),
                writes: ["compare.csv", "costs.csv", .. withReport ? [ReportCommand.FileName] : Array.Empty<string>()]);
            string folder = results.Path;

            bool isQuiet = parse.GetValue(quiet);
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using var progress = isQuiet ? null : ConsoleProgress.Create(error);
            var result = PolicyComparison.Run((Name(basePath), baseScenario), variantList, master, reps, thr, end, catalog, progress, Interruption.Token);
            progress?.Finish();

            results.Files.WriteText("compare.csv", w => CsvTable.WriteRows(w, result.Outcomes));
            results.Files.WriteText("costs.csv", w => CsvTable.WriteRows(w, result.Costs));
            var manifest = new RunManifest
            {
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), ScenarioFile = basePath,
                Overrides = overrides, MasterSeed = master, Seeds = result.Seeds, Threads = thr, Started = started,
                WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), Files = ["compare.csv", "costs.csv", "manifest.json"],
            };
            results.Files.Commit(w => w.Write(JsonSerializer.Serialize(manifest with
            {
                ScenarioFile = string.Join(' ', variantList.Select(v => v.Item1).Prepend(Name(basePath))),
            }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase })));
            if (!isQuiet) Print(output, result, folder, reps, clock.Elapsed, parse.GetValue(verbose));
            if (withReport) ReportCommand.WriteInto(folder, output, isQuiet, parse.GetValue(verbose));
            return Program.Ok;
        });
        return command;
    }

    private static string Name(string path) => Path.GetFileNameWithoutExtension(path);

    private static void Print(TextWriter o, ComparisonResult r, string folder, int reps, TimeSpan wall, bool verbose)
    {
        static string F(double v, string format = "0.0") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
        static string Diff(OutcomeDifference d, double scale = 1, string format = "0.0") =>
            $"{F(d.Difference * scale, format)} [{F(d.CiLow * scale, format)}, {F(d.CiHigh * scale, format)}]";
        o.WriteLine($"All scenarios run to {r.Until:yyyy-MM-dd} on common random numbers ({reps} replications each), {wall.TotalSeconds:0.0} s.");
        o.WriteLine("Differences from the baseline with 95 % intervals; costs only where the gain is clearly above zero.");
        o.WriteLine();
        o.WriteLine($"{"variant",-28} {"extra participants",-24} {"extra backbones >3y",-22} {"register <6m (pts)",-22} {"extra yuan",12} {"yuan/participant",17} {"yuan/backbone 3y",17}");
        foreach (var c in r.Costs.OrderBy(c => double.IsNaN(c.CostPerExtraRetained) ? double.MaxValue : c.CostPerExtraRetained))
        {
            var d = r.Outcomes.Where(x => x.Variant == c.Variant).ToDictionary(x => x.Figure);
            o.WriteLine($"{c.Variant,-28} {Diff(d["participants_year"], 1, "0"),-24} {Diff(d["backbones_over_3_years"]),-22} " +
                $"{Diff(d["register_under_6_months"], 100),-22} {F(c.ExtraSpent, "N0"),12} {F(c.CostPerExtraParticipant, "N0"),17} {F(c.CostPerExtraRetained, "N0"),17}");
        }
        if (verbose)
        {
            o.WriteLine();
            o.WriteLine("Every figure, variant minus baseline, with its 95 % interval:");
            foreach (var d in r.Outcomes)
                o.WriteLine($"  {d.Variant,-28} {d.Figure,-26} {Diff(d, 1, "G4"),-36} ({d.Unit})");
        }
        o.WriteLine();
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (compare.csv: every outcome's difference; costs.csv; manifest.json)");
    }
}
