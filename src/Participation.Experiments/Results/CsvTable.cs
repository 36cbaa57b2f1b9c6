using System.Globalization;
using System.Reflection;
using System.Text;

namespace Participation.Experiments.Results;

/// <summary>
/// Writes records as CSV with snake_case columns derived from their property names (nested records
/// are flattened with a prefix). Numbers use the invariant culture and round-trip precision trimmed to
/// 9 significant digits; NaN is written as an empty cell, which pandas, R and Excel read as missing.
/// </summary>
public static class CsvTable
{
    /// <summary>One column: its snake_case name and how to read it from a row.</summary>
    public sealed record Column(string Name, Func<object, object?> Read);

    /// <summary>The columns of record type <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<Column> ColumnsOf<T>() => ColumnsOf(typeof(T), "", x => x);

    private static List<Column> ColumnsOf(Type type, string prefix, Func<object, object?> parent)
    {
        var columns = new List<Column>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            var name = prefix + ColumnName(p);
            object? Read(object row) => parent(row) is { } owner ? p.GetValue(owner) : null;
            if (IsScalar(p.PropertyType)) columns.Add(new Column(name, Read));
            else if (p.PropertyType.IsClass && p.PropertyType != typeof(string))
                columns.AddRange(ColumnsOf(p.PropertyType, name + "_", Read));
        }
        return columns;
    }

    private static bool IsScalar(Type t) => t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(DateOnly) || t == typeof(decimal);

    /// <summary>A property's column name: its <see cref="Participation.Outcomes.TableColumnAttribute"/>, else its name in snake_case.</summary>
    public static string ColumnName(PropertyInfo property) =>
        property.GetCustomAttribute<Participation.Outcomes.TableColumnAttribute>()?.Name ?? SnakeCase(property.Name);

    /// <summary>Converts PascalCase to snake_case, keeping digit runs together ("Age31To40" → "age31_to40").</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int k = 0; k < name.Length; k++)
        {
            char c = name[k];
            if (char.IsUpper(c))
            {
                if (k > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Formats one value for a CSV cell.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => double.IsNaN(d) || double.IsInfinity(d) ? "" : Positional(d.ToString("G9", CultureInfo.InvariantCulture)),
        float f => float.IsNaN(f) || float.IsInfinity(f) ? "" : Positional(f.ToString("G7", CultureInfo.InvariantCulture)),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => SnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => Quote(s),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>
    /// A number's text without an exponent, the same digits written out (<c>4.1E-06</c> → <c>0.0000041</c>): spreadsheets
    /// read <c>4.10e-6</c> as text or by locale, and the written-out form parses to the same double.
    /// </summary>
    /// <param name="number">An invariant-culture number, e.g. from <c>ToString("G9")</c> or <c>"R"</c>.</param>
    public static string Positional(string number)
    {
        int e = number.IndexOfAny(['E', 'e']);
        if (e < 0) return number;
        int exponent = int.Parse(number.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = number[..e];
        bool negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int point = (dot < 0 ? mantissa.Length : dot) + exponent;
        string text = point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..];
        return negative ? "-" + text : text;
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Writes plain rows (no replication columns) with a header.</summary>
    public static void WriteRows<T>(TextWriter writer, IEnumerable<T> rows) where T : class
    {
        var columns = ColumnsOf<T>();
        writer.Write(string.Join(',', columns.Select(c => c.Name)));
        writer.Write('\n');
        foreach (var row in rows)
        {
            writer.Write(string.Join(',', columns.Select(c => Format(c.Read(row)))));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Writes the rows of each replication in <paramref name="batches"/> to <paramref name="writer"/>, each row prefixed by
    /// the replication number and seed.
    /// </summary>
    public static void Write<T>(TextWriter writer, IEnumerable<(int Replication, ulong Seed, IEnumerable<T> Rows)> batches) where T : class
    {
        var columns = ColumnsOf<T>();
        writer.Write("replication,seed");
        foreach (var c in columns) writer.Write("," + c.Name);
        writer.Write('\n');
        foreach (var (replication, seed, rows) in batches)
            foreach (var row in rows)
            {
                writer.Write(replication.ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(seed.ToString(CultureInfo.InvariantCulture));
                foreach (var c in columns) { writer.Write(','); writer.Write(Format(c.Read(row))); }
                writer.Write('\n');
            }
    }
}
