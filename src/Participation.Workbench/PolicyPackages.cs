using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Participation.Policies;
using Participation.Scenarios;

namespace Participation.Workbench;

/// <summary>One lever as the Policies page edits it (a scenario's <c>policies.NAME</c> entry).</summary>
internal sealed record LeverSettings(string Kind, bool Enabled, string? Start, string? End, double Scale, double UnitCost, Dictionary<string, double>? Parameters);

/// <summary>A policy package to write: a variant of a base scenario with its levers switched and set.</summary>
/// <param name="Base">The scenario the package changes (study/FILE.json or workspace/FILE.json).</param>
/// <param name="File">The variant's file name in the workspace.</param>
/// <param name="Name">The variant's name (shown in summaries and reports).</param>
/// <param name="Policies">Every lever of the package, by name: the base's (switched on or off, perhaps changed) and new ones.</param>
internal sealed record PackageRequest(string? Base, string? File, string? Name, Dictionary<string, LeverSettings>? Policies);

/// <summary>
/// The policy catalogue as the pages show it, and policy packages written as scenario files: a package is a small file
/// that <c>extends</c> its base and sets its levers, so <c>participation run</c> and <c>compare</c> run it as written.
/// </summary>
internal static class PolicyPackages
{
    /// <summary>Every policy kind: name, documentation and parameters; and the settings every lever has.</summary>
    public static object Catalogue(PolicyCatalog catalog) => new
    {
        settings = ScenarioJson.Keys().Where(k => k.Path.StartsWith("policies.<name>.", StringComparison.Ordinal))
            .Select(k => new { key = k.Path["policies.<name>.".Length..], k.Type, k.Min, k.Max, k.Unit, @default = k.Default, k.Doc }),
        kinds = catalog.Kinds.Select(k => new
        {
            k.Name, k.Doc,
            parameters = k.Parameters.Select(p => new { p.Name, p.Doc, @default = p.Default, p.Min, p.Max, p.Unit }),
        }),
    };

    /// <summary>A scenario's levers as the page edits them.</summary>
    public static Dictionary<string, LeverSettings> Levers(Scenario scenario) => scenario.Policies.ToDictionary(p => p.Key, p => new LeverSettings(
        p.Value.Kind, p.Value.Enabled, Date(p.Value.Start, DateOnly.MinValue), Date(p.Value.End, DateOnly.MaxValue), p.Value.Scale, p.Value.UnitCost,
        new Dictionary<string, double>(p.Value.Parameters, StringComparer.OrdinalIgnoreCase)), StringComparer.Ordinal);

    private static string? Date(DateOnly d, DateOnly unset) => d == unset ? null : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes package <paramref name="request"/> as a new workspace scenario file extending its base. A study base is
    /// first copied into the workspace under its own name (or the copy there is used when it is the same file).
    /// </summary>
    public static ScenarioEntry Write(ScenarioStore store, Workspace workspace, PackageRequest request)
    {
        var baseEntry = store.Get(request.Base);
        if (baseEntry.Scenario is null) throw new WorkbenchRefusal(400, $"base = {Workspace.Shown(request.Base)}: {baseEntry.Error}");
        if (request.Policies is null) throw new WorkbenchRefusal(400, "policies: expected the package's levers, by name");
        string baseFile = baseEntry.File;
        if (baseEntry.Source == ScenarioSource.Study)
        {
            string copy = workspace.ScenarioFile(baseFile);
            if (!File.Exists(copy)) store.Create(baseFile, null, null, baseEntry.Id);
            else if (ScenarioStore.VersionOf(File.ReadAllBytes(copy)) != baseEntry.Version)
                throw new WorkbenchRefusal(409, $"base = {Workspace.Shown(request.Base)}: the workspace holds a different {baseFile}; make the package from that file, or rename it");
        }
        return store.Write(request.File, Encoding.UTF8.GetBytes(Text(baseFile, baseEntry.Scenario.Name, request)), replacing: null);
    }

    private static string Text(string baseFile, string baseName, PackageRequest request)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("extends", baseFile);
            string name = string.IsNullOrWhiteSpace(request.Name) ? $"{baseName} with a policy package" : request.Name.Trim();
            w.WriteString("name", name);
            var on = request.Policies!.Where(p => p.Value.Enabled).Select(p => p.Key).ToArray();
            w.WriteString("description", $"A policy package written by the workbench: {baseFile} ({baseName}) with " +
                (on.Length == 0 ? "every lever switched off" : $"the levers {string.Join(", ", on)} on") + ".");
            w.WriteStartObject("policies");
            foreach (var (key, lever) in request.Policies!)
            {
                if (lever is null) throw new WorkbenchRefusal(400, $"policies.{key}: expected a lever's settings (kind, enabled, start, end, scale, unitCost, parameters)");
                w.WriteStartObject(key);
                w.WriteString("kind", lever.Kind);
                w.WriteBoolean("enabled", lever.Enabled);
                if (!string.IsNullOrWhiteSpace(lever.Start)) w.WriteString("start", lever.Start.Trim());
                if (!string.IsNullOrWhiteSpace(lever.End)) w.WriteString("end", lever.End.Trim());
                w.WriteNumber("scale", lever.Scale);
                w.WriteNumber("unitCost", lever.UnitCost);
                if (lever.Parameters is { Count: > 0 })
                {
                    w.WriteStartObject("parameters");
                    foreach (var (p, v) in lever.Parameters) w.WriteNumber(p, v);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
