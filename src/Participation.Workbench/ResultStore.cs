using System.Text.Json;
using Participation.Files;
using Participation.Policies;
using Participation.Experiments.Results;
using Participation.Experiments.Survival;
using Participation.Report;
using Participation.Report.Data;
using Participation.Report.Reports;

namespace Participation.Workbench;

/// <summary>A result folder as listed: its name, kind and what its manifest says.</summary>
internal sealed record ResultEntry(string Name, string Kind, string? Scenario, int? Replications, ulong? MasterSeed, DateTimeOffset? Started,
    double? WallSeconds, string? Command, IReadOnlyList<string> Files);

/// <summary>A Kaplan–Meier curve of backbone careers: years in the role, the share still running, and its 95 % band.</summary>
internal sealed record CareersCurve(int Careers, int Replications, double? MedianYears, double[] Years, double[] Share, double[] Low, double[] High);

/// <summary>
/// The result folders of the workspace (written by the workbench or by the command line), read as
/// <c>participation report</c> reads them: the kind told from the files, the report built by <see cref="ReportBuilder"/>.
/// </summary>
internal sealed class ResultStore(Workspace workspace)
{
    /// <summary>Every result folder, newest first.</summary>
    public IReadOnlyList<ResultEntry> List()
    {
        var list = new List<ResultEntry>();
        foreach (var dir in Directory.EnumerateDirectories(workspace.Results))
        {
            string name = Path.GetFileName(dir);
            if (name.StartsWith('.')) continue;
            try { list.Add(Get(name)); }
            catch (WorkbenchRefusal) { } // not a result folder, or a link out of the workspace: not listed
        }
        return list.OrderByDescending(r => r.Started ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Result folder <paramref name="name"/>.</summary>
    public ResultEntry Get(string? name)
    {
        string folder = Folder(name);
        FolderKind kind;
        try { kind = ResultFolder.Detect(folder); }
        catch (ReportException e) { throw new WorkbenchRefusal(404, $"result = {Workspace.Shown(name)}: {e.Message}"); }
        string? scenario = null, command = null;
        int? replications = null;
        ulong? seed = null;
        DateTimeOffset? started = null;
        double? wall = null;
        string manifest = Path.Combine(folder, "manifest.json");
        if (File.Exists(manifest))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
                var m = doc.RootElement;
                scenario = Text(m, "scenarioFile");
                command = Text(m, "command");
                replications = m.TryGetProperty("seeds", out var s) && s.ValueKind == JsonValueKind.Array ? s.GetArrayLength() : null;
                seed = m.TryGetProperty("masterSeed", out var ms) && ms.TryGetUInt64(out var u) ? u : null;
                started = m.TryGetProperty("started", out var st) && st.TryGetDateTimeOffset(out var t) ? t : null;
                wall = m.TryGetProperty("wallSeconds", out var w) && w.TryGetDouble(out var d) ? d : null;
            }
            catch (JsonException) { } // listed all the same; the report says what is wrong with it
        }
        var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.StartsWith('.') && !f.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        return new ResultEntry(Path.GetFileName(folder), kind.ToString().ToLowerInvariant(), scenario, replications, seed,
            started ?? Directory.GetCreationTimeUtc(folder), wall, command, files);
    }

    /// <summary>The path of file <paramref name="file"/> of result folder <paramref name="name"/>; the report is built the first time it is asked for.</summary>
    public string FilePath(string? name, string? file)
    {
        string path = workspace.ResultFile(workspace.ResultFolder(name), file);
        string folder = Folder(name);
        if (file == "report.html" && !File.Exists(path))
        {
            ReportResult report;
            try { report = ReportBuilder.Build(folder); }
            catch (ReportException e) { throw new WorkbenchRefusal(400, e.Message); }
            ResultSet.WriteAtomic(folder, "report.html", w => w.Write(report.Html));
        }
        if (!File.Exists(path)) throw new WorkbenchRefusal(404, $"file = {Workspace.Shown(file)}: result {name} has no such file");
        return path;
    }

