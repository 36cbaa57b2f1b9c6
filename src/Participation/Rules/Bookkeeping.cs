using Participation.Outcomes;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// The end of the week's bookkeeping (docs/model.md, "Bookkeeping"): at a month's end every resident's streak of
/// months with a participation rolls on, which eligibility reads; at a year's end last year's top-10 % task share,
/// which recruitment reads, is taken from the year's task ledger and the ledger starts again. These are dynamics:
/// they run whether or not anything is recorded, after the recorders have read the month's and year's counters.
/// </summary>
internal static class Bookkeeping
{
    /// <summary>Consecutive months with at least one participation, after a month with <paramref name="taken"/> (at most 255).</summary>
    public static byte NextStreak(byte streak, int taken) => (byte)(taken > 0 ? Math.Min(255, streak + 1) : 0);

    /// <summary>The month's end for <paramref name="chunk"/>'s residents: streaks roll on, the month's counts start again.</summary>
    public static void CloseMonth(Week w, Chunk chunk)
    {
        var pop = w.Population;
        for (int i = chunk.First; i < chunk.End; i++)
        {
            pop.MonthStreak[i] = NextStreak(pop.MonthStreak[i], pop.MonthCount[i]);
            pop.MonthCount[i] = 0;
        }
    }

    /// <summary>Lists the tasks of <paramref name="chunk"/>'s residents who held the role this year, in resident order (<see cref="Chunk.YearTasks"/>).</summary>
    public static void ListYearTasks(Population pop, Chunk chunk)
    {
        var tasks = chunk.YearTasks;
        tasks.Clear();
        for (int i = chunk.First; i < chunk.End; i++)
            if (pop.HeldRoleThisYear[i] != 0) tasks.Add(pop.TasksThisYear[i]);
    }

    /// <summary>One chunk's ledger starts the year again: no tasks yet, this year's backbones its role holders.</summary>
    public static void ResetYear(Population pop, Chunk chunk)
    {
        for (int i = chunk.First; i < chunk.End; i++)
        {
            pop.TasksThisYear[i] = 0;
            pop.HeldRoleThisYear[i] = (byte)(pop.Role[i] >= Role.Backbone ? 1 : 0);
        }
    }

    /// <summary>
    /// The year's task ledger joined in chunk order (= resident order), then the tasks of those who moved out: the list
    /// the concentration figures read, the same as a pass over everyone would give.
    /// </summary>
    public static List<ushort> JoinYearTasks(Week w, List<ushort> joined)
    {
        joined.Clear();
        foreach (var chunk in w.Chunks) joined.AddRange(chunk.YearTasks);
        joined.AddRange(w.Ledger.MovedOut);
        return joined;
    }

    /// <summary>
    /// The year's end, after its tasks were listed chunk by chunk (<see cref="ListYearTasks"/>, with the ledger reset):
    /// last year's top-10 % share of tasks among all who held the role (0 when undefined) for next year's recruitment.
    /// </summary>
    public static void CloseYear(Week w, List<ushort> joined)
    {
        var (top, _, _) = Concentration.TopShareAndGini(JoinYearTasks(w, joined), 0.10);
        w.Ledger.LastTopShare = double.IsNaN(top) ? 0 : top;
        w.Ledger.MovedOut.Clear();
    }
}

/// <summary>The year's task ledger beside the residents' own counts: part of the model's saved state.</summary>
internal sealed class TaskLedger
{
    /// <summary>Tasks of this year's role holders who moved out: they stay in the year's ledger.</summary>
    public List<ushort> MovedOut { get; } = [];
    /// <summary>Last calendar year's share of tasks done by the top 10 % of role holders (0 when undefined), which recruitment reads.</summary>
    public double LastTopShare { get; set; }
}
