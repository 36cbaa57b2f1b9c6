using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Participation.Files;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary><c>participation run SCENARIO</c>: runs replications and writes the result tables and manifest.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = new Argument<string?>("scenario")
        {
            Description = "Scenario file (JSON), e.g. scenarios/x-shaoxing.json. With --from: optional, a variant to fork the checkpoint into.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var replications = new Option<int>("--replications", "-r") { Description = "Independent replications (each seed derived from the master seed).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (0: all cores). Results are identical for any value.", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results (they are replaced)." };
        var plugin = Plugins.Option();
        var noPolicies = new Option<bool>("--no-policies") { Description = "Switch every policy of the scenario off: the do-nothing counterfactual." };
        var check = new Option<bool>("--check") { Description = "Check the state after every tick (shares in [0, 1], finite values, roles consistent); slower. A violation stops the run naming the tick, resident and value." };
        var checkpointAt = new Option<string?>("--checkpoint-at") { Description = "Save the whole model state of every replication to checkpoint.bin in the results folder at the start of the week containing this date (yyyy-MM-dd), then run on." };
        var stop = new Option<bool>("--stop-at-checkpoint") { Description = "With --checkpoint-at: stop there, writing only the checkpoint and the manifest (to fork one burn-in into many variants)." };
        var from = new Option<string?>("--from") { Description = "Continue the run saved in this checkpoint (results identical to an uninterrupted run); with a scenario, fork it into that variant (same community and seed)." };
        var resume = new Option<bool>("--resume") { Description = "Continue a batch that was interrupted (killed, crashed) in its --out folder: replications it finished are read back, not run again, and the tables come out as an uninterrupted batch's. Give the same scenario and options as the interrupted run." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var report = ReportCommand.Option();
        var format = FormatOption("weekly, monthly, annual and spells");
        var command = new Command("run", "Run a scenario: weekly, monthly and annual outcomes, backbone spells, a summary with 95 % intervals, and a manifest.")
        {
            scenario, seed, replications, threads, outDir, force, resume, set, noPolicies, plugin, check, checkpointAt, stop, from, report, format, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(scenario);
            string? fromPath = parse.GetValue(from);
            if (path is null && fromPath is null)
                throw new UsageException("run: expected a scenario file, e.g. participation run scenarios/x-shaoxing.json (or --from CHECKPOINT to continue a saved run)");
            string[] overrides = parse.GetValue(set) ?? [];
            int reps = parse.GetValue(replications), thr = parse.GetValue(threads);
            if (reps < 1 || reps > 100_000) throw new UsageException($"--replications {reps}: expected a whole number from 1 to 100000");
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");
            if (parse.GetValue(stop) && parse.GetValue(checkpointAt) is null) throw new UsageException("--stop-at-checkpoint: expected --checkpoint-at DATE too");
            bool parquet = IsParquet(parse.GetValue(format));
            bool isResume = parse.GetValue(resume);
            if (isResume && parse.GetValue(force)) throw new UsageException("--resume and --force: choose one (--resume continues the folder's batch; --force replaces it)");
            if (isResume && (fromPath is not null || parse.GetValue(checkpointAt) is not null))
                throw new UsageException($"--resume and {(fromPath is not null ? "--from" : "--checkpoint-at")}: a batch with checkpoints cannot be resumed; run it again from the start (or continue its checkpoint with --from)");

            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            ReplicationBatch Batch(Scenario scenario) => new()
            {
                Scenario = scenario, Catalog = catalog, Threads = thr, Replications = reps, CheckInvariants = parse.GetValue(check),
                StopAtCheckpoint = parse.GetValue(stop), Parquet = parquet, ScenarioFile = path ?? fromPath!, Overrides = overrides, Resume = isResume,
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            };
            ReplicationBatch batch;
            if (fromPath is not null)
            {
                var checkpoint = ReadCheckpoint(fromPath);
                var header = checkpoint.Header;
                var original = ScenarioLoader.LoadJson(header.ScenarioJson, null, catalog);
                var loaded = path is null ? ScenarioLoader.LoadJson(header.ScenarioJson, overrides, catalog) : ScenarioLoader.Load(path, overrides, catalog);
                if (parse.GetValue(noPolicies)) loaded = loaded.WithoutPolicies();
                Checkpoint.CheckFork(original, loaded, header.Tick, header.Date);
                if (parse.GetValue(seed) is { } s && (ulong)s != header.MasterSeed)
                    throw new UsageException($"--seed {s}: the checkpoint was taken with master seed {header.MasterSeed}; leave --seed out to continue it");
                if (parse.GetResult(replications) is { Implicit: false } && reps != header.Seeds.Count)
                    throw new UsageException($"--replications {reps}: the checkpoint holds {header.Seeds.Count} replication{(header.Seeds.Count == 1 ? "" : "s")}; leave --replications out to continue them");
                batch = Batch(loaded) with { MasterSeed = header.MasterSeed, Replications = header.Seeds.Count, From = checkpoint, FromPath = fromPath };
            }
            else
            {
                var loaded = ScenarioLoader.Load(path!, overrides, catalog);
                if (parse.GetValue(noPolicies)) loaded = loaded.WithoutPolicies();
                batch = Batch(loaded) with { MasterSeed = (ulong)(parse.GetValue(seed) ?? loaded.Seed) };
            }
            if (parse.GetValue(checkpointAt) is { } at) batch = batch with { CheckpointTick = CheckpointTick(at, batch.Scenario, batch.From), CheckpointDate = at.Trim() };
            bool withReport = parse.GetValue(report);
            using var folder = OutputFolder.Prepare(parse.GetValue(outDir), path ?? fromPath!, parse.GetValue(force), resume: isResume,
                writes: Writes(batch, withReport));
            return Execute(batch, folder.Files, new Printing(parse.GetValue(quiet), parse.GetValue(verbose), withReport), output, error);
        });
        return command;
    }

    /// <summary>What the command prints besides the batch's files: nothing (--quiet), every figure (--verbose), and whether it writes the report.</summary>
    internal sealed record Printing(bool Quiet, bool Verbose, bool Report);

    /// <summary>The files a run may write into its folder (refused up front, with --force, where a file of that name is not participation's).</summary>
    internal static IEnumerable<string> Writes(ReplicationBatch batch, bool report) =>
        [.. ReplicationBatch.Writes(batch.Parquet, batch.CheckpointTick >= 0), .. report ? [ReportCommand.FileName] : Array.Empty<string>()];

    /// <summary>Runs <paramref name="batch"/> into the folder of <paramref name="files"/> and prints what it did (shared by run and rerun).</summary>
    internal static int Execute(ReplicationBatch batch, ResultsWriter files, Printing print, TextWriter output, TextWriter error)
    {
        var scenario = batch.Scenario;
        BatchOutcome outcome;
        using (var progress = print.Quiet ? null : ConsoleProgress.Create(error))
        {
            outcome = batch.Run(files, progress, Interruption.Token, resume =>
            {
                if (print.Quiet) return;
                error.WriteLine($"Resuming: {resume.Done} of {resume.Replications} replication{(resume.Replications == 1 ? "" : "s")} already done");
                foreach (var why in resume.Dropped) error.WriteLine($"  run again: {why}");
            });
            progress?.Finish();
        }
        string folder = files.Folder;
        switch (outcome.End)
        {
            case BatchEnd.AlreadyFinished:
                if (!print.Quiet) output.WriteLine($"Nothing to resume: {folder} already holds the finished batch of {outcome.Replications} replication{(outcome.Replications == 1 ? "" : "s")}");
                return Program.Ok;
            case BatchEnd.StoppedAtCheckpoint:
                if (!print.Quiet)
                    output.WriteLine($"{scenario.Name}: {outcome.Replications} replication{(outcome.Replications == 1 ? "" : "s")} saved at {outcome.CheckpointDate} in {outcome.CheckpointFile}; " +
                        $"continue with: participation run --from {ShellWords.Quote(outcome.CheckpointFile!)}  (or fork: participation run VARIANT.json --from {ShellWords.Quote(outcome.CheckpointFile!)})");
                return Program.Ok;
        }
        if (!print.Quiet) PrintSummary(output, scenario, outcome.Summary, outcome.First!, outcome.Replications, folder, outcome.Elapsed, print.Verbose);
        if (!print.Quiet && outcome.CheckpointFile is { } checkpointFile) output.WriteLine($"Checkpoint: {checkpointFile} (continue or fork with participation run [VARIANT.json] --from {checkpointFile})");
        if (print.Report) ReportCommand.WriteInto(folder, output, print.Quiet, print.Verbose);
        return Program.Ok;
    }

    /// <summary>The <c>--format csv|parquet</c> option (CSV is always written; parquet adds Parquet copies of <paramref name="tables"/>).</summary>
    internal static Option<string> FormatOption(string tables) => new("--format")
    {
        Description = $"csv (default) or parquet: parquet also writes {tables} as .parquet files (same columns and rows; the CSV is still written).",
        DefaultValueFactory = _ => "csv",
        CompletionSources = { "csv", "parquet" },
    };

    /// <summary>Checks a <c>--format</c> value: true for parquet, false for csv.</summary>
    internal static bool IsParquet(string? value) => (value ?? "csv").Trim().ToLowerInvariant() switch
    {
        "csv" => false,
        "parquet" => true,
        _ => throw new UsageException($"--format {value}: expected csv or parquet"),
    };

    /// <summary>Reads a checkpoint, turning its problems into one clear usage error.</summary>
    internal static Checkpoint.Contents ReadCheckpoint(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--from {path}: no such checkpoint file");
        try { return Checkpoint.Read(path); }
        catch (CheckpointException e) { throw new UsageException($"--from: {e.Message}"); }
    }

    /// <summary>The tick of the week containing <paramref name="date"/>, which must lie in the run (and after a checkpoint continued from).</summary>
    internal static int CheckpointTick(string date, Scenario scenario, Checkpoint.Contents? from)
    {
        if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new UsageException($"--checkpoint-at {date}: expected a date as yyyy-MM-dd");
        var c = scenario.Calendar;
        if (d < c.Start || d > c.End)
            throw new UsageException($"--checkpoint-at {date}: expected a date between calendar.start ({c.Start:yyyy-MM-dd}) and calendar.end ({c.End:yyyy-MM-dd})");
        int tick = new Participation.Time.Calendar(c).TickOf(d);
        if (from is not null && tick <= from.Header.Tick)
            throw new UsageException($"--checkpoint-at {date}: expected a date after the week of the checkpoint continued from ({from.Header.Date:yyyy-MM-dd})");
        return tick;
    }

    private static void PrintSummary(TextWriter o, Scenario s, IReadOnlyList<SummaryRow> summary, RunResult first, int count, string folder, TimeSpan wall, bool verbose)
    {
        var rows = summary.ToDictionary(r => r.Figure);
        var catalogue = FigureCatalogue.For(s.Name);
        o.WriteLine($"{s.Name}: {count} replication{(count == 1 ? "" : "s")}, " +
            $"{first.Calendar.WeekStart(0):yyyy-MM-dd} to {s.Calendar.End:yyyy-MM-dd} ({first.Calendar.TickCount} weeks), {wall.TotalSeconds:0.0} s");
        o.WriteLine(count == 1
            ? "Means of one replication, so no 95 % interval (run --replications 10 or more for one)."
            : $"Means of {count} replications with the 95 % interval of the mean.");
        // Held against a study only where a targets file names the scenario: a user's own community is not scored against X.
        o.WriteLine(catalogue.Study is { } study
            ? $"Beside {study}'s figures: 'within' when the mean lies within the calibration's tolerance of it (scenarios/targets)."
            : "No study's figures beside these: no targets file (scenarios/targets) names this scenario.");
        o.WriteLine($"Register date {s.Calendar.RegisterDate:yyyy-MM-dd}; the register's year {s.Calendar.RegisterDate.Year}.");
        int width = catalogue.Headline.Max(f => f.Label!.Length);
        foreach (var f in catalogue.Headline)
        {
            if (!rows.TryGetValue(f.Name, out var r)) continue;
            bool percent = f.Unit == "share";
            string against = f.Reference is { } x
                ? $"  {x.Study}: {Show(x.Value, percent)} ± {Show(x.Tolerance, percent)}, {(x.Holds(r.Mean) ? "within" : "outside")}" : "";
            o.WriteLine($"  {f.Label!.PadRight(width)}  {Show(r, percent),-26}{against}".TrimEnd());
        }
        if (verbose)
            foreach (var r in rows.Values) o.WriteLine($"  {r.Figure,-30} {Show(r, r.Unit == "share")}");
        o.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} (weekly.csv, monthly.csv, annual.csv, spells.csv, summary.csv, manifest.json)");
    }

    private static string Show(double v, bool percent) =>
        percent ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %" : v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Show(SummaryRow r, bool percent)
    {
        if (double.IsNaN(r.Mean)) return "n/a";
        string F(double v) => percent ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);
        string unit = percent ? " %" : "";
        return double.IsNaN(r.CiLow) ? F(r.Mean) + unit : $"{F(r.Mean)}{unit} [{F(r.CiLow)}, {F(r.CiHigh)}]";
    }
}
