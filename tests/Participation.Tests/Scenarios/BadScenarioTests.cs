using Participation.Scenarios;
using Xunit;

namespace Participation.Tests.Scenarios;

public class BadScenarioTests
{
    private static string Corpus(string file) => Path.Combine(AppContext.BaseDirectory, "BadScenarios", file);

    [Theory]
    [InlineData("no-such-file.json", null, "expected an existing scenario file")]
    [InlineData("empty.json", "empty.json", "(an empty file): expected a JSON object")]
    [InlineData("malformed.json", "malformed.json", "malformed JSON at line 4, position 3")]
    [InlineData("top-level-array.json", "(top level)", "expected a JSON object")]
    [InlineData("unknown-key.json", "decision.intercpt", "did you mean decision.intercept?")]
    [InlineData("wrong-type.json", "demography.femaleShare", "= \"0.5\": expected a number between 0 and 1, not a string")]
    [InlineData("array.json", "compounds", "= [ { \"households\": 100, \"buildings\": 2 } ]: expected a JSON object keyed by name (arrays merge by index, so collections are objects")]
    [InlineData("too-deep.json", "decision.intercept", "expected a number between -50 and 50, not a JSON object")]
    [InlineData("null-value.json", "name", "null is not allowed")]
    [InlineData("duplicate-key.json", "Seed", "each key once per object")]
    [InlineData("out-of-range-share.json", "demography.femaleShare", "= 1.5: expected a number between 0 and 1")]
    [InlineData("negative-count.json", "compounds.north.households", "= -5: expected a whole number between 1 and 5000000")]
    [InlineData("not-whole.json", "roles.activeThreshold", "= 2.5: expected a whole number between 1 and 100")]
    [InlineData("bad-enum.json", "compounds.north.type", "= village: expected one of: commercial, resettlement, old, selfBuilt, urbanVillage, threeNo")]
    [InlineData("bad-date.json", "calendar.start", "= 03/01/1994: expected a date as yyyy-MM-dd")]
    [InlineData("end-before-start.json", "calendar.end", "= 2005-12-31: expected a date after calendar.start (2010-01-04)")]
    [InlineData("report-outside.json", "calendar.reportFrom", "expected a date between calendar.start (1994-01-03) and calendar.end (2024-12-31)")]
    [InlineData("household-shares.json", "demography.householdSize1..householdSize5", "= 1.44: expected shares that sum to 1")]
    [InlineData("age-shares.json", "demography.age0To17..age70To89", "= 1.32: expected shares that sum to 1")]
    [InlineData("owner-shares.json", "demography.ownerLocalShare+ownerFromCityShare", "= 1.2: expected at most 1")]
    [InlineData("no-compounds.json", "compounds", "expected at least one compound")]
    [InlineData("buildings-over-households.json", "compounds.north.buildings", "= 20: expected at most the compound's households (10)")]
    [InlineData("unknown-policy-kind.json", "policies.drive.kind", "(did you mean registrationDrive?)")]
    [InlineData("unknown-policy-parameter.json", "policies.drive.parameters.fillFactr", "a parameter of registrationDrive, one of: fillFactor (did you mean fillFactor?)")]
    [InlineData("policy-parameter-range.json", "policies.drive.parameters.fillFactor", "= 500: expected a number between 0 and 100")]
    [InlineData("policy-end-before-start.json", "policies.drive.end", "expected a date on or after policies.drive.start (2024-06-01)")]
    [InlineData("cycle-a.json", "extends", "extends cycle: cycle-a.json -> cycle-b.json -> cycle-a.json")]
    [InlineData("extends-escape.json", "extends", "this path leads outside")]
    [InlineData("extends-missing.json", "extends", "extends-missing.json: extends = no-such-base.json: expected an existing scenario file")]
    [InlineData("huge-population.json", "compounds.*.households", "= 20,000,000 households: expected at most 20,000,000 residents in all; these households hold about 51,000,000 residents, which would need about 20.4 GB")]
    [InlineData("valid.json", "decision.intercept", "override: decision.intercept = (no '='): expected an override of the form dotted.path=value", "decision.intercept")]
    [InlineData("valid.json", "decision.intercpt", "override: decision.intercpt = -6: expected a key of decision (did you mean decision.intercept?)", "decision.intercpt=-6")]
    [InlineData("valid.json", "decision.intercept", "override: decision.intercept = abc: expected a number between -50 and 50", "decision.intercept=abc")]
    [InlineData("valid.json", "decision.intercept", "expected a number between -50 and 50", "decision.intercept=NaN")]
    [InlineData("valid.json", "decision", "expected a path to a single value", "decision=1")]
    [InlineData("valid.json", "decision.intercept.x", "a path that ends at decision.intercept, which is a single value", "decision.intercept.x=1")]
    [InlineData("valid.json", "calendar.start", "= 2024-13-01: expected a date as yyyy-MM-dd", "calendar.start=2024-13-01")]
    [InlineData("valid.json", "compounds.main.households", "= 1e10: expected a whole number between 1 and 5000000", "compounds.main.households=1e10")]
    public void CorpusFileFailsWithAClearMessage(string file, string? key, string fragment, params string[] overrides)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Corpus(file), overrides));
        Assert.Contains(fragment, e.Message);
        Assert.Equal(key ?? Corpus(file), e.Key);
    }

    [Fact]
    public void EveryCorpusFileButTheValidOneFails()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "BadScenarios"), "*.json");
        Assert.True(files.Length >= 30);
        foreach (var file in files.Where(f => Path.GetFileName(f) != "valid.json"))
            Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(file));
        Assert.Equal(800, ScenarioLoader.Load(Corpus("valid.json")).Compounds["main"].Households);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 }, "= (a UTF-16 byte order mark): expected UTF-8 text")]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D }, "= (invalid UTF-8 at byte 6): expected UTF-8 text")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x20, 0x0A }, "= (an empty file)")]
    public void WrongEncodingIsReported(byte[] bytes, string fragment)
    {
        using var dir = new TempFolder();
        string file = dir.Write("encoded.json", bytes);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(file));
        Assert.Equal("encoded.json", e.Key);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Utf8ByteOrderMarkIsAccepted()
    {
        using var dir = new TempFolder();
        string file = dir.Write("bom.json", [0xEF, 0xBB, 0xBF, .. "{\"seed\": 5}"u8.ToArray()]);
        Assert.Equal(5, ScenarioLoader.Load(file).Seed);
    }

    [Fact]
    public void ExtendsChainsLongerThanTheLimitAreRefused()
    {
        using var dir = new TempFolder();
        for (int i = 0; i <= ScenarioLoader.MaxExtendsDepth; i++)
            dir.Write($"f{i}.json", $$"""{ "extends": "f{{i + 1}}.json" }""");
        dir.Write($"f{ScenarioLoader.MaxExtendsDepth + 1}.json", "{}");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Path.Combine(dir.Path, "f0.json")));
        Assert.Contains("a chain of at most 16 files", e.Message);

        Assert.Equal(1, ScenarioLoader.Load(Path.Combine(dir.Path, "f2.json")).Seed); // f2 .. f17: 16 files, allowed
    }

    [Fact]
    public void ExtendsIsRefusedInJsonText()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson("""{ "extends": "base.json" }"""));
        Assert.Equal("extends", e.Key);
        Assert.Contains("no extends in a scenario given as text", e.Message);
    }

    [Fact]
    public void NoOtherExceptionEscapesForAnyPrefixOfAValidFile()
    {
        string json = File.ReadAllText(Corpus("valid.json")) + File.ReadAllText(Corpus("policy-parameter-range.json"));
        for (int n = 0; n < json.Length; n++)
        {
            try { ScenarioLoader.LoadJson(json[..n]); }
            catch (ScenarioException e) { Assert.False(string.IsNullOrWhiteSpace(e.Key)); }
        }
    }
}
