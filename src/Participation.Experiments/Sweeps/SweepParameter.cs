using System.Globalization;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// One numeric scenario key varied by an experiment, over the closed range [<see cref="Low"/>, <see cref="High"/>].
/// Create one with <see cref="Parse"/> (from <c>path=lo:hi[:steps]</c>) or <see cref="Create"/>, which check the
/// path and the range against the scenario schema (<see cref="ScenarioJson.Keys"/>).
/// </summary>
/// <param name="Path">Dotted scenario path, e.g. <c>roles.exitNew</c> or <c>compounds.oldNorth.households</c>.</param>
/// <param name="Low">Lowest value.</param>
/// <param name="High">Highest value.</param>
/// <param name="Steps">Values on a grid, endpoints included (0: the design's default).</param>
/// <param name="Integer">True for whole-number keys: values are rounded to the nearest whole number.</param>
public sealed record SweepParameter(string Path, double Low, double High, int Steps = 0, bool Integer = false)
{
    /// <summary>Steps a grid uses for a parameter given without <c>:steps</c>.</summary>
    public const int DefaultGridSteps = 5;

    /// <summary>The value at <paramref name="unit"/> in [0, 1]: <c>Low + unit·(High − Low)</c>, rounded for whole-number keys.</summary>
    public double At(double unit) => Round(Tidy(Low + Math.Clamp(unit, 0, 1) * (High - Low)));

