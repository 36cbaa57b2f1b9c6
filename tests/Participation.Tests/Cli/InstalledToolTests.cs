using Participation.Simulation;
using System.Diagnostics;
using Participation.Cli;
using Participation.Cli.Commands;
using Participation.Scenarios;

namespace Participation.Tests.Cli;

/// <summary>
/// The tool as a user has it installed: usage names <c>participation</c>, the study scenarios ship inside it
/// (<c>scenarios list|copy</c>, never overwriting), completion scripts for bash, zsh and PowerShell cover every command
/// and option, and the repository's <c>./participation</c> wrapper builds once and then runs the built program.
/// </summary>
public class InstalledToolTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-tool-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Root => TestScenarios.RepoRoot();

    [Fact]
    public void Usage_names_the_participation_command_everywhere()
    {
        foreach (var args in new[] { new[] { "--help" }, ["run", "--help"], ["scenarios", "copy", "--help"] })
        {
            var (code, stdout, _) = CliRunner.Run(args);
            Assert.Equal(0, code);
            Assert.Contains("Usage:\n  participation", stdout.ReplaceLineEndings("\n"));
            Assert.DoesNotContain("Participation.Cli", stdout);
            Assert.DoesNotContain("testhost", stdout);
        }
    }

    // ---- scenarios list|copy --------------------------------------------------------------------------------------

    /// <summary>The repository's scenario files the tool ships: studies, X's variants, calibration targets.</summary>
    private static List<string> RepositoryScenarios() =>
        new[] { "", "x-policies", "targets" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(Root, "scenarios", d), "*.json")
                .Select(f => (d.Length == 0 ? "" : d + "/") + Path.GetFileNameWithoutExtension(f)))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_study_scenario_variant_and_targets_file_ships_with_the_tool_as_it_stands()
    {
        var shipped = RepositoryScenarios();
        Assert.True(shipped.Count >= 20, string.Join(", ", shipped));
        Assert.Equal(shipped, ScenariosCommand.Names);
        foreach (var name in shipped)
            Assert.Equal(File.ReadAllText(Path.Combine(Root, "scenarios", name + ".json")), ScenariosCommand.Text(name));

        var (code, stdout, _) = CliRunner.Run("scenarios", "list");
        Assert.Equal(0, code);
        Assert.Contains("x-shaoxing", stdout);
        Assert.Contains("X Community, Yuecheng District, Shaoxing (study X)", stdout);
        Assert.Contains("x-policies/insurance", stdout);
        Assert.Contains("targets/x-shaoxing", stdout);
    }

    [Fact]
    public void Copy_writes_a_variant_with_the_file_it_extends_and_it_loads()
    {
        string dir = Path.Combine(_temp, "study");
        var (code, stdout, stderr) = CliRunner.Run("scenarios", "copy", "x-policies/insurance", dir);
        Assert.True(code == 0, stderr);
        string variant = Path.Combine(dir, "x-policies", "insurance.json"), base_ = Path.Combine(dir, "x-shaoxing.json");
        Assert.Contains($"Wrote {variant}", stdout);
        Assert.Contains($"Wrote {base_}", stdout);
        // It loads where a user runs it, from the folder copied into (the variant's extends stays inside the working directory).
        var (loaded, printed) = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "Participation.Cli.dll"), "inspect", Path.Combine("x-policies", "insurance.json")], directory: dir);
        Assert.True(loaded == 0, printed);
        Assert.Contains(ScenarioLoader.Load(Path.Combine(Root, "scenarios", "x-policies", "insurance.json")).Name, printed);

        // Again: nothing changes, and it says the files are already there.
        (code, stdout, _) = CliRunner.Run("scenarios", "copy", "x-policies/insurance", dir);
        Assert.Equal(0, code);
        Assert.Contains("Kept", stdout);

        // A file the user changed is never replaced, and nothing else is written either.
        File.WriteAllText(base_, "{ \"name\": \"mine\" }");
        (code, _, stderr) = CliRunner.Run("scenarios", "copy", "x-policies", dir);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(base_, stderr);
        Assert.Contains("differs", stderr);
        Assert.Equal("{ \"name\": \"mine\" }", File.ReadAllText(base_));
        Assert.False(File.Exists(Path.Combine(dir, "x-policies", "points.json")));

        (code, _, stderr) = CliRunner.Run("scenarios", "copy", "x-nowhere", dir);
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("x-shaoxing", stderr); // names what exists
    }

    [Fact]
    public void Copy_without_a_folder_writes_under_scenarios_so_the_help_examples_run()
    {
        // In process the working directory is the test runner's: copy into an explicit "scenarios" folder of ours instead,
        // and check the default is that name.
        Assert.Equal("scenarios", ScenariosCommand.DefaultFolder);
        string dir = Path.Combine(_temp, ScenariosCommand.DefaultFolder);
        var written = ScenariosCommand.Copy("all", dir);
        Assert.Equal(RepositoryScenarios().Count, written.Count);
        Assert.True(File.Exists(Path.Combine(dir, "x-shaoxing.json")));
        Assert.True(File.Exists(Path.Combine(dir, "targets", "x-shaoxing.json")));
        Assert.All(written, w => Assert.True(w.Wrote));
    }

    // ---- completion ---------------------------------------------------------------------------------------------------

    /// <summary>Every command path with its options (name and aliases, as typed), read from the command tree.</summary>
    private static Dictionary<string, HashSet<string>> Tree()
    {
        var tree = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Walk(System.CommandLine.Command c, string path)
        {
            tree[path] = c.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-') && n != "-?").Concat(["--help", "-h"]).ToHashSet(StringComparer.Ordinal); // help is every command's
            foreach (var sub in c.Subcommands) Walk(sub, path.Length == 0 ? sub.Name : path + " " + sub.Name);
        }
        Walk(Program.Commands(TextWriter.Null, TextWriter.Null), "");
        return tree;
    }

    [Fact]
    public void The_bash_completion_offers_every_subcommand_and_every_option_of_each_command()
    {
        var (code, script, _) = CliRunner.Run("completion", "bash");
        Assert.Equal(0, code);
        string file = Path.Combine(_temp, "participation.bash");
        File.WriteAllText(file, script);
        var tree = Tree();
        Assert.True(tree.Count >= 16, string.Join(", ", tree.Keys));
        // One bash run asks for the completions of "participation PATH -" and "participation PATH " for every command path.
        var probe = new System.Text.StringBuilder($"source '{file}'\n");
        foreach (var path in tree.Keys)
        {
            string words = path.Length == 0 ? "participation" : "participation " + path;
            int n = words.Split(' ').Length;
            probe.Append($"COMP_WORDS=({words} -); COMP_CWORD={n}; _participation; echo \"OPTIONS {path}|${{COMPREPLY[*]}}\"\n");
            probe.Append($"COMP_WORDS=({words} ''); COMP_CWORD={n}; _participation; echo \"WORDS {path}|${{COMPREPLY[*]}}\"\n");
        }
        probe.Append("COMP_WORDS=(participation sensitivity --method ''); COMP_CWORD=3; _participation; echo \"METHOD|${COMPREPLY[*]}\"\n");
        probe.Append("COMP_WORDS=(participation scenarios copy x-pol); COMP_CWORD=3; _participation; echo \"NAME|${COMPREPLY[*]}\"\n");
        var (bash, text) = Bash(probe.ToString());
        Assert.True(bash == 0, text);
        var lines = text.Split('\n');
        string Reply(string kind, string path) => lines.Single(l => l.StartsWith($"{kind} {path}|", StringComparison.Ordinal))[(kind.Length + path.Length + 2)..];
        var root = Program.Commands(TextWriter.Null, TextWriter.Null);
        foreach (var (path, options) in tree)
        {
            Assert.Equal(options.Order(StringComparer.Ordinal), Reply("OPTIONS", path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            var command = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate(root, (c, name) => c.Subcommands.Single(s => s.Name == name));
            var offered = Reply("WORDS", path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var sub in command.Subcommands) Assert.Contains(sub.Name, offered);
        }
        Assert.Equal("morris sobol", lines.Single(l => l.StartsWith("METHOD|"))["METHOD|".Length..].Trim());
        Assert.Contains("x-policies/insurance", lines.Single(l => l.StartsWith("NAME|")));
    }

    [Fact]
    public void The_zsh_and_powershell_completions_name_every_command_and_option()
    {
        var tree = Tree();
        foreach (var shell in new[] { "zsh", "powershell" })
        {
            var (code, script, _) = CliRunner.Run("completion", shell);
            Assert.Equal(0, code);
            foreach (var (path, options) in tree)
            {
                // Each command's row of the options table lists exactly its options.
                var row = script.Split('\n').Single(l => l.TrimStart().StartsWith(shell == "zsh" ? $"\"{path}\") echo \"--" : $"'{path}' = @('--", StringComparison.Ordinal)
                    && l.Contains("--help"));
                foreach (var option in options) Assert.Matches($"[\"' ]{System.Text.RegularExpressions.Regex.Escape(option)}[\"' ]", row);
            }
            Assert.Contains(shell == "zsh" ? "#compdef participation" : "Register-ArgumentCompleter -Native -CommandName participation", script);
        }
        Assert.Equal(Program.BadInput, CliRunner.Run("completion", "fish").Code);
        if (Which("zsh") is { } zsh)
        {
            string file = Path.Combine(_temp, "_participation");
            File.WriteAllText(file, CliRunner.Run("completion", "zsh").Out);
            var (code, text) = Run(zsh, ["-n", file]);
            Assert.True(code == 0, text);
        }
    }

    // ---- the ./participation wrapper --------------------------------------------------------------------------------

    [Fact]
    public void The_wrapper_says_it_builds_the_first_time_then_runs_the_built_program_and_rebuilds_when_sources_change()
    {
        if (OperatingSystem.IsWindows()) return; // a bash script
        // A copy of the wrapper in a folder laid out like the repository, with a stand-in dotnet that logs its calls.
        string repo = Path.Combine(_temp, "repo"), bin = Path.Combine(_temp, "bin"), log = Path.Combine(_temp, "dotnet.log");
        Directory.CreateDirectory(Path.Combine(repo, "src", "Participation.Cli"));
        Directory.CreateDirectory(Path.Combine(repo, "scenarios"));
        Directory.CreateDirectory(bin);
        File.Copy(Path.Combine(Root, "participation"), Path.Combine(repo, "participation"));
        File.WriteAllText(Path.Combine(repo, "Directory.Build.props"), "<Project />");
        string source = Path.Combine(repo, "src", "Participation.Cli", "Program.cs");
        File.WriteAllText(source, "// source");
        string dotnet = Path.Combine(bin, "dotnet");
        File.WriteAllText(dotnet, $$"""
            #!/usr/bin/env bash
            echo "$*" >> '{{log}}'
            if [[ $1 == build ]]; then
              mkdir -p '{{repo}}/src/Participation.Cli/bin/Release/net10.0'
              echo built > '{{repo}}/src/Participation.Cli/bin/Release/net10.0/Participation.Cli.dll'
              exit 0
            fi
            echo "ran $*"
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(repo, "participation"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };

        string[] Calls() { var calls = File.ReadAllLines(log); File.Delete(log); return calls; }

        var (code, text) = Run(Path.Combine(repo, "participation"), ["--version"], path);
        Assert.True(code == 0, text);
        Assert.Contains("building src/Participation.Cli (Release) for the first time", text);
        var calls = Calls();
        Assert.StartsWith("build ", calls[0]);
        Assert.Equal($"{repo}/src/Participation.Cli/bin/Release/net10.0/Participation.Cli.dll --version", calls[1]);

        (code, text) = Run(Path.Combine(repo, "participation"), ["run", "x.json"], path);
        Assert.True(code == 0, text);
        Assert.Equal($"ran {repo}/src/Participation.Cli/bin/Release/net10.0/Participation.Cli.dll run x.json", text.Trim());
        Assert.Single(Calls()); // no build

        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        (code, text) = Run(Path.Combine(repo, "participation"), ["--version"], path);
        Assert.True(code == 0, text);
        Assert.Contains("sources changed, rebuilding", text);
        Assert.StartsWith("build ", Calls()[0]);

        // Built from another commit: rebuilt, so the version it prints names the commit checked out.
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(Path.Combine(repo, "src", "Participation.Cli", "bin", "Release", "net10.0", ".built-from"), "0123456789abcdef\n");
        (code, text) = Run(Path.Combine(repo, "participation"), ["--version"], path);
        Assert.True(code == 0, text);
        Assert.StartsWith("build ", Calls()[0]);
        (code, text) = Run(Path.Combine(repo, "participation"), ["--version"], path);
        Assert.True(code == 0, text);
        Assert.Single(Calls()); // up to date again
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    private static (int Code, string Output) Bash(string script) => Run("bash", ["-c", script]);

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static (int Code, string Output) Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(entireProcessTree: true); return (-1, "stopped after 2 minutes"); }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
