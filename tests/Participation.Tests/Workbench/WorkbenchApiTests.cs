using Participation.Simulation;
using System.Net;
using System.Text;
using Participation.Scenarios;
using Participation.Workbench;

namespace Participation.Tests.Workbench;

/// <summary>The workbench's API on ASP.NET Core's test host: scenarios, packages, jobs and results, and what it refuses.</summary>
public class WorkbenchApiTests : IDisposable
{
    private readonly WorkbenchFactory _app = new();
    private readonly HttpClient _client;

    public WorkbenchApiTests() => _client = _app.Pages();

    public void Dispose() => _app.Dispose();

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Serves_its_pages_and_the_committed_chart_library_with_a_strict_content_policy()
    {
        var page = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Participation workbench</title>", await page.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var echarts = await _client.GetByteArrayAsync("/vendor/echarts/echarts.min.js");
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestScenarios.RepoRoot(), "src", "Participation.Workbench", "wwwroot", "vendor", "echarts", "echarts.min.js")), echarts);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/no-such-page.js")).StatusCode);
        Assert.Contains("no such endpoint", await (await _client.GetAsync("/api/nothing")).Error(404));
    }

    [Fact]
    public async Task Lists_the_five_studies_loaded_and_creates_from_the_template_without_ever_overwriting()
    {
        var list = await (await _client.GetAsync("/api/scenarios")).Json();
        var studies = list.EnumerateArray().Where(s => s.GetProperty("source").GetString() == "study").ToArray();
        Assert.Equal(["d-guangxi.json", "h-shenzhen.json", "t-chengdu.json", "x-shaoxing.json", "yl-nantong.json"], studies.Select(s => s.GetProperty("file").GetString()));
        Assert.All(studies, s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("error").ValueKind));

        var created = await (await _client.Post("/api/scenarios", new { file = "mine.json", name = "Riverside \"East\"" })).Json();
        string path = Path.Combine(_app.Scenarios, "mine.json");
        Assert.Equal("Riverside \"East\"", ScenarioLoader.Load(path).Name);
        Assert.Contains("// A starter scenario", File.ReadAllText(path)); // the template's comments are kept
        Assert.Equal("workspace/mine.json", created.GetProperty("id").GetString());

        File.AppendAllText(path, "\n// the user's own note\n");
        var again = await _client.Post("/api/scenarios", new { file = "mine.json" });
        Assert.Contains("the file exists", await again.Error(409));
        Assert.EndsWith("// the user's own note\n", File.ReadAllText(path));

        var copy = await (await _client.Post("/api/scenarios", new { file = "x.json", copyOf = "study/x-shaoxing.json" })).Json();
        Assert.Equal(ScenarioJson.ToJson(ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json"))),
            ScenarioJson.ToJson(ScenarioLoader.Load(Path.Combine(_app.Scenarios, "x.json"))));
        Assert.Equal("workspace/x.json", copy.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_edit_is_checked_by_the_loader_with_the_command_lines_message_and_never_replaces_a_newer_file()
    {
        var created = await (await _client.Post("/api/scenarios", new { file = "edit.json" })).Json();
        string path = Path.Combine(_app.Scenarios, "edit.json");
        string original = File.ReadAllText(path);
        string bad = original.Replace("\"end\": \"2024-12-31\"", "\"end\": \"1999-12-31\"");
        Assert.NotEqual(original, bad);

        string refused = await (await _client.PutScenario("edit.json", Utf8(bad), created.GetProperty("version").GetString())).Error(400);
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_app.Scenarios, ".*")); // the copy checked is gone
        // The same bytes as a file, run by the command line: the same message.
        string asFile = Path.Combine(Directory.CreateTempSubdirectory("participation-cli-").FullName, "edit.json");
        File.WriteAllText(asFile, bad);
        var (code, _, stderr) = CliRunner.Run("run", asFile, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {refused}", stderr.Trim());

        string good = original.Replace("\"staff\": 5", "\"staff\": 6");
        var saved = await (await _client.PutScenario("edit.json", Utf8(good), created.GetProperty("version").GetString())).Json();
        Assert.Equal(6, ScenarioLoader.Load(path).Administration.Staff);
        Assert.NotEqual(created.GetProperty("version").GetString(), saved.GetProperty("version").GetString());

        // The version opened is no longer the file's: refused, the newer file kept.
        var stale = await _client.PutScenario("edit.json", Utf8(original), created.GetProperty("version").GetString());
        Assert.Contains("changed on disk since it was opened", await stale.Error(409));
        Assert.Equal(good, File.ReadAllText(path));
        Assert.Contains("the file exists", await (await _client.PutScenario("edit.json", Utf8(original))).Error(409));
    }

    [Fact]
    public async Task The_structure_form_writes_the_calendar_and_compounds_over_the_files_values_and_keeps_its_comments()
    {
        var created = await (await _client.Post("/api/scenarios", new { file = "form.json" })).Json();
        string path = Path.Combine(_app.Scenarios, "form.json");
        string before = File.ReadAllText(path);
        var edit = new
        {
            version = created.GetProperty("version").GetString(),
            calendar = new Dictionary<string, string> { ["start"] = "2016-01-04", ["reportFrom"] = "2018-01-01", ["end"] = "2020-12-31", ["registerDate"] = "2020-12-31" },
            compounds = new Dictionary<string, object> { ["oldTown"] = new { households = 240, buildings = 10 }, ["riverside"] = new { type = "resettlement" } },
        };
        var saved = await (await _client.Post("/api/scenarios/workspace/form.json/structure", edit)).Json();
        var loaded = ScenarioLoader.Load(path);
        Assert.Equal((new DateOnly(2016, 1, 4), new DateOnly(2020, 12, 31)), (loaded.Calendar.Start, loaded.Calendar.End));
        Assert.Equal((240, 10), (loaded.Compounds["oldTown"].Households, loaded.Compounds["oldTown"].Buildings));
        Assert.Equal(CompoundType.Resettlement, loaded.Compounds["riverside"].Type);
        string after = File.ReadAllText(path);
        // Only the values changed: every comment line and every other line is as it was.
        Assert.Equal(before.Split('\n').Where(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal)), after.Split('\n').Where(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        Assert.Equal(before.Split('\n').Length, after.Split('\n').Length);
        Assert.Equal(after, saved.GetProperty("text").GetString());

        // A date the loader refuses: its message, the file kept.
        var bad = new { version = saved.GetProperty("version").GetString(), calendar = new Dictionary<string, string> { ["end"] = "2015-12-31" } };
        Assert.StartsWith("form.json: calendar.end = 2015-12-31: expected ", await (await _client.Post("/api/scenarios/workspace/form.json/structure", bad)).Error(400));
        Assert.Equal(after, File.ReadAllText(path));
        // The version no longer the file's, and a key the file does not set: refused.
        Assert.Contains("changed on disk", await (await _client.Post("/api/scenarios/workspace/form.json/structure", edit)).Error(409));
        await _client.PutScenario("tiny.json", Utf8(TestScenarios.TinyJson));
        var variant = await (await _client.PutScenario("tiny-later.json", Utf8("""{ "extends": "tiny.json", "seed": 3 }"""))).Json();
        var absent = new { version = variant.GetProperty("version").GetString(), calendar = new Dictionary<string, string> { ["end"] = "2018-12-31" } };
        Assert.StartsWith("calendar.end: the file does not set it", await (await _client.Post("/api/scenarios/workspace/tiny-later.json/structure", absent)).Error(400));
    }

    [Theory]
    [InlineData("..%2Fescape.json")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2Ftmp%2Fabsolute.json")]
    [InlineData("sub%2Ffile.json")]
    [InlineData("notjson.txt")]
    [InlineData(".hidden.json")]
    public async Task Names_that_are_not_a_file_of_the_workspace_are_refused(string file)
    {
        var put = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/workspace/{file}") { Content = new ByteArrayContent(Utf8(TestScenarios.TinyJson)) });
        Assert.Contains("expected a file name", await put.Error(400));
        Assert.Contains("expected a file name", await (await _client.GetAsync($"/api/scenarios/workspace/{file}")).Error(400));
        Assert.Empty(Directory.GetFiles(_app.Workspace, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Links_and_extends_leading_out_of_the_workspace_are_refused()
    {
        string outside = Directory.CreateTempSubdirectory("participation-outside-").FullName;
        string secret = Path.Combine(outside, "secret.json");
        File.WriteAllText(secret, TestScenarios.TinyJson);
        File.CreateSymbolicLink(Path.Combine(_app.Scenarios, "link.json"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_app.Results, "linked"), outside);

        Assert.Contains("leads outside", await (await _client.GetAsync("/api/scenarios/workspace/link.json")).Error(400));
        Assert.Contains("leads outside", await (await _client.PutScenario("link.json", Utf8(TestScenarios.TinyJson))).Error(400));
        Assert.Equal(TestScenarios.TinyJson, File.ReadAllText(secret));
        Assert.DoesNotContain((await (await _client.GetAsync("/api/scenarios")).Json()).EnumerateArray(), s => s.GetProperty("file").GetString() == "link.json");
        Assert.Contains("leads outside", await (await _client.GetAsync("/api/results/linked/files/secret.json")).Error(400));
        Assert.Contains("expected a table", await (await _client.GetAsync("/api/results/x/files/..%2F..%2Fscenarios%2Fa.json")).Error(400));
        Assert.Contains("expected a result folder name", await (await _client.GetAsync("/api/results/..%2Fscenarios")).Error(400));

        // A scenario whose base lies outside the workspace: the loader alone would read it (from the working directory).
        string escape = $$"""{ "extends": "{{Path.GetRelativePath(_app.Scenarios, secret)}}", "seed": 3 }""";
        string refused = await (await _client.PutScenario("escape.json", Utf8(escape))).Error(400);
        Assert.StartsWith("escape.json: extends = ", refused);
        Assert.Contains("a file inside the workspace", refused);
        Assert.False(File.Exists(Path.Combine(_app.Scenarios, "escape.json")));
        Directory.Delete(outside, recursive: true);
    }

    [Fact]
    public async Task An_upload_over_the_loaders_limit_is_refused_and_nothing_is_written()
    {
        var big = new byte[ScenarioLoader.MaxBytes + 1];
        Array.Fill(big, (byte)' ');
        var response = await _client.PutScenario("big.json", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"at most {ScenarioLoader.MaxBytes:N0} bytes", await response.Error(413));
        Assert.False(File.Exists(Path.Combine(_app.Scenarios, "big.json")));
        // Not JSON, a BOM of UTF-16: the loader's own messages.
        Assert.Contains("UTF-8 text", await (await _client.PutScenario("utf16.json", [0xFF, 0xFE, 0x7B, 0x00])).Error(400));
        Assert.Contains("malformed JSON", await (await _client.PutScenario("broken.json", Utf8("{ \"seed\": "))).Error(400));
        Assert.Contains("at most", await (await _client.Post("/api/jobs", new { kind = "run", scenario = new string('x', Guard.MaxJsonBytes) })).Error(413));
    }

    [Fact]
    public async Task A_change_without_the_pages_header_and_a_foreign_host_name_are_refused()
    {
        var plain = _app.CreateClient();
        var response = await plain.PostAsync("/api/scenarios", new StringContent("""{"file":"csrf.json"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("X-Workbench: 1", await response.Error(403));
        Assert.False(File.Exists(Path.Combine(_app.Scenarios, "csrf.json")));

        var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        rebound.Headers.Host = "attacker.example";
        Assert.Contains("expected localhost or 127.0.0.1", await (await plain.SendAsync(rebound)).Error(400));
    }

    [Fact]
    public async Task With_a_token_every_request_needs_it_and_the_printed_address_trades_it_for_a_cookie()
    {
        const string token = "a-token-of-twenty-chars";
        using var app = new WorkbenchFactory(new WorkbenchOptions { Token = token });
        var client = app.Pages();
        Assert.Contains("token: missing or wrong", await (await client.GetAsync("/api/info")).Error(401));
        Assert.Contains("token: missing or wrong", await (await client.GetAsync("/")).Error(401));
        Assert.Contains("token: missing or wrong", await (await client.GetAsync("/?token=not-the-token-at-all")).Error(401));
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        wrong.Headers.Authorization = new("Bearer", "a-token-of-twenty-chars-x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        bearer.Headers.Authorization = new("Bearer", token);
        Assert.True((await (await client.SendAsync(bearer)).Json()).GetProperty("token").GetBoolean());

        var opened = await client.GetAsync($"/?token={token}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/", opened.Headers.Location!.OriginalString);
        string cookie = opened.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCookie)).StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0", null, "expected --token TOKEN too")]
    [InlineData("192.168.1.20", null, "expected --token TOKEN too")]
    [InlineData("0.0.0.0", "short", "expected at least 16 characters")]
    [InlineData("example.org", null, "expected an IP address")]
    public void Another_address_than_this_machines_needs_a_token(string host, string? token, string expected)
    {
        var options = new WorkbenchOptions { Host = host, Token = token };
        Assert.Contains(expected, options.Problem());
        Assert.Throws<ArgumentException>(() => WorkbenchHost.CreateBuilder(options));
        string[] args = token is null ? ["serve", "--host", host, "--workspace", _app.Workspace] : ["serve", "--host", host, "--token", token, "--workspace", _app.Workspace];
        var (code, _, stderr) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void A_port_in_use_is_one_line_naming_the_port()
    {
        var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
            var (code, stdout, stderr) = CliRunner.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workspace", _app.Workspace, "-q");
            Assert.Equal(2, code);
            Assert.StartsWith($"error: --port {port}: cannot listen on 127.0.0.1:{port}", stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Equal("", stdout);
        }
        finally { busy.Stop(); }
    }

    [Fact]
    public void This_machines_address_needs_no_token_and_another_one_with_a_token_is_served()
    {
        Assert.Null(new WorkbenchOptions().Problem());
        Assert.Null(new WorkbenchOptions { Host = "localhost" }.Problem());
        Assert.Null(new WorkbenchOptions { Host = "0.0.0.0", Token = "0123456789abcdef" }.Problem());
        Assert.Contains("--port 70000", new WorkbenchOptions { Port = 70000 }.Problem());
    }

    [Fact]
    public async Task A_package_extends_its_base_and_switches_its_levers_as_the_command_line_then_runs_it()
    {
        await _client.PutScenario("tiny.json", Utf8(TestScenarios.TinyJson));
        var package = await (await _client.Post("/api/packages", new
        {
            @base = "workspace/tiny.json", file = "tiny-package.json", name = "Tiny with subsidies, no drive",
            policies = new Dictionary<string, object>
            {
                ["drive"] = new { kind = "registrationDrive", enabled = false, start = "2017-06-01", end = "2017-12-31", scale = 1.5, unitCost = 0 },
                ["subsidies"] = new { kind = "subsidies", enabled = true, start = "2016-06-01", scale = 0.5, unitCost = 1200, parameters = new { exitReduction = 0.3 } },
            },
        })).Json();
        Assert.Equal("workspace/tiny-package.json", package.GetProperty("id").GetString());
        var loaded = ScenarioLoader.Load(Path.Combine(_app.Scenarios, "tiny-package.json"));
        Assert.False(loaded.Policies["drive"].Enabled);
        Assert.True(loaded.Policies["subsidies"].Enabled);
        Assert.Equal(0.3, loaded.Policies["subsidies"].Parameters["exitReduction"]);
        Assert.Equal("Tiny with subsidies, no drive", loaded.Name);
        Assert.Equal(ScenarioLoader.LoadJson(TestScenarios.TinyJson).Compounds.Keys, loaded.Compounds.Keys);

        var unknown = await _client.Post("/api/packages", new
        {
            @base = "workspace/tiny.json", file = "bad-package.json",
            policies = new Dictionary<string, object> { ["x"] = new { kind = "noSuchLever", enabled = true, scale = 1, unitCost = 0 } },
        });
        string error = await unknown.Error(400);
        Assert.StartsWith("bad-package.json: policies.x.kind = noSuchLever: expected ", error);
        Assert.False(File.Exists(Path.Combine(_app.Scenarios, "bad-package.json")));

        // A study as the base: copied into the workspace, then extended.
        var fromStudy = await (await _client.Post("/api/packages", new { @base = "study/h-shenzhen.json", file = "h-off.json", policies = new Dictionary<string, object>() })).Json();
        var study = ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "h-shenzhen.json"));
        var variant = ScenarioLoader.Load(Path.Combine(_app.Scenarios, "h-off.json"));
        Assert.Equal(ScenarioJson.ToJson(study with { Name = variant.Name, Description = variant.Description }), ScenarioJson.ToJson(variant));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "h-shenzhen.json")), File.ReadAllBytes(Path.Combine(_app.Scenarios, "h-shenzhen.json")));
        Assert.Equal("workspace/h-off.json", fromStudy.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_catalogue_lists_every_policy_kind_with_its_documentation_and_parameters()
    {
        var catalogue = await (await _client.GetAsync("/api/policies")).Json();
        var kinds = catalogue.GetProperty("kinds").EnumerateArray().ToArray();
        Assert.Equal(Participation.Policies.PolicyCatalog.Default.Kinds.Select(k => k.Name), kinds.Select(k => k.GetProperty("name").GetString()));
        var mentorship = kinds.Single(k => k.GetProperty("name").GetString() == "mentorship");
        Assert.False(string.IsNullOrWhiteSpace(mentorship.GetProperty("doc").GetString()));
        Assert.Equal(Participation.Policies.PolicyCatalog.Default.Kinds.Single(k => k.Name == "mentorship").Parameters.Count, mentorship.GetProperty("parameters").GetArrayLength());
        Assert.Equal(["kind", "enabled", "start", "end", "scale", "unitCost", "parameters"], catalogue.GetProperty("settings").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task No_policy_kind_of_a_plugin_is_known_unless_the_server_was_started_with_it()
    {
        string scenario = TestScenarios.TinyJson.Replace("\"kind\": \"registrationDrive\"", "\"kind\": \"elderCanteen\"");
        Assert.Contains("policies.drive.kind = elderCanteen: expected ", await (await _client.PutScenario("canteen.json", Utf8(scenario))).Error(400));

        string plugin = typeof(CustomPolicy.Provider).Assembly.Location;
        using var app = new WorkbenchFactory(new WorkbenchOptions { Catalog = Participation.Cli.Plugins.Catalog([plugin]), Plugins = [plugin] });
        var client = app.Pages();
        await (await client.PutScenario("canteen.json", Utf8(scenario))).Json();
        var info = await (await client.GetAsync("/api/info")).Json();
        Assert.Equal([plugin], info.GetProperty("plugins").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_comparison_writes_the_folder_the_command_line_writes_and_it_outlives_the_server()
    {
        await _client.PutScenario("tiny.json", Utf8(TestScenarios.TinyJson));
        await _client.PutScenario("tiny-more.json", Utf8("""{ "extends": "tiny.json", "policies": { "drive": { "scale": 3 } } }"""));
        var job = await (await _client.Post("/api/jobs", new { kind = "compare", scenario = "workspace/tiny.json", variants = new[] { "workspace/tiny-more.json" }, replications = 3, seed = 11 })).Json();
        var done = await _client.WaitFor(job.GetProperty("id").GetString()!, j => j.State() is "done" or "failed" or "cancelled");
        Assert.Equal("done", done.State());
        string name = done.GetProperty("result").GetString()!;
        string folder = Path.Combine(_app.Results, name);

        string cli = Directory.CreateTempSubdirectory("participation-cli-compare-").FullName;
        var (code, _, err) = CliRunner.Run("compare", Path.Combine(_app.Scenarios, "tiny.json"), Path.Combine(_app.Scenarios, "tiny-more.json"), "--seed", "11", "-r", "3", "-o", cli, "--force", "-q");
        Assert.True(code == 0, err);
        foreach (var file in new[] { "compare.csv", "costs.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(cli, file)), await _client.GetByteArrayAsync($"/api/results/{name}/files/{file}?download=true"));
        Assert.Equal(["compare.csv", "costs.csv", "manifest.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetDirectories(_app.Results, ".*"));

        var report = await _client.GetAsync($"/api/results/{name}/files/report.html");
        Assert.Contains("<meta name=\"generator\" content=\"participation", await report.Content.ReadAsStringAsync());
        var (reportCode, _, reportErr) = CliRunner.Run("report", folder, "-o", Path.Combine(cli, "again.html"), "-q");
        Assert.True(reportCode == 0, reportErr);

        // A new server on the same workspace lists it again.
        using var restarted = new WorkbenchFactory(workspace: _app.Workspace);
        var listed = await (await restarted.Pages().GetAsync("/api/results")).Json();
        var entry = listed.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        Assert.Equal("comparison", entry.GetProperty("kind").GetString());
        Assert.Equal("participation compare scenarios/tiny.json scenarios/tiny-more.json --seed 11 --replications 3", entry.GetProperty("command").GetString());
    }

    [Fact]
    public async Task A_run_writes_every_table_and_its_parquet_copies_and_its_careers_curve()
    {
        await _client.PutScenario("tiny.json", Utf8(TestScenarios.TinyJson));
        var job = await (await _client.Post("/api/jobs", new { kind = "run", scenario = "workspace/tiny.json", replications = 2 })).Json();
        var done = await _client.WaitFor(job.GetProperty("id").GetString()!, j => j.State() is "done" or "failed" or "cancelled");
        Assert.True(done.State() == "done", done.ToString());
        string name = done.GetProperty("result").GetString()!;
        foreach (var file in Participation.Experiments.Results.ResultSet.Files.Concat(Participation.Experiments.Results.ResultSet.ParquetFiles))
            Assert.True(File.Exists(Path.Combine(_app.Results, name, file)), $"no {file}");

        string cli = Directory.CreateTempSubdirectory("participation-cli-run-").FullName;
        var (code, _, err) = CliRunner.Run("run", Path.Combine(_app.Scenarios, "tiny.json"), "-r", "2", "-o", cli, "--force", "-q");
        Assert.True(code == 0, err);
        foreach (var file in new[] { "weekly.csv", "monthly_summary.csv", "spells.csv", "summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(cli, file)), File.ReadAllBytes(Path.Combine(_app.Results, name, file)));

        var careers = await (await _client.GetAsync($"/api/results/{name}/careers")).Json();
        int n = careers.GetProperty("careers").GetInt32();
        Assert.True(n > 0, careers.ToString());
        Assert.Equal(2, careers.GetProperty("replications").GetInt32());
        var share = careers.GetProperty("share").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(1, share[0]);
        Assert.True(share.Zip(share.Skip(1)).All(p => p.Second <= p.First), "a survival curve never rises");
    }

    [Fact]
    public async Task A_running_comparison_is_cancelled_and_leaves_no_folder_behind()
    {
        var job = await (await _client.Post("/api/jobs", new { kind = "compare", scenario = "study/x-shaoxing.json", variants = new[] { "study/h-shenzhen.json" }, replications = 8 })).Json();
        string id = job.GetProperty("id").GetString()!;
        var queued = await (await _client.Post("/api/jobs", new { kind = "run", scenario = "study/x-shaoxing.json" })).Json();
        var running = await _client.WaitFor(id, j => j.State() == "running" && j.GetProperty("progress").GetDouble() > 0);
        Assert.True(running.GetProperty("progress").GetDouble() < 1);
        await _client.PostAsync($"/api/jobs/{queued.GetProperty("id").GetString()}/cancel", null);
        await _client.PostAsync($"/api/jobs/{id}/cancel", null);
        var cancelled = await _client.WaitFor(id, j => j.State() != "running", seconds: 30);
        Assert.Equal("cancelled", cancelled.State());
        Assert.Equal("cancelled", (await _client.WaitFor(queued.GetProperty("id").GetString()!, _ => true)).State());
        Assert.Empty(Directory.GetFileSystemEntries(_app.Results));
        Assert.Contains("no such job", await (await _client.PostAsync("/api/jobs/999/cancel", null)).Error(404));
    }

    [Theory]
    [InlineData("""{"kind":"sweep","scenario":"study/x-shaoxing.json"}""", "kind = 'sweep': expected run or compare")]
    [InlineData("""{"kind":"run","scenario":"study/x-shaoxing.json","replications":0}""", "replications = 0: expected a whole number from 1 to 100000")]
    [InlineData("""{"kind":"compare","scenario":"study/x-shaoxing.json","variants":["study/h-shenzhen.json"],"replications":1}""", "replications = 1: expected a whole number from 2")]
    [InlineData("""{"kind":"compare","scenario":"study/x-shaoxing.json","replications":2}""", "variants: expected at least one scenario")]
    [InlineData("""{"kind":"compare","scenario":"study/x-shaoxing.json","variants":["study/x-shaoxing.json"]}""", "variants: expected scenario files with distinct names")]
    [InlineData("""{"kind":"run","scenario":"../x.json"}""", "scenario = '../x.json': expected study/FILE.json or workspace/FILE.json")]
    [InlineData("""{"kind":"run","scenario":"study/nowhere.json"}""", "expected one of the studies")]
    [InlineData("""{"kind":"run","scenario":"study/x-shaoxing.json","seed":-1}""", "seed = -1: expected a whole number of at least 0")]
    [InlineData("""{"kind":"run","scenario":"study/x-shaoxing.json","replications":"many"}""", "request body:")]
    public async Task A_job_request_that_cannot_run_is_refused_naming_the_field(string body, string expected)
    {
        var response = await _client.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        string error = await response.Error(response.StatusCode == HttpStatusCode.NotFound ? 404 : 400);
        Assert.Contains(expected, error);
        Assert.Empty((await (await _client.GetAsync("/api/jobs")).Json()).EnumerateArray());
    }
}
