using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// Property-based fuzzing of the scenario loader with CsCheck: the shipped scenarios (and any templates) are mutated
/// (keys deleted, added, misspelt and duplicated; values replaced by other types, random strings, huge and NaN-like
/// numbers, other dates and shares; deep nesting; big maps; truncation; character flips; wrong encodings) and loaded.
/// The loader must either accept the text, and then the scenario must be valid and round-trip through
/// <see cref="ScenarioJson.ToJson"/>, or refuse it with a <see cref="ScenarioException"/> whose message is one line;
/// never throw anything else, never hang (each load runs under a timeout).
/// </summary>
/// <remarks>
/// CI runs <see cref="DefaultIterations"/> mutated scenarios. The long version:
/// <c>FUZZ_ITERATIONS=200000 dotnet test tests/Participation.Tests -c Release --filter FullyQualifiedName~ScenarioFuzzTests</c>.
/// A failure prints a CsCheck seed; replay it with <c>CsCheck_Seed=...</c>.
/// </remarks>
public partial class ScenarioFuzzTests(ITestOutputHelper output)
{
    /// <summary>Mutated scenarios per CI run.</summary>
    public const int DefaultIterations = 4000;

    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(20);

    internal static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : ciDefault;

    // ---- the valid scenarios mutations start from ----------------------------------------------------

