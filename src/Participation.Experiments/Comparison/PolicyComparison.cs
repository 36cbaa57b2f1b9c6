using Participation.Experiments.Replications;
using Participation.Experiments.Statistics;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Comparison;

/// <summary>One outcome of a variant against the baseline: paired differences over replications.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="Figure">Summary figure (see <see cref="RunResult.Summary"/>) or a derived count.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Baseline">Baseline mean.</param>
/// <param name="VariantMean">Variant mean.</param>
/// <param name="Difference">Mean paired difference (variant − baseline).</param>
/// <param name="CiLow">95 % interval of the difference, low.</param>
/// <param name="CiHigh">95 % interval of the difference, high.</param>
/// <param name="N">Replications with both values defined.</param>
public sealed record OutcomeDifference(string Variant, string Figure, string Unit, double Baseline, double VariantMean,
    double Difference, double CiLow, double CiHigh, int N);

/// <summary>What a variant costs per outcome gained against the baseline.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="ExtraSpent">Extra yuan spent over the run (variant − baseline), mean.</param>
/// <param name="ExtraParticipants">Extra adults who took part in the last year, mean (95 % interval in the outcomes table).</param>
/// <param name="CostPerExtraParticipant">Extra yuan per extra participant (NaN where the effect's interval includes zero or is negative).</param>
/// <param name="ExtraRetained">Extra backbones serving over 3 years at the end, mean.</param>
/// <param name="CostPerExtraRetained">Extra yuan per extra backbone retained 3 years (NaN where the effect's interval includes zero or is negative).</param>
public sealed record CostPerOutcome(string Variant, double ExtraSpent, double ExtraParticipants, double CostPerExtraParticipant,
    double ExtraRetained, double CostPerExtraRetained);

/// <summary>The result of comparing variants with a baseline.</summary>
/// <param name="Until">Date every scenario ran to (and read its register at).</param>
/// <param name="Seeds">Seeds used, common to every scenario (common random numbers).</param>
/// <param name="Outcomes">Outcome differences, variant by variant.</param>
/// <param name="Costs">Costs per outcome, variant by variant.</param>
public sealed record ComparisonResult(DateOnly Until, IReadOnlyList<ulong> Seeds, IReadOnlyList<OutcomeDifference> Outcomes, IReadOnlyList<CostPerOutcome> Costs);

/// <summary>
/// Compares policy variants with a baseline on common random numbers: every scenario runs the same
/// replications with the same seeds (so the same population, network and draws), to the same date, and the
/// differences are paired replication by replication, so they come from the policies, not from noise.
/// </summary>
public static class PolicyComparison
{
    /// <summary>Figures compared, in the order printed.</summary>
    public static readonly string[] Figures =
    [
        "participants_year", "backbones_over_3_years", "register_backbones", "register_over_3_years", "register_under_6_months",
        "participation_rate_month", "participation_rate_year", "top10_task_share", "register_under_35", "mean_trust",
        "mean_belonging", "mean_efficacy", "complaints_last_year", "problems_unresolved", "volunteers", "volunteer_teams", "team_turnover", "sent_down_per_staff", "staff_load",
        "tasks_handed_to_others_last_year", "adhoc_tasks_last_year", "owners_committees", "owners_committee_credibility",
        "owners_committees_dissolved",
        "backbones_all_posts", "spent_total",
    ];

