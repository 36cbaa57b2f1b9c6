using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Participation.Tests.Packaging;

/// <summary>
/// The packages <c>dotnet pack</c> makes: what each carries (licence, readme, XML docs, symbols, source-link repository
/// and commit, the tool's command), and the tool itself installed from the packed folder into a private folder and
/// run on a scenario, as a user would (offline: only the packed folder and this machine's package cache).
/// </summary>
[Collection(PackagingCollection.Name)]
public class ToolPackageTests(PackagesFixture packages, ITestOutputHelper output)
{
    private static readonly string[] Ids = ["Participation", "Participation.Experiments", "Participation.Report", "Participation.Cli"];

    private XElement Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packages.Packages, $"{id}.{packages.PackedVersion}.nupkg"));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packages.Packages, $"{id}.{packages.PackedVersion}.nupkg"));
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [Fact]
    public void Every_package_carries_licence_readme_docs_symbols_and_its_commit()
    {
        output.WriteLine($"dotnet pack: {packages.PackSeconds:0.0} s");
        Assert.DoesNotContain("warning", packages.PackOutput, StringComparison.OrdinalIgnoreCase);
        string commit = packages.PackedCommit ?? Participation.Experiments.Results.ResultSet.Commit;
        // The version comes from git: the packages of the commit the tests were built from carry the tests' version.
        if (packages.PackedCommit == Participation.Experiments.Results.ResultSet.Commit) Assert.Equal(PackagesFixture.Version, packages.PackedVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+(-alpha\.0\.\d+)?$", packages.PackedVersion);
        foreach (var id in Ids)
        {
            var metadata = Nuspec(id);
            var entries = Entries(id);
            Assert.Equal(packages.PackedVersion, Value(metadata, "version"));
            Assert.Equal("MIT", Value(metadata, "license"));
            Assert.Equal("README.md", Value(metadata, "readme"));
            Assert.Contains("README.md", entries);
            Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), $"{id} has no description");
            Assert.True(File.Exists(Path.Combine(packages.Packages, $"{id}.{packages.PackedVersion}.snupkg")), $"{id} has no symbols package");
            // Source link: the package names the commit it was built from (and the repository URL where the checkout has a remote).
            if (commit != "unknown")
                Assert.Equal(commit, metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("commit")?.Value);
            if (id != "Participation.Cli") Assert.Contains($"lib/net10.0/{id}.xml", entries); // XML docs beside the assembly
        }
        var tool = Nuspec("Participation.Cli");
        Assert.Contains("DotnetTool", tool.ToString());
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", Entries("Participation.Cli"));
        // The experiments package depends on the model package, at the same version.
        Assert.Contains($"id=\"Participation\" version=\"{packages.PackedVersion}\"", Nuspec("Participation.Experiments").ToString());
    }

    [Fact]
    public void The_tool_installs_from_the_packed_folder_and_runs_a_scenario()
    {
        string tools = Path.Combine(packages.Work, "tools"), scenario = Path.Combine(packages.Work, "tiny.json");
        File.WriteAllText(scenario, TestScenarios.TinyJson);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, text) = packages.Dotnet(packages.Work, "tool", "install", "Participation.Cli", "--tool-path", tools,
            "--add-source", packages.Packages, "--version", packages.PackedVersion);
        Assert.True(code == 0, text);
        output.WriteLine($"dotnet tool install: {clock.Elapsed.TotalSeconds:0.0} s");

        string exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "participation.exe" : "participation");
        Assert.True(File.Exists(exe), $"no {exe} after installing: {text}");
        (code, text) = packages.Run(exe, packages.Work, ["--version"]);
        Assert.True(code == 0, text);
        Assert.StartsWith(packages.PackedVersion, text.Trim());

        clock.Restart();
        string results = Path.Combine(packages.Work, "tool-results");
        (code, text) = packages.Run(exe, packages.Work, ["run", scenario, "--replications", "2", "--out", results]);
        output.WriteLine($"participation run (installed tool): {clock.Elapsed.TotalSeconds:0.0} s\n{text}");
        Assert.True(code == 0, text);
        foreach (var file in Participation.Experiments.Results.ResultSet.Files) Assert.True(File.Exists(Path.Combine(results, file)), $"no {file}");
        Assert.Contains("tiny test community: 2 replications", text);

        // The study scenarios ship with the tool: copied out of it, a variant and the file it extends load and run anywhere.
        string study = Path.Combine(packages.Work, "study");
        (code, text) = packages.Run(exe, packages.Work, ["scenarios", "copy", "x-policies/insurance", study]);
        Assert.True(code == 0, text);
        foreach (var file in new[] { "x-shaoxing.json", Path.Combine("x-policies", "insurance.json") })
            Assert.Equal(File.ReadAllText(Path.Combine(TestScenarios.RepoRoot(), "scenarios", file)), File.ReadAllText(Path.Combine(study, file)));
        (code, text) = packages.Run(exe, packages.Work, ["inspect", Path.Combine(study, "x-policies", "insurance.json"), "--no-scenario"]);
        Assert.True(code == 0, text);
        Assert.Contains("Usage:\n  participation", packages.Run(exe, packages.Work, ["--help"]).Output.ReplaceLineEndings("\n"));
    }
}
