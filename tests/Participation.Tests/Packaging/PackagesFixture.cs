using System.Diagnostics;
using System.Text;

namespace Participation.Tests.Packaging;

/// <summary>The packaging tests share one <see cref="PackagesFixture"/> and run one after the other (they start builds).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagesFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packaging";
}

/// <summary>
/// Packs the four packages once for all packaging tests (<c>dotnet pack packages.slnf -c Release</c>, the command
/// docs/library.md gives) into a temporary folder, and prepares an offline, isolated NuGet set-up for the commands the
/// tests run: a NuGet.Config that clears every source and lists only a feed made of this machine's package cache
/// (links to its folders, leaving out any Participation package a user may have installed by hand), and an empty
/// packages folder of its own (<c>NUGET_PACKAGES</c>), so a package of an earlier build is never picked up from a cache
/// and nothing the tests install lands in the machine's cache.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    /// <summary>The pack command, as docs/library.md gives it (the output folder aside).</summary>
    public const string PackCommand = "dotnet pack packages.slnf -c Release -o";

    public PackagesFixture()
    {
        Root = Directory.CreateTempSubdirectory("participation-packaging-").FullName;
        Packages = Path.Combine(Root, "packages");
        Work = Path.Combine(Root, "work");
        Directory.CreateDirectory(Work);

        // A feed of the machine's cache: the packages' own dependencies come from there, never from the network.
        string machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string feed = Path.Combine(Root, "machine-cache");
        Directory.CreateDirectory(feed);
        if (Directory.Exists(machineCache))
            foreach (var dir in Directory.GetDirectories(machineCache))
                if (!Path.GetFileName(dir).StartsWith("participation", StringComparison.OrdinalIgnoreCase))
                    Directory.CreateSymbolicLink(Path.Combine(feed, Path.GetFileName(dir)), dir);
        File.WriteAllText(Path.Combine(Work, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="machine-cache" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // The commit the packages are built from: the checkout's HEAD now, which is the test assembly's own commit in CI
        // but not after a local commit made without rebuilding the tests.
        try
        {
            var (gitCode, head) = Run("git", TestScenarios.RepoRoot(), ["rev-parse", "HEAD"], minutes: 1);
            PackedCommit = gitCode == 0 && head.Trim().Length == 40 ? head.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception) { PackedCommit = null; } // no git on this machine

        var clock = Stopwatch.StartNew();
        // Build and restore into a folder of the fixture's own (--artifacts-path): packing with the fixture's package
        // folder in the repository's obj/ would point the developer's next build at packages this fixture deletes.
        var (code, text) = Dotnet(TestScenarios.RepoRoot(), [.. $"{PackCommand} {Packages}".Split(' ')[1..], "--artifacts-path", Path.Combine(Root, "artifacts")]);
        PackSeconds = clock.Elapsed.TotalSeconds;
        if (code != 0) throw new InvalidOperationException($"dotnet pack failed (exit {code}):\n{text}");
        PackOutput = text;
        const string tool = "Participation.Cli.";
        var packed = Directory.GetFiles(Packages, tool + "*.nupkg").Select(Path.GetFileName).ToArray();
        if (packed.Length != 1) throw new InvalidOperationException($"dotnet pack wrote {packed.Length} {tool}*.nupkg files:\n{text}");
        PackedVersion = packed[0]![tool.Length..^".nupkg".Length];
    }

    /// <summary>The temporary root of everything below.</summary>
    public string Root { get; }

    /// <summary>The folder the packages were packed into.</summary>
    public string Packages { get; }

    /// <summary>A folder whose NuGet.Config allows only the machine-cache feed: run NuGet commands in it or below it.</summary>
    public string Work { get; }

    /// <summary>The commit checked out when the packages were packed (<c>git rev-parse HEAD</c>), or null without git.</summary>
    public string? PackedCommit { get; }

    /// <summary>Seconds the pack took.</summary>
    public double PackSeconds { get; }

    /// <summary>What dotnet pack printed.</summary>
    public string PackOutput { get; }

    /// <summary>The test assembly's package version (its informational version without the commit): the packed one when both are built from one commit.</summary>
    public static string Version => Participation.Experiments.Results.ResultSet.Version.Split('+')[0];

    /// <summary>The version the packages were packed with (from git: MinVer), read from the tool package's file name.</summary>
    public string PackedVersion { get; }

    /// <summary>Environment for the commands: the fixture's own package folder, no telemetry, banners or lingering build servers.</summary>
    public IReadOnlyDictionary<string, string> CommandEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-packages"),
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        // Build servers that outlive the command would keep its output pipes open (and the test waiting).
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
    };

    /// <summary>Runs <c>dotnet args…</c> in <paramref name="directory"/> with <see cref="CommandEnvironment"/>, and returns its exit code and output.</summary>
    public (int Code, string Output) Dotnet(string directory, params string[] args) => Run("dotnet", directory, args);

    /// <summary>Runs a program with <see cref="CommandEnvironment"/> and extra variables, stopping it after <paramref name="minutes"/>.</summary>
    public (int Code, string Output) Run(string program, string directory, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? extra = null, double minutes = 8)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in CommandEnvironment) start.Environment[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) return (-1, $"{program} {string.Join(' ', args)}: stopped after {minutes} minutes\n{output}");
        }
        process.WaitForExit(); // the output handlers have run
        lock (output) return (process.ExitCode, output.ToString());
    }

    public void Dispose()
    {
        // Links first: a recursive delete must never walk into the machine's cache through them.
        foreach (var link in Directory.GetFileSystemEntries(Path.Combine(Root, "machine-cache")))
        {
            try { File.Delete(link); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            try { if (Directory.Exists(link)) Directory.Delete(link); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        try { Directory.Delete(Root, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
