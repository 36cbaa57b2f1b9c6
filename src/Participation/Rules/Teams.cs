using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>The kind of a volunteer team.</summary>
internal enum TeamKind : byte
{
    /// <summary>A self-organised volunteer team (YL: the team of 38; T: a talk meeting turned volunteer service).</summary>
    Volunteers = 0,
    /// <summary>A party volunteer squad formed by a party branch (YL, D): it asks party members to join as a duty.</summary>
    PartySquad = 1,
    /// <summary>A compound's owners' committee (T, YL): elected from its owners, with a credibility it can lose.</summary>
    OwnersCommittee = 2,
}

/// <summary>
/// The volunteer teams and party squads as a table (struct of arrays, like the residents): one row per team ever
/// founded (a dissolved team keeps its row), and each resident's membership and service. Part of the saved state: a
/// checkpoint writes every array and counter. The volunteer force is what these rows hold: members who served.
/// </summary>
internal sealed class VolunteerTeams
{
    /// <summary>A table with no teams for <paramref name="residents"/> residents.</summary>
    public VolunteerTeams(int residents)
    {
        TeamOf = new int[residents]; Array.Fill(TeamOf, -1);
        JoinedAt = new int[residents]; ServedMonth = new byte[residents]; AdhocMonth = new byte[residents]; ServedYear = new byte[residents];
    }

    // ---- per team (rows 0 … Count − 1; the arrays may be longer) --------------------------------------
    /// <summary>Teams founded so far (rows in use).</summary>
    public int Count { get; set; }
    /// <summary>Kind of each team (<see cref="TeamKind"/>).</summary>
    public byte[] Kind { get; private set; } = new byte[InitialRows];
    /// <summary>Leader of each team (−1: the leader left and no successor has been chosen yet).</summary>
    public int[] Leader { get; private set; } = new int[InitialRows];
    /// <summary>Week each team was founded.</summary>
    public int[] Founded { get; private set; } = new int[InitialRows];
    /// <summary>Week each team dissolved (−1: active).</summary>
    public int[] Dissolved { get; private set; } = new int[InitialRows];
    /// <summary>Members of each team, leader included.</summary>
    public int[] Size { get; private set; } = new int[InitialRows];
    /// <summary>1 when the team is managed: its tasks have content and a standard (D), so the committee hands it no ad-hoc tasks.</summary>
    public byte[] Managed { get; private set; } = new byte[InitialRows];
    /// <summary>The compound of an owners' committee (−1 for volunteer teams and squads, which have no place).</summary>
    public int[] Compound { get; private set; } = new int[InitialRows];
    /// <summary>An owners' committee's credibility in its compound (T: lost by acting without consulting); 1 for other teams.</summary>
    public float[] Credibility { get; private set; } = new float[InitialRows];

    // ---- per resident ---------------------------------------------------------------------------------
    /// <summary>The team each resident belongs to (−1: none).</summary>
    public int[] TeamOf { get; }
    /// <summary>Week each member joined its team.</summary>
    public int[] JoinedAt { get; }
    /// <summary>Team activities each resident served in this calendar month.</summary>
    public byte[] ServedMonth { get; }
    /// <summary>Ad-hoc tasks (no content or standard) each resident did for its team this month.</summary>
    public byte[] AdhocMonth { get; }
    /// <summary>1 when the resident served in a team activity this calendar year.</summary>
    public byte[] ServedYear { get; }

    // ---- counts the rules keep --------------------------------------------------------------------------
    /// <summary>Projects started this month: each needs volunteers (<c>teams.invitationsPerProject</c>).</summary>
    public int ProjectsThisMonth { get; set; }
    /// <summary>Residents who joined a volunteer team or squad this calendar year (founders included; owners' committees apart).</summary>
    public int JoinedYear { get; set; }
    /// <summary>Members who left a team this calendar year (moving out and dissolution included).</summary>
    public int LeftYear { get; set; }
    /// <summary>Teams founded this calendar year.</summary>
    public int FoundedYear { get; set; }
    /// <summary>Teams dissolved this calendar year.</summary>
    public int DissolvedYear { get; set; }
    /// <summary>Team members when this calendar year began (the base of the year's turnover).</summary>
    public int MembersAtYearStart { get; set; }
    /// <summary>Owners' committees elected this calendar year.</summary>
    public int OwnersElectedYear { get; set; }
    /// <summary>Owners' committees dissolved this calendar year.</summary>
    public int OwnersDissolvedYear { get; set; }

