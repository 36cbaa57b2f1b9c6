using System.Globalization;
using System.Text;
using Participation.Experiments.Results;
using Participation.Experiments.Statistics;

namespace Participation.Experiments.Sweeps;

/// <summary>The summary figures of one run of a sweep: one (point, replication).</summary>
/// <param name="Point">Design point (0-based).</param>
/// <param name="Replication">Replication at that point (0-based).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Parameters">Values of the varied parameters, in design order.</param>
/// <param name="FigureNames">Names of the figures (shared by all rows of a sweep).</param>
/// <param name="Figures">Values of the figures (NaN where undefined), in <paramref name="FigureNames"/> order.</param>
public sealed record SweepRow(int Point, int Replication, ulong Seed, double[] Parameters, IReadOnlyList<string> FigureNames, double[] Figures)
{
    /// <summary>The value of figure <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No figure has that name.</exception>
    public double Figure(string name)
    {
        for (int k = 0; k < FigureNames.Count; k++)
            if (FigureNames[k] == name) return Figures[k];
        throw new KeyNotFoundException($"no summary figure named {name}");
    }
}

/// <summary>
/// Receives the rows of a sweep, one at a time, in (point, replication) order, on one thread at a time.
/// </summary>
public interface ISweepSink
{
    /// <summary>Called once before the first row with the varied parameters' paths.</summary>
    void Begin(IReadOnlyList<string> parameterPaths);

    /// <summary>Receives the next row.</summary>
    void Write(SweepRow row);

    /// <summary>Called once after the last row when the sweep completed (not when it failed).</summary>
    void Complete();
}

/// <summary>Ready-made sinks.</summary>
public static class SweepSinks
{
    /// <summary>A sink that passes every call to each of <paramref name="sinks"/> in turn.</summary>
    public static ISweepSink Tee(params ISweepSink[] sinks) => new TeeSink(sinks);

    /// <summary>A sink that calls <paramref name="write"/> for each row.</summary>
    public static ISweepSink Action(Action<SweepRow> write) => new ActionSink(write);

    private sealed class TeeSink(ISweepSink[] sinks) : ISweepSink
    {
        public void Begin(IReadOnlyList<string> parameterPaths) { foreach (var s in sinks) s.Begin(parameterPaths); }
        public void Write(SweepRow row) { foreach (var s in sinks) s.Write(row); }
        public void Complete() { foreach (var s in sinks) s.Complete(); }
    }

    private sealed class ActionSink(Action<SweepRow> write) : ISweepSink
    {
        public void Begin(IReadOnlyList<string> parameterPaths) { }
        public void Write(SweepRow row) => write(row);
        public void Complete() { }
    }
}

/// <summary>Keeps every row in memory (for small sweeps and for analyses that need all values).</summary>
public sealed class MemorySweepSink : ISweepSink
{
    private readonly List<SweepRow> _rows = [];

    /// <summary>Paths of the varied parameters.</summary>
    public IReadOnlyList<string> ParameterPaths { get; private set; } = [];

    /// <summary>The rows received, in (point, replication) order.</summary>
    public IReadOnlyList<SweepRow> Rows => _rows;

    /// <summary>True once the sweep completed.</summary>
    public bool Completed { get; private set; }

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths) => ParameterPaths = parameterPaths;

    /// <inheritdoc />
    public void Write(SweepRow row) => _rows.Add(row);

    /// <inheritdoc />
    public void Complete() => Completed = true;
}

