using Participation.HighPerformance;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// The decisions read each resident's counts of adult ties, ties who took part last week and ties who may invite from a
/// cache kept up to date by the residents whose flags changed; with invariants checked, the model recounts every
/// resident's ties after each tick and throws on a difference. These runs cover what changes the flags: participation,
/// households moving out and in, children coming of age (yearly), backbones, a party-invitation policy switching on and
/// off, and a restore from a checkpoint (which starts from empty counts). The same check also compares each week's tie
/// flags, inviters' factors and lists of backbones (set 32 residents at a time where the hardware allows) with their
/// definition computed one resident at a time.
/// </summary>
public class TieCountTests
{
    private static Scenario WithPartyInvitations()
    {
        var start = new DateOnly(2014, 1, 6);
        var squads = new PolicySettings { Kind = "partyVolunteerSquads", Start = start.AddMonths(14), End = start.AddMonths(30), Scale = 1, UnitCost = 10 };
        return CheckpointTests.WithStatefulPolicies(years: 4) with
        {
            Turnover = new TurnoverSettings { RenterMoveOut = 0.3, OwnerMoveOut = 0.1 },
            Policies = new Dictionary<string, PolicySettings>(CheckpointTests.WithStatefulPolicies(years: 4).Policies, StringComparer.OrdinalIgnoreCase)
            {
                ["squads"] = squads,
            },
        };
    }

    [Fact]
    public void Cached_tie_counts_equal_a_full_recount_after_every_tick_and_after_a_restore()
    {
        var scenario = WithPartyInvitations();
        var options = new SimulationOptions { CheckInvariants = true };
        var model = Model.Create(scenario, 17, null, options);
        int half = model.Calendar.TickCount / 2;
        model.RunUntil(half); // each tick recounts (CheckTieCounts throws on a difference)
        var restored = Model.Restore(scenario, model.SaveState(), null, options);
        var expected = model.Run();
        var actual = restored.Run();
        Assert.Equal(expected.Weekly, actual.Weekly);
        Assert.True(expected.Weekly.Sum(w => w.HouseholdsMoved) > 0, "households should move out for the test to mean something");
        Assert.True(expected.SpentByPolicy.All(s => s > 0), "every policy should have acted");
    }

    [Fact]
    public void The_recount_notices_a_wrong_count()
    {
        var model = Model.Create(TestScenarios.Small(households: 200, years: 1), 5, null, new SimulationOptions { CheckInvariants = true });
        model.Step();
        var ties = ((FastPhases)model.Phases).Ties;
        ties.Counts[3] += 1; // one more strong tie counted as an adult (the lowest packed field)
        var error = Assert.Throws<InvalidOperationException>(model.Step);
        Assert.Contains("resident 3", error.Message);
        Assert.Contains("adults", error.Message);
    }

    [Fact]
    public void The_recount_notices_a_wrong_cached_product_of_inviters()
    {
        var model = Model.Create(WithPartyInvitations(), 5, null, new SimulationOptions { CheckInvariants = true });
        var ties = ((FastPhases)model.Phases).Ties;
        int Cached() => Enumerable.Range(0, model.Population.Count)
            .FirstOrDefault(r => ties.NotInvitedState[r] == model.Population.WeakTiesActive[r] + 1 && ties.NotInvited[r] < 1f, -1);
        while (Cached() < 0) model.Step(); // until someone tied to an inviter has a current product
        int i = Cached();
        ties.NotInvited[i] *= 0.5f;
        var error = Assert.Throws<InvalidOperationException>(model.Step);
        Assert.Contains($"resident {i} has a cached product", error.Message);
    }

    [Fact]
    public void A_resident_with_more_ties_than_the_counts_hold_is_refused_naming_the_network()
    {
        // Generated and table populations stay far below the limit (households of at most 255, ties' means at most 100
        // each); a population from the researcher's own source could pass it: a star of 1,024 ties is refused, 1,023 pass.
        static Networks.SocialNetwork Star(int leaves) => new([0, .. Enumerable.Range(leaves, leaves + 1)], [0, .. Enumerable.Range(leaves, leaves)],
            [.. Enumerable.Range(1, leaves), .. Enumerable.Repeat(0, leaves)]);
        TieKernels.CheckDegrees(Star(1023));
        var error = Assert.Throws<ScenarioException>(() => TieKernels.CheckDegrees(Star(1024)));
        Assert.Equal("network", error.Key);
        Assert.Contains("1,024 ties of resident 0", error.Message);
        Assert.Contains("at most 1,023 ties per resident", error.Message);
    }