    private const int InitialRows = 16;

    /// <summary>True when team <paramref name="k"/> has not dissolved.</summary>
    public bool IsActive(int k) => Dissolved[k] < 0;

    /// <summary>Appends a team (rows double when full: founding is rare, so this allocates a few times a run) and returns its row.</summary>
    public int Add(TeamKind kind, int leader, int week, bool managed, int compound = -1, float credibility = 1)
    {
        if (Count == Kind.Length)
        {
            int n = Math.Max(InitialRows, 2 * Count);
            Kind = Grow(Kind, n); Leader = Grow(Leader, n); Founded = Grow(Founded, n); Dissolved = Grow(Dissolved, n);
            Size = Grow(Size, n); Managed = Grow(Managed, n); Compound = Grow(Compound, n); Credibility = Grow(Credibility, n);
        }
        int k = Count++;
        Kind[k] = (byte)kind; Leader[k] = leader; Founded[k] = week; Dissolved[k] = -1; Size[k] = 0; Managed[k] = managed ? (byte)1 : (byte)0;
        Compound[k] = compound; Credibility[k] = credibility;
        Join(leader, k, week);
        return k;
    }

    private static T[] Grow<T>(T[] a, int n) { var b = new T[n]; Array.Copy(a, b, a.Length); return b; }

    /// <summary>Resident <paramref name="i"/> joins team <paramref name="k"/> in week <paramref name="week"/>.</summary>
    public void Join(int i, int k, int week)
    {
        TeamOf[i] = k; JoinedAt[i] = week; Size[k]++;
        if (Kind[k] != (byte)TeamKind.OwnersCommittee) JoinedYear++;
    }

    /// <summary>Resident <paramref name="i"/> leaves its team; a leader who leaves leaves the team without one until the month's end.</summary>
    public void Leave(int i)
    {
        int k = TeamOf[i];
        if (k < 0) return;
        TeamOf[i] = -1; Size[k]--;
        if (Kind[k] != (byte)TeamKind.OwnersCommittee) LeftYear++;
        if (Leader[k] == i) Leader[k] = -1;
    }

    /// <summary>Members at present of volunteer teams and party squads (owners' committees are not counted).</summary>
    public int Members()
    {
        int n = 0;
        for (int k = 0; k < Count; k++) if (IsActive(k) && Kind[k] != (byte)TeamKind.OwnersCommittee) n += Size[k];
        return n;
    }

    /// <summary>The rules' scratch (not state: refilled before it is read; a field, so the saved state's reflection leaves it out).</summary>
    internal readonly TeamScratch Scratch = new();
}

/// <summary>The teams' figures at a month's or year's end (<see cref="Teams.Count"/>).</summary>
internal record struct TeamCounts(int Volunteers, int YoungVolunteers, int Members, int Teams, int Squads, int Largest,
    int TeamLeaders, int SquadLeaders, int LeadersWithoutPost, int OwnersCommittees, int OwnersChairs, double OwnersCredibility);

/// <summary>What the team rules refill each week or month: which teams act, the member lists, per-team invitations.</summary>
internal sealed class TeamScratch
{
    public byte[] Acts = [];
    public float AdhocProbability;
    public int[] MemberStart = [], Cursor = [], Members = [], Extra = [], CompoundStart = [];
    public bool[] HasOwnersCommittee = [];
    public List<int> Open = [];
}

