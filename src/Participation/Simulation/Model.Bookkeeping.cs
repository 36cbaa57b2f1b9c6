using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Outcomes;
using Participation.Residents;

namespace Participation.Simulation;

// The end of the week's bookkeeping: the month and the year close. This is dynamics (recruitment reads the month
// streaks and last year's top-10 % task share), so it runs whether or not anything is recorded, after the recorders
// have read the month's and the year's counters.
public sealed partial class Model
{
    /// <summary>Month end: every resident's streak of months with a participation rolls on and the month's count starts again.</summary>
    private void CloseMonth(int t)
    {
        var check = _options.CheckInvariants ? NextStreaksPlainly() : null;
        ForChunks(_closeMonth ??= (lo, hi, _) => CloseMonth(lo, hi));
        if (check is null) return;
        for (int i = 0; i < Population.Count; i++)
            if (Population.MonthStreak[i] != check[i] || Population.MonthCount[i] != 0)
                throw new InvalidOperationException($"tick {t}: resident {i} has month streak {Population.MonthStreak[i]} and count {Population.MonthCount[i]}, expected {check[i]} and 0");
    }

    /// <summary>
    /// One chunk's month end (<see cref="CloseMonth(int)"/>), thirty-two residents at a time where the hardware allows,
    /// the rest one at a time.
    /// </summary>
    private void CloseMonth(int lo, int hi)
    {
        var pop = Population;
        int i = Vector256.IsHardwareAccelerated ? CloseMonth32(lo, hi) : lo;
        for (; i < hi; i++)
        {
            pop.MonthStreak[i] = NextStreak(pop.MonthStreak[i], pop.MonthCount[i]);
            pop.MonthCount[i] = 0;
        }
    }

    /// <summary>Consecutive months with at least one participation, after a month with <paramref name="taken"/> (at most 255).</summary>
    private static byte NextStreak(byte streak, int taken) => (byte)(taken > 0 ? Math.Min(255, streak + 1) : 0);

    /// <summary>The streaks after this month, computed the plain way without changing anything (to check <see cref="CloseMonth(int)"/>).</summary>
    private byte[] NextStreaksPlainly()
    {
        var pop = Population;
        var streaks = new byte[pop.Count];
        for (int i = 0; i < pop.Count; i++) streaks[i] = NextStreak(pop.MonthStreak[i], pop.MonthCount[i]);
        return streaks;
    }

    /// <summary>The vectorised body of <see cref="CloseMonth(int, int)"/>; returns the first resident it left to the scalar loop.</summary>
    private int CloseMonth32(int lo, int hi)
    {
        var pop = Population;
        if ((uint)hi > (uint)pop.Count || lo < 0) throw new ArgumentOutOfRangeException(nameof(hi), "the chunk lies outside the population");
        ref ushort count0 = ref MemoryMarshal.GetArrayDataReference(pop.MonthCount);
        ref byte streak0 = ref MemoryMarshal.GetArrayDataReference(pop.MonthStreak);
        var zero16 = Vector256<ushort>.Zero;
        var one = Vector256.Create((byte)1); var full = Vector256.Create((byte)255);
        int i = lo;
        for (; i + 32 <= hi; i += 32)
        {
            nuint at = (nuint)i;
            var took = Vector256.Narrow(~Vector256.Equals(Vector256.LoadUnsafe(ref count0, at), zero16),
                ~Vector256.Equals(Vector256.LoadUnsafe(ref count0, at + 16), zero16));
            var streak = Vector256.LoadUnsafe(ref streak0, at);
            ((streak + (one & ~Vector256.Equals(streak, full))) & took).StoreUnsafe(ref streak0, at); // min(255, streak + 1) or 0
            zero16.StoreUnsafe(ref count0, at); zero16.StoreUnsafe(ref count0, at + 16);
        }
        return i;
    }

    /// <summary>
    /// Year end: last year's top-10 % task share, which the committee's recruitment reads next year (X: relying on a
    /// few backbones suppresses the entry of new ones), from the year's task ledger; then the ledger starts again with
    /// this year's backbones as its role holders.
    /// </summary>
    private void CloseYear()
    {
        ForChunks(_closeYear ??= (lo, hi, c) => CloseYear(lo, hi, _tasksByChunk[c]));
        var (top, _, _) = Concentration.TopShareAndGini(JoinYearTasks(), 0.10);
        _lastTopShare = double.IsNaN(top) ? 0 : top;
        _departedTasks.Clear();
    }

    /// <summary>One chunk's part of <see cref="CloseYear()"/>: its role holders' tasks listed (in resident order) and its ledger reset.</summary>
    private void CloseYear(int lo, int hi, List<ushort> tasks)
    {
        var pop = Population;
        YearTasks(lo, hi, tasks);
        for (int i = lo; i < hi; i++)
        {
            pop.TasksThisYear[i] = 0;
            pop.HeldRoleThisYear[i] = (byte)(pop.Role[i] >= Role.Backbone ? 1 : 0);
        }
    }

    private ChunkAction? _closeMonth, _closeYear;
}
