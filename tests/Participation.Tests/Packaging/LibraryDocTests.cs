using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Participation.Tests.Packaging;

/// <summary>
/// docs/library.md, followed literally: its pack command is the one the fixture ran; its project commands run in a
/// temporary folder with <c>PACKAGES</c> naming the packed folder; the files it shows (headed <c>**`name`**</c>) are
/// written as they stand; <c>dotnet run</c> builds and runs them. The custom policy must have acted: money spent with
/// it and none in the counterfactual, and participation changed.
/// </summary>
[Collection(PackagingCollection.Name)]
public class LibraryDocTests(PackagesFixture packages, ITestOutputHelper output)
{
    private static string Doc => File.ReadAllText(Path.Combine(TestScenarios.RepoRoot(), "docs", "library.md")).ReplaceLineEndings("\n");

    /// <summary>The fenced bash blocks of the page, in order.</summary>
    private static IReadOnlyList<string> BashBlocks => Regex.Matches(Doc, "```bash\n(?<body>.*?)\n```", RegexOptions.Singleline)
        .Select(m => m.Groups["body"].Value).ToArray();

    /// <summary>The files the page shows: a line <c>**`name`**</c>, then a fenced block with the file's text.</summary>
    private static IReadOnlyDictionary<string, string> Files => Regex.Matches(Doc, @"^\*\*`(?<name>[^`]+)`\*\*\s*\n\s*```\w*\n(?<body>.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)
        .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value + "\n");

    [Fact]
    public void The_page_names_the_pack_command_and_the_version_it_packed()
    {
        Assert.Contains(PackagesFixture.PackCommand, BashBlocks[0]);
        Assert.Contains("dotnet add package Participation --version \"$VERSION\"", Doc);
        Assert.Contains("dotnet add package Participation.Experiments --version \"$VERSION\"", Doc);
        Assert.Equal(["Program.cs", "TeaHouse.cs", "community.json"], Files.Keys.Order(StringComparer.Ordinal));

        // The page's VERSION= line, run in the repository, names the version the fixture packed.
        string line = BashBlocks[0].Split('\n').Single(l => l.StartsWith("VERSION=", StringComparison.Ordinal));
        var (code, text) = packages.Run("bash", TestScenarios.RepoRoot(), ["-euo", "pipefail", "-c", line.Split('#')[0] + "\necho \"$VERSION\""]);
        Assert.True(code == 0, text);
        Assert.Equal(packages.PackedVersion, text.Trim().Split('\n')[^1]);
    }

    [Fact]
    public void Following_the_page_gives_a_program_whose_custom_policy_acts()
    {
        var blocks = BashBlocks;
        string setup = blocks.Single(b => b.Contains("dotnet new console")), run = blocks.Single(b => b.Trim() == "dotnet run");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, text) = packages.Run("bash", packages.Work, ["-euo", "pipefail", "-c", setup],
            new Dictionary<string, string> { ["PACKAGES"] = packages.Packages, ["VERSION"] = packages.PackedVersion });
        Assert.True(code == 0, $"step 2 failed:\n{text}");
        output.WriteLine($"new console + add package: {clock.Elapsed.TotalSeconds:0.0} s");

        string project = Path.Combine(packages.Work, "MyStudy");
        foreach (var (name, body) in Files) File.WriteAllText(Path.Combine(project, name), body);
        clock.Restart();
        (code, text) = packages.Run("bash", project, ["-euo", "pipefail", "-c", run]);
        output.WriteLine($"dotnet run: {clock.Elapsed.TotalSeconds:0.0} s\n{text}");
        Assert.True(code == 0, $"dotnet run failed:\n{text}");

        (double With, double Without) Figure(string name)
        {
            var m = Regex.Match(text, $@"^{name}: (?<a>\S+) with the tea house, (?<b>\S+) without", RegexOptions.Multiline);
            Assert.True(m.Success, $"no line for {name} in:\n{text}");
            return (double.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture));
        }
        var spent = Figure("spent_total");
        Assert.True(spent.With > 0, $"the tea house spent nothing: {spent}");
        Assert.Equal(0, spent.Without);
        var rate = Figure("participation_rate_year");
        Assert.NotEqual(rate.Without, rate.With);

        var folder = Regex.Match(text, @"^Tables: (?<folder>.+)$", RegexOptions.Multiline).Groups["folder"].Value.Trim();
        Assert.True(File.Exists(Path.Combine(project, folder, "summary.csv")), $"no summary.csv in {folder}");

        // The output the page shows is today's (all but the folder's name, the time of the run).
        var printed = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => Regex.IsMatch(l, @"^\w+: .+ with the tea house, .+ without$")).ToList();
        var sample = Regex.Match(Doc, "```text\n(?<body>.*?)\n```", RegexOptions.Singleline);
        Assert.True(sample.Success, "docs/library.md shows no sample output (a ```text block)");
        var shown = sample.Groups["body"].Value.Split('\n').Where(l => !l.StartsWith("Tables: ", StringComparison.Ordinal)).ToList();
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            string path = Path.Combine(TestScenarios.RepoRoot(), "docs", "library.md");
            string body = string.Join('\n', printed) + "\nTables: results/20250101-120000";
            File.WriteAllText(path, Doc[..sample.Groups["body"].Index] + body + Doc[(sample.Groups["body"].Index + sample.Groups["body"].Length)..]);
            return;
        }
        Assert.True(printed.SequenceEqual(shown),
            $"docs/library.md's sample output is not what the program prints today; regenerate with UPDATE_DOCS=1 (filter LibraryDocTests):\n{string.Join('\n', printed)}");
    }
}
