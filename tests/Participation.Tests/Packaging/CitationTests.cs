using System.Text.RegularExpressions;

namespace Participation.Tests.Packaging;

/// <summary>
/// The citation names the version that is built: the version comes from git (MinVer in Directory.Build.props), CITATION.cff
/// names its release line, and docs/cite.md says how to cite the full version and reproduce a figure.
/// </summary>
public class CitationTests
{
    private static string Root => TestScenarios.RepoRoot();

    [Fact]
    public void The_citation_and_the_docs_name_the_version_that_is_built()
    {
        string cff = File.ReadAllText(Path.Combine(Root, "CITATION.cff"));
        Assert.StartsWith("cff-version: 1.2.0", cff);
        var version = Regex.Match(cff, @"^version: ""?(?<v>[^""\s]+)""?\s*$", RegexOptions.Multiline);
        Assert.True(version.Success, "CITATION.cff has no version: line");
        string built = Participation.Experiments.Results.ResultSet.Version;
        Assert.StartsWith(version.Groups["v"].Value + ".", built);
        Assert.Matches(@"(?m)^license: MIT\s*$", cff);

        // MinVer: major.minor.patch, a pre-release height on untagged commits, then the commit after '+'.
        Assert.Matches(@"^\d+\.\d+\.\d+(-alpha\.0\.\d+)?(\+[0-9a-f]{40})?$", built);
        string props = File.ReadAllText(Path.Combine(Root, "Directory.Build.props"));
        Assert.Contains("<MinVerMinimumMajorMinor>" + version.Groups["v"].Value + "</MinVerMinimumMajorMinor>", props);
        Assert.DoesNotContain("<Version>", props);

        string cite = File.ReadAllText(Path.Combine(Root, "docs", "cite.md"));
        Assert.Contains("participation --version", cite);
        Assert.Contains("--version VERSION", cite);
        Assert.Contains("participation rerun", cite);
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(Root, "LICENSE")));
    }
}