    /// <summary>The backbone careers curve of a run's folder, as its report draws it (careers that started in the reported period, pooled).</summary>
    public CareersCurve Careers(string? name)
    {
        string folder = Folder(name);
        var f = ResultFolder.Open(folder);
        if (!f.Has("spells.csv")) throw new WorkbenchRefusal(404, $"result = {Workspace.Shown(name)}: no spells.csv (careers are drawn for runs)");
        var spells = f.Table("spells.csv");
        var weekly = f.Has("weekly_summary.csv") ? f.Table("weekly_summary.csv") : null;
        var first = weekly is { Rows.Count: > 0 } ? weekly.Dates("date")[0] : DateOnly.MinValue;
        List<Participation.Outcomes.TenureSpell> reported;
        try { reported = RunReport.ReportedSpells(spells, first); }
        catch (ReportException e) { throw new WorkbenchRefusal(400, e.Message); }
        int replications = spells.Numbers("replication").Distinct().Count();
        if (reported.Count == 0) return new CareersCurve(0, replications, null, [], [], [], []);
        var curve = TenureSurvival.Estimate(reported);
        var steps = curve.Steps.Where(s => s.Time > 0).ToList();
        const double weeksPerYear = Participation.Residents.Population.WeeksPerYear;
        return new CareersCurve(curve.Observations, replications, double.IsNaN(curve.Median) ? null : curve.Median / weeksPerYear,
            [0, .. steps.Select(s => s.Time / weeksPerYear)], [1, .. steps.Select(s => s.Survival)],
            [1, .. steps.Select(s => s.Low)], [1, .. steps.Select(s => s.High)]);
    }

    /// <summary>
    /// The network picture of a run's folder: its first replication's population and network at the start, rebuilt from
    /// the resolved scenario and seed its manifest records (the same draws as the run made).
    /// </summary>
    public NetworkSample Network(string? name, PolicyCatalog catalog)
    {
        string folder = Folder(name);
        string manifest = workspace.ResultFile(folder, "manifest.json");
        if (!File.Exists(manifest)) throw new WorkbenchRefusal(404, $"result = {Workspace.Shown(name)}: no manifest.json to rebuild the community from");
        JsonElement scenarioJson;
        ulong seed;
        try
        {
            using var doc = JsonDocument.Parse(InputFile.ReadAllBytes(manifest));
            var m = doc.RootElement;
            if (!m.TryGetProperty("scenario", out var s) || s.ValueKind != JsonValueKind.Object)
                throw new WorkbenchRefusal(404, $"result = {Workspace.Shown(name)}: its manifest records no scenario (the network is drawn for runs)");
            if (!m.TryGetProperty("seeds", out var seeds) || seeds.ValueKind != JsonValueKind.Array || seeds.GetArrayLength() == 0 || !seeds[0].TryGetUInt64(out seed))
                throw new WorkbenchRefusal(400, $"result = {Workspace.Shown(name)}: manifest.json seeds: expected the replications' seeds");
            scenarioJson = s.Clone();
        }
        catch (JsonException e) { throw new WorkbenchRefusal(400, $"result = {Workspace.Shown(name)}: manifest.json: malformed JSON ({e.Message})"); }
        catch (InputFileException e) { throw new WorkbenchRefusal(400, e.Message); }
        Scenarios.Scenario scenario;
        try { scenario = Participation.Simulation.ScenarioLoader.LoadJson(scenarioJson.GetRawText(), null, catalog); }
        catch (Scenarios.ScenarioException e) { throw new WorkbenchRefusal(400, $"result = {Workspace.Shown(name)}: manifest.json scenario: {e.Message}"); }
        return NetworkPicture.Draw(scenario, seed, catalog, $"result = {Workspace.Shown(name)}");
    }

    private string Folder(string? name)
    {
        string folder = workspace.ResultFolder(name);
        if (!Directory.Exists(folder)) throw new WorkbenchRefusal(404, $"result = {Workspace.Shown(name)}: no such result folder in {workspace.Results}");
        return folder;
    }

    private static string? Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
