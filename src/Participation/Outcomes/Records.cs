namespace Participation.Outcomes;

/// <summary>
/// The name of a record's column in the result tables where it is not the property's snake_case name: one figure has
/// one name in every table, the summary's (the monthly register share <c>Register.Age31To40</c> is
/// <c>register_age_31_40</c>, as in summary.csv and the targets files).
/// </summary>
/// <param name="name">The column's name (after its record's prefix, e.g. <c>age_31_40</c> under <c>register_</c>).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TableColumnAttribute(string name) : Attribute
{
    /// <summary>The column's name.</summary>
    public string Name { get; } = name;
}

/// <summary>Outcomes of one week (one tick). Shares are in [0, 1].</summary>
public sealed record WeeklyRecord
{
    /// <summary>First day of the week.</summary>
    public DateOnly Date { get; init; }
    /// <summary>Tick number.</summary>
    public int Tick { get; init; }
    /// <summary>Residents.</summary>
    public int Residents { get; init; }
    /// <summary>Adults (18 and over).</summary>
    public int Adults { get; init; }
    /// <summary>Adults who took part at least once this week.</summary>
    public int Participants { get; init; }
    /// <summary>Participants over adults.</summary>
    public double ParticipationRateWeekly { get; init; }
    /// <summary>Participations (activities and tasks) this week.</summary>
    public int Participations { get; init; }
    /// <summary>Backbones (mentors included) at the end of the week.</summary>
    public int Backbones { get; init; }
    /// <summary>Mentors at the end of the week.</summary>
    public int Mentors { get; init; }
    /// <summary>Residents who became backbones this week.</summary>
    public int BackboneEntries { get; init; }
    /// <summary>Of <see cref="BackboneEntries"/>, those who entered through the party-building channel (<c>roles.partyChannelShare</c>).</summary>
    public int BackboneEntriesParty { get; init; }
    /// <summary>Backbones who left the role this week (exits and moves).</summary>
    public int BackboneExits { get; init; }
    /// <summary>Adults personally invited this week.</summary>
    public int Invited { get; init; }
    /// <summary>Mean trust in residents over adults.</summary>
    public double MeanTrust { get; init; }
    /// <summary>Mean trust in the residents' committee over adults.</summary>
    public double MeanCommitteeTrust { get; init; }
    /// <summary>Mean norm of reciprocity over adults.</summary>
    public double MeanReciprocity { get; init; }
    /// <summary>Mean belonging over adults.</summary>
    public double MeanBelonging { get; init; }
    /// <summary>Mean responsibility over adults.</summary>
    public double MeanResponsibility { get; init; }
    /// <summary>Mean efficacy over adults.</summary>
    public double MeanEfficacy { get; init; }
    /// <summary>Mean fatigue over backbones.</summary>
    public double MeanBackboneFatigue { get; init; }
    /// <summary>Mean identity over backbones.</summary>
    public double MeanBackboneIdentity { get; init; }
    /// <summary>Tasks (organising, mediation, projects, tasks sent down) assigned to backbones.</summary>
    public int TasksToBackbones { get; init; }
    /// <summary>Tasks sent down by higher levels this week.</summary>
    public int TasksSentDown { get; init; }
    /// <summary>Tasks sent down that staff handled.</summary>
    public int TasksByStaff { get; init; }
    /// <summary>Tasks sent down that the committee handed to property companies and merchants (D).</summary>
    public int TasksHandedToOthers { get; init; }
    /// <summary>The staff's hours this week (policies' hours included).</summary>
    public double StaffHours { get; init; }
    /// <summary>Tasks sent down to the committee (not handed to others) per staff member this week (D: 16 staff for 35,000 residents).</summary>
    public double SentDownPerStaff { get; init; }
    /// <summary>The staff's load: hours the tasks sent down to the committee need over the staff's hours.</summary>
    public double StaffLoad { get; init; }
    /// <summary>Services in volunteer teams' activities this week.</summary>
    public int TeamServices { get; init; }
    /// <summary>Of them, ad-hoc tasks handed down without content or standard (D).</summary>
    public int AdhocTasks { get; init; }
    /// <summary>Problems raised by residents this week.</summary>
    public int ProblemsRaised { get; init; }
    /// <summary>Problems solved this week.</summary>
    public int ProblemsSolved { get; init; }
    /// <summary>Complaints: problems raised again because unresolved past the residents' patience.</summary>
    public int Complaints { get; init; }
    /// <summary>Problems raised and not (yet) solved: pending, and ignored ones within a year.</summary>
    public int ProblemsUnresolved { get; init; }
    /// <summary>Households that moved out this week (replaced by newcomers).</summary>
    public int HouseholdsMoved { get; init; }
    /// <summary>Money spent by policies this week, yuan.</summary>
    public double Spent { get; init; }
}

