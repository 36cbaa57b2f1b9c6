using Participation.Experiments.Statistics;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Validation;

/// <summary>
/// Rewards crowd out intrinsic motivation only where belonging is low (Deci, Koestner &amp; Ryan 1999; Frey &amp; Jegen 2001;
/// Fiorillo 2011). An experiment on common random numbers: X's state a year before the end is forked twice, once as it is and
/// once with X's points scheme for every adult from then on; the same residents are compared a year later. The residents are
/// those who took part in the year before the fork, split by their belonging at the fork (below or above the crowding
/// threshold θ). Responsibility is the model's intrinsic motivation that nothing but crowding out changes.
/// </summary>
public static class RewardsCrowding
{
    /// <summary>The check's name in the table.</summary>
    public const string Name = "rewards_crowd_out_low_belonging";

    /// <summary>Weeks the points scheme runs before the residents are compared.</summary>
    public const int Weeks = 52;

    /// <summary>Deci, Koestner &amp; Ryan 1999: tangible rewards contingent on taking part, d ≈ −0.40.</summary>
    public const double DeciD = -0.40;

    /// <summary>What one replication shows.</summary>
    /// <param name="Low">Residents with belonging below θ at the fork.</param>
    /// <param name="High">Residents with belonging at or above θ.</param>
    /// <param name="ChangeLow">Mean responsibility with points minus without, low-belonging residents.</param>
    /// <param name="ChangeHigh">The same, high-belonging residents.</param>
    /// <param name="SdLow">Standard deviation of responsibility among the low-belonging residents without points.</param>
    /// <param name="WeeksChangeLow">Mean weeks taken part with points minus without, low-belonging residents.</param>
    /// <param name="WeeksChangeHigh">The same, high-belonging residents.</param>
    public sealed record Reading(int Low, int High, double ChangeLow, double ChangeHigh, double SdLow, double WeeksChangeLow, double WeeksChangeHigh);

    /// <summary>The tick the scheme starts: <see cref="Weeks"/> before the end.</summary>
    public static int StartTick(Calendar calendar) => Math.Max(0, calendar.TickCount - Weeks);

    /// <summary>The variant: <paramref name="baseline"/> with X's points scheme for every adult from <paramref name="start"/>.</summary>
    public static Scenario WithPoints(Scenario baseline, DateOnly start, PolicyCatalog? catalog) => Variants.With(baseline, catalog,
        "policies.validationPoints.kind=points", $"policies.validationPoints.start={Variants.Date(start)}", "policies.validationPoints.scale=1");

