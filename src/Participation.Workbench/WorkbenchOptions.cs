using System.Net;
using Participation.Policies;

namespace Participation.Workbench;

/// <summary>How the workbench is served: where it listens, its workspace, its access token and its policy kinds.</summary>
public sealed record WorkbenchOptions
{
    /// <summary>The port listened on unless another is given.</summary>
    public const int DefaultPort = 5117;

    /// <summary>Fewest characters an access token may have.</summary>
    public const int MinTokenLength = 16;

    /// <summary>The folder read and written: scenarios in <c>scenarios/</c>, result folders in <c>results/</c>.</summary>
    public string Workspace { get; init; } = ".";

    /// <summary>The address listened on: 127.0.0.1 unless another is given (which then needs a <see cref="Token"/>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port (0: any free port, reported once started).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Access token every request must carry (required when <see cref="Host"/> is not a loopback address).</summary>
    public string? Token { get; init; }

    /// <summary>Policy kinds scenarios may name: the built-in ones, plus those of plugins the server was started with.</summary>
    public PolicyCatalog Catalog { get; init; } = PolicyCatalog.Default;

    /// <summary>The plugin assemblies <see cref="Catalog"/> was extended with, as given (shown on the pages; no request loads one).</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>Threads a batch uses (0: all cores); results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Log every request (ASP.NET Core's information messages); otherwise only warnings and errors.</summary>
    public bool Verbose { get; init; }

    /// <summary>The address parsed from <see cref="Host"/> ("localhost" is 127.0.0.1).</summary>
    internal IPAddress Address => Host.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(Host.Trim());

    /// <summary>Whether only this machine can connect.</summary>
    internal bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>What is wrong with these options, as one line naming the option, the value and what was expected; null when they can be served.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Host) || (!Host.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(Host.Trim(), out _)))
            return $"--host {Host}: expected an IP address such as 127.0.0.1 (or localhost)";
        if (Port is < 0 or > 65535) return $"--port {Port}: expected a port number from 1 to 65535 (or 0 for any free port)";
        if (Threads is < 0 or > 1024) return $"--threads {Threads}: expected 0 (all cores) or a number from 1 to 1024";
        if (string.IsNullOrWhiteSpace(Workspace)) return "--workspace '': expected a folder path";
        if (Token is not null && (Token.Length < MinTokenLength || Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            return $"--token: expected at least {MinTokenLength} characters without spaces (it guards every request; e.g. the output of: openssl rand -hex 16)";
        if (!IsLoopback && Token is null)
            return $"--host {Host}: listening on an address other than this machine's (127.0.0.1) lets others connect; expected --token TOKEN too, which every request must then carry";
        return null;
    }
}
