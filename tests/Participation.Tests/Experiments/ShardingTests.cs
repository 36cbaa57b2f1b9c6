using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;
using Participation.Outcomes;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Tests.Experiments;

/// <summary>
/// Sharding a sweep: which runs a shard holds (deterministic, disjoint, complete, balanced), and that a shard runs
/// exactly the unsharded sweep's runs with the unsharded seeds, whatever the threads, resumable from its journal.
/// </summary>
public class ShardingTests
{
    private static Scenario Tiny() => TestScenarios.Small(households: 150, years: 2);

    /// <summary>A runner that does not simulate: an empty result, after a delay that makes runs finish out of order.</summary>
    private static RunResult Fake(Scenario s, ulong seed, CancellationToken _)
    {
        Thread.Sleep((int)(seed % 5));
        return new RunResult(s, seed, new Calendar(s.Calendar), [], [], [], [], null, [], []);
    }

    private static IReadOnlyList<SummaryFigure> FakeFigures(RunResult r) =>
    [
        new("exit_new", r.Scenario.Roles.ExitNew, "per week", ""),
        new("seed_mod", r.Seed % 1000, "", ""),
    ];

    private static SweepDesign Design(Scenario s) => SweepDesign.Grid([SweepParameter.Parse("roles.exitNew=0.02:0.2:5", s)]);

