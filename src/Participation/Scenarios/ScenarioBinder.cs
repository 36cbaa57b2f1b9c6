using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Participation.Scenarios;

/// <summary>How a scenario property appears in JSON.</summary>
internal enum Shape
{
    /// <summary>A number, boolean, string, date or enum name.</summary>
    Value,
    /// <summary>A nested settings object.</summary>
    Section,
    /// <summary>An object of settings objects keyed by name (compounds, policies).</summary>
    SectionMap,
    /// <summary>An object of numbers keyed by name (policy parameters).</summary>
    ValueMap,
}

/// <summary>
/// One settable property of a settings class as the loader sees it. <see cref="Type"/> is the value type
/// for <see cref="Shape.Value"/> and <see cref="Shape.ValueMap"/>, the settings class otherwise.
/// </summary>
internal sealed record Field(string Name, PropertyInfo Property, ParamAttribute? Param, Shape Shape, Type Type)
{
    /// <summary>Smallest allowed value.</summary>
    public double Min => Math.Max(Param?.Min ?? double.NegativeInfinity, Type == typeof(int) ? int.MinValue : double.NegativeInfinity);
    /// <summary>Largest allowed value.</summary>
    public double Max => Math.Min(Param?.Max ?? double.PositiveInfinity, Type == typeof(int) ? int.MaxValue : double.PositiveInfinity);

    /// <summary>What the field accepts, in words.</summary>
    public string Expected => Shape switch
    {
        Shape.Value => ScenarioBinder.Describe(Type, Min, Max),
        Shape.Section => "a JSON object",
        _ => "a JSON object keyed by name",
    };

    /// <summary>The field describing one entry of a map.</summary>
    public Field Element => this with { Shape = Shape == Shape.SectionMap ? Shape.Section : Shape.Value, Param = null };
}

/// <summary>
/// Reflection-driven schema of <see cref="Scenario"/>: checks raw JSON and override paths against it,
/// binds configuration onto fresh instances (so omitted keys keep their defaults), and runs the range
/// and cross-field checks. Every problem is a <see cref="ScenarioException"/>.
/// </summary>
internal static class ScenarioBinder
{
    /// <summary>Top-level key naming the file a scenario file builds on.</summary>
    internal const string ExtendsKey = "extends";
    /// <summary>Largest population the loader accepts.</summary>
    internal const double MaxResidents = 20_000_000;
    private const string ArraysNotAllowed = " (arrays merge by index, so collections are objects; arrays are not allowed anywhere)";

