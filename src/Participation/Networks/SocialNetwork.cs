namespace Participation.Networks;

/// <summary>
/// The frozen social network in compressed sparse row form: the ties of resident <c>i</c> are
/// <c>Targets[Offsets[i] .. Offsets[i + 1])</c>; strong ties (household and building) come first,
/// weak ties (compound and community) from <c>WeakStart[i]</c>. Ties are undirected (stored both ways).
/// </summary>
public sealed class SocialNetwork
{
    /// <summary>Start of each resident's ties; length residents + 1.</summary>
    public int[] Offsets { get; }
    /// <summary>Start of each resident's weak ties, within its range.</summary>
    public int[] WeakStart { get; }
    /// <summary>Tie targets.</summary>
    public int[] Targets { get; }

    internal SocialNetwork(int[] offsets, int[] weakStart, int[] targets)
    {
        Offsets = offsets; WeakStart = weakStart; Targets = targets;
    }

    /// <summary>Number of residents (nodes).</summary>
    public int NodeCount => Offsets.Length - 1;

    /// <summary>Number of undirected ties.</summary>
    public long TieCount => Targets.LongLength / 2;

    /// <summary>All ties of resident <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Ties(int i) => Targets.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>Strong ties (household, building) of resident <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> StrongTies(int i) => Targets.AsSpan(Offsets[i], WeakStart[i] - Offsets[i]);

    /// <summary>Weak ties (compound, community) of resident <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> WeakTies(int i) => Targets.AsSpan(WeakStart[i], Offsets[i + 1] - WeakStart[i]);

    /// <summary>Degree of resident <paramref name="i"/>.</summary>
    public int Degree(int i) => Offsets[i + 1] - Offsets[i];

    /// <summary>Bytes held by the arrays.</summary>
    public long Bytes => 4L * (Offsets.Length + WeakStart.Length + Targets.Length);
}
