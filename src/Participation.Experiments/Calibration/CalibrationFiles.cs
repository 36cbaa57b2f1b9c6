using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Scenarios;

namespace Participation.Experiments.Calibration;

/// <summary>How a calibration was run, as the defaults file records it.</summary>
/// <param name="Command">The command line.</param>
/// <param name="ScenarioFile">Scenario calibrated.</param>
/// <param name="TargetsFile">Targets file.</param>
/// <param name="Replications">Replications per evaluation.</param>
/// <param name="Budget">Loss evaluations allowed.</param>
/// <param name="Date">When it finished (UTC).</param>
/// <param name="DesignSamples">Points of the Latin-hypercube design the fit started from (<see cref="Calibrator.RunFromDesign"/>), 0 for <see cref="Calibrator.Run"/>; <paramref name="Budget"/> then counts the Nelder–Mead evaluations after it.</param>
public sealed record CalibrationProvenance(string Command, string ScenarioFile, string TargetsFile, int Replications, int Budget, DateTimeOffset Date, int DesignSamples = 0);

/// <summary>Tables and files of a calibration: fitted values, the target-by-target check, the trace, and a defaults file.</summary>
public static class CalibrationFiles
{
    /// <summary>Writes <c>fitted.csv</c>: <c>parameter,value,min,max,start</c>.</summary>
    public static void WriteFitted(string folder, CalibrationResult result, string name = "fitted.csv") =>
        ResultSet.WriteAtomic(folder, name, w => FittedRows(w, result));

    /// <summary>Writes <c>fitted.csv</c> through a results folder's writer (put in place when it commits).</summary>
    public static void WriteFitted(ResultsWriter files, CalibrationResult result, string name = "fitted.csv") =>
        files.WriteText(name, w => FittedRows(w, result));

    private static void FittedRows(TextWriter w, CalibrationResult result)
    {
        w.Write("parameter,value,min,max,start\n");
        for (int j = 0; j < result.Parameters.Count; j++)
        {
            var p = result.Parameters[j];
            w.Write($"{CsvTable.Format(p.Path)},{R(result.Fitted[j])},{R(p.Min)},{R(p.Max)},{(p.Start is { } s ? R(s) : "")}\n");
        }
    }

    /// <summary>
    /// Writes <c>targets.csv</c>: <c>figure,target,tolerance,simulated_mean,low,high,replications,z,within_tolerance,source</c>
    /// (the simulated mean and its 95 % interval on the check replications).
    /// </summary>
    public static void WriteTargets(string folder, CalibrationResult result, string name = "targets.csv") =>
        ResultSet.WriteAtomic(folder, name, w => TargetRows(w, result));

    /// <summary>Writes <c>targets.csv</c> through a results folder's writer (put in place when it commits).</summary>
    public static void WriteTargets(ResultsWriter files, CalibrationResult result, string name = "targets.csv") =>
        files.WriteText(name, w => TargetRows(w, result));

    private static void TargetRows(TextWriter w, CalibrationResult result)
    {
        w.Write("figure,target,tolerance,simulated_mean,low,high,replications,z,within_tolerance,source\n");
        foreach (var t in result.Targets)
            w.Write(string.Join(',', t.Figure, F(t.Target), F(t.Tolerance), F(t.Mean), F(t.Low), F(t.High),
                t.Replications.ToString(CultureInfo.InvariantCulture), F(t.Z), t.WithinTolerance ? "true" : "false", CsvTable.Format(t.Source)) + "\n");
    }

    /// <summary>
    /// Writes the defaults file: a scenario layer holding the fitted values of model parameters, readable as a base
    /// with <c>"extends"</c>, its <c>description</c> and <c>sources</c> recording the command, date, version and fit.
    /// Values under a scenario's own maps (<c>compounds.*</c>, <c>policies.*</c>: the calibrated community's structure
    /// and recent history, e.g. the size of its registration drive) are not model defaults: they are named in the
    /// description, to be set in that scenario, and left out of the file (as a base they would add an incomplete
    /// policy or compound to every scenario extending it).
    /// </summary>
    /// <param name="path">File to write (its folder is created).</param>
    /// <param name="result">The calibration.</param>
    /// <param name="provenance">How it was run.</param>
    /// <returns>The paths written into the file, and those only named in its description.</returns>
    public static (IReadOnlyList<string> Written, IReadOnlyList<string> ScenarioSpecific) WriteDefaults(string path, CalibrationResult result, CalibrationProvenance provenance)
    {
        var defaults = Defaults(result, provenance);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        OutputFiles.ReplaceText(Path.GetFullPath(path), w => w.Write(defaults.Text));
        return (defaults.Written, defaults.ScenarioSpecific);
    }

