using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Participation.Report.Data;
using Participation.Report.Html;
using Participation.Tests.Report;
using Xunit.Abstractions;

namespace Participation.Tests.Docs;

/// <summary>
/// The figures the docs show come from the runs of their own command blocks (run as written by
/// <see cref="DocsCommandTests"/>), and are checked against them after the page's blocks ran:
/// <list type="bullet">
/// <item>docs/report.png is Chromium's screenshot of the walk-through's <c>results/x/report.html</c>; its PNG text chunk
/// <c>Source</c> names the command and the SHA-256 of that run's <c>summary.csv</c>, which must be today's.</item>
/// <item>docs/validation.md's results table is <c>results/validation/validation.csv</c>, and its table of X's register
/// read two ways is the walk-through's <c>results/x/summary.csv</c>, each between <c>generated</c> markers.</item>
/// </list>
/// With <c>UPDATE_DOCS=1</c> the figures are written instead of checked (the screenshot needs Chromium).
/// </summary>
internal static class DocFigures
{
    private const string UpdateVariable = "UPDATE_DOCS";
    private static bool Update => Environment.GetEnvironmentVariable(UpdateVariable) == "1";
    private static string Root => TestScenarios.RepoRoot();

    /// <summary>The walk-through's run whose report docs/report.png shows.</summary>
    public const string ReportRun = "results/x";
    /// <summary>The command that wrote it (README.md's walk-through, step 1).</summary>
    public const string ReportCommand = "./participation run scenarios/x-shaoxing.json --replications 3 --out results/x --report";
    /// <summary>Where docs/validation.md's command writes the checks.</summary>
    public const string ValidationRun = "results/validation";
    /// <summary>The screenshot's size: the report's width, and its first screens (headline table and the first plots).</summary>
    public const int Width = 1000, Height = 1900;

    /// <summary>Checks (or, with UPDATE_DOCS=1, writes) the figures of <paramref name="page"/>; the failures.</summary>
    public static IEnumerable<string> Check(string page, string sandbox, ITestOutputHelper output) => page switch
    {
        "README.md" => ReportPng(sandbox, output),
        "docs/validation.md" => ValidationTables(sandbox),
        _ => [],
    };

    private static string Regenerate => $"regenerate with: {UpdateVariable}=1 dotnet test tests/Participation.Tests --filter FullyQualifiedName~DocsCommandTests (needs Chromium for docs/report.png)";

    // ---- docs/report.png ----------------------------------------------------------------------------------------------

    private static IEnumerable<string> ReportPng(string sandbox, ITestOutputHelper output)
    {
        string summary = Path.Combine(sandbox, ReportRun, "summary.csv"), html = Path.Combine(sandbox, ReportRun, "report.html");
        if (!File.Exists(summary) || !File.Exists(html)) return [$"README.md: the walk-through wrote no {ReportRun}/summary.csv and report.html (docs/report.png shows them)"];
        string source = $"{ReportCommand}; summary.csv SHA-256 {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(summary)))}";
        string png = Path.Combine(Root, "docs", "report.png");
        if (Update)
        {
            string shot = Path.Combine(sandbox, "report-shot.png");
            Chromium.Run(html, TimeSpan.FromSeconds(60), $"--window-size={Width},{Height}", $"--screenshot={shot}");
            File.WriteAllBytes(png, WithText(File.ReadAllBytes(shot), "Source", source));
            output.WriteLine($"wrote docs/report.png: {source}");
            return [];
        }
        var written = File.Exists(png) ? Text(File.ReadAllBytes(png), "Source") : null;
        return written == source ? [] : [$"docs/report.png shows another run than the walk-through's today (its Source: {written ?? "none"}; today: {source}); {Regenerate}"];
    }

