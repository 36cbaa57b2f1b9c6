using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// The points where policies act on the mechanism. Every tick the levers are reset to the scenario's
/// baseline, then each active policy adjusts them; the rules read them. A lever changes a rule's input
/// (who hears, who is invited, what a task costs, how fast a problem is solved), never an outcome directly.
/// Policies combine: factors multiply, bonuses add.
/// </summary>
public sealed class Levers
{
    private readonly Scenario _scenario;
    private bool _perResidentDirty = true;

    internal Levers(Scenario scenario, int residents)
    {
        _scenario = scenario;
        Reward = new float[residents];
        ExitHazardFactor = new float[residents];
        CapacityFactor = new float[residents];
        IdentityBonus = new float[residents];
        InviteBoost = new float[residents];
        RecruitWeight = new float[residents];
        TeamInvite = new float[residents];
        Reset();
    }

    // Hearing and invitations -------------------------------------------------------------------------
    /// <summary>Added to the probability that an offline notice reaches a resident (needs surveys, door-to-door visits: T).</summary>
    public double NoticeBonus { get; set; }
    /// <summary>Multiplies the reach of online group posts (a digital platform: X, YL, H).</summary>
    public double OnlineFactor { get; set; }
    /// <summary>Multiplies invitations made by backbones and staff.</summary>
    public double InvitationFactor { get; set; }
    /// <summary>Invitations each party member makes per week over its ties (party volunteer squads, responsibility zones: YL, D).</summary>
    public double PartyInvitations { get; set; }
    /// <summary>Staff hours added per week (volunteer squads, merchants, trained staff take work off the committee: D).</summary>
    public double StaffHoursBonus { get; set; }
    /// <summary>Multiplies the weight of social influence in the decision (showcasing backbones: T).</summary>
    public double InfluenceFactor { get; set; }
    /// <summary>Multiplies the time cost in the decision (public space, booking, activities near home: H, X).</summary>
    public double TimeCostFactor { get; set; }

    // What is offered ---------------------------------------------------------------------------------
    /// <summary>Multiplies community activities offered per compound (festivals, joint projects, merchants' services: T, D).</summary>
    public double EventFactor { get; set; }
    /// <summary>Community activities added in every compound this week (a monthly volunteer day: D).</summary>
    public int ExtraEvents { get; set; }
    /// <summary>Multiplies projects started (micro-renovation, incubated projects: YL).</summary>
    public double ProjectFactor { get; set; }
    /// <summary>Multiplies tasks sent down by higher levels (a veto of unreasonable tasks lowers it: X).</summary>
    public double SentDownFactor { get; set; }
    /// <summary>Share of tasks sent down the committee hands to property companies and merchants, matching and supervising them (D).</summary>
    public double HandOverShare { get; set; }

    // Voice -------------------------------------------------------------------------------------------
    /// <summary>Probability that a raised problem or a voice in council is taken up.</summary>
    public double HeardProbability { get; set; }
    /// <summary>Weeks an approval takes (filing instead of approvals: X).</summary>
    public double ApprovalWeeks { get; set; }
    /// <summary>Weeks to solve a problem that needs no approval (three-level deliberation, daily checks: T, YL).</summary>
    public double LocalSolveWeeks { get; set; }

    // Roles -------------------------------------------------------------------------------------------
    /// <summary>Multiplies the number of backbone roles (a registration drive, a new council).</summary>
    public double SlotFactor { get; set; }
    /// <summary>Multiplies the share of open roles the committee fills each week.</summary>
    public double FillRateFactor { get; set; }
    /// <summary>Multiplies the exponent of reliability in task allocation (volunteers claiming responsibilities spread work: D).</summary>
    public double TaskExponentFactor { get; set; }
    /// <summary>True while a mentorship scheme runs (backbones may become mentors).</summary>
    public bool MentorshipRuns { get; set; }

