using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation slurm [sweep|sensitivity|calibrate] ARGS --shards N [--partition P] [--time T] [--mem M] [--submit]</c>: writes a
/// Slurm job array whose task K runs shard K/N of the experiment (resumable: each task continues its shard's journal), a
/// merge job that joins the shards when every task has succeeded (<c>--dependency=afterok</c>), and a submit script; with
/// <c>--submit</c> it submits both and prints the job ids. The experiment's arguments are checked in full first, so a bad
/// <c>--vary</c> fails here, not after hours in the queue.
/// </summary>
internal static class SlurmCommand
{
    /// <summary>File names written into the job's folder.</summary>
    public const string ShardsScript = "shards.sh", MergeScript = "merge.sh", SubmitScript = "submit.sh", JobsFile = "jobs.txt";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // Each pattern ends with \z, not $: $ also matches before a final newline, which would then reach the #SBATCH line.
    private static readonly Regex TimeFormat = new(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})\z", RegexOptions.CultureInvariant);
    private static readonly Regex MemFormat = new(@"^\d+[KMGT]?\z", RegexOptions.CultureInvariant);
    private static readonly Regex NameFormat = new(@"^[A-Za-z0-9_.,+-]+\z", RegexOptions.CultureInvariant);
    private static readonly Regex SafePath = new(@"^[A-Za-z0-9_./:@+,=-]+\z", RegexOptions.CultureInvariant);
    private static readonly Regex SbatchFormat = new(@"^[a-z][a-z0-9-]*(=[^\s\p{C}'""\\$`]+)?\z", RegexOptions.CultureInvariant);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var shards = new Option<int>("--shards") { Description = "Shards N: the job array has tasks 0 to N-1, task K runs shard K/N of the experiment.", Required = true };
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition of the tasks and the merge job (default: the cluster's)." };
        var time = new Option<string?>("--time") { Description = "Time limit of each task, in Slurm's form: minutes, HH:MM:SS or D-HH:MM:SS (default: the partition's)." };
        var mem = new Option<string?>("--mem") { Description = "Memory of each task, e.g. 2G (default: the partition's)." };
        var cpus = new Option<int>("--cpus-per-task", "-c") { Description = "Cores of each task; the shard runs that many runs side by side (--threads).", DefaultValueFactory = _ => 1 };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Most tasks running at once (--array=0-N-1%M)." };
        var extra = new Option<string[]>("--sbatch")
        {
            Description = "Another sbatch option for both jobs, without its dashes: --sbatch account=myproject. Repeatable.",
            AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [],
        };
        var executable = new Option<string?>("--executable") { Description = "The participation program the tasks start (default: this one, as it was started; PARTICIPATION in the environment at submission overrides it)." };
        var sbatch = new Option<string>("--sbatch-path") { Description = "The sbatch program --submit calls.", DefaultValueFactory = _ => "sbatch" };
        var outDir = new Option<string?>("--out", "-o") { Description = "The job's folder, on a file system every node sees: scripts, logs/, shards/K (each task's results), merged/ (default: a new folder under results/)." };
        var force = ExperimentOptions.Force();
        var submit = new Option<bool>("--submit") { Description = "Submit the job array and the merge job with sbatch and print their job ids (also written to jobs.txt)." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("slurm", "Run a sweep (or a sensitivity analysis's model runs, or a calibration design's: 'calibrate ... --design-samples N') on a Slurm cluster: writes a job array of N shard tasks (each resumable), a merge job that runs when they have all succeeded, and submit.sh; --submit submits them. Give the experiment's arguments as to 'participation sweep' (or 'sensitivity ...', 'calibrate ...') without --out, --threads, --shard or --resume.")
        {
            shards, partition, time, mem, cpus, maxParallel, extra, executable, sbatch, outDir, force, submit, quiet, verbose,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var tokens = parse.UnmatchedTokens.ToArray();
            bool named = tokens.Length > 0 && tokens[0] is "sweep" or "sensitivity" or "calibrate";
            string experiment = named ? tokens[0] : "sweep";
            var args = named ? tokens[1..] : tokens;
            int n = parse.GetValue(shards);
            if (n < 1 || n > SweepShard.MaxCount) throw new UsageException($"--shards {n}: expected a whole number from 1 to {SweepShard.MaxCount}");
            var settings = new JobSettings(
                Check(parse.GetValue(partition), NameFormat, "--partition", "a partition name"),
                Check(parse.GetValue(time), TimeFormat, "--time", "minutes, HH:MM:SS or D-HH:MM:SS, e.g. 02:00:00"),
                Check(parse.GetValue(mem), MemFormat, "--mem", "a size such as 2G or 500M"),
                parse.GetValue(cpus) is >= 1 and <= 1024 and var c ? c : throw new UsageException($"--cpus-per-task {parse.GetValue(cpus)}: expected a whole number from 1 to 1024"),
                parse.GetValue(maxParallel) is null or >= 1 ? parse.GetValue(maxParallel) : throw new UsageException($"--max-parallel {parse.GetValue(maxParallel)}: expected at least 1"),
                (parse.GetValue(extra) ?? []).Select(e => Check(e, SbatchFormat, "--sbatch", "an sbatch option without its dashes, e.g. account=myproject or exclusive")!).ToArray());

            var (scenarioPath, totalRuns) = CheckExperiment(experiment, args);
            ExperimentOptions.CheckShardCount(new SweepShard(0, n), totalRuns);
            string cwd = Directory.GetCurrentDirectory();
            // #SBATCH lines are not shell words: a path there cannot be quoted, so it must hold no space or shell character.
            if (!SafePath.IsMatch(cwd)) throw new UsageException($"the current folder {cwd}: Slurm's #SBATCH lines cannot hold its spaces or special characters; submit from a folder whose path has none");
            if (parse.GetValue(outDir) is { } requested && !SafePath.IsMatch(Path.GetFullPath(requested)))
                throw new UsageException($"--out {requested}: Slurm's #SBATCH lines cannot hold its spaces or special characters; choose a path of letters, digits and ._-/");
            // The default folder is named after the scenario file: its name must be as plain as a path given with --out.
            if (parse.GetValue(outDir) is null && !SafePath.IsMatch(Path.GetFileNameWithoutExtension(scenarioPath)))
                throw new UsageException($"the scenario file {scenarioPath}: Slurm's #SBATCH lines cannot hold the spaces or special characters of its name, which would name the job's folder; give --out with a path of letters, digits and ._-/");
            string[] scripts = [ShardsScript, MergeScript, SubmitScript];
            using var results = OutputFolder.Prepare(parse.GetValue(outDir), scenarioPath, parse.GetValue(force), writes: [.. scripts, JobsFile]);
            string folder = Path.GetFullPath(results.Path);
            Directory.CreateDirectory(Path.Combine(folder, "logs"));
            var job = new Job(experiment, args, n, totalRuns, folder, cwd, Executable(parse.GetValue(executable)), settings,
                ExperimentOptions.CommandLine(parse));
            results.Files.WriteText(ShardsScript, w => w.Write(job.ShardsScript()));
            results.Files.WriteText(MergeScript, w => w.Write(job.MergeScript()));
            results.Files.WriteText(SubmitScript, w => w.Write(job.SubmitScript()));
            var manifest = new RunManifest { Command = ExperimentOptions.CommandLine(parse), ScenarioFile = scenarioPath, Files = [.. scripts, ResultsWriter.ManifestName] };
            results.Files.Commit(w => w.Write(JsonSerializer.Serialize(manifest, ManifestJson)));
            foreach (var script in scripts)
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(folder, script), (UnixFileMode)0b111_101_101);
            bool isQuiet = parse.GetValue(quiet);
            if (!isQuiet)
            {
                output.WriteLine($"{experiment} of {totalRuns:N0} runs in {n} shard{(n == 1 ? "" : "s")} ({totalRuns / n:N0}{(totalRuns % n == 0 ? "" : $" to {totalRuns / n + 1:N0}")} runs each)");
                output.WriteLine($"Wrote {Path.Combine(folder, ShardsScript)} (job array 0-{n - 1}), {MergeScript} and {SubmitScript} in {folder}{Path.DirectorySeparatorChar}");
            }
            if (!parse.GetValue(submit))
            {
                if (!isQuiet) output.WriteLine($"Submit with: {Path.Combine(folder, SubmitScript)}   (rerun a failed shard K alone: sbatch --array=K {Path.Combine(folder, ShardsScript)})");
                return Program.Ok;
            }
            string sbatchPath = parse.GetValue(sbatch) ?? "sbatch";
            string? arrayId = Sbatch(sbatchPath, [Path.Combine(folder, ShardsScript)], error);
            if (arrayId is null) return Program.InternalError;
            string? mergeId = Sbatch(sbatchPath, [$"--dependency=afterok:{arrayId}", Path.Combine(folder, MergeScript)], error);
            if (mergeId is null)
            {
                error.WriteLine($"error: the shards were submitted as job {arrayId}, but not the merge job; submit it when they are done: sbatch {Path.Combine(folder, MergeScript)}");
                return Program.InternalError;
            }
            ResultSet.WriteAtomic(folder, JobsFile, w => w.Write($"shards={arrayId}\nmerge={mergeId}\n"));
            ResultsWriter.Record(folder, JobsFile);
            if (!isQuiet)
            {
                output.WriteLine($"Submitted job array {arrayId} (shards 0-{n - 1}) and merge job {mergeId} (runs when every shard has succeeded)");
                output.WriteLine($"Merged results will be in {Path.Combine(folder, "merged")}{experiment switch
                {
                    "sensitivity" => $", indices in {Path.Combine(folder, "indices")}",
                    "calibrate" => $", the fit in {Path.Combine(folder, "fit")}",
                    _ => "",
                }}; logs in {Path.Combine(folder, "logs")}");
                output.WriteLine($"A failed shard K: sbatch --array=K {Path.Combine(folder, ShardsScript)}, then sbatch {Path.Combine(folder, MergeScript)} (scancel {mergeId} first)");
            }
            return Program.Ok;
        });
        return command;
    }

    /// <summary>Options of the jobs that Slurm reads (each checked, so nothing reaches a #SBATCH line but what it expects).</summary>
    internal sealed record JobSettings(string? Partition, string? Time, string? Mem, int CpusPerTask, int? MaxParallel, string[] Extra);

    /// <summary>Checks the experiment's arguments in full (scenario, design, options) and returns its scenario and run count.</summary>
    private static (string Scenario, int Runs) CheckExperiment(string experiment, string[] args)
    {
        var refused = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--shard"] = "each task's shard is set by the job array", ["--resume"] = "every task resumes its shard",
            ["--force"] = "the job's folder is --out of slurm", ["--report"] = "make the report of the merged folder",
            ["--threads"] = "give --cpus-per-task", ["-t"] = "give --cpus-per-task",
            ["--from"] = experiment == "calibrate" ? "the merge job fits from the merged runs" : "the merge job computes the indices",
        };
        foreach (var a in args)
        {
            string name = a.Split('=', 2)[0];
            if (refused.TryGetValue(name, out var why)) throw new UsageException($"{name}: not an option of the experiment under slurm ({why})");
        }
        if (experiment == "sweep")
        {
            var o = new SweepCommand.Options();
            var parse = Parse(o.Command(), args, experiment);
            var plan = SweepCommand.MakePlan(o, parse);
            return (plan.ScenarioPath, plan.TotalRuns);
        }
        else if (experiment == "calibrate")
        {
            var o = new CalibrateCommand.Options();
            var parse = Parse(o.Command(), args, experiment);
            var plan = CalibrateCommand.MakePlan(o, parse);
            if (plan.Design is null)
                throw new UsageException("slurm calibrate: give --design-samples N (the runs of a Latin-hypercube design of N points are what shards; the Nelder-Mead search itself does not)");
            return (plan.ScenarioPath, plan.TotalRuns);
        }
        else
        {
            var o = new SensitivityCommand.Options();
            var parse = Parse(o.Command(), args, experiment);
            var plan = SensitivityCommand.MakePlan(o, parse);
            return (plan.ScenarioPath, plan.TotalRuns);
        }
    }

    private static ParseResult Parse(Command command, string[] args, string experiment)
    {
        var parse = OptionValues.Describe(command).Parse(args);
        if (parse.Errors.Count > 0)
            throw new UsageException($"the {experiment}'s arguments: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        return parse;
    }

    private static string? Check(string? value, Regex format, string option, string expected)
    {
        if (value is null) return null;
        return format.IsMatch(value) ? value : throw new UsageException($"{option} '{value}': expected {expected}");
    }

    /// <summary>How a task starts participation: as this process was started (the program itself, or dotnet and the CLI's assembly).</summary>
    private static string[] Executable(string? given)
    {
        if (given is not null)
        {
            if (given.Trim().Length == 0 || given.Contains('\n') || given.Contains('\r')) throw new UsageException($"--executable '{given}': expected the path of the participation program");
            return [given.Contains(Path.DirectorySeparatorChar) ? Path.GetFullPath(given) : given];
        }
        string dll = typeof(Program).Assembly.Location;
        string? process = Environment.ProcessPath;
        string name = process is null ? "" : Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return [process!, dll];
        if (name.StartsWith("participation", StringComparison.OrdinalIgnoreCase)) return [process!];
        return ["dotnet", dll];
    }

    /// <summary>Runs sbatch --parsable; returns the job id, or null (after saying why) when it failed.</summary>
    private static string? Sbatch(string sbatch, string[] args, TextWriter error)
    {
        var start = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (var a in args) start.ArgumentList.Add(a);
        Process? process;
        try { process = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception e)
        {
            error.WriteLine($"error: cannot start {sbatch} ({e.Message}); is this a Slurm login node? The scripts are written: submit them there with {SubmitScript}");
            return null;
        }
        using (process)
        {
            if (process is null) { error.WriteLine($"error: cannot start {sbatch}"); return null; }
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string id = stdout.Trim().Split(';')[0].Trim(); // --parsable prints "id" or "id;cluster"
            if (process.ExitCode != 0 || !Regex.IsMatch(id, @"^\d+\z", RegexOptions.CultureInvariant))
            {
                error.WriteLine($"error: {sbatch} {string.Join(' ', start.ArgumentList)} failed (exit {process.ExitCode}): {(stderr.Result + stdout).Trim()}");
                return null;
            }
            return id;
        }
    }

    /// <summary>The scripts of one job: where things go and how tasks start.</summary>
    internal sealed record Job(string Experiment, string[] Args, int Shards, int TotalRuns, string Folder, string WorkingDirectory, string[] Executable,
        JobSettings Settings, string CommandLine)
    {
        private string Header(string name, string log, bool array, int? cpus = null)
        {
            var s = new StringBuilder();
            s.Append("#SBATCH --job-name=").Append(name).Append('\n');
            if (array) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{Shards - 1}{(Settings.MaxParallel is { } m ? $"%{m}" : "")}\n");
            s.Append("#SBATCH --output=").Append(Path.Combine(Folder, "logs", log)).Append('\n');
            s.Append("#SBATCH --open-mode=append\n"); // a resubmitted task adds to its log instead of replacing it
            s.Append("#SBATCH --chdir=").Append(WorkingDirectory).Append('\n');
            s.Append("#SBATCH --ntasks=1\n");
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus ?? (array ? Settings.CpusPerTask : 1)}\n");
            if (Settings.Partition is { } p) s.Append("#SBATCH --partition=").Append(p).Append('\n');
            if (Settings.Time is { } t) s.Append("#SBATCH --time=").Append(t).Append('\n');
            if (Settings.Mem is { } mem) s.Append("#SBATCH --mem=").Append(mem).Append('\n');
            foreach (var e in Settings.Extra) s.Append("#SBATCH --").Append(e).Append('\n');
            return s.ToString();
        }

        private string Preamble() =>
            "set -euo pipefail\n" +
            $"out={ShellWords.Quote(Folder)}\n" +
            "# The participation program; PARTICIPATION (a path) in the environment at submission overrides it.\n" +
            $"if [ -n \"${{PARTICIPATION:-}}\" ]; then participation=(\"$PARTICIPATION\"); else participation=({ShellWords.Join(Executable)}); fi\n";

        private string ExperimentArgs => ShellWords.Join(Args);

        /// <summary>The job array: task K runs shard K/N into shards/K, resuming whatever an earlier attempt finished.</summary>
        public string ShardsScript() =>
            "#!/bin/bash\n" +
            $"# Shards of: participation {Experiment} {ExperimentArgs}\n" +
            $"# Written by: {CommandLine} (participation {ResultSet.Version})\n" +
            $"# {TotalRuns:N0} runs in {Shards} shards; task K runs shard K/{Shards} into {Path.Combine(Folder, "shards")}/K and resumes it\n" +
            "# from its journal, so a task that was killed or failed can simply be submitted again:\n" +
            $"#   sbatch --array=K {Path.Combine(Folder, SlurmCommand.ShardsScript)}      (K, or a list such as 3,7-9)\n" +
            $"# then merge: sbatch {Path.Combine(Folder, SlurmCommand.MergeScript)}\n" +
            Header("participation-shards", "shard-%a.out", array: true) +
            Preamble() +
            "k=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array=...}\n" +
            "mkdir -p \"$out/shards/$k\"\n" +
            $"exec \"${{participation[@]}}\" {Experiment} {ExperimentArgs} --shard \"$k/{Shards}\" --out \"$out/shards/$k\" --resume --threads \"${{SLURM_CPUS_PER_TASK:-{Settings.CpusPerTask}}}\"\n";

        /// <summary>The merge job: joins every shard into merged/ (and computes a sensitivity analysis's indices into indices/, or fits a calibration into fit/).</summary>
        public string MergeScript()
        {
            var s = new StringBuilder();
            s.Append("#!/bin/bash\n");
            s.Append("# Merge of the shards of: participation ").Append(Experiment).Append(' ').Append(ExperimentArgs).Append('\n');
            s.Append("# Submitted by submit.sh with --dependency=afterok on the job array; merge refuses missing or unfinished shards.\n");
            // A calibration's fit runs the check (and any Nelder-Mead polish) after the merge: it gets the tasks' cores.
            s.Append(Header("participation-merge", "merge.out", array: false, cpus: Experiment == "calibrate" ? Settings.CpusPerTask : null));
            s.Append(Preamble());
            s.Append("\"${participation[@]}\" merge \"$out\"/shards/* --out \"$out/merged\" --force\n");
            if (Experiment == "sensitivity")
                s.Append("\"${participation[@]}\" sensitivity ").Append(ExperimentArgs).Append(" --from \"$out/merged\" --out \"$out/indices\" --force\n");
            if (Experiment == "calibrate")
                s.Append("\"${participation[@]}\" calibrate ").Append(ExperimentArgs)
                 .Append(CultureInfo.InvariantCulture, $" --from \"$out/merged\" --out \"$out/fit\" --force --threads \"${{SLURM_CPUS_PER_TASK:-{Settings.CpusPerTask}}}\"\n");
            return s.ToString();
        }

        /// <summary>Submits the array, then the merge job on afterok of every task.</summary>
        public string SubmitScript() =>
            "#!/bin/bash\n" +
            "# Submits the shards (a job array) and the merge job, which starts when every shard has succeeded.\n" +
            "set -euo pipefail\n" +
            $"out={ShellWords.Quote(Folder)}\n" +
            "array=$(sbatch --parsable \"$out/" + SlurmCommand.ShardsScript + "\")\n" +
            "array=${array%%;*}\n" +
            "merge=$(sbatch --parsable --dependency=afterok:$array \"$out/" + SlurmCommand.MergeScript + "\")\n" +
            "merge=${merge%%;*}\n" +
            "printf 'shards=%s\\nmerge=%s\\n' \"$array\" \"$merge\" > \"$out/" + JobsFile + "\"\n" +
            $"echo \"Submitted job array $array (shards 0-{Shards - 1}) and merge job $merge\"\n";
    }
}
