using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Participation.Files;
using Participation.Policies;
using Participation.Scenarios;

namespace Participation.Simulation;

/// <summary>
/// Loads scenarios from JSON. A file may name a base file with <c>"extends"</c>; the chain is layered through
/// Microsoft.Extensions.Configuration (bases first, then the file, then <c>dotted.path=value</c> overrides),
/// bound onto <see cref="Scenario"/> defaults and validated. Every problem, including IO and JSON syntax
/// errors, is reported as a <see cref="ScenarioException"/> naming the key, the value found and what is allowed.
/// (It lives here, above the policies, because it checks a scenario's policies against the catalogue of policy kinds;
/// what a scenario is lives in <see cref="Participation.Scenarios"/>, below them.)
/// </summary>
/// <example><code>
/// var scenario = ScenarioLoader.Load("scenarios/x-shaoxing.json", ["decision.intercept=-6"]);
/// </code></example>
public static class ScenarioLoader
{
    /// <summary>Longest chain of files a scenario may extend through.</summary>
    public const int MaxExtendsDepth = 16;

    /// <summary>Largest scenario file (or text, in UTF-8 bytes) the loader reads: 16 MiB, far above any real scenario.</summary>
    public const int MaxBytes = 16 << 20;

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>One file's content, checked against the schema.</summary>
    private sealed record Layer(string? Label, byte[] Bytes, string? Extends, IReadOnlyList<string> Keys);