    private static readonly ConcurrentDictionary<Type, Field[]> Schema = new();
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The settable properties of <paramref name="type"/>, with their camelCase JSON names.</summary>
    internal static Field[] FieldsOf(Type type) => Schema.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .Select(p =>
        {
            var (shape, type) = ShapeOf(p.PropertyType);
            return new Field(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p, p.GetCustomAttribute<ParamAttribute>(), shape, type);
        })
        .ToArray());

    private static (Shape, Type) ShapeOf(Type t)
    {
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && t.GetGenericArguments()[0] == typeof(string))
        {
            var element = t.GetGenericArguments()[1];
            return (IsValue(element) ? Shape.ValueMap : Shape.SectionMap, element);
        }
        return (IsValue(t) ? Shape.Value : Shape.Section, t);
    }

    private static bool IsValue(Type t) =>
        t.IsEnum || t == typeof(double) || t == typeof(int) || t == typeof(long) || t == typeof(bool) || t == typeof(string) || t == typeof(DateOnly);

    private static bool IsNumber(Type t) => t == typeof(double) || t == typeof(int) || t == typeof(long);

    // ---- words -------------------------------------------------------------------------------------

    /// <summary>What a value of type <paramref name="t"/> within [min, max] looks like, in words.</summary>
    internal static string Describe(Type t, double min, double max)
    {
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return "a string";
        if (t == typeof(DateOnly)) return "a date as yyyy-MM-dd";
        if (t.IsEnum) return "one of: " + string.Join(", ", EnumNames(t));
        string noun = t == typeof(double) ? "a number" : "a whole number";
        return (double.IsFinite(min), double.IsFinite(max)) switch
        {
            (true, true) => $"{noun} between {Format(min)} and {Format(max)}",
            (true, false) => $"{noun} of at least {Format(min)}",
            (false, true) => $"{noun} of at most {Format(max)}",
            _ => noun,
        };
    }

    /// <summary>A value as the scenario file writes it: invariant numbers, yyyy-MM-dd dates, camelCase enum names.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "null",
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, Inv),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<string> EnumNames(Type t) => Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName);

    /// <summary>"one of: a, b, c", with a suggestion when <paramref name="found"/> is close to one of them.</summary>
    internal static string OneOf(IEnumerable<string> names, string found)
    {
        var list = names.ToList();
        string suggestion = Closest(found, list) is { } best ? $" (did you mean {best}?)" : "";
        return $"one of: {string.Join(", ", list)}{suggestion}";
    }

    /// <summary>The candidate nearest to <paramref name="name"/> by edit distance, when near enough to be a typo.</summary>
    internal static string? Closest(string name, IEnumerable<string> candidates) => name.Length > MaxSuggestLength ? null : candidates
        .Select(c => (c, d: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
        .Where(x => x.d <= Math.Max(2, name.Length / 3))
        .OrderBy(x => x.d)
        .Select(x => x.c)
        .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Names longer than this get no "did you mean" (edit distance costs length squared: a 2 MB key took 11 s).</summary>
    private const int MaxSuggestLength = 100;

    internal static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The field <paramref name="name"/> of <paramref name="type"/>, or the unknown-key error with a suggestion.</summary>
    private static Field Find(Type type, string name, string parent, string? value, string? file)
    {
        var fields = FieldsOf(type);
        if (fields.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } field) return field;
        string where = parent.Length == 0 ? "a top-level key" : $"a key of {parent}";
        string expected = Closest(name, fields.Select(f => f.Name)) is { } best
            ? $"{where} (did you mean {Join(parent, best)}?)"
            : $"{where}: {OneOf(fields.Select(f => f.Name), name)}";
        throw new ScenarioException(Join(parent, Shorten(name)), value, expected, file);
    }

    // ---- raw JSON ----------------------------------------------------------------------------------

    /// <summary>
    /// Checks one file's JSON against the scenario types: known keys, JSON kinds, no arrays, no nulls,
    /// no duplicate keys. Values and ranges are checked after layering, on the merged configuration.
    /// </summary>
    /// <param name="root">The file's JSON.</param>
    /// <param name="file">File named in messages; null for text.</param>
    /// <param name="keys">Receives the configuration key of every value the file sets (':'-separated, as
    /// Microsoft.Extensions.Configuration flattens JSON: an empty object is a key of its own).</param>
    /// <returns>The top-level <c>extends</c> value, if any.</returns>
    internal static string? CheckJson(JsonElement root, string? file, List<string>? keys = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ScenarioException("(top level)", Text(root), "a JSON object, such as {}", file);
        string? extends = null;
        keys ??= [];
        CheckObject(root, "", "", file, keys, (p, key) =>
        {
            if (!p.Name.Equals(ExtendsKey, StringComparison.OrdinalIgnoreCase)) return Find(typeof(Scenario), p.Name, "", Text(p.Value), file);
            extends = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s
                ? s : throw new ScenarioException(key, Text(p.Value), "the path of a scenario file to build on, as a string", file);
            return null;
        });
        return extends;
    }

    private static void CheckObject(JsonElement obj, string path, string configPath, string? file, List<string> keys,
        Func<JsonProperty, string, Field?> fieldOf)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in obj.EnumerateObject())
        {
            string key = Join(path, p.Name);
            if (!seen.Add(p.Name))
                throw new ScenarioException(key, Text(p.Value), "each key once per object (keys are case-insensitive)", file);
            if (fieldOf(p, key) is { } field)
                CheckValue(p.Value, field, key, configPath.Length == 0 ? p.Name : configPath + ConfigurationPath.KeyDelimiter + p.Name, file, keys);
        }
    }

    private static void CheckValue(JsonElement v, Field f, string key, string configKey, string? file, List<string> keys)
    {
        bool kindOk = v.ValueKind switch
        {
            JsonValueKind.Object => f.Shape != Shape.Value,
            JsonValueKind.Number => f.Shape == Shape.Value && IsNumber(f.Type),
            JsonValueKind.True or JsonValueKind.False => f.Shape == Shape.Value && f.Type == typeof(bool),
            JsonValueKind.String => f.Shape == Shape.Value && !IsNumber(f.Type) && f.Type != typeof(bool),
            _ => false,
        };
        if (!kindOk)
        {
            string found = v.ValueKind switch
            {
                JsonValueKind.Array => ArraysNotAllowed,
                JsonValueKind.Null => "; null is not allowed (leave the key out to keep the default)",
                JsonValueKind.Object => ", not a JSON object",
                JsonValueKind.String => ", not a string",
                JsonValueKind.Number => ", not a number",
                _ => ", not true or false",
            };
            throw new ScenarioException(key, Text(v), f.Expected + found, file);
        }
        if (v.ValueKind == JsonValueKind.String) _ = v.GetString(); // throws InvalidOperationException on a lone surrogate escape
        if (v.ValueKind != JsonValueKind.Object || !v.EnumerateObject().Any())
        {
            keys.Add(configKey);
            return;
        }
        switch (f.Shape)
        {
            case Shape.Section:
                CheckObject(v, key, configKey, file, keys, (p, _) => Find(f.Type, p.Name, key, Text(p.Value), file));
                break;
            case Shape.SectionMap or Shape.ValueMap:
                CheckObject(v, key, configKey, file, keys, (p, entry) => p.Name.Length > 0 && !p.Name.Contains(':')
                    ? f.Element : throw new ScenarioException(Join(key, Shorten(p.Name)), Text(p.Value), "a name that is not empty and has no ':'", file));
                break;
        }
    }

    /// <summary>A name as shown in messages: cut to 100 characters; an empty or blank name quoted, so it can be seen.</summary>
    internal static string Shorten(string name) =>
        string.IsNullOrWhiteSpace(name) ? $"\"{name}\"" : name.Length <= MaxSuggestLength ? name : name[..(MaxSuggestLength - 3)] + "...";

    private static string Text(JsonElement v) => MessageText.Json(v);

    // ---- overrides ---------------------------------------------------------------------------------

    /// <summary>
    /// Checks that a dotted override path names a value in the schema (names under maps are free) and
    /// returns it as a configuration key.
    /// </summary>
    internal static string ConfigKey(string path, string value, string? file)
    {
        var parts = path.Split('.');
        if (parts.Any(p => p.Length == 0 || p.Contains(':')))
            throw new ScenarioException(Shorten(path), value, "a dotted path such as decision.intercept", file);
        Field? field = null;
        string prefix = "";
        foreach (var part in parts)
        {
            field = field?.Shape switch
            {
                null or Shape.Section => Find(field?.Type ?? typeof(Scenario), part, prefix, value, file),
                Shape.SectionMap or Shape.ValueMap => field.Element,
                _ => throw new ScenarioException(path, value, $"a path that ends at {prefix}, which is a single value", file),
            };
            prefix = Join(prefix, part);
        }
        if (field!.Shape != Shape.Value)
            throw new ScenarioException(path, value, $"a path to a single value ({path} is {field.Expected}; name one of its keys)", file);
        return string.Join(ConfigurationPath.KeyDelimiter, parts);
    }

    // ---- binding -----------------------------------------------------------------------------------

    /// <summary>Binds the merged configuration onto a new <see cref="Scenario"/>; only keys present replace defaults.</summary>
    /// <param name="config">Merged configuration.</param>
    /// <param name="keys">Every key the layers and overrides set (configuration paths, ':'-separated).</param>
    /// <param name="fileOf">The file (or "override") a dotted key's value comes from, for messages.</param>
    internal static Scenario Bind(IConfiguration config, IEnumerable<string> keys, Func<string, string?> fileOf) =>
        (Scenario)BindSection(typeof(Scenario), ConfigNode.From(config, keys), "", fileOf);

    /// <summary>
    /// The merged configuration as a tree, built in one pass over its keys. Binding through
    /// <see cref="IConfiguration.GetChildren"/> would scan every key of every provider for each section bound, which
    /// is quadratic in the size of a scenario (16,000 compounds took 18 s); the tree keeps loading linear. Children
    /// are ordered as <see cref="IConfiguration.GetChildren"/> orders them (<see cref="ConfigurationKeyComparer"/>),
    /// so maps bind in the same order, and values are read from the configuration, which layers them.
    /// </summary>
    private sealed class ConfigNode(string key)
    {
        private readonly Dictionary<string, ConfigNode> _children = new(StringComparer.OrdinalIgnoreCase);

        public string Key { get; } = key;
        public string? Value { get; private set; }
        public IEnumerable<ConfigNode> Children => _children.Values.OrderBy(c => c.Key, ConfigurationKeyComparer.Instance);
        public bool TryGetChild(string name, out ConfigNode child) => _children.TryGetValue(name, out child!);

        public static ConfigNode From(IConfiguration config, IEnumerable<string> keys)
        {
            var root = new ConfigNode("");
            foreach (var key in keys)
            {
                var node = root;
                foreach (var part in key.Split(ConfigurationPath.KeyDelimiter))
                {
                    if (!node._children.TryGetValue(part, out var child)) node._children[part] = child = new ConfigNode(part);
                    node = child;
                }
                node.Value = config[key];
            }
            return root;
        }
    }

    private static object BindSection(Type type, ConfigNode node, string path, Func<string, string?> fileOf)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var f in FieldsOf(type))
            if (node.TryGetChild(f.Name, out var child))
                f.Property.SetValue(instance, BindField(f, child, Join(path, child.Key), fileOf));
        return instance;
    }

    private static object BindField(Field f, ConfigNode section, string key, Func<string, string?> fileOf)
    {
        switch (f.Shape)
        {
            case Shape.Value:
                return TryParse(section.Value, f.Type, f.Min, f.Max, out var value)
                    ? value : throw new ScenarioException(key, section.Value ?? "(nothing)", f.Expected, fileOf(key));
            case Shape.Section:
                return BindSection(f.Type, section, key, fileOf);
            default: // a map present in configuration replaces the default map entirely
                var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), f.Type), StringComparer.OrdinalIgnoreCase)!;
                foreach (var entry in section.Children)
                    map[entry.Key] = BindField(f.Element, entry, Join(key, entry.Key), fileOf);
                return map;
        }
    }

    /// <summary>Parses configuration text as <paramref name="t"/> (invariant culture) and checks its range.</summary>
    internal static bool TryParse(string? text, Type t, double min, double max, out object value)
    {
        value = null!;
        if (text is null) return false;
        if (t == typeof(string)) value = text;
        else if (t == typeof(bool)) { if (bool.TryParse(text, out var b)) value = b; }
        else if (t == typeof(DateOnly)) { if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d)) value = d; }
        else if (t.IsEnum)
        {
            if (Enum.GetNames(t).FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
                value = Enum.Parse(t, name);
        }
        else if (double.TryParse(text, NumberStyles.Float, Inv, out var x) && double.IsFinite(x) && x >= min && x <= max)
        {
            if (t == typeof(double)) value = x;
            else if (x == Math.Floor(x) && Math.Abs(x) < 9e18)
            {
                long l = long.TryParse(text.Trim(), NumberStyles.Integer, Inv, out var exact) ? exact : (long)x;
                if (t == typeof(long)) value = l;
                else if (l is >= int.MinValue and <= int.MaxValue) value = (int)l;
            }
        }
        return value is not null;
    }

    // ---- cross-field checks ------------------------------------------------------------------------

    /// <summary>
    /// Checks what no single key can: dates in order, shares summing to 1, then <paramref name="checkAbove"/>: the checks
    /// that live above this layer (the policies against the catalogue of policy kinds, the memory the model needs).
    /// </summary>
    internal static void Validate(Scenario s, ValueOrigins origins, Action checkAbove)
    {
        Func<string, string?> fileOf = origins.Blame;
        // A value left at its default says so: the user looks for it in no file.
        void Require(bool ok, string key, object value, string expected)
        {
            if (!ok) throw new ScenarioException(key, origins.Shown(key, Format(value)), expected, fileOf(key));
        }
        // A check of a value computed from several keys (a sum of shares) blames the last layer that set any of them.
        void RequireOf(bool ok, string key, string[] keys, object value, string expected)
        {
            if (!ok) throw new ScenarioException(key, Format(value), expected, origins.BlameAny(keys));
        }
        string From(string key, string blamed) => origins.From(key, blamed);

        var c = s.Calendar;
        Require(c.End > c.Start, "calendar.end", c.End, $"a date after calendar.start ({Format(c.Start)}{From("calendar.start", "calendar.end")})");
        // The model reads the first day of the week after the last; runs of centuries only fill memory with weeks.
        Require(c.End <= LastEnd, "calendar.end", c.End, $"a date on or before {Format(LastEnd)}");
        Require(c.End.DayNumber - c.Start.DayNumber <= MaxRunYears * 366, "calendar.end", c.End,
            $"a date at most {MaxRunYears} years after calendar.start ({Format(c.Start)}{From("calendar.start", "calendar.end")})");
        string InRun(string key) =>
            $"a date between calendar.start ({Format(c.Start)}{From("calendar.start", key)}) and calendar.end ({Format(c.End)}{From("calendar.end", key)})";
        Require(c.RegisterDate >= c.Start && c.RegisterDate <= c.End, "calendar.registerDate", c.RegisterDate, InRun("calendar.registerDate"));
        Require(c.ReportFrom >= c.Start && c.ReportFrom <= c.End, "calendar.reportFrom", c.ReportFrom, InRun("calendar.reportFrom"));

        var d = s.Demography;
        double[] sizes = [d.HouseholdSize1, d.HouseholdSize2, d.HouseholdSize3, d.HouseholdSize4, d.HouseholdSize5];
        double[] ages = [d.Age0To17, d.Age18To34, d.Age35To49, d.Age50To59, d.Age60To69, d.Age70To89];
        RequireOf(Math.Abs(sizes.Sum() - 1) <= 0.01, "demography.householdSize1..householdSize5",
            [.. Enumerable.Range(1, 5).Select(k => $"demography.householdSize{k}")], Math.Round(sizes.Sum(), 4), "shares that sum to 1 (within 0.01)");
        RequireOf(Math.Abs(ages.Sum() - 1) <= 0.01, "demography.age0To17..age70To89",
            ["demography.age0To17", "demography.age18To34", "demography.age35To49", "demography.age50To59", "demography.age60To69", "demography.age70To89"],
            Math.Round(ages.Sum(), 4), "shares that sum to 1 (within 0.01)");
        Require(s.Demography.ChildRearingToAge > s.Demography.ChildRearingFromAge, "demography.childRearingToAge", s.Demography.ChildRearingToAge,
            $"an age above demography.childRearingFromAge ({s.Demography.ChildRearingFromAge}{From("demography.childRearingFromAge", "demography.childRearingToAge")})");
        RequireOf(d.OwnerLocalShare + d.OwnerFromCityShare <= 1 + 1e-9, "demography.ownerLocalShare+ownerFromCityShare",
            ["demography.ownerLocalShare", "demography.ownerFromCityShare"], Math.Round(d.OwnerLocalShare + d.OwnerFromCityShare, 4), "at most 1 (the rest of the owners come from outside the city)");

        Require(s.Compounds.Count > 0, "compounds", "{}", "at least one compound, as a JSON object keyed by name");
        foreach (var (name, compound) in s.Compounds)
            Require(compound.Buildings <= compound.Households, $"compounds.{name}.buildings", compound.Buildings,
                $"at most the compound's households ({compound.Households}{From($"compounds.{name}.households", $"compounds.{name}.buildings")})");

        checkAbove();
    }

    /// <summary>Last calendar end the model can run to (it reads the first day of the week after the last).</summary>
    internal static readonly DateOnly LastEnd = new(9998, 12, 31);

    /// <summary>Longest run, in years.</summary>
    internal const int MaxRunYears = 1000;


}