    /// <summary>Forks <paramref name="state"/> into <paramref name="control"/> and <paramref name="variant"/> and compares them.</summary>
    public static Reading Run(byte[] state, Scenario control, Scenario variant, PolicyCatalog? catalog)
    {
        var off = Variants.Fork(state, control, catalog);
        var on = Variants.Fork(state, variant, catalog);
        var pop = off.Population;
        int n = pop.Count, t0 = off.Tick;
        float theta = (float)control.Experience.CrowdingBelongingThreshold;
        // Groups at the fork (the same residents in both arms): who took part in the last year, by belonging.
        var group = new sbyte[n];
        var moveIn = (int[])pop.MoveInWeek.Clone();
        for (int i = 0; i < n; i++)
            group[i] = (sbyte)(pop.Occupation[i] == Occupation.Child || pop.LastParticipation[i] < t0 - 52 ? -1 : pop.Belonging[i] < theta ? 0 : 1);
        var weeksOff = new int[n];
        var weeksOn = new int[n];
        while (!off.Finished && off.Tick < t0 + Weeks)
        {
            int t = off.Tick;
            off.Step(); on.Step();
            for (int i = 0; i < n; i++)
            {
                if (group[i] < 0) continue;
                if (off.Population.LastParticipation[i] == t) weeksOff[i]++;
                if (on.Population.LastParticipation[i] == t) weeksOn[i]++;
            }
        }
        var change = new List<double>[2] { [], [] };
        var weeks = new List<double>[2] { [], [] };
        var lowOff = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (group[i] < 0 || pop.MoveInWeek[i] != moveIn[i] || on.Population.MoveInWeek[i] != moveIn[i]) continue;
            change[group[i]].Add(on.Population.Responsibility[i] - pop.Responsibility[i]);
            weeks[group[i]].Add(weeksOn[i] - weeksOff[i]);
            if (group[i] == 0) lowOff.Add(pop.Responsibility[i]);
        }
        static double Mean(List<double> v) => v.Count > 0 ? v.Average() : double.NaN;
        return new Reading(change[0].Count, change[1].Count, Mean(change[0]), Mean(change[1]),
            lowOff.Count > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(lowOff) : double.NaN,
            Mean(weeks[0]), Mean(weeks[1]));
    }

    /// <summary>The table rows of the readings of every replication.</summary>
    public static IReadOnlyList<ValidationRow> Judge(IReadOnlyList<Reading> readings)
    {
        var low = Interval.Of(readings.Select(r => r.ChangeLow));
        var high = Interval.Of(readings.Select(r => r.ChangeHigh));
        var d = Interval.Of(readings.Select(r => r.ChangeLow / r.SdLow));
        bool lowDown = low.High < 0 || (double.IsNaN(low.High) && low.Mean < 0);
        return
        [
            ValidationRow.Context(Name, "participants of the year before with belonging below θ", Interval.Of(readings.Select(r => (double)r.Low)), "count", "—"),
            ValidationRow.Context(Name, "participants of the year before with belonging at or above θ", Interval.Of(readings.Select(r => (double)r.High)), "count", "—"),
            ValidationRow.Judge(Name, "responsibility change with points, low-belonging participants", low, "share",
                "crowding out: below 0 (Deci, Koestner & Ryan 1999; Frey & Jegen 2001)", "the 95 % interval lies below 0", lowDown),
            ValidationRow.Judge(Name, "responsibility change with points, high-belonging participants", high, "share",
                "no crowding out where intrinsic motivation is high (Frey & Jegen 2001; Fiorillo 2011)",
                "|mean| at most a third of the low-belonging change, and the low-belonging change is below 0",
                lowDown && Math.Abs(high.Mean) <= Math.Abs(low.Mean) / 3),
            ValidationRow.Judge(Name, "standardised effect d, low-belonging participants", d, "sd",
                $"{DeciD:0.00} (Deci, Koestner & Ryan 1999: participation-contingent tangible rewards)",
                $"within a factor of 2 of {DeciD:0.00}: mean in [{2 * DeciD:0.00}, {DeciD / 2:0.00}]", d.Mean >= 2 * DeciD && d.Mean <= DeciD / 2),
            ValidationRow.Context(Name, "weeks taken part with points minus without, low-belonging participants",
                Interval.Of(readings.Select(r => r.WeeksChangeLow)), "weeks", "Fiorillo 2011: rewards help those with little intrinsic motivation"),
            ValidationRow.Context(Name, "weeks taken part with points minus without, high-belonging participants",
                Interval.Of(readings.Select(r => r.WeeksChangeHigh)), "weeks", "—"),
        ];
    }
}

/// <summary>
/// Recognition retains (Gallus 2017, randomised: symbolic awards cut new Wikipedia editors' non-return from 43.5 % to 34.8 %
/// over a year). An experiment on common random numbers: X's state at the start of the year before the last is forked twice,
/// both with X's own honours switched off; one arm honours every backbone substantively in December, the other nobody. The
/// backbones in role in the honours week are followed for 52 weeks; non-return is no longer serving in the same career (those
/// whose household moved away are left out, the same in both arms).
/// </summary>
public static class Recognition
{
    /// <summary>The check's name in the table.</summary>
    public const string Name = "recognition_retains";

    /// <summary>Gallus 2017: non-return without an award.</summary>
    public const double NonReturnWithout = 0.435;

    /// <summary>Gallus 2017: non-return with an award.</summary>
    public const double NonReturnWith = 0.348;

    /// <summary>Weeks the honoured are followed.</summary>
    public const int Weeks = 52;

    /// <summary>What one replication shows.</summary>
    /// <param name="Honoured">Backbones in role in the honours week who stayed in the community.</param>
    /// <param name="NonReturnOff">Their non-return without honours.</param>
    /// <param name="NonReturnOn">Their non-return with honours.</param>
    /// <param name="New">Of them, those serving under 26 weeks in the honours week.</param>
    /// <param name="NewNonReturnOff">Their non-return without honours.</param>
    /// <param name="NewNonReturnOn">Their non-return with honours.</param>
    public sealed record Reading(int Honoured, double NonReturnOff, double NonReturnOn, int New, double NewNonReturnOff, double NewNonReturnOn);

    /// <summary>The fork: the first week of the year before the last of the calendar.</summary>
    public static int StartTick(Calendar calendar)
    {
        int lastYear = calendar.WeekStart(calendar.TickCount - 1).Year;
        int t = calendar.TickCount - 1;
        while (t > 0 && calendar.WeekStart(t - 1).Year >= lastYear - 1) t--;
        return t;
    }

