using System.Globalization;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;
using Participation.Randomness;

namespace Participation.Experiments.Calibration;

/// <summary>
/// A calibration as a global design: a Latin hypercube over the targets file's parameter box, each point run with the
/// calibration's replications on common random numbers (replication k has seed
/// <see cref="CounterRandom.ReplicationSeed"/>(master seed, k) at every point, the seeds of the calibration's loss). Its
/// runs are an ordinary sweep, so they shard and merge like one; <see cref="Calibrator.RunFromDesign"/> then computes
/// every point's loss from them, takes the best as the fit and may polish it with Nelder–Mead.
/// </summary>
public static class CalibrationDesign
{
    /// <summary>
    /// The design: <paramref name="samples"/> Latin-hypercube points over <paramref name="parameters"/> (their ranges are
    /// the calibration bounds; whole-number keys are rounded), drawn from <see cref="DesignSeed"/>(<paramref name="masterSeed"/>).
    /// It depends only on its arguments, so every shard draws the same design.
    /// </summary>
    /// <param name="parameters">The fitted parameters as sweep parameters (e.g. <see cref="ModelSimulator.Parameters"/>).</param>
    /// <param name="samples">Design points (at least 1).</param>
    /// <param name="masterSeed">The calibration's master seed.</param>
    public static SweepDesign Create(IReadOnlyList<SweepParameter> parameters, int samples, ulong masterSeed) =>
        SweepDesign.LatinHypercube(parameters, samples, DesignSeed(masterSeed));

    /// <summary>The seed of the design's Latin hypercube, derived from the master seed (apart from the runs' seeds and the screen's).</summary>
    public static ulong DesignSeed(ulong masterSeed) => CounterRandom.Mix(masterSeed ^ 0x4341_4C44_4553_4947UL);

    /// <summary>
    /// Writes <c>design_losses.csv</c>: <c>point,rank,loss,&lt;parameters&gt;,&lt;figure&gt;_mean...</c>, one row per design
    /// point in design order; rank 1 is the lowest loss (ties broken by point), the loss and means on the fitting seeds.
    /// </summary>
    /// <param name="folder">Results folder.</param>
    /// <param name="result">A calibration run with <see cref="Calibrator.RunFromDesign"/> (its <c>design</c> evaluations are written).</param>
    /// <param name="targets">The targets, in the calibration's order.</param>
    /// <param name="name">File name.</param>
    public static void WriteLosses(string folder, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets, string name = "design_losses.csv") =>
        ResultSet.WriteAtomic(folder, name, w => LossRows(w, result, targets));

    /// <summary>Writes <c>design_losses.csv</c> through a results folder's writer (put in place when it commits).</summary>
    public static void WriteLosses(ResultsWriter files, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets, string name = "design_losses.csv") =>
        files.WriteText(name, w => LossRows(w, result, targets));

    private static void LossRows(TextWriter w, CalibrationResult result, IReadOnlyList<CalibrationTarget> targets)
    {
        var design = result.Trace.Where(e => e.Phase == "design").ToArray();
        var rank = new int[design.Length];
        int r = 1;
        foreach (var e in design.OrderBy(e => e.Loss).ThenBy(e => e.Index)) rank[e.Index] = r++;
        w.Write("point,rank,loss" + string.Concat(result.Parameters.Select(p => "," + CsvTable.Format(p.Path))) +
                string.Concat(targets.Select(t => $",{t.Figure}_mean")) + "\n");
        foreach (var e in design)
            w.Write($"{e.Index.ToString(CultureInfo.InvariantCulture)},{rank[e.Index].ToString(CultureInfo.InvariantCulture)},{CsvTable.Format(e.Loss)}" +
                    string.Concat(e.Values.Select(v => "," + CsvSweepSink.FormatParameter(v))) +
                    string.Concat(e.Means.Select(m => "," + CsvTable.Format(m))) + "\n");
    }
}
