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
}
