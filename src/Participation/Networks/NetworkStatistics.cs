using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace Participation.Networks;

/// <summary>Descriptive statistics of a social network (what <c>participation inspect</c> prints).</summary>
/// <param name="Nodes">Residents.</param>
/// <param name="Ties">Undirected ties.</param>
/// <param name="MeanDegree">Mean number of ties.</param>
/// <param name="MeanStrongDegree">Mean number of strong ties (household, building).</param>
/// <param name="MeanWeakDegree">Mean number of weak ties (compound, community).</param>
/// <param name="MaxDegree">Largest number of ties.</param>
/// <param name="DegreeHistogram">Residents by degree: index = degree (last bin: that degree or more).</param>
/// <param name="Clustering">Mean local clustering coefficient (over residents with two or more ties; sampled above 20,000).</param>
/// <param name="Components">Connected components (QuikGraph).</param>
/// <param name="LargestComponentShare">Share of residents in the largest component.</param>
public sealed record NetworkStatistics(
    int Nodes, long Ties, double MeanDegree, double MeanStrongDegree, double MeanWeakDegree, int MaxDegree,
    int[] DegreeHistogram, double Clustering, int Components, double LargestComponentShare)
{
    /// <summary>Computes the statistics of <paramref name="network"/>.</summary>
    public static NetworkStatistics Compute(SocialNetwork network)
    {
        int n = network.NodeCount;
        const int bins = 41;
        var hist = new int[bins];
        long strong = 0;
        int max = 0;
        for (int i = 0; i < n; i++)
        {
            int d = network.Degree(i);
            hist[Math.Min(d, bins - 1)]++;
            max = Math.Max(max, d);
            strong += network.WeakStart[i] - network.Offsets[i];
        }
        double mean = n == 0 ? 0 : 2.0 * network.TieCount / n;
        double meanStrong = n == 0 ? 0 : (double)strong / n;

        // Local clustering on the CSR arrays with a marker array (QuikGraph has no clustering algorithm).
        var mark = new int[n];
        Array.Fill(mark, -1);
        int step = Math.Max(1, n / 20000);
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < n; i += step)
        {
            var ties = network.Ties(i);
            if (ties.Length < 2) continue;
            foreach (var j in ties) mark[j] = i;
            long closed = 0;
            foreach (var j in ties)
                foreach (var k in network.Ties(j))
                    if (mark[k] == i) closed++;
            sum += closed / ((double)ties.Length * (ties.Length - 1));
            counted++;
        }

        // Components with QuikGraph: the network analysis library the project standardises on.
        var graph = new UndirectedGraph<int, SUndirectedEdge<int>>(allowParallelEdges: false);
        graph.AddVertexRange(Enumerable.Range(0, n));
        for (int i = 0; i < n; i++)
            foreach (var j in network.Ties(i))
                if (i < j) graph.AddEdge(new SUndirectedEdge<int>(i, j));
        var components = new ConnectedComponentsAlgorithm<int, SUndirectedEdge<int>>(graph);
        components.Compute();
        var sizes = new int[Math.Max(1, components.ComponentCount)];
        foreach (var c in components.Components.Values) sizes[c]++;

        return new NetworkStatistics(n, network.TieCount, mean, meanStrong, mean - meanStrong, max, hist,
            counted == 0 ? 0 : sum / counted, components.ComponentCount, n == 0 ? 0 : (double)sizes.Max() / n);
    }
}
