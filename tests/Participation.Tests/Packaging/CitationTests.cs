using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Participation.Tests.Packaging;

/// <summary>The citation names the version that is built: CITATION.cff, docs/cite.md and Directory.Build.props agree.</summary>
public class CitationTests
{
    private static string Root => TestScenarios.RepoRoot();

    private static string BuildVersion =>
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").Single().Value.Trim();

    [Fact]
    public void The_citation_and_the_docs_name_the_version_that_is_built()
    {
        string cff = File.ReadAllText(Path.Combine(Root, "CITATION.cff"));
        Assert.StartsWith("cff-version: 1.2.0", cff);
        var version = Regex.Match(cff, @"^version: (?<v>\S+)\s*$", RegexOptions.Multiline);
        Assert.True(version.Success, "CITATION.cff has no version: line");
        Assert.Equal(BuildVersion, version.Groups["v"].Value);
        Assert.Equal(BuildVersion, Participation.Experiments.Results.ResultSet.Version.Split('+')[0]);
        Assert.Matches(@"(?m)^license: MIT\s*$", cff);

        string cite = File.ReadAllText(Path.Combine(Root, "docs", "cite.md"));
        Assert.Contains($"(version {BuildVersion})", cite);
        Assert.Contains($"--version {BuildVersion}", cite);
        Assert.Contains("participation rerun", cite);
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(Root, "LICENSE")));
    }
}
