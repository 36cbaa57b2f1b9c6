using System.Globalization;
using System.Text.Json.Nodes;
using Participation.Experiments.Statistics;

namespace Participation.Tests.Reliability;

/// <summary>
/// The memory check and the streaming of finished replications: a batch holds only the replications running side
/// by side (the others are on disk and read back one at a time for the tables), the summaries are folded as they are
/// read with the same arithmetic as before, and what will not fit is refused up front against the GC heap limit.
/// The limits are set in child processes (DOTNET_GCHeapHardLimit), so an out-of-memory death fails the test.
/// </summary>
public class MemoryCheckTests : ReliabilityCli
{
    private static readonly Dictionary<string, string> HeapLimit512MiB = new() { ["DOTNET_GCHeapHardLimit"] = "0x20000000" };

    [Fact]
    public void The_streaming_interval_is_bit_for_bit_the_one_of_all_values_at_once()
    {
        var random = new Random(7);
        foreach (int n in new[] { 0, 1, 2, 3, 10, 1000 })
        {
            var values = Enumerable.Range(0, n).Select(k => k % 17 == 5 ? double.NaN : random.NextDouble() * Math.Pow(10, random.Next(-3, 6))).ToArray();
            var plain = values.Where(x => !double.IsNaN(x)).ToArray();
            var acc = new Interval.Accumulator();
            foreach (var x in values) acc.Add(x);
            var iv = acc.Interval;
            Assert.Equal(plain.Length, iv.Count);
            if (plain.Length == 0) { Assert.True(double.IsNaN(iv.Mean)); continue; }
            // What Interval.Of computed before it streamed: LINQ's mean and MathNet's sample standard deviation of the array.
            Assert.Equal(BitConverter.DoubleToInt64Bits(plain.Average()), BitConverter.DoubleToInt64Bits(iv.Mean));
            if (plain.Length > 1)
                Assert.Equal(BitConverter.DoubleToInt64Bits(MathNet.Numerics.Statistics.Statistics.StandardDeviation(plain)),
                    BitConverter.DoubleToInt64Bits(iv.StandardDeviation));
        }
    }

    [Fact]
    public void A_community_with_100_ties_a_resident_is_refused_up_front_under_a_512_MiB_heap_limit()
    {
        // 306 k residents with 100 ties each died "Out of memory" (exit 134) under this limit; the estimate counts the ties.
        string path = Path.Combine(Temp, "dense.json");
        File.WriteAllText(path, """
            { "calendar": { "start": "2020-01-06", "end": "2020-12-31", "registerDate": "2020-12-31", "reportFrom": "2020-01-06" },
              "compounds": { "a": { "households": 120000, "buildings": 2000 } },
              "network": { "buildingTies": 100, "neighbourWindow": 200 } }
            """);
        var r = CliRunner.RunChild(TimeSpan.FromSeconds(120), HeapLimit512MiB, Temp, "run", path, "--out", Path.Combine(Temp, "out"), "--threads", "1");
        Assert.False(r.TimedOut, r.ToString());
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("expected a community that fits in memory", r.Err);
        Assert.Contains("(536,870,912 bytes) is available", r.Err);
        Assert.DoesNotContain("Out of memory", r.Err);
    }

    [Fact]
    public void A_batch_too_large_to_run_side_by_side_is_refused_naming_threads()
    {
        // One model fits under the limit, sixteen side by side do not.
        string path = Path.Combine(Temp, "mid.json");
        File.WriteAllText(path, """
            { "calendar": { "start": "2020-01-06", "end": "2020-12-31", "registerDate": "2020-12-31", "reportFrom": "2020-01-06" },
              "compounds": { "a": { "households": 40000, "buildings": 800 } } }
            """);
        var r = CliRunner.RunChild(TimeSpan.FromSeconds(120), HeapLimit512MiB, Temp, "run", path, "--out", Path.Combine(Temp, "out"),
            "--replications", "16", "--threads", "16");
        Assert.False(r.TimedOut, r.ToString());
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("a batch that fits in memory: 16 replications side by side", r.Err);
        Assert.Contains("run fewer side by side with --threads", r.Err);
    }

    /// <summary>
    /// 2,000 replications of the benchmark's small community under a 48 MiB heap limit, killed near the end and resumed
    /// under the same limit. Their results held in memory would need more than the limit (some 30 kB each), so the batch
    /// finishes only if finished replications stream to disk, the resume reads them back one at a time, and the tables
    /// and summaries are folded one replication at a time.
    /// </summary>
    [Fact]
    public void Memory_stays_flat_over_2000_replications_and_their_resume_under_a_heap_limit()
    {
        string scenario = Path.Combine(TestScenarios.RepoRoot(), "scenarios", "bench", "small.json");
        string folder = Path.Combine(Temp, "batch");
        string[] args = ["run", scenario, "--out", folder, "--replications", "2000", "--threads", "2", "--quiet",
            "--set", "calendar.end=2020-12-31", "--set", "calendar.registerDate=2020-12-31"];
        var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x3000000", ["DOTNET_gcServer"] = "0" };

        // The first part: killed once 1,900 replications are journaled (or failed, if the limit is broken).
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(CliRunner.CliDll());
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in limit) start.Environment[k] = v;
        string journal = Path.Combine(folder, Participation.Experiments.Replications.ReplicationJournal.FolderName, Participation.Experiments.Replications.ReplicationJournal.FileName);
        using (var child = System.Diagnostics.Process.Start(start)!)
        {
            var stderr = child.StandardError.ReadToEndAsync();
            _ = child.StandardOutput.ReadToEndAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!child.HasExited && JournaledLines(journal, "rep\t") < 1900 && clock.Elapsed < TimeSpan.FromMinutes(25)) Thread.Sleep(200);
            if (child.HasExited) Assert.True(child.ExitCode == 0, $"exit {child.ExitCode} under the heap limit: {stderr.Result}");
            else { child.Kill(entireProcessTree: true); child.WaitForExit(); }
        }

        var r = CliRunner.RunChild(TimeSpan.FromMinutes(15), limit, Temp, [.. args, "--resume"]);
        Assert.False(r.TimedOut, r.ToString());
        Assert.True(r.Code == 0, r.ToString());
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        Assert.Equal(2000, manifest["replications"]!.GetValue<int>());
        Assert.Equal(2001, File.ReadLines(Path.Combine(folder, "summary_by_replication.csv")).Count());
        // The summary is the one of all 2,000 (n counts the replications with a value).
        var header = File.ReadLines(Path.Combine(folder, "summary.csv")).First().Split(',');
        int n = Array.IndexOf(header, "n");
        Assert.Contains(File.ReadLines(Path.Combine(folder, "summary.csv")).Skip(1), line => line.Split(',')[n] == "2000");
    }
}
