using Participation.Policies;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>
/// Volunteer teams and party squads as actors (docs/model.md, "5c. Volunteer teams"): their table stays consistent,
/// policies found and grow them, ad-hoc tasks drive members out and management keeps them, and the volunteer force is
/// not capped by the committee's posts.
/// </summary>
public class TeamTests
{
    private static Dictionary<string, PolicySettings> Policies(params (string Name, string Kind)[] policies) =>
        policies.ToDictionary(p => p.Name, p => new PolicySettings { Kind = p.Kind, Start = new DateOnly(2014, 1, 1), Scale = 1 },
            StringComparer.OrdinalIgnoreCase);

    private static Model RunModel(Scenario s, ulong seed = 3)
    {
        var model = Model.Create(s, seed);
        model.Run();
        return model;
    }

    /// <summary>Every team's size is the number of residents who name it, its leader is one of them, and a dissolved team has none.</summary>
    private static void AssertConsistent(Model model)
    {
        var T = model.State.Teams;
        var counted = new int[T.Count];
        for (int i = 0; i < model.Population.Count; i++)
            if (T.TeamOf[i] >= 0)
            {
                Assert.True(T.TeamOf[i] < T.Count, $"resident {i} names team {T.TeamOf[i]} of {T.Count}");
                Assert.True(T.IsActive(T.TeamOf[i]), $"resident {i} belongs to dissolved team {T.TeamOf[i]}");
                Assert.NotEqual(Occupation.Child, model.Population.Occupation[i]);
                counted[T.TeamOf[i]]++;
            }
        for (int k = 0; k < T.Count; k++)
        {
            Assert.Equal(counted[k], T.Size[k]);
            if (!T.IsActive(k)) { Assert.Equal(0, counted[k]); continue; }
            if (T.Leader[k] >= 0) Assert.Equal(k, T.TeamOf[T.Leader[k]]);
        }
    }

    [Fact]
    public void The_table_stays_consistent_and_volunteers_are_members_who_served()
    {
        var model = RunModel(TestScenarios.Small(policies: Policies(("squads", "partyVolunteerSquads"), ("pairing", "elderPairing"))));
        AssertConsistent(model);
        var result = model.Result();
        var last = result.Annual[^1];
        Assert.True(last.Teams > 0 && last.Squads > 0, $"{last.Teams} teams, {last.Squads} squads");
        Assert.InRange(last.Volunteers, 1, last.TeamMembers);
        Assert.Equal(last.TeamMembers, model.State.Teams.Members());
        Assert.InRange(last.BackbonesAllPosts, last.Backbones, last.Backbones + last.TeamLeaders + last.SquadLeaders);
        foreach (var m in result.Monthly) Assert.InRange(m.Volunteers, 0, m.TeamMembers);
    }

    [Fact]
    public void Party_branches_found_managed_squads_that_draw_party_members_and_the_volunteer_force_grows()
    {
        var without = RunModel(TestScenarios.Small());
        var with = RunModel(TestScenarios.Small(policies: Policies(("squads", "partyVolunteerSquads"))));
        var T = with.State.Teams;
        int squads = 0;
        for (int k = 0; k < T.Count; k++)
            if (T.Kind[k] == (byte)TeamKind.PartySquad)
            {
                squads++;
                Assert.Equal(1, T.Managed[k]);
                Assert.True(T.Founded[k] >= with.Calendar.TickOf(new DateOnly(2014, 1, 1)), "a squad founded before its policy started");
            }
        Assert.True(squads >= 4, $"{squads} squads in six years at 2 a year");
        // Squads ask party members among their members' ties as a duty: they hold more party members than the adults do.
        var pop = with.Population;
        double adultsParty = Enumerable.Range(0, pop.Count).Where(i => pop.Occupation[i] != Occupation.Child).Average(i => (double)pop.PartyMember[i]);
        var squadMembers = Enumerable.Range(0, pop.Count).Where(i => T.TeamOf[i] >= 0 && T.Kind[T.TeamOf[i]] == (byte)TeamKind.PartySquad).ToArray();
        Assert.NotEmpty(squadMembers);
        double squadParty = squadMembers.Average(i => (double)pop.PartyMember[i]);
        Assert.True(squadParty > 1.4 * adultsParty, $"party members: {squadParty:P0} of squad members, {adultsParty:P0} of adults");
        Assert.Equal(0, without.State.Teams.Kind.Take(without.State.Teams.Count).Count(k => k == (byte)TeamKind.PartySquad));
        Assert.True(with.Result().Annual[^1].Volunteers > without.Result().Annual[^1].Volunteers,
            $"{with.Result().Annual[^1].Volunteers} volunteers with squads, {without.Result().Annual[^1].Volunteers} without");
    }