    [Fact]
    public void The_first_pass_of_the_decisions_gives_what_the_ties_give_eight_at_a_time_and_one_at_a_time()
    {
        // Random residents and ties; counts packed from the ties' flags. ReadTies does residents lo .. lo + 8m - 1 eight
        // at a time (where the hardware allows) and the rest one at a time, so shifting lo moves each resident between
        // the two: all must match a direct reading of the ties, bit for bit. The first call walks the ties of those tied
        // to an inviter and caches the products; the later ones read the cache.
        const int n = 300;
        var rng = new Random(11);
        var offsets = new int[n + 1]; var weakStart = new int[n]; var targets = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int strong = rng.Next(0, 6), weak = rng.Next(0, 12);
            for (int e = 0; e < strong + weak; e++) targets.Add(rng.Next(n));
            weakStart[i] = offsets[i] + strong; offsets[i + 1] = offsets[i] + strong + weak;
        }
        var net = new Networks.SocialNetwork(offsets, weakStart, targets.ToArray());
        var occupation = new Residents.Occupation[n]; var weakActive = new byte[n]; var flags = new byte[n];
        var keep = new float[n]; var boost = new float[n];
        for (int i = 0; i < n; i++)
        {
            occupation[i] = (Residents.Occupation)rng.Next(0, 5); // 0: child
            weakActive[i] = (byte)rng.Next(2);
            bool adult = occupation[i] != Residents.Occupation.Child, inviter = adult && rng.NextDouble() < 0.1;
            flags[i] = (byte)(adult ? 1 | rng.Next(2) << 1 | (inviter ? 4 : 0) : 0);
            keep[i] = inviter ? (float)rng.NextDouble() : 1f;
            boost[i] = rng.NextDouble() < 0.2 ? (float)rng.NextDouble() * 0.3f : 0f;
        }
        var ties = new TieCache(n);
        flags.CopyTo(ties.Flags); keep.CopyTo(ties.Keep);
        for (int i = 0; i < n; i++)
            for (int e = offsets[i]; e < offsets[i + 1]; e++)
                ties.Counts[i] += (ulong)TieCount.Of(flags[net.Targets[e]]) << (e < weakStart[i] ? 0 : TieCount.WeakShift);
        var invite = new Randomness.CounterRandom(99, 7, Randomness.RandomStream.Invitation);
        var week = new TieReading(StaffInviteProbability: 0.05f, InfluenceFactor: 1.3f);

        int invitedSeen = 0;
        for (int lo = 0; lo < 8; lo++)
        {
            int hi = n - 3, m = hi - lo;
            var influence = new float[m]; var tookPart = new int[m]; var invited = new int[m];
            int adults = TieKernels.ReadTies(lo, hi, occupation, weakActive, ties, net, boost, invite, week,
                influence, tookPart, invited, out int invitedCount);
            int expectAdults = 0, expectInvited = 0;
            for (int i = lo; i < hi; i++)
            {
                int k = i - lo;
                if (occupation[i] == Residents.Occupation.Child) { Assert.Equal(0f, influence[k]); continue; }
                expectAdults++;
                int end = weakActive[i] != 0 ? offsets[i + 1] : weakStart[i], adultTies = 0, took = 0;
                float notInvited = 1f;
                for (int e = offsets[i]; e < end; e++)
                {
                    int j = net.Targets[e];
                    adultTies += flags[j] & 1; took += (flags[j] >> 1) & 1;
                    if (flags[j] >= 4) notInvited *= keep[j];
                }
                float expectInfluence = (adultTies > 0 ? (float)took / adultTies : 0f) * week.InfluenceFactor;
                Assert.Equal(BitConverter.SingleToInt32Bits(expectInfluence), BitConverter.SingleToInt32Bits(influence[k]));
                Assert.Equal(took, tookPart[k]);
                float pInvited = 1f - (1f - Participation.Rules.Hearing.Invited(notInvited, week.StaffInviteProbability)) * (1f - boost[i]);
                int yes = invite.UniformF(i) < pInvited ? 1 : 0;
                Assert.True(yes == invited[k], $"lo {lo}: resident {i} invited {invited[k]}, expected {yes}");
                expectInvited += yes;
            }
            Assert.Equal(expectAdults, adults);
            Assert.Equal(expectInvited, invitedCount);
            invitedSeen += invitedCount;
        }
        Assert.True(invitedSeen > 8, "some residents should be invited for the test to mean something");
    }
}
