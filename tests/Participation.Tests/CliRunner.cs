using System.Diagnostics;
using Participation.Cli;

namespace Participation.Tests;

/// <summary>Runs the participation command in process, or in a child process, and captures what it prints.</summary>
internal static class CliRunner
{
    /// <summary>The exit code, standard output and standard error of <c>participation args…</c>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>What a child process did: its exit code (-1 when it was killed for running too long), output and error.</summary>
    public sealed record ChildResult(int Code, string Out, string Err, bool TimedOut)
    {
        public override string ToString() => TimedOut ? $"timed out; stderr: {Err}" : $"exit {Code}; stderr: {Err}; stdout: {Out}";
    }

    /// <summary>
    /// Runs <c>participation args…</c> in a child process (for behaviour that could bring down the test process: a read
    /// that fills memory, a hang, a heap limit), killing it after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="timeout">Longest the child may run; then its process tree is killed and <see cref="ChildResult.TimedOut"/> is true.</param>
    /// <param name="environment">Variables to set in the child (e.g. DOTNET_GCHeapHardLimit).</param>
    /// <param name="workingDirectory">The child's working directory (default: the test's).</param>
    /// <param name="args">The command line.</param>
    public static ChildResult RunChild(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        start.ArgumentList.Add(CliDll());
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        child.StandardInput.Close();
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(timeout))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            return new ChildResult(-1, stdout.Result, stderr.Result, TimedOut: true);
        }
        child.WaitForExit();
        return new ChildResult(child.ExitCode, stdout.Result, stderr.Result, TimedOut: false);
    }

    /// <summary>The command's assembly, next to the test assembly (a project reference) or in its own bin folder.</summary>
    public static string CliDll()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "Participation.Cli.dll");
        if (File.Exists(beside)) return beside;
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(TestScenarios.RepoRoot(), "src", "Participation.Cli", "bin", config, "net10.0", "Participation.Cli.dll");
    }
}
