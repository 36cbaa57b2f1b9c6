using System.Diagnostics;
using Participation.Experiments.Replications;

namespace Participation.Cli;

/// <summary>
/// Progress (runs done, ticks, elapsed, estimated time left): on an interactive terminal redrawn in place at
/// most a few times a second; when stderr goes to a file (a batch job's log, <c>nohup</c>) one plain line every
/// 30 seconds, so long runs show they are alive without flooding the log. Silent under CI=true.
/// </summary>
internal sealed class ConsoleProgress : IProgress<BatchProgress>, IDisposable
{
    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _drawn;

    private readonly bool _log;

    /// <summary>True when stderr is a file: plain lines at most every 30 seconds instead of a line redrawn in place.</summary>
    public bool IsLog => _log;
    private bool _logFinished;

    private ConsoleProgress(TextWriter error, bool log) { _error = error; _log = log; }

    public static ConsoleProgress? Create(TextWriter error)
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (ci || !ReferenceEquals(error, Console.Error)) return null;
        return new ConsoleProgress(error, log: Console.IsErrorRedirected);
    }

    public void Report(BatchProgress p)
    {
        long now = _clock.ElapsedMilliseconds;
        bool last = p.RunsDone >= p.Runs;
        if (_logFinished || (now - _lastDraw < (_log ? 30_000 : 200) && !last)) return;
        _lastDraw = now;
        _logFinished = _log && last; // a log gets its final line once
        double done = p.Ticks == 0 ? 1 : (double)p.TicksDone / p.Ticks;
        string left = done > 0.02 ? Format(TimeSpan.FromMilliseconds(now * (1 - done) / done)) : "…";
        string line = $"runs {p.RunsDone}/{p.Runs}  ticks {p.TicksDone:N0}/{p.Ticks:N0} ({done:P0})  elapsed {Format(_clock.Elapsed)}  left {left}";
        if (_log) _error.WriteLine(line);
        else
        {
            _error.Write("\r" + line + "   ");
            _drawn = true;
        }
    }

    public void Finish()
    {
        if (_drawn) _error.WriteLine();
        _drawn = false;
    }

    public void Dispose() => Finish();

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
}
