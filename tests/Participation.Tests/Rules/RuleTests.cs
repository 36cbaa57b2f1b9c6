using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;

namespace Participation.Tests.Rules;

/// <summary>Each rule function, checked against its equation and direction.</summary>
public class RuleTests
{
    [Fact]
    public void Hearing_in_person_combines_notice_and_word_of_mouth_independently()
    {
        Assert.Equal(0.2f, Hearing.InPerson(0.2f, 0.1f, 0), 5);
        Assert.Equal(1 - 0.8f * 0.9f * 0.9f, Hearing.InPerson(0.2f, 0.1f, 2), 5);
        Assert.True(Hearing.InPerson(0.2f, 0.1f, 5) > Hearing.InPerson(0.2f, 0.1f, 1));
    }

    [Fact]
    public void Hearing_online_needs_membership_and_scales_with_digital_literacy()
    {
        Assert.Equal(0f, Hearing.Online(false, 0.5f, 1f));
        Assert.Equal(0.25f, Hearing.Online(true, 0.5f, 0.5f), 5);
        Assert.Equal(1 - 0.5f * 0.9f, Hearing.Invited(0.5f, 0.1f), 5);
    }

    [Fact]
    public void Decision_utility_has_the_documented_signs()
    {
        var d = new DecisionSettings();
        float U(float resp = 0.5f, float bel = 0.5f, float eff = 0.5f, float trust = 0.5f, float rec = 0.5f, float id = 0f,
            float infl = 0f, float reward = 0f, float fatigue = 0f) => Decision.BaseUtility(d, resp, bel, eff, trust, rec, id, infl, reward, fatigue);
        float b = U();
        Assert.True(U(resp: 0.9f) > b);
        Assert.True(U(bel: 0.9f) > b);
        Assert.True(U(eff: 0.9f) > b);
        Assert.True(U(trust: 0.9f) > b);
        Assert.True(U(id: 0.5f) > b);
        Assert.True(U(infl: 0.5f) > b);
        Assert.True(U(reward: 1f) > b);
        Assert.True(U(fatigue: 0.5f) < b);
        Assert.Equal((float)(d.Intercept + 0.5 * (d.Responsibility + d.Belonging + d.Efficacy + d.Trust + d.Reciprocity)), b, 4);

        float a = Decision.ActivityUtility(d, 0f, false, 2f, 4f, false, 1f);
        Assert.Equal((float)(-d.TimeCost * 0.5), a, 5);
        Assert.True(Decision.ActivityUtility(d, 0f, true, 2f, 4f, false, 1f) > a);
        Assert.True(Decision.ActivityUtility(d, 0f, false, 2f, 8f, false, 1f) > a);
        Assert.True(Decision.ActivityUtility(d, 0f, false, 2f, 4f, true, 0.2f) < Decision.ActivityUtility(d, 0f, false, 2f, 4f, true, 0.9f));
        Assert.Equal(0.5f, Decision.Probability(0f), 6);
        Assert.Equal(1 / (1 + MathF.Exp(-2f)), Decision.Probability(2f), 6);
    }

    [Fact]
    public void Self_development_motive_is_strongest_for_the_young_and_educated_and_raises_acceptance()
    {
        Assert.Equal(1f, Decision.DevelopmentMotive(18f, true, 45f, 0.6f), 6);
        Assert.Equal(0.5f, Decision.DevelopmentMotive(31.5f, true, 45f, 0.6f), 5);
        Assert.Equal(0.3f, Decision.DevelopmentMotive(31.5f, false, 45f, 0.6f), 5);
        Assert.Equal(0f, Decision.DevelopmentMotive(60f, true, 45f, 0.6f));
        Assert.True(Roles.AcceptProbability(-1f, 2f, 0.5f, 0f, 0f, 2f, 1f) > Roles.AcceptProbability(-1f, 2f, 0.5f, 0f, 0f, 2f, 0f));
        Assert.Equal(Decision.Probability(-1f + 2f * 0.5f + 2f * 0.5f), Roles.AcceptProbability(-1f, 2f, 0.5f, 0f, 0f, 2f, 0.5f), 6);
    }

    [Fact]
    public void Efficacy_moves_toward_the_outcome_of_each_participation()
    {
        Assert.Equal(0.5f + 0.1f * 0.5f, Experience.Efficacy(0.5f, 0.1f, 1, 1), 6);
        Assert.Equal(0.5f - 0.1f * 0.5f, Experience.Efficacy(0.5f, 0.1f, 0, 1), 6);
        Assert.Equal(0.5f, Experience.Efficacy(0.5f, 0.1f, 0, 0));
        Assert.True(Experience.Efficacy(0.5f, 0.1f, 3, 3) > Experience.Efficacy(0.5f, 0.1f, 1, 3));
    }

    [Fact]
    public void Trust_follows_reciprocating_ties_when_taking_part_and_drifts_to_the_mean_otherwise()
    {
        Assert.Equal(0.5f + 0.1f * (0.9f - 0.5f), Experience.TowardShare(0.5f, true, 0.1f, 0.9f, 0.01f, 0.7f), 6);
        Assert.Equal(0.5f + 0.01f * (0.7f - 0.5f), Experience.TowardShare(0.5f, false, 0.1f, 0.9f, 0.01f, 0.7f), 6);
    }

    [Fact]
    public void Belonging_grows_with_taking_part_and_decays_toward_the_mean()
    {
        Assert.True(Experience.Belonging(0.6f, true, 0.05f, 0.01f, 0.7f) > 0.6f);
        Assert.True(Experience.Belonging(0.9f, false, 0.05f, 0.01f, 0.7f) < 0.9f);
        Assert.True(Experience.Belonging(0.5f, false, 0.05f, 0.01f, 0.7f) > 0.5f);
    }

