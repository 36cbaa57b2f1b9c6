using System.Diagnostics;
using System.Globalization;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Each policy kind declares the range and type of its scale and parameters; the loader refuses any other value,
/// naming the policy, the key, the value and what is allowed (nothing is clamped or rounded). Every value in range runs
/// in bounded time, and a policy that could never act is refused.
/// </summary>
public class PolicyRangeTests : ReliabilityCli
{
    private const string Calendar = """ "calendar": { "start": "2020-01-06", "end": "2021-12-31", "registerDate": "2021-12-31", "reportFrom": "2020-01-06" } """;

    private static string With(string policies) =>
        $$"""{ "seed": 5, {{Calendar}}, "compounds": { "a": { "households": 150, "buildings": 5 } }, "policies": { {{policies}} } }""";

    private static string Policy(string name, string kind, string more = "") =>
        $$""" "{{name}}": { "kind": "{{kind}}", "start": "2020-03-02"{{(more.Length > 0 ? ", " + more : "")}} } """;

    private static ScenarioException Refused(string json) => Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(json));

    [Theory]
    [InlineData("trainingCamp", "1000000000")]
    [InlineData("subsidies", "1.5")]
    [InlineData("points", "2")]
    [InlineData("honours", "1.01")]
    [InlineData("mentorship", "3")]
    public void A_share_scale_above_1_is_refused_naming_the_policy_not_clamped(string kind, string scale)
    {
        var e = Refused(With(Policy("p", kind, $"\"scale\": {scale}")));
        Assert.Equal("policies.p.scale", e.Key);
        Assert.Contains($"policies.p.scale = {double.Parse(scale, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}: " +
            $"expected a number between 0 and 1 for a {kind} policy (scale: The share", e.Message);
    }

    [Theory]
    [InlineData("trainingCamp", "every", "0.5", "a whole number between 0 and 520")]
    [InlineData("governanceSalon", "every", "4.5", "a whole number between 0 and 520")]
    [InlineData("volunteerDay", "eventDay", "9.5", "a whole number between 0 and 28")]
    [InlineData("honours", "month", "6.5", "a whole number between 1 and 12")]
    [InlineData("mentorship", "programmeWeeks", "26.5", "a whole number between 1 and 520")]
    [InlineData("mentorship", "menteesPerMentor", "1.5", "a whole number between 0 and 20")]
    public void A_fraction_where_a_kind_counts_whole_weeks_days_or_people_is_refused_not_rounded(string kind, string parameter, string value, string expected)
    {
        var e = Refused(With(Policy("p", kind, $"\"parameters\": {{ \"{parameter}\": {value} }}")));
        Assert.Equal($"policies.p.parameters.{parameter}", e.Key);
        Assert.Contains($"= {value}: expected {expected} for a {kind} policy ({parameter}:", e.Message);
    }

    /// <summary>Every kind and every declared value: its bounds are accepted, just outside them (and a fraction where whole) refused.</summary>
    [Fact]
    public void Every_kind_refuses_exactly_what_it_declares_it_does_not_take()
    {
        int checkedValues = 0;
        foreach (var kind in PolicyCatalog.Default.Kinds)
        {
            foreach (var (key, p) in kind.Parameters.Select(p => ($"\"parameters\": {{ \"{p.Name}\": ", p)).Prepend(("\"scale\": ", kind.Scale)))
            {
                string Entry(double v) => Policy("p", kind.Name, key + v.ToString("R", CultureInfo.InvariantCulture) + (key.StartsWith("\"parameters", StringComparison.Ordinal) ? " }" : ""));
                foreach (var ok in new[] { p.Min, p.Max, p.Default })
                    ScenarioLoader.LoadJson(With(Entry(ok)));
                var outside = new List<double> { p.Max + Math.Max(1, Math.Abs(p.Max)) * 1e-6 };
                if (p.Min > double.MinValue) outside.Add(p.Min - Math.Max(1, Math.Abs(p.Min)) * 1e-6);
                if (p.WholeNumber && p.Max > p.Min) outside.Add(p.Min + 0.5);
                foreach (var bad in outside)
                {
                    var e = Refused(With(Entry(bad)));
                    Assert.StartsWith("policies.p.", e.Key);
                    Assert.Contains($"for a {kind.Name} policy ({p.Name}:", e.Message);
                    checkedValues++;
                }
            }
        }
        Assert.True(checkedValues > 150, $"only {checkedValues} values checked");
    }

    /// <summary>
    /// Every kind, with its scale and every parameter at the top of its range (and, for the multipliers, several such
    /// policies at once, whose factors multiply), runs a small community for two years in bounded time.
    /// </summary>
    [Fact]
    public void Every_in_range_value_runs_in_bounded_time()
    {
        var clock = Stopwatch.StartNew();
        foreach (var kind in PolicyCatalog.Default.Kinds)
        {
            foreach (bool top in new[] { true, false })
            {
                string Value(PolicyParameter p) => (top ? p.Max : p.Min).ToString("R", CultureInfo.InvariantCulture);
                string parameters = string.Join(", ", kind.Parameters.Select(p => $"\"{p.Name}\": {Value(p)}"));
                var policies = Enumerable.Range(0, top ? 4 : 1)
                    .Select(k => Policy($"p{k}", kind.Name, $"\"scale\": {Value(kind.Scale)}, \"parameters\": {{ {parameters} }}"));
                var scenario = ScenarioLoader.LoadJson(With(string.Join(", ", policies)));
                var run = Task.Run(() => Model.Create(scenario, 3).Run());
                Assert.True(run.Wait(TimeSpan.FromSeconds(60)), $"{kind.Name} with every value at its {(top ? "maximum" : "minimum")} did not finish in 60 s");
            }
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"the kinds at their bounds took {clock.Elapsed}");
    }

    [Fact]
    public void A_registration_drive_at_the_old_limit_is_refused_at_once_instead_of_hanging()
    {
        // Scale 1e9 was accepted and made every week loop over 2^31 invitations; the kind now declares 0 to 100.
        string path = Path.Combine(Temp, "drive.json");
        File.WriteAllText(path, With(Policy("drive", "registrationDrive", "\"scale\": 1e9")));
        var r = CliRunner.RunChild(TimeSpan.FromSeconds(90), null, Temp, "run", path, "--out", Path.Combine(Temp, "out"));
        Assert.False(r.TimedOut, $"the run hung: {r}");
        Assert.Equal(2, r.Code);
        Assert.Contains("policies.drive.scale = 1000000000: expected a number between 0 and 100 for a registrationDrive policy", r.Err);
    }

    [Theory]
    [InlineData("\"start\": \"2023-01-02\"", "policies.p.start", "= 2023-01-02: expected a date on or before the first day of the run's last week (2021-12-27; calendar.end is 2021-12-31)")]
    [InlineData("\"start\": \"2020-03-03\", \"end\": \"2020-03-08\"", "policies.p.end", "= 2020-03-08: expected a date on or after 2020-03-09, the first day of the first week starting on or after policies.p.start (2020-03-03)")]
    public void A_policy_that_can_never_act_is_refused_naming_it(string dates, string key, string message)
    {
        var e = Refused(With($$""" "p": { "kind": "festivals", {{dates}} } """));
        Assert.Equal(key, e.Key);
        Assert.Contains(message, e.Message);
        Assert.Contains("the policy never acts", e.Message);
        // Switched off it is kept (a do-nothing variant), and a window of one week start is enough.
        ScenarioLoader.LoadJson(With($$""" "p": { "kind": "festivals", {{dates}}, "enabled": false } """));
        ScenarioLoader.LoadJson(With(""" "p": { "kind": "festivals", "start": "2020-03-03", "end": "2020-03-09" } """));
        ScenarioLoader.LoadJson(With(""" "p": { "kind": "festivals", "start": "2021-12-27" } """));
        // A policy that ended before the run began is a base scenario's history, kept when a variant starts later.
        ScenarioLoader.LoadJson(With(""" "p": { "kind": "festivals", "start": "2019-01-01", "end": "2019-12-31" } """));
    }
}
