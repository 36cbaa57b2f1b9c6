using System.CommandLine;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary>
/// <c>participation new SCENARIO.json</c>: writes a documented starter scenario from a template of
/// <c>scenarios/templates/</c> (embedded in the tool), never over an existing file.
/// </summary>
internal static partial class NewCommand
{
    /// <summary>Templates shipped, by name (the file name in scenarios/templates/ without .json).</summary>
    public static IReadOnlyList<string> Templates { get; } = typeof(NewCommand).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("templates.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n["templates.".Length..^".json".Length]).Order(StringComparer.Ordinal).ToArray();

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file to write (ending in .json); it must not exist yet." };
        var name = new Option<string?>("--name") { Description = "Name of the community (default: \"New community\"), shown in summaries and reports." };
        var template = new Option<string>("--template") { Description = $"Template to start from: {string.Join(", ", Templates)}.", DefaultValueFactory = _ => "community" };
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("new", "Write a documented starter scenario (commented JSON: calendar, two compounds, one policy, sources) to edit and run. Refuses to overwrite an existing file.")
        {
            file, name, template, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            string text = Render(parse.GetValue(template) ?? "community", parse.GetValue(name));
            if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"{path}: expected a file name ending in .json");
            if (Directory.Exists(path)) throw new UsageException($"{path}: a folder of that name exists; expected a new file name");
            if (File.Exists(path)) throw new UsageException($"{path}: the file exists; choose a new name (participation new never overwrites a file)");
            var scenario = ScenarioLoader.LoadJson(text, []);
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            bool created;
            try
            {
                if (folder is not null) Directory.CreateDirectory(folder);
                // Written whole beside its name, then moved into place only if no file has taken the name meanwhile: a full
                // disk leaves nothing behind (not an empty file that a second try would call existing).
                created = OutputFiles.CreateText(path, w => w.Write(text));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot write {path}: {e.Message}", e);
            }
            if (!created) throw new UsageException($"{path}: the file exists; choose a new name (participation new never overwrites a file)");
            if (!parse.GetValue(quiet))
            {
                int households = scenario.Compounds.Values.Sum(c => c.Households);
                output.WriteLine($"Wrote {path}: \"{scenario.Name}\", {households:N0} households in {scenario.Compounds.Count} compounds, " +
                                 $"{scenario.Calendar.Start:yyyy-MM-dd} to {scenario.Calendar.End:yyyy-MM-dd} (reported from {scenario.Calendar.ReportFrom:yyyy-MM-dd}), {scenario.Policies.Count} polic{(scenario.Policies.Count == 1 ? "y" : "ies")}.");
                if (parse.GetValue(verbose)) output.WriteLine($"Template: scenarios/templates/{parse.GetValue(template)}.json; every key is listed in docs/scenario-reference.md.");
                output.WriteLine($"Edit it, then: participation run {ShellWords.Quote(path)} --replications 8 --report");
            }
            return Program.Ok;
        });
        return command;
    }

    /// <summary>The text of template <paramref name="template"/>, with the scenario's name set to <paramref name="name"/> if given.</summary>
    public static string Render(string template, string? name)
    {
        string resource = $"templates.{template}.json";
        using var stream = typeof(NewCommand).Assembly.GetManifestResourceStream(resource)
            ?? throw new UsageException($"--template {template}: expected one of {string.Join(", ", Templates)}");
        string text = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        if (name is null) return text;
        if (string.IsNullOrWhiteSpace(name)) throw new UsageException("--name: expected a non-empty name");
        string json = JsonSerializer.Serialize(name, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return NameKey().Replace(text, m => m.Groups["key"].Value + json, 1);
    }

    [GeneratedRegex("(?<key>\"name\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex NameKey();
}
