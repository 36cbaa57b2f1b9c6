using Participation.Experiments.Statistics;
using Participation.Experiments.Survival;
using Participation.Experiments.Validation;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Tests.Experiments;

/// <summary>The validation checks compute what they claim: on hand-checkable cases and on properties of common random numbers.</summary>
public class ValidationTests
{
    /// <summary>A small community (about 1,000 residents), four years with three reported.</summary>
    private static Scenario Small(int households = 400) => TestScenarios.Small(households, years: 4) with { Seed = 11 };

    private static byte[] StateAt(Scenario scenario, int tick, ulong seed = 5)
    {
        var model = Model.Create(scenario, seed);
        model.RunUntil(tick);
        return model.SaveState();
    }

    // ---- H's gap ---------------------------------------------------------------------------------------

    [Fact]
    public void The_gap_is_read_among_online_adults_only()
    {
        var model = Model.Create(Small(40), 1);
        var pop = model.Population;
        int online = 0, members = 0, month = 0;
        double responsibility = 0;
        // Hand-set every adult: every third online, every fourth of those in a club, responsibility by index.
        for (int i = 0, k = 0; i < pop.Count; i++)
        {
            pop.InOnlineGroup[i] = 0; pop.Club[i] = -1; pop.Last4[i] = 0; pop.LastParticipation[i] = int.MinValue / 2;
            if (pop.Occupation[i] == Occupation.Child) continue;
            pop.Responsibility[i] = (i % 10) / 10f;
            if (k++ % 3 != 0) continue;
            pop.InOnlineGroup[i] = 1; online++; responsibility += pop.Responsibility[i];
            if (online % 4 == 0) { pop.Club[i] = 0; members++; }
            if (online % 5 == 0) { pop.Last4[i] = 1; pop.LastParticipation[i] = -1; month++; }
        }
        var r = AttitudeBehaviourGap.Read(model);
        Assert.Equal(online, r.OnlineAdults);
        Assert.Equal(responsibility / online, r.Responsibility, 6);
        Assert.Equal(members / (double)online, r.ClubMembers, 12);
        Assert.Equal(month / (double)online, r.TookPartMonth, 12);
        Assert.Equal(month / (double)online, r.TookPartYear, 12);
    }

    [Fact]
    public void The_gap_passes_with_H_s_figures_and_fails_the_size_with_a_rate_far_below_them()
    {
        var hLike = AttitudeBehaviourGap.Judge([new(100, 0.894, 0.686, 0.1, 0.5), new(100, 0.890, 0.680, 0.1, 0.5)]);
        Assert.All(hLike.Where(r => r.IsJudged()), r => Assert.Equal("True", r.Passed));
        var rare = AttitudeBehaviourGap.Judge([new(100, 0.85, 0.07, 0.03, 0.2), new(100, 0.84, 0.08, 0.03, 0.2)]);
        Assert.Equal("True", rare.Single(r => r.Measure.StartsWith("gap")).Passed);
        var ratio = rare.Single(r => r.Measure.StartsWith("ratio"));
        Assert.Equal("False", ratio.Passed);
        Assert.Equal((0.07 / 0.85 + 0.08 / 0.84) / 2, ratio.Figure, 12);
    }

    // ---- common random numbers ---------------------------------------------------------------------------

    [Fact]
    public void A_fork_into_the_same_scenario_gives_exactly_no_effect()
    {
        var s = Small();
        var calendar = new Calendar(s.Calendar);
        var crowding = RewardsCrowding.Run(StateAt(s, RewardsCrowding.StartTick(calendar)), s, s, null);
        Assert.True(crowding.Low + crowding.High > 0);
        Assert.Equal(0.0, crowding.ChangeLow);
        Assert.Equal(0.0, crowding.ChangeHigh);
        Assert.Equal(0.0, crowding.WeeksChangeLow);
        Assert.Equal(0.0, crowding.WeeksChangeHigh);

        int at = Recognition.StartTick(calendar);
        var (off, _) = Recognition.Arms(s, calendar.WeekStart(at), null);
        var withSelf = Variants.With(off, null, "policies.validationHonours.kind=honours", "policies.validationHonours.enabled=false");
        var recognition = Recognition.Run(StateAt(s, at), off, withSelf, null);
        Assert.True(recognition.Honoured > 0);
        Assert.Equal(recognition.NonReturnOff, recognition.NonReturnOn);
    }

