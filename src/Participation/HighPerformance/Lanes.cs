using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Participation.HighPerformance;

/// <summary>Loads of per-resident byte arrays into vector lanes, for the kernels that do eight residents at a time.</summary>
internal static class Lanes
{
    /// <summary>
    /// The eight bytes from <paramref name="i"/> on (residents i … i + 7 of a byte array), zero-extended to eight ints.
    /// The caller has checked that they exist.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> WidenBytes(ref byte first, nuint i) =>
        Vector256.WidenLower(Vector256.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i)))
            .AsByte().ToVector256Unsafe())).AsInt32();
}
