using Participation.Scenarios;

namespace Participation.Residents;

/// <summary>A resident's role, from least to most involved. Backbone and mentor are the register (居民骨干).</summary>
public enum Role : byte
{
    /// <summary>No participation in the last 13 weeks.</summary>
    Inactive = 0,
    /// <summary>Took part in the last 13 weeks, fewer than the active threshold in the last four.</summary>
    Occasional = 1,
    /// <summary>Took part at least the active threshold in the last four weeks.</summary>
    Active = 2,
    /// <summary>Holds a recurring role (building leader, club organiser, mediator, volunteer lead).</summary>
    Backbone = 3,
    /// <summary>A backbone who mentors new backbones (X's mentorship scheme).</summary>
    Mentor = 4,
}

/// <summary>Origin group of a household (study T's four groups).</summary>
public enum OriginGroup : byte
{
    /// <summary>Local (native) residents.</summary>
    Local = 0,
    /// <summary>Owners from elsewhere in the same city.</summary>
    FromCity = 1,
    /// <summary>Owners from outside the city.</summary>
    OwnerFromElsewhere = 2,
    /// <summary>Renters.</summary>
    Renter = 3,
}

/// <summary>What a resident mainly does in the week; sets free hours.</summary>
public enum Occupation : byte
{
    /// <summary>Under 18: not modelled as a participant.</summary>
    Child = 0,
    /// <summary>In education.</summary>
    Student = 1,
    /// <summary>Employed.</summary>
    Employed = 2,
    /// <summary>Working age, neither employed nor in education.</summary>
    NotEmployed = 3,
    /// <summary>Retired.</summary>
    Retired = 4,
}

/// <summary>
/// The whole population as a structure of arrays: one array per attribute, indexed by resident.
/// Residents are ordered compound → building → household, so neighbours sit near each other in memory.
/// Use <see cref="this[int]"/> for a friendly per-resident view.
/// </summary>
public sealed class Population
{
    /// <summary>Weeks in a year (365.25 / 7).</summary>
    public const double WeeksPerYear = 365.25 / 7;

    /// <summary>Number of residents (constant over a run: newcomers take the places of those who leave).</summary>
    public int Count { get; }

    // Structure -------------------------------------------------------------------------------------
    /// <summary>Household of each resident.</summary>
    public int[] Household { get; }
    /// <summary>Building of each resident.</summary>
    public int[] Building { get; }
    /// <summary>Compound of each resident.</summary>
    public int[] Compound { get; }
    /// <summary>First resident of each household; length households + 1.</summary>
    public int[] HouseholdStart { get; }
    /// <summary>Birth week of the oldest member of each household (for the elder exit hazard).</summary>
    public int[] HouseholdOldestBirthWeek { get; }
    /// <summary>Type of each compound.</summary>
    public CompoundType[] CompoundTypes { get; }
    /// <summary>Names of the compounds, in index order.</summary>
    public string[] CompoundNames { get; }
    /// <summary>Compound of each club.</summary>
    public int[] ClubCompound { get; internal set; } = [];
    /// <summary>First club of each compound; length compounds + 1 (clubs are numbered compound by compound).</summary>
    public int[] ClubFirst { get; internal set; } = [];
    /// <summary>Building count.</summary>
    public int BuildingCount { get; internal set; }

    // Attributes ------------------------------------------------------------------------------------
    /// <summary>Week of birth, relative to tick 0 (negative: born before the start).</summary>
    public int[] BirthWeek { get; }
    /// <summary>Week of moving in, relative to tick 0.</summary>
    public int[] MoveInWeek { get; }
    /// <summary>1 for women, 0 for men.</summary>
    public byte[] Female { get; }
    /// <summary>Origin group (see <see cref="OriginGroup"/>).</summary>
    public OriginGroup[] Origin { get; }
    /// <summary>Education: 0 primary or less, 1 lower secondary, 2 upper secondary, 3 college or above.</summary>
    public byte[] Education { get; }
    /// <summary>Occupation (see <see cref="Occupation"/>).</summary>
    public Occupation[] Occupation { get; }
    /// <summary>1 for party members.</summary>
    public byte[] PartyMember { get; }
    /// <summary>Digital literacy in [0, 1].</summary>
    public float[] DigitalLiteracy { get; }
    /// <summary>Weekly hours free for community activity.</summary>
    public float[] FreeHours { get; }
    /// <summary>Club membership (-1: none).</summary>
    public int[] Club { get; }
    /// <summary>1 when in the building's online group.</summary>
    public byte[] InOnlineGroup { get; }
    /// <summary>1 when the resident's weak ties are acquaintances (dormant for newcomers until they take part).</summary>
    public byte[] WeakTiesActive { get; }