/// <summary>
/// Phase 3c and the month's end of phase 5 (docs/model.md, "5c. Volunteer teams"): residents volunteer as members of
/// teams and party squads. Every week each active team holds an activity with probability
/// <c>min(1, teams.activitiesPerMonth · 12 / W · L.teamActivityFactor)</c>; its leader serves and each member serves with
/// probability <c>σ(teams.serveIntercept + teams.serveIdentity·identity + bP·reward − bF·fatigue − bC·h·L.timeCostFactor / max(F, 0.25))</c>
/// while it has free hours left. In an unmanaged team a service is an ad-hoc task handed down (D: no content or
/// standard) with probability <c>teams.adhocShare · min(1, load)</c>, load the staff's load (<see cref="Offers.StaffLoad"/>). At a month's
/// end members leave, leaderless teams get a successor or dissolve, teams are founded, and teams recruit along their
/// members' ties until their leader's capacity is reached.
/// </summary>
internal static class Teams
{
    /// <summary>
    /// Phase 3c, sequential over teams: which active teams with a leader hold an activity this week, the probability
    /// that an unmanaged team's service is an ad-hoc task, and the month's count of projects (which recruit volunteers).
    /// </summary>
    public static void Schedule(Week w)
    {
        var T = w.Teams; var s = w.Scenario.Teams; var scratch = T.Scratch;
        if (scratch.Acts.Length < T.Count) scratch.Acts = new byte[T.Kind.Length];
        double p = Math.Min(1, s.ActivitiesPerMonth * 12 / Population.WeeksPerYear * Math.Max(0, w.Levers.TeamActivityFactor));
        var acts = new CounterRandom(w.Seed, w.Tick, Draws.TeamActs);
        for (int k = 0; k < T.Count; k++)
            scratch.Acts[k] = T.IsActive(k) && T.Leader[k] >= 0 && acts.Uniform(k) < p ? (byte)1 : (byte)0;
        scratch.AdhocProbability = (float)(s.AdhocShare * Math.Min(1, Offers.StaffLoad(w.Offer, w.Scenario, w.Levers)));
        T.ProjectsThisMonth = (int)Math.Min(int.MaxValue, (long)T.ProjectsThisMonth + w.Offer.Projects); // saturates: a huge project factor cannot wrap it
    }

    /// <summary>The probability that member <paramref name="i"/> serves in its team's activity (before its free hours are checked).</summary>
    public static float ServeProbability(Week w, int i)
    {
        var pop = w.Population; var s = w.Scenario; var d = s.Decision;
        double u = s.Teams.ServeIntercept + s.Teams.ServeIdentity * pop.Identity[i] + d.Reward * w.Levers.Reward[i]
            - d.Fatigue * pop.Fatigue[i] - d.TimeCost * s.Teams.ActivityHours * w.Levers.TimeCostFactor / Math.Max(pop.FreeHours[i], 0.25f);
        return (float)(1 / (1 + Math.Exp(-u)));
    }

    /// <summary>
    /// Phase 3c for one chunk: the members of teams that act this week serve (the leader always, a member with
    /// <see cref="ServeProbability"/> while its hours this week are below its free hours). A service is a participation
    /// with <c>teams.activityHours</c> hours and an outcome: an ad-hoc task has a bad one (nothing visibly achieved),
    /// another activity a good one with probability <c>activities.eventSuccess</c>.
    /// </summary>
    public static void Serve(Week w, Chunk chunk)
    {
        var pop = w.Population; var T = w.Teams; var scratch = T.Scratch; var teamOf = T.TeamOf;
        var serve = new CounterRandom(w.Seed, w.Tick, Draws.TeamServe);
        var adhoc = new CounterRandom(w.Seed, w.Tick, Draws.TeamAdhoc);
        float hours = (float)w.Scenario.Teams.ActivityHours, success = (float)w.Scenario.Activities.EventSuccess;
        pop.ServiceNow.AsSpan(chunk.First, chunk.End - chunk.First).Clear();
        for (int i = chunk.First; i < chunk.End; i++)
        {
            int k = teamOf[i];
            if (k < 0 || scratch.Acts[k] == 0) continue;
            if (T.Leader[k] != i && (pop.HoursNow[i] >= pop.FreeHours[i] || serve.UniformF(i) >= ServeProbability(w, i))) continue;
            pop.ServiceNow[i] = 1;
            chunk.Totals.TeamServices++;
            if (pop.ParticipationNow[i] < 255) pop.ParticipationNow[i]++;
            pop.HoursNow[i] += hours;
            if (T.ServedMonth[i] < 255) T.ServedMonth[i]++;
            T.ServedYear[i] = 1;
            if (pop.Outcomes[i] < 255) pop.Outcomes[i]++;
            if (T.Managed[k] == 0 && adhoc.UniformF(i) < scratch.AdhocProbability)
            {
                if (T.AdhocMonth[i] < 255) T.AdhocMonth[i]++;
                chunk.Totals.AdhocTasks++;
            }
            else if (adhoc.UniformF(i + pop.Count) < success && pop.GoodOutcomes[i] < 255) pop.GoodOutcomes[i]++;
        }
    }

