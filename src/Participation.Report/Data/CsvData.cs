using System.Globalization;
using System.Text;
using Participation.Files;

namespace Participation.Report.Data;

/// <summary>A result folder or one of its files cannot be read as a report's input.</summary>
public sealed class ReportException(string message) : Exception(message);

/// <summary>
/// A CSV table as <c>participation</c> writes it (RFC 4180 quoting, a header row, invariant-culture numbers, empty cells
/// for undefined values), kept as text so the report can print each cell exactly as the file has it.
/// </summary>
public sealed class CsvData
{
    private readonly Dictionary<string, int> _index;

    private CsvData(string name, string[] header, List<string[]> rows)
    {
        Name = name;
        Header = header;
        Rows = rows;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < header.Length; k++) _index.TryAdd(header[k], k);
    }

    /// <summary>File name (e.g. <c>summary.csv</c>).</summary>
    public string Name { get; }
    /// <summary>Column names.</summary>
    public string[] Header { get; }
    /// <summary>Data rows (the header excluded), each with one cell per column.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Whether the table has column <paramref name="column"/>.</summary>
    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>Index of column <paramref name="column"/>.</summary>
    /// <exception cref="ReportException">No such column.</exception>
    public int Column(string column) =>
        _index.TryGetValue(column, out int k) ? k : throw new ReportException($"{Name}: no column named {column}");

    /// <summary>The text of a cell.</summary>
    public string Text(int row, string column) => Rows[row][Column(column)];

    /// <summary>A cell as a number (NaN when empty).</summary>
    /// <exception cref="ReportException">The cell is not a number.</exception>
    public double Number(int row, string column) => Parse(Text(row, column), row, column);

    /// <summary>A column as numbers (NaN where empty).</summary>
    public double[] Numbers(string column)
    {
        int c = Column(column);
        var values = new double[Rows.Count];
        for (int r = 0; r < Rows.Count; r++) values[r] = Parse(Rows[r][c], r, column);
        return values;
    }

    /// <summary>A column of dates (yyyy-MM-dd).</summary>
    public DateOnly[] Dates(string column)
    {
        int c = Column(column);
        return Rows.Select((row, r) => DateOnly.TryParseExact(row[c], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new ReportException($"{Name}, row {r + 2}, column {column}: '{MessageText.Value(row[c])}' is not a date (yyyy-MM-dd)")).ToArray();
    }

    /// <summary>The index of the first row whose <paramref name="column"/> is <paramref name="value"/>, or -1.</summary>
    public int Find(string column, string value)
    {
        int c = Column(column);
        for (int r = 0; r < Rows.Count; r++) if (Rows[r][c] == value) return r;
        return -1;
    }

    private double Parse(string text, int row, string column)
    {
        if (text.Length == 0) return double.NaN;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw new ReportException($"{Name}, row {row + 2}, column {column}: '{MessageText.Value(text)}' is not a number");
    }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ReportException">The file is empty, malformed, or its rows do not match the header.</exception>
    public static CsvData Read(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path, InputFile.LargeMaxBytes); }
        catch (InputFileException e) { throw new ReportException($"cannot read {e.Message}"); }
        return Parse(Path.GetFileName(path), text);
    }

    /// <summary>Parses CSV <paramref name="text"/> named <paramref name="name"/>.</summary>
    public static CsvData Parse(string name, string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1;
        for (int k = 0; k < text.Length; k++)
        {
            char c = text[k];
            if (quoted)
            {
                if (c == '"')
                {
                    if (k + 1 < text.Length && text[k + 1] == '"') { field.Append('"'); k++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    records.Add(fields.ToArray()); fields.Clear();
                    any = false;
                    line++;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new ReportException($"{name}, line {line}: a quoted field is not closed");
        if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add(fields.ToArray()); }
        if (records.Count == 0 || records[0].Length == 0 || records[0].All(string.IsNullOrEmpty))
            throw new ReportException($"{name}: the file is empty (expected a header row)");
        var header = records[0];
        for (int r = 1; r < records.Count; r++)
            if (records[r].Length != header.Length)
                throw new ReportException($"{name}, row {r + 1}: {records[r].Length} cells where the header has {header.Length}");
        return new CsvData(name, header, records.Skip(1).ToList());
    }
}
