using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>A numeric parameter a policy kind accepts in its scenario entry.</summary>
/// <param name="Name">Key under <c>parameters</c>.</param>
/// <param name="Doc">What it means.</param>
/// <param name="Default">Value when the scenario omits it.</param>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
/// <param name="Unit">Unit.</param>
public sealed record PolicyParameter(string Name, string Doc, double Default, double Min, double Max, string Unit = "")
{
    /// <summary>True when the value must be a whole number (weeks, days, months, people): the loader refuses a fraction rather than round it.</summary>
    public bool WholeNumber { get; init; }

    /// <summary>What the value may be, in words, e.g. "a whole number between 0 and 520".</summary>
    public string Expected => Scenarios.ScenarioBinder.Describe(WholeNumber ? typeof(long) : typeof(double), Min, Max);

    /// <summary>True when <paramref name="value"/> is one the parameter accepts.</summary>
    public bool Accepts(double value) => value >= Min && value <= Max && (!WholeNumber || value == Math.Floor(value));
}

/// <summary>A kind of policy: its name in scenarios, its documentation, its parameters and how to create it.</summary>
/// <param name="Name">Name used in scenario files (<c>"kind": "…"</c>).</param>
/// <param name="Doc">What the lever does, on which rule, from which study.</param>
/// <param name="Parameters">Parameters it accepts.</param>
/// <param name="Create">Creates the policy from its scenario name and settings.</param>
public sealed record PolicyKind(string Name, string Doc, IReadOnlyList<PolicyParameter> Parameters, Func<string, PolicySettings, Policy> Create)
{
    /// <summary>
    /// What the policy's <see cref="PolicySettings.Scale"/> means for this kind and the values it may take; the loader
    /// refuses others, naming the policy (a kind never clamps its scale). Default: <see cref="MultiplierScale"/>.
    /// </summary>
    public PolicyParameter Scale { get; init; } = MultiplierScale;

    /// <summary>The scale of a kind that does not say: a non-negative number, as large as the scenario key allows.</summary>
    public static PolicyParameter MultiplierScale { get; } = new("scale", "Scale of the policy, as its kind defines.", 1, 0, 1e9);

    /// <summary>The scale of a kind whose scale is a share (of a group covered, of places taken up): a number from 0 to 1.</summary>
    /// <param name="doc">What the share is of.</param>
    public static PolicyParameter ShareScale(string doc) => new("scale", doc, 1, 0, 1, "share");

    /// <summary>The value of parameter <paramref name="name"/> in <paramref name="settings"/>, or its default.</summary>
    public double Parameter(PolicySettings settings, string name)
    {
        var p = Parameters.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"policy kind {Name} has no parameter {name}", nameof(name));
        return settings.Parameters.TryGetValue(p.Name, out var v) ? v : p.Default;
    }
}

/// <summary>
/// The policy kinds a scenario may name. <see cref="Default"/> holds the built-in kinds; researchers
/// register their own with <see cref="Register"/> (from code or an assembly the user passes explicitly).
/// </summary>
public sealed class PolicyCatalog
{
    private readonly Dictionary<string, PolicyKind> _kinds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A catalogue with the built-in kinds.</summary>
    public static PolicyCatalog Default => CreateDefault();

    /// <summary>Registered kinds, by name.</summary>
    public IEnumerable<PolicyKind> Kinds => _kinds.Values.OrderBy(k => k.Name, StringComparer.Ordinal);

    /// <summary>Adds a kind; its name must be new.</summary>
    public PolicyCatalog Register(PolicyKind kind)
    {
        if (!_kinds.TryAdd(kind.Name, kind))
            throw new ArgumentException($"a policy kind named {kind.Name} is already registered", nameof(kind));
        return this;
    }

    /// <summary>Finds a kind by name (case-insensitive).</summary>
    public bool TryGet(string name, out PolicyKind kind) => _kinds.TryGetValue(name, out kind!);

    private static PolicyCatalog CreateDefault() => BuiltInPolicies.RegisterAll(new PolicyCatalog());