    // Social capital and motivation (all in [0, 1]) ---------------------------------------------------
    /// <summary>Trust in residents.</summary>
    public float[] Trust { get; }
    /// <summary>Trust in the residents' committee.</summary>
    public float[] CommitteeTrust { get; }
    /// <summary>Norm of reciprocity.</summary>
    public float[] Reciprocity { get; }
    /// <summary>Sense of belonging.</summary>
    public float[] Belonging { get; }
    /// <summary>Sense of responsibility.</summary>
    public float[] Responsibility { get; }
    /// <summary>Self-efficacy.</summary>
    public float[] Efficacy { get; }
    /// <summary>Fatigue.</summary>
    public float[] Fatigue { get; }
    /// <summary>Role identity: how much serving is part of who the resident is.</summary>
    public float[] Identity { get; }
    /// <summary>Points held (where a points scheme runs).</summary>
    public float[] Points { get; }
    /// <summary>Reliability score used by the committee when it hands out tasks (exponential memory of tasks done).</summary>
    public float[] Reliability { get; }

    // Role and history ------------------------------------------------------------------------------
    /// <summary>Current role.</summary>
    public Role[] Role { get; }
    /// <summary>Tick the current role started.</summary>
    public int[] RoleSince { get; }
    /// <summary>Tick the current backbone spell started (-1: not a backbone).</summary>
    public int[] BackboneSince { get; }
    /// <summary>Projects led as a backbone.</summary>
    public byte[] ProjectsLed { get; }
    /// <summary>Participations this week (activities and tasks).</summary>
    public byte[] ParticipationNow { get; internal set; }
    /// <summary>Participations last week.</summary>
    public byte[] ParticipationPrev { get; internal set; }
    /// <summary>Tasks assigned and done this week.</summary>
    public byte[] TasksNow { get; }
    /// <summary>Council meetings attended this week (0 or 1).</summary>
    public byte[] CouncilNow { get; }
    /// <summary>Community activities taken part in this week.</summary>
    public byte[] EventsNow { get; }
    /// <summary>Activities and projects organised this week (tasks).</summary>
    public byte[] OrganisedNow { get; }
    /// <summary>Disputes mediated this week (tasks).</summary>
    public byte[] MediatedNow { get; }
    /// <summary>1 when the resident served in its volunteer team's activity this week.</summary>
    public byte[] ServiceNow { get; }
    /// <summary>Hours of community activity this week.</summary>
    public float[] HoursNow { get; }
    /// <summary>Participations in the last four weeks.</summary>
    public ushort[] Last4 { get; }
    /// <summary>Participations in the last 13 weeks.</summary>
    public ushort[] Last13 { get; }
    /// <summary>Ring of weekly participation counts over the last 13 weeks (13 bytes a resident).</summary>
    internal byte[] History { get; }
    /// <summary>Participations in the current calendar month.</summary>
    public ushort[] MonthCount { get; }
    /// <summary>Consecutive completed calendar months with at least one participation.</summary>
    public byte[] MonthStreak { get; }
    /// <summary>Last tick with a participation (int.MinValue / 2: never).</summary>
    public int[] LastParticipation { get; }
    /// <summary>Tasks done this calendar year.</summary>
    public ushort[] TasksThisYear { get; }
    /// <summary>1 when the resident held a backbone role at some time this calendar year.</summary>
    public byte[] HeldRoleThisYear { get; }
    /// <summary>Participations with a good outcome this week (heard, solved, visibly achieved).</summary>
    internal byte[] GoodOutcomes { get; }
    /// <summary>Participations with an outcome this week.</summary>
    internal byte[] Outcomes { get; }

