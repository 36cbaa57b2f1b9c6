using Participation.Simulation;
using Participation.Cli;
using Participation.Scenarios;

namespace Participation.Tests.Scenarios;

/// <summary>
/// An error blames where the value came from: the file of the extends chain that set it, the override that set it, or,
/// for a default, what made the section it sits in; a value the message compares with says where it came from when
/// that is elsewhere. So <c>--set compounds.new.households=5</c> blames the override, not the scenario file.
/// </summary>
public class ValueOriginTests
{
    private static string Refusal(string top, params string[] overrides) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(top, overrides)).Message;

    [Fact]
    public void The_issues_example_blames_the_override_that_made_the_compound()
    {
        string scenario = Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json");
        var (code, _, stderr) = CliRunner.Run("inspect", scenario, "--no-scenario", "--set", "compounds.new.households=5");
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: override compounds.new.households=5: compounds.new.buildings = 60 (the default): expected at most the compound's households (5)", stderr);
        Assert.DoesNotContain("x-shaoxing.json", stderr);
    }

    [Fact]
    public void Every_cross_field_check_names_where_each_value_came_from()
    {
        using var dir = new TempFolder();
        dir.Write("base.json", """
        {
          "calendar": { "start": "2016-01-04", "end": "2018-12-31", "registerDate": "2018-12-31", "reportFrom": "2017-01-01" },
          "compounds": { "a": { "type": "old", "households": 40, "buildings": 10 } },
          "policies": { "drive": { "kind": "registrationDrive", "start": "2017-06-01", "end": "2017-12-31" } }
        }
        """);
        string top = dir.Write("top.json", """{ "extends": "base.json", "compounds": { "b": { "households": 100 } } }""");

        // A value set by a later layer than the one it conflicts with: the blamed value's file, and where the other came from.
        Assert.StartsWith("base.json: compounds.a.buildings = 10: expected at most the compound's households (3, from override compounds.a.households=3)",
            Refusal(top, "compounds.a.households=3"));
        Assert.StartsWith("base.json: calendar.end = 2018-12-31: expected a date after calendar.start (2030-01-07, from override calendar.start=2030-01-07)",
            Refusal(top, "calendar.start=2030-01-07"));
        Assert.StartsWith("base.json: policies.drive.end = 2017-12-31: expected a date on or after policies.drive.start (2018-03-01, from override policies.drive.start=2018-03-01)",
            Refusal(top, "policies.drive.start=2018-03-01"));
        Assert.StartsWith("base.json: calendar.registerDate = 2018-12-31: expected a date between calendar.start (2016-01-04) and calendar.end (2018-06-30, from override calendar.end=2018-06-30)",
            Refusal(top, "calendar.end=2018-06-30"));

        // A default in a section a file made is that file's; one in a section an override made is the override's.
        string small = dir.Write("small.json", """{ "extends": "base.json", "compounds": { "b": { "households": 30 } } }""");
        Assert.StartsWith("small.json: compounds.b.buildings = 60 (the default): expected at most the compound's households (30)", Refusal(small));
        Assert.StartsWith("override policies.extra.scale=0.5: policies.extra.kind = (missing)", Refusal(top, "policies.extra.scale=0.5"));
        Assert.StartsWith("override compounds.c.type=commercial: compounds.c.buildings = 60 (the default): expected at most the compound's households (",
            Refusal(top, "compounds.c.type=commercial", "compounds.c.households=7"));

        // A value the override set itself: the override, and the message shows key and value.
        Assert.StartsWith("override: decision.trust = 99: expected", Refusal(top, "decision.trust=99"));
        // A sum of shares is blamed on the last layer that set one of them.
        Assert.StartsWith("override demography.householdSize1=0.9: demography.householdSize1..householdSize5 = ", Refusal(top, "demography.householdSize1=0.9"));
        Assert.StartsWith("shares.json: demography.householdSize1..householdSize5 = ",
            Refusal(dir.Write("shares.json", """{ "extends": "top.json", "demography": { "householdSize2": 0.9 } }""")));
    }

    [Fact]
    public void A_vary_range_that_breaks_the_scenario_is_blamed_on_the_vary()
    {
        string scenario = Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json");
        var (code, _, stderr) = CliRunner.Run("sweep", scenario, "--vary", "compounds.oldNorth.households=1:10:2", "--out", Path.Combine(Path.GetTempPath(), "never-written-vary"));
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: --vary compounds.oldNorth.households=1:10:2: at compounds.oldNorth.households=1, compounds.oldNorth.buildings = ", stderr);
    }
}
