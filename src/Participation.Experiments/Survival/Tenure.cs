using Participation.Outcomes;
using Participation.Residents;

namespace Participation.Experiments.Survival;

/// <summary>
/// Survival of backbone tenure (docs/model.md: Kaplan–Meier over entries, censored at the end of the run), in weeks,
/// from <see cref="RunResult.Spells"/>: a spell ended by leaving the role (or by moving out) is an event; a spell
/// still running at the end of the run (<see cref="SpellEnd.Censored"/>) is censored.
/// </summary>
public static class TenureSurvival
{
    /// <summary>The spells as survival observations (duration <see cref="TenureSpell.Weeks"/>).</summary>
    /// <param name="spells">Backbone spells.</param>
    /// <param name="movingOutEndsTenure">True (default): moving out of the community ends a tenure like any exit;
    /// false: it censors the spell (tenure in the role "had it not been for the move").</param>
    public static IEnumerable<SurvivalObservation> Observations(IEnumerable<TenureSpell> spells, bool movingOutEndsTenure = true) =>
        spells.Select(s => new SurvivalObservation(s.Weeks,
            s.Reason == SpellEnd.Exited || (s.Reason == SpellEnd.MovedOut && movingOutEndsTenure)));

    /// <summary>Kaplan–Meier curve of tenure in weeks over <paramref name="spells"/>.</summary>
    /// <param name="spells">Backbone spells (e.g. of one run, or pooled over replications).</param>
    /// <param name="include">Which spells to use (e.g. those started after the burn-in); all when null.</param>
    /// <param name="movingOutEndsTenure">Whether moving out is an event (default) or censors the spell.</param>
    /// <param name="interval">How the 95 % intervals are formed.</param>
    public static KaplanMeierCurve Estimate(IEnumerable<TenureSpell> spells, Func<TenureSpell, bool>? include = null,
        bool movingOutEndsTenure = true, SurvivalInterval interval = SurvivalInterval.LogLog) =>
        KaplanMeier.Estimate(Observations(include is null ? spells : spells.Where(include), movingOutEndsTenure), interval);

    /// <summary>Kaplan–Meier curve of tenure pooled over the spells of several runs (e.g. replications).</summary>
    /// <param name="runs">Runs.</param>
    /// <param name="fromTick">Only spells that started at or after this tick (e.g. the reporting start, to leave out the burn-in).</param>
    /// <param name="movingOutEndsTenure">Whether moving out is an event (default) or censors the spell.</param>
    /// <param name="interval">How the 95 % intervals are formed.</param>
    public static KaplanMeierCurve Estimate(IEnumerable<RunResult> runs, int fromTick = 0, bool movingOutEndsTenure = true,
        SurvivalInterval interval = SurvivalInterval.LogLog) =>
        Estimate(runs.SelectMany(r => r.Spells), s => s.Start >= fromTick, movingOutEndsTenure, interval);
}

/// <summary>
/// X's register as a stock, computed from spells: of the backbones in role, the share whose continuous service is
/// over three years and under six months.
/// </summary>
/// <param name="Tick">Tick of the view (the last tick of the window for <see cref="RegisterTenure.During"/>).</param>
/// <param name="Backbones">Backbones counted.</param>
/// <param name="Over3Years">Share serving over three years (NaN when none are counted).</param>
/// <param name="Under6Months">Share serving under six months (NaN when none are counted).</param>
public sealed record RegisterShares(int Tick, int Backbones, double Over3Years, double Under6Months);

/// <summary>
/// The register view from spells, with the model's definitions (<c>Model.RegisterViewAt</c>). The register read at
/// the end of tick t holds the spells in role when the next tick starts: Start ≤ t + 1 and, unless the spell is
/// censored (still running when the run ended), End &gt; t + 1 — a spell's End is the first tick after its last week in
/// role, so one that ended during tick t (End = t + 1) is no longer in the register. Service is t + 1 − Start weeks;
/// "over three years" is more than round(3 × 52.18) = 157 weeks and "under six months" fewer than round(0.5 × 52.18) = 26.
/// </summary>
public static class RegisterTenure
{
    /// <summary>Weeks of service above which a backbone counts as serving over three years (157).</summary>
    public static readonly int ThreeYears = (int)Math.Round(3 * Population.WeeksPerYear);

    /// <summary>Weeks of service below which a backbone counts as serving under six months (26).</summary>
    public static readonly int SixMonths = (int)Math.Round(0.5 * Population.WeeksPerYear);

    /// <summary>True when <paramref name="spell"/> is in the register read at the end of tick <paramref name="tick"/>.</summary>
    public static bool InRegister(TenureSpell spell, int tick) =>
        spell.Start <= tick + 1 && (spell.Reason == SpellEnd.Censored || spell.End > tick + 1);

    /// <summary>The register read at the end of tick <paramref name="tick"/> (X's reading: a snapshot).</summary>
    public static RegisterShares At(IEnumerable<TenureSpell> spells, int tick)
    {
        int n = 0, over = 0, under = 0;
        foreach (var s in spells)
            if (InRegister(s, tick)) Count(tick + 1 - s.Start, ref n, ref over, ref under);
        return new RegisterShares(tick, n, Ratio(over, n), Ratio(under, n));
    }

    /// <summary>
    /// The other reading of X's register (docs/studies.md: X does not say which it is): everyone in the register at the end of some tick from
    /// <paramref name="fromTick"/> to <paramref name="toTick"/>, each with the service reached at the last of those readings.
    /// </summary>
    public static RegisterShares During(IEnumerable<TenureSpell> spells, int fromTick, int toTick)
    {
        if (toTick < fromTick) throw new ArgumentException("the window ends before it starts", nameof(toTick));
        int n = 0, over = 0, under = 0;
        foreach (var s in spells)
        {
            // The last reading that shows the spell: toTick, or the tick before the one it ended in.
            int last = s.Reason == SpellEnd.Censored ? toTick : Math.Min(toTick, s.End - 2);
            if (last < fromTick || !InRegister(s, last)) continue;
            Count(last + 1 - s.Start, ref n, ref over, ref under);
        }
        return new RegisterShares(toTick, n, Ratio(over, n), Ratio(under, n));
    }

    private static void Count(int weeks, ref int n, ref int over, ref int under)
    {
        n++;
        if (weeks > ThreeYears) over++;
        if (weeks < SixMonths) under++;
    }

    private static double Ratio(int part, int whole) => whole > 0 ? part / (double)whole : double.NaN;
}
