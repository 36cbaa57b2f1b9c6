using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Participation.Scenarios;

/// <summary>One key a scenario file may set, as documented by its <see cref="ParamAttribute"/>.</summary>
/// <param name="Path">Dotted camelCase path, e.g. <c>decision.intercept</c>; names under maps are written <c>&lt;name&gt;</c>.</param>
/// <param name="Type">What the value is, e.g. "a number", "a date as yyyy-MM-dd", "one of: …", "a JSON object keyed by name".</param>
/// <param name="Min">Smallest allowed value, when bounded.</param>
/// <param name="Max">Largest allowed value, when bounded.</param>
/// <param name="Unit">Unit, or empty.</param>
/// <param name="Default">Default value as compact JSON.</param>
/// <param name="Doc">What the key means.</param>
/// <param name="Source">Where the default comes from.</param>
public sealed record ScenarioKey(string Path, string Type, double? Min, double? Max, string Unit, string Default, string Doc, string Source);

/// <summary>
/// Writes scenarios as JSON and lists the keys a scenario file may set. <see cref="ToJson"/> writes every value,
/// so its output loads back (with <see cref="Participation.Simulation.ScenarioLoader"/>) to an equal scenario.
/// </summary>
public static class ScenarioJson
{
    /// <summary>The fully resolved scenario as indented camelCase JSON, map entries sorted by name.</summary>
    public static string ToJson(Scenario scenario) => Write(scenario, indented: true);

    /// <summary>Every key a scenario file may set, in declaration order, with type, range, unit, default, doc and source.</summary>
    public static IReadOnlyList<ScenarioKey> Keys()
    {
        var keys = new List<ScenarioKey>();
        AddKeys(typeof(Scenario), new Scenario(), "", keys);
        return keys;
    }

    private static void AddKeys(Type type, object defaults, string path, List<ScenarioKey> keys)
    {
        foreach (var f in ScenarioBinder.FieldsOf(type))
        {
            string key = ScenarioBinder.Join(path, f.Name);
            object value = f.Property.GetValue(defaults)!;
            if (f.Shape == Shape.Section) { AddKeys(f.Type, value, key, keys); continue; }
            keys.Add(new ScenarioKey(key, f.Shape == Shape.Value ? ScenarioBinder.Describe(f.Type, double.NegativeInfinity, double.PositiveInfinity) : f.Expected,
                double.IsFinite(f.Min) ? f.Min : null, double.IsFinite(f.Max) ? f.Max : null,
                f.Param?.Unit ?? "", Write(value, indented: false), f.Param?.Doc ?? "", f.Param?.Source ?? ""));
            if (f.Shape == Shape.SectionMap) AddKeys(f.Type, Activator.CreateInstance(f.Type)!, $"{key}.<name>", keys);
        }
    }

    private static string Write(object value, bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteValue(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case double d: w.WriteNumberValue(d); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string or DateOnly or Enum: w.WriteStringValue(ScenarioBinder.Format(value)); break;
            case IEnumerable map: // IReadOnlyDictionary<string, T>
                w.WriteStartObject();
                foreach (var (name, entry) in map.Cast<object>().Select(Entry).OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(name);
                    WriteValue(w, entry);
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteStartObject();
                foreach (var f in ScenarioBinder.FieldsOf(value.GetType()))
                {
                    w.WritePropertyName(f.Name);
                    WriteValue(w, f.Property.GetValue(value)!);
                }
                w.WriteEndObject();
                break;
        }
    }

    private static (string Name, object Value) Entry(object pair)
    {
        var t = pair.GetType(); // KeyValuePair<string, T>
        return ((string)t.GetProperty("Key")!.GetValue(pair)!, t.GetProperty("Value")!.GetValue(pair)!);
    }
}
