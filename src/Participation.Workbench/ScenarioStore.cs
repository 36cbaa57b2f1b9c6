using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Participation.Simulation;
using Participation.Policies;
using Participation.Scenarios;

namespace Participation.Workbench;

/// <summary>Where a scenario comes from: one of the five studies (shipped, read-only) or the user's workspace.</summary>
internal enum ScenarioSource { Study, Workspace }

/// <summary>A scenario file as the pages see it: where it is, its text, its version and, when it loads, what it holds.</summary>
internal sealed record ScenarioEntry(ScenarioSource Source, string File, string Text, string Version, Scenario? Scenario, string? Error)
{
    /// <summary>The id the API names it by: <c>study/x-shaoxing.json</c> or <c>workspace/my-community.json</c>.</summary>
    public string Id => $"{Source.ToString().ToLowerInvariant()}/{File}";
}

/// <summary>
/// The scenarios the workbench offers: the five studies (embedded, read-only) and the user's files in the workspace's
/// <c>scenarios/</c> folder. Files are checked by <see cref="ScenarioLoader"/> exactly as the command line loads them,
/// so a page shows the messages a file run would print; a file is written only when it loads, atomically, and never
/// over another one unless the caller names the version it replaces.
/// </summary>
internal sealed partial class ScenarioStore(Workspace workspace, PolicyCatalog catalog)
{
    private static readonly System.Reflection.Assembly Resources = typeof(ScenarioStore).Assembly;

