using Participation.Report.Html;

namespace Participation.Tests.Report;

/// <summary>The report's one rounding rule, on numbers as the CSV files print them.</summary>
public class NumberTextTests
{
    [Theory]
    [InlineData("0.286181764", "0.286")]
    [InlineData("81.6666667", "81.7")]
    [InlineData("124392.047", "124,392")]
    [InlineData("1518.81275", "1,519")]
    [InlineData("0.0369139618", "0.0369")]
    [InlineData("5.57177392E-05", "5.57e-5")]
    [InlineData("-1.18423789E-15", "-1.18e-15")]
    [InlineData("0.0001", "0.000100")]
    [InlineData("0.2865", "0.287")]     // half away from zero, on the decimal as printed (not on a binary double)
    [InlineData("-0.2865", "-0.287")]
    [InlineData("0.09996", "0.100")]    // rounding up adds a digit: still three significant digits
    [InlineData("999.6", "1,000")]
    [InlineData("504", "504")]          // whole numbers as printed are shown in full
    [InlineData("3", "3")]
    [InlineData("20241231", "20,241,231")]
    [InlineData("-0.0004", "-0.000400")]
    [InlineData("0", "0")]
    [InlineData("", "–")]
    public void Csv_values_are_rounded_by_the_stated_rule(string csv, string shown) => Assert.Equal(shown, NumberText.FromCsv(csv));

    [Fact]
    public void Computed_values_follow_the_same_rule()
    {
        Assert.Equal("0.644", NumberText.Format(0.64449));
        Assert.Equal("–", NumberText.Format(double.NaN));
        Assert.Equal("–", NumberText.Format(double.PositiveInfinity));
        Assert.Equal("62.0", NumberText.Format(62.0));
        Assert.Throws<FormatException>(() => NumberText.FromCsv("abc"));
    }
}