/// <summary>
/// Streams the long table <c>point,replication,seed,&lt;parameters&gt;,&lt;figures&gt;</c> to a CSV file as rows
/// arrive. The file is written under a temporary name (<c>.partial</c>) and renamed into place on completion,
/// so an interrupted sweep leaves a partial file that does not look complete; it holds every row finished so far.
/// </summary>
public sealed class CsvSweepSink : ISweepSink, IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly int _flushEvery;
    private StreamWriter? _writer;
    private bool _header;
    private IReadOnlyList<string> _parameters = [];
    private int _rows;

    /// <summary>Creates a sink writing <paramref name="path"/> (the folder must exist).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="flushEvery">Rows between flushes to disk, so a crash loses at most this many.</param>
    public CsvSweepSink(string path, int flushEvery = 64)
    {
        _path = path;
        _temp = path + ".partial";
        _flushEvery = Math.Max(1, flushEvery);
    }

    /// <summary>Rows written so far.</summary>
    public int RowsWritten => _rows;

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths)
    {
        _parameters = parameterPaths;
        _writer = new StreamWriter(new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false), 1 << 16);
    }

    /// <inheritdoc />
    public void Write(SweepRow row)
    {
        var w = _writer ?? throw new InvalidOperationException("Begin was not called");
        if (!_header)
        {
            w.Write("point,replication,seed");
            foreach (var p in _parameters) w.Write("," + CsvTable.Format(p));
            foreach (var f in row.FigureNames) w.Write("," + f);
            w.Write('\n');
            _header = true;
        }
        w.Write(row.Point.ToString(CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(row.Replication.ToString(CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(row.Seed.ToString(CultureInfo.InvariantCulture));
        foreach (var v in row.Parameters) { w.Write(','); w.Write(FormatParameter(v)); }
        foreach (var v in row.Figures) { w.Write(','); w.Write(CsvTable.Format(v)); }
        w.Write('\n');
        if (++_rows % _flushEvery == 0) w.Flush();
    }

    /// <inheritdoc />
    public void Complete()
    {
        var w = _writer ?? throw new InvalidOperationException("Begin was not called");
        if (!_header) w.Write("point,replication,seed" + string.Concat(_parameters.Select(p => "," + p)) + "\n");
        w.Flush();
        ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        w.Dispose();
        _writer = null;
        File.Move(_temp, _path, overwrite: true);
    }

    /// <summary>Closes the file if the sweep did not complete (the <c>.partial</c> file stays).</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Parameter values at full round-trip precision (a design point must be reproducible from the table).</summary>
    internal static string FormatParameter(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}

/// <summary>
/// Writes, per design point, the mean, 95 % interval (Student's t across replications) and sd of every figure:
/// <c>point,&lt;parameters&gt;,replications,&lt;figure&gt;_mean,&lt;figure&gt;_low,&lt;figure&gt;_high,...</c>.
/// Rows arrive in point order, so only one point's replications are held at a time.
/// </summary>
public sealed class PointSummarySink : ISweepSink, IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private StreamWriter? _writer;
    private IReadOnlyList<string> _parameters = [];
    private readonly List<SweepRow> _current = [];
    private bool _header;

    /// <summary>Creates a sink writing <paramref name="path"/> (the folder must exist).</summary>
    public PointSummarySink(string path)
    {
        _path = path;
        _temp = path + ".partial";
    }

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths)
    {
        _parameters = parameterPaths;
        _writer = new StreamWriter(new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false), 1 << 16);
    }

    /// <inheritdoc />
    public void Write(SweepRow row)
    {
        if (_current.Count > 0 && _current[0].Point != row.Point) Flush();
        _current.Add(row);
    }

    /// <inheritdoc />
    public void Complete()
    {
        var w = _writer ?? throw new InvalidOperationException("Begin was not called");
        Flush();
        if (!_header) w.Write("point" + string.Concat(_parameters.Select(p => "," + p)) + ",replications\n");
        w.Flush();
        ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        w.Dispose();
        _writer = null;
        File.Move(_temp, _path, overwrite: true);
    }

    private void Flush()
    {
        if (_current.Count == 0) return;
        var w = _writer ?? throw new InvalidOperationException("Begin was not called");
        var first = _current[0];
        if (!_header)
        {
            w.Write("point");
            foreach (var p in _parameters) w.Write("," + p);
            w.Write(",replications");
            foreach (var f in first.FigureNames) w.Write($",{f}_mean,{f}_low,{f}_high,{f}_sd");
            w.Write('\n');
            _header = true;
        }
        w.Write(first.Point.ToString(CultureInfo.InvariantCulture));
        foreach (var v in first.Parameters) w.Write("," + CsvSweepSink.FormatParameter(v));
        w.Write("," + _current.Count.ToString(CultureInfo.InvariantCulture));
        for (int k = 0; k < first.Figures.Length; k++)
        {
            var iv = Interval.Of(_current.Select(r => r.Figures[k]));
            w.Write($",{CsvTable.Format(iv.Mean)},{CsvTable.Format(iv.Low)},{CsvTable.Format(iv.High)},{CsvTable.Format(iv.StandardDeviation)}");
        }
        w.Write('\n');
        _current.Clear();
    }

    /// <summary>Closes the file if the sweep did not complete.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