    internal Population(int count, int households, int compounds)
    {
        Count = count;
        Household = new int[count]; Building = new int[count]; Compound = new int[count];
        HouseholdStart = new int[households + 1];
        HouseholdOldestBirthWeek = new int[households];
        CompoundTypes = new CompoundType[compounds]; CompoundNames = new string[compounds];
        BirthWeek = new int[count]; MoveInWeek = new int[count]; Female = new byte[count];
        Origin = new OriginGroup[count]; Education = new byte[count]; Occupation = new Occupation[count];
        PartyMember = new byte[count]; DigitalLiteracy = new float[count]; FreeHours = new float[count];
        Club = new int[count]; InOnlineGroup = new byte[count]; WeakTiesActive = new byte[count];
        Trust = new float[count]; CommitteeTrust = new float[count]; Reciprocity = new float[count];
        Belonging = new float[count]; Responsibility = new float[count]; Efficacy = new float[count];
        Fatigue = new float[count]; Identity = new float[count]; Points = new float[count]; Reliability = new float[count];
        Role = new Role[count]; RoleSince = new int[count]; BackboneSince = new int[count];
        ProjectsLed = new byte[count]; ParticipationNow = new byte[count]; ParticipationPrev = new byte[count];
        TasksNow = new byte[count]; HoursNow = new float[count]; ServiceNow = new byte[count];
        CouncilNow = new byte[count]; EventsNow = new byte[count]; OrganisedNow = new byte[count]; MediatedNow = new byte[count];
        Last4 = new ushort[count]; Last13 = new ushort[count]; History = new byte[(long)count * HistoryWeeks];
        MonthCount = new ushort[count]; MonthStreak = new byte[count]; LastParticipation = new int[count];
        TasksThisYear = new ushort[count]; HeldRoleThisYear = new byte[count];
        GoodOutcomes = new byte[count]; Outcomes = new byte[count];
    }

    internal const int HistoryWeeks = 13;

    /// <summary>Number of households.</summary>
    public int HouseholdCount => HouseholdStart.Length - 1;

    /// <summary>Number of compounds.</summary>
    public int CompoundCount => CompoundTypes.Length;

    /// <summary>Number of clubs.</summary>
    public int ClubCount => ClubCompound.Length;

    /// <summary>Age in years of resident <paramref name="i"/> at tick <paramref name="tick"/>.</summary>
    public double AgeAt(int i, int tick) => (tick - BirthWeek[i]) / WeeksPerYear;

    /// <summary>True when resident <paramref name="i"/> is a backbone or a mentor.</summary>
    public bool IsBackbone(int i) => Role[i] >= Residents.Role.Backbone;

    /// <summary>A read-only view of one resident.</summary>
    public Resident this[int index] => new(this, index);

    /// <summary>Approximate bytes of memory per resident held by the arrays above.</summary>
    public static int BytesPerResident =>
        3 * 4 /*structure*/ + 4 + 4 + 1 + 1 + 1 + 1 + 1 + 4 + 4 + 4 + 1 + 1 /*attributes*/
        + 10 * 4 /*social capital*/ + 4 /*weekly counts by kind*/ + 1 /*team service*/ + 1 + 4 + 4 + 1 + 1 + 1 + 1 + 4 + 2 + 2 + HistoryWeeks + 2 + 1 + 4 + 2 + 1 + 4;
}

/// <summary>A friendly, read-only view of one resident: an index into a <see cref="Population"/>.</summary>
public readonly struct Resident(Population population, int index)
{
    /// <summary>Index of the resident.</summary>
    public int Index => index;
    /// <summary>Role.</summary>
    public Role Role => population.Role[index];
    /// <summary>Origin group.</summary>
    public OriginGroup Origin => population.Origin[index];
    /// <summary>Occupation.</summary>
    public Occupation Occupation => population.Occupation[index];
    /// <summary>Trust in residents.</summary>
    public float Trust => population.Trust[index];
    /// <summary>Belonging.</summary>
    public float Belonging => population.Belonging[index];
    /// <summary>Responsibility.</summary>
    public float Responsibility => population.Responsibility[index];
    /// <summary>Efficacy.</summary>
    public float Efficacy => population.Efficacy[index];
    /// <summary>Fatigue.</summary>
    public float Fatigue => population.Fatigue[index];
    /// <summary>Role identity.</summary>
    public float Identity => population.Identity[index];
    /// <summary>Digital literacy.</summary>
    public float DigitalLiteracy => population.DigitalLiteracy[index];
    /// <summary>Weekly free hours.</summary>
    public float FreeHours => population.FreeHours[index];
    /// <summary>Household index.</summary>
    public int Household => population.Household[index];
    /// <summary>Building index.</summary>
    public int Building => population.Building[index];
    /// <summary>Compound index.</summary>
    public int Compound => population.Compound[index];
    /// <summary>Age in years at tick <paramref name="tick"/>.</summary>
    public double AgeAt(int tick) => population.AgeAt(index, tick);
}