    [Fact]
    public void Ad_hoc_tasks_drive_volunteers_out_and_managed_teams_keep_them()
    {
        // Staff overloaded (tasks sent down far beyond their hours), so an unmanaged team's services are ad-hoc tasks.
        var admin = new AdministrationSettings { SentDownTasksPerThousand = 200 };
        Scenario With(double adhocShare, bool managed) => TestScenarios.Small(administration: admin,
            policies: managed ? Policies(("managed", "claimingResponsibilities")) : null) with { Teams = new TeamSettings { AdhocShare = adhocShare } };
        double Turnover(Model m) => m.Result().Annual.Where(y => !double.IsNaN(y.TeamTurnover)).Average(y => y.TeamTurnover);
        var adhoc = RunModel(With(1, managed: false));
        var none = RunModel(With(0, managed: false));
        var managed = RunModel(With(1, managed: true));
        Assert.True(Turnover(adhoc) > 1.2 * Turnover(none), $"turnover {Turnover(adhoc):F3} with ad-hoc tasks, {Turnover(none):F3} without");
        Assert.True(Turnover(managed) < Turnover(adhoc), $"turnover {Turnover(managed):F3} managed, {Turnover(adhoc):F3} not");
        Assert.True(managed.State.Teams.Managed.Take(managed.State.Teams.Count).Count(m => m == 1) > 0);
    }

    [Fact]
    public void The_families_of_paired_elders_join_teams()
    {
        var without = RunModel(TestScenarios.Small(policies: Policies(("teams", "microRenovation"))));
        var with = RunModel(TestScenarios.Small(policies: Policies(("teams", "microRenovation"), ("pairing", "elderPairing"))));
        int ElderFamilyMembers(Model m)
        {
            var pop = m.Population; int t = m.Tick - 1, n = 0;
            for (int i = 0; i < pop.Count; i++)
                if (m.State.Teams.TeamOf[i] >= 0 && pop.AgeAt(i, t) < 50
                    && (t - pop.HouseholdOldestBirthWeek[pop.Household[i]]) / Population.WeeksPerYear >= 70) n++;
            return n;
        }
        Assert.True(ElderFamilyMembers(with) > ElderFamilyMembers(without) + 5, $"{ElderFamilyMembers(with)} against {ElderFamilyMembers(without)}");
    }

    [Fact]
    public void The_volunteer_force_is_not_capped_by_the_committee_s_posts()
    {
        var noPosts = RunModel(TestScenarios.Small(roles: new RoleSettings { SlotsPerThousand = 0 }, policies: Policies(("teams", "microRenovation"))));
        var last = noPosts.Result().Annual[^1];
        Assert.Equal(0, last.Backbones);
        Assert.True(last.Volunteers > 20, $"{last.Volunteers} volunteers without a single committee post");
        Assert.True(last.BackbonesAllPosts >= last.Teams - 1, "team leaders are backbones of their own kind");

        // The leaders' capacity is what limits a team: no team grows past it.
        var small = RunModel(TestScenarios.Small(policies: Policies(("teams", "microRenovation"))) with { Teams = new TeamSettings { LeaderCapacity = 5 } });
        var T = small.State.Teams;
        for (int k = 0; k < T.Count; k++) Assert.True(T.Size[k] <= 5, $"team {k} has {T.Size[k]} members with a capacity of 5");
    }

