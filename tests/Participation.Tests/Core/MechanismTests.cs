using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>
/// Each rule in the running model: switching a mechanism off or up changes what it should, and nothing
/// else is needed to see it. Runs are small (about 2,500 residents).
/// </summary>
public class MechanismTests
{
    private static RunResult Run(Scenario s, ulong seed = 3) => Model.Create(s, seed).Run();

    private static double MeanWeekly(RunResult r, Func<WeeklyRecord, double> f) => r.Weekly.Average(f);

    [Fact]
    public void Word_of_mouth_and_social_influence_raise_participation()
    {
        var strong = Run(TestScenarios.Small(hearing: new HearingSettings { WordOfMouth = 0.6 }, decision: new DecisionSettings { SocialInfluence = 10 }));
        var silent = Run(TestScenarios.Small(hearing: new HearingSettings { WordOfMouth = 0 }, decision: new DecisionSettings { SocialInfluence = 0 }));
        Assert.True(MeanWeekly(strong, w => w.Participations) > 1.1 * MeanWeekly(silent, w => w.Participations),
            $"{MeanWeekly(strong, w => w.Participations)} vs {MeanWeekly(silent, w => w.Participations)}");
    }

    [Fact]
    public void Invitations_bring_people_in()
    {
        var baseline = Run(TestScenarios.Small());
        var none = Run(TestScenarios.Small(hearing: new HearingSettings { InvitationsPerBackbone = 0, InvitationsPerStaffHour = 0 }));
        Assert.Equal(0, none.Weekly.Sum(w => w.Invited));
        Assert.True(baseline.Weekly.Sum(w => w.Invited) > 0);
        Assert.True(MeanWeekly(baseline, w => w.Participations) > MeanWeekly(none, w => w.Participations));
    }

    [Fact]
    public void Without_exit_hazards_or_turnover_no_backbone_leaves()
    {
        var s = TestScenarios.Small(roles: new RoleSettings { ExitFloor = 0, ExitNew = 0, ExitBurnout = 0 },
            turnover: new TurnoverSettings { RenterMoveOut = 0, OwnerMoveOut = 0, ElderExitAt65 = 0 });
        var r = Run(s);
        Assert.DoesNotContain(r.Spells, x => x.Reason != SpellEnd.Censored);
        Assert.NotEmpty(r.Spells);
        Assert.Equal(0, r.Weekly.Sum(w => w.HouseholdsMoved));
    }

    [Fact]
    public void Early_exit_hazard_makes_careers_short()
    {
        var keep = Run(TestScenarios.Small(roles: new RoleSettings { ExitNew = 0.01 }));
        var churn = Run(TestScenarios.Small(roles: new RoleSettings { ExitNew = 0.3 }));
        static double ShortShare(RunResult r)
        {
            var ended = r.Spells.Where(s => s.Reason == SpellEnd.Exited).ToList();
            return ended.Count(s => s.Weeks < 26) / (double)Math.Max(1, ended.Count);
        }
        Assert.True(ShortShare(churn) > ShortShare(keep) + 0.2);
    }