    /// <summary>
    /// Loads a scenario file (and the chain of files it <c>extends</c>), applies overrides
    /// <c>"dotted.path=value"</c>, validates and returns the scenario.
    /// </summary>
    /// <param name="path">Scenario file. Base files are resolved relative to the file naming them and must lie
    /// under this file's folder or the working directory.</param>
    /// <param name="overrides">Overrides such as <c>decision.intercept=-6</c>, applied in order after the files.</param>
    /// <param name="catalog">Policy kinds the scenario may name; <see cref="PolicyCatalog.Default"/> when null.</param>
    /// <exception cref="ScenarioException">The scenario cannot be read or is not valid.</exception>
    public static Scenario Load(string path, IEnumerable<string>? overrides = null, PolicyCatalog? catalog = null)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            throw new ScenarioException(path ?? "(no path)", "(not a valid path)", "the path of an existing scenario file");
        }
        var files = new FileChain(Path.GetDirectoryName(full)!, Directory.GetCurrentDirectory());
        files.Collect(full, [], path, null, null);
        return Build(files.Layers, overrides, catalog);
    }

    /// <summary>
    /// Loads a scenario from JSON text (for tests and embedding). <c>"extends"</c> is not allowed: there is no
    /// file to resolve it against.
    /// </summary>
    /// <param name="json">The scenario as a JSON object.</param>
    /// <param name="overrides">Overrides such as <c>decision.intercept=-6</c>, applied in order after the JSON.</param>
    /// <param name="catalog">Policy kinds the scenario may name; <see cref="PolicyCatalog.Default"/> when null.</param>
    /// <exception cref="ScenarioException">The scenario is not valid.</exception>
    public static Scenario LoadJson(string json, IEnumerable<string>? overrides = null, PolicyCatalog? catalog = null)
    {
        json ??= "";
        if (json.Length > MaxBytes)
            throw new ScenarioException("(json)", $"({json.Length:N0} characters)", $"a scenario of at most {MaxBytes:N0} bytes");
        var layer = Parse(Encoding.UTF8.GetBytes(json), "(json)", null);
        if (layer.Extends is not null)
            throw new ScenarioException(ScenarioBinder.ExtendsKey, layer.Extends, "no extends in a scenario given as text (load it from a file)");
        return Build([layer], overrides, catalog);
    }

    /// <summary>Decodes and parses one layer and checks it against the schema.</summary>
    /// <param name="bytes">File content.</param>
    /// <param name="name">Name for file-level errors (the path as shown to the user).</param>
    /// <param name="label">File named in key-level errors; null for text.</param>
    private static Layer Parse(byte[] bytes, string name, string? label)
    {
        if (bytes.Length > MaxBytes)
            throw new ScenarioException(name, $"({bytes.Length:N0} bytes)", $"a scenario file of at most {MaxBytes:N0} bytes");
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            throw new ScenarioException(name, "(a UTF-16 byte order mark)", "UTF-8 text (save the file as UTF-8)");
        var body = bytes.AsMemory(bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0);
        // UTF-16 or UTF-32 without a byte order mark decodes as "valid" UTF-8 full of NUL characters; JSON text has none.
        if (body.Span.IndexOf((byte)0) is int nul and >= 0)
            throw new ScenarioException(name, $"(a NUL byte at byte {nul + bytes.Length - body.Length}: UTF-16 or binary content)", "UTF-8 text (save the file as UTF-8)");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(body.Span); }
        catch (DecoderFallbackException e)
        {
            throw new ScenarioException(name, $"(invalid UTF-8 at byte {e.Index})", "UTF-8 text (save the file as UTF-8)");
        }
        if (string.IsNullOrWhiteSpace(text))
            throw new ScenarioException(name, "(an empty file)", "a JSON object, such as {}");
        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            var keys = new List<string>();
            string? extends;
            try { extends = ScenarioBinder.CheckJson(doc.RootElement, label, keys); }
            catch (InvalidOperationException) // a \u escape that is not valid UTF-16 (a lone surrogate) in a name or string
            {
                throw new ScenarioException(name, $"(an invalid \\u escape{InvalidEscapeAt(body.Span)}: a lone UTF-16 surrogate such as \\ud800)",
                    "valid JSON text (a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one)");
            }
            return new Layer(label, bytes, extends, keys);
        }
        catch (JsonException e)
        {
            string reason = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
            if (reason.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
                throw new ScenarioException(name, $"(objects or arrays nested more than {JsonOptions.MaxDepth} deep at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})",
                    $"valid JSON nested at most {JsonOptions.MaxDepth} levels deep (a scenario needs 4)");
            throw new ScenarioException(name, $"(malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {reason})", "valid JSON");
        }
    }

    /// <summary>" at line L, position P" of the first string or name whose escapes are not valid UTF-16, or "".</summary>
    private static string InvalidEscapeAt(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                try { reader.GetString(); }
                catch (InvalidOperationException)
                {
                    var before = json[..(int)reader.TokenStartIndex];
                    int line = before.Count((byte)'\n') + 1, column = before.Length - (before.LastIndexOf((byte)'\n') + 1) + 1;
                    return $" at line {line}, position {column}";
                }
            }
        }
        catch (JsonException) { }
        return "";
    }

    /// <summary>Layers the files and overrides through configuration, binds and validates.</summary>
    private static Scenario Build(IReadOnlyList<Layer> layers, IEnumerable<string>? overrides, PolicyCatalog? catalog)
    {
        var builder = new ConfigurationBuilder();
        foreach (var layer in layers) builder.AddJsonStream(new MemoryStream(layer.Bytes));
        var overrideData = ParseOverrides(overrides ?? []);
        builder.AddInMemoryCollection(overrideData);
        IConfigurationRoot config;
        try { config = builder.Build(); }
        catch (Exception e) when (e is FormatException or InvalidDataException or JsonException or InvalidOperationException)
        {
            throw new ScenarioException(layers[^1].Label ?? "(json)", $"({e.Message})", "valid JSON");
        }

        var origins = new ValueOrigins(config.Providers, layers.Select(l => l.Label), overrideData);
        var scenario = ScenarioBinder.Bind(config, layers.SelectMany(l => l.Keys).Concat(overrideData.Keys), origins.Blame);
        catalog ??= PolicyCatalog.Default;
        ScenarioBinder.Validate(scenario, origins, checkAbove: () =>
        {
            catalog.Check(scenario, origins);
            MemoryEstimate.CheckSize(scenario, origins.Blame);
        });
        return scenario;
    }

    /// <summary>Checks <c>path=value</c> overrides against the schema; a later override of the same key wins.</summary>
    private static Dictionary<string, string?> ParseOverrides(IEnumerable<string> overrides)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in overrides.Select(o => o ?? ""))
        {
            int eq = o.IndexOf('=');
            if (eq < 0)
                throw new ScenarioException(ScenarioBinder.Shorten(o), "(no '=')", "an override of the form dotted.path=value, e.g. decision.intercept=-6", ValueOrigins.OverrideLabel);
            string path = o[..eq].Trim(), value = o[(eq + 1)..].Trim();
            data[ScenarioBinder.ConfigKey(path, value, ValueOrigins.OverrideLabel)] = value;
        }
        return data;
    }

    /// <summary>Follows a chain of <c>extends</c>, base files first, refusing cycles, long chains and escapes.</summary>
    private sealed class FileChain(string topFolder, string workingDirectory)
    {
        public List<Layer> Layers { get; } = [];

        /// <summary>Reads <paramref name="full"/>, then its base, and appends base before file.</summary>
        /// <param name="full">Absolute path.</param>
        /// <param name="chain">Files that extend it, outermost first.</param>
        /// <param name="key">Key blamed when the file is missing (the path, or <c>extends</c>).</param>
        /// <param name="value">Value blamed when missing.</param>
        /// <param name="blamed">File blamed when missing (the one naming it).</param>
        public void Collect(string full, string[] chain, string key, string? value, string? blamed)
        {
            string name = Display(full);
            if (chain.Contains(full, PathComparer))
                throw new ScenarioException(ScenarioBinder.ExtendsKey, value,
                    $"files that do not extend each other in a circle; extends cycle: {string.Join(" -> ", chain.Append(full).Select(Display))}", blamed);
            if (chain.Length >= MaxExtendsDepth)
                throw new ScenarioException(ScenarioBinder.ExtendsKey, value, $"a chain of at most {MaxExtendsDepth} files", blamed);

            var layer = Parse(Read(full, key, value, blamed), name, name);
            if (layer.Extends is { } extends)
            {
                string baseFull;
                try { baseFull = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, extends)); }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
                {
                    throw new ScenarioException(ScenarioBinder.ExtendsKey, extends, "a relative path to a scenario file", name);
                }
                // The check is on the real path (every symbolic link resolved), and the file read is that real path: a link
                // inside the tree that points out of it leads outside as surely as "../..", and is refused before it is read.
                // The tree is the top-level file's, found from the folder as named and from its real folder: a scenarios
                // folder reached through a link (a checkout linked into a work folder) keeps its repository's tree.
                string root = RepositoryRoot(topFolder);
                string real, realRoot, realTopRoot, realWorkingDirectory;
                try
                {
                    (real, realRoot, realWorkingDirectory) = (RealPath(baseFull), RealPath(root), RealPath(workingDirectory));
                    realTopRoot = RepositoryRoot(RealPath(topFolder));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ScenarioException(ScenarioBinder.ExtendsKey, extends, $"a path to a readable scenario file ({e.Message})", name);
                }
                if (!Inside(real, realRoot) && !Inside(real, realTopRoot) && !Inside(real, realWorkingDirectory))
                    throw new ScenarioException(ScenarioBinder.ExtendsKey, extends,
                        $"a file inside the scenario's repository or folder ({root}) or the working directory ({workingDirectory}); " +
                        (Inside(baseFull, root) || Inside(baseFull, workingDirectory) ? "this path leads outside through a symbolic link" : "this path leads outside"), name);
                Collect(real, [.. chain, full], ScenarioBinder.ExtendsKey, extends, name);
            }
            Layers.Add(layer);
        }

        /// <summary>
        /// Reads a file of the chain through <see cref="InputFile"/> (regular files of at most <see cref="MaxBytes"/> only).
        /// The top-level file is blamed by its path (<paramref name="blamed"/> null); a base file by the key naming it.
        /// </summary>
        private static byte[] Read(string full, string key, string? value, string? blamed)
        {
            try { return InputFile.ReadAllBytes(full, MaxBytes); }
            catch (InputFileException e)
            {
                bool missing = !File.Exists(full) && !Directory.Exists(full);
                string expected = missing ? "an existing scenario file" : $"a regular scenario file of at most {MaxBytes:N0} bytes (16 MiB)";
                if (blamed is null) throw new ScenarioException(key, $"({e.Found})", expected);
                throw new ScenarioException(key, value, missing ? $"{expected} (there is none at {full})" : $"{expected} ({full}: {e.Found})", blamed);
            }
        }

        /// <summary>
        /// The folder tree a scenario may draw base files from: the git repository that holds the top-level
        /// file (so variants in a subfolder can extend a scenario beside it), else the file's own folder.
        /// </summary>
        private static string RepositoryRoot(string folder)
        {
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                    return dir.FullName;
            return folder;
        }

        /// <summary>
        /// <paramref name="full"/> with every symbolic link in it resolved, component by component, as realpath(3) does
        /// (a path that does not exist is resolved as far as it exists). A chain of more than 40 links is refused.
        /// </summary>
        internal static string RealPath(string full)
        {
            int hops = 0;
            string Resolve(string path)
            {
                string? parent = Path.GetDirectoryName(path);
                if (parent is null) return path; // the root
                string here = Path.Combine(Resolve(parent), Path.GetFileName(path));
                FileSystemInfo info = Directory.Exists(here) ? new DirectoryInfo(here) : new FileInfo(here);
                if (info.LinkTarget is not { } target) return here;
                if (++hops > 40) throw new IOException($"{full}: too many levels of symbolic links");
                return Resolve(Path.GetFullPath(target, Path.GetDirectoryName(here)!));
            }
            return Resolve(Path.GetFullPath(full));
        }

        private static bool Inside(string full, string folder)
        {
            string relative = Path.GetRelativePath(folder, full);
            return !Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }

        /// <summary>A path as shown in messages: relative to the top-level file's folder when inside it.</summary>
        private string Display(string full) =>
            Inside(full, topFolder) ? Path.GetRelativePath(topFolder, full)
            : RealTopFolder is { } real && Inside(full, real) ? Path.GetRelativePath(real, full) : full;

        private string? RealTopFolder => _realTopFolder ??= TryRealPath(topFolder);
        private string? _realTopFolder;

        private static string? TryRealPath(string path)
        {
            try { return RealPath(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }
    }
}