    /// <summary>
    /// The monthly probability that member <paramref name="i"/> leaves:
    /// <c>min(1, (teams.leaveMonthly + teams.leavePerAdhocTask · a + teams.leaveIdle · [served 0 times]) · m · (1 − identity))</c>,
    /// a the month's ad-hoc tasks, m = 1 + ownersCommittees.leaveWithoutCredibility · (1 − credibility) in an owners'
    /// committee and 1 elsewhere.
    /// </summary>
    public static double LeaveProbability(Week w, int i)
    {
        var s = w.Scenario.Teams; var T = w.Teams;
        double h = s.LeaveMonthly + s.LeavePerAdhocTask * T.AdhocMonth[i] + (T.ServedMonth[i] == 0 ? s.LeaveIdle : 0);
        int k = T.TeamOf[i];
        if (k >= 0 && T.Kind[k] == (byte)TeamKind.OwnersCommittee)
            h *= 1 + w.Scenario.OwnersCommittees.LeaveWithoutCredibility * (1 - T.Credibility[k]);
        return Math.Min(1, h * (1 - w.Population.Identity[i]));
    }

    /// <summary>
    /// The probability that adult <paramref name="i"/> accepts an invitation to join team <paramref name="k"/>:
    /// <c>σ(teams.acceptIntercept + teams.acceptAttitude·(belonging + trust) + [squad ∧ party member]·roles.acceptPartyDuty
    /// + [family of a paired elder]·teams.acceptPairedFamily − 2·fatigue)</c>.
    /// </summary>
    public static double AcceptProbability(Week w, int i, int k, bool pairedFamily)
    {
        var pop = w.Population; var s = w.Scenario;
        double u = s.Teams.AcceptIntercept + s.Teams.AcceptAttitude * (pop.Belonging[i] + pop.Trust[i]) - 2 * pop.Fatigue[i]
            + (w.Teams.Kind[k] == (byte)TeamKind.PartySquad && pop.PartyMember[i] != 0 ? s.Roles.AcceptPartyDuty : 0)
            + (pairedFamily ? s.Teams.AcceptPairedFamily : 0);
        return 1 / (1 + Math.Exp(-u));
    }

    /// <summary>
    /// The month's end of phase 5, sequential, in index order: members leave (<see cref="LeaveProbability"/>); a team
    /// whose leader left gets the remaining member with the highest identity as leader, and a team without one or below
    /// <c>teams.minimumSize</c> dissolves; unmanaged teams become managed with probability L.teamManagement; teams are
    /// founded (residents' own, Poisson(<c>teams.foundingPerThousandPerYear</c> · N / 1000 / 12), and the policies'
    /// L.teamsToFound and L.squadsToFound a year); every team with room recruits along its members' ties; the families of
    /// paired elders are invited (L.teamInvite).
    /// </summary>
    public static void Month(Week w)
    {
        var T = w.Teams; var pop = w.Population; int t = w.Tick;
        var leave = new CounterRandom(w.Seed, t, Draws.TeamLeave);
        for (int i = 0; i < pop.Count; i++)
            if (T.TeamOf[i] >= 0 && leave.Uniform(i) < LeaveProbability(w, i)) T.Leave(i);

        ListMembers(T, pop.Count);
        var manage = new CounterRandom(w.Seed, t, Draws.TeamManaged);
        var unilateral = new CounterRandom(w.Seed, t, Draws.OwnersUnilateral);
        var sc = T.Scratch;
        for (int k = 0; k < T.Count; k++)
        {
            if (!T.IsActive(k)) continue;
            if (T.Leader[k] < 0) T.Leader[k] = Successor(T, pop, k);
            bool owners = T.Kind[k] == (byte)TeamKind.OwnersCommittee;
            if (owners) T.Credibility[k] = NextCredibility(w, k, unilateral.Uniform(k));
            if (T.Leader[k] < 0 || T.Size[k] < w.Scenario.Teams.MinimumSize
                || (owners && T.Credibility[k] < w.Scenario.OwnersCommittees.DissolveBelow))
            {
                for (int m = sc.MemberStart[k]; m < sc.MemberStart[k + 1]; m++) T.Leave(sc.Members[m]);
                T.Dissolved[k] = t; T.Leader[k] = -1;
                if (owners) T.OwnersDissolvedYear++; else T.DissolvedYear++;
                continue;
            }
            if (T.Managed[k] == 0 && manage.Uniform(k) < w.Levers.TeamManagement) T.Managed[k] = 1;
        }

        Found(w);
        ElectOwnersCommittees(w);
        ListMembers(T, pop.Count);
        Recruit(w);
        InvitePairedFamilies(w);
    }