    [Fact]
    public void Without_a_difference_in_invitations_nobody_came_only_because_invited()
    {
        var s = Small();
        var panel = BaselinePanel.Observe(Model.Create(s, 3), s, 1, []);
        Assert.True(panel.FirstTimers > 0 && panel.Repeaters > 0);
        Assert.Equal(0, panel.FirstTimersOnlyInvited);
        Assert.Equal(0, panel.RepeatersOnlyInvited);
        var withoutInvitations = Variants.With(s, null, "hearing.invitationsPerBackbone=0", "hearing.invitationsPerStaffHour=0");
        var real = BaselinePanel.Observe(Model.Create(s, 3), withoutInvitations, 1, []);
        // The baseline's own run is the same (the fork does not touch it); only the attribution differs.
        Assert.Equal(panel.FirstTimers, real.FirstTimers);
        Assert.Equal(panel.FirstGood, real.FirstGood);
        Assert.True(real.FirstTimersOnlyInvited > 0);
    }

    [Fact]
    public void Points_crowd_out_responsibility_only_below_the_belonging_threshold()
    {
        // Strong crowding out, so a year shows it in a small community.
        var s = Small() with { Experience = new ExperienceSettings { CrowdingOut = 0.2 } };
        var calendar = new Calendar(s.Calendar);
        int at = RewardsCrowding.StartTick(calendar);
        var r = RewardsCrowding.Run(StateAt(s, at), s, RewardsCrowding.WithPoints(s, calendar.WeekStart(at), null), null);
        Assert.True(r.Low > 0 && r.High > 0);
        Assert.True(r.ChangeLow < 0, $"low-belonging change {r.ChangeLow}");
        Assert.True(Math.Abs(r.ChangeHigh) < Math.Abs(r.ChangeLow) / 3, $"high {r.ChangeHigh} against low {r.ChangeLow}");
    }

    // ---- panel readings ------------------------------------------------------------------------------------

    [Fact]
    public void Backbone_survival_at_a_year_is_read_from_the_13_week_landmark()
    {
        // Residual times after the landmark: events at 10 and 30 weeks, one censored at 20, two past 39 weeks.
        TenureSpell Spell(int weeks, SpellEnd end) => new(0, 0, weeks, 40, end);
        var spells = new[] { Spell(23, SpellEnd.Exited), Spell(43, SpellEnd.Exited), Spell(33, SpellEnd.MovedOut), Spell(60, SpellEnd.Censored), Spell(80, SpellEnd.Exited) };
        // At risk 5: event at 10 → 4/5; censored at 20; at risk 3: event at 30 → 4/5 · 2/3.
        Assert.Equal(4.0 / 5 * 2.0 / 3, BaselinePanel.StillServing(spells), 12);
        Assert.True(double.IsNaN(BaselinePanel.StillServing([])));
    }

    [Fact]
    public void The_panel_judges_ratios_of_its_counts()
    {
        PanelReading Reading(int scale) => new(100 * scale, 45 * scale, 50 * scale, 15 * scale, 200, 60, 800, 20, 100, 10_000,
            1000, 330, 100, 80, 300, 160, 50, 50, 0.8, 0.5, new Dictionary<int, byte[]>());
        var rows = PanelChecks.Judge([Reading(1), Reading(2)]);
        var heard = rows.Single(r => r.Check == PanelChecks.Heard && r.IsJudged());
        Assert.Equal(0.45 / 0.30, heard.Figure, 12);
        Assert.Equal("True", heard.Passed);
        var lift = rows.Single(r => r.Check == PanelChecks.Invitations && r.IsJudged());
        Assert.Equal(0.30 / 0.01, lift.Figure, 9);
        var intensity = rows.Where(r => r.Check == PanelChecks.Intensity && r.IsJudged()).ToList();
        Assert.Equal(0.8 / (160 / 300.0), intensity[0].Figure, 12);
        Assert.Equal("True", intensity[0].Passed);
        Assert.Equal(0.33, intensity[1].Figure, 12);
        Assert.Equal(0.3, intensity[2].Figure, 12);
    }

    // ---- the threshold cascade -----------------------------------------------------------------------------

    [Fact]
    public void The_largest_jump_is_found_between_neighbours()
    {
        Assert.Equal((0.75, 1), ThresholdCascade.LargestJump([0.9, 0.85, 0.1, 0.05]));
        Assert.True(double.IsNaN(ThresholdCascade.LargestJump([0.5]).Jump));
    }

    [Fact]
    public void The_threshold_only_configuration_on_a_tiny_network_cascades()
    {
        var s = Small(120);
        var thresholds = new[] { 0.10, 0.30, 0.50, 0.70 };
        var curve = ThresholdCascade.Curve(s, thresholds, 9);
        // Low thresholds: nearly everyone; high thresholds: nearly no one; in between, a jump, not a slope.
        Assert.True(curve[0] > 0.8, $"low thresholds: {curve[0]}");
        Assert.True(curve[^1] < 0.1, $"high thresholds: {curve[^1]}");
        for (int k = 0; k + 1 < curve.Length; k++) Assert.True(curve[k + 1] <= curve[k] + 0.02, string.Join(", ", curve));
        Assert.True(ThresholdCascade.LargestJump(curve).Jump >= 0.5, string.Join(", ", curve));

        // The configuration is set by overrides only: the decision weights of the scenario, nothing else in the model.
        var t = Variants.With(s, null, ThresholdCascade.Overrides(s, 0.3));
        Assert.Equal(ThresholdCascade.Influence, t.Decision.SocialInfluence);
        Assert.Equal(0, t.Decision.Identity);
        Assert.Equal(-ThresholdCascade.Influence * 0.3 - ThresholdCascade.Spread * ThresholdCascade.Influence * s.Attitudes.Responsibility,
            t.Decision.Intercept, 9);
    }

