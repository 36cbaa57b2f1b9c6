using System.Globalization;
using System.Text.Json;
using Participation.Files;
using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Experiments.Calibration;

/// <summary>A figure the calibration fits, with its tolerance.</summary>
/// <param name="Figure">Summary figure name (<see cref="Participation.Outcomes.RunResult.Summary"/>), e.g. <c>register_over_3_years</c>.</param>
/// <param name="Value">Target value (shares as fractions: 0.28 for 28 %).</param>
/// <param name="Tolerance">How far off still counts as a fit, in the figure's units; the loss divides by it.</param>
/// <param name="Source">Where the target comes from.</param>
public sealed record CalibrationTarget(string Figure, double Value, double Tolerance, string Source = "")
{
    /// <summary>
    /// Smallest tolerance: the loss squares (mean − target) / tolerance, and with targets within <see cref="MaxMagnitude"/>
    /// this keeps it finite (a tolerance of 5e-324 made it infinite, and the calibration crashed after writing its fit).
    /// </summary>
    public const double MinTolerance = 1e-9;

    /// <summary>Largest target value, either side of 0 (figures are shares, counts and yuan).</summary>
    public const double MaxMagnitude = 1e15;
}

/// <summary>A parameter the calibration fits, within bounds.</summary>
/// <param name="Path">Dotted scenario path (or, for a synthetic model, any name).</param>
/// <param name="Min">Lower bound.</param>
/// <param name="Max">Upper bound (above <paramref name="Min"/>).</param>
/// <param name="Start">Value to evaluate first (e.g. the scenario's current value), when known.</param>
public sealed record CalibrationParameter(string Path, double Min, double Max, double? Start = null);

/// <summary>A targets file that cannot be used; the message names the key, the value and what is allowed.</summary>
public sealed class TargetsFileException(string message) : Exception(message);

/// <summary>
/// What to calibrate: target figures with tolerances, parameters with bounds, and defaults for the run. Read from
/// a JSON targets file (see <c>scenarios/targets/x-shaoxing.json</c>):
/// <code>
/// {
///   "description": "...",
///   "replications": 4, "budget": 40, "seed": 1,
///   "targets": { "register_over_3_years": { "value": 0.28, "tolerance": 0.13, "source": "X" } },
///   "parameters": { "roles.exitNew": { "min": 0.005, "max": 0.4 } },
///   "study": "study X", "scenarios": ["X Community, Yuecheng District, Shaoxing (study X)", "X with *"],
///   "references": { "register_age_60_plus": { "value": 0.42, "tolerance": 0.142, "source": "X" } }
/// }
/// </code>
/// <c>study</c>, <c>scenarios</c> and <c>references</c> are optional: the study the figures come from, the scenarios
/// (by name; a trailing <c>*</c> matches names that start so) whose results are held against the targets and references
/// (<see cref="Results.FigureCatalogue"/>), and figures the study reports that are shown beside the model's but not fitted.
/// Keys other than these (e.g. a "notes" text) are refused, so that a typo cannot silently drop a target.
/// </summary>
public sealed class CalibrationSpec
{
    /// <summary>What the targets are and how the tolerances were chosen.</summary>
    public string Description { get; init; } = "";

    /// <summary>Target figures.</summary>
    public IReadOnlyList<CalibrationTarget> Targets { get; init; } = [];

    /// <summary>Parameters to fit.</summary>
    public IReadOnlyList<CalibrationParameter> Parameters { get; init; } = [];

    /// <summary>Replications per evaluation, unless the command line says otherwise.</summary>
    public int? Replications { get; init; }

    /// <summary>Evaluations of the loss, unless the command line says otherwise.</summary>
    public int? Budget { get; init; }

    /// <summary>Master seed, unless the command line says otherwise.</summary>
    public long? Seed { get; init; }

    /// <summary>The study the figures come from, as results name it beside them (e.g. "study X"); empty when the file does not say.</summary>
    public string Study { get; init; } = "";

    /// <summary>The scenarios, by name, whose results are held against these figures; a trailing <c>*</c> matches names that start so.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Figures the study reports that are shown beside the model's (with their tolerance) but not fitted.</summary>
    public IReadOnlyList<CalibrationTarget> References { get; init; } = [];

