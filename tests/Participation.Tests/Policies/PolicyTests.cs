using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Policies;

/// <summary>
/// Every lever acts on the residents it targets and on no one else, through the mechanism (levers and
/// state the rules read), never on an outcome.
/// </summary>
public class PolicyTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.Default;

    private static Scenario With(string kind, double scale = 0.6, IReadOnlyDictionary<string, double>? parameters = null, int years = 3,
        DateOnly? start = null) =>
        // More free hours for the employed, so that young backbones exist for the recipes that target them.
        TestScenarios.Small(households: 800, years: years, demography: new DemographySettings { FreeHoursEmployed = 10 },
            policies: new Dictionary<string, PolicySettings>
        {
            ["p"] = new() { Kind = kind, Start = start ?? new DateOnly(2010, 1, 1), Scale = scale, UnitCost = 100,
                Parameters = parameters ?? new Dictionary<string, double>() },
        });

    public static TheoryData<string> Recipes() => new(BuiltInPolicies.Recipes.Select(r => r.Name));

    private static readonly Effect[] PerResident = [Effect.ExitReduction, Effect.CapacityGain, Effect.Reward, Effect.IdentityBonus, Effect.InviteBoost, Effect.RecruitWeight];
    private static readonly Effect[] Session = [Effect.BelongingGain, Effect.EfficacyGain, Effect.IdentityGain, Effect.DigitalGain, Effect.JoinOnline, Effect.JoinClub];
    private static readonly Effect[] Schedule = [Effect.Every, Effect.SessionCost, Effect.FixedCostPerYear];

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Per_resident_levers_change_only_for_covered_residents_of_the_target_group(string kind)
    {
        var recipe = BuiltInPolicies.Recipes.Single(r => r.Name == kind);
        if (!recipe.Effects.Keys.Any(PerResident.Contains)) return; // community-only recipe: see the next test
        // Run until backbones (young ones too) exist, then look at the levers of the last tick.
        var model = Model.Create(With(kind), 2);
        for (int t = 0; t < 150; t++) model.Step();
        var policy = (TargetedPolicy)model.Policies[0];
        var L = model.Levers; var pop = model.Population;
        int covered = 0, targeted = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            // Households that moved in and roles that changed after the levers were set this tick are not comparable.
            if (pop.MoveInWeek[i] == model.Tick || pop.RoleSince[i] == model.Tick) continue;
            bool covers = policy.Covers(model.PolicyContext, i);
            bool changed = L.ExitHazardFactor[i] != 1f || L.CapacityFactor[i] != 1f || L.Reward[i] != 0f
                || L.IdentityBonus[i] != 0f || L.InviteBoost[i] != 0f || L.RecruitWeight[i] != 1f;
            Assert.Equal(covers, changed);
            if (covers) covered++;
        }
        Assert.True(covered > 0, $"{kind} covered nobody");
        targeted = Enumerable.Range(0, pop.Count).Count(i => pop.Occupation[i] != Occupation.Child);
        Assert.True(covered < targeted, $"{kind} covered every adult at scale 0.6");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Without_community_effects_a_recipe_leaves_the_uncovered_untouched(string kind)
    {
        var recipe = BuiltInPolicies.Recipes.Single(r => r.Name == kind);
        if (recipe.Effects.Keys.Any(e => !PerResident.Contains(e) && !Session.Contains(e) && !Schedule.Contains(e))) return;
        // The runs are identical until the policy starts (a year in, so backbones exist). In its first week nobody's
        // decision has yet seen a neighbour's changed behaviour, so anyone not covered must be exactly as without
        // the policy; the covered must differ where the recipe has session effects.
        var withPolicy = Model.Create(With(kind, scale: 1, start: new DateOnly(2011, 1, 3)), 8);
        var without = Model.Create(TestScenarios.Small(households: 800, years: 3, demography: new DemographySettings { FreeHoursEmployed = 10 }), 8);
        while (withPolicy.Calendar.WeekStart(withPolicy.Tick) < new DateOnly(2011, 1, 3)) { withPolicy.Step(); without.Step(); }
        Assert.Equal(without.Population.Belonging, withPolicy.Population.Belonging);
        withPolicy.Step(); without.Step();
        var policy = (TargetedPolicy)withPolicy.Policies[0];
        var a = withPolicy.Population; var b = without.Population;
        int changedCovered = 0, covered = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (policy.Covers(withPolicy.PolicyContext, i)) covered++;
            bool same = a.Belonging[i] == b.Belonging[i] && a.Efficacy[i] == b.Efficacy[i] && a.Identity[i] == b.Identity[i]
                && a.DigitalLiteracy[i] == b.DigitalLiteracy[i] && a.InOnlineGroup[i] == b.InOnlineGroup[i] && a.Club[i] == b.Club[i]
                && a.Trust[i] == b.Trust[i] && a.Fatigue[i] == b.Fatigue[i];
            if (!policy.Covers(withPolicy.PolicyContext, i)) Assert.True(same, $"{kind} changed uncovered resident {i}");
            else if (!same) changedCovered++;
        }
        if (recipe.Effects.Keys.Any(Session.Contains) && covered > 0) Assert.True(changedCovered > 0, $"{kind}: no covered resident changed");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Community_effects_move_the_levers_in_the_documented_direction(string kind)
    {
        var recipe = BuiltInPolicies.Recipes.Single(r => r.Name == kind);
        var model = Model.Create(With(kind, scale: 1), 3);
        model.Step();
        var L = model.Levers; var s = model.Scenario;
        foreach (var (effect, value) in recipe.Effects)
        {
            switch (effect)
            {
                case Effect.NoticeBonus: Assert.Equal(value, L.NoticeBonus, 9); break;
                case Effect.OnlineFactor: Assert.Equal(value, L.OnlineFactor, 9); break;
                case Effect.InvitationFactor: Assert.Equal(value, L.InvitationFactor, 9); break;
                case Effect.PartyInvitations: Assert.Equal(value, L.PartyInvitations, 9); break;
                case Effect.StaffHours: Assert.Equal(value, L.StaffHoursBonus, 9); break;
                case Effect.InfluenceFactor: Assert.Equal(value, L.InfluenceFactor, 9); break;
                case Effect.TimeCostFactor: Assert.Equal(value, L.TimeCostFactor, 9); break;
                case Effect.EventFactor: Assert.Equal(value, L.EventFactor, 9); break;
                case Effect.ProjectFactor: Assert.Equal(value, L.ProjectFactor, 9); break;
                case Effect.SentDownFactor: Assert.Equal(value, L.SentDownFactor, 9); break;
                case Effect.HeardGain:
                    Assert.Equal(s.Administration.HeardProbability + value * (1 - s.Administration.HeardProbability), L.HeardProbability, 9); break;
                case Effect.ApprovalWeeks: Assert.Equal(Math.Min(value, s.Administration.ApprovalWeeks), L.ApprovalWeeks, 9); break;
                case Effect.LocalSolveFactor: Assert.Equal(value * s.Administration.LocalSolveWeeks, L.LocalSolveWeeks, 9); break;
                case Effect.TaskExponentFactor: Assert.Equal(value, L.TaskExponentFactor, 9); break;
            }
        }
    }

    [Fact]
    public void Coverage_scales_community_effects_and_a_switched_off_policy_does_nothing()
    {
        var half = Model.Create(With("threeLevelDeliberation", scale: 0.5), 1);
        half.Step();
        var s = half.Scenario.Administration;
        Assert.Equal(s.HeardProbability + 0.15 * (1 - s.HeardProbability), half.Levers.HeardProbability, 9);

        var off = TestScenarios.Small(households: 800, years: 3, policies: new Dictionary<string, PolicySettings>
        {
            ["p"] = new() { Kind = "threeLevelDeliberation", Start = new DateOnly(2010, 1, 1), Enabled = false },
        });
        var model = Model.Create(off, 1);
        model.Step();
        Assert.Equal(s.HeardProbability, model.Levers.HeardProbability, 9);
    }

    [Fact]
    public void Policies_act_only_between_their_dates()
    {
        var s = TestScenarios.Small(households: 800, years: 3, policies: new Dictionary<string, PolicySettings>
        {
            ["p"] = new() { Kind = "deAdministration", Start = new DateOnly(2011, 1, 1), End = new DateOnly(2011, 6, 30) },
        });
        var model = Model.Create(s, 1);
        var approval = new List<(DateOnly, double)>();
        while (!model.Finished) { model.Step(); approval.Add((model.Calendar.WeekStart(model.Tick - 1), model.Levers.ApprovalWeeks)); }
        Assert.All(approval, x => Assert.Equal(x.Item1 >= new DateOnly(2011, 1, 1) && x.Item1 <= new DateOnly(2011, 6, 30), x.Item2 < 1));
    }

    [Fact]
    public void Costs_are_counted_per_covered_resident_and_session()
    {
        var model = Model.Create(With("digitalTraining", scale: 1), 1);
        model.Step();
        var pop = model.Population;
        int older = Enumerable.Range(0, pop.Count).Count(i => pop.Occupation[i] != Occupation.Child && pop.AgeAt(i, 0) >= 60);
        // unitCost 100 a year pro rata, plus a 50-yuan session for each covered resident in the first week.
        Assert.Equal(older * (100 / Population.WeeksPerYear + 50), model.SpentByPolicy[0], 6);
        double first = model.SpentByPolicy[0];
        model.Step();
        // One session only (every = 0): the second week costs the yearly fee pro rata (the group changes a little as people age and move).
        Assert.InRange(model.SpentByPolicy[0] - first, 0.98 * older * 100 / Population.WeeksPerYear, 1.02 * older * 100 / Population.WeeksPerYear);
    }

    [Fact]
    public void Points_accrue_at_the_scheme_rates_and_are_redeemed_for_rewards()
    {
        var model = Model.Create(With("points", scale: 1, years: 4), 5);
        var pop = model.Population;
        double expected = 0;
        for (int t = 0; t < 3; t++)
        {
            var before = (float[])pop.Points.Clone();
            model.Step();
            for (int i = 0; i < pop.Count; i++)
            {
                float earned = 10 * pop.CouncilNow[i] + 20 * pop.OrganisedNow[i] + 15 * pop.MediatedNow[i];
                if (pop.Occupation[i] == Occupation.Child) { Assert.Equal(0f, pop.Points[i]); continue; }
                Assert.Equal(before[i] + earned, pop.Points[i]);
                expected += earned;
                if (earned > 0) Assert.True(model.Levers.Reward[i] > 0);
            }
        }
        Assert.True(expected > 0);
        while (!model.Finished) model.Step();
        Assert.True(model.SpentByPolicy[0] > 0, "no rewards were redeemed in four years");
    }

    [Fact]
    public void Points_crowd_out_responsibility_only_where_belonging_is_low()
    {
        var parameters = new Dictionary<string, double> { ["rewardUtility"] = 1 };
        var withPoints = Model.Create(With("points", scale: 1, parameters: parameters, years: 3), 4);
        var without = Model.Create(TestScenarios.Small(households: 800, years: 3, demography: new DemographySettings { FreeHoursEmployed = 10 }), 4);
        withPoints.Run(); without.Run();
        // Compare the change among residents who took part: lower responsibility where belonging was low.
        var a = withPoints.Population; var b = without.Population;
        double lowGap = 0; int low = 0;
        for (int i = 0; i < a.Count; i++)
            if (a.Occupation[i] != Occupation.Child && a.LastParticipation[i] >= 0 && a.Belonging[i] < 0.5 && a.MoveInWeek[i] <= 0 && b.MoveInWeek[i] <= 0)
            { lowGap += b.Responsibility[i] - a.Responsibility[i]; low++; }
        Assert.True(low > 0);
        Assert.True(lowGap / low > 0, $"mean responsibility loss among low-belonging participants {lowGap / low}");
    }

    [Fact]
    public void Mentorship_pairs_new_backbones_with_mentors_up_to_the_places()
    {
        var s = TestScenarios.Small(households: 1500, years: 12, roles: new RoleSettings { MentorServiceYears = 1, MentorProjects = 0 },
            policies: new Dictionary<string, PolicySettings> { ["m"] = new() { Kind = "mentorship", Start = new DateOnly(2010, 1, 1) } });
        var model = Model.Create(s, 2);
        int maxMentees = 0;
        while (!model.Finished)
        {
            model.Step();
            var policy = (Mentorship)model.Policies[0];
            Assert.True(policy.Mentees <= 2 * policy.Mentors, $"{policy.Mentees} mentees for {policy.Mentors} mentors");
            int boosted = Enumerable.Range(0, model.Population.Count).Count(i => model.Levers.IdentityBonus[i] > 0);
            Assert.Equal(policy.Mentees, boosted);
            maxMentees = Math.Max(maxMentees, policy.Mentees);
        }
        Assert.True(maxMentees > 0);
        Assert.Contains(model.Population.Role, r => r == Role.Mentor);
    }

    [Fact]
    public void Honours_go_to_the_share_of_backbones_with_most_tasks()
    {
        var s = TestScenarios.Small(households: 1500, years: 3, policies: new Dictionary<string, PolicySettings>
        {
            ["h"] = new() { Kind = "honours", Start = new DateOnly(2010, 1, 1), Scale = 0.5,
                Parameters = new Dictionary<string, double> { ["substantiveShare"] = 1, ["paperYuan"] = 0, ["substantiveYuan"] = 1 } },
        });
        var model = Model.Create(s, 1);
        while (model.Calendar.WeekStart(model.Tick) < new DateOnly(2010, 12, 27)) model.Step();
        var pop = model.Population;
        model.Step(); // the honours week: honours are given when it settles, after its exits and recruits
        int backbones = Enumerable.Range(0, pop.Count).Count(i => pop.Role[i] >= Role.Backbone);
        var policy = (Honours)model.Policies[0];
        Assert.Equal(Math.Round(backbones * 0.5), model.SpentByPolicy[0]);
        Assert.True(policy.Recognised > 0);
    }

    [Fact]
    public void Every_built_in_kind_is_documented_with_its_source_and_parameters()
    {
        foreach (var kind in Catalog.Kinds)
        {
            Assert.False(string.IsNullOrWhiteSpace(kind.Doc), kind.Name);
            Assert.All(kind.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Doc), $"{kind.Name}.{p.Name}"));
            Assert.All(kind.Parameters, p => Assert.InRange(p.Default, p.Min, p.Max));
        }
        Assert.True(Catalog.Kinds.Count() >= 38);
    }
}