    /// <summary>Runs the baseline and every variant and compares them.</summary>
    /// <param name="baseline">The baseline scenario (name, scenario).</param>
    /// <param name="variants">The variants (name, scenario).</param>
    /// <param name="masterSeed">Master seed common to all.</param>
    /// <param name="replications">Replications per scenario.</param>
    /// <param name="threads">Threads (0: all cores).</param>
    /// <param name="until">Date all run to (default: the latest end among them).</param>
    /// <param name="catalog">Policy kinds.</param>
    /// <param name="progress">Progress of each batch (the baseline's first, then each variant's, in order).</param>
    /// <param name="cancellation">Stops the comparison (an <see cref="OperationCanceledException"/>).</param>
    public static ComparisonResult Run((string Name, Scenario Scenario) baseline, IReadOnlyList<(string Name, Scenario Scenario)> variants,
        ulong masterSeed, int replications, int threads = 0, DateOnly? until = null, PolicyCatalog? catalog = null,
        IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default)
    {
        var all = variants.Prepend(baseline).ToList();
        var end = until ?? all.Max(s => s.Scenario.Calendar.End);
        foreach (var (name, s) in all)
            if (end < s.Calendar.ReportFrom || end <= s.Calendar.Start)
                throw new ScenarioException("calendar.end", end.ToString("yyyy-MM-dd"),
                    $"a date after {name}'s calendar.reportFrom ({s.Calendar.ReportFrom:yyyy-MM-dd}) to compare it until", name);
        // Each scenario cut (or extended) to the common end is checked as the loader checks a file: an end past the last
        // the model can run to, or a policy that would never act by then, is refused naming the scenario.
        Scenario Until((string Name, Scenario Scenario) s)
        {
            try { return ScenarioLoader.LoadJson(ScenarioJson.ToJson(s.Scenario.RunUntil(end)), null, catalog); }
            catch (ScenarioException e)
            {
                throw new ScenarioException(e.Key, e.Value, $"{e.Expected} (to compare every scenario until {end:yyyy-MM-dd})", s.Name);
            }
        }
        var cut = all.Select(Until).ToList();
        // Only each replication's figures are kept, not its weekly tables: a comparison of any size holds a few numbers per run.
        var figures = cut.Select(s =>
        {
            var byReplication = new Dictionary<string, (double Value, string Unit)>[replications];
            ReplicationRunner.Stream(s, masterSeed, replications, (k, r) => byReplication[k] = Figures_(r), threads, catalog, progress, cancellation);
            return byReplication;
        }).ToList();

        var outcomes = new List<OutcomeDifference>();
        var costs = new List<CostPerOutcome>();
        for (int v = 1; v < all.Count; v++)
        {
            foreach (var figure in Figures)
            {
                var b = figures[0].Select(f => f[figure]).ToArray();
                var x = figures[v].Select(f => f[figure]).ToArray();
                var diff = Interval.Of(b.Zip(x, (p, q) => q.Value - p.Value));
                outcomes.Add(new OutcomeDifference(all[v].Name, figure, b[0].Unit, Interval.Of(b.Select(p => p.Value)).Mean,
                    Interval.Of(x.Select(p => p.Value)).Mean, diff.Mean, diff.Low, diff.High, diff.Count));
            }
            OutcomeDifference D(string figure) => outcomes.Single(o => o.Variant == all[v].Name && o.Figure == figure);
            double spent = D("spent_total").Difference;
            costs.Add(new CostPerOutcome(all[v].Name, spent, D("participants_year").Difference, PerGain(spent, D("participants_year")),
                D("backbones_over_3_years").Difference, PerGain(spent, D("backbones_over_3_years"))));
        }
        return new ComparisonResult(end, ReplicationRunner.Seeds(masterSeed, replications), outcomes, costs);
    }

    /// <summary>Extra yuan per unit gained, only where the gain is clearly positive (its 95 % interval above zero).</summary>
    private static double PerGain(double spent, OutcomeDifference gain) =>
        gain.CiLow > 0 || (double.IsNaN(gain.CiLow) && gain.Difference > 0) ? spent / gain.Difference : double.NaN;

    /// <summary>The figures of one run, with the derived counts the costs are per.</summary>
    private static Dictionary<string, (double Value, string Unit)> Figures_(RunResult r)
    {
        var d = r.Summary().ToDictionary(f => f.Name, f => (f.Value, f.Unit));
        double adults = r.Weekly.Count > 0 ? r.Weekly[^1].Adults : double.NaN;
        d["participants_year"] = (d["participation_rate_year"].Value * adults, "adults");
        double over3 = d["register_backbones"].Value * d["register_over_3_years"].Value;
        d["backbones_over_3_years"] = (double.IsNaN(over3) ? 0 : over3, "backbones");
        return d;
    }
}
