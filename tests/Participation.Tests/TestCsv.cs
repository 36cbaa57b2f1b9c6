namespace Participation.Tests;

/// <summary>
/// A CSV line split independently of the library's writer and the report's reader, so tests that compare
/// outputs with the CSV do not check code against itself.
/// </summary>
internal static class TestCsv
{
    /// <summary>The cells of one CSV line (RFC 4180 quoting).</summary>
    public static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int k = 0; k < line.Length; k++)
        {
            char ch = line[k];
            if (quoted)
            {
                if (ch == '"' && k + 1 < line.Length && line[k + 1] == '"') { cell.Append('"'); k++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
