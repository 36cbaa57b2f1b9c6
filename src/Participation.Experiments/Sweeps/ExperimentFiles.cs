using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// Files that sweeps, sensitivity analyses and calibrations write beside their tables: the design points and a
/// manifest (the <see cref="RunManifest"/> of <c>participation run</c>, plus a section describing the experiment
/// and the resolved base scenario). Each is written atomically with <see cref="ResultSet.WriteAtomic"/>.
/// </summary>
public static class ExperimentFiles
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Writes <c>manifest.json</c>: the fields of <paramref name="manifest"/>, then <c>experiment</c> and <c>scenario</c>.
    /// </summary>
    /// <param name="folder">Destination folder (must exist).</param>
    /// <param name="manifest">How the result was produced (its <c>Files</c> should list the files written).</param>
    /// <param name="experiment">What the experiment did: design, parameters, seeds scheme...</param>
    /// <param name="resolvedScenarioJson">The resolved base scenario as JSON.</param>
    public static void WriteManifest(string folder, RunManifest manifest, JsonObject experiment, string resolvedScenarioJson) =>
        ResultSet.WriteAtomic(folder, ResultsWriter.ManifestName, w => w.Write(ManifestText(manifest, experiment, resolvedScenarioJson)));

    /// <summary>
    /// Commits the experiment written through <paramref name="files"/> with its manifest (the fields of
    /// <paramref name="manifest"/>, then <c>experiment</c> and <c>scenario</c>), written last (<see cref="ResultsWriter.Commit"/>).
    /// </summary>
    public static void WriteManifest(ResultsWriter files, RunManifest manifest, JsonObject experiment, string resolvedScenarioJson) =>
        files.Commit(w => w.Write(ManifestText(manifest, experiment, resolvedScenarioJson)));

    private static string ManifestText(RunManifest manifest, JsonObject experiment, string resolvedScenarioJson)
    {
        var json = JsonSerializer.SerializeToNode(manifest, Json)!.AsObject();
        json["experiment"] = experiment;
        json["scenario"] = JsonNode.Parse(resolvedScenarioJson);
        return json.ToJsonString(Json);
    }

    /// <summary>The design as a JSON section: kind, points, and each parameter's path, range, steps and type.</summary>
    public static JsonObject Describe(SweepDesign design) => new()
    {
        ["design"] = design.Kind,
        ["points"] = design.Count,
        ["parameters"] = new JsonArray(design.Parameters.Select(p => (JsonNode)new JsonObject
        {
            ["path"] = p.Path, ["low"] = p.Low, ["high"] = p.High, ["steps"] = p.Steps, ["integer"] = p.Integer,
        }).ToArray()),
    };

    /// <summary>Writes <c>design.csv</c>: <c>point,&lt;parameters&gt;</c>, one row per design point.</summary>
    public static void WriteDesign(string folder, SweepDesign design, string name = "design.csv") =>
        ResultSet.WriteAtomic(folder, name, w => DesignRows(w, design));

    /// <summary>Writes <c>design.csv</c> through a results folder's writer (put in place when it commits).</summary>
    public static void WriteDesign(ResultsWriter files, SweepDesign design, string name = "design.csv") =>
        files.WriteText(name, w => DesignRows(w, design));

    private static void DesignRows(TextWriter w, SweepDesign design)
    {
        w.Write("point" + string.Concat(design.Parameters.Select(p => "," + p.Path)) + "\n");
        for (int i = 0; i < design.Count; i++)
            w.Write(i.ToString(CultureInfo.InvariantCulture) + string.Concat(design.Values(i).Select(v => "," + CsvSweepSink.FormatParameter(v))) + "\n");
    }
}
