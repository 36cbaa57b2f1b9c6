using Participation.Experiments.Sweeps;
using Participation.Scenarios;

namespace Participation.Experiments.Sharding;

/// <summary>
/// The runs of an experiment read back from the folder that <see cref="ShardMerge"/> wrote from its shards (its
/// <see cref="SweepJournal.FileName"/>, to the bit), so an analysis (sensitivity indices, a calibration's losses) is
/// computed from runs made on a cluster exactly as from runs made in one process.
/// </summary>
public static class MergedRuns
{
    /// <summary>
    /// Every run of the design, in (point, replication) order, on common random numbers (replication r has the same seed at
    /// every point, as analyses run them).
    /// </summary>
    /// <param name="folder">The merged folder.</param>
    /// <param name="baseScenario">The experiment's resolved base scenario.</param>
    /// <param name="design">The experiment's design.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="masterSeed">The master seed.</param>
    /// <param name="experiment">What the runs belong to, as messages name it ("analysis", "calibration design").</param>
    /// <param name="sameSettings">What to give the same of as the shards, added to the message where the runs are of another design.</param>
    /// <exception cref="ExperimentException">The folder is missing, holds no journal, a journal of another design, or not every run.</exception>
    public static SweepRow[] Read(string folder, Scenario baseScenario, SweepDesign design, int replications, ulong masterSeed, string experiment, string sameSettings)
    {
        if (!Directory.Exists(folder)) throw new ExperimentException($"from {folder}: no such folder");
        string journal = Path.Combine(folder, SweepJournal.FileName);
        if (!File.Exists(journal))
            throw new ExperimentException($"from {folder}: it holds no {SweepJournal.FileName}; expected the folder written by 'participation merge' of the {experiment}'s shards");
        string identity = SweepJournal.Identity(ScenarioJson.ToJson(baseScenario), design, replications, masterSeed, commonRandomNumbers: true);
        SweepJournal.Contents contents;
        try { contents = SweepJournal.Read(journal, identity, design, replications, (p, r) => SweepSeeds.For(masterSeed, p, r, common: true)); }
        catch (InvalidDataException e) { throw new ExperimentException($"from {folder}: {e.Message}; {sameSettings}"); }
        int total = design.Count * replications;
        if (contents.Rows.Count < total)
            throw new ExperimentException($"from {folder}: it holds {contents.Rows.Count:N0} of the {experiment}'s {total:N0} runs; merge every shard first (participation merge)");
        return Enumerable.Range(0, total).Select(i => contents.Rows[i]).ToArray();
    }
}
