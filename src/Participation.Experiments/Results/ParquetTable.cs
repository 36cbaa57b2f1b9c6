using System.Reflection;
using Participation.Experiments.Sweeps;
using Parquet;
using Parquet.Schema;

namespace Participation.Experiments.Results;

/// <summary>
/// Writes the same tables as <see cref="CsvTable"/> as Parquet files: the same snake_case columns in the same order and
/// the same rows. Columns are typed (int → INT32, long → INT64, ulong → UINT64, double → DOUBLE, DateOnly → DATE,
/// bool → BOOLEAN, enums and strings → UTF-8 strings, enums in snake_case as in the CSV); every column is optional, and a
/// value the CSV leaves empty (NaN, infinities, a missing nested record) is null. Files are written under a temporary name
/// (<c>.partial</c>) and renamed into place when complete.
/// </summary>
public static class ParquetTable
{
    /// <summary>Rows per row group (bounds the memory held while writing).</summary>
    public const int RowGroupSize = 65_536;

    /// <summary>One typed column: its snake_case name, scalar CLR type and how to read it from a row.</summary>
    internal sealed record Column(string Name, Type Type, Func<object, object?> Read);

    /// <summary>
    /// Writes the rows of each replication in <paramref name="batches"/> to <paramref name="path"/>, each row prefixed by the
    /// replication number and seed, as <see cref="CsvTable.Write{T}"/> does.
    /// </summary>
    public static void Write<T>(string path, IEnumerable<(int Replication, ulong Seed, IEnumerable<T> Rows)> batches) where T : class =>
        OutputFiles.Replace(path, stream => Write(stream, batches));

    /// <summary>As <see cref="Write{T}(string, IEnumerable{ValueTuple{int, ulong, IEnumerable{T}}})"/>, into a stream (a results folder's temporary file).</summary>
    internal static void Write<T>(Stream stream, IEnumerable<(int Replication, ulong Seed, IEnumerable<T> Rows)> batches) where T : class
    {
        var columns = ColumnsOf<T>();
        var all = new List<Column> { new("replication", typeof(int), r => ((Row)r).Replication), new("seed", typeof(ulong), r => ((Row)r).Seed) };
        all.AddRange(columns.Select(c => c with { Read = r => c.Read(((Row)r).Value) }));
        IEnumerable<object> Rows()
        {
            foreach (var (replication, seed, rows) in batches)
                foreach (var row in rows) yield return new Row(replication, seed, row);
        }
        Write(stream, all, Rows());
    }

    private sealed record Row(int Replication, ulong Seed, object Value);

    /// <summary>The columns of <typeparamref name="T"/> with their types, in <see cref="CsvTable.ColumnsOf{T}"/> order.</summary>
    internal static IReadOnlyList<Column> ColumnsOf<T>()
    {
        var typed = new List<(string Name, Type Type)>();
        Collect(typeof(T), "", typed);
        var csv = CsvTable.ColumnsOf<T>();
        if (csv.Count != typed.Count || csv.Where((c, k) => c.Name != typed[k].Name).Any())
            throw new InvalidOperationException($"{typeof(T).Name}: Parquet columns differ from the CSV columns");
        return csv.Select((c, k) => new Column(c.Name, typed[k].Type, c.Read)).ToArray();
    }