    /// <summary>
    /// The two arms: <paramref name="baseline"/> with its honours off and its calendar long enough for a December and 52 weeks
    /// after it; and the same with substantive honours for every backbone from <paramref name="start"/>.
    /// </summary>
    public static (Scenario Off, Scenario On) Arms(Scenario baseline, DateOnly start, PolicyCatalog? catalog)
    {
        var sets = baseline.Policies.Where(p => p.Value.Kind.Equals(Honours.Kind.Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => $"policies.{p.Key}.enabled=false").ToList();
        var end = new DateOnly(start.Year + 1, 12, 31);
        if (baseline.Calendar.End < end) sets.Add($"calendar.end={Variants.Date(end)}");
        var off = Variants.With(baseline, catalog, [.. sets]);
        var on = Variants.With(off, catalog, "policies.validationHonours.kind=honours", $"policies.validationHonours.start={Variants.Date(start)}",
            "policies.validationHonours.scale=1", "policies.validationHonours.parameters.substantiveShare=1");
        return (off, on);
    }

    /// <summary>Forks <paramref name="state"/> into the two arms and compares them.</summary>
    public static Reading Run(byte[] state, Scenario off, Scenario on, PolicyCatalog? catalog)
    {
        var a = Variants.Fork(state, off, catalog);
        var b = Variants.Fork(state, on, catalog);
        int month = (int)Honours.Kind.Parameter(on.Policies["validationHonours"], "month");
        // Step to the honours week: the last week starting in the honours month.
        while (!a.Finished)
        {
            var date = a.Calendar.WeekStart(a.Tick);
            a.Step(); b.Step();
            if (date.Month == month && date.AddDays(7).Month != month) break;
        }
        var pop = a.Population;
        int h = a.Tick - 1, n = pop.Count;
        var since = new int[n];
        var moveIn = (int[])pop.MoveInWeek.Clone();
        for (int i = 0; i < n; i++) since[i] = pop.Role[i] >= Role.Backbone ? pop.BackboneSince[i] : -1;
        while (!a.Finished && a.Tick <= h + Weeks) { a.Step(); b.Step(); }

        int honoured = 0, lostOff = 0, lostOn = 0, fresh = 0, freshLostOff = 0, freshLostOn = 0;
        static bool Serving(Population p, int i, int s) => p.Role[i] >= Role.Backbone && p.BackboneSince[i] == s;
        for (int i = 0; i < n; i++)
        {
            if (since[i] < 0 || pop.MoveInWeek[i] != moveIn[i] || b.Population.MoveInWeek[i] != moveIn[i]) continue;
            bool isNew = h + 1 - since[i] < 26;
            bool offLost = !Serving(pop, i, since[i]), onLost = !Serving(b.Population, i, since[i]);
            honoured++; if (offLost) lostOff++; if (onLost) lostOn++;
            if (isNew) { fresh++; if (offLost) freshLostOff++; if (onLost) freshLostOn++; }
        }
        return new Reading(honoured, Variants.Ratio(lostOff, honoured), Variants.Ratio(lostOn, honoured),
            fresh, Variants.Ratio(freshLostOff, fresh), Variants.Ratio(freshLostOn, fresh));
    }

    /// <summary>The table rows of the readings of every replication.</summary>
    public static IReadOnlyList<ValidationRow> Judge(IReadOnlyList<Reading> readings)
    {
        const double ratioRef = NonReturnWith / NonReturnWithout;
        var diff = Interval.Of(readings.Select(r => r.NonReturnOn - r.NonReturnOff));
        var ratio = Interval.Of(readings.Select(r => r.NonReturnOn / r.NonReturnOff));
        bool down = diff.High < 0 || (double.IsNaN(diff.High) && diff.Mean < 0);
        return
        [
            ValidationRow.Context(Name, "backbones in role in the honours week (stayed in the community)", Interval.Of(readings.Select(r => (double)r.Honoured)), "count", "—"),
            ValidationRow.Context(Name, "non-return within 52 weeks, backbones not honoured", Interval.Of(readings.Select(r => r.NonReturnOff)), "share",
                $"{NonReturnWithout} (Gallus 2017: new Wikipedia editors without an award)"),
            ValidationRow.Context(Name, "non-return within 52 weeks, backbones honoured", Interval.Of(readings.Select(r => r.NonReturnOn)), "share",
                $"{NonReturnWith} (Gallus 2017: with an award)"),
            ValidationRow.Judge(Name, "non-return honoured / not honoured", ratio, "ratio",
                $"{ratioRef:0.00} (Gallus 2017: 34.8 % / 43.5 %)",
                "the paired difference's 95 % interval lies below 0, and the ratio's mean is in [0.65, 0.95]",
                down && ratio.Mean >= 0.65 && ratio.Mean <= 0.95),
            ValidationRow.Context(Name, "non-return honoured / not honoured, backbones serving under 26 weeks",
                Interval.Of(readings.Select(r => r.NewNonReturnOn / r.NewNonReturnOff)), "ratio",
                $"{ratioRef:0.00} (Gallus's editors were new)"),
        ];
    }
}
