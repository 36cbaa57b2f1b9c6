using System.Diagnostics;
using System.Text;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Limits the loader enforces up front: a population too large for memory (bytes needed against bytes available),
/// a file too large to be a scenario, and sizes that used to make loading quadratic (thousands of compounds, a key of
/// megabytes) now load, or are refused, in linear time.
/// </summary>
public class ScenarioLimitsTests
{
    [Fact]
    public void A_population_too_large_for_the_memory_available_is_refused_with_bytes_needed_and_available()
    {
        static Scenario With(int households, double ties = 4) => ScenarioLoader.LoadJson("{}") with
        {
            Compounds = new Dictionary<string, CompoundSettings>(StringComparer.OrdinalIgnoreCase) { ["a"] = new() { Households = households, Buildings = 10 } },
            Network = new NetworkSettings { BuildingTies = ties, CompoundTies = ties, CommunityTies = ties },
        };
        Assert.Null(MemoryEstimate.Refusal(With(3000), 1, 0, 8L << 30));

        // The estimate counts the ties: the same households with 100 ties each need several times the memory.
        var few = With(100_000);
        var many = With(100_000, ties: 100);
        Assert.True(MemoryEstimate.ModelBytes(many) > 5 * MemoryEstimate.ModelBytes(few));
        string? why = MemoryEstimate.Refusal(many, 1, 0, 512L << 20);
        Assert.NotNull(why);
        Assert.Contains("a community that fits in memory: one replication needs about", why);
        Assert.Contains("residents at 400 bytes", why);
        Assert.Contains("ties at 24 bytes", why);
        Assert.Contains("0.54 GB (536,870,912 bytes) is available", why);

        // And the batch: models side by side, and a checkpoint's states held until it is written.
        Assert.Null(MemoryEstimate.Refusal(few, 1, 0, 1L << 30));
        why = MemoryEstimate.Refusal(few, 8, 0, 1L << 30);
        Assert.Contains("a batch that fits in memory: 8 replications side by side need", why);
        Assert.Contains("run fewer side by side with --threads", why);
        Assert.Contains("saved states", MemoryEstimate.Refusal(few, 1, 100, 1L << 30));

        // More ties than a network's 32-bit arrays can index: refused whatever the memory.
        Assert.Contains("ties in all", MemoryEstimate.Refusal(With(5_000_000, ties: 100), 1, 0, long.MaxValue));

        // Through the loader: the message names the key and the households.
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(
            """{ "compounds": { "a": { "households": 5000000 }, "b": { "households": 5000000 }, "c": { "households": 5000000 } } }"""));
        Assert.Equal("compounds.*.households", e.Key);
        Assert.Contains("= 15,000,000 households: expected at most 20,000,000 residents in all", e.Message);
    }

    [Fact]
    public void A_file_larger_than_any_scenario_is_refused_before_it_is_read()
    {
        using var dir = new Participation.Tests.Scenarios.TempFolder();
        string big = Path.Combine(dir.Path, "big.json");
        using (var f = File.Create(big)) f.SetLength(ScenarioLoader.MaxBytes + 1L);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(big));
        Assert.Contains($"= ({ScenarioLoader.MaxBytes + 1L:N0} bytes): expected a regular scenario file of at most {ScenarioLoader.MaxBytes:N0} bytes", e.Message);
        Assert.DoesNotContain("no such file", e.Message);

        e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson(new string(' ', ScenarioLoader.MaxBytes + 1)));
        Assert.Contains("characters): expected a scenario of at most", e.Message);
    }

    [Fact]
    public void Thousands_of_compounds_and_a_key_of_megabytes_load_in_linear_time()
    {
        var sb = new StringBuilder("{\"compounds\": {");
        for (int i = 0; i < 20_000; i++) sb.Append($"\"c{i}\": {{\"households\": 10, \"buildings\": 1}},");
        sb.Length--;
        sb.Append("}}");
        var clock = Stopwatch.StartNew();
        var s = ScenarioLoader.LoadJson(sb.ToString());
        Assert.Equal(20_000, s.Compounds.Count);
        // The order IConfiguration.GetChildren gives (ConfigurationKeyComparer: ordinal unless a whole name is a number).
        Assert.Equal(["c0", "c1", "c10", "c100", "c1000", "c10000", "c10001"], s.Compounds.Keys.Take(7));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"20,000 compounds took {clock.Elapsed.TotalSeconds:0.0} s (binding through GetChildren took minutes)");

        clock.Restart();
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadJson("{\"" + new string('k', 2_000_000) + "\": 1}"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a 2 MB key took {clock.Elapsed.TotalSeconds:0.0} s (edit distances took 11 s)");
        Assert.True(e.Message.Length < 600);
    }

    [Fact]
    public void Maps_bind_in_the_order_configuration_gives_them()
    {
        string json = """
            { "compounds": { "10": {}, "9": {}, "b": {}, "A": {}, "a1": {}, "2x": {}, "-1": {}, "Z": {} },
              "policies": { "z": { "kind": "points" }, "10": { "kind": "honours" }, "2": { "kind": "insurance" } } }
            """;
        var config = Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonStream(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder(), new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var s = ScenarioLoader.LoadJson(json);
        Assert.Equal(config.GetSection("compounds").GetChildren().Select(c => c.Key), s.Compounds.Keys);
        Assert.Equal(config.GetSection("policies").GetChildren().Select(c => c.Key), s.Policies.Keys);
    }
}
