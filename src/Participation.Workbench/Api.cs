using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Participation.Simulation;
using Participation.Experiments.Results;
using Participation.Scenarios;

namespace Participation.Workbench;

/// <summary>A new scenario: its file name, its community's name, and the template or scenario it starts from.</summary>
internal sealed record CreateRequest(string? File, string? Name, string? Template, string? CopyOf);

/// <summary>A job to queue: a run of one scenario or a comparison of variants with a baseline.</summary>
/// <param name="Kind">run or compare.</param>
/// <param name="Scenario">The scenario run, or the baseline (study/FILE.json or workspace/FILE.json).</param>
/// <param name="Variants">For a comparison: the variants.</param>
/// <param name="Replications">Replications (per scenario).</param>
/// <param name="Seed">Master seed (default: the scenario's).</param>
internal sealed record JobRequest(string? Kind, string? Scenario, string[]? Variants, int? Replications, long? Seed);

/// <summary>The workbench's API and pages.</summary>
internal static class Api
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/info", (WorkbenchOptions o, Workspace w) => new
        {
            version = ResultSet.Version, workspace = w.Root, plugins = o.Plugins, token = o.Token is not null,
            studies = ScenarioStore.Studies, templates = ScenarioStore.Templates,
        });

        api.MapGet("/api/scenarios", (ScenarioStore s) => s.List().Select(Summary));
        api.MapGet("/api/scenarios/{source}/{file}", (string source, string file, ScenarioStore s) => Detail(s.Get($"{source}/{file}")));
        api.MapPost("/api/scenarios", (CreateRequest r, ScenarioStore s) => Detail(s.Create(r.File, r.Name, r.Template, r.CopyOf)));
        // The file's bytes as the body: the loader checks them as it checks a file (encoding, size, JSON, every key).
        api.MapPut("/api/scenarios/workspace/{file}", async (string file, HttpRequest request, ScenarioStore s) =>
        {
            var bytes = await Body(request, ScenarioLoader.MaxBytes, file);
            string? version = request.Headers.IfMatch.ToString() is { Length: > 0 } v ? v.Trim('"') : null;
            return Detail(s.Write(file, bytes, version));
        });

        // A new scenario from a population table: the table's bytes as the body, read as the library reads a table.
        api.MapPut("/api/scenarios/workspace/{file}/from-table", async (string file, string? table, string? name, string? type, string? buildings, HttpRequest request, ScenarioStore s) =>
        {
            int? perCompound = buildings is null ? null
                : int.TryParse(buildings, NumberStyles.None, CultureInfo.InvariantCulture, out int b) && b >= 1 ? b
                : throw new WorkbenchRefusal(400, $"buildings = {Workspace.Shown(buildings)}: expected a whole number of at least 1");
            var bytes = await Body(request, ScenarioLoader.MaxBytes, table ?? "population table");
            return Detail(s.CreateFromTable(new TableRequest(file, name, table, type, perCompound), bytes));
        });
        api.MapGet("/api/scenarios/{source}/{file}/network", (string source, string file, ScenarioStore s) =>
        {
            var scenario = s.Load($"{source}/{file}");
            return NetworkPicture.Draw(scenario, Participation.Experiments.Replications.ReplicationRunner.Seeds((ulong)scenario.Seed, 1)[0], s.Catalog, $"scenario = {Workspace.Shown($"{source}/{file}")}");
        });

        // The structure form: calendar dates and compound sizes written over the file's own values, comments kept.
        api.MapPost("/api/scenarios/workspace/{file}/structure", (string file, StructureEdit edit, ScenarioStore s) => Detail(s.Edit(file, edit)));

        api.MapGet("/api/policies", (ScenarioStore s) => PolicyPackages.Catalogue(s.Catalog));
        api.MapPost("/api/packages", (PackageRequest r, ScenarioStore s, Workspace w) => Detail(PolicyPackages.Write(s, w, r)));

        api.MapGet("/api/jobs", (JobQueue q) => q.Jobs.Select(View));
        api.MapPost("/api/jobs", (JobRequest r, ScenarioStore s, JobQueue q) => View(Queue(r, s, q)));
        api.MapPost("/api/jobs/{id}/cancel", (string id, JobQueue q) => View(q.Cancel(id)));
        api.MapPost("/api/jobs/{id}/resume", (string id, JobQueue q) => View(q.Resume(id)));
        api.MapPost("/api/jobs/{id}/remove", (string id, JobQueue q) => View(q.Remove(id)));

        api.MapGet("/api/results", (ResultStore r) => r.List());
        api.MapGet("/api/results/{name}", (string name, ResultStore r) => r.Get(name));
        api.MapGet("/api/results/{name}/careers", (string name, ResultStore r) => r.Careers(name));
        api.MapGet("/api/results/{name}/network", (string name, ResultStore r, ScenarioStore s) => r.Network(name, s.Catalog));
        api.MapGet("/api/results/{name}/files/{file}", (string name, string file, bool? download, ResultStore r) =>
        {
            string path = r.FilePath(name, file);
            string type = Types.TryGetContentType(file, out var t) ? t : "application/octet-stream";
            if (file.EndsWith(".parquet", StringComparison.Ordinal)) type = "application/vnd.apache.parquet";
            if (file.EndsWith(".csv", StringComparison.Ordinal)) type = "text/csv; charset=utf-8";
            return Results.File(path, type, download == true ? $"{name}-{file}" : null);
        });

        api.MapGet("/api/{**rest}", (string rest) => Results.Json(new { error = $"/api/{rest}: no such endpoint" }, statusCode: 404));
        api.MapGet("/{**path}", (string? path) => Page(path));
    }

    private static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>An embedded page or asset (the pages, their script and style, the chart library and its licence).</summary>
    private static IResult Page(string? path)
    {
        string name = string.IsNullOrEmpty(path) ? "index.html" : path;
        var stream = typeof(Api).Assembly.GetManifestResourceStream("wwwroot/" + name);
        if (stream is null) return Results.Json(new { error = $"/{name}: no such page" }, statusCode: 404);
        string type = Types.TryGetContentType(name, out var t) ? t : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal)) type += "; charset=utf-8";
        return Results.Stream(stream, type);
    }

    /// <summary>Reads a request body of at most <paramref name="limit"/> bytes (refused past it, whatever its Content-Length said).</summary>
    private static async Task<byte[]> Body(HttpRequest request, int limit, string file)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + n > limit)
                throw new WorkbenchRefusal(413, $"{file}: (over {limit:N0} bytes): expected a {(file.EndsWith(".json", StringComparison.Ordinal) ? "scenario file" : "file")} of at most {limit:N0} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static Job Queue(JobRequest r, ScenarioStore store, JobQueue queue)
    {
        bool compare = r.Kind switch
        {
            "run" => false,
            "compare" => true,
            _ => throw new WorkbenchRefusal(400, $"kind = {Workspace.Shown(r.Kind)}: expected run or compare"),
        };
        int replications = r.Replications ?? (compare ? 8 : 1);
        int least = compare ? 2 : 1;
        if (replications < least || replications > 100_000)
            throw new WorkbenchRefusal(400, $"replications = {replications}: expected a whole number from {least} to 100000{(compare ? " (intervals need at least two)" : "")}");
        if (r.Seed is < 0) throw new WorkbenchRefusal(400, $"seed = {r.Seed}: expected a whole number of at least 0");
        var baseline = Named(store, r.Scenario);
        var variants = (r.Variants ?? []).Select(v => Named(store, v)).ToList();
        if (compare && variants.Count == 0) throw new WorkbenchRefusal(400, "variants: expected at least one scenario to compare with the baseline");
        if (!compare && variants.Count > 0) throw new WorkbenchRefusal(400, "variants: a run has none (queue a comparison to compare scenarios)");
        if (variants.Select(v => v.Name).Append(baseline.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != variants.Count + 1)
            throw new WorkbenchRefusal(400, "variants: expected scenario files with distinct names (the file name names the variant), none the baseline's");
        ulong seed = (ulong)(r.Seed ?? baseline.Scenario.Seed);
        var request = new BatchRequest(compare, (baseline.Name, baseline.Scenario), variants.Select(v => (v.Name, v.Scenario)).ToArray(), seed, replications,
            [.. new[] { r.Scenario! }.Concat(r.Variants ?? []).Select(id => $"{Workspace.ScenariosName}/{ScenarioStore.ParseId(id).File}")]);
        string title = compare
            ? $"compare {baseline.Name} with {string.Join(", ", variants.Select(v => v.Name))}: {replications} replications, seed {seed}"
            : $"run {baseline.Name}: {replications} replication{(replications == 1 ? "" : "s")}, seed {seed}";
        return queue.Enqueue(title, request);
    }

    private static (string Name, Scenario Scenario) Named(ScenarioStore store, string? id) =>
        (Path.GetFileNameWithoutExtension(ScenarioStore.ParseId(id).File), store.Load(id));

    private static object View(Job j) => new
    {
        j.Id, j.Title, kind = j.Compare ? "compare" : "run", state = j.State, progress = Math.Round(j.Progress, 4), j.Message, j.Result,
        seconds = Math.Round(j.Seconds, 1), queued = j.Queued,
    };

    private static object Summary(ScenarioEntry e) => new
    {
        e.Id, source = e.Source, e.File, e.Version, e.Error, name = e.Scenario?.Name, description = e.Scenario?.Description,
        households = e.Scenario?.TotalHouseholds, compounds = e.Scenario?.Compounds.Count, policies = e.Scenario?.Policies.Count,
        start = Date(e.Scenario?.Calendar.Start), end = Date(e.Scenario?.Calendar.End),
    };

    private static object Detail(ScenarioEntry e) => new
    {
        e.Id, source = e.Source, e.File, e.Version, e.Error, e.Text, name = e.Scenario?.Name, description = e.Scenario?.Description, seed = e.Scenario?.Seed,
        calendar = e.Scenario is { } s
            ? new { start = Date(s.Calendar.Start), end = Date(s.Calendar.End), reportFrom = Date(s.Calendar.ReportFrom), registerDate = Date(s.Calendar.RegisterDate) }
            : null,
        compounds = e.Scenario?.Compounds.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new { name = c.Key, type = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Value.Type.ToString()), c.Value.Households, c.Value.Buildings }),
        levers = e.Scenario is null ? null : PolicyPackages.Levers(e.Scenario),
    };

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