/// <summary>Outcomes of one calendar month, as the studies define them.</summary>
public sealed record MonthlyRecord
{
    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; init; }
    /// <summary>Adults at the end of the month.</summary>
    public int Adults { get; init; }
    /// <summary>Adults with at least one participation in the month.</summary>
    public int Participants { get; init; }
    /// <summary>Participants over adults.</summary>
    [TableColumn("participation_rate_month")]
    public double ParticipationRate { get; init; }
    /// <summary>Mean participations per participant.</summary>
    public double MeanFrequency { get; init; }
    /// <summary>Backbones who held the role this month and took part at least once.</summary>
    public int BackbonesActive { get; init; }
    /// <summary>Share of active backbones with 1-2 participations in the month (X: 55.3 %).</summary>
    [TableColumn("backbone_frequency_1_2")]
    public double BackboneFrequency1To2 { get; init; }
    /// <summary>Share with 3-4 (X: 26.6 %).</summary>
    [TableColumn("backbone_frequency_3_4")]
    public double BackboneFrequency3To4 { get; init; }
    /// <summary>Share with 5-6 (X: 11.8 %).</summary>
    [TableColumn("backbone_frequency_5_6")]
    public double BackboneFrequency5To6 { get; init; }
    /// <summary>Share with more than 6 (X: 6.3 %).</summary>
    [TableColumn("backbone_frequency_over_6")]
    public double BackboneFrequencyOver6 { get; init; }
    /// <summary>Volunteers: members of a volunteer team or party squad at the end of the month who served in one of its activities in the month.</summary>
    public int Volunteers { get; init; }
    /// <summary>Members of volunteer teams and party squads at the end of the month, whether or not they served.</summary>
    public int TeamMembers { get; init; }
    /// <summary>Active volunteer teams and party squads at the end of the month.</summary>
    public int Teams { get; init; }
    /// <summary>Of them, party volunteer squads.</summary>
    public int Squads { get; init; }
    /// <summary>Under-35 share of the month's participants.</summary>
    public double Under35Participants { get; init; }
    /// <summary>Under-35 share of volunteers.</summary>
    public double Under35Volunteers { get; init; }
    /// <summary>Under-35 share of backbones.</summary>
    public double Under35Backbones { get; init; }
    /// <summary>Register view at the end of the month (backbones in role, tenure shares, age make-up).</summary>
    public RegisterView Register { get; init; } = new();
    /// <summary>H's check: share of online-connected adults who are members of a club.</summary>
    public double OnlineClubMembership { get; init; }
    /// <summary>Money spent by policies in the month, yuan.</summary>
    public double Spent { get; init; }
}

/// <summary>
/// X's register view: the backbones in role at a date, the share whose continuous service is over three
/// years and under six months, and their age make-up. A stock, not a cohort survival curve.
/// </summary>
public sealed record RegisterView
{
    /// <summary>Date of the view.</summary>
    public DateOnly Date { get; init; }
    /// <summary>Backbones (mentors included) in role.</summary>
    public int Backbones { get; init; }
    /// <summary>Share with continuous service over three years (X: 28 %).</summary>
    [TableColumn("over_3_years")]
    public double ServiceOver3Years { get; init; }
    /// <summary>Share serving under six months (X: 65 %).</summary>
    [TableColumn("under_6_months")]
    public double ServiceUnder6Months { get; init; }
    /// <summary>Share aged 30 or under (X: 29.2 %).</summary>
    [TableColumn("age_30_or_under")]
    public double Age30OrUnder { get; init; }
    /// <summary>Share aged 31-40 (X: 14.6 %).</summary>
    [TableColumn("age_31_40")]
    public double Age31To40 { get; init; }
    /// <summary>Share aged 41-50 (X: 27.1 %).</summary>
    [TableColumn("age_41_50")]
    public double Age41To50 { get; init; }
    /// <summary>Share aged 51 and over (X: 29.2 %).</summary>
    [TableColumn("age_51_plus")]
    public double Age51Plus { get; init; }
    /// <summary>Share aged 60 and over (X, community workers: 42 %).</summary>
    [TableColumn("age_60_plus")]
    public double Age60Plus { get; init; }
    /// <summary>Share under 35.</summary>
    [TableColumn("under_35")]
    public double Under35 { get; init; }
    /// <summary>Share who are women.</summary>
    public double Women { get; init; }
    /// <summary>Share who are renters.</summary>
    public double Renters { get; init; }
}

