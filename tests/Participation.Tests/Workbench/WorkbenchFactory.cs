using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Participation.Workbench;

namespace Participation.Tests.Workbench;

/// <summary>
/// The workbench on ASP.NET Core's test host, over a fresh workspace of its own (or a given one), removed afterwards. The
/// workbench is a library hosted by the CLI, so the factory names itself as the entry point's type (this test assembly
/// has one) and builds the workbench's own host.
/// </summary>
public sealed class WorkbenchFactory(WorkbenchOptions? options = null, string? workspace = null) : WebApplicationFactory<WorkbenchFactory>
{
    private readonly bool _ownsWorkspace = workspace is null;

    // The factory looks for the app's content root beside the solution unless told; the workbench reads none (its pages are embedded).
    static WorkbenchFactory() => Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PARTICIPATION_TESTS", AppContext.BaseDirectory);

    /// <summary>The workspace folder.</summary>
    public string Workspace { get; } = workspace ?? Directory.CreateTempSubdirectory("participation-workbench-").FullName;

    /// <summary>The scenarios folder of the workspace.</summary>
    public string Scenarios => Path.Combine(Workspace, "scenarios");

    /// <summary>The results folder of the workspace.</summary>
    public string Results => Path.Combine(Workspace, "results");

    protected override IHostBuilder CreateHostBuilder() =>
        WorkbenchHost.CreateBuilder((options ?? new WorkbenchOptions()) with { Workspace = Workspace, Port = 0 });

    /// <summary>A client that sends the header the pages send on every change.</summary>
    public HttpClient Pages()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Workbench", "1");
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsWorkspace)
            try { Directory.Delete(Workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Helpers for reading the API's answers.</summary>
internal static class Answers
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response, int status = 200)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The one-line error of a refused request, checked to have <paramref name="status"/>.</summary>
    public static async Task<string> Error(this HttpResponseMessage response, int status)
    {
        var json = await response.Json(status);
        string error = json.GetProperty("error").GetString()!;
        Assert.DoesNotContain('\n', error);
        return error;
    }

    public static Task<HttpResponseMessage> PutScenario(this HttpClient client, string file, byte[] bytes, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/workspace/{Uri.EscapeDataString(file)}") { Content = new ByteArrayContent(bytes) };
        if (version is not null) request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    /// <summary>Polls job <paramref name="id"/> until <paramref name="done"/> holds (or a minute passes).</summary>
    public static async Task<JsonElement> WaitFor(this HttpClient client, string id, Func<JsonElement, bool> done, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var jobs = await (await client.GetAsync("/api/jobs")).Json();
            var job = jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == id);
            if (done(job)) return job;
            if (DateTime.UtcNow > until) Assert.Fail($"job {id} did not get there in {seconds} s: {job}");
            await Task.Delay(100);
        }
    }

    public static string State(this JsonElement job) => job.GetProperty("state").GetString()!;
}
