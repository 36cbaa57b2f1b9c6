namespace Participation.Randomness;

/// <summary>One named sub-stream of draws: a stream and a sub-stream number within it.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Sub">The sub-stream within it.</param>
internal readonly record struct SubStream(RandomStream Stream, int Sub);

/// <summary>
/// Every sub-stream the week's mechanism draws from, by name. Each is a pure function of (seed, week, sub-stream,
/// index), so a draw does not depend on what else is drawn; changing a number here changes the results. Each
/// activity slot of the week (0 … <c>Offers.MaxEvents</c> − 1) has sub-streams of its own.
/// </summary>
internal static class Draws
{
    // Phase 0: the year's occupations.
    /// <summary>A resident's new occupation (index: resident, and resident + residents for the second draw).</summary>
    public static readonly SubStream OccupationChange = new(RandomStream.Generation, 100);
    /// <summary>The free hours of a new occupation.</summary>
    public static readonly SubStream FreeHoursChange = new(RandomStream.Generation, 101);
    /// <summary>Whether a child who comes of age joins the online group.</summary>
    public static readonly SubStream OnlineOnComingOfAge = new(RandomStream.Generation, 102);

    // Phase 1: the week's offer.
    /// <summary>Community activities offered in a compound (index: compound).</summary>
    public static readonly SubStream EventsOffered = new(RandomStream.Offer, 0);
    /// <summary>Tasks sent down (index 0), disputes (1) and projects (2).</summary>
    public static readonly SubStream TasksArising = new(RandomStream.Tasks, 1);

    // Phase 2: hearing.
    /// <summary>Being personally invited this week.</summary>
    public static readonly SubStream Invited = new(RandomStream.Invitation, 0);
    /// <summary>Hearing of the council in person.</summary>
    public static readonly SubStream CouncilHeardInPerson = new(RandomStream.Hearing, 2);
    /// <summary>Hearing of the council online.</summary>
    public static readonly SubStream CouncilHeardOnline = new(RandomStream.Hearing, 3);
    /// <summary>Hearing of community activity <paramref name="e"/> in person.</summary>
    public static SubStream EventHeardInPerson(int e) => new(RandomStream.Hearing, 2 * (2 + e));
    /// <summary>Hearing of community activity <paramref name="e"/> online.</summary>
    public static SubStream EventHeardOnline(int e) => new(RandomStream.Hearing, 2 * (2 + e) + 1);

    // Phase 3: decisions, voice and problems.
    /// <summary>Going to one's club session.</summary>
    public static readonly SubStream ClubDecision = new(RandomStream.Decision, 0);
    /// <summary>Going to the council.</summary>
    public static readonly SubStream CouncilDecision = new(RandomStream.Decision, 1);
    /// <summary>Taking part in community activity <paramref name="e"/>.</summary>
    public static SubStream EventDecision(int e) => new(RandomStream.Decision, 2 + e);
    /// <summary>A voice in the council heard.</summary>
    public static readonly SubStream CouncilVoiceHeard = new(RandomStream.Voice, 1);
    /// <summary>Community activity <paramref name="e"/> achieving something visible.</summary>
    public static SubStream EventSucceeds(int e) => new(RandomStream.Voice, 2 + e);
    /// <summary>Raising a problem.</summary>
    public static readonly SubStream ProblemRaised = new(RandomStream.Problems, 0);
    /// <summary>A problem raised being taken up.</summary>
    public static readonly SubStream ProblemHeard = new(RandomStream.Problems, 1);
    /// <summary>A problem taken up needing approvals.</summary>
    public static readonly SubStream ProblemNeedsApproval = new(RandomStream.Problems, 2);

    // Phase 3b: tasks.
    /// <summary>The backbone a task goes to (index: task).</summary>
    public static readonly SubStream TaskAssignment = new(RandomStream.Tasks, 2);
    /// <summary>Whether a task sent down is handed to a property company or merchant (index: task).</summary>
    public static readonly SubStream TaskHandedOver = new(RandomStream.Tasks, 3);
    /// <summary>An organising or mediation task achieving something visible (index: task).</summary>
    public static readonly SubStream TaskSucceeds = new(RandomStream.Voice, 100);

