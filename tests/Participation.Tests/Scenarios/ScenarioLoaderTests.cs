using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;
using Xunit;

namespace Participation.Tests.Scenarios;

/// <summary>A temporary folder of scenario files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("scenarios-").FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> (may contain folders) and returns the full path.</summary>
    public string Write(string name, string content) => Write(name, System.Text.Encoding.UTF8.GetBytes(content));

    public string Write(string name, byte[] content)
    {
        string full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public class ScenarioLoaderTests
{
    [Fact]
    public void EmptyObjectGivesTheDefaults()
    {
        var s = ScenarioLoader.LoadJson("{}");
        var defaults = new Scenario();

        Assert.Equal(ScenarioJson.ToJson(defaults), ScenarioJson.ToJson(s));
        Assert.Equal(new DecisionSettings().Intercept, s.Decision.Intercept);
        Assert.Equal(new DateOnly(1994, 1, 3), s.Calendar.Start);
        var main = Assert.Single(s.Compounds);
        Assert.Equal("main", main.Key);
        Assert.Equal(3000, main.Value.Households);
        Assert.Empty(s.Policies);
    }

    [Fact]
    public void BaseFilesAreLayeredUnderTheFileAndOverridesOnTop()
    {
        using var dir = new TempFolder();
        dir.Write("bases/common.json", """{ "name": "common", "seed": 11, "decision": { "intercept": -5, "trust": 3 }, "hearing": { "notice": 0.3 } }""");
        dir.Write("bases/town.json", """{ "extends": "common.json", "name": "town", "decision": { "intercept": -6 }, "roles": { "fillRate": 0.2 } }""");
        string top = dir.Write("study.json", """{ "extends": "bases/town.json", "name": "study", "roles": { "activeThreshold": 4 } }""");

        var s = ScenarioLoader.Load(top, ["roles.fillRate=0.3"]);

        Assert.Equal("study", s.Name);             // file beats its bases
        Assert.Equal(11, s.Seed);                  // only the deepest base sets it
        Assert.Equal(-6, s.Decision.Intercept);    // middle base beats deepest
        Assert.Equal(3, s.Decision.Trust);         // deepest base, untouched above
        Assert.Equal(0.3, s.Hearing.Notice);
        Assert.Equal(0.3, s.Roles.FillRate);       // override beats every file
        Assert.Equal(4, s.Roles.ActiveThreshold);
        Assert.Equal(new RoleSettings().EligibleMonths, s.Roles.EligibleMonths); // nobody sets it: default
    }

    [Fact]
    public void LaterOverridesWinAndEveryKindOfValueParses()
    {
        var s = ScenarioLoader.LoadJson("""{ "decision": { "intercept": -4 } }""",
        [
            "decision.intercept=-6", "decision.intercept = -5.5", "seed=42", "policies.drive.kind=registrationDrive",
            "policies.drive.start=2024-06-01", "policies.drive.enabled=false", "policies.drive.parameters.fillFactor=3",
            "compounds.north.type=urbanVillage", "compounds.north.households=500", "name=with = sign",
        ]);

        Assert.Equal(-5.5, s.Decision.Intercept);
        Assert.Equal(42, s.Seed);
        Assert.Equal("with = sign", s.Name);
        var drive = s.Policies["drive"];
        Assert.Equal(new DateOnly(2024, 6, 1), drive.Start);
        Assert.False(drive.Enabled);
        Assert.Equal(3, drive.Parameters["fillFactor"]);
        Assert.Equal(CompoundType.UrbanVillage, s.Compounds["north"].Type);
        Assert.Equal(500, s.Compounds["north"].Households);
    }

    [Fact]
    public void ADictionaryInConfigurationReplacesTheDefaultButLayersMerge()
    {
        var own = ScenarioLoader.LoadJson("""{ "compounds": { "east": { "households": 100, "buildings": 4 } } }""");
        Assert.Equal(["east"], own.Compounds.Keys);

        var viaOverride = ScenarioLoader.LoadJson("{}", ["compounds.west.households=200"]);
        Assert.Equal(["west"], viaOverride.Compounds.Keys);
        Assert.Equal(new CompoundSettings().Buildings, viaOverride.Compounds["west"].Buildings);

        using var dir = new TempFolder();
        dir.Write("base.json", """{ "compounds": { "east": { "households": 100, "buildings": 4 } } }""");
        string top = dir.Write("top.json", """{ "extends": "base.json", "compounds": { "west": { "households": 200 }, "EAST": { "buildings": 5 } } }""");
        var layered = ScenarioLoader.Load(top);
        Assert.Equal(2, layered.Compounds.Count);
        Assert.Equal(100, layered.Compounds["east"].Households);
        Assert.Equal(5, layered.Compounds["east"].Buildings);
        Assert.Equal(200, layered.Compounds["west"].Households);
        Assert.False(layered.Compounds.ContainsKey("main"));
    }

    [Fact]
    public void KeysAndEnumNamesAreCaseInsensitiveButReportedAsWritten()
    {
        var s = ScenarioLoader.LoadJson("""{ "Decision": { "INTERCEPT": -3 }, "Compounds": { "North": { "TYPE": "THREENO" } } }""",
            ["decision.Trust=2", "COMPOUNDS.north.households=700"]);
        Assert.Equal(-3, s.Decision.Intercept);
        Assert.Equal(2, s.Decision.Trust);
        Assert.Equal(CompoundType.ThreeNo, s.Compounds["north"].Type);
        Assert.Equal(700, s.Compounds["NORTH"].Households);

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson("""{ "Decision": { "Intercpt": -3 } }"""));
        Assert.Equal("Decision.Intercpt", e.Key);
        Assert.Contains("did you mean Decision.intercept?", e.Message);
    }

    [Fact]
    public void ToJsonRoundTrips()
    {
        var s = ScenarioLoader.LoadJson("""
            {
              "name": "round trip \"quoted\" 名",
              "seed": 9007199254740993,
              "calendar": { "start": "2000-01-03", "end": "2030-06-30", "registerDate": "2024-12-31", "reportFrom": "2010-01-01" },
              "compounds": { "b": { "type": "resettlement", "households": 1234, "buildings": 7 }, "a": { "type": "selfBuilt" } },
              "demography": { "femaleShare": 0.1234567890123, "ownerLocalShare": 0.3 },
              "decision": { "intercept": -6.000000000000001 },
              "policies": { "drive": { "kind": "registrationDrive", "start": "2024-06-01", "unitCost": 12.5, "parameters": { "fillFactor": 3.3 } } }
            }
            """);
        string json = ScenarioJson.ToJson(s);
        var again = ScenarioLoader.LoadJson(json);

        Assert.Equal(json, ScenarioJson.ToJson(again));
        Assert.Equal(9007199254740993L, again.Seed);
        Assert.Equal(-6.000000000000001, again.Decision.Intercept);
        Assert.Equal(DateOnly.MaxValue, again.Policies["drive"].End);
        Assert.Contains("\"type\": \"selfBuilt\"", json);
        Assert.Contains("\"householdSize1\": 0.25", json);
        Assert.True(json.IndexOf("\"a\"", StringComparison.Ordinal) < json.IndexOf("\"b\"", StringComparison.Ordinal), "map entries are sorted");
    }

    [Fact]
    public void KeysDescribeEveryValueFromItsParamAttribute()
    {
        var keys = ScenarioJson.Keys();
        Assert.Equal(keys.Count, keys.Select(k => k.Path).Distinct().Count());

        var intercept = Assert.Single(keys, k => k.Path == "decision.intercept");
        Assert.Equal((-50d, 50d, "utility", new DecisionSettings().Intercept.ToString(System.Globalization.CultureInfo.InvariantCulture), "H; calibrated to X (scenarios/calibrated/defaults.json)"), (intercept.Min!.Value, intercept.Max!.Value, intercept.Unit, intercept.Default, intercept.Source));
        Assert.Equal("a number", intercept.Type);

        var households = Assert.Single(keys, k => k.Path == "compounds.<name>.households");
        Assert.Equal(("a whole number", 1d, 5_000_000d, "3000"), (households.Type, households.Min!.Value, households.Max!.Value, households.Default));
        Assert.Contains("urbanVillage", Assert.Single(keys, k => k.Path == "compounds.<name>.type").Type);
        Assert.Equal("\"1994-01-03\"", Assert.Single(keys, k => k.Path == "calendar.start").Default);
        Assert.Contains(keys, k => k.Path == "policies.<name>.parameters" && k.Type == "a JSON object keyed by name");
        Assert.Contains(keys, k => k.Path == "compounds" && k.Default.Contains("\"main\""));
        Assert.All(keys, k => Assert.False(string.IsNullOrWhiteSpace(k.Doc), $"{k.Path} has no doc"));
        Assert.DoesNotContain(keys, k => k.Path == "totalHouseholds");
    }

    [Fact]
    public void PoliciesAreCheckedAgainstTheCatalogGiven()
    {
        const string json = """{ "policies": { "p": { "kind": "custom", "parameters": { "level": 4 } } } }""";
        Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(json));

        var catalog = PolicyCatalog.Default.Register(new PolicyKind("custom", "test kind",
            [new PolicyParameter("level", "a level", 1, 0, 5)], RegistrationDrive.Kind.Create));
        var s = ScenarioLoader.LoadJson(json, catalog: catalog);
        Assert.Equal(4, s.Policies["p"].Parameters["LEVEL"]);

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(json, ["policies.p.parameters.level=6"], catalog));
        Assert.Equal("policies.p.parameters.level", e.Key);
        Assert.Equal("a number between 0 and 5 for a custom policy (level: a level)", e.Expected);
        Assert.StartsWith("override: ", e.Message);
    }

    [Fact]
    public void ErrorsNameTheFileTheValueCameFrom()
    {
        using var dir = new TempFolder();
        dir.Write("base.json", """{ "decision": { "trust": 99 } }""");
        string top = dir.Write("top.json", """{ "extends": "base.json", "name": "x" }""");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(top));
        Assert.StartsWith("base.json: decision.trust = 99: expected a number between -50 and 50", e.Message);
    }

    [Fact]
    public void The_child_rearing_years_must_end_after_they_start()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(TestScenarios.SmallJson,
            ["demography.childRearingFromAge=40", "demography.childRearingToAge=30"]));
        Assert.Contains("demography.childRearingToAge = 30: expected an age above demography.childRearingFromAge (40)", e.Message);
    }
}
