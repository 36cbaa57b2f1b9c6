using System.Runtime.Intrinsics;
using Participation.HighPerformance;
using Participation.Randomness;

namespace Participation.Tests.Core;

public class RandomnessTests
{
    [Fact]
    public void Draws_are_pure_functions_of_seed_tick_stream_and_index()
    {
        var a = new CounterRandom(7, 3, RandomStream.Decision, 1);
        var b = new CounterRandom(7, 3, RandomStream.Decision, 1);
        Assert.Equal(a.Bits(12345), b.Bits(12345));
        Assert.NotEqual(a.Bits(12345), new CounterRandom(8, 3, RandomStream.Decision, 1).Bits(12345));
        Assert.NotEqual(a.Bits(12345), new CounterRandom(7, 4, RandomStream.Decision, 1).Bits(12345));
        Assert.NotEqual(a.Bits(12345), new CounterRandom(7, 3, RandomStream.Hearing, 1).Bits(12345));
        Assert.NotEqual(a.Bits(12345), new CounterRandom(7, 3, RandomStream.Decision, 2).Bits(12345));
    }

    [Fact]
    public void Uniform_normal_and_poisson_have_their_moments()
    {
        var r = new CounterRandom(42, 0, RandomStream.Generation);
        const int n = 200_000;
        double sum = 0, sq = 0, nsum = 0, nsq = 0, psum = 0;
        for (int i = 0; i < n; i++)
        {
            double u = r.Uniform(i);
            Assert.InRange(u, 0, 1 - 1e-18);
            sum += u; sq += u * u;
            double z = r.Normal(i); nsum += z; nsq += z * z;
            psum += r.Poisson(i, 2.5);
        }
        Assert.Equal(0.5, sum / n, 2);
        Assert.InRange(sq / n - Math.Pow(sum / n, 2), 1.0 / 12 - 0.001, 1.0 / 12 + 0.001);
        Assert.Equal(0, nsum / n, 2);
        Assert.Equal(1, nsq / n, 1);
        Assert.Equal(2.5, psum / n, 1);
    }

    [Fact]
    public void Neighbouring_indices_and_streams_are_uncorrelated()
    {
        var a = new CounterRandom(1, 0, RandomStream.Decision);
        var b = new CounterRandom(1, 0, RandomStream.Hearing);
        const int n = 100_000;
        double sab = 0, snext = 0;
        for (int i = 0; i < n; i++)
        {
            sab += (a.Uniform(i) - 0.5) * (b.Uniform(i) - 0.5);
            snext += (a.Uniform(i) - 0.5) * (a.Uniform(i + 1) - 0.5);
        }
        Assert.InRange(sab / n * 12, -0.02, 0.02);
        Assert.InRange(snext / n * 12, -0.02, 0.02);
    }

    [Fact]
    public void Replication_seeds_differ_and_are_reproducible()
    {
        var seeds = Enumerable.Range(0, 100).Select(k => CounterRandom.ReplicationSeed(99, k)).ToArray();
        Assert.Equal(100, seeds.Distinct().Count());
        Assert.Equal(seeds[5], CounterRandom.ReplicationSeed(99, 5));
    }

    [Theory]
    [InlineData(0L, 0.3f, 37)]
    [InlineData(4093L, 0.5f, 8)]
    [InlineData(1_000_003L, 0.9f, 61)]
    public void Eight_draws_at_a_time_are_the_one_at_a_time_draws_bit_for_bit(long first, float p, int length)
    {
        var r = new CounterRandom(42, 7, RandomStream.Problems);
        var uniform = r.UniformFloats(first);
        for (int lane = 0; lane < 8; lane++)
            Assert.Equal(BitConverter.SingleToInt32Bits(r.UniformF(first + lane)), BitConverter.SingleToInt32Bits(uniform.GetElement(lane)));
        var below = new int[length];
        r.DrawBelow(first, p, below);
        for (int k = 0; k < length; k++) Assert.Equal(r.UniformF(first + k) < p ? 1 : 0, below[k]);
        Assert.Contains(1, below); // p and the lengths are chosen so that some draw is below p
    }
}