    /// <summary>The shipped scenarios (as written, where they load on their own, and resolved) and any templates.</summary>
    internal static readonly Lazy<string[]> Bases = new(() =>
    {
        string root = TestScenarios.RepoRoot();
        var files = Directory.GetFiles(Path.Combine(root, "scenarios"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}targets{Path.DirectorySeparatorChar}"))
            .Concat(Directory.GetFiles(root, "*.json", SearchOption.AllDirectories)
                .Where(f => f.Contains($"{Path.DirectorySeparatorChar}templates{Path.DirectorySeparatorChar}", StringComparison.OrdinalIgnoreCase)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var bases = new List<string>();
        foreach (var file in files)
        {
            if (new FileInfo(file).Length > 40_000) continue; // the 1-million-resident benchmark city: too slow to load thousands of times
            Scenario resolved;
            try { resolved = ScenarioLoader.Load(file); }
            catch (ScenarioException) { continue; } // e.g. a template with placeholders, or a plugin's policy kind
            bases.Add(ScenarioJson.ToJson(resolved));
            string raw = File.ReadAllText(file);
            try { ScenarioLoader.LoadJson(raw); bases.Add(raw); } catch (ScenarioException) { } // extends a base: only resolved
        }
        return bases.Distinct().ToArray();
    });

    // ---- mutations -----------------------------------------------------------------------------------

    /// <summary>One mutation: what to do, where (an index into the candidates, modulo their number), and two choices.</summary>
    public sealed record Mutation(Op Op, int Where, int What, int Extra)
    {
        public override string ToString() => $"{Op}({Where},{What},{Extra})";
    }

    public enum Op
    {
        DeleteKey, OtherType, RandomString, OddNumber, UnknownKey, DuplicateKey, DeepNesting, ScaleNumber, SetShare, SetDate,
        BigMap, ChangeKeyCase, EmptySection, AddPolicy, Truncate, FlipCharacter, Encoding,
    }

    private static readonly Gen<Mutation> GenMutation = Gen.Select(
        Gen.Enum<Op>(), Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], (op, w, x, e) => new Mutation(op, w, x, e));

    /// <summary>A base scenario and one to six mutations applied in turn.</summary>
    public static readonly Gen<(int Base, Mutation[] Mutations)> GenCase = Gen.Select(Gen.Int[0, 1 << 20], GenMutation.Array[1, 6]);

    private static readonly string[] Strings =
    [
        "", " ", "abc", "NaN", "nan", "Infinity", "-Infinity", "1e999", "-1e999", "0x10", "1,5", "1_000", "+5", "٣", "五",
        "true", "false", "null", "{}", "[]", "2024-13-01", "2023-02-29", "0001-01-01", "9999-12-31", "2024-06-01", "24-06-01",
        "commercial", "COMMERCIAL", "threeNo", "three_no", "registrationDrive", "points", "honours", "../../etc/passwd",
        "a\nb", "tab\there", "\u0001", "\u007f", "😀", "x-shaoxing.json", new string('x', 5000), "-0", "1e-400", "4.9e-324",
    ];

    /// <summary>Number tokens written into the JSON text as they are (some are not valid JSON).</summary>
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "1.5", "2", "3", "7", "10", "100", "1000000", "5000000", "5000001", "2147483647", "2147483648",
        "-2147483649", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e308", "-1e308", "1.7976931348623157e309",
        "1e400", "-1e400", "4.9e-324", "1e-400", "0.1e1", "1E2", "1.0", "3.0000000000000001", "0.30000000000000004",
        "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "1e", "0x1F", "1_000", "--1", "1e+", "99999999999999999999999999999",
    ];

    private static readonly string[] Dates =
        ["1900-01-01", "1994-01-03", "2000-02-29", "2010-01-04", "2015-01-01", "2024-12-31", "2026-01-05", "2030-12-31", "2100-01-01", "9998-12-31", "0001-01-01"];

    private static readonly string[] PolicyKinds = PolicyCatalog.Default.Kinds.Select(k => k.Name).ToArray();

    private static readonly string[] KeyNames =
        [.. ScenarioJson.Keys().Select(k => k.Path.Split('.')[^1]).Where(n => n != "<name>").Distinct(), "extends", "kind", "parameters", ""];

    /// <summary>The mutated scenario: text, or raw bytes when an encoding mutation was applied.</summary>
    internal static (string? Text, byte[]? Bytes) Apply(string baseText, Mutation[] mutations)
    {
        var raws = new List<string>();
        string Raw(string token) { raws.Add(token); return $"\u0002raw{raws.Count - 1}\u0002"; }
        JsonNode? root;
        try { root = JsonNode.Parse(baseText, null, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { root = new JsonObject(); }
        var textOps = new List<Mutation>();

        foreach (var m in mutations)
        {
            if (m.Op is Op.Truncate or Op.FlipCharacter or Op.Encoding) { textOps.Add(m); continue; }
            var slots = Slots(root);
            var objects = Objects(root);
            if (objects.Count == 0) continue;
            var (parent, name) = slots.Count > 0 ? slots[m.Where % slots.Count] : (objects[0], "");
            var obj = objects[m.Where % objects.Count];
            switch (m.Op)
            {
                case Op.DeleteKey when slots.Count > 0:
                    parent.Remove(name);
                    break;
                case Op.OtherType when slots.Count > 0:
                    parent[name] = (m.What % 7) switch
                    {
                        0 => JsonValue.Create("text"),
                        1 => JsonValue.Create(m.Extra),
                        2 => JsonValue.Create(m.Extra % 2 == 0),
                        3 => null,
                        4 => new JsonArray(JsonValue.Create(1), new JsonObject()),
                        5 => new JsonObject(),
                        _ => new JsonObject { ["value"] = parent[name]?.DeepClone() },
                    };
                    break;
                case Op.RandomString when slots.Count > 0:
                    parent[name] = m.What % 5 == 0 ? JsonValue.Create(Raw(m.Extra % 2 == 0 ? "\"\\ud800\"" : "\"a\\udc00b\""))
                        : JsonValue.Create(Strings[m.What % Strings.Length]);
                    break;
                case Op.OddNumber when slots.Count > 0:
                    parent[name] = JsonValue.Create(Raw(Numbers[m.What % Numbers.Length]));
                    break;
                case Op.UnknownKey:
                    string key = (m.What % 6) switch
                    {
                        0 => Typo(KeyNames[m.Extra % KeyNames.Length], m.Extra),
                        1 => KeyNames[m.Extra % KeyNames.Length],
                        2 => "a:b",
                        3 => "a.b",
                        4 => "x" + m.Extra.ToString(CultureInfo.InvariantCulture),
                        _ => Strings[m.Extra % Strings.Length],
                    };
                    if (!obj.ContainsKey(key)) obj[key] = (m.Extra % 3) switch { 0 => JsonValue.Create(1), 1 => JsonValue.Create("x"), _ => new JsonObject() };
                    break;
                case Op.DuplicateKey when slots.Count > 0:
                    string twin = m.What % 2 == 0 ? name : name.ToUpperInvariant();
                    string placeholder = Raw("\"" + twin.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
                    if (!parent.ContainsKey(placeholder)) parent[placeholder] = parent[name]?.DeepClone() ?? JsonValue.Create(1);
                    break;
                case Op.DeepNesting when slots.Count > 0:
                    int depth = new[] { 2, 10, 62, 63, 64, 65, 200, 5000 }[m.What % 8];
                    parent[name] = JsonValue.Create(Raw(m.Extra % 2 == 0
                        ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
                        : new string('[', depth) + new string(']', depth)));
                    break;
                case Op.ScaleNumber:
                    var numbers = slots.Where(s => s.Parent[s.Name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                    if (numbers.Count == 0) break;
                    var (p, n) = numbers[m.Where % numbers.Count];
                    double x = double.Parse(p[n]!.ToJsonString(), CultureInfo.InvariantCulture);
                    double factor = new[] { -1, 0, 0.5, 2, 10, 1000, 1e6, 1e300, -1e-3, 1 + 1e-15 }[m.What % 10];
                    double scaled = x * factor;
                    p[n] = double.IsFinite(scaled) ? JsonValue.Create(scaled) : JsonValue.Create(Raw("1e999"));
                    break;
                case Op.SetShare:
                    var shares = slots.Where(s => s.Parent[s.Name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                    if (shares.Count == 0) break;
                    var (sp, sn) = shares[m.Where % shares.Count];
                    sp[sn] = JsonValue.Create((m.What % 1001) / 1000.0);
                    break;
                case Op.SetDate:
                    var dates = slots.Where(s => s.Parent[s.Name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        && DateOnly.TryParseExact(v.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)).ToList();
                    if (dates.Count == 0) break;
                    var (dp, dn) = dates[m.Where % dates.Count];
                    dp[dn] = JsonValue.Create(Dates[m.What % Dates.Length]);
                    break;
                case Op.BigMap:
                    if (root is not JsonObject top) break;
                    int entries = new[] { 1, 10, 100, 400 }[m.What % 4];
                    if (m.Extra % 2 == 0)
                    {
                        var compounds = top["compounds"] as JsonObject ?? new JsonObject();
                        top["compounds"] = compounds;
                        for (int k = 0; k < entries; k++)
                            compounds[$"big{k}"] = new JsonObject { ["households"] = 1 + (m.Extra + k * 7919) % 5_000_000, ["buildings"] = 1 + k % 50 };
                    }
                    else
                    {
                        var policies = top["policies"] as JsonObject ?? new JsonObject();
                        top["policies"] = policies;
                        for (int k = 0; k < entries; k++)
                            policies[$"big{k}"] = new JsonObject { ["kind"] = PolicyKinds[(m.Extra + k) % PolicyKinds.Length], ["scale"] = (k % 10) / 5.0 };
                    }
                    break;
                case Op.ChangeKeyCase when slots.Count > 0:
                    string other = m.What % 2 == 0 ? name.ToUpperInvariant() : name.ToLowerInvariant();
                    if (other != name && !parent.ContainsKey(other))
                    {
                        var value = parent[name];
                        parent.Remove(name);
                        parent[other] = value;
                    }
                    break;
                case Op.EmptySection when slots.Count > 0:
                    if (parent[name] is JsonObject) parent[name] = new JsonObject();
                    break;
                case Op.AddPolicy:
                    if (root is not JsonObject r) break;
                    var all = r["policies"] as JsonObject ?? new JsonObject();
                    r["policies"] = all;
                    var kind = PolicyCatalog.Default.Kinds.ElementAt(m.What % PolicyKinds.Length);
                    var parameters = new JsonObject();
                    foreach (var parameter in kind.Parameters.Where((_, j) => (m.Extra >> j & 1) == 1))
                        parameters[parameter.Name] = JsonValue.Create(parameter.Min + (parameter.Max - parameter.Min) * ((m.Extra % 97) / 80.0));
                    all[$"added{m.Where % 1000}"] = new JsonObject
                    {
                        ["kind"] = kind.Name, ["start"] = Dates[m.Extra % Dates.Length], ["end"] = Dates[(m.Extra / 7) % Dates.Length],
                        ["scale"] = (m.Extra % 13) / 4.0, ["parameters"] = parameters,
                    };
                    break;
            }
        }

        string text = root?.ToJsonString(new JsonSerializerOptions { WriteIndented = mutations.Length % 2 == 0, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        for (int k = 0; k < raws.Count; k++) text = text.Replace($"\"\\u0002raw{k}\\u0002\"", raws[k]).Replace($"\"\u0002raw{k}\u0002\"", raws[k]);

        byte[]? bytes = null;
        foreach (var m in textOps)
        {
            switch (m.Op)
            {
                case Op.Truncate:
                    if (bytes is not null) bytes = bytes[..(m.Where % (bytes.Length + 1))];
                    else text = text[..(m.Where % (text.Length + 1))];
                    break;
                case Op.FlipCharacter when bytes is null && text.Length > 0:
                    const string flips = "{}[]\",:\\/*0a- \n\u00e9";
                    int at = m.Where % text.Length;
                    text = text[..at] + flips[m.What % flips.Length] + text[(at + 1)..];
                    break;
                case Op.Encoding:
                    var utf8 = bytes ?? Encoding.UTF8.GetBytes(text);
                    bytes = (m.What % 7) switch
                    {
                        0 => [0xEF, 0xBB, 0xBF, .. utf8],                                   // UTF-8 byte order mark: fine
                        1 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],              // UTF-16 LE with its mark
                        2 => Encoding.Unicode.GetBytes(text),                               // UTF-16 without a mark
                        3 => Encoding.Latin1.GetBytes(text.Replace("community", "communauté")), // Latin-1 bytes
                        4 => Insert(utf8, m.Where, [0x00]),                                 // a NUL byte
                        5 => Insert(utf8, m.Where, [0xC3]),                                 // a lone lead byte
                        _ => Insert(utf8, m.Where, [0xED, 0xA0, 0x80]),                     // an encoded surrogate (invalid UTF-8)
                    };
                    break;
            }
        }
        return bytes is null ? (text, null) : (null, bytes);
    }

    private static byte[] Insert(byte[] bytes, int where, byte[] insert)
    {
        int at = bytes.Length == 0 ? 0 : where % bytes.Length;
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    private static string Typo(string name, int seed)
    {
        if (name.Length < 2) return name + "x";
        int i = seed % (name.Length - 1);
        return (seed / 7 % 3) switch
        {
            0 => name.Remove(i, 1),
            1 => name[..i] + name[i + 1] + name[i] + name[(i + 2)..],
            _ => name.Insert(i, name[i].ToString()),
        };
    }

    private static List<(JsonObject Parent, string Name)> Slots(JsonNode? node)
    {
        var slots = new List<(JsonObject, string)>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
                foreach (var (name, child) in o.ToList()) { slots.Add((o, name)); Walk(child); }
            else if (n is JsonArray a)
                foreach (var child in a) Walk(child);
        }
        Walk(node);
        return slots;
    }

    private static List<JsonObject> Objects(JsonNode? node)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o) { objects.Add(o); foreach (var (_, child) in o.ToList()) Walk(child); }
            else if (n is JsonArray a) foreach (var child in a) Walk(child);
        }
        Walk(node);
        return objects;
    }

    // ---- the property ----------------------------------------------------------------------------------

    private sealed class Tally
    {
        public int Accepted, Refused;
        public readonly ConcurrentDictionary<string, int> Keys = new();
    }

    /// <summary>Loads under a timeout; returns the scenario or the refusal; anything else (or a hang) fails.</summary>
    internal static (Scenario? Scenario, ScenarioException? Refusal) LoadGuarded(Func<Scenario> load, string what)
    {
        var task = Task.Run(load);
        try
        {
            if (!task.Wait(LoadTimeout))
                throw new Xunit.Sdk.XunitException($"loading did not finish within {LoadTimeout.TotalSeconds} s: {what}");
            return (task.Result, null);
        }
        catch (AggregateException e) when (e.InnerException is ScenarioException s) { return (null, s); }
        catch (AggregateException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.InnerException!.GetType().Name} escaped the loader ({e.InnerException.Message}) for: {what}\n{e.InnerException}");
        }
    }

    [Fact]
    public void Mutated_scenarios_are_either_valid_or_refused_with_a_clear_message()
    {
        var bases = Bases.Value;
        Assert.True(bases.Length >= 10, $"only {bases.Length} base scenarios found");
        int iterations = Iterations(DefaultIterations);
        var tally = new Tally();
        string folder = Directory.CreateTempSubdirectory("fuzz-").FullName;
        var files = new ThreadLocal<string>(() => Path.Combine(folder, $"t{Environment.CurrentManagedThreadId}.json"));
        try
        {
            GenCase.Sample(c =>
            {
                var (text, bytes) = Apply(bases[c.Base % bases.Length], c.Mutations);
                string what = text is not null ? Show(text) : $"{bytes!.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(120, bytes.Length)))}";
                Func<Scenario> load = text is not null
                    ? () => ScenarioLoader.LoadJson(text)
                    : () => { File.WriteAllBytes(files.Value!, bytes!); return ScenarioLoader.Load(files.Value!); };
                var (scenario, refusal) = LoadGuarded(load, what);
                if (refusal is not null)
                {
                    CheckRefusal(refusal, what);
                    Interlocked.Increment(ref tally.Refused);
                    tally.Keys.AddOrUpdate(refusal.Key.Split('.')[0], 1, (_, v) => v + 1);
                }
                else
                {
                    CheckValid(scenario!, what);
                    Interlocked.Increment(ref tally.Accepted);
                }
            }, iter: iterations, print: c => $"base {c.Base % bases.Length}, mutations [{string.Join(", ", c.Mutations.Select(m => m.ToString()))}]");
        }
        finally { Directory.Delete(folder, recursive: true); }

        output.WriteLine($"{iterations} mutated scenarios from {bases.Length} bases: {tally.Accepted} accepted, {tally.Refused} refused");
        output.WriteLine("refused by first key: " + string.Join(", ", tally.Keys.OrderByDescending(k => k.Value).Take(15).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(tally.Accepted > iterations / 50, "almost every mutation was refused: the mutations do not reach the validity checks");
        Assert.True(tally.Refused > iterations / 4, "almost every mutation was accepted: the mutations are too tame");
    }

    [Fact]
    public void Random_overrides_of_every_key_are_either_valid_or_refused_with_a_clear_message()
    {
        var keys = ScenarioJson.Keys().Where(k => !k.Path.Contains("<name>") && k.Type != "a JSON object keyed by name").Select(k => k.Path)
            .Concat(["compounds.north.households", "compounds.north.buildings", "compounds.north.type", "policies.p.kind", "policies.p.scale",
                     "policies.p.start", "policies.p.end", "policies.p.parameters.fillFactor", "policies.p.parameters.tier1", "nope.nope", "decision", ""])
            .ToArray();
        string[] values = [.. Numbers, .. Strings.Where(s => s.Length < 100), .. Dates, .. PolicyKinds.Take(5)];
        var gen = Gen.Select(Gen.Int[0, keys.Length - 1], Gen.Int[0, values.Length - 1]).Array[1, 5];
        string baseText = ScenarioJson.ToJson(ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json")));
        gen.Sample(sets =>
        {
            var overrides = sets.Select(s => $"{keys[s.Item1]}={values[s.Item2]}").ToArray();
            string what = string.Join(" ", overrides.Select(o => "--set " + o));
            var (scenario, refusal) = LoadGuarded(() => ScenarioLoader.LoadJson(baseText, overrides), what);
            if (refusal is not null) CheckRefusal(refusal, what);
            else CheckValid(scenario!, what);
        }, iter: Iterations(DefaultIterations) / 4);
    }

    /// <summary>
    /// Device files, named pipes, folders and links to them, as the scenario or anywhere in its chain of extends: each
    /// load must end, under the timeout, in a one-line refusal (a pipe used to block the loader forever, /dev/zero to
    /// fill memory).
    /// </summary>
    [Fact]
    public void Devices_pipes_and_folders_anywhere_in_an_extends_chain_are_refused_with_a_clear_message()
    {
        if (OperatingSystem.IsWindows()) return;
        string folder = Directory.CreateTempSubdirectory("fuzz-special-").FullName;
        try
        {
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "pipe.json"))) mkfifo.WaitForExit();
            File.CreateSymbolicLink(Path.Combine(folder, "zero.json"), "/dev/zero");
            File.CreateSymbolicLink(Path.Combine(folder, "random.json"), "/dev/urandom");
            File.CreateSymbolicLink(Path.Combine(folder, "null.json"), "/dev/null");
            File.CreateSymbolicLink(Path.Combine(folder, "to-pipe.json"), Path.Combine(folder, "pipe.json"));
            File.CreateSymbolicLink(Path.Combine(folder, "loop.json"), Path.Combine(folder, "loop.json"));
            Directory.CreateDirectory(Path.Combine(folder, "dir.json"));
            string[] specials = ["pipe.json", "zero.json", "random.json", "null.json", "to-pipe.json", "loop.json", "dir.json", "/dev/zero", "/dev/null"];
            var bases = Bases.Value;
            int run = 0;
            Gen.Select(Gen.Int[0, bases.Length - 1], Gen.Int[0, specials.Length - 1], Gen.Int[0, 3]).Sample((b, special, depth) =>
            {
                // A chain of `depth` files built on a shipped scenario, the last extending the special file (depth 0: the special file itself).
                int id = Interlocked.Increment(ref run);
                string next = specials[special];
                for (int level = depth - 1; level >= 0; level--)
                {
                    JsonObject node;
                    try { node = JsonNode.Parse(bases[b], null, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject(); }
                    catch (JsonException) { node = new JsonObject(); }
                    node["extends"] = next;
                    next = $"chain{id}-{level}.json";
                    File.WriteAllText(Path.Combine(folder, next), node.ToJsonString());
                }
                string top = Path.IsPathRooted(next) ? next : Path.Combine(folder, next);
                string what = $"{top} (a chain of {depth} to {specials[special]})";
                var (scenario, refusal) = LoadGuarded(() => ScenarioLoader.Load(top), what);
                Assert.True(refusal is not null, $"accepted {what}");
                CheckRefusal(refusal!, what);
            }, iter: Iterations(DefaultIterations) / 20, threads: 1);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static string Show(string text) => text.Length <= 2000 ? text : text[..2000] + $"... ({text.Length} characters)";

    /// <summary>A refusal names a key and is one line of reasonable length.</summary>
    internal static void CheckRefusal(ScenarioException e, string what)
    {
        Assert.False(string.IsNullOrWhiteSpace(e.Key) && e.Key != "\"\"", $"no key in '{e.Message}' for {what}");
        Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), $"a message of several lines: {e.Message}");
        Assert.True(e.Message.Length < 3000, $"a message of {e.Message.Length} characters for {what}");
        Assert.Contains("expected", e.Message);
    }

    /// <summary>
    /// What an accepted scenario must satisfy: every value of the right type, finite and within its declared range,
    /// shares summing to 1, dates in order, buildings within households, policies of known kinds with parameters in
    /// range, a calendar the model can step through to its end; and it writes out and loads back to the same JSON.
    /// </summary>
    internal static void CheckValid(Scenario s, string what)
    {
        void Fail(string why) => throw new Xunit.Sdk.XunitException($"accepted an invalid scenario ({why}): {what}");

        void Walk(object instance, Type type, string path)
        {
            foreach (var f in ScenarioBinder.FieldsOf(type))
            {
                object? value = f.Property.GetValue(instance);
                string key = ScenarioBinder.Join(path, f.Name);
                if (value is null) { Fail($"{key} is null"); return; }
                switch (f.Shape)
                {
                    case Shape.Value: CheckValue(value, f.Min, f.Max, key); break;
                    case Shape.Section: Walk(value, f.Type, key); break;
                    default:
                        foreach (var entry in (System.Collections.IEnumerable)value)
                        {
                            var t = entry.GetType();
                            string name = (string)t.GetProperty("Key")!.GetValue(entry)!;
                            object item = t.GetProperty("Value")!.GetValue(entry)!;
                            if (name.Length == 0 || name.Contains(':')) Fail($"{key} has an entry named '{name}'");
                            if (f.Shape == Shape.SectionMap) Walk(item, f.Type, $"{key}.{name}");
                            else CheckValue(item, double.NegativeInfinity, double.PositiveInfinity, $"{key}.{name}");
                        }
                        break;
                }
            }
        }

        void CheckValue(object value, double min, double max, string key)
        {
            double? x = value switch { double d => d, int i => i, long l => l, _ => null };
            if (x is { } v && !(double.IsFinite(v) && v >= min && v <= max)) Fail($"{key} = {v} outside [{min}, {max}]");
            if (value is Enum e && !Enum.IsDefined(e.GetType(), e)) Fail($"{key} = {e} is not a defined value");
        }

        Walk(s, typeof(Scenario), "");

        var c = s.Calendar;
        if (!(c.End > c.Start && c.RegisterDate >= c.Start && c.RegisterDate <= c.End && c.ReportFrom >= c.Start && c.ReportFrom <= c.End))
            Fail("calendar dates out of order");
        var calendar = new Participation.Time.Calendar(c);
        if (calendar.TickCount < 1) Fail("no ticks");
        _ = calendar.WeekStart(calendar.TickCount); // the model reads the week after the last
        var d = s.Demography;
        double sizes = d.HouseholdSize1 + d.HouseholdSize2 + d.HouseholdSize3 + d.HouseholdSize4 + d.HouseholdSize5;
        double ages = d.Age0To17 + d.Age18To34 + d.Age35To49 + d.Age50To59 + d.Age60To69 + d.Age70To89;
        if (Math.Abs(sizes - 1) > 0.01 || Math.Abs(ages - 1) > 0.01) Fail($"shares sum to {sizes} and {ages}");
        if (d.OwnerLocalShare + d.OwnerFromCityShare > 1 + 1e-9) Fail("owner shares over 1");
        if (s.Compounds.Count == 0) Fail("no compounds");
        foreach (var (name, compound) in s.Compounds)
            if (compound.Buildings > compound.Households) Fail($"compound {name} has more buildings than households");
        if (s.Compounds.Values.Sum(x => (long)x.Households) > ScenarioBinder.MaxResidents) Fail("more households than the largest population allowed");
        foreach (var (name, policy) in s.Policies)
        {
            if (!PolicyCatalog.Default.TryGet(policy.Kind, out var kind)) { Fail($"policy {name} has unknown kind {policy.Kind}"); return; }
            if (policy.End < policy.Start) Fail($"policy {name} ends before it starts");
            if (!kind.Scale.Accepts(policy.Scale)) Fail($"policy {name} has scale {policy.Scale}, outside what {kind.Name} declares");
            foreach (var (parameter, value) in policy.Parameters)
            {
                var declared = kind.Parameters.FirstOrDefault(p => p.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase));
                if (declared is null || !declared.Accepts(value)) Fail($"policy {name} parameter {parameter} = {value}");
            }
            if (policy.Enabled && policy.End >= c.Start && !Enumerable.Range(0, calendar.TickCount).Any(t => policy.IsActive(calendar.WeekStart(t))))
                Fail($"policy {name} never acts in the run");
        }

        string json = ScenarioJson.ToJson(s);
        Scenario again;
        try { again = ScenarioLoader.LoadJson(json); }
        catch (ScenarioException e) { Fail($"its own JSON does not load back: {e.Message}"); return; }
        if (ScenarioJson.ToJson(again) != json) Fail("its JSON does not load back to the same scenario");
    }
}