    /// <summary>The member of team <paramref name="k"/> (from the lists) with the highest identity, the first in index order among equals; −1 if none.</summary>
    private static int Successor(VolunteerTeams T, Population pop, int k)
    {
        var sc = T.Scratch; int best = -1;
        for (int m = sc.MemberStart[k]; m < sc.MemberStart[k + 1]; m++)
        {
            int i = sc.Members[m];
            if (T.TeamOf[i] == k && (best < 0 || pop.Identity[i] > pop.Identity[best])) best = i;
        }
        return best;
    }

    /// <summary>Lists the members of every team in index order (a counting sort of <see cref="VolunteerTeams.TeamOf"/>).</summary>
    private static void ListMembers(VolunteerTeams T, int residents)
    {
        var sc = T.Scratch;
        if (sc.MemberStart.Length < T.Count + 1) { sc.MemberStart = new int[T.Kind.Length + 1]; sc.Cursor = new int[T.Kind.Length]; }
        if (sc.Members.Length < residents) sc.Members = new int[residents];
        var start = sc.MemberStart; var cursor = sc.Cursor;
        Array.Clear(start, 0, T.Count + 1);
        for (int i = 0; i < residents; i++) if (T.TeamOf[i] >= 0) start[T.TeamOf[i] + 1]++;
        for (int k = 0; k < T.Count; k++) { start[k + 1] += start[k]; cursor[k] = start[k]; }
        for (int i = 0; i < residents; i++)
            if (T.TeamOf[i] is var k and >= 0) sc.Members[cursor[k]++] = i;
    }

    /// <summary>
    /// Teams founded this month: residents' own (managed: no) and the policies' (managed: yes, a social organisation or
    /// a party branch organises them). A leader is drawn uniformly among residents (rejection sampling, at most 2,000
    /// draws): an adult in no team who took part in each of the last <c>roles.eligibleMonths</c> months, or for a squad
    /// an adult party member in no team.
    /// </summary>
    private static void Found(Week w)
    {
        var T = w.Teams; var L = w.Levers; var pop = w.Population; int t = w.Tick;
        var count = new CounterRandom(w.Seed, t, Draws.TeamsFounded);
        int own = count.Poisson(0, w.Scenario.Teams.FoundingPerThousandPerYear * pop.Count / 1000.0 / 12);
        int policy = count.Poisson(1, Math.Max(0, L.TeamsToFound) / 12);
        int squads = count.Poisson(2, Math.Max(0, L.SquadsToFound) / 12);
        var candidate = new CounterRandom(w.Seed, t, Draws.TeamLeaderCandidate);
        long n = 0;
        // Every team needs a leader of its own: a month cannot found more teams than there are residents, however large
        // the policies' founding levers (they add up, each up to its declared maximum), so the loop stays bounded.
        long founding = Math.Min((long)own + policy + squads, pop.Count);
        for (int f = 0; f < founding; f++)
        {
            bool squad = f >= (long)own + policy;
            for (int tries = 0; tries < 2000; tries++, n++)
            {
                int r = (int)(candidate.Uniform(n) * pop.Count);
                if (pop.Occupation[r] == Occupation.Child || T.TeamOf[r] >= 0) continue;
                if (squad ? pop.PartyMember[r] == 0 : pop.MonthStreak[r] < w.Scenario.Roles.EligibleMonths) continue;
                T.Add(squad ? TeamKind.PartySquad : TeamKind.Volunteers, r, t, managed: f >= own);
                T.FoundedYear++;
                n++;
                break;
            }
        }
    }

