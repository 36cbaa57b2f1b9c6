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
        string where = file is null ? "" : $"{MessageText.Line(file)}: ";
        return value is null
            ? $"{where}{MessageText.Line(key, MaxKeyShown)}: {MessageText.Line(expected)}"
            : $"{where}{MessageText.Line(key, MaxKeyShown)} = {MessageText.Value(value)}: expected {MessageText.Line(expected)}";
    }

    /// <summary>Longest key shown in a message; a longer one is cut (the property keeps it whole).</summary>
    private const int MaxKeyShown = 300;
}
