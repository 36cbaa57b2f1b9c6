using static Participation.Policies.Effect;
using static Participation.Policies.PolicyTarget;

namespace Participation.Policies;

/// <summary>
/// The levers of the five studies written as recipes (target group + mechanism effects). Where a study
/// gives no effect size the default is an assumption, stated in <see cref="PolicyRecipe.Source"/>; every
/// default can be overridden per scenario under <c>parameters</c>, and calibration can size them.
/// </summary>
public static class BuiltInPolicies
{
    private static PolicyRecipe R(string name, string doc, string source, PolicyTarget target, params (Effect Effect, double Value)[] effects) =>
        new(name, doc, source, target, effects.ToDictionary(e => e.Effect, e => e.Value));

    /// <summary>Every built-in recipe.</summary>
    public static IReadOnlyList<PolicyRecipe> Recipes { get; } =
    [
        // ---- X: existing practices and remedies ------------------------------------------------------
        R("subsidies", "Transport and phone subsidies for backbones (X: fewer than 15 % receive them; use scale 0.15 for the baseline).",
            "X; effect sizes are assumptions (resources buffer exhaustion: Bakker & Demerouti 2007)", Backbones,
            (ExitReduction, 0.15), (CapacityGain, 0.10)),
        R("insurance", "Comprehensive volunteer insurance (accident-medical, third-party liability). Removes the worry X names as a reason to hold back and to leave.",
            "X; effect size an assumption", Backbones, (ExitReduction, 0.20)),
        R("rightsAndDuties", "A list of backbones' rights and duties (X: only 47 % of the convention's clauses define them; scale 0.47 for the baseline). Role clarity: less fatigue per task, fewer exits from confusion.",
            "X; effect sizes are assumptions", Backbones, (CapacityGain, 0.15), (ExitReduction, 0.10), (FixedCostPerYear, 2000)),
        R("handbook", "A handbook of duties for self-organisations and owners' committees (T). Same mechanism as rightsAndDuties: role clarity.",
            "T; effect sizes are assumptions", Backbones, (CapacityGain, 0.15), (ExitReduction, 0.10), (FixedCostPerYear, 2000)),
        R("governanceSalon", "A monthly governance salon for training (X). Raises capacity, efficacy and identity of the backbones who attend.",
            "X; effect sizes are assumptions", Backbones, (CapacityGain, 0.10), (EfficacyGain, 0.03), (IdentityGain, 0.02), (Every, 4), (SessionCost, 30)),
        R("certification", "A certification exam and referral for community-manager jobs (X): a career path, which lowers the exits of young backbones ('no development path').",
            "X; effect sizes are assumptions", YoungBackbones, (ExitReduction, 0.30), (EfficacyGain, 0.05), (Every, 52), (SessionCost, 300)),
        R("trainingCamp", "A resident leader training camp with local universities (X: law, project management, mock council, mediation drills, a certificate).",
            "X; effect sizes are assumptions", Backbones, (EfficacyGain, 0.10), (IdentityGain, 0.10), (CapacityGain, 0.20), (Every, 0), (SessionCost, 800)),
        R("skillsMapping", "Skills mapping (X): a survey finds residents with skills and recruits them into services; they are invited and weigh more in recruitment.",
            "X; effect sizes are assumptions", Skilled, (InviteBoost, 0.03), (RecruitWeight, 2.0)),
        R("digitalPlatform", "A digital platform (X): notices, a suggestion channel, online voting (valid with 30 % taking part), booking, monthly top-3 pain points. Wider online reach, more voices taken up, less time per activity.",
            "X (governance efficiency '58 % higher' is unsourced and not used); effect sizes are assumptions", Adults,
            (JoinOnline, 0.3), (Every, 0), (OnlineFactor, 1.5), (HeardGain, 0.15), (TimeCostFactor, 0.9), (FixedCostPerYear, 30000)),
        R("digitalTraining", "Digital training and offline help for older residents (X: only 35 % of backbones over 60 use three government apps; YL's doorstep elder university).",
            "X, YL; effect sizes are assumptions", OlderAdults, (DigitalGain, 0.30), (JoinOnline, 0.30), (Every, 0), (SessionCost, 50)),
        R("deAdministration", "De-administration (X): a residents' council with say over the budget, small projects filed with feedback in 3 working days instead of approvals by 8 departments over 11 months, and a joint veto of unreasonable tasks sent down.",
            "X; the veto's size is an assumption", Adults, (ApprovalWeeks, 0.6), (SentDownFactor, 0.7), (HeardGain, 0.20)),
        // ---- T: social work and social capital -----------------------------------------------------
        R("doorToDoorVisits", "Needs surveys and door-to-door visits (T: 'survey to the compound, publicity into the building, visits into the home'), finding latent backbones.",
            "T; effect sizes are assumptions", Adults, (NoticeBonus, 0.10), (InviteBoost, 0.02), (RecruitWeight, 1.0)),
        R("studyTrips", "Study trips to successful communities for backbones (T): belonging and honour.",
            "T; effect sizes are assumptions", Backbones, (BelongingGain, 0.05), (IdentityGain, 0.05), (Every, 52), (SessionCost, 300)),
        R("showcasing", "Showcasing backbones (T: people's stories, WeChat posts, posters): raises their efficacy and their influence on others.",
            "T; effect sizes are assumptions", Backbones, (EfficacyGain, 0.03), (Every, 13), (InfluenceFactor, 1.5), (FixedCostPerYear, 5000)),
        R("cultivatingOrganisations", "Cultivating needs-, interest- and norm-oriented organisations (T: talk meetings to WeChat groups to volunteer teams; choirs turning to service).",
            "T; effect sizes are assumptions (teams founded: plausible 1-4 a year)", Adults, (JoinClub, 0.05), (Every, 52), (EventFactor, 1.3), (FoundTeams, 2), (FixedCostPerYear, 20000)),
        R("threeLevelDeliberation", "The three-level deliberation mechanism with a monthly council (T): small matters solved at once, compound matters in group meetings, hard ones at a five-party meeting; the owners' committee decides with the others instead of alone.",
            "T ('improved problem-solving efficiency', no figure); effect sizes are assumptions (owners' committees consulting: plausible 0.2-0.6)", Adults, (HeardGain, 0.30), (LocalSolveFactor, 0.5), (OwnersConsultation, 0.4)),
        R("festivals", "Festivals and joint projects (T: Spring Festival, Lantern Festival, flower beds, the lotus-root festival): more activities that bring neighbours together.",
            "T; effect sizes are assumptions", Adults, (EventFactor, 1.2), (FixedCostPerYear, 20000)),
        // ---- H ----------------------------------------------------------------------------------------
        R("proposalTracking", "Tracking and follow-up of deliberation proposals (H: deliberations 'end in grumbling and nothing' when not followed up).",
            "H; effect size an assumption", Adults, (HeardGain, 0.25)),
        R("deliberationIndex", "A published community deliberation index that rewards leaders and makes laggards fix things (H).",
            "H; effect sizes are assumptions", Adults, (HeardGain, 0.10), (LocalSolveFactor, 0.8)),
        R("publicSpace", "Public space sized to population density (H: libraries, mediation centres): activities nearer and easier.",
            "H; effect sizes are assumptions", Adults, (TimeCostFactor, 0.8), (EventFactor, 1.2), (FixedCostPerYear, 100000)),
        R("onlineOfflineActivities", "Joint online and offline activities (H: online voting, quizzes).",
            "H; effect sizes are assumptions", Adults, (OnlineFactor, 1.3), (EventFactor, 1.1)),
        // ---- YL ---------------------------------------------------------------------------------------
        R("microRenovation", "A landscape micro-renovation project with the five-step, four-party deliberation (YL: topic collection, consultation, plan, public notice, implementation and evaluation). The social organisation founds a volunteer team (YL: a self-organised team of 38 forms in phase 1) and every project started recruits volunteers into the teams (teams.invitationsPerProject).",
            "YL; effect sizes are assumptions (teams founded: plausible 0.5-2 a year)", Adults, (HeardGain, 0.30), (ProjectFactor, 2.0), (EventFactor, 1.2), (FoundTeams, 1), (FixedCostPerYear, 50000)),
        R("partyVolunteerSquads", "Party branches form volunteer squads (YL, D: 50-60 active party-member volunteers): each squad is led by a party member and asks party members among its members' ties to join as a duty; the squads take work off the staff.",
            "YL, D; effect sizes are assumptions (squads founded: plausible 1-4 a year)", Adults, (FoundSquads, 2), (StaffHours, 20)),
        R("crowdfunding", "Crowdfunding and community foundations (YL: 17,000 yuan for a garden pilot; H): money for activities beyond government grants, the teams' included.",
            "YL, H; effect sizes are assumptions", Adults, (EventFactor, 1.15), (TeamActivityFactor, 1.3)),
        R("elderPairing", "'Happiness knocks at the door' (YL): volunteers paired with 53 elders, whose children then join as volunteers: each month the volunteer who visits invites the family into its team.",
            "YL; effect sizes are assumptions (team invitation: plausible 0.05-0.3 a month)", ElderFamilies, (InviteBoost, 0.05), (TeamInvite, 0.15)),
        R("residentDatabase", "A resident database of 12 categories and 36 indicators, kept up to date (YL): like skills mapping.",
            "YL; effect sizes are assumptions", Skilled, (InviteBoost, 0.02), (RecruitWeight, 1.5), (FixedCostPerYear, 5000)),
        R("redOwnersCommittee", "A 'red owners' committee' with party members (YL): compounds without one elect an owners' committee, which holds hearings (a public lottery for parking) and so decides in consultation and keeps its credibility; problems taken up and solved faster.",
            "YL; effect sizes are assumptions (election: plausible 0.02-0.1 a month; consultation: 0.3-0.8)", Adults, (HeardGain, 0.15), (LocalSolveFactor, 0.8), (ElectOwnersCommittees, 0.05), (OwnersConsultation, 0.6)),
        R("routineChecks", "Daily checks, weekly patrols, monthly reviews (YL): local problems solved faster.",
            "YL; effect size an assumption", Adults, (LocalSolveFactor, 0.5)),
        R("incubatedProjects", "Incubated projects and featured public-benefit projects (YL: 8 incubated, more than 10 featured).",
            "YL; effect size an assumption", Adults, (ProjectFactor, 1.5), (EventFactor, 1.1), (FixedCostPerYear, 30000)),
        R("onlineDeliberation", "WeChat groups used for online deliberation (YL: 15 groups on parking, clutter, wiring).",
            "YL; effect sizes are assumptions", Adults, (OnlineFactor, 1.3), (HeardGain, 0.10)),
        // ---- D ----------------------------------------------------------------------------------------
        R("partyBranches", "Party members regrouped into branches of about 50 with responsibility zones (D): each branch reports its buildings' needs.",
            "D; effect sizes are assumptions", Adults, (PartyInvitations, 0.2), (NoticeBonus, 0.05)),
        R("propertyCouncil", "Quarterly joint meetings with the property companies (D's home-property council): responsibilities clear, problems fixed faster, and the fixing the community used to chase is handed to the property companies.",
            "D; effect sizes are assumptions (hand-over: plausible 0.05-0.3 of tasks sent down)", Adults, (LocalSolveFactor, 0.7), (HandOver, 0.15)),
        R("merchantPartnerships", "'Quarter-hour partner' merchants providing public-benefit services in exchange for publicity (D: 20+ of 600 merchants); work the community did alone (merchant patrols, public-benefit activities) is handed to merchants, the community matching and supervising.",
            "D; effect sizes are assumptions (hand-over: plausible 0.05-0.2 of tasks sent down)", Adults, (EventFactor, 1.3), (StaffHours, 10), (HandOver, 0.1)),
        R("skillGroups", "Informal skill groups matched to needs through a needs list and service feedback (D: 'Mums' help').",
            "D; effect sizes are assumptions", Skilled, (InviteBoost, 0.02), (RecruitWeight, 1.0), (HeardGain, 0.05)),
        R("staffSocialWork", "Staff trained in social work (D): better contact with the young and with new-business workers.",
            "D; effect sizes are assumptions", YoungAdults, (InviteBoost, 0.01), (InvitationFactor, 1.3)),
        R("volunteerDay", "A monthly volunteer day on the 9th (D): an extra activity in every compound that week.",
            "D", Adults, (EventDay, 9)),
        R("claimingResponsibilities", "Volunteers claiming responsibilities for key tasks (D) instead of the committee calling its reliable few: work spreads, and volunteer teams come under regular management (tasks with content and a standard), so they get no ad-hoc tasks.",
            "D; effect sizes are assumptions (management: plausible 0.05-0.3 of teams a month)", Adults, (TaskExponentFactor, 0.5), (ManageTeams, 0.15)),
    ];

    /// <summary>Registers every built-in kind into <paramref name="catalog"/>.</summary>
    public static PolicyCatalog RegisterAll(PolicyCatalog catalog)
    {
        catalog.Register(RegistrationDrive.Kind).Register(Points.Kind).Register(Mentorship.Kind).Register(Honours.Kind);
        foreach (var recipe in Recipes) catalog.Register(recipe.ToKind());
        return catalog;
    }
}