    private static List<SweepRow> Rows(SweepShard shard, int threads = 2, IReadOnlyDictionary<int, SweepRow>? completed = null, Action<int, SweepRow>? finished = null)
    {
        var s = Tiny();
        var sink = new MemorySweepSink();
        new Sweep(Design(s), ScenarioFactory.FromScenario(s))
        {
            Replications = 3, MasterSeed = 21, Threads = threads, Runner = Fake, Figures = FakeFigures, Shard = shard, Completed = completed,
            RunFinished = finished,
        }.Run(sink);
        Assert.True(sink.Completed);
        return sink.Rows.ToList();
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    [InlineData(" 7/8 ", 7, 8)]
    public void Parse_reads_K_of_N(string text, int k, int n) => Assert.Equal(new SweepShard(k, n), SweepShard.Parse(text));

    [Theory]
    [InlineData("8/8", "from 0 to N-1 = 7")]
    [InlineData("1/0", "from 1 to")]
    [InlineData("-1/4", "expected K/N")]
    [InlineData("1", "expected K/N")]
    [InlineData("a/b", "expected K/N")]
    [InlineData("1/2/3", "expected K/N")]
    public void Parse_refuses_what_is_not_K_of_N_and_says_what_is_expected(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => SweepShard.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Every_run_falls_in_exactly_one_shard_and_shards_differ_by_at_most_one_run()
    {
        for (int total = 0; total <= 60; total++)
            for (int n = 1; n <= 13; n++)
            {
                var shards = Enumerable.Range(0, n).Select(k => new SweepShard(k, n)).ToArray();
                var seen = new int[total];
                foreach (var shard in shards)
                {
                    int runs = shard.RunsOf(total);
                    for (int j = 0; j < runs; j++)
                    {
                        int i = shard.RunAt(j);
                        Assert.InRange(i, 0, total - 1);
                        Assert.True(shard.Contains(i));
                        Assert.Equal(shard.Index, SweepShard.Of(i, n));
                        seen[i]++;
                    }
                }
                Assert.All(seen, c => Assert.Equal(1, c));
                var sizes = shards.Select(s => s.RunsOf(total)).ToArray();
                Assert.Equal(total, sizes.Sum());
                Assert.True(sizes.Max() - sizes.Min() <= 1, $"{total} runs in {n} shards: {string.Join(",", sizes)}");
            }
    }

    [Fact]
    public void The_shards_of_a_sweep_run_its_runs_once_each_with_the_unsharded_seeds()
    {
        var whole = Rows(SweepShard.Whole);
        Assert.Equal(15, whole.Count);
        var union = new List<SweepRow>();
        for (int k = 0; k < 4; k++)
        {
            var rows = Rows(new SweepShard(k, 4), threads: k % 2 + 1);
            var indices = rows.Select(r => r.Point * 3 + r.Replication).ToList();
            Assert.Equal(indices.Order(), indices);                       // in run order
            Assert.All(indices, i => Assert.Equal(k, i % 4));             // only its own runs
            Assert.Equal(new SweepShard(k, 4).RunsOf(15), rows.Count);
            Assert.Equal(rows.Select(r => r.Seed), Rows(new SweepShard(k, 4), threads: 3).Select(r => r.Seed)); // threads do not matter
            union.AddRange(rows);
        }
        var merged = union.OrderBy(r => r.Point).ThenBy(r => r.Replication).ToList();
        Assert.Equal(whole.Select(r => (r.Point, r.Replication, r.Seed)), merged.Select(r => (r.Point, r.Replication, r.Seed)));
        Assert.Equal(whole.SelectMany(r => r.Figures), merged.SelectMany(r => r.Figures));
        Assert.Equal(whole.SelectMany(r => r.Parameters), merged.SelectMany(r => r.Parameters));
    }

    [Fact]
    public void A_shard_resumes_from_its_completed_runs_and_refuses_runs_of_another_shard()
    {
        var shard = new SweepShard(1, 3);
        var all = Rows(shard);
        var done = all.Take(2).ToDictionary(r => r.Point * 3 + r.Replication);
        var ran = new List<int>();
        var resumed = Rows(shard, completed: done, finished: (i, _) => { lock (ran) ran.Add(i); });
        Assert.Equal(all.Select(r => (r.Seed, r.Figures[1])), resumed.Select(r => (r.Seed, r.Figures[1])));
        Assert.Equal(all.Count - 2, ran.Count);
        Assert.DoesNotContain(ran, done.ContainsKey);

        var foreign = Rows(new SweepShard(0, 3)).Take(1).ToDictionary(r => r.Point * 3 + r.Replication);
        var e = Assert.Throws<ArgumentException>(() => Rows(shard, completed: foreign));
        Assert.Contains("not in shard 1/3", e.Message);
    }

    [Fact]
    public void A_shards_journal_has_its_own_identity_and_the_whole_sweeps_is_unchanged()
    {
        var s = Tiny();
        string sweep = SweepJournal.Identity(ScenarioJson.ToJson(s), Design(s), 3, 21, false);
        Assert.Equal(sweep, SweepJournal.Identity(sweep, SweepShard.Whole));
        Assert.NotEqual(SweepJournal.Identity(sweep, new SweepShard(0, 2)), SweepJournal.Identity(sweep, new SweepShard(1, 2)));
        Assert.NotEqual(SweepJournal.Identity(sweep, new SweepShard(0, 2)), SweepJournal.Identity(sweep, new SweepShard(0, 3)));
    }

    [Fact]
    public void Shard_descriptions_name_what_differs_between_sweeps()
    {
        var s = Tiny();
        ShardInfo Info(int reps = 3, ulong seed = 21, int shards = 2, string json = "", bool common = false) =>
            ShardInfo.For("sweep", new SweepShard(0, shards), "tiny.json", s.Name, json.Length > 0 ? json : ScenarioJson.ToJson(s), Design(s), reps, seed, common, "participation sweep");
        var a = Info();
        Assert.Empty(a.Differences(Info()));
        Assert.Equal("replications", Assert.Single(a.Differences(Info(reps: 2))).What);
        Assert.Contains(a.Differences(Info(seed: 5)), d => d.What == "master seed (--seed)" && d.This == "21" && d.Other == "5");
        Assert.Contains(a.Differences(Info(common: true)), d => d.What.Contains("--common-seeds"));
        Assert.Equal("number of shards", Assert.Single(a.Differences(Info(shards: 3))).What);
        var other = ScenarioJson.ToJson(TestScenarios.Small(households: 160, years: 2));
        Assert.Contains(a.Differences(Info(json: other)), d => d.What.StartsWith("resolved scenario", StringComparison.Ordinal));
        Assert.Contains(a.Differences(a with { Version = "0.0.1+other" }), d => d.What == "version" && d.Other == "0.0.1+other");
        Assert.Equal(8, a.Runs);          // runs 0, 2, ..., 14 of 15
        Assert.Equal(15, a.TotalRuns);
    }
}
