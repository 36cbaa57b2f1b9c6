using System.Globalization;

namespace Participation.Report.Html;

/// <summary>
/// The one rounding rule of the report's tables, applied to the number exactly as the CSV file prints it: <b>three
/// significant digits, rounded half away from zero, but never fewer digits than the whole part has</b> (so numbers
/// from 1,000 up are rounded to the unit; whole numbers the CSV prints without a decimal point are shown in full), thousands separated by commas; magnitudes below 0.0001 in scientific notation
/// with three significant digits (<c>5.57e-5</c>); an empty cell (undefined) as an en dash. Shares stay shares (0.286,
/// not 28.6 %), as in the CSV.
/// </summary>
public static class NumberText
{
    /// <summary>Text for an undefined value (an empty CSV cell).</summary>
    public const string Missing = "–";

    /// <summary>The statement of the rule, printed in the report.</summary>
    public const string Rule =
        "Numbers in the tables are the CSV values rounded half away from zero to three significant digits, never dropping " +
        "digits of the whole part (1,518.81 shows as 1,519; whole numbers such as counts of replications are shown in full), with commas between thousands; values smaller than 0.0001 are " +
        "written in scientific notation (5.57e-5); an empty CSV cell (an undefined value) shows as –. Shares are fractions, as in the CSV (0.286 = 28.6 %).";

    /// <summary>Formats a CSV cell's text by the rule.</summary>
    /// <exception cref="FormatException">The text is not a number.</exception>
    public static string FromCsv(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Missing;
        if (IsWhole(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            return whole.ToString("#,0", CultureInfo.InvariantCulture);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)) return Format(d);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? Format(v) : throw new FormatException($"'{text}' is not a number");
    }

    private static bool IsWhole(string text) =>
        text.Length > 0 && text.AsSpan(text[0] == '-' ? 1 : 0).Length > 0 && text.AsSpan(text[0] == '-' ? 1 : 0).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Formats a computed number by the rule (NaN and infinities as <see cref="Missing"/>).</summary>
    public static string Format(double value)
    {
        if (!double.IsFinite(value)) return Missing;
        if (Math.Abs(value) < 7.9e27) return Format((decimal)value);
        return value.ToString("0.00e0", CultureInfo.InvariantCulture);
    }

    /// <summary>Formats an exact decimal by the rule.</summary>
    public static string Format(decimal value)
    {
        if (value == 0) return "0";
        if (Math.Abs(value) < 0.0001m) return ((double)value).ToString("0.00e0", CultureInfo.InvariantCulture);
        int decimals = DecimalsFor(value);
        decimal rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        // Rounding up may add a digit (0.09996 -> 0.1000): round again to three significant digits of the result.
        int again = DecimalsFor(rounded);
        if (again < decimals) { decimals = again; rounded = Math.Round(rounded, decimals, MidpointRounding.AwayFromZero); }
        if (rounded == 0) rounded = 0m; // no "-0"
        return rounded.ToString("#,0" + (decimals > 0 ? "." + new string('0', decimals) : ""), CultureInfo.InvariantCulture);
    }

    /// <summary>Decimals that leave three significant digits (none for numbers of three or more whole digits).</summary>
    private static int DecimalsFor(decimal value)
    {
        decimal a = Math.Abs(value);
        int wholeDigits = 0;
        // Count the position of the first significant digit relative to the decimal point.
        if (a >= 1) for (decimal p = 1; a >= p && wholeDigits < 29; p *= 10) wholeDigits++;
        else for (decimal p = 0.1m; a < p; p /= 10) wholeDigits--;
        return Math.Max(0, 3 - wholeDigits);
    }
}
