using System.Runtime.InteropServices;

namespace Participation.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (kill, a batch system's time limit) as cancellation: the first signal cancels
/// <see cref="Token"/>, so a run stops at its next week with its journal intact and the command ends through
/// <see cref="Failures"/> ("cancelled; rerun with --resume to continue", exit 130). A command that has not ended
/// <see cref="Grace"/> after the signal, or a second signal, ends the process at once with the same line and code
/// (what a run has journaled is safe either way: results are written whole or not at all).
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>Exit code of a command ended by a signal (128 + SIGINT, as shells report it).</summary>
    public const int ExitCode = 130;

    /// <summary>How long a command may take to stop after the first signal before the process is ended.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;
    private readonly string _message;
    private int _signals;
    private volatile bool _done;

    /// <summary>
    /// The token the running command stops on (none outside <see cref="Program.Run"/>): the commands that run models
    /// pass it to them.
    /// </summary>
    public static CancellationToken Token => Ambient.Value;

    /// <summary>Runs <paramref name="command"/> with <paramref name="token"/> as <see cref="Token"/>.</summary>
    public static int With(CancellationToken token, Func<int> command)
    {
        var outer = Ambient.Value;
        Ambient.Value = token;
        try { return command(); }
        finally { Ambient.Value = outer; }
    }

    /// <summary>Starts listening for SIGINT and SIGTERM; <paramref name="message"/> is the line written when the process is ended.</summary>
    public Interruption(TextWriter error, string message)
    {
        _error = error;
        _message = message;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Signalled), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Signalled)];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Signal => _source.Token;

    private void Signalled(PosixSignalContext context)
    {
        context.Cancel = true; // not the runtime's default of ending the process at once, without a word
        if (Interlocked.Increment(ref _signals) > 1) End();
        _source.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ => End(), TaskScheduler.Default);
    }

    private void End()
    {
        if (_done) return; // the command ended (through Failures, which said so) while the grace ran
        lock (_error)
        {
            _error.WriteLine(_message);
            _error.Flush();
        }
        Environment.Exit(ExitCode);
    }

    public void Dispose()
    {
        _done = true;
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
