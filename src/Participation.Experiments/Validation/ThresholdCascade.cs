using System.Globalization;
using Participation.Experiments.Statistics;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Validation;

/// <summary>
/// Granovetter's cascade (Granovetter 1978; Oliver, Marwell &amp; Teixeira 1985): with heterogeneous thresholds, participation
/// can jump from a few percent to most of a group once a critical mass forms. The model's decision is reduced, by overrides
/// only, to a threshold rule: a resident takes part in an activity when the share q of its ties who took part last week
/// exceeds its threshold θᵢ = θ̄ + w·(r̄ − responsibilityᵢ), blurred by the logit's noise (scale 1/bS):
/// <c>U = bS·q + bR·responsibility + b0</c> with bR = w·bS and b0 = −bS·θ̄ − bR·r̄; every other weight is 0, everyone hears
/// every activity, there are no clubs, backbones, tasks or moves. The mean threshold θ̄ is stepped on common random numbers
/// (the same population, network and draws at every step), and the final participation is read at each.
/// </summary>
public static class ThresholdCascade
{
    /// <summary>The check's name in the table.</summary>
    public const string Name = "threshold_cascade";

    /// <summary>Weight of the share of ties who took part (bS): a steep response, so the rule is close to a threshold.</summary>
    public const double Influence = 20;

    /// <summary>Spread of the thresholds per unit of responsibility (w): thresholds vary by w × sd(responsibility).</summary>
    public const double Spread = 0.5;

    /// <summary>Weeks simulated at each threshold; participation is read over the last 13.</summary>
    public const int Weeks = 52;

    /// <summary>The criterion: the largest change of final participation between neighbouring mean thresholds.</summary>
    public const double MinJump = 0.25;

    /// <summary>The overrides that reduce <paramref name="scenario"/>'s decision to thresholds with mean <paramref name="meanThreshold"/>.</summary>
    public static string[] Overrides(Scenario scenario, double meanThreshold)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        double bR = Spread * Influence, b0 = -Influence * meanThreshold - bR * scenario.Attitudes.Responsibility;
        var start = scenario.Calendar.Start;
        var end = start.AddDays(7 * Weeks - 1);
        return
        [
            $"decision.intercept={F(b0)}", $"decision.responsibility={F(bR)}", $"decision.socialInfluence={F(Influence)}",
            "decision.belonging=0", "decision.efficacy=0", "decision.trust=0", "decision.reciprocity=0", "decision.identity=0",
            "decision.invited=0", "decision.reward=0", "decision.selfDevelopment=0", "decision.timeCost=0", "decision.fatigue=0",
            "decision.digitalBarrier=0",
            "activities.clubAppeal=0", "activities.eventAppeal=0", "activities.councilAppeal=0", "activities.eventsPerCompoundPerMonth=20",
            "network.clubsPerThousand=0", "hearing.notice=1", "hearing.noticeRetiredBonus=0", "roles.slotsPerThousand=0",
            "turnover.renterMoveOut=0", "turnover.ownerMoveOut=0", "turnover.elderExitAt65=0",
            $"calendar.end={Variants.Date(end)}", $"calendar.registerDate={Variants.Date(end)}",
            $"calendar.reportFrom={Variants.Date(start.AddDays(7 * (Weeks - 13)))}",
        ];
    }

    /// <summary>Final participation: the mean weekly participation rate over the last 13 weeks of one run.</summary>
    public static double FinalParticipation(Scenario threshold, ulong seed, PolicyCatalog? catalog = null)
    {
        var result = Model.Create(threshold.WithoutPolicies(), seed, catalog).Run();
        var weeks = result.Weekly.Skip(Math.Max(0, result.Weekly.Count - 13)).ToList();
        return weeks.Count > 0 ? weeks.Average(w => w.ParticipationRateWeekly) : double.NaN;
    }

    /// <summary>Final participation at each mean threshold of <paramref name="thresholds"/>, for one seed (common to all).</summary>
    public static double[] Curve(Scenario scenario, IReadOnlyList<double> thresholds, ulong seed, PolicyCatalog? catalog = null) =>
        thresholds.Select(th => FinalParticipation(Variants.With(scenario.WithoutPolicies(), catalog, Overrides(scenario, th)), seed, catalog)).ToArray(); // run without policies: cut short, some could never act

    /// <summary>The largest change between neighbouring points of a curve, and where it starts.</summary>
    public static (double Jump, int At) LargestJump(IReadOnlyList<double> curve)
    {
        double jump = double.NaN; int at = -1;
        for (int k = 0; k + 1 < curve.Count; k++)
        {
            double d = Math.Abs(curve[k] - curve[k + 1]);
            if (!double.IsNaN(d) && (double.IsNaN(jump) || d > jump)) { jump = d; at = k; }
        }
        return (jump, at);
    }

    /// <summary>The table rows of the curves of every replication.</summary>
    public static IReadOnlyList<ValidationRow> Judge(IReadOnlyList<double> thresholds, IReadOnlyList<double[]> curves)
    {
        var rows = new List<ValidationRow>();
        for (int k = 0; k < thresholds.Count; k++)
            rows.Add(ValidationRow.Context(Name, $"final weekly participation, mean threshold {thresholds[k]:0.00}",
                Interval.Of(curves.Select(c => c[k])), "share", "—"));
        double step = thresholds.Count > 1 ? thresholds[1] - thresholds[0] : double.NaN;
        var jump = Interval.Of(curves.Select(c => LargestJump(c).Jump));
        rows.Add(ValidationRow.Judge(Name, $"largest change of final participation between mean thresholds {step:0.00} apart", jump, "share",
            "a small change in thresholds, a large change in participation (Granovetter 1978; Oliver, Marwell & Teixeira 1985)",
            $"mean at least {MinJump:0.00}: a shift of {step:0.00} in every threshold moves at least {MinJump:P0} of adults", jump.Mean >= MinJump));
        return rows;
    }
}
