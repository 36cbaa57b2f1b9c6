using System.Globalization;
using System.Text;

namespace Participation.Experiments.Results;

/// <summary>
/// One line of a crash-safe journal (sweeps, replication batches): tab-separated content followed by a tab and a
/// 64-bit FNV-1a checksum of it, so a line cut short by a kill is recognised and dropped on reading.
/// </summary>
internal static class JournalLine
{
    /// <summary>The line with its checksum appended, newline-terminated.</summary>
    public static string Sealed(string content) => $"{content}\t{Checksum(content)}\n";

    /// <summary>True when the line (without its newline) ends with the checksum of what precedes it.</summary>
    public static bool Intact(string line)
    {
        int tab = line.LastIndexOf('\t');
        return tab > 0 && line[(tab + 1)..] == Checksum(line[..tab]);
    }

    private static string Checksum(string content)
    {
        ulong h = 14695981039346656037UL; // FNV-1a, 64 bits
        foreach (byte b in Encoding.UTF8.GetBytes(content)) { h ^= b; h *= 1099511628211UL; }
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }
}
