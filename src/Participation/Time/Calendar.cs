using Participation.Scenarios;

namespace Participation.Time;

/// <summary>
/// The run's calendar: tick <c>t</c> is the week starting <c>Start + 7t</c> days. A week belongs to the month
/// and year of its first day; monthly events happen in the week that contains their day.
/// </summary>
public sealed class Calendar
{
    /// <summary>First day of tick 0.</summary>
    public DateOnly Start { get; }
    /// <summary>Number of ticks: every week that starts on or before the end date.</summary>
    public int TickCount { get; }

    /// <summary>Creates the calendar of <paramref name="settings"/>.</summary>
    public Calendar(CalendarSettings settings)
    {
        Start = settings.Start;
        TickCount = (settings.End.DayNumber - settings.Start.DayNumber) / 7 + 1;
    }

    /// <summary>First day of tick <paramref name="tick"/>.</summary>
    public DateOnly WeekStart(int tick) => Start.AddDays(7 * tick);

    /// <summary>The tick whose week contains <paramref name="date"/> (clamped to the run).</summary>
    public int TickOf(DateOnly date) => Math.Clamp((date.DayNumber - Start.DayNumber) / 7, 0, TickCount - 1);

    /// <summary>True when the week of <paramref name="tick"/> contains day <paramref name="day"/> of a month.</summary>
    public bool Contains(int tick, int day) => WeekContains(WeekStart(tick), day);

    /// <summary>True when the week starting <paramref name="weekStart"/> contains day <paramref name="day"/> of a month.</summary>
    public static bool WeekContains(DateOnly weekStart, int day)
    {
        for (int k = 0; k < 7; k++) if (weekStart.AddDays(k).Day == day) return true;
        return false;
    }

    /// <summary>True when <paramref name="tick"/> is the last week of its calendar month.</summary>
    public bool EndsMonth(int tick) => WeekStart(tick + 1).Month != WeekStart(tick).Month;

    /// <summary>True when <paramref name="tick"/> is the last week of its calendar year.</summary>
    public bool EndsYear(int tick) => WeekStart(tick + 1).Year != WeekStart(tick).Year;

    /// <summary>True when <paramref name="tick"/> is the first week of its calendar year.</summary>
    public bool StartsYear(int tick) => tick == 0 || WeekStart(tick - 1).Year != WeekStart(tick).Year;
}