    [Fact]
    public void Renters_turn_over_and_newcomers_arrive_without_history()
    {
        // Not 1: then every renter household leaves every week until the draw makes it an owner.
        var s = TestScenarios.Small(turnover: new TurnoverSettings { RenterMoveOut = 0.9, OwnerMoveOut = 0, ElderExitAt65 = 0 });
        var model = Model.Create(s, 4);
        for (int t = 0; t < 60; t++) model.Step();
        var pop = model.Population;
        int renters = 0, newcomers = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.Origin[i] != OriginGroup.Renter) continue;
            renters++;
            if (pop.MoveInWeek[i] > 0) newcomers++;
        }
        Assert.True(newcomers > 0.5 * renters, $"{newcomers} of {renters} renters moved in during the run");
        Assert.True(model.Outcomes.Weekly.Count == 0 || model.Outcomes.Weekly.Sum(w => w.HouseholdsMoved) > 0);
    }

    [Fact]
    public void Recruitment_never_exceeds_the_roles_and_a_drive_raises_the_register()
    {
        var s = TestScenarios.Small();
        var r = Run(s);
        int slots = (int)Math.Round(s.Roles.SlotsPerThousand * Model.Create(s, 3).Population.Count / 1000.0);
        Assert.All(r.Weekly, w => Assert.True(w.Backbones <= slots, $"{w.Backbones} backbones for {slots} roles on {w.Date}"));
        Assert.True(r.Weekly[^1].Backbones > slots / 3);

        var drive = new Dictionary<string, PolicySettings>
        {
            ["drive"] = new() { Kind = "registrationDrive", Start = new DateOnly(2018, 1, 1), End = new DateOnly(2019, 12, 31), Scale = 2 },
        };
        var driven = Run(TestScenarios.Small(policies: drive));
        double Mean(RunResult x) => x.Weekly.Where(w => w.Date.Year == 2019).Average(w => w.Backbones);
        Assert.True(Mean(driven) > 1.3 * Mean(r));
        Assert.True(driven.Weekly.Where(w => w.Date.Year == 2019).Max(w => w.Backbones) > slots);
    }

    [Fact]
    public void Reliability_weighting_concentrates_tasks()
    {
        var flat = Run(TestScenarios.Small(roles: new RoleSettings { TaskReliabilityExponent = 0 }));
        var steep = Run(TestScenarios.Small(roles: new RoleSettings { TaskReliabilityExponent = 4 }));
        Assert.True(steep.Annual.Average(a => a.Top10TaskShare) > flat.Annual.Average(a => a.Top10TaskShare) + 0.1);
    }

    [Fact]
    public void Leaning_on_a_reliable_few_suppresses_recruitment()
    {
        // In a steady state entries match exits; what leaning changes is how long roles stay open. A register of
        // about fifteen backbones is noisy, so the weekly register is averaged over four seeds.
        double Register(RoleSettings roles) => Enumerable.Range(3, 4).Average(seed => Run(TestScenarios.Small(roles: roles), (ulong)seed).Weekly.Average(w => w.Backbones));
        double open = Register(new RoleSettings { RelianceSuppression = 0 }), leaning = Register(new RoleSettings { RelianceSuppression = 1 });
        Assert.True(leaning < 0.95 * open, $"register {leaning} when leaning, {open} when not");
    }

    [Fact]
    public void Working_parents_of_young_children_take_part_less_and_others_are_untouched()
    {
        double Share(DemographySettings demography, Func<double, bool> inBand)
        {
            var model = Model.Create(TestScenarios.Small(demography: demography), 3);
            model.Run();
            var pop = model.Population;
            int n = 0; double weeks = 0;
            for (int i = 0; i < pop.Count; i++)
            {
                if (pop.Occupation[i] != Occupation.Employed || !inBand(pop.AgeAt(i, model.Tick))) continue;
                n++; weeks += pop.Last13[i];
            }
            return weeks / n;
        }
        var squeeze = new DemographySettings { ChildRearingFreeHoursFactor = 0.2 };
        Assert.True(Share(squeeze, a => a is >= 29 and < 40) < 0.7 * Share(new DemographySettings(), a => a is >= 29 and < 40));
        // A factor of 1 is the reference model, bit for bit.
        Assert.Equal(Run(TestScenarios.Small()).Weekly, Run(TestScenarios.Small(demography: new DemographySettings { ChildRearingFreeHoursFactor = 1 })).Weekly);
    }

    /// <summary>Everyone who enters the backbone role during a run: resident, party member, occupation, months in a row taking part.</summary>
    private static List<(int Resident, bool Party, Occupation Occupation, int Streak)> Entries(Scenario s, ulong seed = 3)
    {
        var model = Model.Create(s, seed);
        var pop = model.Population;
        var entries = new List<(int, bool, Occupation, int)>();
        var wasBackbone = new bool[pop.Count];
        var streak = new byte[pop.Count];
        while (!model.Finished)
        {
            // The streak the week's recruitment reads (the month's end, later in the week, may reset it).
            pop.MonthStreak.CopyTo(streak, 0);
            model.Step();
            for (int i = 0; i < pop.Count; i++)
            {
                bool backbone = pop.Role[i] >= Role.Backbone;
                if (backbone && !wasBackbone[i] && pop.BackboneSince[i] == model.Tick)
                    entries.Add((i, pop.PartyMember[i] != 0, pop.Occupation[i], streak[i]));
                wasBackbone[i] = backbone;
            }
        }
        return entries;
    }

    [Fact]
    public void The_party_channel_offers_posts_to_party_members_whatever_their_record()
    {
        var roles = new RoleSettings { PartyChannelShare = 1 };
        var entries = Entries(TestScenarios.Small(years: 6, roles: roles));
        Assert.True(entries.Count >= 20, $"{entries.Count} entries");
        // Every post went through the branch, so every entrant is a party member (and an adult) ...
        Assert.All(entries, e => Assert.True(e.Party && e.Occupation != Occupation.Child, $"resident {e.Resident}"));
        // ... and most had not taken part month after month, which the regulars' route requires.
        Assert.True(entries.Count(e => e.Streak < roles.EligibleMonths) > entries.Count / 2,
            $"{entries.Count(e => e.Streak < roles.EligibleMonths)} of {entries.Count} without the streak");
        // Without the channel, none enters without the streak.
        var regulars = Entries(TestScenarios.Small(years: 6, roles: new RoleSettings { PartyChannelShare = 0 }));
        Assert.True(regulars.Count >= 20);
        Assert.All(regulars, e => Assert.True(e.Streak >= new RoleSettings().EligibleMonths));
    }

    [Fact]
    public void The_weekly_table_counts_the_entries_through_the_party_channel()
    {
        var all = Run(TestScenarios.Small(years: 6, roles: new RoleSettings { PartyChannelShare = 1 }));
        Assert.True(all.Weekly.Sum(w => w.BackboneEntries) > 0);
        Assert.All(all.Weekly, w => Assert.Equal(w.BackboneEntries, w.BackboneEntriesParty));
        var some = Run(TestScenarios.Small(years: 6, roles: new RoleSettings { PartyChannelShare = 0.3 }));
        int party = some.Weekly.Sum(w => w.BackboneEntriesParty), entries = some.Weekly.Sum(w => w.BackboneEntries);
        Assert.True(party > 0 && party < entries, $"{party} of {entries}");
        Assert.All(some.Weekly, w => Assert.InRange(w.BackboneEntriesParty, 0, w.BackboneEntries));
    }

    [Fact]
    public void The_in_service_weight_decides_how_many_employed_party_members_the_channel_asks()
    {
        double EmployedShare(double weight)
        {
            var entries = Entries(TestScenarios.Small(years: 6, roles: new RoleSettings { PartyChannelShare = 1, PartyChannelInServiceWeight = weight }));
            Assert.True(entries.Count >= 20);
            return entries.Count(e => e.Occupation == Occupation.Employed) / (double)entries.Count;
        }
        Assert.Equal(0, EmployedShare(0));
        double even = EmployedShare(1), favoured = EmployedShare(20);
        Assert.True(favoured > even + 0.2 && favoured > 0.6, $"{favoured} vs {even}");
    }

    [Fact]
    public void Without_the_party_channel_its_other_settings_change_nothing()
    {
        var off = Run(TestScenarios.Small(years: 4, roles: new RoleSettings { PartyChannelShare = 0 }));
        var tuned = Run(TestScenarios.Small(years: 4, roles: new RoleSettings { PartyChannelShare = 0, PartyChannelInServiceWeight = 9, AcceptPartyDuty = -3 }));
        Assert.NotEqual(off.Spells, Run(TestScenarios.Small(years: 4)).Spells); // the channel is on by default
        Assert.Equal(off.Weekly, tuned.Weekly);
        Assert.Equal(off.Spells, tuned.Spells);
        Assert.All(off.Weekly, w => Assert.Equal(0, w.BackboneEntriesParty));
    }

    [Fact]
    public void Being_heard_builds_efficacy()
    {
        var heard = Run(TestScenarios.Small(administration: new AdministrationSettings { HeardProbability = 0.95, ApprovalWeeks = 1 }));
        var ignored = Run(TestScenarios.Small(administration: new AdministrationSettings { HeardProbability = 0.05 }));
        Assert.True(heard.Weekly[^1].MeanEfficacy > ignored.Weekly[^1].MeanEfficacy + 0.01);
        Assert.True(ignored.Weekly.Sum(w => w.Complaints) > heard.Weekly.Sum(w => w.Complaints));
    }

    [Fact]
    public void Overload_burns_backbones_out()
    {
        var overload = new AdministrationSettings { Staff = 0, SentDownTasksPerThousand = 60, SentDownTaskHours = 4 };
        var burn = Run(TestScenarios.Small(administration: overload, roles: new RoleSettings { ExitBurnout = 1 }));
        var noBurn = Run(TestScenarios.Small(administration: overload, roles: new RoleSettings { ExitBurnout = 0 }));
        Assert.True(noBurn.Weekly.Average(w => w.MeanBackboneFatigue) > 0.1);
        Assert.True(burn.Spells.Count(s => s.Reason == SpellEnd.Exited) > noBurn.Spells.Count(s => s.Reason == SpellEnd.Exited));
    }

    [Fact]
    public void Residents_age_into_retirement()
    {
        var s = TestScenarios.Small(years: 8);
        var model = Model.Create(s, 6);
        model.Run();
        var pop = model.Population;
        int t = model.Tick - 1;
        for (int i = 0; i < pop.Count; i++)
        {
            double age = pop.AgeAt(i, t), retirement = pop.Female[i] == 1 ? s.Demography.RetirementAgeWomen : s.Demography.RetirementAgeMen;
            if (age >= retirement + 1) Assert.Equal(Occupation.Retired, pop.Occupation[i]);
            if (age >= 19) Assert.NotEqual(Occupation.Child, pop.Occupation[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void State_stays_in_range(ulong seed)
    {
        var model = Model.Create(TestScenarios.Small(years: 5), seed, options: new SimulationOptions { CheckInvariants = true });
        var r = model.Run();
        Assert.All(r.Weekly, w =>
        {
            Assert.InRange(w.ParticipationRateWeekly, 0, 1);
            Assert.InRange(w.MeanTrust, 0, 1);
            Assert.True(w.ProblemsUnresolved >= 0);
        });
    }
}
