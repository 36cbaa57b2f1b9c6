using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Residents;

namespace Participation.HighPerformance;

/// <summary>Finding the few backbones among all residents thirty-two at a time (a byte compare of the roles).</summary>
internal static class RoleScan
{
    /// <summary>Lists the residents whose role is backbone or mentor, in index order, into <paramref name="backbones"/>.</summary>
    public static void ListBackbones(Role[] roles, List<int> backbones)
    {
        backbones.Clear();
        ref byte role0 = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(roles));
        var backbone = Vector256.Create((byte)Role.Backbone);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 32 <= roles.Length; i += 32)
                for (uint found = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref role0, (nuint)i), backbone).ExtractMostSignificantBits();
                     found != 0; found &= found - 1)
                    backbones.Add(i + BitOperations.TrailingZeroCount(found));
        for (; i < roles.Length; i++)
            if (roles[i] >= Role.Backbone) backbones.Add(i);
    }
}
