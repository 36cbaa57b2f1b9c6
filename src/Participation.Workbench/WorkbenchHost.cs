using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Participation.Workbench;

/// <summary>
/// Builds and runs the workbench: a local web server (Kestrel) with the pages and their API, over one workspace. It
/// listens on 127.0.0.1 unless told otherwise, and then only with an access token.
/// </summary>
public static class WorkbenchHost
{
    /// <summary>
    /// A host builder for the workbench with <paramref name="options"/> (checked first: see <see cref="WorkbenchOptions.Problem"/>);
    /// tests replace its server with a test server.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot be served (or the workspace's folders lead out of it).</exception>
    /// <exception cref="IOException">The workspace cannot be created.</exception>
    public static IHostBuilder CreateBuilder(WorkbenchOptions options)
    {
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));
        Workspace workspace;
        try { workspace = new Workspace(options.Workspace); }
        catch (WorkbenchRefusal e) { throw new ArgumentException($"--workspace {options.Workspace}: {e.Message}", nameof(options)); }
        return new HostBuilder()
            .ConfigureLogging(l =>
            {
                l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
                // A failure to start (a port in use) is the caller's one-line message; the host's stack trace only with --verbose.
                if (!options.Verbose) l.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
            })
            .ConfigureWebHost(web => web
                .UseKestrel(k =>
                {
                    k.Listen(options.Address, options.Port);
                    k.AddServerHeader = false;
                    // Uploads are scenario files: the loader's own limit, plus room for the request around them.
                    k.Limits.MaxRequestBodySize = Participation.Simulation.ScenarioLoader.MaxBytes + (1 << 16);
                })
                .ConfigureServices(services =>
                {
                    services.AddSingleton(options);
                    services.AddSingleton(workspace);
                    services.AddSingleton(options.Catalog);
                    services.AddSingleton<ScenarioStore>();
                    services.AddSingleton<ResultStore>();
                    services.AddSingleton<IBatchRunner>(_ => new LibraryBatchRunner(options.Catalog, options.Threads));
                    services.AddSingleton<JobQueue>();
                    services.AddHostedService(s => s.GetRequiredService<JobQueue>());
                    services.AddRouting();
                    services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
                    services.ConfigureHttpJsonOptions(o => Json(o.SerializerOptions));
                })
                .Configure(app =>
                {
                    app.Use(Guard.Handle);
                    app.UseRouting();
                    app.UseEndpoints(Api.Map);
                }));
    }

    /// <summary>The JSON the API writes: camelCase, enums as words, NaN as "NaN" (a cost with no gain to divide by).</summary>
    internal static JsonSerializerOptions Json(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    /// <summary>
    /// Serves the workbench until the process is stopped (Ctrl+C), printing its address to <paramref name="output"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot be served.</exception>
    /// <exception cref="IOException">The address cannot be listened on (e.g. the port is in use).</exception>
    public static void Run(WorkbenchOptions options, TextWriter output)
    {
        using var host = CreateBuilder(options).Build();
        host.Start();
        foreach (var url in Addresses(host)) output.WriteLine($"Workbench: {url}{(options.Token is null ? "" : "?token=" + Uri.EscapeDataString(options.Token))}");
        output.WriteLine($"Workspace: {host.Services.GetRequiredService<Workspace>().Root} (scenarios/, results/). Stop with Ctrl+C.");
        host.WaitForShutdown();
    }

    /// <summary>The addresses a started host listens on (e.g. http://127.0.0.1:5117/), with the port chosen when 0 was asked for.</summary>
    public static IReadOnlyList<string> Addresses(IHost host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => a.TrimEnd('/') + "/").ToArray() ?? [];
}
