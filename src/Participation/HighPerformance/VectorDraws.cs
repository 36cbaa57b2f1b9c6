using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Randomness;

namespace Participation.HighPerformance;

/// <summary>Counter-based draws for eight indices at once, lane by lane the same as <see cref="CounterRandom"/>'s (bit-identical).</summary>
internal static class VectorDraws
{
    /// <summary><see cref="CounterRandom.UniformF"/> for indices <paramref name="first"/> to <paramref name="first"/> + 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> UniformFloats(this CounterRandom draws, long first)
    {
        var golden = Vector256.Create(0x9E3779B97F4A7C15UL); var key = Vector256.Create(draws.Key);
        var index = Vector256.Create((ulong)first) + Vector256.Create(0UL, 1, 2, 3);
        var top24 = Vector256.Narrow(Mix(key + index * golden) >> 40, Mix(key + (index + Vector256.Create(4UL)) * golden) >> 40);
        return Vector256.ConvertToSingle(top24.AsInt32()) * Vector256.Create(1.0f / (1 << 24)); // below 2^24: exact
    }

    /// <summary>
    /// Sets <paramref name="below"/>[k] to 1 where <see cref="CounterRandom.UniformF"/>(<paramref name="first"/> + k) &lt;
    /// <paramref name="p"/>, else 0: a yes-or-no draw for a run of indices, eight at a time where the hardware allows.
    /// </summary>
    public static void DrawBelow(this CounterRandom draws, long first, float p, Span<int> below)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref int below0 = ref MemoryMarshal.GetReference(below);
            var threshold = Vector256.Create(p); var one = Vector256.Create(1);
            for (; k + 8 <= below.Length; k += 8)
                (Vector256.LessThan(draws.UniformFloats(first + k), threshold).AsInt32() & one).StoreUnsafe(ref below0, (nuint)k);
        }
        for (; k < below.Length; k++) below[k] = draws.UniformF(first + k) < p ? 1 : 0;
    }

    /// <summary><see cref="CounterRandom.Mix(ulong)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