    // Volunteer teams --------------------------------------------------------------------------------
    /// <summary>Volunteer teams a policy founds per year (a social organisation's project: YL; cultivating organisations: T).</summary>
    public double TeamsToFound { get; set; }
    /// <summary>Party volunteer squads party branches found per year (YL, D).</summary>
    public double SquadsToFound { get; set; }
    /// <summary>Multiplies the invitations teams' members make.</summary>
    public double TeamInvitationFactor { get; set; }
    /// <summary>Multiplies the members a team leader can manage (trained leaders).</summary>
    public double LeaderCapacityFactor { get; set; }
    /// <summary>Multiplies the activities teams hold (money for activities: crowdfunding, YL).</summary>
    public double TeamActivityFactor { get; set; }
    /// <summary>Monthly probability that an unmanaged team becomes managed: tasks with content and a standard (D).</summary>
    public double TeamManagement { get; set; }
    /// <summary>Added monthly probability that a compound without an owners' committee elects one (YL's red owners' committee, T's elections).</summary>
    public double OwnersElection { get; set; }
    /// <summary>Share of an owners' committee's decisions taken in consultation that would otherwise be taken alone (T: deliberation; YL: hearings).</summary>
    public double OwnersConsultation { get; set; }

    // Per resident ------------------------------------------------------------------------------------
    /// <summary>Utility of the rewards a resident is offered per participation (points, vouchers).</summary>
    public float[] Reward { get; }
    /// <summary>Multiplies a backbone's exit hazard (insurance, recognition, a career path lower it).</summary>
    public float[] ExitHazardFactor { get; }
    /// <summary>Multiplies a resident's capacity for work before fatigue (training, role clarity, subsidies raise it).</summary>
    public float[] CapacityFactor { get; }
    /// <summary>Added to a resident's identity gain in a week of taking part (mentoring, substantive recognition).</summary>
    public float[] IdentityBonus { get; }
    /// <summary>Added probability of being personally invited this week (visits, skills mapping, pairing).</summary>
    public float[] InviteBoost { get; }
    /// <summary>Multiplies a resident's weight in the committee's recruitment order (skills mapping, resident database).</summary>
    public float[] RecruitWeight { get; }
    /// <summary>Probability, read at a month's end, that a volunteer invites the resident into its team (YL: the children of paired elders).</summary>
    public float[] TeamInvite { get; }

    /// <summary>Marks the per-resident levers as changed this tick, so they are reset before the next.</summary>
    public void TouchPerResident() => _perResidentDirty = true;

    /// <summary>True when a policy changed the per-resident levers since the last reset (saved in checkpoints).</summary>
    internal bool PerResidentDirty => _perResidentDirty;

    internal void Reset()
    {
        var admin = _scenario.Administration;
        NoticeBonus = 0; OnlineFactor = 1; InvitationFactor = 1; PartyInvitations = 0; StaffHoursBonus = 0;
        InfluenceFactor = 1; TimeCostFactor = 1;
        EventFactor = 1; ExtraEvents = 0; ProjectFactor = 1; SentDownFactor = 1; HandOverShare = 0;
        HeardProbability = admin.HeardProbability; ApprovalWeeks = admin.ApprovalWeeks; LocalSolveWeeks = admin.LocalSolveWeeks;
        SlotFactor = 1; FillRateFactor = 1; TaskExponentFactor = 1; MentorshipRuns = false;
        TeamsToFound = 0; SquadsToFound = 0; TeamInvitationFactor = 1; LeaderCapacityFactor = 1; TeamActivityFactor = 1; TeamManagement = 0;
        OwnersElection = 0; OwnersConsultation = 0;
        if (_perResidentDirty)
        {
            Array.Clear(Reward);
            Array.Fill(ExitHazardFactor, 1f);
            Array.Fill(CapacityFactor, 1f);
            Array.Clear(IdentityBonus);
            Array.Clear(InviteBoost);
            Array.Fill(RecruitWeight, 1f);
            Array.Clear(TeamInvite);
            _perResidentDirty = false;
        }
    }
}
