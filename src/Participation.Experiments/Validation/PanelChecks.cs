using Participation.Experiments.Statistics;

namespace Participation.Experiments.Validation;

/// <summary>The checks read from X's baseline, replication by replication (<see cref="BaselinePanel"/>).</summary>
public static class PanelChecks
{
    /// <summary>Being heard brings people back (Sjoberg, Mellon &amp; Peixoto 2017).</summary>
    public const string Heard = "heard_brings_back";

    /// <summary>Asked, people come (Freeman 1997).</summary>
    public const string Invitations = "invitations_entry_path";

    /// <summary>Intensity predicts staying (Foster-Bey, Grimm &amp; Dietz 2007; CNCS 2008).</summary>
    public const string Intensity = "intensity_predicts_retention";

    /// <summary>Sjoberg et al.: a first report fixed made a user 57 % more likely to report again.</summary>
    public const double HeardRatio = 1.57;

    /// <summary>Foster-Bey et al.: continuation of volunteers serving 12+ weeks a year.</summary>
    public const double ContinueHigh = 0.79;

    /// <summary>Foster-Bey et al.: continuation of volunteers serving 2 weeks or less.</summary>
    public const double ContinueLow = 0.53;

    /// <summary>The table rows of the readings of every replication.</summary>
    public static IReadOnlyList<ValidationRow> Judge(IReadOnlyList<PanelReading> r)
    {
        static double R(double a, double b) => Variants.Ratio(a, b);
        var rows = new List<ValidationRow>();

        var good = Interval.Of(r.Select(x => R(x.ReturnedGood, x.FirstGood)));
        var bad = Interval.Of(r.Select(x => R(x.ReturnedBad, x.FirstBad)));
        var heard = Interval.Of(r.Select(x => R(x.ReturnedGood, x.FirstGood) / R(x.ReturnedBad, x.FirstBad)));
        rows.Add(ValidationRow.Context(Heard, "first-time participants followed, first week good on balance", Interval.Of(r.Select(x => (double)x.FirstGood)), "count", "—"));
        rows.Add(ValidationRow.Context(Heard, "first-time participants followed, first week bad on balance", Interval.Of(r.Select(x => (double)x.FirstBad)), "count", "—"));
        rows.Add(ValidationRow.Context(Heard, "took part again within 52 weeks, first week good on balance", good, "share", "—"));
        rows.Add(ValidationRow.Context(Heard, "took part again within 52 weeks, first week bad on balance", bad, "share", "—"));
        rows.Add(ValidationRow.Judge(Heard, "return after a good first outcome / after a bad one", heard, "ratio",
            $"{HeardRatio} (Sjoberg, Mellon & Peixoto 2017: first report fixed, 57 % more likely to report again)",
            "the 95 % interval lies above 1, and the mean is in [1.3, 1.9]",
            (heard.Low > 1 || (double.IsNaN(heard.Low) && heard.Mean > 1)) && heard.Mean >= 1.3 && heard.Mean <= 1.9));

        var first = Interval.Of(r.Select(x => R(x.FirstTimersOnlyInvited, x.FirstTimers)));
        var repeat = Interval.Of(r.Select(x => R(x.RepeatersOnlyInvited, x.Repeaters)));
        var baseRate = Interval.Of(r.Select(x => R(x.InvitedAdultWeeks, x.AdultWeeks)));
        var lift = Interval.Of(r.Select(x => R(x.FirstTimersOnlyInvited, x.FirstTimers) / R(x.InvitedAdultWeeks, x.AdultWeeks)));
        rows.Add(ValidationRow.Context(Invitations, "first-time participants who came only because invited", first, "share",
            "Freeman 1997: many volunteer only when asked (the paper gives no figure)"));
        rows.Add(ValidationRow.Context(Invitations, "first-time participants in the fork weeks", Interval.Of(r.Select(x => (double)x.FirstTimers)), "count", "—"));
        rows.Add(ValidationRow.Context(Invitations, "adults invited in a week (base rate)", baseRate, "share", "—"));
        rows.Add(ValidationRow.Context(Invitations, "repeat participants who came only because invited", repeat, "share", "—"));
        rows.Add(ValidationRow.Judge(Invitations, "first-timers who came only because invited / base rate", lift, "ratio",
            "Freeman 1997: invitations are a main entry path, not a detail",
            "mean at least 2: first-timers owe their entry to an invitation at least twice as often as an adult is invited at all",
            lift.Mean >= 2));

        var high = Interval.Of(r.Select(x => R(x.HighContinued, x.HighVolunteers)));
        var low = Interval.Of(r.Select(x => R(x.LowContinued, x.LowVolunteers)));
        var diff = Interval.Of(r.Select(x => R(x.HighContinued, x.HighVolunteers) - R(x.LowContinued, x.LowVolunteers)));
        var ratio = Interval.Of(r.Select(x => R(x.HighContinued, x.HighVolunteers) / R(x.LowContinued, x.LowVolunteers)));
        var stop = Interval.Of(r.Select(x => R(x.VolunteersStopped, x.Volunteers)));
        const double refRatio = ContinueHigh / ContinueLow;
        rows.Add(ValidationRow.Context(Intensity, "continued next year, took part in 12+ weeks of the year", high, "share",
            $"{ContinueHigh} (Foster-Bey, Grimm & Dietz 2007: 12+ weeks a year)"));
        rows.Add(ValidationRow.Context(Intensity, "continued next year, took part in 1–2 weeks of the year", low, "share",
            $"{ContinueLow} (Foster-Bey et al.: 2 weeks or less)"));
        rows.Add(ValidationRow.Judge(Intensity, "continuation 12+ weeks / 1–2 weeks", ratio, "ratio",
            $"{refRatio:0.00} (Foster-Bey et al.: 79 % / 53 %)",
            "the difference's 95 % interval lies above 0, and the ratio's mean is in [1.2, 1.8]",
            (diff.Low > 0 || (double.IsNaN(diff.Low) && diff.Mean > 0)) && ratio.Mean >= 1.2 && ratio.Mean <= 1.8));
        rows.Add(ValidationRow.Judge(Intensity, "volunteers who stop within a year", stop, "share",
            "about 1 in 3 (CNCS 2008, US panel data)", "mean in [0.23, 0.43]", stop.Mean >= 0.23 && stop.Mean <= 0.43));
        var kmHigh = Interval.Of(r.Select(x => x.SurvivalHigh));
        var kmLow = Interval.Of(r.Select(x => x.SurvivalLow));
        var km = Interval.Of(r.Select(x => x.SurvivalHigh - x.SurvivalLow));
        rows.Add(ValidationRow.Context(Intensity, "backbone careers that lasted 13 weeks (both groups)", Interval.Of(r.Select(x => (double)(x.SpellsHigh + x.SpellsLow))), "count", "—"));
        rows.Add(ValidationRow.Context(Intensity, "backbones in role at 52 weeks given 13, early hours above the median (Kaplan–Meier)", kmHigh, "share", "—"));
        rows.Add(ValidationRow.Context(Intensity, "backbones in role at 52 weeks given 13, early hours at or below the median", kmLow, "share", "—"));
        rows.Add(ValidationRow.Judge(Intensity, "backbone survival to 52 weeks: more early hours minus fewer", km, "share",
            "above 0: intensity predicts staying (Foster-Bey et al.; the literature: through identity and commitment)",
            "the 95 % interval lies above 0", km.Low > 0 || (double.IsNaN(km.Low) && km.Mean > 0)));
        return rows;
    }
}
