using Participation.Scenarios;
using Participation.Simulation;
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
    [InlineData("array.json", "compounds", "= (an array): expected a JSON object keyed by name (arrays merge by index, so collections are objects")]
    [InlineData("too-deep.json", "decision.intercept", "expected a number between -50 and 50, not a JSON object")]
    [InlineData("null-value.json", "name", "null is not allowed")]
    [InlineData("duplicate-key.json", "Seed", "each key once per object")]
    [InlineData("out-of-range-share.json", "demography.femaleShare", "= 1.5: expected a number between 0 and 1")]
    [InlineData("negative-count.json", "compounds.north.households", "= -5: expected a whole number between 1 and 5000000")]
    [InlineData("not-whole.json", "roles.activeThreshold", "= 2.5: expected a whole number between 1 and 100")]
    [InlineData("bad-enum.json", "compounds.north.type", "= village: expected one of: commercial, resettlement, old, selfBuilt, urbanVillage, threeNo")]
    [InlineData("bad-date.json", "calendar.start", "= 03/01/1994: expected a date as yyyy-MM-dd")]
    [InlineData("end-before-start.json", "calendar.end", "= 2005-12-31: expected a date after calendar.start (2010-01-04)")]
    [InlineData("report-outside.json", "calendar.reportFrom", "expected a date between calendar.start (1994-01-03, the default) and calendar.end (2024-12-31, the default)")]
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
    [InlineData("huge-population.json", "compounds.*.households", "= 20,000,000 households: expected at most 20,000,000 residents in all; these households hold about 51,000,000 residents")]
    [InlineData("valid.json", "decision.intercept", "override: decision.intercept = (no '='): expected an override of the form dotted.path=value", "decision.intercept")]
    [InlineData("valid.json", "decision.intercpt", "override: decision.intercpt = -6: expected a key of decision (did you mean decision.intercept?)", "decision.intercpt=-6")]
    [InlineData("valid.json", "decision.intercept", "override: decision.intercept = abc: expected a number between -50 and 50", "decision.intercept=abc")]
    [InlineData("valid.json", "decision.intercept", "expected a number between -50 and 50", "decision.intercept=NaN")]
    [InlineData("valid.json", "decision", "expected a path to a single value", "decision=1")]
    [InlineData("valid.json", "decision.intercept.x", "a path that ends at decision.intercept, which is a single value", "decision.intercept.x=1")]
    [InlineData("valid.json", "calendar.start", "= 2024-13-01: expected a date as yyyy-MM-dd", "calendar.start=2024-13-01")]
    [InlineData("valid.json", "compounds.main.households", "= 1e10: expected a whole number between 1 and 5000000", "compounds.main.households=1e10")]
    // ---- hardening corpus (issue 8): encodings, syntax, keys, types, ranges, cross-field checks, sizes ----
    [InlineData("utf16-bom.json", "utf16-bom.json", "= (a UTF-16 byte order mark): expected UTF-8 text (save the file as UTF-8)")]
    [InlineData("utf16be-bom.json", "utf16be-bom.json", "= (a UTF-16 byte order mark): expected UTF-8 text")]
    [InlineData("utf16-no-bom.json", "utf16-no-bom.json", "= (a NUL byte at byte 1: UTF-16 or binary content): expected UTF-8 text")]
    [InlineData("latin1.json", "latin1.json", "= (invalid UTF-8 at byte 13): expected UTF-8 text (save the file as UTF-8)")]
    [InlineData("binary.json", "binary.json", "= (a NUL byte at byte 8: UTF-16 or binary content)")]
    [InlineData("whitespace-only.json", "whitespace-only.json", "= (an empty file): expected a JSON object, such as {}")]
    [InlineData("bom-only.json", "bom-only.json", "= (an empty file): expected a JSON object, such as {}")]
    [InlineData("truncated.json", "truncated.json", "(malformed JSON at line 3, position 44")]
    [InlineData("deep-nesting.json", "deep-nesting.json", "(objects or arrays nested more than 64 deep at line 1, position 392): expected valid JSON nested at most 64 levels deep")]
    [InlineData("deep-arrays.json", "deep-arrays.json", "(objects or arrays nested more than 64 deep at line 1, position 65)")]
    [InlineData("lone-surrogate.json", "lone-surrogate.json", "= (an invalid \\u escape at line 2, position 11: a lone UTF-16 surrogate such as \\ud800)")]
    [InlineData("trailing-garbage.json", "trailing-garbage.json", "(malformed JSON at line 1, position 13: 'a' is invalid after a single JSON value. Expected end of data.)")]
    [InlineData("unterminated-comment.json", "unterminated-comment.json", "(malformed JSON at line 1, position 12: Expected end of comment")]
    [InlineData("two-documents.json", "two-documents.json", "(malformed JSON at line 2, position 1:")]
    [InlineData("nan-literal.json", "nan-literal.json", "(malformed JSON at line 1, position 28: 'N' is an invalid start of a value.)")]
    [InlineData("infinity-literal.json", "infinity-literal.json", "(malformed JSON at line 1, position 10: 'I' is an invalid start of a value.)")]
    [InlineData("single-quotes.json", "single-quotes.json", "(malformed JSON at line 1, position 2:")]
    [InlineData("unknown-top-level.json", "seeds", "seeds = 3: expected a top-level key (did you mean seed?)")]
    [InlineData("unknown-nested-no-suggestion.json", "roles.xyzzyPlugh", "roles.xyzzyPlugh = 1: expected a key of roles: one of: activeThreshold, eligibleMonths")]
    [InlineData("empty-key.json", "\"\"", "\"\" = 1: expected a top-level key: one of: name, description")]
    [InlineData("empty-map-name.json", "compounds.\"\"", "expected a name that is not empty and has no ':'")]
    [InlineData("colon-in-name.json", "policies.a:b", "= (a JSON object): expected a name that is not empty and has no ':'")]
    [InlineData("case-duplicate-map.json", "compounds.north", "expected each key once per object (keys are case-insensitive)")]
    [InlineData("extends-not-string.json", "extends", "extends = 5: expected the path of a scenario file to build on, as a string")]
    [InlineData("extends-empty.json", "extends", "extends = \"\": expected the path of a scenario file to build on, as a string")]
    [InlineData("number-for-string.json", "name", "name = 42: expected a string, not a number")]
    [InlineData("string-for-bool.json", "policies.p.enabled", "= \"yes\": expected true or false, not a string")]
    [InlineData("number-for-bool.json", "policies.p.enabled", "= 1: expected true or false, not a number")]
    [InlineData("number-for-date.json", "calendar.start", "= 20200106: expected a date as yyyy-MM-dd, not a number")]
    [InlineData("value-for-section.json", "decision", "decision = 5: expected a JSON object, not a number")]
    [InlineData("string-for-map.json", "compounds", "compounds = \"main\": expected a JSON object keyed by name, not a string")]
    [InlineData("number-for-enum.json", "compounds.a.type", "= 2: expected one of: commercial, resettlement, old, selfBuilt, urbanVillage, threeNo, not a number")]
    [InlineData("nan-text.json", "decision.intercept", "= \"NaN\": expected a number between -50 and 50, not a string")]
    [InlineData("array-in-parameters.json", "policies.p.parameters.tier1", "= (an array): expected a number (arrays merge by index")]
    [InlineData("object-in-value-map.json", "policies.p.parameters.tier1", "= (a JSON object): expected a number, not a JSON object")]
    [InlineData("number-for-source.json", "sources.decision.intercept", "= 1: expected a string, not a number")]
    [InlineData("null-compound.json", "compounds.a", "= null: expected a JSON object; null is not allowed")]
    [InlineData("invalid-date.json", "calendar.start", "= 2023-02-30: expected a date as yyyy-MM-dd")]
    [InlineData("date-with-time.json", "calendar.start", "= 2020-01-06T00:00:00: expected a date as yyyy-MM-dd")]
    [InlineData("huge-number.json", "seed", "seed = 1e400: expected a whole number of at least 0")]
    [InlineData("seed-too-big.json", "seed", "seed = 18446744073709551615: expected a whole number of at least 0")]
    [InlineData("negative-seed.json", "seed", "seed = -1: expected a whole number of at least 0")]
    [InlineData("zero-households.json", "compounds.a.households", "= 0: expected a whole number between 1 and 5000000")]
    [InlineData("households-overflow.json", "compounds.a.households", "= 3000000000: expected a whole number between 1 and 5000000")]
    [InlineData("households-negative-huge.json", "compounds.a.households", "= -1e300: expected a whole number between 1 and 5000000")]
    [InlineData("negative-buildings.json", "compounds.a.buildings", "= -3: expected a whole number between 1 and 1000000")]
    [InlineData("negative-rate.json", "roles.fillRate", "= -0.1: expected a number between 0 and 1")]
    [InlineData("huge-scale.json", "policies.p.scale", "= 10000000000: expected a number between 0 and 1 for a points policy")]
    [InlineData("council-day.json", "activities.councilDay", "= 29: expected a whole number between 1 and 28")]
    [InlineData("register-before-start.json", "calendar.registerDate", "= 2009-12-31: expected a date between calendar.start (2010-01-04) and calendar.end (2020-12-31)")]
    [InlineData("end-equals-start.json", "calendar.end", "= 2010-01-04: expected a date after calendar.start (2010-01-04)")]
    [InlineData("calendar-too-long.json", "calendar.end", "= 2500-12-31: expected a date at most 1000 years after calendar.start (1000-01-06)")]
    [InlineData("calendar-end-max.json", "calendar.end", "= 9999-12-31: expected a date on or before 9998-12-31")]
    [InlineData("age-shares-zero.json", "demography.age0To17..age70To89", "= 0: expected shares that sum to 1 (within 0.01)")]
    [InlineData("policy-kind-empty.json", "policies.p.kind", "= (missing): expected a policy kind, one of: certification")]
    [InlineData("policy-no-kind.json", "policies.p.kind", "= (missing): expected a policy kind, one of:")]
    [InlineData("policy-parameter-other-kind.json", "policies.h.parameters.fillFactor", "= 2: expected a parameter of honours, one of: substantiveShare")]
    [InlineData("many-huge-compounds.json", "compounds.*.households", "= 2,500,000,000 households: expected at most 20,000,000 residents in all; these households hold about 6,375,000,000 residents")]
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
        foreach (var file in files.Where(f => !Path.GetFileName(f).StartsWith("valid", StringComparison.Ordinal)))
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
    public void CorpusFileWithAUtf8ByteOrderMarkLoads()
    {
        var s = ScenarioLoader.Load(Corpus("valid-bom.json"));
        Assert.Equal(5, s.Seed);
        Assert.Equal(700, s.Compounds["main"].Households);
    }

    [Fact]
    public void AnUnknownKeyHundredsOfCharactersLongIsShortenedInTheMessage()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Corpus("long-unknown-key.json")));
        Assert.Equal(new string('q', 97) + "...", e.Key);
        Assert.Contains("expected a top-level key: one of: name, description", e.Message);
        Assert.True(e.Message.Length < 600);
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