    // Mirrors CsvTable's traversal (public instance properties, nested records flattened with a prefix).
    private static void Collect(Type type, string prefix, List<(string, Type)> into)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            var name = prefix + CsvTable.ColumnName(p);
            var t = p.PropertyType;
            if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(DateOnly) || t == typeof(decimal)) into.Add((name, t));
            else if (t.IsClass && t != typeof(string)) Collect(t, name + "_", into);
        }
    }

    /// <summary>Writes <paramref name="rows"/> with <paramref name="columns"/> into <paramref name="stream"/> (left open).</summary>
    internal static void Write(Stream stream, IReadOnlyList<Column> columns, IEnumerable<object> rows) =>
        Task.Run(() => WriteAsync(stream, columns, rows)).GetAwaiter().GetResult();

    private static async Task WriteAsync(Stream stream, IReadOnlyList<Column> columns, IEnumerable<object> rows)
    {
        var buffers = columns.Select(Buffer.For).ToArray();
        var schema = new ParquetSchema(buffers.Select(b => (Field)b.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        int count = 0;
        async Task Flush()
        {
            using var group = writer.CreateRowGroup();
            foreach (var b in buffers) await b.WriteAsync(group);
            group.CompleteValidate();
            foreach (var b in buffers) b.Clear();
            count = 0;
        }
        bool any = false;
        foreach (var row in rows)
        {
            for (int k = 0; k < buffers.Length; k++) buffers[k].Add(columns[k].Read(row));
            any = true;
            if (++count == RowGroupSize) await Flush();
        }
        if (count > 0 || !any) await Flush();
    }

    /// <summary>The values of one column of the current row group.</summary>
    private abstract class Buffer
    {
        public abstract DataField Field { get; }
        public abstract void Add(object? value);
        public abstract Task WriteAsync(ParquetRowGroupWriter group);
        public abstract void Clear();

        public static Buffer For(Column c)
        {
            var t = c.Type;
            if (t.IsEnum) return new Strings(c.Name, v => v is Enum e ? CsvTable.SnakeCase(e.ToString()) : null);
            if (t == typeof(string)) return new Strings(c.Name, v => (string?)v);
            if (t == typeof(double)) return new Values<double>(c.Name, v => v is double d && double.IsFinite(d) ? d : null);
            if (t == typeof(float)) return new Values<float>(c.Name, v => v is float f && float.IsFinite(f) ? f : null);
            if (t == typeof(int)) return new Values<int>(c.Name, v => (int?)v);
            if (t == typeof(long)) return new Values<long>(c.Name, v => (long?)v);
            if (t == typeof(ulong)) return new Values<ulong>(c.Name, v => (ulong?)v);
            if (t == typeof(uint)) return new Values<uint>(c.Name, v => (uint?)v);
            if (t == typeof(short)) return new Values<int>(c.Name, v => v is short s ? s : null);
            if (t == typeof(byte)) return new Values<int>(c.Name, v => v is byte s ? s : null);
            if (t == typeof(bool)) return new Values<bool>(c.Name, v => (bool?)v);
            if (t == typeof(DateOnly)) return new Values<DateOnly>(c.Name, v => (DateOnly?)v);
            if (t == typeof(decimal)) return new Values<double>(c.Name, v => v is decimal m ? (double)m : null);
            return new Strings(c.Name, v => v is null ? null : CsvTable.Format(v));
        }
    }

    private sealed class Values<TV>(string name, Func<object?, TV?> convert) : Buffer where TV : struct
    {
        private readonly List<TV?> _values = [];
        public override DataField Field { get; } = new DataField(name, typeof(TV), isNullable: true);
        public override void Add(object? value) => _values.Add(convert(value));
        public override Task WriteAsync(ParquetRowGroupWriter group) => group.WriteAsync<TV>(Field, _values.ToArray().AsMemory());
        public override void Clear() => _values.Clear();
    }

    private sealed class Strings(string name, Func<object?, string?> convert) : Buffer
    {
        private readonly List<string?> _values = [];
        public override DataField Field { get; } = new DataField(name, typeof(string), isNullable: true);
        public override void Add(object? value) => _values.Add(convert(value));
        public override Task WriteAsync(ParquetRowGroupWriter group) => group.WriteAsync(Field, _values.ToArray()!);
        public override void Clear() => _values.Clear();
    }
}

/// <summary>
/// Collects the rows of a sweep and writes them as Parquet (the columns of <see cref="CsvSweepSink"/>: point, replication,
/// seed, the varied parameters by path, every summary figure) when the sweep completes; nothing is written if it does not.
/// </summary>
public sealed class ParquetSweepSink : ISweepSink
{
    private readonly List<SweepRow> _rows = [];
    private readonly Action<Action<Stream>> _write;
    private IReadOnlyList<string> _parameters = [];

    /// <summary>A sink writing <paramref name="path"/> atomically on completion.</summary>
    public ParquetSweepSink(string path) => _write = write => OutputFiles.Replace(path, write);

    /// <summary>A sink writing <paramref name="name"/> through a results folder's writer on completion (put in place when it commits).</summary>
    public ParquetSweepSink(ResultsWriter files, string name) => _write = write => files.Write(name, write);

    /// <inheritdoc />
    public void Begin(IReadOnlyList<string> parameterPaths) => _parameters = parameterPaths;

    /// <inheritdoc />
    public void Write(SweepRow row) => _rows.Add(row);

    /// <inheritdoc />
    public void Complete()
    {
        var columns = new List<ParquetTable.Column>
        {
            new("point", typeof(int), r => ((SweepRow)r).Point),
            new("replication", typeof(int), r => ((SweepRow)r).Replication),
            new("seed", typeof(ulong), r => ((SweepRow)r).Seed),
        };
        for (int k = 0; k < _parameters.Count; k++)
        {
            int j = k;
            columns.Add(new(_parameters[k], typeof(double), r => ((SweepRow)r).Parameters[j]));
        }
        var figures = _rows.Count > 0 ? _rows[0].FigureNames : [];
        for (int k = 0; k < figures.Count; k++)
        {
            int j = k;
            columns.Add(new(figures[k], typeof(double), r => ((SweepRow)r).Figures[j]));
        }
        _write(stream => ParquetTable.Write(stream, columns, _rows));
        _rows.Clear();
    }
}