    // Phase 5: exits and recruitment.
    /// <summary>A backbone leaving the role.</summary>
    public static readonly SubStream Exit = new(RandomStream.Exit, 0);
    /// <summary>Rounding the roles to fill (index −1).</summary>
    public static readonly SubStream RolesToFill = new(RandomStream.Recruitment, 0);
    /// <summary>The random part of an eligible resident's place in the recruitment order.</summary>
    public static readonly SubStream RecruitmentOrder = new(RandomStream.Recruitment, 1);
    /// <summary>An invited regular accepting.</summary>
    public static readonly SubStream RecruitmentAcceptance = new(RandomStream.Recruitment, 2);
    /// <summary>An invitation going through the party branch (index: invitation).</summary>
    public static readonly SubStream PartyChannel = new(RandomStream.Recruitment, 3);
    /// <summary>The resident the party branch draws as a candidate (index: draw).</summary>
    public static readonly SubStream PartyCandidate = new(RandomStream.Recruitment, 4);
    /// <summary>Keeping a drawn candidate by its weight (index: draw).</summary>
    public static readonly SubStream PartyCandidateKept = new(RandomStream.Recruitment, 5);
    /// <summary>A party candidate accepting (index: draw).</summary>
    public static readonly SubStream PartyAcceptance = new(RandomStream.Recruitment, 6);

    // Phase 6: turnover.
    /// <summary>A household moving out (index: household).</summary>
    public static readonly SubStream MovingOut = new(RandomStream.Turnover, 0);

    // Phase 3c and the month's end of phase 5: volunteer teams.
    /// <summary>Whether a team holds an activity this week (index: team).</summary>
    public static readonly SubStream TeamActs = new(RandomStream.Teams, 0);
    /// <summary>Whether a member serves (index: resident).</summary>
    public static readonly SubStream TeamServe = new(RandomStream.Teams, 1);
    /// <summary>Whether a service is an ad-hoc task (index: resident) and whether it succeeds (index: resident + residents).</summary>
    public static readonly SubStream TeamAdhoc = new(RandomStream.Teams, 2);
    /// <summary>Whether a member leaves at the month's end (index: resident).</summary>
    public static readonly SubStream TeamLeave = new(RandomStream.Teams, 3);
    /// <summary>Whether an unmanaged team becomes managed (index: team).</summary>
    public static readonly SubStream TeamManaged = new(RandomStream.Teams, 4);
    /// <summary>Teams founded this month (index 0: residents' own, 1: policies' teams, 2: squads).</summary>
    public static readonly SubStream TeamsFounded = new(RandomStream.Teams, 5);
    /// <summary>Candidates for a new team's leader (index: draw number).</summary>
    public static readonly SubStream TeamLeaderCandidate = new(RandomStream.Teams, 6);
    /// <summary>Which team a project's invitations go to (index: project).</summary>
    public static readonly SubStream TeamProject = new(RandomStream.Teams, 7);
    /// <summary>Stochastic rounding of a team's invitations (index: team).</summary>
    public static readonly SubStream TeamInvitations = new(RandomStream.Teams, 8);
    /// <summary>The member who invites (index: team · 2^24 + invitation).</summary>
    public static readonly SubStream TeamInviter = new(RandomStream.Teams, 9);
    /// <summary>The tie invited (same index).</summary>
    public static readonly SubStream TeamInvitee = new(RandomStream.Teams, 10);
    /// <summary>Whether the invitee accepts (same index).</summary>
    public static readonly SubStream TeamAccept = new(RandomStream.Teams, 11);
    /// <summary>Whether the family of a paired elder is invited this month (index: resident).</summary>
    public static readonly SubStream TeamPairedInvited = new(RandomStream.Teams, 12);
    /// <summary>The team a paired family is invited into (index: resident).</summary>
    public static readonly SubStream TeamPairedTeam = new(RandomStream.Teams, 13);
    /// <summary>Whether it accepts (index: resident).</summary>
    public static readonly SubStream TeamPairedAccept = new(RandomStream.Teams, 14);
    /// <summary>Whether an owners' committee acts without consulting this month (index: team).</summary>
    public static readonly SubStream OwnersUnilateral = new(RandomStream.Teams, 15);
    /// <summary>Whether a compound without an owners' committee elects one this month (index: compound).</summary>
    public static readonly SubStream OwnersElection = new(RandomStream.Teams, 16);
    /// <summary>The owners drawn for its seats (index: compound · 2^20 + draw).</summary>
    public static readonly SubStream OwnersSeat = new(RandomStream.Teams, 17);
}
