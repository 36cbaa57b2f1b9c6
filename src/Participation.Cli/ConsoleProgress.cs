using System.Diagnostics;
using Participation.Experiments.Replications;

namespace Participation.Cli;

/// <summary>
/// Progress on an interactive terminal (runs done, ticks, elapsed, estimated time left), redrawn in place
/// at most a few times a second. Silent when stderr is redirected or CI=true.
/// </summary>
internal sealed class ConsoleProgress : IProgress<BatchProgress>, IDisposable
{
    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _drawn;

    private ConsoleProgress(TextWriter error) => _error = error;

    public static ConsoleProgress? Create(TextWriter error)
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        return ci || !interactive ? null : new ConsoleProgress(error);
    }

    public void Report(BatchProgress p)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 200 && p.RunsDone < p.Runs) return;
        _lastDraw = now;
        double done = p.Ticks == 0 ? 1 : (double)p.TicksDone / p.Ticks;
        string left = done > 0.02 ? Format(TimeSpan.FromMilliseconds(now * (1 - done) / done)) : "…";
        _error.Write($"\rruns {p.RunsDone}/{p.Runs}  ticks {p.TicksDone:N0}/{p.Ticks:N0} ({done:P0})  elapsed {Format(_clock.Elapsed)}  left {left}   ");
        _drawn = true;
    }

    public void Finish()
    {
        if (_drawn) _error.WriteLine();
        _drawn = false;
    }

    public void Dispose() => Finish();

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
}