    /// <summary>
    /// The defaults file of a calibration (see <see cref="WriteDefaults"/>), to be written by the caller: its text, the
    /// paths written into it, and those only named in its description.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Written, IReadOnlyList<string> ScenarioSpecific) Defaults(CalibrationResult result, CalibrationProvenance provenance)
    {
        var keys = ScenarioJson.Keys();
        var sources = new JsonObject();
        var file = new JsonObject { ["description"] = "", ["sources"] = sources };
        var written = new List<string>();
        var specific = new List<string>();
        string date = provenance.Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string fit = $"loss {F(result.Loss)} on the fitting seeds, {F(result.CheckLoss)} on fresh seeds; " +
                     $"{result.Targets.Count(t => t.WithinTolerance)} of {result.Targets.Count} targets within tolerance";
        for (int j = 0; j < result.Parameters.Count; j++)
        {
            string given = result.Parameters[j].Path;
            var key = keys.FirstOrDefault(k => k.Path.Equals(given, StringComparison.OrdinalIgnoreCase));
            double value = result.Fitted[j];
            if (key is null)
            {
                specific.Add($"{given} = {R(value)}");
                continue;
            }
            bool whole = key.Type.StartsWith("a whole number", StringComparison.Ordinal);
            var parts = key.Path.Split('.');
            var node = file;
            foreach (var part in parts[..^1])
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            node[parts[^1]] = whole ? JsonValue.Create((long)Math.Round(value)) : JsonValue.Create(value);
            sources[key.Path] = $"calibrated to {Path.GetFileName(provenance.TargetsFile)} on {provenance.ScenarioFile} ({date}; {fit})";
            written.Add(key.Path);
        }
        var description = new StringBuilder()
            .Append($"Calibrated defaults written by `{provenance.Command}` on {date} with participation {ResultSet.Version}. ")
            .Append($"Targets: {provenance.TargetsFile} ({result.Targets.Count} figures); scenario: {provenance.ScenarioFile}; ")
            .Append($"{provenance.Replications} replications per evaluation on common random numbers, ")
            .Append(provenance.DesignSamples > 0
                ? $"a Latin-hypercube design of {provenance.DesignSamples} points" + (provenance.Budget > 0
                    ? $", then {result.Evaluations - provenance.DesignSamples} of {provenance.Budget} Nelder-Mead evaluations from its best point" +
                      (result.Converged ? " (simplex converged)" : " (budget exhausted before the simplex converged)")
                    : " (its best point is the fit)")
                : $"{result.Evaluations} of {provenance.Budget} evaluations used" + (result.Converged ? " (simplex converged)" : " (budget exhausted before the simplex converged)"))
            .Append($"; {fit}. ")
            .Append("Use as a base with \"extends\"; every value not set here keeps the library default.");
        if (specific.Count > 0)
            description.Append($" Also fitted, specific to the calibrated scenario and to be set there: {string.Join("; ", specific)}.");
        file["description"] = description.ToString();
        string text = file.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        return (text, written, specific);
    }

    private static string R(double v) => CsvSweepSink.FormatParameter(v);
    private static string F(double v) => CsvTable.Format(v);
}

/// <summary>
/// Streams <c>trace.csv</c>, one row per loss evaluation as it is made:
/// <c>evaluation,phase,loss,&lt;parameters&gt;,&lt;figure&gt;_mean...</c>. Written under a temporary name and put in place
/// on <see cref="Complete"/>; a calibration that fails removes it.
/// </summary>
public sealed class CalibrationTraceWriter : IDisposable
{
    private readonly StreamedFile _file;
    private readonly StreamWriter _writer;

    /// <summary>Opens the trace at <paramref name="path"/> and writes its header.</summary>
    public CalibrationTraceWriter(string path, IEnumerable<CalibrationParameter> parameters, IEnumerable<CalibrationTarget> targets)
        : this(new StreamedFile(path), parameters, targets) { }

    /// <summary>Opens the trace <paramref name="name"/> through a results folder's writer (put in place when it commits) and writes its header.</summary>
    public CalibrationTraceWriter(ResultsWriter files, string name, IEnumerable<CalibrationParameter> parameters, IEnumerable<CalibrationTarget> targets)
        : this(new StreamedFile(files, name), parameters, targets) { }

    private CalibrationTraceWriter(StreamedFile file, IEnumerable<CalibrationParameter> parameters, IEnumerable<CalibrationTarget> targets)
    {
        _file = file;
        _writer = file.Open();
        _writer.Write("evaluation,phase,loss" + string.Concat(parameters.Select(p => "," + CsvTable.Format(p.Path))) +
                      string.Concat(targets.Select(t => $",{t.Figure}_mean")) + "\n");
        _writer.Flush();
    }

    /// <summary>Appends one evaluation (and flushes, so a long calibration can be followed).</summary>
    public void Write(CalibrationEvaluation e)
    {
        _writer.Write($"{e.Index.ToString(CultureInfo.InvariantCulture)},{e.Phase},{CsvTable.Format(e.Loss)}" +
                      string.Concat(e.Values.Select(v => "," + CsvSweepSink.FormatParameter(v))) +
                      string.Concat(e.Means.Select(m => "," + CsvTable.Format(m))) + "\n");
        _writer.Flush();
    }

    /// <summary>Closes the trace and puts it in place (renamed now, or when the folder's writer commits).</summary>
    public void Complete() => _file.Complete(_writer);

    /// <summary>Closes the file; a trace not completed is removed.</summary>
    public void Dispose() => _file.Dispose();
}
