using System.Net;
using System.Text;
using Participation.Experiments.Replications;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Workbench;

namespace Participation.Tests.Workbench;

/// <summary>
/// The workbench's scenarios from a population table, its picture of a community's network, and a queue that outlives a
/// restart of the server; with the hostile requests each of them must refuse.
/// </summary>
public class WorkbenchTableNetworkQueueTests : IDisposable
{
    private readonly WorkbenchFactory _app = new();
    private readonly HttpClient _client;

    public WorkbenchTableNetworkQueueTests() => _client = _app.Pages();

    public void Dispose() => _app.Dispose();

    private static string Residents => Path.Combine(TestScenarios.RepoRoot(), "examples", "CsvPopulation", "residents.csv");

    private static Task<HttpResponseMessage> PutTable(HttpClient client, string file, byte[] csv, string query) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/workspace/{file}/from-table?{query}") { Content = new ByteArrayContent(csv) });

    [Fact]
    public async Task A_scenario_from_a_population_table_has_its_compounds_households_and_buildings_and_reads_the_table()
    {
        var created = await (await PutTable(_client, "qinghe.json", File.ReadAllBytes(Residents), "table=residents.csv&type=old&name=Qinghe%20Lane")).Json();
        Assert.Equal("workspace/qinghe.json", created.GetProperty("id").GetString());
        string path = Path.Combine(_app.Scenarios, "qinghe.json");
        var scenario = ScenarioLoader.Load(path);
        Assert.Equal("Qinghe Lane", scenario.Name);
        // The example's own scenario declares the same compounds, counted from the table by hand.
        var example = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "examples", "CsvPopulation", "qinghe-lane.json"));
        Assert.Equal(example.Compounds.Select(c => (c.Key, c.Value.Households, c.Value.Buildings)), scenario.Compounds.Select(c => (c.Key, c.Value.Households, c.Value.Buildings)));
        Assert.All(scenario.Compounds.Values, c => Assert.Equal(CompoundType.Old, c.Type));
        string text = File.ReadAllText(path);
        Assert.Contains("// A starter scenario", text); // the template's comments are kept
        Assert.Contains("population table residents.csv: 668 residents in 234 households", text);
        // The library reads the table against it: every household placed.
        Assert.Equal(234, PopulationTable.Read(Residents, scenario, 1).HouseholdCount);
        Assert.Empty(Directory.GetFiles(_app.Scenarios, ".*"));

        // The same name again: never overwritten.
        Assert.Contains("the file exists", await (await PutTable(_client, "qinghe.json", File.ReadAllBytes(Residents), "table=residents.csv&type=old")).Error(409));
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public async Task A_bad_table_gets_the_librarys_message_for_the_same_file_and_nothing_is_written()
    {
        var lines = File.ReadAllLines(Residents);
        lines[4] = lines[4].Replace(",31,", ",131,", StringComparison.Ordinal); // an age out of range
        string bad = string.Join('\n', lines) + "\n";
        string refused = await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes(bad), "table=residents.csv&type=old")).Error(400);

        // The library on the same bytes in a file, against the scenario the table implies: the same message.
        string folder = Directory.CreateTempSubdirectory("participation-table-").FullName;
        string file = Path.Combine(folder, "residents.csv");
        File.WriteAllText(file, bad);
        var example = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "examples", "CsvPopulation", "qinghe-lane.json"));
        var e = Assert.Throws<ScenarioException>(() => PopulationTable.Read(file, example, 1));
        Assert.Equal(e.Message.Replace(file, "residents.csv", StringComparison.Ordinal), refused);
        Assert.StartsWith("residents.csv line 5, column age = 131: expected ", refused);
        Directory.Delete(folder, recursive: true);

        Assert.StartsWith("residents.csv line 1, column 4 = size: expected one of the columns household",
            await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes("household,compound,age,size\nh1,a,40,3\n"), "table=residents.csv&type=old")).Error(400));
        Assert.Contains("numbers no building in compound a",
            await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes("household,compound,age\nh1,a,40\n"), "table=residents.csv&type=old")).Error(400));
        Assert.StartsWith("bad.json: compounds.a.type = castle: expected ",
            await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes("household,compound,age\nh1,a,40\n"), "table=residents.csv&type=castle&buildings=2")).Error(400));
        Assert.Contains("not UTF-8 text", await (await PutTable(_client, "bad.json", [0xFF, 0xFE, 0x68, 0x00], "table=residents.csv&type=old")).Error(400));
        Assert.StartsWith("type: expected the compounds' type, one of commercial",
            await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes("household,compound,age\nh1,a,40\n"), "table=residents.csv")).Error(400));
        Assert.StartsWith("buildings = 'many': expected a whole number",
            await (await PutTable(_client, "bad.json", Encoding.UTF8.GetBytes("household,compound,age\nh1,a,40\n"), "table=residents.csv&type=old&buildings=many")).Error(400));
        Assert.Empty(Directory.GetFiles(_app.Scenarios, "*", SearchOption.AllDirectories));

        // Without building numbers, the buildings given: created.
        var made = await (await PutTable(_client, "one.json", Encoding.UTF8.GetBytes("household,compound,age\nh1,a,40\nh2,a,70\n"), "table=one.csv&type=commercial&buildings=2")).Json();
        var one = ScenarioLoader.Load(Path.Combine(_app.Scenarios, "one.json"));
        Assert.Equal((2, 2, CompoundType.Commercial), (one.Compounds["a"].Households, one.Compounds["a"].Buildings, one.Compounds["a"].Type));
        Assert.Equal("workspace/one.json", made.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("..%2Fescape.json", "table=t.csv&type=old", "expected a file name")]
    [InlineData("%2Ftmp%2Fabsolute.json", "table=t.csv&type=old", "expected a file name")]
    [InlineData("fine.json", "table=..%2F..%2Fetc%2Fpasswd.csv&type=old", "table = '../../etc/passwd.csv': expected a file name")]
    [InlineData("fine.json", "table=%2Ftmp%2Fx.csv&type=old", "table = '/tmp/x.csv': expected a file name")]
    [InlineData("fine.json", "table=residents.txt&type=old", "ending in .csv")]
    public async Task A_table_upload_names_only_files_of_the_workspace(string file, string query, string expected)
    {
        Assert.Contains(expected, await (await PutTable(_client, file, File.ReadAllBytes(Residents), query)).Error(400));
        Assert.Empty(Directory.GetFiles(_app.Workspace, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_table_over_the_upload_limit_or_without_the_pages_header_is_refused_and_nothing_is_written()
    {
        var big = new byte[ScenarioLoader.MaxBytes + 1];
        Array.Fill(big, (byte)'a');
        var response = await PutTable(_client, "big.json", big, "table=big.csv&type=old");
        Assert.Contains($"at most {ScenarioLoader.MaxBytes:N0} bytes", await response.Error(413));
        // Sent without a length (chunked), the reader stops at the limit all the same.
        var chunked = new HttpRequestMessage(HttpMethod.Put, "/api/scenarios/workspace/big.json/from-table?table=big.csv&type=old") { Content = new StreamContent(new MemoryStream(big)) };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Contains($"at most {ScenarioLoader.MaxBytes:N0} bytes", await (await _client.SendAsync(chunked)).Error(413));

        var plain = _app.CreateClient();
        var forged = await plain.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/scenarios/workspace/csrf.json/from-table?table=t.csv&type=old") { Content = new ByteArrayContent(File.ReadAllBytes(Residents)) });
        Assert.Contains("X-Workbench: 1", await forged.Error(403));
        Assert.Empty(Directory.GetFiles(_app.Workspace, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_network_picture_draws_real_ties_of_the_population_a_run_starts_from()
    {
        var n = await (await _client.GetAsync("/api/scenarios/study/x-shaoxing.json/network")).Json();
        var study = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json"));
        ulong seed = ReplicationRunner.Seeds((ulong)study.Seed, 1)[0];
        Assert.Equal(seed, n.GetProperty("seed").GetUInt64());
        var model = Model.Create(study, seed);
        Assert.Equal(model.Population.Count, n.GetProperty("residents").GetInt32());
        Assert.Equal(study.Compounds.Keys.Order(StringComparer.Ordinal), n.GetProperty("compounds").EnumerateArray().Select(c => c.GetString()).Order(StringComparer.Ordinal));
        var nodes = n.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(NetworkPicture.Egos, nodes.Count(x => x.GetProperty("ego").GetBoolean()));
        // Egos in every compound (there are fewer compounds than egos), each node where the model put that resident.
        Assert.Equal(study.Compounds.Count, nodes.Where(x => x.GetProperty("ego").GetBoolean()).Select(x => x.GetProperty("compound").GetInt32()).Distinct().Count());
        foreach (var x in nodes)
        {
            int i = x.GetProperty("id").GetInt32();
            Assert.Equal((model.Population.Compound[i], model.Population.Household[i], model.Network.StrongTies(i).Length),
                (x.GetProperty("compound").GetInt32(), x.GetProperty("household").GetInt32(), x.GetProperty("strong").GetInt32()));
        }
        var links = n.GetProperty("links").EnumerateArray().ToArray();
        Assert.NotEmpty(links);
        var drawn = nodes.Select(x => x.GetProperty("id").GetInt32()).ToHashSet();
        foreach (var l in links)
        {
            int a = l.GetProperty("source").GetInt32(), b = l.GetProperty("target").GetInt32();
            Assert.True(drawn.Contains(a) && drawn.Contains(b));
            var ties = l.GetProperty("strong").GetBoolean() ? model.Network.StrongTies(a) : model.Network.WeakTies(a);
            Assert.True(ties.Contains(b), $"{a}-{b} is no such tie of the model");
        }
        Assert.Equal(Participation.Networks.NetworkStatistics.Compute(model.Network).MeanDegree, n.GetProperty("statistics").GetProperty("meanDegree").GetDouble(), 12);

        // A run's folder: the same picture from its manifest's scenario and first seed.
        await _client.PutScenario("tiny.json", Encoding.UTF8.GetBytes(TestScenarios.TinyJson));
        var job = await (await _client.Post("/api/jobs", new { kind = "run", scenario = "workspace/tiny.json", replications = 1, seed = 5 })).Json();
        var done = await _client.WaitFor(job.GetProperty("id").GetString()!, j => j.State() is "done" or "failed" or "cancelled");
        Assert.True(done.State() == "done", done.ToString());
        string name = done.GetProperty("result").GetString()!;
        string fromRun = await _client.GetStringAsync($"/api/results/{name}/network");
        var tiny = ScenarioLoader.LoadJson(TestScenarios.TinyJson);
        var direct = NetworkPicture.Draw(tiny, ReplicationRunner.Seeds(5, 1)[0], Participation.Policies.PolicyCatalog.Default, "tiny");
        Assert.Equal(direct.Nodes.Select(x => x.Id), System.Text.Json.JsonDocument.Parse(fromRun).RootElement.GetProperty("nodes").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()));

        // Hostile names, and a folder with no scenario to draw.
        Assert.Contains("expected a result folder name", await (await _client.GetAsync("/api/results/..%2Fscenarios/network")).Error(400));
        Assert.Contains("expected study/FILE.json", await (await _client.GetAsync("/api/scenarios/elsewhere/x.json/network")).Error(400));
        Assert.Contains("expected a file name", await (await _client.GetAsync("/api/scenarios/workspace/..%2F..%2Fx.json/network")).Error(400));
        Directory.CreateDirectory(Path.Combine(_app.Results, "by-hand"));
        File.WriteAllText(Path.Combine(_app.Results, "by-hand", "manifest.json"), "{ \"command\": \"written by hand\" }");
        Assert.Contains("records no scenario", await (await _client.GetAsync("/api/results/by-hand/network")).Error(404));
    }

    [Fact]
    public async Task Jobs_the_server_stopped_are_listed_as_interrupted_after_a_restart_and_are_resumed_or_removed()
    {
        string workspace = Directory.CreateTempSubdirectory("participation-workbench-restart-").FullName;
        string results = Path.Combine(workspace, "results");
        string first, second, third;
        using (var before = new WorkbenchFactory(workspace: workspace))
        {
            var pages = before.Pages();
            await pages.PutScenario("tiny.json", Encoding.UTF8.GetBytes(TestScenarios.TinyJson));
            Task<System.Text.Json.JsonElement> Queue(object job) => pages.Post("/api/jobs", job).ContinueWith(r => r.Result.Json()).Unwrap();
            first = (await Queue(new { kind = "compare", scenario = "study/x-shaoxing.json", variants = new[] { "study/h-shenzhen.json" }, replications = 8 })).GetProperty("id").GetString()!;
            second = (await Queue(new { kind = "run", scenario = "workspace/tiny.json", replications = 2, seed = 3 })).GetProperty("id").GetString()!;
            third = (await Queue(new { kind = "run", scenario = "study/x-shaoxing.json" })).GetProperty("id").GetString()!;
            await pages.WaitFor(first, j => j.State() == "running" && j.GetProperty("progress").GetDouble() > 0);
            // The scenario is edited after it was queued: the job runs what was queued.
            File.WriteAllText(Path.Combine(workspace, "scenarios", "tiny.json"), TestScenarios.TinyJson.Replace("\"households\": 90", "\"households\": 30", StringComparison.Ordinal));
        } // the server stops (Ctrl+C) with one job running and two waiting

        Assert.Equal(3, Directory.GetDirectories(results, JobQueue.IncompletePrefix + "*").Length);
        using var restarted = new WorkbenchFactory(workspace: workspace);
        var client = restarted.Pages();
        var jobs = (await (await client.GetAsync("/api/jobs")).Json()).EnumerateArray().ToArray();
        Assert.Equal([third, second, first], jobs.Select(j => j.GetProperty("id").GetString()));
        Assert.All(jobs, j => Assert.Equal("interrupted", j.State()));
        Assert.All(jobs, j => Assert.Contains("resume it", j.GetProperty("message").GetString()));
        Assert.Equal(["run", "run", "compare"], jobs.Select(j => j.GetProperty("kind").GetString()));
        Assert.Empty((await (await client.GetAsync("/api/results")).Json()).EnumerateArray()); // nothing that looks like results

        // The long one resumed cannot be removed while it runs; cancelled, it is gone with its folder.
        Assert.Equal("queued", (await (await client.PostAsync($"/api/jobs/{first}/resume", null)).Json()).State());
        Assert.Contains("cancel it first", await (await client.PostAsync($"/api/jobs/{first}/remove", null)).Error(409));
        await client.PostAsync($"/api/jobs/{first}/cancel", null);
        Assert.Equal("cancelled", (await client.WaitFor(first, j => j.State() is not ("queued" or "running"), seconds: 60)).State());

        // One removed: gone from the list, its folder too; the other resumed: done.
        Assert.Equal("interrupted", (await (await client.PostAsync($"/api/jobs/{third}/remove", null)).Json()).State());
        Assert.Contains("no such job", await (await client.PostAsync($"/api/jobs/{third}/resume", null)).Error(404));
        await (await client.PostAsync($"/api/jobs/{second}/resume", null)).Json();
        var resumed = await client.WaitFor(second, j => j.State() is "done" or "failed" or "cancelled");
        Assert.True(resumed.State() == "done", resumed.ToString());
        Assert.Contains("expected an interrupted job to resume", await (await client.PostAsync($"/api/jobs/{second}/resume", null)).Error(409));
        Assert.Empty(Directory.GetDirectories(results, ".*"));

        // The resumed run's tables are those of the command line on the scenario as queued, with its seed.
        string name = resumed.GetProperty("result").GetString()!;
        string asQueued = Path.Combine(Directory.CreateTempSubdirectory("participation-queued-").FullName, "tiny.json");
        File.WriteAllText(asQueued, TestScenarios.TinyJson);
        string cli = Directory.CreateTempSubdirectory("participation-cli-resume-").FullName;
        var (code, _, err) = CliRunner.Run("run", asQueued, "-r", "2", "--seed", "3", "-o", cli, "--force", "-q");
        Assert.True(code == 0, err);
        foreach (var file in new[] { "weekly.csv", "summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(cli, file)), File.ReadAllBytes(Path.Combine(results, name, file)));
        Assert.Equal(name, (await (await client.GetAsync("/api/results")).Json()).EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Contains("no such job", await (await client.PostAsync("/api/jobs/..%2F..%2Fetc/remove", null)).Error(404));
        // A job queued now takes a number none of the earlier ones had.
        var next = await (await client.Post("/api/jobs", new { kind = "run", scenario = "study/x-shaoxing.json" })).Json();
        Assert.DoesNotContain(next.GetProperty("id").GetString(), new[] { first, second, third });
        await client.PostAsync($"/api/jobs/{next.GetProperty("id").GetString()}/cancel", null);
        await client.WaitFor(next.GetProperty("id").GetString()!, j => j.State() is not ("queued" or "running"), seconds: 60);
        restarted.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    [Fact]
    public async Task A_job_record_changed_by_hand_to_lead_out_of_the_workspace_is_listed_but_never_run()
    {
        string workspace = Directory.CreateTempSubdirectory("participation-workbench-record-").FullName;
        string folder = Path.Combine(workspace, "results", JobQueue.IncompletePrefix + "7-abcdef12");
        Directory.CreateDirectory(folder);
        string scenario = System.Text.Json.JsonSerializer.Serialize(ScenarioJson.ToJson(ScenarioLoader.LoadJson(TestScenarios.TinyJson)));
        File.WriteAllText(Path.Combine(folder, JobQueue.RecordName), $$"""
            { "id": "7", "title": "run", "compare": false, "names": ["../../escape"], "files": ["scenarios/tiny.json"], "scenarios": [{{scenario}}],
              "masterSeed": 1, "replications": 1, "queued": "2026-01-01T00:00:00Z" }
            """);
        Directory.CreateDirectory(Path.Combine(workspace, "results", JobQueue.IncompletePrefix + "8-00000000")); // no record: removed
        using var app = new WorkbenchFactory(workspace: workspace);
        var client = app.Pages();
        var job = (await (await client.GetAsync("/api/jobs")).Json()).EnumerateArray().Single();
        Assert.Equal(("7", "interrupted"), (job.GetProperty("id").GetString(), job.State()));
        Assert.Contains("cannot run again here: result = '../../escape': expected a result folder name", job.GetProperty("message").GetString());
        Assert.Contains("cannot run again here", await (await client.PostAsync("/api/jobs/7/resume", null)).Error(409));
        Assert.False(Directory.Exists(Path.Combine(workspace, "results", JobQueue.IncompletePrefix + "8-00000000")));
        await (await client.PostAsync("/api/jobs/7/remove", null)).Json();
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(workspace, "results")));
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine(workspace, "..", "escape"))));
        app.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    [Fact]
    public async Task With_a_token_the_new_endpoints_need_it_too()
    {
        using var app = new WorkbenchFactory(new WorkbenchOptions { Token = "a-token-of-twenty-chars" });
        var client = app.Pages();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PutTable(client, "t.json", File.ReadAllBytes(Residents), "table=residents.csv&type=old")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/scenarios/study/x-shaoxing.json/network")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/results/x/network")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/jobs/1/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/jobs/1/remove", null)).StatusCode);
        Assert.Empty(Directory.GetFiles(app.Workspace, "*", SearchOption.AllDirectories));
    }
}