    /// <summary>
    /// Every active team in index order recruits: x = (members who served this month) · <c>teams.invitationsPerMember</c> ·
    /// L.teamInvitationFactor, plus <c>teams.foundingInvitations</c> in its first month and <c>teams.invitationsPerProject</c>
    /// for each of the month's projects that drew it, rounded stochastically; each invitation goes from a member drawn
    /// uniformly to one of its ties drawn uniformly, and an adult in no team accepts with <see cref="AcceptProbability"/>.
    /// The team stops when it reaches its leader's capacity, <c>teams.leaderCapacity</c> · L.leaderCapacityFactor.
    /// </summary>
    private static void Recruit(Week w)
    {
        var T = w.Teams; var s = w.Scenario.Teams; var L = w.Levers; var pop = w.Population; var net = w.Network; int t = w.Tick;
        var sc = T.Scratch;
        if (sc.Extra.Length < T.Count) sc.Extra = new int[T.Kind.Length];
        Array.Clear(sc.Extra, 0, T.Count);
        sc.Open.Clear();
        for (int k = 0; k < T.Count; k++) if (T.IsActive(k) && T.Kind[k] != (byte)TeamKind.OwnersCommittee) sc.Open.Add(k);
        var project = new CounterRandom(w.Seed, t, Draws.TeamProject);
        if (sc.Open.Count > 0)
        {
            // Bounded whatever a project factor makes of the month's projects (levers multiply up to their declared maxima):
            // more projects than residents recruit no one more, since no team can take more members than there are.
            long projects = Math.Min((long)T.ProjectsThisMonth, pop.Count);
            for (int p = 0; p < projects; p++) sc.Extra[sc.Open[(int)(project.Uniform(p) * sc.Open.Count)]]++;
        }

        double capacity = s.LeaderCapacity * Math.Max(0, L.LeaderCapacityFactor);
        var rounding = new CounterRandom(w.Seed, t, Draws.TeamInvitations);
        var inviter = new CounterRandom(w.Seed, t, Draws.TeamInviter);
        var tie = new CounterRandom(w.Seed, t, Draws.TeamInvitee);
        var accept = new CounterRandom(w.Seed, t, Draws.TeamAccept);
        foreach (int k in sc.Open)
        {
            int first = sc.MemberStart[k], members = sc.MemberStart[k + 1] - first, served = 0;
            for (int m = first; m < first + members; m++) if (T.ServedMonth[sc.Members[m]] > 0) served++;
            double x = served * s.InvitationsPerMember * Math.Max(0, L.TeamInvitationFactor) + sc.Extra[k] * s.InvitationsPerProject
                + (T.Founded[k] == t ? s.FoundingInvitations : 0);
            x = Math.Min(x, pop.Count); // no more invitations than residents: declined ones cannot keep the loop going for ever
            int invitations = (int)x + (rounding.Uniform(k) < x - (int)x ? 1 : 0);
            for (int j = 0; j < invitations && T.Size[k] < capacity && members > 0; j++)
            {
                long index = ((long)k << 24) + j;
                int from = sc.Members[first + (int)(inviter.Uniform(index) * members)];
                int lo = net.Offsets[from], degree = net.Offsets[from + 1] - lo;
                if (degree == 0) continue;
                int to = net.Targets[lo + (int)(tie.Uniform(index) * degree)];
                if (pop.Occupation[to] == Occupation.Child || T.TeamOf[to] >= 0) continue;
                if (accept.Uniform(index) < AcceptProbability(w, to, k, pairedFamily: false)) T.Join(to, k, t);
            }
        }
    }