    /// <summary>Drops floating-point noise beyond 15 significant digits (0.11000000000000001 → 0.11), so design values read cleanly.</summary>
    private static double Tidy(double v) => double.Parse(v.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Rounds <paramref name="value"/> to a whole number for whole-number keys; otherwise returns it.</summary>
    public double Round(double value) => Integer ? Math.Round(value, MidpointRounding.AwayFromZero) : value;

    /// <summary>The <c>path=value</c> override that sets this key to <paramref name="value"/>.</summary>
    public string Override(double value) => Path + "=" + FormatValue(Round(value));

    /// <summary>A value as an override writes it (invariant culture, round-trip precision).</summary>
    public static string FormatValue(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses <c>path=lo:hi[:steps]</c> (e.g. <c>roles.exitNew=0.02:0.2:5</c>) and checks it against the schema.
    /// </summary>
    /// <param name="spec">The specification.</param>
    /// <param name="baseScenario">Scenario the key belongs to (for the bounds of policy parameters); may be null.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <exception cref="FormatException">The text is not of the form <c>path=lo:hi[:steps]</c>.</exception>
    /// <exception cref="ScenarioException">The path is not a numeric scenario key, or the range lies outside its bounds.</exception>
    public static SweepParameter Parse(string spec, Scenario? baseScenario = null, PolicyCatalog? catalog = null)
    {
        spec ??= "";
        int eq = spec.IndexOf('=');
        if (eq <= 0)
            throw new FormatException($"--vary '{spec}': expected path=lo:hi[:steps], e.g. roles.exitNew=0.02:0.2:5");
        string path = spec[..eq].Trim();
        var parts = spec[(eq + 1)..].Split(':');
        if (parts.Length is < 2 or > 3)
            throw new FormatException($"--vary '{spec}': expected path=lo:hi[:steps] (two or three numbers separated by ':'), e.g. {path}=0.1:0.5:5");
        double Number(string text, string what) =>
            double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v : throw new FormatException($"--vary '{spec}': {what} '{text}' is not a number");
        double lo = Number(parts[0], "lo"), hi = Number(parts[1], "hi");
        int steps = 0;
        if (parts.Length == 3 && (!int.TryParse(parts[2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out steps) || steps < 1 || steps > 1_000_000))
            throw new FormatException($"--vary '{spec}': steps '{parts[2]}' must be a whole number from 1 to 1000000");
        return Create(path, lo, hi, steps, baseScenario, catalog);
    }

    /// <summary>Creates a parameter after checking the path and range against the schema.</summary>
    /// <param name="path">Dotted scenario path.</param>
    /// <param name="low">Lowest value.</param>
    /// <param name="high">Highest value (at least <paramref name="low"/>).</param>
    /// <param name="steps">Grid steps (0: default).</param>
    /// <param name="baseScenario">Scenario the key belongs to (for policy parameter bounds); may be null.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <exception cref="ScenarioException">The path is not a numeric key, or the range is outside its bounds.</exception>
    /// <exception cref="FormatException"><paramref name="high"/> is below <paramref name="low"/>, or steps is negative.</exception>
    public static SweepParameter Create(string path, double low, double high, int steps = 0, Scenario? baseScenario = null, PolicyCatalog? catalog = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || high < low)
            throw new FormatException($"--vary {path}={FormatValue(low)}:{FormatValue(high)}: expected lo <= hi");
        if (steps < 0) throw new FormatException($"--vary {path}: steps must not be negative");
        var key = NumericKey.Find(path, baseScenario, catalog);
        foreach (var v in new[] { low, high })
            if ((key.Min is { } min && v < min) || (key.Max is { } max && v > max))
                throw new ScenarioException(key.Path, FormatValue(v), $"{key.Describe()} (the range of --vary must lie within the key's bounds)");
        return new SweepParameter(key.Path, low, high, steps, key.Integer);
    }
}

/// <summary>A numeric scenario key with its bounds, as the schema declares it.</summary>
/// <param name="Path">Dotted path as given (map names kept as written).</param>
/// <param name="Min">Smallest allowed value, when bounded.</param>
/// <param name="Max">Largest allowed value, when bounded.</param>
/// <param name="Integer">True for whole-number keys.</param>
public sealed record NumericKey(string Path, double? Min, double? Max, bool Integer)
{
    /// <summary>What the key accepts, in words.</summary>
    public string Describe()
    {
        string noun = Integer ? "a whole number" : "a number";
        return (Min, Max) switch
        {
            ({ } lo, { } hi) => $"{noun} between {SweepParameter.FormatValue(lo)} and {SweepParameter.FormatValue(hi)}",
            ({ } lo, null) => $"{noun} of at least {SweepParameter.FormatValue(lo)}",
            (null, { } hi) => $"{noun} of at most {SweepParameter.FormatValue(hi)}",
            _ => noun,
        };
    }

    /// <summary>
    /// Finds the numeric key <paramref name="path"/> in <see cref="ScenarioJson.Keys"/>; names under maps
    /// (<c>compounds.&lt;name&gt;</c>, <c>policies.&lt;name&gt;</c>) match any name, and policy parameters
    /// (<c>policies.NAME.parameters.P</c>) take their bounds from the policy's kind in <paramref name="baseScenario"/>.
    /// </summary>
    /// <exception cref="ScenarioException">The path names no numeric key (the loader's message, with a suggestion where it has one).</exception>
    public static NumericKey Find(string path, Scenario? baseScenario = null, PolicyCatalog? catalog = null)
    {
        path = (path ?? "").Trim();
        var parts = path.Split('.');
        foreach (var key in ScenarioJson.Keys())
        {
            var pattern = key.Path.Split('.');
            bool valueMap = key.Type.StartsWith("a JSON object keyed by name", StringComparison.Ordinal);
            if (valueMap && parts.Length == pattern.Length + 1 && Matches(pattern, parts))
            {
                CheckName(path, parts, baseScenario);
                return PolicyParameter(path, parts, baseScenario, catalog);
            }
            if (parts.Length != pattern.Length || !Matches(pattern, parts)) continue;
            CheckName(path, parts, baseScenario);
            // policies.<name>.scale: the range is the one the policy's kind declares.
            if (parts.Length == 3 && parts[2].Equals("scale", StringComparison.OrdinalIgnoreCase) && KindOf(parts, baseScenario, catalog) is { } kind)
                return new NumericKey(path, kind.Scale.Min, kind.Scale.Max, kind.Scale.WholeNumber);
            bool whole = key.Type.StartsWith("a whole number", StringComparison.Ordinal);
            if (!whole && !key.Type.StartsWith("a number", StringComparison.Ordinal))
                throw new ScenarioException(path, null, $"a numeric scenario key to vary ({key.Path} is {key.Type})");
            return new NumericKey(path, key.Min, key.Max, whole);
        }
        // Not in the schema: let the loader explain (unknown key with a suggestion, a path into a value...).
        ScenarioLoader.LoadJson("{}", [path + "=0"]);
        throw new ScenarioException(path, null, "a numeric scenario key such as decision.intercept (see ScenarioJson.Keys)");
    }

    /// <summary>
    /// The value <paramref name="scenario"/> has at <paramref name="path"/> (names matched case-insensitively), or
    /// null when the path leads to no number (e.g. a policy parameter left at its kind's default).
    /// </summary>
    public static double? ValueIn(Scenario scenario, string path)
    {
        System.Text.Json.Nodes.JsonNode? node = System.Text.Json.Nodes.JsonNode.Parse(ScenarioJson.ToJson(scenario));
        foreach (var part in (path ?? "").Split('.'))
        {
            if (node is not System.Text.Json.Nodes.JsonObject obj) return null;
            node = obj.FirstOrDefault(p => p.Key.Equals(part, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
    }

    private static bool Matches(string[] pattern, string[] parts)
    {
        for (int i = 0; i < pattern.Length; i++)
            if (parts[i].Length == 0 || (pattern[i] != "<name>" && !pattern[i].Equals(parts[i], StringComparison.OrdinalIgnoreCase)))
                return false;
        return true;
    }

    /// <summary>
    /// Refuses a name under a map (a compound, a policy) that the base scenario lacks: the loader would add a new
    /// entry with default values, which in a sweep is almost always a typo.
    /// </summary>
    private static void CheckName(string path, string[] parts, Scenario? scenario)
    {
        if (scenario is null || parts.Length < 2) return;
        IEnumerable<string>? names = parts[0].ToLowerInvariant() switch
        {
            "compounds" => scenario.Compounds.Keys,
            "policies" => scenario.Policies.Keys,
            _ => null,
        };
        if (names is null || names.Contains(parts[1], StringComparer.OrdinalIgnoreCase)) return;
        var list = names.Order(StringComparer.Ordinal).ToList();
        throw new ScenarioException(path, null, list.Count == 0
            ? $"a path into an existing entry of {parts[0]}; the scenario has none"
            : $"a path into an existing entry of {parts[0]}: one of {string.Join(", ", list)}");
    }

    /// <summary>The kind of the policy <c>policies.NAME…</c> names, when the scenario has it.</summary>
    private static PolicyKind? KindOf(string[] parts, Scenario? scenario, PolicyCatalog? catalog) =>
        parts[0].Equals("policies", StringComparison.OrdinalIgnoreCase) && scenario is not null &&
        scenario.Policies.TryGetValue(parts[1], out var policy) && (catalog ?? PolicyCatalog.Default).TryGet(policy.Kind, out var kind) ? kind : null;

    private static NumericKey PolicyParameter(string path, string[] parts, Scenario? scenario, PolicyCatalog? catalog)
    {
        // policies.<name>.parameters.<parameter>: bounds come from the policy kind, when the scenario names the policy.
        if (parts.Length == 4 && KindOf(parts, scenario, catalog) is { } kind)
        {
            var p = kind.Parameters.FirstOrDefault(x => x.Name.Equals(parts[3], StringComparison.OrdinalIgnoreCase))
                ?? throw new ScenarioException(path, null, $"a parameter of {kind.Name}: one of {string.Join(", ", kind.Parameters.Select(x => x.Name))}");
            return new NumericKey(path, p.Min, p.Max, p.WholeNumber);
        }
        return new NumericKey(path, null, null, false);
    }
}
