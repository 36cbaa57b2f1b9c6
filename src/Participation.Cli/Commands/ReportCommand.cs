using System.CommandLine;
using Participation.Experiments.Results;
using Participation.Report;
using Participation.Report.Data;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation report RESULTS_DIR [-o FILE]</c>: one self-contained HTML file (inline CSS and SVG, no scripts, no
/// network) with the folder's headline figures, plots and tables; the kind of folder is told from its files.
/// </summary>
internal static class ReportCommand
{
    /// <summary>Name of the report written into a results folder.</summary>
    public const string FileName = "report.html";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("results") { Description = "Results folder written by participation run, compare, sweep, calibrate, sensitivity or validate." };
        var outFile = new Option<string?>("--out", "-o") { Description = "Report file (default: report.html in the results folder). An existing file is replaced only if it is a participation report." };
        var force = new Option<bool>("--force") { Description = "Replace --out even if it is not a participation report." };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("report", "Write an HTML report of a results folder: headline figures, plots with 95 % intervals (over time, backbones' frequency, " +
                                            "Kaplan-Meier retention, age make-up; policy effects and costs; calibration targets; sweep responses; sensitivity indices; validation checks) and tables. " +
                                            "One file, readable offline and printable.")
        {
            folder, outFile, force, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(folder)!;
            // The folder is read and written under its lock: never while another command is writing into it.
            using var hold = OutputFolder.HoldToRead(dir);
            var (path, report) = Write(dir, parse.GetValue(outFile), parse.GetValue(force));
            if (!parse.GetValue(quiet)) Print(output, path, report, parse.GetValue(verbose));
            return Program.Ok;
        });
        return command;
    }

    /// <summary>
    /// Builds the report of <paramref name="folder"/> and writes it to <paramref name="file"/> (default: report.html in the folder),
    /// atomically; a report written into the folder is added to the files its manifest names. Bad input (not a results
    /// folder, a malformed table, an --out that is a folder or another file) is a <see cref="UsageException"/>; a failure
    /// to write is an <see cref="IOException"/>, and leaves no partial file.
    /// </summary>
    public static (string Path, ReportResult Report) Write(string folder, string? file = null, bool force = false)
    {
        ReportResult report;
        try { report = ReportBuilder.Build(folder); }
        catch (ReportException e) { throw new UsageException(e.Message); }
        string path = file ?? Path.Combine(folder, FileName);
        if (path.Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0) throw new UsageException($"--out '{path}': expected a file path");
        if (Directory.Exists(path)) throw new UsageException($"--out {path}: a folder of that name exists; expected a file name such as report.html");
        string target = Path.GetDirectoryName(Path.GetFullPath(path))!;
        bool inFolder = target == Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        // The folder's own tables and manifest are what the report is made of: never replaced by it, not even with --force.
        if (inFolder && File.Exists(path) && ResultsWriter.Named(folder).Contains(Path.GetFileName(path)) && !IsReport(path))
            throw new UsageException($"--out {path}: that is one of the results folder's own files; choose another name such as report.html");
        if (File.Exists(path) && !force && !IsReport(path))
            throw new UsageException($"--out {path}: the file exists and is not a participation report; choose another name or add --force to replace it");
        try { Directory.CreateDirectory(target); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create folder {target}: {e.Message}", e);
        }
        ResultSet.WriteAtomic(target, Path.GetFileName(path), w => w.Write(report.Html));
        if (inFolder) ResultsWriter.Record(folder, Path.GetFileName(path));
        return (path, report);
    }

    /// <summary>Writes report.html into a results folder just written by run, compare or sweep (<c>--report</c>), and says where.</summary>
    public static void WriteInto(string folder, TextWriter output, bool quiet, bool verbose)
    {
        var (path, report) = Write(folder);
        if (!quiet) Print(output, path, report, verbose);
    }

    private static void Print(TextWriter o, string path, ReportResult report, bool verbose)
    {
        o.WriteLine($"Report: {path} ({report.Kind.ToString().ToLowerInvariant()} folder, {report.PlotTitles.Count} plot{(report.PlotTitles.Count == 1 ? "" : "s")})");
        foreach (var note in report.Notes) o.WriteLine($"  not drawn: {note}");
        if (verbose)
            for (int k = 0; k < report.PlotTitles.Count; k++) o.WriteLine($"  figure {k + 1}: {report.PlotTitles[k]}");
    }

    /// <summary>Whether <paramref name="path"/> starts like a report this command wrote (its generator meta tag).</summary>
    private static bool IsReport(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var head = new char[1024];
            int n = reader.ReadBlock(head, 0, head.Length);
            return new string(head, 0, n).Contains("<meta name=\"generator\" content=\"participation", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The <c>--report</c> option of run, compare and sweep.</summary>
    public static Option<bool> Option() => new("--report") { Description = "Also write report.html (plots and tables, one self-contained file) into the results folder." };
}
