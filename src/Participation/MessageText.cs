using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Participation;

/// <summary>
/// Text from the user's files and command line as an error message shows it: on one line, with nothing a terminal
/// would act on, and cut where it could replay a file.
/// </summary>
internal static class MessageText
{
    /// <summary>
    /// <paramref name="text"/> on one line: runs of newlines and tabs become one space; other control characters, format
    /// characters (bidirectional overrides) and line separators are escaped as <c>\uXXXX</c>; text longer than
    /// <paramref name="max"/> characters is cut, with "..." after it.
    /// </summary>
    public static string Line(string text, int max = int.MaxValue)
    {
        if (text.Length > max) text = text[..(max - 3)] + "...";
        if (!text.Any(Hidden)) return text;
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\n' or '\r' or '\t') { if (sb.Length == 0 || sb[^1] != ' ') sb.Append(' '); }
            else if (Hidden(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Longest error line written: a backstop for messages that quote a long path or argument whole.</summary>
    public const int MaxLine = 2000;

    /// <summary>Longest value a message quotes from a file or the command line (a name, a number, a date, a short text).</summary>
    public const int MaxValue = 200;

    /// <summary>A value quoted in a message: <see cref="Line"/> cut to <see cref="MaxValue"/> characters.</summary>
    public static string Value(string? text) => text is null ? "(none)" : Line(text, MaxValue);

    /// <summary>
    /// A JSON value as a message shows it: a number, true, false, null or a string (cut to 60 characters); an object or
    /// an array only as what it is, never its contents (a message must not replay a file's contents, such as a secret).
    /// </summary>
    public static string Json(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Object) return v.EnumerateObject().Any() ? "(a JSON object)" : "{}";
        if (v.ValueKind == JsonValueKind.Array) return v.GetArrayLength() == 0 ? "[]" : "(an array)";
        string raw = v.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }

    private static bool Hidden(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
