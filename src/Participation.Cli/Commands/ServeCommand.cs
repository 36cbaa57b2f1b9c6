using System.CommandLine;
using Participation.Workbench;

namespace Participation.Cli.Commands;

/// <summary><c>participation serve</c>: the analyst's workbench, a local web app over a workspace folder (see docs/workbench.md).</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = $"Port to listen on (0: any free port).", DefaultValueFactory = _ => WorkbenchOptions.DefaultPort };
        var workspace = new Option<string>("--workspace") { Description = "Folder the workbench reads and writes: your scenarios in scenarios/, result folders in results/ (created if missing).", DefaultValueFactory = _ => "." };
        var host = new Option<string>("--host") { Description = "Address to listen on. Anything but 127.0.0.1 (this machine) lets others connect, and needs --token.", DefaultValueFactory = _ => "127.0.0.1" };
        var token = new Option<string?>("--token") { Description = $"Access token (at least {WorkbenchOptions.MinTokenLength} characters) every request must carry; open the printed address, which holds it, once." };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads a run uses (0: all cores). Results are identical for any value.", DefaultValueFactory = _ => 0 };
        var plugin = Plugins.Option();
        var quiet = CommonOptions.Quiet();
        var verbose = CommonOptions.Verbose();
        var command = new Command("serve", "Serve the workbench: pages to edit scenarios and policy packages, run and compare them with live progress, and plot the results. " +
                                           "Listens on 127.0.0.1 only unless --host and --token are given; reads and writes only inside --workspace.")
        {
            port, workspace, host, token, threads, plugin, quiet, verbose,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(plugin) ?? [];
            var options = new WorkbenchOptions
            {
                Port = parse.GetValue(port), Workspace = parse.GetValue(workspace)!, Host = parse.GetValue(host)!, Token = parse.GetValue(token),
                Threads = parse.GetValue(threads), Catalog = Plugins.Catalog(paths), Plugins = paths,
                Verbose = parse.GetValue(verbose),
            };
            if (options.Problem() is { } problem) throw new UsageException(problem);
            try { WorkbenchHost.Run(options, parse.GetValue(quiet) ? TextWriter.Null : output); }
            catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--port {options.Port}: cannot listen on {options.Host}:{options.Port} ({e.Message}); choose another port with --port");
            }
            return Program.Ok;
        });
        return command;
    }
}