    /// <summary>
    /// The families of paired elders (YL): each adult in no team is invited with probability L.teamInvite_i by the
    /// volunteer who visits its elder, into that volunteer's team (drawn uniformly among active teams with room), and
    /// accepts with <see cref="AcceptProbability"/> (family bonus).
    /// </summary>
    private static void InvitePairedFamilies(Week w)
    {
        var T = w.Teams; var L = w.Levers; var pop = w.Population; int t = w.Tick; var sc = T.Scratch;
        if (!L.PerResidentDirty) return; // no policy set a per-resident lever this week, so none invites
        double capacity = w.Scenario.Teams.LeaderCapacity * Math.Max(0, L.LeaderCapacityFactor);
        sc.Open.Clear();
        for (int k = 0; k < T.Count; k++)
            if (T.IsActive(k) && T.Size[k] < capacity && T.Kind[k] != (byte)TeamKind.OwnersCommittee) sc.Open.Add(k);
        if (sc.Open.Count == 0) return;
        var invited = new CounterRandom(w.Seed, t, Draws.TeamPairedInvited);
        var team = new CounterRandom(w.Seed, t, Draws.TeamPairedTeam);
        var accept = new CounterRandom(w.Seed, t, Draws.TeamPairedAccept);
        for (int i = 0; i < pop.Count; i++)
        {
            float p = L.TeamInvite[i];
            if (p <= 0 || T.TeamOf[i] >= 0 || pop.Occupation[i] == Occupation.Child || invited.UniformF(i) >= p) continue;
            int k = sc.Open[(int)(team.Uniform(i) * sc.Open.Count)];
            if (T.Size[k] >= capacity) continue;
            if (accept.Uniform(i) < AcceptProbability(w, i, k, pairedFamily: true)) T.Join(i, k, t);
        }
    }

    /// <summary>
    /// An owners' committee's credibility after this month's decision (T): it acts without consulting with probability
    /// <c>ownersCommittees.unilateralMonthly · (1 − L.ownersConsultation)</c> (<paramref name="u"/> the draw) and loses
    /// <c>ownersCommittees.credibilityLoss</c> of its credibility; otherwise it recovers
    /// <c>ownersCommittees.credibilityGain</c> of the way to 1.
    /// </summary>
    public static float NextCredibility(Week w, int k, double u)
    {
        var s = w.Scenario.OwnersCommittees; double c = w.Teams.Credibility[k];
        bool alone = u < s.UnilateralMonthly * (1 - Math.Clamp(w.Levers.OwnersConsultation, 0, 1));
        return (float)(alone ? c * (1 - s.CredibilityLoss) : c + s.CredibilityGain * (1 - c));
    }

    /// <summary>
    /// Each compound without an owners' committee (three-no compounds excepted: no owners' committee by definition, D)
    /// elects one with probability <c>ownersCommittees.electionMonthly</c> + L.ownersElection: up to
    /// <c>ownersCommittees.members</c> adult owners (not renters) of the compound in no team, drawn uniformly in the
    /// compound (at most 50 draws a seat), the first drawn its chair; it starts with
    /// <c>ownersCommittees.initialCredibility</c> and is managed (it gets no ad-hoc tasks).
    /// </summary>
    private static void ElectOwnersCommittees(Week w)
    {
        var T = w.Teams; var pop = w.Population; var sc = T.Scratch; var s = w.Scenario.OwnersCommittees; int t = w.Tick;
        int compounds = pop.CompoundCount;
        if (sc.CompoundStart.Length != compounds + 1)
        {
            sc.CompoundStart = new int[compounds + 1]; sc.HasOwnersCommittee = new bool[compounds];
            for (int i = pop.Count - 1; i >= 0; i--) sc.CompoundStart[pop.Compound[i]] = i; // residents are stored compound by compound
            sc.CompoundStart[compounds] = pop.Count;
        }
        Array.Clear(sc.HasOwnersCommittee);
        for (int k = 0; k < T.Count; k++)
            if (T.IsActive(k) && T.Kind[k] == (byte)TeamKind.OwnersCommittee) sc.HasOwnersCommittee[T.Compound[k]] = true;
        double p = s.ElectionMonthly + Math.Max(0, w.Levers.OwnersElection);
        var elect = new CounterRandom(w.Seed, t, Draws.OwnersElection);
        var seat = new CounterRandom(w.Seed, t, Draws.OwnersSeat);
        for (int c = 0; c < compounds; c++)
        {
            if (sc.HasOwnersCommittee[c] || pop.CompoundTypes[c] == Scenarios.CompoundType.ThreeNo || elect.Uniform(c) >= p) continue;
            int lo = sc.CompoundStart[c], n = sc.CompoundStart[c + 1] - lo, k = -1;
            for (int d = 0; d < 50 * s.Members && n > 0 && (k < 0 || T.Size[k] < s.Members); d++)
            {
                int r = lo + (int)(seat.Uniform(((long)c << 20) + d) * n);
                if (pop.Occupation[r] == Occupation.Child || pop.Origin[r] == OriginGroup.Renter || T.TeamOf[r] >= 0) continue;
                if (k < 0) { k = T.Add(TeamKind.OwnersCommittee, r, t, managed: true, c, (float)s.InitialCredibility); T.OwnersElectedYear++; }
                else T.Join(r, k, t);
            }
        }
    }

