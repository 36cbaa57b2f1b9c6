using System.Diagnostics;
using Participation.Cli;

namespace Participation.Tests.Reliability;

/// <summary>Runs the participation command in process and gives a temporary folder with a small scenario.</summary>
public abstract class ReliabilityCli : IDisposable
{
    protected ReliabilityCli()
    {
        Temp = Directory.CreateTempSubdirectory("participation-reliability-").FullName;
        Scenario = Path.Combine(Temp, "small.json");
        File.WriteAllText(Scenario, SmallScenario);
    }

    /// <summary>A community of about 1,200 residents over three years, with policies that keep state across weeks.</summary>
    public const string SmallScenario = """
    {
      "name": "reliability test community",
      "seed": 11,
      "calendar": { "start": "2016-01-04", "end": "2018-12-31", "registerDate": "2018-06-30", "reportFrom": "2016-07-01" },
      "compounds": {
        "old": { "type": "old", "households": 300, "buildings": 12 },
        "new": { "type": "commercial", "households": 200, "buildings": 4 }
      },
      "policies": {
        "honours": { "kind": "honours", "start": "2016-06-01", "scale": 0.5, "parameters": { "substantiveShare": 0.8 } },
        "camp": { "kind": "trainingCamp", "start": "2016-03-01", "scale": 0.5, "parameters": { "every": 13 } },
        "points": { "kind": "points", "start": "2017-01-01", "scale": 0.6 },
        "drive": { "kind": "registrationDrive", "start": "2016-09-01", "end": "2017-09-01", "scale": 1.5, "unitCost": 10 }
      }
    }
    """;

    protected string Temp { get; }
    protected string Scenario { get; }

    public void Dispose()
    {
        try { Directory.Delete(Temp, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    protected static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    /// <summary>Asserts the command succeeded, showing its error output otherwise.</summary>
    protected static void Ok((int Code, string Out, string Err) result) => Assert.True(result.Code == 0, $"exit {result.Code}: {result.Err}");

    /// <summary>Asserts that each of <paramref name="files"/> is byte for byte the same in both folders.</summary>
    protected static void SameBytes(string expectedFolder, string actualFolder, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            var expected = File.ReadAllBytes(Path.Combine(expectedFolder, file));
            var actual = File.ReadAllBytes(Path.Combine(actualFolder, file));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{file} differs between {expectedFolder} and {actualFolder}");
        }
    }

    /// <summary>Lines of the journal at <paramref name="path"/> starting with <paramref name="prefix"/>, read while its writer holds it (0 before it exists).</summary>
    protected static int JournaledLines(string path, string prefix)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            int lines = 0;
            while (reader.ReadLine() is { } line) if (line.StartsWith(prefix, StringComparison.Ordinal)) lines++;
            return lines;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>
    /// Starts <c>participation ARGS --threads 1 [--resume]</c> in a child process, kills its process tree as soon as
    /// <paramref name="journaled"/> reaches <paramref name="killAfter"/>, and returns what is journaled then and the time taken.
    /// Fails when the child finished before it could be killed.
    /// </summary>
    protected static (int Journaled, TimeSpan Elapsed) RunAndKill(IEnumerable<string> args, Func<int> journaled, int killAfter, bool resume,
        TimeSpan poll)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliRunner.CliDll());
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add("1");
        if (resume) start.ArgumentList.Add("--resume");
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!child.HasExited && journaled() < killAfter && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(poll);
        if (child.HasExited) Assert.Fail($"the command finished (exit {child.ExitCode}) before it could be killed: {stderr.Result}");
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
        return (journaled(), clock.Elapsed);
    }

    /// <summary>The result tables of a run (everything but the manifest, whose timings differ).</summary>
    protected static IEnumerable<string> Tables => Participation.Experiments.Results.ResultSet.Files.Where(f => f != "manifest.json");
}
