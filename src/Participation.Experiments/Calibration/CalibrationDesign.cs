using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Files;
using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Experiments.Calibration;

/// <summary>
/// A calibration as a global design: a Latin hypercube over the targets file's parameter box, each point run with the
/// calibration's replications on common random numbers (replication k has seed
/// <see cref="CounterRandom.ReplicationSeed"/>(master seed, k) at every point, the seeds of the calibration's loss). Its
/// runs are an ordinary sweep, so they shard and merge like one; <see cref="Calibrator.RunFromDesign"/> then computes
/// every point's loss from them, takes the best as the fit and may polish it with Nelder–Mead.
/// </summary>
public static class CalibrationDesign
{
    /// <summary>
    /// The design: <paramref name="samples"/> Latin-hypercube points over <paramref name="parameters"/> (their ranges are
    /// the calibration bounds; whole-number keys are rounded), drawn from <see cref="DesignSeed"/>(<paramref name="masterSeed"/>).
    /// It depends only on its arguments, so every shard draws the same design.
    /// </summary>
    /// <param name="parameters">The fitted parameters as sweep parameters (e.g. <see cref="ModelSimulator.Parameters"/>).</param>
    /// <param name="samples">Design points (at least 1).</param>
    /// <param name="masterSeed">The calibration's master seed.</param>
    public static SweepDesign Create(IReadOnlyList<SweepParameter> parameters, int samples, ulong masterSeed) =>
        SweepDesign.LatinHypercube(parameters, samples, DesignSeed(masterSeed));

    /// <summary>The seed of the design's Latin hypercube, derived from the master seed (apart from the runs' seeds and the screen's).</summary>
    public static ulong DesignSeed(ulong masterSeed) => CounterRandom.Mix(masterSeed ^ 0x4341_4C44_4553_4947UL);

    /// <summary>The manifest's <c>experiment</c> of a design's runs (a shard records it; <see cref="ReadMerged"/> reads it back to refuse runs of another design).</summary>
    /// <param name="targetsFile">The targets file, as given.</param>
    /// <param name="spec">Its contents.</param>
    /// <param name="parameters">The fitted parameters (the parameter box), in the targets file's order.</param>
    /// <param name="design">The design.</param>
    /// <param name="replications">Replications per point.</param>
    public static JsonObject Describe(string targetsFile, CalibrationSpec spec, IReadOnlyList<CalibrationParameter> parameters, SweepDesign design, int replications) => new()
    {
        ["kind"] = "calibration-design", ["targetsFile"] = targetsFile, ["targetsHash"] = TargetsHash(spec),
        ["designSamples"] = design.Count, ["replications"] = replications,
        ["seeds"] = "common random numbers: replication k uses ReplicationSeed(masterSeed, k) at every point, as the calibration's loss; the design is drawn from Mix(masterSeed ^ 0x43414C4445534947)",
        ["parameters"] = new JsonArray(Box(parameters).Select(b => (JsonNode)b).ToArray()),
    };

