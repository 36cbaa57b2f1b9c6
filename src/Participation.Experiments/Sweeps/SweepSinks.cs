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
/// arrive. The file is written under a temporary name (<c>.partial</c>) and renamed into place on completion (or, written
/// through a <see cref="ResultsWriter"/>, when the folder's experiment is committed), so an interrupted sweep never leaves
/// a file that looks complete; a sweep that fails removes the temporary file (its journal keeps the runs finished).
/// </summary>
public sealed class CsvSweepSink : ISweepSink, IDisposable
{
    private readonly StreamedFile _file;
    private readonly int _flushEvery;
    private StreamWriter? _writer;
    private bool _header;
    private IReadOnlyList<string> _parameters = [];
    private int _rows;

    /// <summary>Creates a sink writing <paramref name="path"/> (the folder must exist).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="flushEvery">Rows between flushes to disk, so a crash loses at most this many.</param>
    public CsvSweepSink(string path, int flushEvery = 64) : this(new StreamedFile(path), flushEvery) { }

    /// <summary>Creates a sink writing <paramref name="name"/> through a results folder's writer (put in place when it commits).</summary>
    /// <param name="files">The folder's writer.</param>
    /// <param name="name">File name in the folder.</param>
    /// <param name="flushEvery">Rows between flushes to disk.</param>
    public CsvSweepSink(ResultsWriter files, string name, int flushEvery = 64) : this(new StreamedFile(files, name), flushEvery) { }

    private CsvSweepSink(StreamedFile file, int flushEvery)
    {
        _file = file;
        _flushEvery = Math.Max(1, flushEvery);
    }

    /// <summary>Rows written so far.</summary>
    public int RowsWritten => _rows;

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths)
    {
        _parameters = parameterPaths;
        _writer = _file.Open();
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
        _writer = null;
        _file.Complete(w);
    }

    /// <summary>Closes the file; if the sweep did not complete, its temporary file is removed.</summary>
    public void Dispose()
    {
        _writer = null;
        _file.Dispose();
    }

    /// <summary>Parameter values at full round-trip precision (a design point must be reproducible from the table).</summary>
    internal static string FormatParameter(double v) => double.IsFinite(v) ? CsvTable.Positional(v.ToString("R", CultureInfo.InvariantCulture)) : "";
}

/// <summary>
/// Writes, per design point, the mean, 95 % interval (Student's t across replications) and sd of every figure:
/// <c>point,&lt;parameters&gt;,replications,&lt;figure&gt;_mean,&lt;figure&gt;_low,&lt;figure&gt;_high,...</c>.
/// Rows arrive in point order, so only one point's replications are held at a time.
/// </summary>
public sealed class PointSummarySink : ISweepSink, IDisposable
{
    private readonly StreamedFile _file;
    private StreamWriter? _writer;
    private IReadOnlyList<string> _parameters = [];
    private readonly List<SweepRow> _current = [];
    private bool _header;

    /// <summary>Creates a sink writing <paramref name="path"/> (the folder must exist).</summary>
    public PointSummarySink(string path) => _file = new StreamedFile(path);

    /// <summary>Creates a sink writing <paramref name="name"/> through a results folder's writer (put in place when it commits).</summary>
    public PointSummarySink(ResultsWriter files, string name) => _file = new StreamedFile(files, name);

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths)
    {
        _parameters = parameterPaths;
        _writer = _file.Open();
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
        _writer = null;
        _file.Complete(w);
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

    /// <summary>Closes the file; if the sweep did not complete, its temporary file is removed.</summary>
    public void Dispose()
    {
        _writer = null;
        _file.Dispose();
    }
}

/// <summary>
/// A text file written as rows arrive: under <c>NAME.partial</c>, flushed to disk and renamed into place on
/// <see cref="Complete"/> (or left to a results folder's writer to put in place when it commits); removed by
/// <see cref="Dispose"/> when not completed, so a write that fails leaves no partial file behind.
/// </summary>
internal sealed class StreamedFile : IDisposable
{
    private readonly string? _path;
    private readonly Func<Stream> _open;
    private StreamWriter? _writer;
    private bool _completed;

    /// <summary>A file renamed into place on completion.</summary>
    public StreamedFile(string path)
    {
        _path = path;
        _open = () => OutputFiles.Open(path + OutputFiles.PartialSuffix, FileMode.Create, FileShare.Read);
    }

    /// <summary>A file of a results folder's experiment, put in place when the folder's writer commits.</summary>
    public StreamedFile(ResultsWriter files, string name) => _open = () => files.Create(name);

    /// <summary>Opens the temporary file for writing.</summary>
    public StreamWriter Open() => _writer = new StreamWriter(_open(), new UTF8Encoding(false), 1 << 16);

    /// <summary>Flushes <paramref name="writer"/> (the one <see cref="Open"/> gave) to disk, closes it and, for a file of its own, renames it into place.</summary>
    public void Complete(StreamWriter writer)
    {
        writer.Flush();
        OutputFiles.FlushToDisk(writer.BaseStream);
        writer.Dispose();
        _writer = null;
        _completed = true;
        if (_path is not null) OutputFiles.Commit(_path + OutputFiles.PartialSuffix, _path);
    }

    /// <summary>Closes the file; one not completed is removed (a results folder's writer removes its own).</summary>
    public void Dispose()
    {
        try { _writer?.Dispose(); }
        catch (IOException) when (!_completed) { } // the buffer cannot reach a full disk: the file is removed anyway
        _writer = null;
        if (!_completed && _path is not null) OutputFiles.Remove(_path + OutputFiles.PartialSuffix);
        _completed = true;
    }
}