    [Fact]
    public void Fatigue_accumulates_with_hours_over_capacity_and_recovers()
    {
        Assert.Equal(0.4f * 0.75f + 10f / 40f, Experience.Fatigue(0.4f, 0.25f, 10f, 40f), 6);
        Assert.Equal(0.3f, Experience.Fatigue(0.4f, 0.25f, 0f, 40f), 6);
        Assert.Equal(1f, Experience.Fatigue(0.9f, 0.1f, 100f, 40f));
        Assert.True(Experience.Fatigue(0.4f, 0.25f, 10f, 80f) < Experience.Fatigue(0.4f, 0.25f, 10f, 40f)); // resources buffer
    }

    [Fact]
    public void Identity_grows_with_service_and_decays_without()
    {
        Assert.Equal(0.2f + 0.1f * 0.8f - 0.01f * 0.2f, Experience.Identity(0.2f, true, 0.1f, 0.01f), 6);
        Assert.Equal(0.2f - 0.01f * 0.2f, Experience.Identity(0.2f, false, 0.1f, 0.01f), 6);
    }

    [Fact]
    public void Rewards_crowd_out_only_where_belonging_is_low()
    {
        Assert.True(Experience.CrowdOut(0.8f, 1f, 0.3f, 0.6f, 0.05f) < 0.8f);
        Assert.Equal(0.8f, Experience.CrowdOut(0.8f, 1f, 0.7f, 0.6f, 0.05f));
        Assert.Equal(0.8f, Experience.CrowdOut(0.8f, 0f, 0.3f, 0.6f, 0.05f));
    }

    [Fact]
    public void Participation_role_follows_the_thresholds()
    {
        Assert.Equal(Role.Inactive, Roles.ParticipationRole(0, 0, 3));
        Assert.Equal(Role.Occasional, Roles.ParticipationRole(0, 2, 3));
        Assert.Equal(Role.Occasional, Roles.ParticipationRole(2, 5, 3));
        Assert.Equal(Role.Active, Roles.ParticipationRole(3, 5, 3));
    }

    [Fact]
    public void Exit_hazard_falls_with_identity_and_rises_with_fatigue_over_the_threshold()
    {
        float H(float identity, float fatigue, float factor = 1f) => Roles.ExitHazard(identity, fatigue, 0.001f, 0.08f, 0.12f, 0.3f, 0.4f, factor);
        Assert.Equal(0.081f, H(0f, 0f), 5);
        Assert.True(H(0.5f, 0f) < H(0.1f, 0f));
        Assert.Equal(0.001f + 0.08f * MathF.Exp(-0.5f / 0.12f), H(0.5f, 0f), 6);
        Assert.Equal(H(0.5f, 0.4f), H(0.5f, 0.2f));
        Assert.Equal(H(0.5f, 0f) + 0.3f * 0.4f, H(0.5f, 0.8f), 5);
        Assert.Equal(H(0.5f, 0f) * 0.5f, H(0.5f, 0f, 0.5f), 6);
    }

    [Fact]
    public void Committees_that_lean_on_a_few_fill_fewer_roles()
    {
        Assert.Equal(10 * 0.2, Roles.RolesToFill(10, 0.2, 0.5, 0), 9);
        Assert.Equal(10 * 0.2 * (1 - 0.5 * 0.6), Roles.RolesToFill(10, 0.2, 0.5, 0.6), 9);
        Assert.Equal(0, Roles.RolesToFill(-3, 0.2, 0.5, 0));
    }

    [Fact]
    public void Tasks_go_preferentially_to_reliable_rested_backbones()
    {
        Assert.True(Roles.TaskWeight(5f, 0f, 2) > Roles.TaskWeight(1f, 0f, 2));
        Assert.True(Roles.TaskWeight(5f, 0.8f, 2) < Roles.TaskWeight(5f, 0f, 2));
        Assert.Equal(Roles.TaskWeight(1f, 0f, 0), Roles.TaskWeight(9f, 0f, 0));
        Assert.True(Roles.AcceptProbability(-1f, 2f, 0.8f, 0.5f, 0f) > Roles.AcceptProbability(-1f, 2f, 0.2f, 0f, 0f));
    }

    [Fact]
    public void Renters_move_more_and_elder_households_leave_by_gompertz()
    {
        double renter = Turnover.LeaveProbability(true, 40, 0.25, 0.03, 0.01, 0.085);
        double owner = Turnover.LeaveProbability(false, 40, 0.25, 0.03, 0.01, 0.085);
        Assert.True(renter > owner);
        Assert.Equal(1 - Math.Pow(0.75, 1 / Population.WeeksPerYear), renter, 9);
        Assert.True(Turnover.LeaveProbability(false, 85, 0.25, 0.03, 0.01, 0.085) > Turnover.LeaveProbability(false, 70, 0.25, 0.03, 0.01, 0.085));
        Assert.Equal(Roles.Weekly(0.03 + 0.01), Turnover.LeaveProbability(false, 65, 0.25, 0.03, 0.01, 0.085), 12);
        var table = Turnover.LeaveTable(0.25, 0.03, 0.01, 0.085);
        Assert.Equal(Turnover.LeaveProbability(false, 72.3, 0.25, 0.03, 0.01, 0.085), table[0][723], 12);
        Assert.Equal(Turnover.LeaveProbability(true, 40, 0.25, 0.03, 0.01, 0.085), table[1][400], 12);
    }
}
