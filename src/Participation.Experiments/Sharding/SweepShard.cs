using System.Globalization;

namespace Participation.Experiments.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of a sweep: the runs whose run index (point × replications +
/// replication) leaves remainder <see cref="Index"/> when divided by <see cref="Count"/>. Dealing runs out in turn, rather
/// than cutting the design into blocks, gives every shard the same number of runs (to within one) and a fair share of
/// expensive points when cost grows along the design (e.g. a grid over household counts). A run's shard depends only on
/// its index, and its seed only on (master seed, point, replication), so a sharded run is the run an unsharded sweep makes.
/// </summary>
/// <param name="Index">Which shard, from 0 to <see cref="Count"/> − 1 (as Slurm's <c>SLURM_ARRAY_TASK_ID</c>).</param>
/// <param name="Count">Shards in all (at least 1).</param>
public readonly record struct SweepShard(int Index, int Count)
{
    /// <summary>Most shards a sweep can be cut into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The whole sweep as one shard.</summary>
    public static SweepShard Whole => new(0, 1);

    /// <summary>True for the whole sweep (shard 0 of 1).</summary>
    public bool IsWhole => Count == 1;

    /// <summary>Parses <c>K/N</c> (K from 0 to N − 1).</summary>
    /// <exception cref="FormatException">Not of that form, or K or N out of range; the message names the value and what is expected.</exception>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new FormatException($"'{text}': expected K/N, e.g. 0/8 (shard K of N, K from 0 to N-1)");
        if (n < 1 || n > MaxCount) throw new FormatException($"'{text}': the number of shards N must be from 1 to {MaxCount}");
        if (k >= n) throw new FormatException($"'{text}': shard K must be from 0 to N-1 = {n - 1} (Slurm's array task ids run 0-{n - 1})");
        return new SweepShard(k, n);
    }

    /// <summary>True when run <paramref name="runIndex"/> belongs to this shard.</summary>
    public bool Contains(int runIndex) => runIndex % Count == Index;

    /// <summary>Runs of a sweep of <paramref name="totalRuns"/> runs that fall in this shard.</summary>
    public int RunsOf(int totalRuns) => Index >= totalRuns ? 0 : (totalRuns - Index + Count - 1) / Count;

    /// <summary>The run index of this shard's <paramref name="position"/>-th run (0-based).</summary>
    public int RunAt(int position) => Index + position * Count;

    /// <summary>The shard of run <paramref name="runIndex"/> among <paramref name="count"/> shards.</summary>
    public static int Of(int runIndex, int count) => runIndex % count;

    /// <summary><c>K/N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