/// <summary>Outcomes of one calendar year.</summary>
public sealed record AnnualRecord
{
    /// <summary>Year.</summary>
    public int Year { get; init; }
    /// <summary>Residents who held a backbone role at some time in the year.</summary>
    public int BackbonesInYear { get; init; }
    /// <summary>Tasks done by them in the year.</summary>
    public int Tasks { get; init; }
    /// <summary>Share of those tasks done by the top 10 % of them (X's 2024 ledger: 63 %).</summary>
    public double Top10TaskShare { get; init; }
    /// <summary>Gini coefficient of tasks over them.</summary>
    public double TaskGini { get; init; }
    /// <summary>Entries into the backbone role in the year.</summary>
    public int Entries { get; init; }
    /// <summary>Exits from the role in the year.</summary>
    public int Exits { get; init; }
    /// <summary>Adults who took part at least once in the last 52 weeks, over adults.</summary>
    public double ParticipationRateYear { get; init; }
    /// <summary>Volunteers: members of a team or squad at the end of the year who served in one of its activities during the year.</summary>
    public int Volunteers { get; init; }
    /// <summary>Members of teams and squads at the end of the year.</summary>
    public int TeamMembers { get; init; }
    /// <summary>Active teams and squads at the end of the year.</summary>
    public int Teams { get; init; }
    /// <summary>Of them, party volunteer squads.</summary>
    public int Squads { get; init; }
    /// <summary>Mean members per active team or squad at the end of the year.</summary>
    public double MeanTeamSize { get; init; }
    /// <summary>Largest team or squad at the end of the year.</summary>
    public int LargestTeam { get; init; }
    /// <summary>Teams and squads founded in the year.</summary>
    public int TeamsFounded { get; init; }
    /// <summary>Teams and squads dissolved in the year.</summary>
    public int TeamsDissolved { get; init; }
    /// <summary>Residents who joined a team or squad in the year (founding leaders included).</summary>
    public int TeamJoins { get; init; }
    /// <summary>Members who left a team or squad in the year (moving out and dissolution included).</summary>
    public int TeamLeaves { get; init; }
    /// <summary>Team turnover: members who left in the year over members at its start.</summary>
    public double TeamTurnover { get; init; }
    /// <summary>Owners' committees at the end of the year.</summary>
    public int OwnersCommittees { get; init; }
    /// <summary>Their mean credibility at the end of the year.</summary>
    public double OwnersCommitteeCredibility { get; init; }
    /// <summary>Owners' committees elected in the year.</summary>
    public int OwnersCommitteesElected { get; init; }
    /// <summary>Owners' committees dissolved in the year (lost credibility, members gone).</summary>
    public int OwnersCommitteesDissolved { get; init; }
    /// <summary>Under-35 share of volunteers at the end of the year (YL 2018: 12 %).</summary>
    public double Under35Volunteers { get; init; }
    /// <summary>Backbones in a committee post (building leaders, organisers, mediators; mentors included) at the end of the year.</summary>
    public int Backbones { get; init; }
    /// <summary>Leaders of volunteer teams at the end of the year (a backbone post of its own).</summary>
    public int TeamLeaders { get; init; }
    /// <summary>Leaders of party volunteer squads at the end of the year.</summary>
    public int SquadLeaders { get; init; }
    /// <summary>Chairs of owners' committees at the end of the year.</summary>
    public int OwnersCommitteeChairs { get; init; }
    /// <summary>Residents who hold any backbone post at the end of the year: a committee post or the lead of a team, squad or owners' committee, each counted once.</summary>
    public int BackbonesAllPosts { get; init; }
    /// <summary>Money spent by policies in the year, yuan.</summary>
    public double Spent { get; init; }
}

/// <summary>Why a backbone spell ended.</summary>
public enum SpellEnd
{
    /// <summary>Still serving when the run ended (censored).</summary>
    Censored,
    /// <summary>Left the role (exit hazard: early attrition, burnout, life events).</summary>
    Exited,
    /// <summary>Moved out of the community.</summary>
    MovedOut,
}

/// <summary>One backbone career: from entry to exit or to the end of the run (censored).</summary>
/// <param name="Resident">Resident index (slots are reused by newcomers: pair with <paramref name="Start"/>).</param>
/// <param name="Start">Tick the spell began.</param>
/// <param name="End">Tick it ended (exclusive), or the run's last tick + 1 when censored.</param>
/// <param name="AgeAtStart">Age at entry, years.</param>
/// <param name="Reason">How it ended.</param>
public readonly record struct TenureSpell(int Resident, int Start, int End, double AgeAtStart, SpellEnd Reason)
{
    /// <summary>Length in weeks.</summary>
    public int Weeks => End - Start;
}
