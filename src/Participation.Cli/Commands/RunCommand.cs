using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary><c>participation run SCENARIO</c>: runs replications and writes the result tables and manifest.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = CommonOptions.Scenario();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var replications = new Option<int>("--replications", "-r") { Description = "Independent replications (each seed derived from the master seed).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (0: all cores). Results are identical for any value.", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results (they are replaced)." };
        var plugin = Plugins.Option();
        var noPolicies = new Option<bool>("--no-policies") { Description = "Switch every policy of the scenario off: the do-nothing counterfactual." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("run", "Run a scenario: weekly, monthly and annual outcomes, backbone spells, a summary with 95 % intervals, and a manifest.")
        {
            scenario, seed, replications, threads, outDir, force, set, noPolicies, plugin, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(scenario)!;
            string[] overrides = parse.GetValue(set) ?? [];
            int reps = parse.GetValue(replications), thr = parse.GetValue(threads);
            if (reps < 1 || reps > 100_000) throw new UsageException($"--replications {reps}: expected a whole number from 1 to 100000");
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");
            bool isQuiet = parse.GetValue(quiet);

            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            var loaded = ScenarioLoader.Load(path, overrides, catalog);
            if (parse.GetValue(noPolicies)) loaded = loaded.WithoutPolicies();
            ulong master = (ulong)(parse.GetValue(seed) ?? loaded.Seed);
            string folder = OutputFolder.Prepare(parse.GetValue(outDir), path, parse.GetValue(force));

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using var progress = isQuiet ? null : ConsoleProgress.Create(error);
            var runs = ReplicationRunner.Run(loaded, master, reps, thr, catalog, progress);
            progress?.Finish();
            var manifest = new RunManifest
            {
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ScenarioFile = path, Overrides = overrides, MasterSeed = master, Seeds = runs.Select(r => r.Seed).ToArray(),
                Threads = thr, Started = started, WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            };
            ResultSet.Write(folder, runs, manifest, ScenarioJson.ToJson(loaded));
            if (!isQuiet) PrintSummary(output, loaded, runs, folder, clock.Elapsed, parse.GetValue(verbose));
            return Program.Ok;
        });
        return command;
    }

    private static void PrintSummary(TextWriter o, Scenario s, RunResult[] runs, string folder, TimeSpan wall, bool verbose)
    {
        var rows = ResultSet.Summarise(runs).ToDictionary(r => r.Figure);
        string P(string name) => Show(rows[name], percent: true);
        string N(string name) => Show(rows[name], percent: false);
        var first = runs[0];
        o.WriteLine($"{s.Name}: {runs.Length} replication{(runs.Length == 1 ? "" : "s")}, " +
            $"{first.Calendar.WeekStart(0):yyyy-MM-dd} to {s.Calendar.End:yyyy-MM-dd} ({first.Calendar.TickCount} weeks), {wall.TotalSeconds:0.0} s");
        o.WriteLine($"Backbone register at {s.Calendar.RegisterDate:yyyy-MM-dd}: {N("register_backbones")} backbones");
        o.WriteLine($"  serving over 3 years     {P("register_over_3_years"),-24} (study X, 2024: 28 %)");
        o.WriteLine($"  serving under 6 months   {P("register_under_6_months"),-24} (study X, 2024: 65 %)");
        o.WriteLine($"  aged 60 and over         {P("register_age_60_plus"),-24} (study X: 42 %)");
        o.WriteLine($"Tasks done by the top 10 % of backbones: {P("top10_task_share")} (study X: 63 %)");
        o.WriteLine($"Backbones' monthly frequency 1-2 / 3-4 / 5-6 / >6: {P("backbone_frequency_1_2")} / {P("backbone_frequency_3_4")} / " +
            $"{P("backbone_frequency_5_6")} / {P("backbone_frequency_over_6")} (study X: 55.3 / 26.6 / 11.8 / 6.3 %)");
        o.WriteLine($"Adults taking part in a month: {P("participation_rate_month")}; in the last year: {P("participation_rate_year")}");
        if (verbose)
            foreach (var r in rows.Values) o.WriteLine($"  {r.Figure,-30} {Show(r, r.Unit == "share")}");
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (weekly.csv, monthly.csv, annual.csv, spells.csv, summary.csv, manifest.json)");
    }

    private static string Show(SummaryRow r, bool percent)
    {
        if (double.IsNaN(r.Mean)) return "n/a";
        string F(double v) => percent ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);
        string unit = percent ? " %" : "";
        return double.IsNaN(r.CiLow) ? F(r.Mean) + unit : $"{F(r.Mean)}{unit} [{F(r.CiLow)}, {F(r.CiHigh)}]";
    }
}