    /// <summary>Whether results of the scenario named <paramref name="scenarioName"/> are held against these figures (<see cref="Scenarios"/>).</summary>
    public bool Judges(string? scenarioName) => scenarioName is not null && Scenarios.Any(pattern => pattern.EndsWith('*')
        ? scenarioName.StartsWith(pattern[..^1], StringComparison.Ordinal) : scenarioName == pattern);

    private static readonly string[] TopKeys = ["description", "notes", "replications", "budget", "seed", "targets", "parameters", "study", "scenarios", "references"];

    /// <summary>Reads and checks a targets file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="figureNames">Names a target may use (default: every summary figure).</param>
    /// <exception cref="TargetsFileException">The file is missing, malformed or invalid.</exception>
    public static CalibrationSpec Load(string path, IReadOnlyCollection<string>? figureNames = null)
    {
        string text;
        try { text = InputFile.ReadAllText(path); }
        catch (InputFileException e) { throw new TargetsFileException($"{path}: {e.Found}; expected a targets file: {e.Expected}"); }
        return Parse(text, path, figureNames);
    }

    /// <summary>Parses and checks targets JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="label">Name used in messages (the file).</param>
    /// <param name="figureNames">Names a target may use (default: every summary figure).</param>
    /// <exception cref="TargetsFileException">The JSON is malformed or invalid.</exception>
    public static CalibrationSpec Parse(string json, string label = "(targets)", IReadOnlyCollection<string>? figureNames = null)
    {
        figureNames ??= Sweeps.FigureNames.All.ToArray();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new TargetsFileException($"{label}: malformed JSON at line {e.LineNumber + 1}: {e.Message.Split(" LineNumber:")[0]}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(label, "(top level)", root, "a JSON object");
            try { Results.ManifestFile.CheckKeysOnce(root, "", label); } // as the scenario loader: a key given twice is refused, not one of them dropped
            catch (Results.ManifestException e) { throw new TargetsFileException(e.Message); }
            foreach (var p in root.EnumerateObject())
                if (!TopKeys.Contains(p.Name)) throw Bad(label, p.Name, p.Value, $"a key of the targets file: one of {string.Join(", ", TopKeys)}");

            if (!root.TryGetProperty("targets", out var t) || t.ValueKind != JsonValueKind.Object)
                throw new TargetsFileException($"{label}: targets: expected an object of figures, e.g. \"targets\": {{ \"register_over_3_years\": {{ \"value\": 0.28, \"tolerance\": 0.13 }} }}");
            var targets = Figures(label, "targets", t, figureNames);
            List<CalibrationTarget> references = [];
            if (root.TryGetProperty("references", out var r))
            {
                if (r.ValueKind != JsonValueKind.Object) throw Bad(label, "references", r, "an object of figures with value, tolerance and source");
                references = Figures(label, "references", r, figureNames);
                if (references.FirstOrDefault(x => targets.Any(y => y.Figure == x.Figure)) is { } both)
                    throw new TargetsFileException($"{label}: references.{both.Figure}: also a target; expected each figure once, as a target (fitted) or a reference (shown)");
            }
            List<string> scenarios = [];
            if (root.TryGetProperty("scenarios", out var sc))
            {
                if (sc.ValueKind != JsonValueKind.Array || sc.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString()!.Trim('*').Length == 0))
                    throw Bad(label, "scenarios", sc, "an array of scenario names (a trailing * matches names that start so)");
                scenarios = sc.EnumerateArray().Select(e => e.GetString()!).ToList();
            }
            if (targets.Count == 0) throw new TargetsFileException($"{label}: targets: expected at least one target");

            var parameters = new List<CalibrationParameter>();
            if (!root.TryGetProperty("parameters", out var ps) || ps.ValueKind != JsonValueKind.Object)
                throw new TargetsFileException($"{label}: parameters: expected an object of scenario paths, e.g. \"parameters\": {{ \"roles.exitNew\": {{ \"min\": 0.01, \"max\": 0.3 }} }}");
            foreach (var p in ps.EnumerateObject())
            {
                string key = "parameters." + p.Name;
                if (p.Value.ValueKind != JsonValueKind.Object) throw Bad(label, key, p.Value, "an object with min and max");
                CheckKeys(label, key, p.Value, "min", "max", "start", "note");
                double min = Number(label, key + ".min", p.Value, "min", double.NegativeInfinity, double.PositiveInfinity);
                double max = Number(label, key + ".max", p.Value, "max", double.NegativeInfinity, double.PositiveInfinity);
                if (!(max > min)) throw Bad(label, key + ".max", p.Value.GetProperty("max"), $"a number above min ({min})");
                double? start = p.Value.TryGetProperty("start", out _) ? Number(label, key + ".start", p.Value, "start", min, max) : null;
                parameters.Add(new CalibrationParameter(p.Name, min, max, start));
            }
            if (parameters.Count == 0) throw new TargetsFileException($"{label}: parameters: expected at least one parameter to fit");
            var dup = parameters.GroupBy(p => p.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new TargetsFileException($"{label}: parameters.{dup.Key}: listed more than once (paths are case-insensitive)");

            int? Whole(string name, int min, int max) => root.TryGetProperty(name, out _) ? (int)Number(label, name, root, name, min, max, whole: true) : null;
            return new CalibrationSpec
            {
                Description = Text(root, "description"),
                Targets = targets,
                Parameters = parameters,
                Replications = Whole("replications", 1, 100_000),
                Budget = Whole("budget", 1, 1_000_000),
                Seed = root.TryGetProperty("seed", out var seed) ? ReadSeed(label, seed) : null,
                Study = Text(root, "study"),
                Scenarios = scenarios,
                References = references,
            };
        }
    }

