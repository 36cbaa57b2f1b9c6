using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Outcomes;
using Participation.Residents;
using Participation.Rules;

namespace Participation.HighPerformance;

/// <summary>
/// The month's end thirty-two residents at a time: the kernel of <see cref="Bookkeeping.CloseMonth"/> (streaks and
/// counters roll over) and, for the monthly record, of <see cref="MonthCounts.Of"/> (counts are population counts of
/// lane masks: the same integers).
/// </summary>
internal static class MonthKernels
{
    /// <summary>The kernel of <see cref="Bookkeeping.CloseMonth"/> for <paramref name="chunk"/>.</summary>
    public static void CloseMonth(Week w, Chunk chunk)
    {
        var pop = w.Population;
        int i = Vector256.IsHardwareAccelerated ? CloseMonthVectorised(pop, chunk.First, chunk.End) : chunk.First;
        for (; i < chunk.End; i++)
        {
            pop.MonthStreak[i] = Bookkeeping.NextStreak(pop.MonthStreak[i], pop.MonthCount[i]);
            pop.MonthCount[i] = 0;
        }
    }

    /// <summary>The vectorised body of <see cref="CloseMonth"/>; returns the first resident it left to the scalar loop.</summary>
    private static int CloseMonthVectorised(Population pop, int lo, int hi)
    {
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

    /// <summary>The kernel of <see cref="MonthCounts.Of"/>.</summary>
    public static MonthCounts CountMonth(Population pop, int lo, int hi, int youngFrom)
    {
        var m = new MonthCounts();
        int i = Vector256.IsHardwareAccelerated ? CountMonthVectorised(pop, lo, hi, youngFrom, ref m) : lo;
        m.Add(MonthCounts.Of(pop, i, hi, youngFrom));
        return m;
    }

    /// <summary>The vectorised body of <see cref="CountMonth"/>; returns the first resident it left to the scalar loop.</summary>
    private static int CountMonthVectorised(Population pop, int lo, int hi, int youngFrom, ref MonthCounts m)
    {
        if ((uint)hi > (uint)pop.Count || lo < 0) throw new ArgumentOutOfRangeException(nameof(hi), "the chunk lies outside the population");
        ref ushort count0 = ref MemoryMarshal.GetArrayDataReference(pop.MonthCount);
        ref byte occupation0 = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Occupation));
        ref byte role0 = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Role));
        ref byte online0 = ref MemoryMarshal.GetArrayDataReference(pop.InOnlineGroup);
        ref int birth0 = ref MemoryMarshal.GetArrayDataReference(pop.BirthWeek);
        ref int club0 = ref MemoryMarshal.GetArrayDataReference(pop.Club);
        var zero16 = Vector256<ushort>.Zero; var zero8 = Vector256<byte>.Zero;
        var backbone = Vector256.Create((byte)Role.Backbone);
        var two = Vector256.Create((ushort)2); var four = Vector256.Create((ushort)4); var six = Vector256.Create((ushort)6);
        var young = Vector256.Create(youngFrom); var noClub = Vector256.Create(-1);
        int i = lo;
        for (; i + 32 <= hi; i += 32)
        {
            nuint at = (nuint)i;
            var countA = Vector256.LoadUnsafe(ref count0, at); var countB = Vector256.LoadUnsafe(ref count0, at + 16);
            var took = Vector256.Narrow(~Vector256.Equals(countA, zero16), ~Vector256.Equals(countB, zero16));
            uint adult = (~Vector256.Equals(Vector256.LoadUnsafe(ref occupation0, at), zero8)).ExtractMostSignificantBits();
            uint participant = took.ExtractMostSignificantBits() & adult;
            var role = Vector256.LoadUnsafe(ref role0, at);
            uint backbones = Vector256.GreaterThanOrEqual(role, backbone).ExtractMostSignificantBits() & adult;
            uint online = (~Vector256.Equals(Vector256.LoadUnsafe(ref online0, at), zero8)).ExtractMostSignificantBits() & adult;
            uint under35 = 0, inClub = 0;
            for (int q = 0; q < 4; q++)
            {
                nuint part = at + (nuint)(8 * q);
                under35 |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref birth0, part), young).ExtractMostSignificantBits() << (8 * q);
                inClub |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref club0, part), noClub).ExtractMostSignificantBits() << (8 * q);
            }
            uint upTo2 = Vector256.LessThanOrEqual(countA, two).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, two).ExtractMostSignificantBits() << 16;
            uint upTo4 = Vector256.LessThanOrEqual(countA, four).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, four).ExtractMostSignificantBits() << 16;
            uint upTo6 = Vector256.LessThanOrEqual(countA, six).ExtractMostSignificantBits() | Vector256.LessThanOrEqual(countB, six).ExtractMostSignificantBits() << 16;
            uint activeBackbones = backbones & participant;
            m.Adults += BitOperations.PopCount(adult);
            m.Participants += BitOperations.PopCount(participant);
            m.Under35Participants += BitOperations.PopCount(participant & under35);
            m.Backbones += BitOperations.PopCount(backbones);
            m.Under35Backbones += BitOperations.PopCount(backbones & under35);
            m.BackbonesActive += BitOperations.PopCount(activeBackbones);
            m.Bin1To2 += BitOperations.PopCount(activeBackbones & upTo2);
            m.Bin3To4 += BitOperations.PopCount(activeBackbones & upTo4 & ~upTo2);
            m.Bin5To6 += BitOperations.PopCount(activeBackbones & upTo6 & ~upTo4);
            m.BinOver6 += BitOperations.PopCount(activeBackbones & ~upTo6);
            m.Online += BitOperations.PopCount(online);
            m.OnlineClub += BitOperations.PopCount(online & inClub);
            for (uint bits = participant; bits != 0; bits &= bits - 1) // the few who took part: their counts, from the loaded vectors
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                m.Frequency += lane < 16 ? countA.GetElement(lane) : countB.GetElement(lane - 16);
            }
        }
        return i;
    }
}