    /// <summary>The month closes (bookkeeping, after the recorders): the month's service and ad-hoc counts and projects start again.</summary>
    public static void CloseMonth(VolunteerTeams T)
    {
        Array.Clear(T.ServedMonth); Array.Clear(T.AdhocMonth);
        T.ProjectsThisMonth = 0;
    }

    /// <summary>The year closes (bookkeeping, after the recorders): the year's service flags and counts start again.</summary>
    public static void CloseYear(VolunteerTeams T)
    {
        Array.Clear(T.ServedYear);
        T.JoinedYear = 0; T.LeftYear = 0; T.FoundedYear = 0; T.DissolvedYear = 0; T.OwnersElectedYear = 0; T.OwnersDissolvedYear = 0;
        T.MembersAtYearStart = T.Members();
    }

    /// <summary>
    /// The teams' figures at the end of a month (<paramref name="year"/> false: served this month) or a year (served this
    /// year), read only: volunteers (members who served, and those under 35 at week <paramref name="t"/>), members,
    /// active teams and squads, the largest team, and the leaders who hold no committee post.
    /// </summary>
    public static TeamCounts Count(VolunteerTeams T, Population pop, int t, bool year)
    {
        var c = new TeamCounts();
        var served = year ? T.ServedYear : T.ServedMonth;
        for (int i = 0; i < pop.Count; i++)
        {
            if (T.TeamOf[i] < 0 || T.Kind[T.TeamOf[i]] == (byte)TeamKind.OwnersCommittee) continue;
            c.Members++;
            if (served[i] == 0) continue;
            c.Volunteers++;
            if (pop.AgeAt(i, t) < 35) c.YoungVolunteers++;
        }
        for (int k = 0; k < T.Count; k++)
        {
            if (!T.IsActive(k)) continue;
            int leader = T.Leader[k];
            if (T.Kind[k] == (byte)TeamKind.OwnersCommittee)
            {
                c.OwnersCommittees++; c.OwnersCredibility += T.Credibility[k];
                if (leader >= 0) { c.OwnersChairs++; if (pop.Role[leader] < Role.Backbone) c.LeadersWithoutPost++; }
                continue;
            }
            c.Teams++;
            c.Largest = Math.Max(c.Largest, T.Size[k]);
            bool squad = T.Kind[k] == (byte)TeamKind.PartySquad;
            if (squad) c.Squads++;
            if (leader < 0) continue;
            if (squad) c.SquadLeaders++; else c.TeamLeaders++;
            if (pop.Role[leader] < Role.Backbone) c.LeadersWithoutPost++;
        }
        if (c.OwnersCommittees > 0) c.OwnersCredibility /= c.OwnersCommittees; else c.OwnersCredibility = double.NaN;
        return c;
    }

    /// <summary>Turnover: a resident who moves out leaves its team, and its dwelling's newcomer starts with no service record.</summary>
    public static void MoveOut(VolunteerTeams T, int i)
    {
        T.Leave(i);
        T.ServedMonth[i] = 0; T.AdhocMonth[i] = 0; T.ServedYear[i] = 0;
    }
}
