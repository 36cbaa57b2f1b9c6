using Participation.Networks;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Workbench;

/// <summary>A resident drawn in the network picture.</summary>
/// <param name="Id">The resident's index in the population.</param>
/// <param name="Compound">Index of the resident's compound (in <see cref="NetworkSample.Compounds"/>).</param>
/// <param name="Household">The resident's household.</param>
/// <param name="Building">The resident's building (within the compound).</param>
/// <param name="Age">Age in whole years at the start.</param>
/// <param name="Ego">One of the residents sampled (the others are their ties).</param>
/// <param name="Strong">The resident's strong ties (household, building), all of them, not only those drawn.</param>
/// <param name="Weak">The resident's weak ties (compound, community).</param>
internal sealed record NetworkNode(int Id, int Compound, int Household, int Building, int Age, bool Ego, int Strong, int Weak);

/// <summary>A tie drawn: two residents (by index) and whether it is a strong tie.</summary>
internal sealed record NetworkLink(int Source, int Target, bool Strong);

/// <summary>
/// A picture of a community's network: a few residents sampled across its compounds with every strong tie and some weak
/// ties of each, the ties among everyone drawn, and the whole network's statistics.
/// </summary>
internal sealed record NetworkSample(ulong Seed, int Residents, int Households, IReadOnlyList<string> Compounds, NetworkStatistics Statistics,
    IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkLink> Links);

/// <summary>Draws the sample (<see cref="NetworkSample"/>) from the population and network a replication starts from.</summary>
internal static class NetworkPicture
{
    /// <summary>Largest community drawn: the picture builds the population and network (as a run's first week does).</summary>
    public const int MaxHouseholds = 200_000;

    /// <summary>Residents sampled (spread over the compounds).</summary>
    public const int Egos = 8;

    /// <summary>Weak ties drawn per resident sampled (all strong ties are).</summary>
    public const int WeakPerEgo = 10;

    /// <summary>The population and network of <paramref name="scenario"/>'s replication with seed <paramref name="seed"/>, at its start, sampled.</summary>
    public static NetworkSample Draw(Scenario scenario, ulong seed, PolicyCatalog catalog, string what)
    {
        if (scenario.TotalHouseholds > MaxHouseholds)
            throw new WorkbenchRefusal(400, $"{what}: {scenario.TotalHouseholds:N0} households: the network is drawn for communities of at most {MaxHouseholds:N0} households");
        var model = Model.Create(scenario, seed, catalog);
        var pop = model.Population;
        var net = model.Network;
        // The sample's draws have their own stream: the picture never touches the model's.
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var adults = Enumerable.Range(0, pop.CompoundCount).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < pop.Count; i++)
            if (pop.AgeAt(i, 0) >= 18) adults[pop.Compound[i]].Add(i);
        var egos = new List<int>();
        for (int round = 0; egos.Count < Egos && adults.Any(a => a.Count > 0); round++)
            foreach (var list in adults)
                if (list.Count > 0 && egos.Count < Egos)
                {
                    int k = random.Next(list.Count);
                    egos.Add(list[k]);
                    list.RemoveAt(k);
                }
        var drawn = new HashSet<int>(egos);
        foreach (int e in egos)
        {
            foreach (int t in net.StrongTies(e)) drawn.Add(t);
            var weak = net.WeakTies(e).ToArray();
            random.Shuffle(weak);
            foreach (int t in weak.Take(WeakPerEgo)) drawn.Add(t);
        }
        var links = new List<NetworkLink>();
        foreach (int i in drawn)
        {
            foreach (int t in net.StrongTies(i)) if (i < t && drawn.Contains(t)) links.Add(new NetworkLink(i, t, true));
            foreach (int t in net.WeakTies(i)) if (i < t && drawn.Contains(t)) links.Add(new NetworkLink(i, t, false));
        }
        var egoSet = egos.ToHashSet();
        var nodes = drawn.Order().Select(i => new NetworkNode(i, pop.Compound[i], pop.Household[i], pop.Building[i], (int)Math.Floor(pop.AgeAt(i, 0)),
            egoSet.Contains(i), net.StrongTies(i).Length, net.WeakTies(i).Length)).ToArray();
        return new NetworkSample(seed, pop.Count, pop.HouseholdCount, pop.CompoundNames, NetworkStatistics.Compute(net), nodes,
            links.OrderBy(l => l.Source).ThenBy(l => l.Target).ToArray());
    }
}