    /// <summary>The figures of a <c>targets</c> or <c>references</c> object: each a summary figure with value, tolerance and source.</summary>
    private static List<CalibrationTarget> Figures(string label, string section, JsonElement figures, IReadOnlyCollection<string> figureNames)
    {
        var list = new List<CalibrationTarget>();
        foreach (var f in figures.EnumerateObject())
        {
            string key = section + "." + f.Name;
            if (!figureNames.Contains(f.Name)) throw Bad(label, key, f.Value, $"a summary figure: one of {string.Join(", ", figureNames)}");
            if (f.Value.ValueKind != JsonValueKind.Object) throw Bad(label, key, f.Value, "an object with value, tolerance and source");
            CheckKeys(label, key, f.Value, "value", "tolerance", "source");
            double value = Number(label, key + ".value", f.Value, "value", -CalibrationTarget.MaxMagnitude, CalibrationTarget.MaxMagnitude);
            double tolerance = Number(label, key + ".tolerance", f.Value, "tolerance", CalibrationTarget.MinTolerance, CalibrationTarget.MaxMagnitude);
            list.Add(new CalibrationTarget(f.Name, value, tolerance, Text(f.Value, "source")));
        }
        return list;
    }

    private static void CheckKeys(string label, string key, JsonElement obj, params string[] allowed)
    {
        foreach (var p in obj.EnumerateObject())
            if (!allowed.Contains(p.Name)) throw Bad(label, $"{key}.{p.Name}", p.Value, $"one of: {string.Join(", ", allowed)}");
    }

    private static double Number(string label, string key, JsonElement obj, string name, double min, double max, bool whole = false)
    {
        if (!obj.TryGetProperty(name, out var v)) throw new TargetsFileException($"{label}: {key}: missing; expected a number");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || !double.IsFinite(x) || x < min || x > max || (whole && x != Math.Floor(x)))
        {
            string range = (double.IsFinite(min), double.IsFinite(max)) switch
            {
                (true, true) => string.Create(CultureInfo.InvariantCulture, $" from {min:G} to {max:G}"),
                (true, false) => min == double.Epsilon ? " above 0" : string.Create(CultureInfo.InvariantCulture, $" of at least {min:G}"),
                _ => "",
            };
            throw Bad(label, key, v, $"{(whole ? "a whole number" : "a number")}{range}");
        }
        return x;
    }

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText() : "";

    /// <summary>The file's master seed, by the rule of the scenario's seed key (read exactly: a double would round large seeds).</summary>
    private static long ReadSeed(string label, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long seed) && MasterSeed.IsValid(seed) ? seed : throw Bad(label, "seed", v, MasterSeed.Expected);

    private static TargetsFileException Bad(string label, string key, JsonElement value, string expected)
    {
        return new TargetsFileException($"{label}: {MessageText.Line(key, 300)} = {MessageText.Json(value)}: expected {expected}");
    }
}
