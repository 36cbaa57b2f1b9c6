using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Participation.Cli;

/// <summary>
/// Parses the values of typed options and arguments itself, so a bad value is refused in the user's words
/// (<c>--threads '1.5': expected a whole number from -2147483648 to 2147483647</c>), never with a .NET type name such
/// as <c>System.Nullable`1[System.Int64]</c>. Every typed option of every command goes through here; a value type
/// with no words is a programming error, thrown the first time the command tree is built.
/// </summary>
internal static class OptionValues
{
    /// <summary>Gives every typed option and argument of <paramref name="root"/> and its subcommands a parser with a plain message.</summary>
    public static T Describe<T>(T root) where T : Command
    {
        var pending = new Stack<Command>([root]);
        while (pending.TryPop(out var command))
        {
            foreach (var option in command.Options) Attach(option);
            foreach (var argument in command.Arguments) Attach(argument);
            foreach (var sub in command.Subcommands) pending.Push(sub);
        }
        return root;
    }

    /// <summary>What a value of <paramref name="type"/> must be, in words; null for text, which any value is.</summary>
    /// <exception cref="InvalidOperationException">A type this class has no words (and no parser) for.</exception>
    public static string? Expected(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) || t == typeof(string[]) || t == typeof(void) => null, // text, or no value (--help)
            var t when t == typeof(int) || t == typeof(long) => "a whole number",
            var t when t == typeof(bool) => "true or false (or nothing: the option alone means true)",
            var t => throw new InvalidOperationException($"no words for option values of type {t}: add a parser to {nameof(OptionValues)}"),
        };

    private static void Attach(Symbol symbol)
    {
        switch (symbol)
        {
            case Option<int> o: o.CustomParser = r => Value(r, o.Name, Int) ?? 0; break;
            case Option<int?> o: o.CustomParser = r => Value(r, o.Name, Int); break;
            case Option<long> o: o.CustomParser = r => Value(r, o.Name, Long) ?? 0; break;
            case Option<long?> o: o.CustomParser = r => Value(r, o.Name, Long); break;
            case Option<bool> o: o.CustomParser = r => r.Tokens.Count == 0 || (Value(r, o.Name, Bool) ?? false); break;
            case Option o: _ = Expected(o.ValueType); break;
            case Argument<int> a: a.CustomParser = r => Value(r, $"<{a.Name}>", Int) ?? 0; break;
            case Argument a: _ = Expected(a.ValueType); break;
        }
    }

    private static int? Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
    private static long? Long(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
    private static bool? Bool(string text) => bool.TryParse(text, out bool v) ? v : null;

    /// <summary>The option's value, or null after adding the error that names the option, the value and what it must be.</summary>
    private static T? Value<T>(ArgumentResult result, string name, Func<string, T?> parse) where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is { } value) return value;
        result.AddError($"{name} '{MessageText.Value(text)}': expected {Expected(typeof(T))}{TooLarge<T>(text)}");
        return null;
    }

    /// <summary>", and this one is too large…" for a whole number beyond the type's range; else "".</summary>
    private static string TooLarge<T>(string text)
    {
        if (!System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return "";
        bool small = typeof(T) == typeof(int);
        long min = small ? int.MinValue : long.MinValue, max = small ? int.MaxValue : long.MaxValue;
        return n > max ? string.Create(CultureInfo.InvariantCulture, $" of at most {max}") : string.Create(CultureInfo.InvariantCulture, $" of at least {min}");
    }
}
