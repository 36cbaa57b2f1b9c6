using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Participation.Cli;

/// <summary>
/// Words for bash: how the user's values (paths, --set values, command lines) are written into the scripts this
/// command generates and the command lines it suggests, so that bash reads each back as exactly one word and never
/// runs any part of it.
/// </summary>
internal static partial class ShellWords
{
    // \z, not $: $ also matches before a final newline, and a word "a\n" would go out unquoted.
    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    /// <summary>
    /// A word bash reads back as exactly <paramref name="s"/>: as it is when it holds only safe characters; in single
    /// quotes when it holds no control or format character; else in <c>$'…'</c> with every such character (newlines
    /// included) written as the <c>\xHH</c> escapes of its UTF-8 bytes. A quoted word is therefore always on one
    /// line, as safe in a <c># comment</c> as in a command.
    /// </summary>
    public static string Quote(string s)
    {
        if (s.Length > 0 && Plain().IsMatch(s)) return s;
        if (!s.Any(Hidden)) return "'" + s.Replace("'", "'\\''") + "'";
        var sb = new StringBuilder("$'");
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '\\' or '\'') sb.Append('\\').Append(c);
            else if (!Hidden(c)) sb.Append(c);
            else
            {
                int length = Encoding.UTF8.GetBytes(s.AsSpan(i, 1), bytes);
                foreach (byte b in bytes[..length]) sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>The words, each quoted, separated by spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>Characters that would break a line or hide in it: controls, format characters (bidirectional overrides) and line separators.</summary>
    private static bool Hidden(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;
}
