using System.Text.RegularExpressions;

namespace Participation.Tests.Docs;

/// <summary>
/// The repository carries its domain in its own words (docs/studies.md, docs/model.md): no file refers to documents
/// a clone does not hold, every relative link of the docs leads to a file of the repository, and each study scenario
/// points its reader to the study's page.
/// </summary>
public class DomainInRepositoryTests
{
    private static readonly string Root = TestScenarios.RepoRoot();

    /// <summary>Folders that hold no source: build output, results, version control, and files kept out of git.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
        { ".git", "bin", "obj", "TestResults", "BenchmarkDotNet.Artifacts", "artifacts", "results", "node_modules", "unlanded", ".vs" };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
        { ".md", ".cs", ".json", ".txt", ".csproj", ".props", ".targets", ".sln", ".sh", ".js", ".html", ".css", ".yml", ".yaml", ".xml", ".ps1", ".py", ".r", ".tsv" };

    /// <summary>
    /// Names of the documents outside the repository that the project was written from (the study digest, the reference
    /// mechanism, their shared folder), written in pieces so that this file does not name them itself.
    /// </summary>
    private static readonly string[] Outside = ["SEEDS" + ".md", "MODEL" + ".md", "shared" + "/domain", "../" + "shared/"];

    internal static IEnumerable<string> TextFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (TextExtensions.Contains(Path.GetExtension(file)) || (Path.GetExtension(file).Length == 0 && Path.GetFileName(folder) == ".ci"))
                yield return file;
        }
        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            if (Skipped.Contains(Path.GetFileName(sub)) || new DirectoryInfo(sub).LinkTarget is not null) continue;
            foreach (var file in TextFiles(sub)) yield return file;
        }
    }

    [Fact]
    public void No_file_refers_to_documents_outside_the_repository()
    {
        var found = new List<string>();
        int files = 0;
        foreach (var file in TextFiles(Root))
        {
            files++;
            int n = 0;
            foreach (var line in File.ReadLines(file))
            {
                n++;
                foreach (var name in Outside)
                    if (line.Contains(name, StringComparison.Ordinal))
                        found.Add($"{Path.GetRelativePath(Root, file)}:{n}: {name}");
            }
        }
        Assert.True(files > 300, $"only {files} text files found under {Root}: the walk is broken");
        Assert.True(found.Count == 0, "references to documents outside the repository:\n  " + string.Join("\n  ", found));
    }

    [Fact]
    public void Every_relative_link_of_the_docs_leads_to_a_file_of_the_repository()
    {
        var broken = new List<string>();
        var link = new Regex(@"\]\((?<target>[^)\s]+)\)");
        int links = 0;
        foreach (var file in TextFiles(Root).Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            int n = 0;
            foreach (var line in File.ReadLines(file))
            {
                n++;
                foreach (Match m in link.Matches(line))
                {
                    string target = m.Groups["target"].Value;
                    if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase) || target.StartsWith('#')) continue; // a URL, or a place in the page
                    string path = target.Split('#')[0];
                    if (path.Length == 0) continue;
                    links++;
                    string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                    string where = $"{Path.GetRelativePath(Root, file)}:{n}: {target}";
                    if (!full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != Root)
                        broken.Add($"{where} (leads outside the repository)");
                    else if (!File.Exists(full) && !Directory.Exists(full))
                        broken.Add($"{where} (no such file)");
                }
            }
        }
        Assert.True(links > 50, $"only {links} relative links found: the pattern is broken");
        Assert.True(broken.Count == 0, "links that lead nowhere in a clone:\n  " + string.Join("\n  ", broken));
    }

    [Theory]
    [InlineData("x-shaoxing.json", "X")]
    [InlineData("t-chengdu.json", "T")]
    [InlineData("h-shenzhen.json", "H")]
    [InlineData("yl-nantong.json", "YL")]
    [InlineData("d-guangxi.json", "D")]
    public void Each_study_scenario_points_to_its_study_in_the_projects_words(string file, string study)
    {
        var scenario = Participation.Simulation.ScenarioLoader.Load(Path.Combine(Root, "scenarios", file));
        Assert.Contains("docs/studies.md", scenario.Description);
        Assert.Contains($"Study {study} ", scenario.Description);
        string page = File.ReadAllText(Path.Combine(Root, "docs", "studies.md"));
        Assert.Matches(new Regex($"^## {Regex.Escape(study)} — ", RegexOptions.Multiline), page);
    }
}