    /// <summary>The parameter box as <c>path=min:max</c>, in the targets file's order.</summary>
    public static string[] Box(IReadOnlyList<CalibrationParameter> parameters) =>
        parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Path}={p.Min:R}:{p.Max:R}")).ToArray();

    /// <summary>A hash of the targets (figure, value, tolerance): with the runs, what makes a design's losses.</summary>
    public static string TargetsHash(CalibrationSpec spec)
    {
        var sb = new StringBuilder();
        foreach (var t in spec.Targets) sb.Append(CultureInfo.InvariantCulture, $"{t.Figure}:{t.Value:R}:{t.Tolerance:R}\n");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }

    /// <summary>
    /// The design's runs from the folder <see cref="ShardMerge"/> wrote from its shards: [point][replication][target]
    /// figures, to the bit as the journal holds them, for <see cref="Calibrator.RunFromDesign"/>. Refuses a folder that is
    /// not the merged design of this calibration, naming what differs.
    /// </summary>
    /// <param name="folder">The merged folder.</param>
    /// <param name="targetsFile">The targets file, as given.</param>
    /// <param name="spec">Its contents (the targets' figures are read, in order).</param>
    /// <param name="parameters">The fitted parameters (the parameter box).</param>
    /// <param name="baseScenario">The resolved scenario.</param>
    /// <param name="design">The design.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="masterSeed">The calibration's master seed.</param>
    /// <exception cref="ExperimentException">The folder is not the merge of this design's runs, or not of all of them.</exception>
    public static double[][][] ReadMerged(string folder, string targetsFile, CalibrationSpec spec, IReadOnlyList<CalibrationParameter> parameters,
        Scenario baseScenario, SweepDesign design, int replications, ulong masterSeed)
    {
        const string same = "give the same scenario (and --set), targets file, --design-samples, --replications and --seed as the shards, and the same build";
        if (!Directory.Exists(folder)) throw new ExperimentException($"from {folder}: no such folder");
        if (!File.Exists(Path.Combine(folder, SweepJournal.FileName)))
            throw new ExperimentException($"from {folder}: it holds no {SweepJournal.FileName}; expected the folder written by 'participation merge' of the calibration design's shards");
        ManifestFile? file = null;
        try { file = ManifestFile.Read(Path.Combine(folder, ResultsWriter.ManifestName)); }
        catch (ManifestException) { }
        var manifest = file?.Json;
        if (manifest?["experiment"] is not JsonObject experiment || file!.String("experiment.kind") != "calibration-design")
            throw new ExperimentException($"from {folder}: its runs are not a calibration design's (its manifest.json names {(manifest?["experiment"]?["kind"] is { } k ? $"a {k}" : "no experiment")}); " +
                "expected the merge of 'participation calibrate ... --design-samples N --shard K/M'");
        var differences = new List<string>();
        void Compare(string what, string? theirs, string mine) { if (theirs != mine) differences.Add($"{what}: the runs have {theirs ?? "none"}, this calibration {mine}"); }
        Compare("version", file.String("version"), ResultSet.Version);
        Compare("scenario", manifest["scenario"]?["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null, baseScenario.Name);
        if (manifest["scenario"] is not JsonNode scenario || !JsonNode.DeepEquals(scenario, JsonNode.Parse(ScenarioJson.ToJson(baseScenario))))
            differences.Add("resolved scenario (files and --set): it differs from the runs'");
        Compare("parameter box (the targets file's parameters)", string.Join(" ", file.Strings("experiment.parameters", "a parameter") ?? []), string.Join(" ", Box(parameters)));
        Compare("targets (figures, values, tolerances; hash)", file.String("experiment.targetsHash"), TargetsHash(spec));
        Compare("--design-samples", experiment["designSamples"]?.ToJsonString(), design.Count.ToString(CultureInfo.InvariantCulture));
        Compare("--replications", experiment["replications"]?.ToJsonString(), replications.ToString(CultureInfo.InvariantCulture));
        Compare("master seed (--seed)", manifest["masterSeed"]?.ToJsonString(), masterSeed.ToString(CultureInfo.InvariantCulture));
        if (differences.Count > 0) throw new ExperimentException($"from {folder}: the runs are of another calibration design: {string.Join("; ", differences)}; {same}");

        var rows = MergedRuns.Read(folder, baseScenario, design, replications, masterSeed, "calibration design", same);
        var figures = spec.Targets.Select(t => t.Figure).ToArray();
        return Enumerable.Range(0, design.Count)
            .Select(p => Enumerable.Range(0, replications).Select(r => figures.Select(rows[p * replications + r].Figure).ToArray()).ToArray()).ToArray();
    }

    /// <summary>
    /// Writes <c>design_losses.csv</c>: <c>point,rank,loss,&lt;parameters&gt;,&lt;figure&gt;_mean...</c>, one row per design
    /// point in design order; rank 1 is the lowest loss (ties broken by point), the loss and means on the fitting seeds.
    /// </summary>
    /// <param name="folder">Results folder.</param>
    /// <param name="result">A calibration run with <see cref="Calibrator.RunFromDesign"/> (its <c>design</c> evaluations are written).</param>
    /// <param name="targets">The targets, in the calibration's order.</param>
    /// <param name="name">File name.</param>
    public static void WriteLosses(string folder, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets, string name = "design_losses.csv") =>
        ResultSet.WriteAtomic(folder, name, w => LossRows(w, result, targets));

    /// <summary>Writes <c>design_losses.csv</c> through a results folder's writer (put in place when it commits).</summary>
    public static void WriteLosses(ResultsWriter files, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets, string name = "design_losses.csv") =>
        files.WriteText(name, w => LossRows(w, result, targets));

    private static void LossRows(TextWriter w, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets)
    {
        var design = result.Trace.Where(e => e.Phase == "design").ToArray();
        var rank = new int[design.Length];
        int r = 1;
        foreach (var e in design.OrderBy(e => e.Loss).ThenBy(e => e.Index)) rank[e.Index] = r++;
        w.Write("point,rank,loss" + string.Concat(result.Parameters.Select(p => "," + CsvTable.Format(p.Path))) +
                string.Concat(targets.Select(t => $",{t.Figure}_mean")) + "\n");
        foreach (var e in design)
            w.Write($"{e.Index.ToString(CultureInfo.InvariantCulture)},{rank[e.Index].ToString(CultureInfo.InvariantCulture)},{CsvTable.Format(e.Loss)}" +
                    string.Concat(e.Values.Select(v => "," + CsvSweepSink.FormatParameter(v))) +
                    string.Concat(e.Means.Select(m => "," + CsvTable.Format(m))) + "\n");
    }
}
