using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Participation.Report.Data;
using Participation.Report.Html;
using Participation.Report.Reports;

namespace Participation.Report;

/// <summary>A report built from a results folder.</summary>
/// <param name="Html">The page: one self-contained HTML file.</param>
/// <param name="Kind">The kind of folder it describes.</param>
/// <param name="PlotTitles">Title of every plot, in order.</param>
/// <param name="Notes">Plots that could not be drawn, and why.</param>
public sealed record ReportResult(string Html, FolderKind Kind, IReadOnlyList<string> PlotTitles, IReadOnlyList<string> Notes);

/// <summary>
/// Builds the HTML report of a results folder written by <c>participation run</c>, <c>compare</c>, <c>sweep</c>,
/// <c>calibrate</c>, <c>sensitivity</c> or <c>validate</c>, telling which from the files present (see <see cref="ResultFolder.Detect"/>).
/// </summary>
public static class ReportBuilder
{
    /// <summary>The report library's version (with the git commit after '+').</summary>
    public static string Version { get; } =
        typeof(ReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Builds the report of folder <paramref name="folder"/>.</summary>
    /// <exception cref="ReportException">The folder is not a results folder, or a table in it is malformed.</exception>
    public static ReportResult Build(string folder)
    {
        var results = ResultFolder.Open(folder);
        var context = new ReportContext(results);
        string subtitle = results.Kind switch
        {
            FolderKind.Run => RunReport.Write(context),
            FolderKind.Comparison => ComparisonReport.Write(context),
            FolderKind.Calibration => CalibrationReport.Write(context),
            FolderKind.Sweep => SweepReport.Write(context),
            FolderKind.Sensitivity => SensitivityReport.Write(context),
            FolderKind.Validation => ValidationReport.Write(context),
            _ => throw new ReportException($"{folder}: unsupported kind {results.Kind}"),
        };
        context.WriteProvenance();
        string html = context.Document.Render(subtitle, $"participation {Version.Split('+')[0]}");
        return new ReportResult(html, results.Kind, context.Document.Charts.Select(c => c.Title).ToList(), context.Notes);
    }
}

/// <summary>What the report writers share: the folder, the document, and notes on plots not drawn.</summary>
internal sealed class ReportContext
{
    public ReportContext(ResultFolder folder)
    {
        Folder = folder;
        string name = folder.ManifestText("scenario.name") ?? Path.GetFileName(Path.GetFullPath(folder.Path).TrimEnd(Path.DirectorySeparatorChar));
        if (folder.Kind == FolderKind.Comparison && folder.ManifestText("scenarioFile") is { Length: > 0 } names && names.Split(' ') is { Length: > 1 } parts)
            name = $"{string.Join(", ", parts.Skip(1))} against {parts[0]}";
        if (folder.Kind == FolderKind.Validation && folder.ManifestText("scenarioFile") is { Length: > 0 } files)
            name = string.Join(" and ", files.Split(' ').Select(Path.GetFileName));
        string kind = folder.Kind switch
        {
            FolderKind.Run => "Run",
            FolderKind.Comparison => "Policy comparison",
            FolderKind.Calibration => "Calibration",
            FolderKind.Sensitivity => "Sensitivity analysis",
            FolderKind.Validation => "Validation",
            _ => "Sweep",
        };
        Document = new HtmlDocument($"{kind}: {name}");
    }

    public ResultFolder Folder { get; }
    public HtmlDocument Document { get; }
    public List<string> Notes { get; } = [];

    /// <summary>Records and shows a plot that could not be drawn.</summary>
    public void Missing(string what, string why)
    {
        Notes.Add($"{what}: {why}");
        Document.Missing(what, why);
    }

    /// <summary>Facts from the manifest: what produced the folder.</summary>
    public void WriteProvenance()
    {
        var f = Folder;
        Document.Section("provenance", "How these results were produced");
        var facts = new List<(string, string)> { ("Results folder", Path.GetFullPath(f.Path)) };
        if (f.Manifest is null)
        {
            facts.Add(("Manifest", "manifest.json is missing: the command, seeds and version are unknown"));
        }
        else
        {
            void Add(string term, string? value) { if (!string.IsNullOrEmpty(value)) facts.Add((term, value)); }
            Add("Command", f.ManifestText("command"));
            Add("Scenario", f.ManifestText("scenario.name"));
            Add("Scenario file", f.ManifestText("scenarioFile"));
            if (f.ManifestValue("overrides") is { ValueKind: JsonValueKind.Array } o && o.GetArrayLength() > 0)
                Add("Overrides", string.Join(" ", o.EnumerateArray().Select(x => "--set " + x.GetString())));
            if (f.ManifestValue("masterSeed") is { ValueKind: JsonValueKind.Number } seed) Add("Master seed", seed.GetRawText());
            if (f.ManifestValue("seeds") is { ValueKind: JsonValueKind.Array } seeds && seeds.GetArrayLength() > 0)
                Add("Replications", seeds.GetArrayLength().ToString(CultureInfo.InvariantCulture));
            Add("Started (UTC)", f.ManifestText("started"));
            if (f.ManifestValue("wallSeconds") is { ValueKind: JsonValueKind.Number } wall)
                Add("Wall time", wall.GetDouble().ToString("0.0", CultureInfo.InvariantCulture) + " s");
            Add("Version", f.ManifestText("version"));
            Add("Runtime", $"{f.ManifestText("runtime")} on {f.ManifestText("platform")}");
        }
        Document.Facts(facts);
        Document.Paragraph("Every table the report draws on is a CSV file in the results folder; its columns are described in docs/outputs.md. " +
                           "The numbers in the report's tables are those of the files, rounded by the rule stated at the top.", "note");
    }

    /// <summary>Replications recorded by the manifest, if any.</summary>
    public int? Replications => Folder.ManifestValue("seeds") is { ValueKind: JsonValueKind.Array } s ? s.GetArrayLength() : null;
}
