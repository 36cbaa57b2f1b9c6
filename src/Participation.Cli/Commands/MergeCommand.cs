using System.CommandLine;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation merge SHARD_DIR... [--out DIR]</c>: joins the results folders of the shards of a sweep (or of a
/// sensitivity analysis's model runs) into the folder the unsharded run would have written, byte for byte for the tables.
/// Shards of different sweeps, missing, given twice or unfinished are refused, naming the shard, folder and difference.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shards = new Argument<string[]>("shards")
        {
            Description = "The shards' results folders (each written by sweep or sensitivity with --shard K/N), every shard once, in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = ExperimentOptions.Out();
        var force = ExperimentOptions.Force();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("merge", "Join the shards of a sweep (participation sweep ... --shard K/N) into one results folder: sweep.csv, sweep_summary.csv and design.csv exactly as one unsharded run writes them, the whole sweep's journal and a manifest. Refuses shards that are missing, given twice, unfinished or of different sweeps.")
        {
            shards, outDir, force, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string[] folders = parse.GetValue(shards) ?? [];
            bool isQuiet = parse.GetValue(quiet);
            // The shards are read under their locks: a shard still being written (resumed) is refused, not read half-way.
            using var reading = OutputFolder.HoldToRead(folders);
            ShardSet set;
            try { set = ShardMerge.Check(folders); }
            catch (ShardMergeException e) { throw new UsageException($"merge: {e.Message}"); }
            // Checking only reads the shards: a file there that cannot be read is bad input, not a failure to write results.
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"merge: cannot read the shards: {e.Message}"); }

            string? requested = parse.GetValue(outDir);
            if (requested is not null && folders.Any(f => Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(requested).TrimEnd(Path.DirectorySeparatorChar)))
                throw new UsageException($"--out {requested}: that is one of the shards' folders; choose a new folder for the merged result");
            using var results = OutputFolder.Prepare(requested, set.Info.ScenarioFile is { Length: > 0 } f ? f : "merged", parse.GetValue(force),
                writes: SweepJournal.Files);
            string folder = results.Path;
            MergeSummary summary;
            try { summary = ShardMerge.Write(set, results.Files, ExperimentOptions.CommandLine(parse), ShardMerge.ShardsWroteParquet(set)); }
            catch (ShardMergeException e) { throw new UsageException($"merge: {e.Message}"); }
            if (!isQuiet)
            {
                string what = set.Info.Experiment switch
                {
                    "sensitivity" => "the model runs of a sensitivity analysis",
                    "calibration" => "the runs of a calibration design",
                    _ => $"a {set.Info.Design}",
                };
                output.WriteLine($"{set.Info.Scenario}: merged {summary.Shards} shard{(summary.Shards == 1 ? "" : "s")} of {what} of {set.Info.Points:N0} points × " +
                    $"{set.Info.Replications} replication{(set.Info.Replications == 1 ? "" : "s")} = {summary.Runs:N0} runs, {summary.Wall.TotalSeconds:0.0} s");
                output.WriteLine($"Results: {folder}{Path.DirectorySeparatorChar} ({string.Join(", ", summary.Files)})");
                if (set.Info.Experiment == "sensitivity")
                    output.WriteLine($"Compute the indices with: {set.Info.Command} --from {ShellWords.Quote(folder)}");
                if (set.Info.Experiment == "calibration")
                    output.WriteLine($"Fit the calibration with: {set.Info.Command} --from {ShellWords.Quote(folder)}");
            }
            return Program.Ok;
        });
        return command;
    }
}
