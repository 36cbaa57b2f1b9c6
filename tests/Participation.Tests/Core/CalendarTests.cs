using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Tests.Core;

public class CalendarTests
{
    private static readonly Calendar Cal = new(new CalendarSettings
    {
        Start = new DateOnly(2024, 1, 1), End = new DateOnly(2024, 12, 31),
        RegisterDate = new DateOnly(2024, 12, 31), ReportFrom = new DateOnly(2024, 1, 1),
    });

    [Fact]
    public void Ticks_are_weeks_from_the_start_date()
    {
        Assert.Equal(new DateOnly(2024, 1, 8), Cal.WeekStart(1));
        Assert.Equal(53, Cal.TickCount); // 2024-12-30 is the last week start
        Assert.Equal(2, Cal.TickOf(new DateOnly(2024, 1, 17)));
        Assert.Equal(52, Cal.TickOf(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void Monthly_events_fall_in_the_week_containing_their_day()
    {
        // Week 2 runs 2024-01-15..21 and contains the 15th; week 1 (8..14) does not.
        Assert.True(Cal.Contains(2, 15));
        Assert.False(Cal.Contains(1, 15));
        int councils = Enumerable.Range(0, Cal.TickCount).Count(t => Cal.Contains(t, 15));
        Assert.Equal(12, councils);
    }

    [Fact]
    public void Month_and_year_ends_are_the_last_week_starting_in_them()
    {
        Assert.True(Cal.EndsMonth(4));  // 2024-01-29; next week starts 2024-02-05
        Assert.False(Cal.EndsMonth(3));
        Assert.Equal(12, Enumerable.Range(0, Cal.TickCount - 1).Count(Cal.EndsMonth) + 1);
        Assert.True(Cal.StartsYear(0));
        Assert.False(Cal.StartsYear(1));
    }
}