    /// <summary>
    /// Checks the policies of <paramref name="s"/> against the registered kinds: a known kind, an end on or after the
    /// start, and only the kind's parameters, each within its range.
    /// </summary>
    /// <param name="s">The scenario, bound from its files.</param>
    /// <param name="origins">Where each value came from, for the error message.</param>
    /// <exception cref="ScenarioException">A policy names an unknown kind, or a parameter is unknown or out of range.</exception>
    internal void Check(Scenario s, ValueOrigins origins)
    {
        Func<string, string?> fileOf = origins.Blame;
        void Require(bool ok, string key, object value, string expected)
        {
            if (!ok) throw new ScenarioException(key, origins.Shown(key, ScenarioBinder.Format(value)), expected, fileOf(key));
        }

        foreach (var (name, policy) in s.Policies)
        {
            string key = $"policies.{name}";
            if (!TryGet(policy.Kind, out var kind))
                throw new ScenarioException($"{key}.kind", policy.Kind.Length == 0 ? "(missing)" : policy.Kind,
                    $"a policy kind, {ScenarioBinder.OneOf(Kinds.Select(k => k.Name), policy.Kind)}", fileOf($"{key}.kind"));
            Require(policy.End >= policy.Start, $"{key}.end", policy.End, $"a date on or after {key}.start ({ScenarioBinder.Format(policy.Start)}{origins.From($"{key}.start", $"{key}.end")})");
            if (policy.Enabled) RequireSomeWeek(s.Calendar, policy, key, Require);
            // Each kind declares what its scale and parameters may be; a value outside is refused, never clamped or rounded.
            void RequireDeclared(PolicyParameter declared, double value, string vkey) =>
                Require(declared.Accepts(value), vkey, value, $"{declared.Expected} for a {kind.Name} policy ({declared.Name}: {declared.Doc.TrimEnd('.')})");
            RequireDeclared(kind.Scale, policy.Scale, $"{key}.scale");
            foreach (var (parameter, value) in policy.Parameters)
            {
                string pkey = $"{key}.parameters.{parameter}";
                var declared = kind.Parameters.FirstOrDefault(p => p.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ScenarioException(pkey, ScenarioBinder.Format(value), $"a parameter of {kind.Name}, {ScenarioBinder.OneOf(kind.Parameters.Select(p => p.Name), parameter)}", fileOf(pkey));
                RequireDeclared(declared, value, pkey);
            }
        }
    }

    /// <summary>
    /// Refuses an enabled policy that can never act: it acts in the weeks that start between its start and end, so one
    /// starting after the run's last week, or whose dates within the run hold no week's first day, would be a policy in
    /// the scenario (and its outputs) that does nothing. A policy that ended before the run began is history a base
    /// scenario carries (a variant that starts its calendar later keeps it): it is left alone.
    /// </summary>
    private static void RequireSomeWeek(CalendarSettings c, PolicySettings policy, string key, Action<bool, string, object, string> require)
    {
        var calendar = new Participation.Time.Calendar(c);
        var last = calendar.WeekStart(calendar.TickCount - 1);
        const string never = "otherwise the policy never acts; set enabled to false to keep it switched off";
        require(policy.Start <= last, $"{key}.start", policy.Start,
            $"a date on or before the first day of the run's last week ({ScenarioBinder.Format(last)}; calendar.end is {ScenarioBinder.Format(c.End)}): {never}");
        if (policy.End < c.Start) return;
        long days = Math.Max(0, (long)policy.Start.DayNumber - c.Start.DayNumber);
        var first = calendar.WeekStart((int)((days + 6) / 7)); // the first week that starts on or after the policy's start
        require(policy.End >= first, $"{key}.end", policy.End,
            $"a date on or after {ScenarioBinder.Format(first)}, the first day of the first week starting on or after {key}.start ({ScenarioBinder.Format(policy.Start)}): " +
            $"the policy acts in weeks that start between its dates, and these hold none; {never}");
    }
}
