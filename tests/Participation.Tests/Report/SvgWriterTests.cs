using System.Xml.Linq;
using Participation.Report.Plots;
using Participation.Report.Svg;

namespace Participation.Tests.Report;

/// <summary>The small SVG writer: escaping, coordinates, "nice" ticks, scales, date ticks, and charts that parse as XML.</summary>
public class SvgWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Text_and_attributes_are_escaped_and_forbidden_control_characters_dropped()
    {
        Assert.Equal("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;", Markup.Escape("a & b <c> \"d\" 'e'"));
        Assert.Equal("tab\tline\nend", Markup.Escape("tab\tline\nend\u0001\u001f"));
        Assert.Equal("", Markup.Escape(null));

        var svg = new SvgWriter("p1", 100, 50, "Title <with> & \"quotes\"", "desc & more");
        svg.Text(10, 20, "</text><script>alert(1)</script>");
        svg.Group("g", "tip & \"tool\"").Rect(0, 0, 5, 5, "#fff").EndGroup();
        var doc = XDocument.Parse(svg.ToString());
        Assert.Equal("Title <with> & \"quotes\"", doc.Root!.Element(Svg + "title")!.Value);
        Assert.Equal("desc & more", doc.Root.Element(Svg + "desc")!.Value);
        Assert.Equal("</text><script>alert(1)</script>", doc.Descendants(Svg + "text").Single().Value);
        Assert.Empty(doc.Descendants(Svg + "script"));
        Assert.Equal("tip & \"tool\"", doc.Descendants(Svg + "g").Single().Element(Svg + "title")!.Value);
        Assert.Equal("p1-title", (string?)doc.Root.Attribute("aria-labelledby"));
    }

    [Fact]
    public void Coordinates_are_invariant_with_at_most_two_decimals_and_never_NaN()
    {
        Assert.Equal("1.23", Markup.Coordinate(1.234567));
        Assert.Equal("-0.5", Markup.Coordinate(-0.5));
        Assert.Equal("0", Markup.Coordinate(-0.001));
        Assert.Equal("1234567.5", Markup.Coordinate(1234567.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Markup.Coordinate(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Markup.Coordinate(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new SvgWriter("bad id", 10, 10, "t"));
    }

    [Theory]
    [InlineData(0.7, true, 0.5)]
    [InlineData(1.4, true, 1)]
    [InlineData(2.9, true, 2)]
    [InlineData(6.9, true, 5)]
    [InlineData(7.1, true, 10)]
    [InlineData(0.7, false, 1)]
    [InlineData(1.2, false, 2)]
    [InlineData(2.1, false, 5)]
    [InlineData(5.5, false, 10)]
    [InlineData(81.7, false, 100)]
    [InlineData(0.029, true, 0.02)]
    [InlineData(0.031, true, 0.05)]
    public void Nice_numbers_are_one_two_or_five_times_a_power_of_ten(double x, bool round, double expected) =>
        Assert.Equal(expected, NiceTicks.NiceNumber(x, round), 12);

    [Fact]
    public void Ticks_cover_the_data_on_round_steps_with_clean_labels()
    {
        var t = NiceTicks.For(0, 1);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], t.Values);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Values.Select(t.Label));

        t = NiceTicks.For(3.7, 81.7);
        Assert.Equal(0, t.Min);
        Assert.Equal(100, t.Max);
        Assert.Equal(20, t.Step);
        Assert.Equal("0", t.Label(0));

        t = NiceTicks.For(-2.48, 2.48);
        Assert.True(t.Min <= -2.48 && t.Max >= 2.48);
        Assert.Contains(0.0, t.Values);
        Assert.All(t.Values, v => Assert.Equal(0, Math.Round(v / t.Step - Math.Round(v / t.Step), 9)));

        t = NiceTicks.For(0, 33529);
        Assert.Equal("10,000", t.Label(10000));

        t = NiceTicks.For(0.1, 0.3); // no floating-point residue such as 0.30000000000000004
        Assert.All(t.Values, v => Assert.Equal(Math.Round(v, 10), v));
        Assert.Equal(["0.10", "0.15", "0.20", "0.25", "0.30"], t.Values.Select(t.Label));

        t = NiceTicks.For(5, 5); // a constant is widened, not divided by zero
        Assert.True(t.Min < 5 && t.Max > 5);
        Assert.Throws<ArgumentException>(() => NiceTicks.For(0, double.NaN));
    }

    [Fact]
    public void Scales_map_linearly_and_can_be_reversed_and_clamped()
    {
        var y = new LinearScale(0, 100, 300, 50); // y grows downwards
        Assert.Equal(300, y.Map(0));
        Assert.Equal(50, y.Map(100));
        Assert.Equal(175, y.Map(50));
        Assert.Equal(25, y.Map(110), 9);
        Assert.Equal(50, y.MapClamped(110));
        Assert.Equal(300, y.MapClamped(-5));
        Assert.Equal(175, new LinearScale(3, 3, 300, 50).Map(3)); // a degenerate domain maps to the middle
    }

    [Fact]
    public void Date_ticks_fall_on_month_or_year_boundaries_within_the_range()
    {
        var years = DateTicks.For(new DateOnly(2015, 1, 5), new DateOnly(2024, 12, 30));
        Assert.Equal(["2016", "2018", "2020", "2022", "2024"], years.Select(t => t.Label));
        Assert.All(years, t => Assert.Equal(1, t.Date.Day));

        var months = DateTicks.For(new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31));
        Assert.Equal("2017-01", months[0].Label);
        Assert.True(months.Count is >= 4 and <= 8);
        Assert.All(months, t => Assert.InRange(t.Date, new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31)));

        Assert.True(DateTicks.For(new DateOnly(1994, 1, 3), new DateOnly(2030, 12, 31)).Count <= 8);
    }

    [Fact]
    public void A_line_chart_breaks_at_missing_values_and_draws_title_axes_legend()
    {
        var chart = new XYChart
        {
            Id = "t1", Title = "A & B", XLabel = "week (date)", YLabel = "share (%)", Caption = "How to read it.", XIsDate = true, YMin = 0,
        };
        double[] x = Enumerable.Range(0, 6).Select(k => (double)new DateOnly(2020, 1, 6).AddDays(7 * k).DayNumber).ToArray();
        chart.Layers.Add(new BandLayer("interval", Palette.Blue, x, [1, 2, double.NaN, 2, 3, 4], [3, 4, double.NaN, 4, 5, 6]));
        chart.Layers.Add(new LineLayer("mean", Palette.Blue, x, [2, 3, double.NaN, 3, 4, 5]));
        chart.Layers.Add(new RuleLayer("mark", x[1]));
        chart.Legend.Add(new LegendEntry("mean", Palette.Blue, LegendMark.Line));
        chart.Legend.Add(new LegendEntry("interval", Palette.Blue, LegendMark.Band));

        string markup = chart.Render();
        Assert.DoesNotContain("NaN", markup);
        var doc = XDocument.Parse(markup);
        Assert.Equal("A & B", doc.Root!.Element(Svg + "title")!.Value);
        Assert.Equal("How to read it.", doc.Root.Element(Svg + "desc")!.Value);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("A & B", texts);
        Assert.Contains("week (date)", texts);
        Assert.Contains("share (%)", texts);
        Assert.Contains("mean", texts);
        Assert.Contains("interval", texts);
        Assert.Contains("mark", texts);
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count(p => (string?)p.Attribute("class") == "line")); // two pieces around the gap
        Assert.Equal(2, doc.Descendants(Svg + "polygon").Count(p => (string?)p.Attribute("class") == "band"));
        Assert.Contains("0", texts); // the forced y minimum is a tick
    }

    [Fact]
    public void Step_lines_go_across_then_down()
    {
        var chart = new XYChart { Id = "km", Title = "t", XLabel = "x", YLabel = "y", Caption = "c", YMin = 0, YMax = 100, XMin = 0 };
        chart.Layers.Add(new LineLayer(null, Palette.Green, [0, 1, 2], [100, 50, 25], Step: true));
        var doc = XDocument.Parse(chart.Render());
        var points = ((string)doc.Descendants(Svg + "polyline").Single().Attribute("points")!).Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(5, points.Count); // (0,100) (1,100) (1,50) (2,50) (2,25)
        Assert.Equal(points[0][1], points[1][1]);
        Assert.Equal(points[1][0], points[2][0]);
        Assert.True(points[2][1] > points[1][1]); // down the page = lower survival
    }

    [Fact]
    public void Bar_and_row_charts_render_every_bar_row_and_note()
    {
        var bars = new BarChart { Id = "b", Title = "Bars", XLabel = "bin", YLabel = "share (%)", Caption = "c", Categories = ["1–2", "3–4"] };
        bars.Series.Add(new BarSeries("model", Palette.Blue, [54.2, 31.5], [42.5, -3], [65.8, 40.1]));
        bars.Series.Add(new BarSeries("X", Palette.Orange, [55.3, 26.6]));
        var doc = XDocument.Parse(bars.Render());
        Assert.Equal(4, doc.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "bar"));
        Assert.Equal(2, doc.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "whisker"));
        // A whisker dipping below zero does not stretch the axis below zero.
        Assert.DoesNotContain(doc.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "tick-label" && t.Value.StartsWith('-'));

        var rows = new RowChart { Id = "r", Title = "Rows", XLabel = "difference", YLabel = "variant", Caption = "c" };
        rows.Rows.Add(new ChartRow("a <b>") { Estimate = 1, Low = -1, High = 3, Note = "1 [-1, 3]" });
        rows.Rows.Add(new ChartRow("c") { Bar = 5, Note = "5 yuan" });
        rows.Rows.Add(new ChartRow("d") { Note = "no clear gain" });
        doc = XDocument.Parse(rows.Render());
        Assert.Equal(3, doc.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "row"));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "a <b>");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "no clear gain");
        Assert.Single(doc.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "zero-line");
        Assert.Equal(rows.TotalHeight, double.Parse((string)doc.Root!.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture), 2);
    }
}
