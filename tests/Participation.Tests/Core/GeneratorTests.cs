using Participation.Networks;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Tests.Core;

/// <summary>The generator reproduces the scenario's distributions.</summary>
public class GeneratorTests
{
    private static readonly Scenario Scenario = TestScenarios.Small(households: 6000);
    private static readonly Population Pop = PopulationGenerator.Generate(Scenario, 11);

    [Fact]
    public void Household_sizes_follow_the_scenario_shares()
    {
        var d = Scenario.Demography;
        double[] expected = [d.HouseholdSize1, d.HouseholdSize2, d.HouseholdSize3, d.HouseholdSize4, d.HouseholdSize5];
        var counts = new double[5];
        for (int h = 0; h < Pop.HouseholdCount; h++) counts[Pop.HouseholdStart[h + 1] - Pop.HouseholdStart[h] - 1]++;
        for (int k = 0; k < 5; k++) Assert.InRange(counts[k] / Pop.HouseholdCount, expected[k] - 0.02, expected[k] + 0.02);
        Assert.Equal(6000, Pop.HouseholdCount);
    }

    [Fact]
    public void Ages_follow_the_pyramid_with_an_adult_in_every_household()
    {
        var stats = PopulationStatistics.Compute(Pop);
        // Household heads are always adults, so children fall a little short of their population share.
        Assert.InRange(stats.AgeBands["0-17"], 0.16, 0.20);
        Assert.InRange(stats.AgeBands["18-34"], 0.24, 0.32);
        Assert.InRange(stats.AgeBands["70+"], 0.05, 0.10);
        for (int h = 0; h < Pop.HouseholdCount; h++) Assert.True(Pop.AgeAt(Pop.HouseholdStart[h], 0) >= 18);
    }

    [Fact]
    public void Renter_shares_follow_compound_types()
    {
        double RenterShare(CompoundType type)
        {
            int n = 0, renters = 0;
            for (int h = 0; h < Pop.HouseholdCount; h++)
            {
                int i = Pop.HouseholdStart[h];
                if (Pop.CompoundTypes[Pop.Compound[i]] != type) continue;
                n++; if (Pop.Origin[i] == OriginGroup.Renter) renters++;
            }
            return (double)renters / n;
        }
        Assert.InRange(RenterShare(CompoundType.Old), 0.27, 0.33);
        Assert.InRange(RenterShare(CompoundType.Commercial), 0.17, 0.23);
    }

    [Fact]
    public void Digital_literacy_falls_with_age_and_the_retired_have_most_free_hours()
    {
        var stats = PopulationStatistics.Compute(Pop);
        Assert.True(stats.DigitalLiteracyByAge["18-34"] > 0.8);
        Assert.True(stats.DigitalLiteracyByAge["70+"] < 0.3);
        Assert.True(stats.DigitalLiteracyByAge["50-59"] > stats.DigitalLiteracyByAge["60-69"]);
        Assert.True(stats.FreeHoursByOccupation[Occupation.Retired] > 2 * stats.FreeHoursByOccupation[Occupation.Employed]);
        Assert.InRange(stats.Women, 0.46, 0.52);
        Assert.InRange(stats.PartyMembers, 0.07, 0.13);
    }

    [Fact]
    public void Attitudes_start_lower_for_renters_and_newcomers()
    {
        double renters = 0, owners = 0; int nr = 0, no = 0;
        for (int i = 0; i < Pop.Count; i++)
        {
            if (Pop.Origin[i] == OriginGroup.Renter) { renters += Pop.Belonging[i]; nr++; }
            else { owners += Pop.Belonging[i]; no++; }
        }
        Assert.True(owners / no - renters / nr > 0.12);
    }

    [Fact]
    public void Network_is_symmetric_without_self_ties_and_has_the_configured_degrees()
    {
        var net = NetworkGenerator.Generate(Pop, Scenario.Network, 11);
        var stats = NetworkStatistics.Compute(net);
        for (int i = 0; i < net.NodeCount; i++)
        {
            var ties = net.Ties(i);
            Assert.DoesNotContain(i, ties.ToArray());
            // Each tie once, stored both ways with the same strength: the model's tie counts rely on it.
            Assert.Equal(ties.Length, ties.ToArray().Distinct().Count());
            foreach (var j in net.StrongTies(i)) Assert.Contains(i, net.StrongTies(j).ToArray());
            foreach (var j in net.WeakTies(i)) Assert.Contains(i, net.WeakTies(j).ToArray());
            foreach (var j in net.StrongTies(i)) Assert.Equal(Pop.Building[i], Pop.Building[j]);
        }
        // Household ties (~1.6 on average) plus building ties (4) are strong; compound and community ties (7) weak.
        Assert.InRange(stats.MeanStrongDegree, 4.5, 7);
        Assert.InRange(stats.MeanWeakDegree, 6, 7.5);
        Assert.True(stats.Clustering > 0.06, $"clustering {stats.Clustering}");
        Assert.True(stats.LargestComponentShare > 0.99);
    }

    [Fact]
    public void Same_seed_same_population()
    {
        var again = PopulationGenerator.Generate(Scenario, 11);
        Assert.Equal(Pop.BirthWeek, again.BirthWeek);
        Assert.Equal(Pop.Trust, again.Trust);
        Assert.NotEqual(Pop.BirthWeek, PopulationGenerator.Generate(Scenario, 12).BirthWeek);
    }
}
