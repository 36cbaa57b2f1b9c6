using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation scenarios list|copy NAME [DIR]</c>: the study scenarios, X's policy variants and the calibration
/// targets of the repository's <c>scenarios/</c> folder, embedded in the tool so that an installed tool can run its own
/// help examples anywhere. <c>copy</c> writes a scenario and every file it extends under DIR (default <c>scenarios</c>),
/// keeping the repository's layout (a variant's <c>"extends": "../x-shaoxing.json"</c> resolves), and never replaces a file
/// that differs from the shipped one.
/// </summary>
internal static partial class ScenariosCommand
{
    /// <summary>Prefix of the embedded files' logical names (<c>scenarios/x-policies/insurance.json</c>).</summary>
    private const string Prefix = "scenarios/";

    /// <summary>The default folder copies go to: the help examples' <c>scenarios/x-shaoxing.json</c> then exists.</summary>
    public const string DefaultFolder = "scenarios";

    /// <summary>Shipped files by name (the path below <c>scenarios/</c> without <c>.json</c>, with '/'), in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(ScenariosCommand).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal).ToArray();

    public static Command Create(TextWriter output, TextWriter error)
    {
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var list = new Command("list", "List the shipped scenarios (the five studies, X's policy variants in x-policies/, calibration targets in targets/) with their names.")
        {
            quiet, verbose,
        };
        list.SetAction(parse =>
        {
            if (parse.GetValue(quiet)) return Program.Ok;
            int width = Names.Max(n => n.Length);
            foreach (var name in Names) output.WriteLine($"{name.PadRight(width)}  {Title(name)}");
            output.WriteLine($"Copy one (with the files it extends) with: {Program.Name} scenarios copy NAME [DIR]; a folder name (x-policies, targets) or 'all' copies several.");
            return Program.Ok;
        });

        var name = new Argument<string>("name") { Description = "A name from 'participation scenarios list' (e.g. x-shaoxing, x-policies/insurance), a folder of them (x-policies, targets), or all." };
        name.CompletionSources.Add([.. Names, "x-policies", "targets", "all"]);
        var folder = new Argument<string>("folder") { Description = $"Folder to copy into, keeping the layout of scenarios/ (default: {DefaultFolder}).", DefaultValueFactory = _ => DefaultFolder };
        var copy = new Command("copy", "Copy shipped scenarios into a folder (default: scenarios), with every file they extend. Never replaces a file that differs from the shipped one.")
        {
            name, folder, quiet, verbose,
        };
        copy.SetAction(parse =>
        {
            string dir = parse.GetValue(folder)!;
            var written = Copy(parse.GetValue(name)!, dir);
            if (!parse.GetValue(quiet))
            {
                foreach (var (path, wrote) in written) output.WriteLine(wrote ? $"Wrote {path}" : $"Kept {path} (already there, the same as shipped)");
                var first = written[0].Path;
                output.WriteLine($"Run it with: {Program.Name} run {first}");
            }
            return Program.Ok;
        });

        return new Command("scenarios", "The study scenarios shipped with the tool: list them, or copy them into a folder to run or edit.") { list, copy };
    }

    /// <summary>
    /// Copies <paramref name="name"/> (with the files it extends) under <paramref name="folder"/>. Nothing is written when any
    /// target file exists with other content. Returns each target path and whether it was written (false: already the same).
    /// </summary>
    public static IReadOnlyList<(string Path, bool Wrote)> Copy(string name, string folder)
    {
        string key = name.Replace('\\', '/').Trim('/');
        if (key.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) key = key[..^".json".Length];
        if (key.StartsWith(Prefix, StringComparison.Ordinal)) key = key[Prefix.Length..];
        var chosen = key == "all" ? Names.ToList()
            : Names.Contains(key, StringComparer.Ordinal) ? [key]
            : Names.Where(n => n.StartsWith(key + "/", StringComparison.Ordinal)).ToList();
        if (chosen.Count == 0)
            throw new UsageException($"scenarios copy {name}: no shipped scenario of that name; expected one of {string.Join(", ", Names)}, a folder of them (x-policies, targets) or all");

        // The chosen files first, then whatever they extend, each once.
        var files = new List<string>();
        var pending = new Queue<string>(chosen);
        while (pending.TryDequeue(out var next))
        {
            if (files.Contains(next)) continue;
            files.Add(next);
            foreach (var parent in Extends(next)) pending.Enqueue(parent);
        }

        var targets = files.Select(f => (Name: f, Path: Path.Combine(folder, f.Replace('/', Path.DirectorySeparatorChar) + ".json"), Text: Text(f))).ToList();
        foreach (var t in targets)
        {
            if (Directory.Exists(t.Path)) throw new UsageException($"scenarios copy: {t.Path} is a folder; nothing was copied");
            if (File.Exists(t.Path) && File.ReadAllText(t.Path) != t.Text)
                throw new UsageException($"scenarios copy: {t.Path} exists and differs from the shipped {t.Name}; nothing was copied (participation never overwrites a file: move it away or copy into another folder)");
        }
        var result = new List<(string, bool)>();
        foreach (var t in targets)
        {
            if (File.Exists(t.Path)) { result.Add((t.Path, false)); continue; }
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(t.Path))!);
                using var stream = new FileStream(t.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.Write(t.Text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot write {t.Path}: {e.Message}", e);
            }
            result.Add((t.Path, true));
        }
        return result;
    }

    /// <summary>The shipped text of <paramref name="name"/>.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(ScenariosCommand).Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new UsageException($"scenarios: no shipped scenario {name}");
        return new StreamReader(stream, Encoding.UTF8).ReadToEnd();
    }

    /// <summary>The shipped files <paramref name="name"/> extends (its "extends", resolved against its own folder).</summary>
    private static IEnumerable<string> Extends(string name)
    {
        var m = ExtendsKey().Match(Text(name));
        if (!m.Success) yield break;
        string dir = name.Contains('/') ? name[..name.LastIndexOf('/')] : "";
        var parts = new List<string>(dir.Length == 0 ? [] : dir.Split('/'));
        foreach (var part in m.Groups["path"].Value.Split('/'))
        {
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part != ".") parts.Add(part);
        }
        string parent = string.Join('/', parts);
        if (parent.EndsWith(".json", StringComparison.Ordinal)) parent = parent[..^".json".Length];
        if (Names.Contains(parent, StringComparer.Ordinal)) yield return parent;
    }

    /// <summary>The file's <c>name</c> (a scenario) or the first sentence of its <c>description</c> (a targets file).</summary>
    private static string Title(string name)
    {
        try
        {
            using var json = JsonDocument.Parse(Text(name), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) return n.GetString() ?? "";
            if (json.RootElement.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String)
            {
                string text = d.GetString() ?? "";
                int end = text.IndexOf(". ", StringComparison.Ordinal);
                return end > 0 ? text[..end] : text;
            }
        }
        catch (JsonException) { }
        return "";
    }

    [GeneratedRegex("\"extends\"\\s*:\\s*\"(?<path>[^\"]+)\"")]
    private static partial Regex ExtendsKey();
}