    [Fact]
    public void A_checkpoint_brings_the_teams_back_and_the_run_continues_identically()
    {
        var s = TestScenarios.Small(years: 6, policies: Policies(("squads", "partyVolunteerSquads"), ("teams", "microRenovation")));
        var straight = Model.Create(s, 9);
        straight.RunUntil(straight.Calendar.TickCount / 2);
        var restored = Model.Restore(s, straight.SaveState());
        Assert.Empty(TestState.Differences(straight.State, restored.State));
        straight.Run(); restored.Run();
        Assert.Empty(TestState.Differences(straight.State, restored.State));
        Assert.True(restored.State.Teams.Count > 0);
    }

    [Fact]
    public void Owners_committees_lose_credibility_acting_alone_dissolve_and_are_elected_again()
    {
        // Every month a committee that decides alone loses a quarter of its credibility: from 0.7 it falls below 0.3 in a
        // few such months, dissolves, and the compound elects a new one later (T: dissolved, a new one elected in 2022).
        Scenario With(double unilateral, bool consult) => TestScenarios.Small(policies: consult ? Policies(("red", "redOwnersCommittee")) : null) with
        {
            OwnersCommittees = new OwnersCommitteeSettings { UnilateralMonthly = unilateral, ElectionMonthly = 0.05 },
        };
        var alone = RunModel(With(1, consult: false));
        var careful = RunModel(With(0, consult: false));
        var consulting = RunModel(With(1, consult: true));
        int Dissolved(Model m) => m.Result().Annual.Sum(y => y.OwnersCommitteesDissolved);
        int Elected(Model m) => m.Result().Annual.Sum(y => y.OwnersCommitteesElected);
        Assert.True(Dissolved(alone) >= 2 && Elected(alone) >= 2, $"{Dissolved(alone)} dissolved, {Elected(alone)} elected");
        Assert.True(Dissolved(careful) < Dissolved(alone), $"{Dissolved(careful)} dissolved when consulting always, {Dissolved(alone)} never");
        Assert.True(Dissolved(consulting) < Dissolved(alone), $"{Dissolved(consulting)} with the red owners' committee's hearings, {Dissolved(alone)} without");
        var last = careful.Result().Annual[^1];
        Assert.InRange(last.OwnersCommitteeCredibility, 0.7, 1.0);

        // One committee per compound at most, its members owners of that compound, none in a three-no compound.
        foreach (var m in new[] { alone, careful, consulting })
        {
            var T = m.State.Teams; var pop = m.Population;
            var perCompound = new int[pop.CompoundCount];
            for (int k = 0; k < T.Count; k++)
                if (T.IsActive(k) && T.Kind[k] == (byte)TeamKind.OwnersCommittee) perCompound[T.Compound[k]]++;
            Assert.All(perCompound, n => Assert.InRange(n, 0, 1));
            for (int i = 0; i < pop.Count; i++)
                if (T.TeamOf[i] >= 0 && T.Kind[T.TeamOf[i]] == (byte)TeamKind.OwnersCommittee)
                    Assert.Equal(T.Compound[T.TeamOf[i]], pop.Compound[i]);
        }
        var threeNo = RunModel(TestScenarios.Small() with
        {
            Compounds = TestScenarios.Compounds(("a", CompoundType.ThreeNo, 500, 10), ("b", CompoundType.ThreeNo, 500, 10)),
            OwnersCommittees = new OwnersCommitteeSettings { ElectionMonthly = 0.5 },
        });
        Assert.Equal(0, threeNo.Result().Annual.Sum(y => y.OwnersCommitteesElected));
    }
}