    /// <summary>The study scenarios shipped, by file name (x-shaoxing.json...).</summary>
    public static IReadOnlyList<string> Studies { get; } = Resources.GetManifestResourceNames()
        .Where(n => n.StartsWith("studies/", StringComparison.Ordinal)).Select(n => n["studies/".Length..]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The templates a new scenario can start from (community).</summary>
    public static IReadOnlyList<string> Templates { get; } = Resources.GetManifestResourceNames()
        .Where(n => n.StartsWith("templates/", StringComparison.Ordinal)).Select(n => Path.GetFileNameWithoutExtension(n["templates/".Length..]))
        .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The policy kinds scenarios may name.</summary>
    public PolicyCatalog Catalog => catalog;

    /// <summary>Every study, then every scenario file of the workspace, loaded (or with the loader's message).</summary>
    public IReadOnlyList<ScenarioEntry> List()
    {
        var list = Studies.Select(s => Get(ScenarioSource.Study, s)).ToList();
        foreach (var path in Directory.EnumerateFiles(workspace.Scenarios, "*.json").Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            if (file.StartsWith('.')) continue;
            try { list.Add(Get(ScenarioSource.Workspace, file)); }
            catch (WorkbenchRefusal) { } // a name the API could not address, or a link out of the workspace: not offered
        }
        return list;
    }

    /// <summary>Parses an id such as <c>workspace/my.json</c>.</summary>
    public static (ScenarioSource Source, string File) ParseId(string? id)
    {
        int slash = id?.IndexOf('/') ?? -1;
        if (id is null || slash < 0)
            throw new WorkbenchRefusal(400, $"scenario = {Workspace.Shown(id)}: expected study/FILE.json or workspace/FILE.json");
        return id[..slash] switch
        {
            "study" => (ScenarioSource.Study, id[(slash + 1)..]),
            "workspace" => (ScenarioSource.Workspace, id[(slash + 1)..]),
            _ => throw new WorkbenchRefusal(400, $"scenario = {Workspace.Shown(id)}: expected study/FILE.json or workspace/FILE.json"),
        };
    }

    /// <summary>The scenario <paramref name="id"/>.</summary>
    public ScenarioEntry Get(string? id)
    {
        var (source, file) = ParseId(id);
        return Get(source, file);
    }

    /// <summary>One scenario, loaded as the command line would load it (the error is the loader's message when it does not load).</summary>
    public ScenarioEntry Get(ScenarioSource source, string file)
    {
        if (source == ScenarioSource.Study)
        {
            if (!Studies.Contains(file, StringComparer.Ordinal))
                throw new WorkbenchRefusal(404, $"scenario = {Workspace.Shown("study/" + file)}: expected one of the studies {string.Join(", ", Studies)}");
            string text = Resource("studies/" + file);
            var (scenario, error) = Try(() => ScenarioLoader.LoadJson(text, null, catalog));
            return new ScenarioEntry(source, file, text, VersionOf(Encoding.UTF8.GetBytes(text)), scenario, error);
        }
        string path = workspace.ScenarioFile(file);
        if (!File.Exists(path)) throw new WorkbenchRefusal(404, $"scenario = {Workspace.Shown("workspace/" + file)}: no such file in {workspace.Scenarios}");
        var bytes = ReadBounded(path, file);
        var (loaded, problem) = Try(() => LoadFile(path));
        return new ScenarioEntry(source, file, DecodeForEditing(bytes), VersionOf(bytes), loaded, problem);
    }

    /// <summary>Loads scenario <paramref name="id"/> for a run; refused with the loader's message when it does not load.</summary>
    public Scenario Load(string? id)
    {
        var entry = Get(id);
        return entry.Scenario ?? throw new WorkbenchRefusal(400, entry.Error!);
    }

    /// <summary>
    /// Writes a new scenario file <paramref name="file"/> from template <paramref name="template"/> or a copy of scenario
    /// <paramref name="copyOf"/>, named <paramref name="name"/> if given; never over an existing file.
    /// </summary>
    public ScenarioEntry Create(string? file, string? name, string? template, string? copyOf)
    {
        if (template is not null && copyOf is not null) throw new WorkbenchRefusal(400, "template and copyOf: give one (a new scenario starts from a template or a copy)");
        string text;
        if (copyOf is not null) text = Get(copyOf).Text;
        else
        {
            template ??= "community";
            if (!Templates.Contains(template, StringComparer.Ordinal))
                throw new WorkbenchRefusal(400, $"template = {Workspace.Shown(template)}: expected one of {string.Join(", ", Templates)}");
            text = Resource($"templates/{template}.json");
        }
        if (name is not null) text = WithName(text, name);
        return Write(file, Encoding.UTF8.GetBytes(text), replacing: null);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to scenario file <paramref name="file"/> if they load as a scenario. A new file is
    /// created; an existing one is replaced only when <paramref name="replacing"/> is its current version (so an edit never
    /// overwrites a file changed since it was opened).
    /// </summary>
    public ScenarioEntry Write(string? file, byte[] bytes, string? replacing)
    {
        string path = workspace.ScenarioFile(file);
        if (Directory.Exists(path)) throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(file)}: a folder of that name exists; expected a new file name");
        bool exists = File.Exists(path);
        if (exists && replacing is null)
            throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(file)}: the file exists; choose a new name (or open it and save your edit over its version)");
        if (exists && !string.Equals(replacing, VersionOf(ReadBounded(path, file!)), StringComparison.Ordinal))
            throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(file)}: the file changed on disk since it was opened (version {Workspace.Shown(replacing)}); open it again and redo the edit");
        if (!exists && replacing is not null)
            throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(file)}: the file opened (version {Workspace.Shown(replacing)}) is gone; save it under a new name");
        if (bytes.Length > ScenarioLoader.MaxBytes)
            throw new WorkbenchRefusal(413, $"{file}: ({bytes.Length:N0} bytes): expected a scenario file of at most {ScenarioLoader.MaxBytes:N0} bytes");

        // Checked where it will lie (so "extends" resolves as it will), under a hidden name, then renamed into place.
        string temp = Path.Combine(workspace.Scenarios, $".{file}.{Guid.NewGuid():N}.check");
        try
        {
            File.WriteAllBytes(temp, bytes);
            try { LoadFile(temp); }
            catch (ScenarioException e) { throw new WorkbenchRefusal(400, e.Message.Replace(Path.GetFileName(temp), file, StringComparison.Ordinal)); }
            try { File.Move(temp, path, overwrite: exists); }
            catch (IOException) when (!exists && File.Exists(path))
            {
                throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(file)}: the file exists; choose a new name");
            }
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return Get(ScenarioSource.Workspace, file!);
    }

    /// <summary>Applies the structure form's <paramref name="edit"/> to workspace file <paramref name="file"/> and writes it as <see cref="Write"/> does.</summary>
    public ScenarioEntry Edit(string? file, StructureEdit edit)
    {
        string path = workspace.ScenarioFile(file);
        if (!File.Exists(path)) throw new WorkbenchRefusal(404, $"scenario = {Workspace.Shown("workspace/" + file)}: no such file in {workspace.Scenarios}");
        if (edit.Version is null) throw new WorkbenchRefusal(400, "version: expected the version of the file the form edits");
        return Write(file, edit.Apply(ReadBounded(path, file!), file!), edit.Version);
    }

    /// <summary>
    /// Loads a workspace file with <see cref="ScenarioLoader.Load"/>, after checking that every file of its
    /// <c>extends</c> chain lies inside the workspace (the loader alone would also accept the enclosing repository).
    /// </summary>
    private Scenario LoadFile(string path)
    {
        CheckExtends(path, 0);
        return ScenarioLoader.Load(path, null, catalog);
    }

    private void CheckExtends(string path, int depth)
    {
        if (depth > ScenarioLoader.MaxExtendsDepth || !File.Exists(path) || new FileInfo(path).Length > ScenarioLoader.MaxBytes) return;
        string? extends;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            extends = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("extends", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString() : null;
        }
        catch (JsonException) { return; } // the loader reports it with its line and position
        if (extends is null) return;
        string target;
        try { target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, extends)); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException) { return; }
        if (workspace.Inside(target) is not { } real)
            throw new ScenarioException("extends", extends, $"a file inside the workspace ({workspace.Root}); this path leads outside", Path.GetFileName(path));
        CheckExtends(real, depth + 1);
    }

    private static (Scenario?, string?) Try(Func<Scenario> load)
    {
        try { return (load(), null); }
        catch (ScenarioException e) { return (null, e.Message); }
    }

    private static byte[] ReadBounded(string path, string file)
    {
        long length = new FileInfo(path).Length;
        if (length > ScenarioLoader.MaxBytes)
            throw new WorkbenchRefusal(413, $"{file}: ({length:N0} bytes): expected a scenario file of at most {ScenarioLoader.MaxBytes:N0} bytes");
        return File.ReadAllBytes(path);
    }

    /// <summary>The text shown in the editor (invalid UTF-8 shown with replacement characters; the loader's message names the byte).</summary>
    private static string DecodeForEditing(byte[] bytes) => Encoding.UTF8.GetString(bytes.AsSpan(bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0));

    /// <summary>A short fingerprint of a file's bytes: an edit names the version it replaces.</summary>
    public static string VersionOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    private static string Resource(string name)
    {
        using var stream = Resources.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing from the workbench assembly");
        return new StreamReader(stream, Encoding.UTF8).ReadToEnd();
    }

    /// <summary>The scenario text with its top-level name set to <paramref name="name"/> (comments and layout kept).</summary>
    private static string WithName(string text, string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new WorkbenchRefusal(400, "name = '': expected a non-empty name for the community");
        if (name.Length > 200) throw new WorkbenchRefusal(400, $"name = {Workspace.Shown(name)}: expected a name of at most 200 characters");
        string json = JsonSerializer.Serialize(name, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (!NameKey().IsMatch(text)) throw new WorkbenchRefusal(400, $"name = {Workspace.Shown(name)}: the scenario started from has no \"name\" key to set; leave the name out and edit the file");
        return NameKey().Replace(text, m => m.Groups["key"].Value + json, 1);
    }

    [GeneratedRegex("(?<key>\"name\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex NameKey();
}
