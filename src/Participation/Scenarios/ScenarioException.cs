namespace Participation.Scenarios;

/// <summary>
/// A scenario that cannot be run. The message names the key (a dotted path such as
/// <c>decision.intercept</c>), the value found and what is allowed, so the user can fix it.
/// </summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Dotted path of the offending key, or the file.</summary>
    public string Key { get; }
    /// <summary>The value found, as text.</summary>
    public string? Value { get; }
    /// <summary>What would be allowed.</summary>
    public string Expected { get; }

    /// <summary>Creates the error for <paramref name="key"/>.</summary>
    public ScenarioException(string key, string? value, string expected, string? file = null)
        : base(Format(key, value, expected, file))
    {
        Key = key; Value = value; Expected = expected;
    }

    private static string Format(string key, string? value, string expected, string? file)
    {
        string where = file is null ? "" : $"{OneLine(file, cut: false)}: ";
        return value is null
            ? $"{where}{OneLine(key)}: {OneLine(expected, cut: false)}"
            : $"{where}{OneLine(key)} = {OneLine(value)}: expected {OneLine(expected, cut: false)}";
    }

    /// <summary>Longest key or value shown in a message; longer ones are cut (the properties keep them whole).</summary>
    private const int MaxShown = 300;

    /// <summary>
    /// Text from the user's file as it appears in the one-line message: whitespace runs (newlines included) become one
    /// space, other control characters are escaped, and text longer than <see cref="MaxShown"/> is cut.
    /// </summary>
    private static string OneLine(string text, bool cut = true)
    {
        if (cut && text.Length > MaxShown) text = text[..(MaxShown - 3)] + "...";
        if (!text.Any(char.IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\n' or '\r' or '\t') { if (sb.Length == 0 || sb[^1] != ' ') sb.Append(' '); }
            else if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
