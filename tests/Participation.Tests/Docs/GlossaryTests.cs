using System.Text.RegularExpressions;
using Participation.Policies;

namespace Participation.Tests.Docs;

/// <summary>
/// docs/glossary.md gives each term its English and Chinese once: every policy kind of the catalogue has its row with a
/// Chinese name, and no English term is listed twice (one concept, one name).
/// </summary>
public class GlossaryTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(TestScenarios.RepoRoot(), "docs", "glossary.md"));

    /// <summary>The rows of the glossary's tables: first cell, second cell.</summary>
    private static IEnumerable<(string English, string Chinese)> Rows() =>
        Regex.Matches(Text, @"^\| (?<en>[^|]+?) \| (?<zh>[^|]+?) \|", RegexOptions.Multiline)
            .Select(m => (m.Groups["en"].Value.Trim(), m.Groups["zh"].Value.Trim()))
            .Where(r => r.Item1 is not ("English" or "kind") && !r.Item1.StartsWith("---", StringComparison.Ordinal));

    [Fact]
    public void Every_policy_kind_has_its_chinese_name()
    {
        var rows = Rows().ToDictionary(r => r.English, r => r.Chinese);
        var missing = PolicyCatalog.Default.Kinds.Select(k => $"`{k.Name}`").Where(k => !rows.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"policy kinds without a row in docs/glossary.md: {string.Join(", ", missing)}");
        var notChinese = rows.Where(r => r.Key.StartsWith('`') && !Regex.IsMatch(r.Value, @"\p{IsCJKUnifiedIdeographs}")).Select(r => r.Key).ToList();
        Assert.True(notChinese.Count == 0, $"policy kinds whose Chinese name holds no Chinese: {string.Join(", ", notChinese)}");
    }

    [Fact]
    public void Each_term_is_listed_once()
    {
        var rows = Rows().ToList();
        Assert.True(rows.Count >= 100, $"only {rows.Count} rows read from docs/glossary.md: the pattern is broken");
        var twice = rows.GroupBy(r => r.English.TrimEnd(' ', '†'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"terms listed more than once in docs/glossary.md: {string.Join(", ", twice)}");
    }
}
