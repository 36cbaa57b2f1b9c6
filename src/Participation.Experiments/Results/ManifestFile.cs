using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Experiments.Results;

/// <summary>A manifest (or other JSON file a command reads back) that cannot be used; the message names the file, the key, the value and what is expected.</summary>
public sealed class ManifestException(string message) : Exception(message);

/// <summary>
/// A <c>manifest.json</c> read back (by rerun, resume, calibrate --from), with the scenario loader's discipline: a regular
/// file of at most 16 MiB, one JSON object with each key once, and every value read of the kind its key holds. A damaged
/// or edited manifest is a <see cref="ManifestException"/> naming the key (e.g. <c>seeds[2] = "x": expected a whole
/// number of at least 0</c>), never an internal error.
/// </summary>
public sealed class ManifestFile
{
    private const int MaxShown = 60;

    private ManifestFile(JsonObject json, string label)
    {
        Json = json;
        Label = label;
    }

    /// <summary>The manifest as JSON (checked: an object, each key once).</summary>
    public JsonObject Json { get; }

    /// <summary>The file, as named in messages.</summary>
    public string Label { get; }

    /// <summary>Reads and checks the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="ManifestException">The file cannot be read, is not JSON, not an object, or repeats a key.</exception>
    public static ManifestFile Read(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path); }
        catch (InputFileException e) { throw new ManifestException($"{path}: {e.Found}; expected a manifest: {e.Expected}"); }
        return Parse(text, path);
    }

    /// <summary>Parses and checks manifest JSON named <paramref name="label"/> in messages.</summary>
    /// <exception cref="ManifestException">Not JSON, not an object, or a key repeated in an object.</exception>
    public static ManifestFile Parse(string json, string label)
    {
        try
        {
            using (var doc = JsonDocument.Parse(json))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw new ManifestException($"{label}: (top level) = {Shown(doc.RootElement.GetRawText())}: expected a JSON object");
                CheckKeysOnce(doc.RootElement, "", label);
            }
            return new ManifestFile(JsonNode.Parse(json)!.AsObject(), label);
        }
        catch (JsonException e)
        {
            throw new ManifestException($"{label}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {e.Message.Split(" LineNumber:")[0].Split(" Path:")[0]}");
        }
    }

    /// <summary>Refuses a JSON object (at any depth) that names a key twice (a reader would take one of them silently).</summary>
    /// <exception cref="ManifestException">A key appears twice in one object.</exception>
    public static void CheckKeysOnce(JsonElement element, string path, string label)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in element.EnumerateObject())
            {
                string key = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                if (!seen.Add(p.Name)) throw new ManifestException($"{label}: {key} = {Shown(p.Value.GetRawText())}: expected each key once per object");
                CheckKeysOnce(p.Value, key, label);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in element.EnumerateArray()) CheckKeysOnce(item, $"{path}[{i++}]", label);
        }
    }

    /// <summary>The value at a dotted <paramref name="key"/> (e.g. <c>experiment.kind</c>), or null when absent.</summary>
    public JsonNode? Node(string key)
    {
        JsonNode? node = Json;
        foreach (var part in key.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node)) return null;
        }
        return node;
    }

    /// <summary>True when the manifest has a value (null included) at <paramref name="key"/>.</summary>
    public bool Has(string key)
    {
        int dot = key.LastIndexOf('.');
        return (dot < 0 ? Json : Node(key[..dot]) as JsonObject) is { } parent && parent.ContainsKey(key[(dot + 1)..]);
    }

    /// <summary>The string at <paramref name="key"/>; null when absent; refused when present but not a string.</summary>
    /// <param name="key">Dotted key.</param>
    /// <param name="what">What the string is, for the message (e.g. "the path of a checkpoint file").</param>
    public string? String(string key, string what = "text")
    {
        if (!Has(key)) return null;
        return Node(key) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(key, Node(key), $"{what}, as a string");
    }

    /// <summary>The whole number at <paramref name="key"/> within [<paramref name="min"/>, <paramref name="max"/>]; null when absent.</summary>
    public long? Whole(string key, long min, long max)
    {
        if (!Has(key)) return null;
        var node = Node(key);
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out long x) && x >= min && x <= max
            ? x : throw Bad(key, node, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));
    }

    /// <summary>The master seed at <paramref name="key"/>, by the rule of the scenario's seed key; null when absent.</summary>
    public ulong? Seed(string key) => !Has(key) ? null : SeedOf(Node(key), key);

    /// <summary>The array of replication seeds at <paramref name="key"/> (each any 64-bit seed, not only a master seed's range); null when absent.</summary>
    public ulong[]? Seeds(string key) => !Has(key) ? null : Node(key) is JsonArray a
        ? a.Select((s, i) => s is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<ulong>(out ulong seed)
            ? seed : throw Bad($"{key}[{i}]", s, ReplicationSeedExpected)).ToArray()
        : throw Bad(key, Node(key), $"an array of replication seeds, each {ReplicationSeedExpected}");

    /// <summary>What a replication seed is: <c>CounterRandom.ReplicationSeed</c> gives any 64-bit value.</summary>
    private const string ReplicationSeedExpected = "a whole number from 0 to 18446744073709551615";

    /// <summary>The array of strings at <paramref name="key"/>; null when absent.</summary>
    /// <param name="key">Dotted key.</param>
    /// <param name="what">What each string is, for the message.</param>
    public string[]? Strings(string key, string what) => !Has(key) ? null : Node(key) is JsonArray a
        ? a.Select((s, i) => s is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad($"{key}[{i}]", s, $"{what}, as a string")).ToArray()
        : throw Bad(key, Node(key), $"an array of {what}s, as strings");

    private ulong SeedOf(JsonNode? node, string key) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out long seed) && MasterSeed.IsValid(seed)
            ? (ulong)seed : throw Bad(key, node, MasterSeed.Expected);

    /// <summary>The error for <paramref name="key"/> holding <paramref name="value"/> where <paramref name="expected"/> was due.</summary>
    public ManifestException Bad(string key, JsonNode? value, string expected) =>
        new($"{Label}: {key} = {Shown(value?.ToJsonString() ?? "null")}: expected {expected}");

    private static string Shown(string raw)
    {
        raw = raw.ReplaceLineEndings(" ");
        return raw.Length <= MaxShown ? raw : raw[..(MaxShown - 3)] + "...";
    }
}
