using System.Runtime.CompilerServices;

namespace Participation.Randomness;

/// <summary>
/// Named streams of randomness. A draw is a pure function of (seed, tick, stream, resident), so results do
/// not depend on the order residents are visited in nor on the number of threads.
/// </summary>
public enum RandomStream : ushort
{
    /// <summary>Population generation.</summary>
    Generation = 1,
    /// <summary>Network generation.</summary>
    Network = 2,
    /// <summary>Activities offered in a compound this week.</summary>
    Offer = 3,
    /// <summary>Hearing of activities.</summary>
    Hearing = 4,
    /// <summary>Being invited.</summary>
    Invitation = 5,
    /// <summary>The decisions to take part.</summary>
    Decision = 6,
    /// <summary>Voice heard or ignored, activity outcomes.</summary>
    Voice = 7,
    /// <summary>Task allocation to backbones.</summary>
    Tasks = 8,
    /// <summary>Recruitment order and acceptance.</summary>
    Recruitment = 9,
    /// <summary>Backbone exits.</summary>
    Exit = 10,
    /// <summary>Household turnover.</summary>
    Turnover = 11,
    /// <summary>Problems raised by residents.</summary>
    Problems = 12,
    /// <summary>Newcomers' attributes.</summary>
    Newcomers = 13,
    /// <summary>Reserved for policies.</summary>
    Policy = 14,
    /// <summary>Volunteer teams and party squads: activities, service, leaving, founding, recruitment.</summary>
    Teams = 15,
}

/// <summary>
/// Counter-based random numbers (SplitMix64 finaliser as a keyed hash). Create one
/// <see cref="CounterRandom"/> per (seed, tick, stream, sub-stream) and draw by resident index.
/// </summary>
public readonly struct CounterRandom
{
    private readonly ulong _key;

    /// <summary>Creates the stream for one tick.</summary>
    /// <param name="seed">Master seed of the replication.</param>
    /// <param name="tick">Tick number (or any counter, e.g. a generation step).</param>
    /// <param name="stream">Named stream.</param>
    /// <param name="sub">Sub-stream, for several independent draws per resident in one tick.</param>
    public CounterRandom(ulong seed, int tick, RandomStream stream, int sub = 0)
    {
        ulong counter = ((ulong)(uint)tick << 32) | ((ulong)(ushort)stream << 16) | (ushort)sub;
        _key = Mix(seed ^ Mix(counter + 0x632BE59BD9B4E019UL));
    }

    /// <summary>Creates the sub-stream <paramref name="draws"/> for one tick.</summary>
    /// <param name="seed">Master seed of the replication.</param>
    /// <param name="tick">Tick number.</param>
    /// <param name="draws">The named sub-stream (<see cref="Draws"/>).</param>
    internal CounterRandom(ulong seed, int tick, SubStream draws) : this(seed, tick, draws.Stream, draws.Sub) { }

    /// <summary>The stream's key: what <see cref="Bits"/> mixes with the index (for the vectorised draws of the kernels).</summary>
    internal ulong Key => _key;

    /// <summary>64 random bits for index <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Bits(long index) => Mix(_key + (ulong)index * 0x9E3779B97F4A7C15UL);

    /// <summary>A uniform double in [0, 1) for index <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(long index) => (Bits(index) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) for index <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float UniformF(long index) => (Bits(index) >> 40) * (1.0f / (1 << 24));

    /// <summary>A standard normal draw for index <paramref name="index"/> (Box-Muller on two counter draws).</summary>
    public double Normal(long index)
    {
        ulong b = Bits(index);
        double u1 = ((b >> 11) + 1.0) * (1.0 / ((1UL << 53) + 1.0));
        double u2 = (Mix(b ^ 0xD1B54A32D192ED03UL) >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Poisson draw with mean <paramref name="mean"/> (inversion; for small means) for index <paramref name="index"/>.</summary>
    public int Poisson(long index, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30)
        {
            // Normal approximation for large means keeps the draw O(1).
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(index)));
        }
        double u = Uniform(index), p = Math.Exp(-mean), cdf = p;
        int k = 0;
        while (u > cdf && k < 1000) { k++; p *= mean / k; cdf += p; }
        return k;
    }

    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Derives the seed of replication <paramref name="replication"/> from a master seed.</summary>
    public static ulong ReplicationSeed(ulong masterSeed, int replication) =>
        Mix(masterSeed * 0xD6E8FEB86659FD93UL + (ulong)replication + 1);
}
