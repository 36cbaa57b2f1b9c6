using System.Text.Json;
using System.Text.RegularExpressions;

namespace Participation.Tests.Docs;

/// <summary>
/// What a new user reads in the shipped files says what is true now: each targets file names itself in its
/// "Use with" command, no scenario description promises work of an issue or calls the defaults uncalibrated, and
/// the folders the README's commands write (results/, artifacts/) are ignored by git.
/// </summary>
public class ShippedFilesTests
{
    private static string Root => TestScenarios.RepoRoot();

    private static string Description(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return json.RootElement.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
    }

    [Fact]
    public void Every_targets_file_names_itself_in_its_use_with_command()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "scenarios", "targets"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var use = Regex.Match(Description(file), @"Use with: (?<command>participation calibrate [^\s]+ --targets (?<targets>[^\s]+?))\.?(\s|$)");
            Assert.True(use.Success, $"{file}: its description has no 'Use with: participation calibrate SCENARIO --targets FILE'");
            Assert.Equal($"scenarios/targets/{Path.GetFileName(file)}", use.Groups["targets"].Value);
        }
    }

    [Fact]
    public void No_scenario_description_points_at_an_issue_or_calls_the_defaults_uncalibrated()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "scenarios"), "*.json", SearchOption.AllDirectories);
        Assert.True(files.Length >= 20, $"only {files.Length} scenario files");
        foreach (var file in files)
        {
            string text = Description(file);
            Assert.DoesNotMatch(@"(?i)\bissue \d+", text);
            Assert.DoesNotMatch(@"(?i)\buncalibrated\b", text);
        }
    }

    [Fact]
    public void The_folders_the_readme_commands_write_are_ignored_by_git()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".gitignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/results/", ignored);
        Assert.Contains("/artifacts/", ignored);
        Assert.Contains("artifacts/bench", File.ReadAllText(Path.Combine(Root, "README.md"))); // the benchmarks' output folder
    }
}
