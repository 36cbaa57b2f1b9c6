using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation rerun MANIFEST</c>: reproduces a run from its manifest.json: the resolved scenario embedded under
/// <c>scenario</c>, the master seed, the replications' seeds and, where the run continued a checkpoint or saved one,
/// that too. The result tables come out byte for byte as the original's (only the manifest's timings differ). A
/// manifest written by another version is refused: results are reproducible within one version, not across versions.
/// </summary>
internal static class RerunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var manifestArg = new Argument<string>("manifest") { Description = "The manifest.json of a run (or the run's results folder)." };
        var threads = new Option<int?>("--threads", "-t") { Description = "Threads (0: all cores; default: as recorded). Results are identical for any value." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results folder (default: a new folder under results/)." };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already holds results (they are replaced)." };
        var plugin = Plugins.Option();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("rerun", "Reproduce a run from its manifest.json (scenario, seeds, replications, checkpoint): the result tables come out byte for byte as the original's; refused when the manifest was written by another version.")
        {
            manifestArg, threads, outDir, force, plugin, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string given = parse.GetValue(manifestArg)!;
            string path = Directory.Exists(given) ? Path.Combine(given, "manifest.json") : given;
            var manifest = ReadManifest(path);
            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);

            string kind = manifest.String("experiment.kind", "the kind of experiment") ?? "run";
            if (kind != "run" && kind != "checkpoint")
                throw new UsageException($"rerun {given}: this is the manifest of a {MessageText.Value(kind)}; rerun reproduces the results of participation run (repeat a {MessageText.Value(kind)} with its command: {MessageText.Line(manifest.String("command") ?? "", 500)})");
            if (manifest.String("tool") != "participation")
                throw new UsageException($"rerun {given}: not a participation manifest (tool: {MessageText.Value(manifest.String("tool") ?? "none")})");
            string version = manifest.String("version", "a participation version") ?? "";
            if (version != ResultSet.Version)
                throw new UsageException($"rerun {given}: the results were produced by participation {MessageText.Value(version)}; this is {ResultSet.Version}. " +
                    $"Runs are reproducible within one version only: rerun with participation {MessageText.Value(version)}");

            if (manifest.Node("scenario") is not JsonObject scenarioNode)
                throw manifest.Has("scenario") ? manifest.Bad("scenario", manifest.Node("scenario"), "the resolved scenario, as a JSON object") : new UsageException($"rerun {given}: the manifest holds no scenario");
            var scenario = ScenarioLoader.LoadJson(scenarioNode.ToJsonString(), null, catalog);
            ulong master = manifest.Seed("masterSeed") ?? throw new UsageException($"rerun {given}: the manifest has no masterSeed");
            var seeds = manifest.Seeds("seeds") ?? [];
            if (seeds.Length is 0 or > MaxReplications) throw manifest.Bad("seeds", manifest.Node("seeds"), $"the seeds of 1 to {MaxReplications} replications");
            if (!ReplicationRunner.Seeds(master, seeds.Length).SequenceEqual(seeds))
                throw new UsageException($"rerun {given}: its seeds do not derive from its master seed {master}; the manifest was edited or is damaged");
            if (manifest.Whole("replications", 0, MaxReplications) is long reps && reps != 0 && reps != seeds.Length)
                throw new UsageException($"rerun {given}: it records {reps} replications but {seeds.Length} seeds");
            int thr = parse.GetValue(threads) ?? (int)(manifest.Whole("threads", 0, 1024) ?? throw new UsageException($"rerun {given}: the manifest has no threads"));
            if (thr < 0 || thr > 1024) throw new UsageException($"--threads {thr}: expected 0 (all cores) or a number from 1 to 1024");

            var request = new ReplicationBatch
            {
                Scenario = scenario, Catalog = catalog, MasterSeed = master, Replications = seeds.Length, Threads = thr,
                Command = "participation " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ScenarioFile = manifest.String("scenarioFile", "the scenario file's path") ?? "", Overrides = manifest.Strings("overrides", "a dotted.path=value override") ?? [],
            };

            // A run that continued a checkpoint needs it; a run that saved one saves it again.
            if (manifest.String("from", "the path of the checkpoint the run continued") is { } fromPath)
            {
                if (!File.Exists(fromPath))
                    throw new UsageException($"rerun {given}: the run continued the checkpoint {fromPath}, which is not there any more");
                var checkpoint = RunCommand.ReadCheckpoint(fromPath);
                var original = ScenarioLoader.LoadJson(checkpoint.Header.ScenarioJson, null, catalog);
                Checkpoint.CheckFork(original, scenario, checkpoint.Header.Tick, checkpoint.Header.Date);
                if (checkpoint.Header.MasterSeed != master || !checkpoint.Header.Seeds.SequenceEqual(seeds))
                    throw new UsageException($"rerun {given}: the checkpoint {fromPath} holds other seeds than the manifest; it was replaced since the run");
                request = request with { From = checkpoint, FromPath = fromPath };
            }
            string? at = manifest.String("checkpointAt", "a date as yyyy-MM-dd") ?? (kind == "checkpoint" ? manifest.String("experiment.date", "a date as yyyy-MM-dd") : null);
            if (at is not null)
            {
                int tick;
                try { tick = RunCommand.CheckpointTick(at, scenario, request.From); }
                catch (UsageException e) { throw new UsageException($"rerun {given}: checkpointAt {e.Message["--checkpoint-at ".Length..]}"); }
                request = request with { CheckpointTick = tick, CheckpointDate = at, StopAtCheckpoint = kind == "checkpoint" };
            }

            string stem = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) is { Length: > 0 } folderName ? folderName : "run";
            using var folder = OutputFolder.Prepare(parse.GetValue(outDir), $"{stem}-rerun.json", parse.GetValue(force),
                writes: RunCommand.Writes(request, report: false));
            bool isQuiet = parse.GetValue(quiet);
            int code = RunCommand.Execute(request, folder.Files, new RunCommand.Printing(isQuiet, parse.GetValue(verbose), Report: false), output, error);
            if (code == Program.Ok && !isQuiet) Compare(output, Path.GetDirectoryName(Path.GetFullPath(path))!, folder.Path);
            return code;
        });
        return command;
    }

    /// <summary>Largest batch a manifest may record (as <c>run --replications</c> allows).</summary>
    private const int MaxReplications = 100_000;

    private static ManifestFile ReadManifest(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"rerun {path}: no such manifest (give a run's manifest.json or its results folder)");
        return ManifestFile.Read(path);
    }

    /// <summary>Where the original tables sit beside the manifest, says whether each came out identical.</summary>
    private static void Compare(TextWriter o, string originalFolder, string newFolder)
    {
        var tables = ResultSet.Files.Where(f => f != "manifest.json" && File.Exists(Path.Combine(originalFolder, f))).ToArray();
        if (tables.Length == 0 || Path.GetFullPath(originalFolder) == Path.GetFullPath(newFolder)) return;
        var differ = tables.Where(f => !File.ReadAllBytes(Path.Combine(originalFolder, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(newFolder, f)))).ToArray();
        o.WriteLine(differ.Length == 0
            ? $"Reproduced: all {tables.Length} tables are byte for byte those in {originalFolder}"
            : $"NOT reproduced: {string.Join(", ", differ)} differ from those in {originalFolder}");
    }
}
