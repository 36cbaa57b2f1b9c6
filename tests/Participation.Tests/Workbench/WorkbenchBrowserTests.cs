using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Participation.Tests.Report;
using Participation.Workbench;
using Xunit.Abstractions;

namespace Participation.Tests.Workbench;

/// <summary>
/// The workbench in a real browser: Playwright drives the system Chromium (never a downloaded one) through an analyst's
/// whole flow from a fresh workspace, and keeps a screenshot of each step (docs/workbench.png, with UPDATE_DOCS=1).
/// </summary>
public class WorkbenchBrowserTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("participation-workbench-e2e-").FullName;
    private IHost? _host;

    /// <summary>Where the screenshots go: $ARTEFACTS/workbench, or artefacts/workbench beside the test assembly.</summary>
    private static string Artefacts => Path.Combine(Environment.GetEnvironmentVariable("ARTEFACTS") is { Length: > 0 } a ? a : Path.Combine(AppContext.BaseDirectory, "artefacts"), "workbench");

    public async Task InitializeAsync()
    {
        _host = WorkbenchHost.CreateBuilder(new WorkbenchOptions { Workspace = _workspace, Port = 0 }).Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) { await _host.StopAsync(); _host.Dispose(); }
        try { Directory.Delete(_workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [ChromiumFact]
    public async Task An_analyst_creates_a_scenario_switches_a_policy_on_compares_cancels_a_run_and_reads_the_effect()
    {
        Assert.True(Chromium.Find() is not null, Chromium.Missing);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Artefacts);
        string url = WorkbenchHost.Addresses(_host!)[0];
        string scenarios = Path.Combine(_workspace, "scenarios");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Find(), Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        // CI has two cores shared by every test running beside this one: generous waits, each still bounded.
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add("page error: " + e);
        // The refused save above answers 400 on purpose; the browser logs that, and nothing else may go wrong.
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal)) problems.Add("console: " + m.Text); };
        // Nothing but the workbench itself: a request elsewhere would be a page loading from the network.
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith(url, StringComparison.Ordinal)
            ? route.ContinueAsync() : Fail(route, problems));
        async Task Shot(string name) => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artefacts, name), FullPage = true });

        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await Assertions.Expect(page.Locator("#scenario-list tbody tr")).ToHaveCountAsync(5); // the five studies, nothing else yet

        // 1. A scenario from the template; a bad calendar gets the loader's own message, then a short one is saved.
        await page.FillAsync("#new-file", "mine.json");
        await page.FillAsync("#new-name", "Riverside test community");
        await page.SelectOptionAsync("#new-from", "template:community");
        await page.ClickAsync("#new-create");
        await Assertions.Expect(page.Locator("#editor-title")).ToContainTextAsync("workspace/mine.json");
        string text = await page.InputValueAsync("#editor");
        string bad = text.Replace("\"end\": \"2024-12-31\"", "\"end\": \"1999-12-31\"");
        await page.FillAsync("#editor", bad);
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#editor-message")).ToHaveClassAsync(new Regex("bad"));
        string shown = (await page.TextContentAsync("#editor-message"))!;
        string asFile = Path.Combine(Directory.CreateTempSubdirectory("participation-e2e-cli-").FullName, "mine.json");
        File.WriteAllText(asFile, bad);
        var (badCode, _, badErr) = CliRunner.Run("run", asFile, "-q");
        Assert.Equal(2, badCode);
        Assert.Equal($"error: {shown}", badErr.Trim());

        // The structure form: a short calendar and smaller compounds, written over the file's values (its comments stay).
        await page.ClickAsync("#structure summary");
        // The template's subsidies start on 2020-01-01: the run must reach that year, or the policy would never act (refused).
        await page.FillAsync("#cal-start", "2016-01-04");
        await page.FillAsync("#cal-reportFrom", "2018-01-01");
        await page.FillAsync("#cal-end", "2020-12-31");
        await page.FillAsync("#cal-registerDate", "2020-12-31");
        await page.FillAsync("tr[data-compound=oldTown] input[data-field=households]", "240");
        await page.FillAsync("tr[data-compound=oldTown] input[data-field=buildings]", "10");
        await page.FillAsync("tr[data-compound=riverside] input[data-field=households]", "200");
        await page.FillAsync("tr[data-compound=riverside] input[data-field=buildings]", "3");
        await page.ClickAsync("#structure-apply");
        await Assertions.Expect(page.Locator("#structure-message")).ToContainTextAsync("Saved mine.json");
        string small = Edit(text, ("\"start\": \"2000-01-03\"", "\"start\": \"2016-01-04\""), ("\"reportFrom\": \"2015-01-01\"", "\"reportFrom\": \"2018-01-01\""),
            ("\"end\": \"2024-12-31\"", "\"end\": \"2020-12-31\""), ("\"registerDate\": \"2024-12-31\"", "\"registerDate\": \"2020-12-31\""),
            ("\"households\": 800, \"buildings\": 32", "\"households\": 240, \"buildings\": 10"), ("\"households\": 700, \"buildings\": 10", "\"households\": 200, \"buildings\": 3"));
        Assert.Equal(small, File.ReadAllText(Path.Combine(scenarios, "mine.json")));
        Assert.Equal(small, await page.InputValueAsync("#editor"));
        // And a text edit: the template's subsidies switched off, to switch on in a package.
        string off = Edit(small, ("\"kind\": \"subsidies\",", "\"kind\": \"subsidies\", \"enabled\": false,"));
        await page.FillAsync("#editor", off);
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#editor-message")).ToContainTextAsync("Saved mine.json");
        Assert.Equal(off, File.ReadAllText(Path.Combine(scenarios, "mine.json")));
        await Assertions.Expect(page.Locator("#editor-summary")).ToContainTextAsync("440 households in 2 compounds");
        await Shot("1-scenario.png");

        // A scenario from a population table: the example's register, its compounds counted from it.
        await page.FillAsync("#new-file", "qinghe.json");
        await page.FillAsync("#new-name", "Qinghe Lane");
        await page.SetInputFilesAsync("#table-csv", Path.Combine(TestScenarios.RepoRoot(), "examples", "CsvPopulation", "residents.csv"));
        await page.SelectOptionAsync("#table-type", "old");
        await page.ClickAsync("#table-create");
        await Assertions.Expect(page.Locator("#scenario-message")).ToContainTextAsync("Created qinghe.json from residents.csv: 2 compounds, 234 households");
        await Assertions.Expect(page.Locator("#editor-title")).ToContainTextAsync("workspace/qinghe.json");
        var fromTable = Participation.Simulation.ScenarioLoader.Load(Path.Combine(scenarios, "qinghe.json"));
        Assert.Equal([("oldLane", 132, 6), ("riverGarden", 102, 3)], fromTable.Compounds.Select(c => (c.Key, c.Value.Households, c.Value.Buildings)));
        // Its network, drawn when asked for: the egos spread over both compounds.
        await page.ClickAsync("#scenario-network-box summary");
        await page.WaitForFunctionAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('scenario-network')); return c && c.getOption().series[0].type === 'graph'; }");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => new Set(echarts.getInstanceByDom(document.getElementById('scenario-network')).getOption().series[0].data.filter(d => d.symbolSize === 16).map(d => d.category)).size"));
        await Shot("1b-from-table.png");

        // 2. A package: the subsidies switched on from 2018, and a registration drive added.
        await page.ClickAsync("nav a[data-page=policies]");
        await page.SelectOptionAsync("#package-base", "workspace/mine.json");
        await Assertions.Expect(page.Locator("#lever-subsidies-on")).Not.ToBeCheckedAsync();
        await page.CheckAsync("#lever-subsidies-on");
        await page.FillAsync("input[data-lever=subsidies][data-field=start]", "2018-01-01");
        await page.FillAsync("input[data-lever=subsidies][data-field=scale]", "1");
        await page.SelectOptionAsync("#add-kind", "registrationDrive");
        await page.FillAsync("#add-key", "drive");
        await page.ClickAsync("#add-lever");
        await page.FillAsync("input[data-lever=drive][data-field=start]", "2018-06-01");
        await page.FillAsync("input[data-lever=drive][data-field=scale]", "3");
        await page.FillAsync("#package-file", "mine-package.json");
        await page.ClickAsync("#package-write");
        await Assertions.Expect(page.Locator("#package-message")).ToContainTextAsync("Wrote mine-package.json");
        var package = Participation.Simulation.ScenarioLoader.Load(Path.Combine(scenarios, "mine-package.json"));
        Assert.True(package.Policies["subsidies"].Enabled);
        Assert.Equal(new DateOnly(2018, 1, 1), package.Policies["subsidies"].Start);
        Assert.Equal(3, package.Policies["drive"].Scale);
        await Shot("2-policies.png");

        // 3. A comparison on common random numbers, then a long run queued behind it: watch its progress, cancel it.
        await page.ClickAsync("nav a[data-page=runs]");
        await page.CheckAsync("#job-kind-compare");
        await page.SelectOptionAsync("#job-scenario", "workspace/mine.json");
        await page.CheckAsync("#job-variants input[value='workspace/mine-package.json']");
        await page.FillAsync("#job-replications", "3");
        await page.FillAsync("#job-seed", "5");
        await page.ClickAsync("#job-start");
        await page.CheckAsync("#job-kind-run");
        await page.SelectOptionAsync("#job-scenario", "study/x-shaoxing.json");
        await page.FillAsync("#job-replications", "8");
        await page.FillAsync("#job-seed", "");
        await page.ClickAsync("#job-start");
        await Assertions.Expect(page.Locator("tr[data-job='1']")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => { const r = document.querySelector(\"tr[data-job='2']\"); return r && r.dataset.state === 'running' && r.querySelector('progress').value > 0.01; }",
            null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 100 });
        double progress = await page.EvalOnSelectorAsync<double>("tr[data-job='2'] progress", "p => p.value");
        Assert.InRange(progress, 0.01, 0.99);
        await Shot("3-progress.png");
        await page.ClickAsync("tr[data-job='2'] button.cancel");
        await Assertions.Expect(page.Locator("tr[data-job='2']")).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 30_000 });
        // And a short run of the scenario, for its plots.
        await page.SelectOptionAsync("#job-scenario", "workspace/mine.json");
        await page.FillAsync("#job-replications", "2");
        await page.ClickAsync("#job-start");
        await Assertions.Expect(page.Locator("tr[data-job='3']")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_workspace, "results")).Length); // the cancelled run left nothing

        // 4. The comparison's results: read the effect off the forest plot's tooltip.
        await page.ClickAsync("tr[data-job='1'] a.open-result");
        await page.WaitForFunctionAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('forest-chart')); return c && c.getOption().series.length === 2; }");
        var point = await page.EvaluateAsync<double[]>(
            "() => { const box = document.getElementById('forest-chart'); const c = echarts.getInstanceByDom(box); const p = c.convertToPixel({ seriesIndex: 1 }, c.getOption().series[1].data[0]); const r = box.getBoundingClientRect(); return [r.left + p[0], r.top + p[1]]; }");
        await page.Mouse.MoveAsync((float)point[0], (float)point[1]);
        var tooltip = page.Locator("#forest-chart div", new PageLocatorOptions { HasTextRegex = new Regex(@"^mine-package: ") });
        await Assertions.Expect(tooltip.Last).ToBeVisibleAsync();
        string read = (await tooltip.Last.TextContentAsync())!;
        var effect = Regex.Match(read, @"^mine-package: (-?[\d.,]+) \[(-?[\d.,]+), (-?[\d.,]+)\] adults");
        Assert.True(effect.Success, $"tooltip: {read}");
        await Shot("4-results.png");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestScenarios.RepoRoot(), "docs", "workbench.png") });

        // 5. Download the table and hold it, byte for byte, to the command line's on the same files and seed.
        string result = (await page.GetAttributeAsync("tr[data-job='1'] a.open-result", "data-result"))!;
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-file='compare.csv']"));
        string downloaded = Path.Combine(Artefacts, "compare.csv");
        await download.SaveAsAsync(downloaded);
        Assert.Equal($"{result}-compare.csv", download.SuggestedFilename);
        string cli = Directory.CreateTempSubdirectory("participation-e2e-compare-").FullName;
        var (code, _, err) = CliRunner.Run("compare", Path.Combine(scenarios, "mine.json"), Path.Combine(scenarios, "mine-package.json"), "--seed", "5", "-r", "3", "-o", cli, "--force", "-q");
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(cli, "compare.csv")), File.ReadAllBytes(downloaded));
        var row = File.ReadAllLines(downloaded).Select(l => l.Split(',')).Single(c => c[0] == "mine-package" && c[1] == "participants_year");
        for (int k = 0; k < 3; k++)
        {
            double csv = double.Parse(row[5 + k], CultureInfo.InvariantCulture), shownValue = double.Parse(effect.Groups[1 + k].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(csv - shownValue) <= 5e-4 * Math.Max(1, Math.Abs(csv)), $"the plot shows {shownValue}, compare.csv holds {csv} ({read})");
        }

        // 6. The run's plots: the monthly series with their bands, and the careers curve.
        string run = (await page.GetAttributeAsync("tr[data-job='3'] a.open-result", "data-result"))!;
        await page.ClickAsync($"#result-list tr[data-result='{run}']");
        await page.WaitForFunctionAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('careers-chart')); return c && c.getOption().series.length === 3; }");
        int bands = await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.getElementById('series-chart')).getOption().series.filter(s => s.stack).length");
        Assert.Equal(2, bands); // the low bound and the band's width stacked on it
        // The community's network: the residents sampled and their ties, as the API draws them.
        await page.WaitForFunctionAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('network-chart')); return c && c.getOption().series[0].type === 'graph'; }");
        int egos = await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.getElementById('network-chart')).getOption().series[0].data.filter(d => d.symbolSize === 16).length");
        Assert.Equal(NetworkPicture.Egos, egos);
        await Assertions.Expect(page.Locator("#network-summary")).ToContainTextAsync("residents in");
        await Shot("5-run.png");

        // 7. A restart with a run under way: the next server lists it as interrupted; removed, it leaves nothing.
        await page.ClickAsync("nav a[data-page=runs]");
        await page.SelectOptionAsync("#job-scenario", "study/x-shaoxing.json");
        await page.FillAsync("#job-replications", "8");
        await page.ClickAsync("#job-start");
        await page.WaitForFunctionAsync("() => { const r = document.querySelector(\"tr[data-job='4']\"); return r && r.dataset.state === 'running'; }",
            null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 100 });
        await page.GotoAsync("about:blank"); // no page polls a server that is gone
        await _host!.StopAsync();
        _host.Dispose();
        _host = WorkbenchHost.CreateBuilder(new WorkbenchOptions { Workspace = _workspace, Port = 0 }).Build();
        await _host.StartAsync();
        url = WorkbenchHost.Addresses(_host)[0];
        await page.GotoAsync(url + "#results");
        var interrupted = page.Locator("#result-list tr.interrupted[data-job='4']");
        await Assertions.Expect(interrupted).ToContainTextAsync("stopped before it finished");
        await Shot("6-interrupted.png");
        await interrupted.Locator("button.remove").ClickAsync();
        await Assertions.Expect(interrupted).ToHaveCountAsync(0);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_workspace, "results"), ".*"));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_workspace, "results")).Length); // the results are still there

        Assert.Empty(problems);
        log.WriteLine($"workbench end-to-end: {clock.Elapsed.TotalSeconds:0.0} s; screenshots in {Artefacts}");
    }

    private static Task Fail(IRoute route, List<string> problems)
    {
        problems.Add("request outside the workbench: " + route.Request.Url);
        return route.AbortAsync();
    }

    private static string Edit(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"the template no longer holds {from}");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }
}