    /// <summary>The PNG with a tEXt chunk <paramref name="keyword"/> = <paramref name="text"/> after its header (replacing one of that keyword).</summary>
    public static byte[] WithText(byte[] png, string keyword, string text)
    {
        var chunks = Chunks(png).Where(c => !(c.Type == "tEXt" && Keyword(c.Data) == keyword)).ToList();
        var data = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        chunks.Insert(1, ("tEXt", data)); // after IHDR
        using var result = new MemoryStream();
        result.Write(png.AsSpan(0, 8));
        var word = new byte[4];
        foreach (var (type, body) in chunks)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
            result.Write(word);
            var typed = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
            result.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
            result.Write(word);
        }
        return result.ToArray();
    }

    /// <summary>The CRC-32 of a PNG chunk (ISO 3309, polynomial 0xEDB88320, bit by bit: fast enough for one screenshot).</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>The text of the PNG's tEXt chunk <paramref name="keyword"/>, or null.</summary>
    public static string? Text(byte[] png, string keyword) =>
        Chunks(png).Where(c => c.Type == "tEXt" && Keyword(c.Data) == keyword).Select(c => Encoding.Latin1.GetString(c.Data)[(keyword.Length + 1)..]).FirstOrDefault();

    private static string Keyword(byte[] data) => Encoding.Latin1.GetString(data, 0, Math.Max(0, Array.IndexOf(data, (byte)0)));

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (int p = 8; p + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            chunks.Add((Encoding.ASCII.GetString(png, p + 4, 4), png.AsSpan(p + 8, length).ToArray()));
            p += 12 + length;
        }
        return chunks;
    }

    // ---- docs/validation.md --------------------------------------------------------------------------------------------

    private static IEnumerable<string> ValidationTables(string sandbox)
    {
        var failures = new List<string>();
        string doc = Path.Combine(Root, "docs", "validation.md");
        string text = File.ReadAllText(doc).ReplaceLineEndings("\n");
        string checks = Path.Combine(sandbox, ValidationRun, "validation.csv"), summary = Path.Combine(sandbox, ReportRun, "summary.csv");
        foreach (var (name, file, make) in new (string, string, Func<CsvData, string>)[]
                 {
                     ("validation", checks, ChecksTable),
                     ("register readings", summary, ReadingsTable),
                 })
        {
            if (!File.Exists(file)) { failures.Add($"docs/validation.md: no {Path.GetRelativePath(sandbox, file)} to draw its {name} table from"); continue; }
            string generated = make(CsvData.Read(file));
            var section = new Regex($@"(?<begin><!-- generated: {Regex.Escape(name)} [^\n]*-->\n)(?<body>.*?)(?<end><!-- generated: end -->)", RegexOptions.Singleline);
            var m = section.Match(text);
            if (!m.Success) { failures.Add($"docs/validation.md has no '<!-- generated: {name} ... -->' ... '<!-- generated: end -->' section"); continue; }
            if (Update) text = text[..m.Groups["body"].Index] + generated + text[m.Groups["end"].Index..];
            else if (m.Groups["body"].Value != generated)
                failures.Add($"docs/validation.md's {name} table is not what {Path.GetRelativePath(sandbox, file)} holds today; {Regenerate}\nexpected:\n{generated}");
        }
        if (Update) File.WriteAllText(doc, text, new UTF8Encoding(false));
        return failures;
    }

    private static string Cell(string text) => text.Replace("|", "\\|");

    private static string Interval(CsvData t, int row, string mean, string low, string high)
    {
        string m = NumberText.FromCsv(t.Text(row, mean)), l = t.Text(row, low), h = t.Text(row, high);
        return l.Length == 0 && h.Length == 0 ? m : $"{m} [{NumberText.FromCsv(l)}, {NumberText.FromCsv(h)}]";
    }

    /// <summary>Every row of validation.csv: check (once per check), measure, figure with its interval, reference, criterion, verdict.</summary>
    internal static string ChecksTable(CsvData t)
    {
        var sb = new StringBuilder();
        int judged = 0, passed = 0;
        sb.Append("| check | figure | measured [95 % interval] | reference | criterion | verdict |\n|---|---|---|---|---|---|\n");
        string last = "";
        for (int r = 0; r < t.Rows.Count; r++)
        {
            string check = t.Text(r, "check"), verdict = t.Text(r, "passed") switch { "True" => "**PASS**", "False" => "**FAIL**", _ => "context" };
            if (verdict != "context") { judged++; if (verdict == "**PASS**") passed++; }
            sb.Append($"| {(check == last ? "" : $"`{check}`")} | {Cell(t.Text(r, "measure"))} | {Interval(t, r, "figure", "low", "high")} | " +
                      $"{Cell(t.Text(r, "reference"))} | {Cell(t.Text(r, "criterion"))} | {verdict} |\n");
            last = check;
        }
        sb.Append($"\n**{passed} of {judged} judged figures pass.**\n");
        return sb.ToString();
    }

    /// <summary>X's register read as a snapshot and as everyone who served during the year, from a run's summary.csv.</summary>
    internal static string ReadingsTable(CsvData t)
    {
        var rows = Enumerable.Range(0, t.Rows.Count).ToDictionary(r => t.Text(r, "figure"), r => r, StringComparer.Ordinal);
        string Figure(string name) => rows.TryGetValue(name, out int r) ? Interval(t, r, "mean", "ci_low", "ci_high") : NumberText.Missing;
        var sb = new StringBuilder();
        sb.Append("| reading | backbones | over 3 years | under 6 months |\n|---|---|---|---|\n");
        sb.Append($"| snapshot at 2024-12-31 | {Figure("register_backbones")} | {Figure("register_over_3_years")} | {Figure("register_under_6_months")} |\n");
        sb.Append($"| served during 2024 | {Figure("register_during_year_backbones")} | {Figure("register_during_year_over_3_years")} | {Figure("register_during_year_under_6_months")} |\n");
        sb.Append("| X 2024 | 52 surveyed | 0.28 | 0.65 |\n");
        return sb.ToString();
    }
}
