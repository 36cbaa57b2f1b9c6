using Participation.Randomness;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Networks;

/// <summary>
/// Builds the social network: every pair in a household, random ties inside the building (strong),
/// random weak ties across the compound and the community. Clubs and online groups are memberships on
/// the population, not cliques of ties. Generated straight into CSR arrays so that it scales to cities;
/// <see cref="NetworkStatistics"/> analyses it with QuikGraph.
/// </summary>
public static class NetworkGenerator
{
    /// <summary>Generates the network of <paramref name="population"/>.</summary>
    public static SocialNetwork Generate(Population population, NetworkSettings settings, ulong seed)
    {
        int n = population.Count;
        var strong = new List<ulong>(n * 3);
        var weak = new List<ulong>(n * 4);

        // Households: every pair.
        for (int h = 0; h < population.HouseholdCount; h++)
        {
            int a = population.HouseholdStart[h], b = population.HouseholdStart[h + 1];
            for (int i = a; i < b; i++)
                for (int j = i + 1; j < b; j++) strong.Add(Key(i, j));
        }

        var buildingRange = Ranges(population.Building, population.BuildingCount);
        var compoundRange = Ranges(population.Compound, population.CompoundCount);
        AddRandomTies(strong, population.Building, buildingRange, settings.BuildingTies / 2, seed, 0, n, settings.NeighbourWindow);
        AddRandomTies(weak, population.Compound, compoundRange, settings.CompoundTies / 2, seed, 1, n, settings.CompoundWindow);
        var all = new int[n];
        AddRandomTies(weak, all, [0, n], settings.CommunityTies / 2, seed, 2, n, int.MaxValue);

        ulong[] s = SortedUnique(strong), w = SortedUnique(weak);
        w = Except(w, s);

        var degree = new int[n + 1];
        var strongDegree = new int[n];
        foreach (var k in s) { degree[(int)(k >> 32)]++; degree[(int)(uint)k]++; strongDegree[(int)(k >> 32)]++; strongDegree[(int)(uint)k]++; }
        foreach (var k in w) { degree[(int)(k >> 32)]++; degree[(int)(uint)k]++; }
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++) offsets[i + 1] = offsets[i] + degree[i];
        var weakStart = new int[n];
        for (int i = 0; i < n; i++) weakStart[i] = offsets[i] + strongDegree[i];
        var targets = new int[offsets[n]];
        var fillStrong = (int[])offsets.Clone();
        var fillWeak = (int[])weakStart.Clone();
        foreach (var k in s) { int a = (int)(k >> 32), b = (int)(uint)k; targets[fillStrong[a]++] = b; targets[fillStrong[b]++] = a; }
        foreach (var k in w) { int a = (int)(k >> 32), b = (int)(uint)k; targets[fillWeak[a]++] = b; targets[fillWeak[b]++] = a; }
        return new SocialNetwork(offsets, weakStart, targets);
    }

    /// <summary>
    /// Each resident draws about <paramref name="perResident"/> partners uniformly within its group, among the
    /// residents at most <paramref name="window"/> places away (residents are ordered by household, so a window
    /// is a stairwell or floor: neighbours of neighbours are neighbours, which gives the network its clustering).
    /// </summary>
    private static void AddRandomTies(List<ulong> edges, int[] group, int[] range, double perResident, ulong seed, int layer, int n, int window)
    {
        if (perResident <= 0) return;
        int whole = (int)perResident;
        double fraction = perResident - whole;
        var extra = new CounterRandom(seed, layer, RandomStream.Network, 0);
        for (int i = 0; i < n; i++)
        {
            int g = group[i];
            int lo = (int)Math.Max(range[g], (long)i - window), hi = (int)Math.Min(range[g + 1], (long)i + window + 1), size = hi - lo;
            if (size < 2) continue;
            int count = whole + (extra.Uniform(i) < fraction ? 1 : 0);
            for (int k = 0; k < count; k++)
            {
                var pick = new CounterRandom(seed, layer, RandomStream.Network, 1 + k);
                int j = lo + (int)(pick.Uniform(i) * (size - 1));
                if (j >= i) j++; // skip self
                if (j < hi) edges.Add(Key(i, j));
            }
        }
    }

    /// <summary>Start of each group in index order (residents are sorted by building and compound).</summary>
    private static int[] Ranges(int[] group, int groups)
    {
        var start = new int[groups + 1];
        foreach (var g in group) start[g + 1]++;
        for (int g = 0; g < groups; g++) start[g + 1] += start[g];
        return start;
    }

    private static ulong Key(int i, int j) => i < j ? ((ulong)(uint)i << 32) | (uint)j : ((ulong)(uint)j << 32) | (uint)i;

    private static ulong[] SortedUnique(List<ulong> edges)
    {
        var a = edges.ToArray();
        Array.Sort(a);
        int m = 0;
        for (int k = 0; k < a.Length; k++) if (m == 0 || a[k] != a[m - 1]) a[m++] = a[k];
        Array.Resize(ref a, m);
        return a;
    }

    private static ulong[] Except(ulong[] a, ulong[] b)
    {
        var result = new List<ulong>(a.Length);
        int j = 0;
        foreach (var x in a)
        {
            while (j < b.Length && b[j] < x) j++;
            if (j < b.Length && b[j] == x) continue;
            result.Add(x);
        }
        return result.ToArray();
    }
}