    // ---- the register read as everyone who served during its year --------------------------------------------

    [Fact]
    public void The_register_during_its_year_counts_everyone_who_served_then()
    {
        var s = new Scenario { Calendar = new CalendarSettings { Start = new(2019, 12, 30), End = new(2024, 12, 31), RegisterDate = new(2024, 12, 31), ReportFrom = new(2020, 1, 1) } };
        var calendar = new Calendar(s.Calendar);
        int to = calendar.TickOf(s.Calendar.RegisterDate), from = to;
        while (calendar.WeekStart(from - 1).Year == 2024) from--;
        TenureSpell[] spells =
        [
            new(1, 0, to + 1, 40, SpellEnd.Censored),           // since 2020, still serving: over 3 years
            new(2, from + 3, from + 13, 30, SpellEnd.Exited),   // ten weeks within 2024: under 6 months (missed by the snapshot)
            new(3, from - 80, from - 5, 30, SpellEnd.Exited),   // ended in 2023: not in the 2024 reading
            new(4, to - 10, to + 1, 30, SpellEnd.Censored),     // joined in the autumn: under 6 months
            new(5, from - 100, from + 2, 50, SpellEnd.MovedOut), // left in January after about two years: neither
            new(6, to + 1, to + 1, 25, SpellEnd.Censored),      // recruited in the register week: 0 weeks, under 6 months
        ];
        var result = new RunResult(s, 1, calendar, [], [], [], spells, new RegisterView(), [], []);
        var f = result.Summary().ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal(5, f["register_during_year_backbones"]);
        Assert.Equal(1 / 5.0, f["register_during_year_over_3_years"], 12);
        Assert.Equal(3 / 5.0, f["register_during_year_under_6_months"], 12);
        var during = RegisterTenure.During(spells, from, to);
        Assert.Equal(during.Backbones, f["register_during_year_backbones"]);
        Assert.Equal(during.Over3Years, f["register_during_year_over_3_years"], 12);
        Assert.Equal(during.Under6Months, f["register_during_year_under_6_months"], 12);

        var before = result with { Register = null };
        Assert.True(double.IsNaN(before.Summary().Single(x => x.Name == "register_during_year_under_6_months").Value));
    }

    [Fact]
    public void The_register_during_its_year_agrees_with_the_spells_of_a_run()
    {
        var result = Model.Create(Small(), 2).Run();
        var calendar = result.Calendar;
        int to = calendar.TickOf(result.Scenario.Calendar.RegisterDate), from = to;
        while (calendar.WeekStart(from - 1).Year == calendar.WeekStart(to).Year) from--;
        var during = RegisterTenure.During(result.Spells, from, to);
        var f = result.Summary().ToDictionary(x => x.Name, x => x.Value);
        Assert.True(during.Backbones > 0);
        Assert.Equal(during.Backbones, f["register_during_year_backbones"]);
        Assert.Equal(during.Under6Months, f["register_during_year_under_6_months"], 12);
        // Everyone in the snapshot served during the year.
        Assert.True(f["register_during_year_backbones"] >= f["register_backbones"]);
    }

    // ---- the suite ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_suite_writes_every_check_with_a_verdict_and_intervals()
    {
        var s = Small(200);
        var settings = new ValidationSettings { X = s, H = s, Replications = 2, Threads = 1, CascadeThresholds = [0.1, 0.5] };
        var result = ValidationSuite.Run(settings);
        Assert.Equal(ValidationSuite.Checks, result.Rows.Select(r => r.Check).Distinct());
        Assert.All(ValidationSuite.Checks, c => Assert.Contains(result.Rows, r => r.Check == c && r.IsJudged()));
        Assert.All(result.Rows, r => Assert.Contains(r.Passed, new[] { "", "True", "False" }));
        Assert.All(result.Rows.Where(r => r.N == 2 && !double.IsNaN(r.Figure)), r => Assert.True(r.Low <= r.Figure && r.Figure <= r.High, r.Measure));
        Assert.Equal(2, result.Seeds.Values.First().Count);
        // The same settings give the same table (counter-based draws, replications side by side or not).
        var again = ValidationSuite.Run(settings with { Threads = 2 });
        Assert.Equal(result.Rows, again.Rows);
    }
}
