using Participation.Experiments;
using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;
using Participation.Experiments.Sweeps;

namespace Participation.Tests.Experiments;

/// <summary>
/// A program that embeds the library resumes a stopped batch and a stopped sweep with the library's types alone (no
/// command-line code): a batch cancelled after k replications, resumed through <see cref="ReplicationBatch"/>, writes
/// tables byte for byte those of a batch run without a stop; a resume of another batch is refused, naming what differs.
/// </summary>
public class ReplicationBatchTests
{
    private static readonly Participation.Scenarios.Scenario Scenario = TestScenarios.Small(households: 300, years: 2);

    private static string Temp() => Directory.CreateTempSubdirectory("participation-batch-").FullName;

    private sealed class Inline(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }

    private static BatchOutcome Run(ReplicationBatch batch, string folder, IProgress<BatchProgress>? progress = null, CancellationToken token = default,
        Action<BatchResume>? resuming = null)
    {
        Directory.CreateDirectory(folder);
        using var files = new ResultsWriter(folder);
        return batch.Run(files, progress, token, resuming);
    }

    /// <summary>Runs <paramref name="batch"/> into <paramref name="folder"/>, cancelled once <paramref name="k"/> replications are done.</summary>
    private static void RunAndStop(ReplicationBatch batch, string folder, int k)
    {
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(batch, folder, new Inline(p => { if (p.RunsDone >= k) stop.Cancel(); }), stop.Token));
    }

    [Fact]
    public void A_batch_stopped_after_k_replications_resumes_to_the_tables_of_a_batch_without_a_stop()
    {
        string root = Temp();
        try
        {
            var batch = new ReplicationBatch { Scenario = Scenario, MasterSeed = 7, Replications = 5, Threads = 1, Parquet = true };
            string whole = Path.Combine(root, "whole"), stopped = Path.Combine(root, "stopped");
            Assert.Equal(BatchEnd.Finished, Run(batch, whole).End);

            RunAndStop(batch, stopped, 2);
            Assert.False(File.Exists(Path.Combine(stopped, "manifest.json")), "a stopped batch wrote its manifest");
            Assert.True(ReplicationJournal.Exists(stopped), "a stopped batch left no journal");

            BatchResume? resume = null;
            var outcome = Run(batch with { Resume = true }, stopped, resuming: r => resume = r);
            Assert.Equal(BatchEnd.Finished, outcome.End);
            Assert.NotNull(resume);
            Assert.InRange(resume.Done, 2, 4);
            Assert.Equal(5, resume.Replications);
            Assert.False(ReplicationJournal.Exists(stopped), "the journal was kept after the batch finished");

            var tables = ResultSet.Files.Concat(ResultSet.ParquetFiles).Where(f => f != "manifest.json").ToArray();
            Assert.True(tables.Length >= 10);
            foreach (var table in tables)
                Assert.True(File.ReadAllBytes(Path.Combine(whole, table)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stopped, table))), $"{table} differs");

            // A second resume has nothing to do, and keeps the tables.
            Assert.Equal(BatchEnd.AlreadyFinished, Run(batch with { Resume = true }, stopped).End);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void A_resume_of_another_batch_is_refused_naming_the_seed()
    {
        string root = Temp();
        try
        {
            var batch = new ReplicationBatch { Scenario = Scenario, MasterSeed = 7, Replications = 4, Threads = 1 };
            RunAndStop(batch, root, 1);
            var e = Assert.Throws<ExperimentException>(() => Run(batch with { MasterSeed = 8, Resume = true }, root));
            Assert.StartsWith("resume: ", e.Message);
            Assert.Contains("master seed 7, not 8", e.Message);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void A_sweep_stopped_part_way_resumes_to_the_tables_of_a_sweep_without_a_stop()
    {
        string root = Temp();
        try
        {
            var factory = ScenarioFactory.FromScenario(Scenario);
            var design = SweepDesign.Grid([SweepParameter.Parse("decision.intercept=-9:-7:3", Scenario)]);
            JournaledSweep Sweep(ResultsWriter files, bool resume) => new(files, factory, design, Replications: 2, MasterSeed: 3, Common: false, Threads: 1,
                SweepShard.Whole, resume, PointSummary: true, Parquet: false, Info: null);
            void Finish(ResultsWriter files) => files.Commit(w => w.Write("{}"));

            string whole = Directory.CreateDirectory(Path.Combine(root, "whole")).FullName, stopped = Directory.CreateDirectory(Path.Combine(root, "stopped")).FullName;
            using (var files = new ResultsWriter(whole)) { Sweep(files, false).Run(); Finish(files); }
            using (var stop = new CancellationTokenSource())
            using (var files = new ResultsWriter(stopped))
                Assert.ThrowsAny<OperationCanceledException>(() => Sweep(files, false).Run(new Inline(p => { if (p.RunsDone >= 2) stop.Cancel(); }), stop.Token));
            int done = -1, runs = -1;
            using (var files = new ResultsWriter(stopped)) { Sweep(files, true).Run(resuming: (d, n) => (done, runs) = (d, n)); Finish(files); }
            Assert.Equal(6, runs);
            Assert.InRange(done, 2, 5);
            foreach (var table in new[] { "sweep.csv", "sweep_summary.csv", "design.csv", SweepJournal.FileName })
                Assert.True(File.ReadAllBytes(Path.Combine(whole, table)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stopped, table))), $"{table} differs");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
