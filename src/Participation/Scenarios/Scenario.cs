using Participation.Policies;

namespace Participation.Scenarios;

/// <summary>Type of a residential compound (小区), as the studies distinguish them.</summary>
public enum CompoundType
{
    /// <summary>Commercial housing (商品房).</summary>
    Commercial,
    /// <summary>Resettlement housing for relocated villagers (安置房).</summary>
    Resettlement,
    /// <summary>Old compound, often without proper property management (老旧小区).</summary>
    Old,
    /// <summary>Self-built housing (自建房).</summary>
    SelfBuilt,
    /// <summary>Urban village (城中村).</summary>
    UrbanVillage,
    /// <summary>"Three-no" compound: no property company, no owners' committee, no responsible unit (三无小区, study D).</summary>
    ThreeNo,
}

/// <summary>
/// A validated, immutable description of one simulation: the community's structure, the distributions
/// residents are drawn from, the parameters of every rule, and the policies in force.
/// Load one with <see cref="Participation.Simulation.ScenarioLoader"/>; every property has a documented default.
/// </summary>
public sealed record Scenario
{
    /// <summary>Name shown in summaries and reports.</summary>
    [Param("Name shown in summaries and reports.")]
    public string Name { get; init; } = "unnamed scenario";

    /// <summary>Free text: what the scenario describes and where its figures come from.</summary>
    [Param("Free text: what the scenario describes and where its figures come from.")]
    public string Description { get; init; } = "";

    /// <summary>Where the scenario's figures come from: dotted key (or topic) → study, public source or "assumption".</summary>
    [Param("Where the scenario's figures come from: each entry maps a dotted key or a topic to its source (a study, a public source, or 'assumption: ...').")]
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Master seed; every random draw is a function of it.</summary>
    [Param("Master seed; every random draw is a pure function of it and of (tick, resident, stream).", Min = 0)]
    public long Seed { get; init; } = 1;

    /// <summary>Dates of the run.</summary>
    public CalendarSettings Calendar { get; init; } = new();

    /// <summary>The compounds (小区) of the community, by name.</summary>
    [Param("The compounds of the community, keyed by name.")]
    public IReadOnlyDictionary<string, CompoundSettings> Compounds { get; init; } =
        new Dictionary<string, CompoundSettings>(StringComparer.OrdinalIgnoreCase) { ["main"] = new() };

    /// <summary>Distributions the population is drawn from.</summary>
    public DemographySettings Demography { get; init; } = new();

    /// <summary>Initial attitudes (social capital and motivation).</summary>
    public AttitudeSettings Attitudes { get; init; } = new();

    /// <summary>How the social network is built.</summary>
    public NetworkSettings Network { get; init; } = new();

    /// <summary>What is offered each week and what it costs in hours.</summary>
    public ActivitySettings Activities { get; init; } = new();

    /// <summary>Channels through which residents hear of activities.</summary>
    public HearingSettings Hearing { get; init; } = new();

    /// <summary>Coefficients of the decision to take part.</summary>
    public DecisionSettings Decision { get; init; } = new();

    /// <summary>How taking part feeds back into attitudes, fatigue and identity.</summary>
    public ExperienceSettings Experience { get; init; } = new();

    /// <summary>Role transitions: recruitment into backbone, exits, mentors.</summary>
    public RoleSettings Roles { get; init; } = new();

    /// <summary>The residents' committee, its staff and the tasks sent down by higher levels.</summary>
    public AdministrationSettings Administration { get; init; } = new();

    /// <summary>Volunteer teams and party squads: service, joining, leaving, founding.</summary>
    public TeamSettings Teams { get; init; } = new();

    /// <summary>Owners' committees: election, credibility, dissolution (T, YL).</summary>
    public OwnersCommitteeSettings OwnersCommittees { get; init; } = new();

    /// <summary>Households moving out and in, and ageing.</summary>
    public TurnoverSettings Turnover { get; init; } = new();

    /// <summary>Policies in force, keyed by a name of the scenario's choosing; each names its kind.</summary>
    [Param("Policies in force, keyed by a name of the scenario's choosing; each names its kind.")]
    public IReadOnlyDictionary<string, PolicySettings> Policies { get; init; } =
        new Dictionary<string, PolicySettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Total households over all compounds.</summary>
    public int TotalHouseholds => Compounds.Values.Sum(c => c.Households);

    /// <summary>The same scenario with every policy switched off: the do-nothing counterfactual.</summary>
    public Scenario WithoutPolicies() => this with
    {
        Policies = Policies.ToDictionary(p => p.Key, p => p.Value with { Enabled = false }, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The same scenario run until <paramref name="end"/>, with the register read on that date.</summary>
    public Scenario RunUntil(DateOnly end) => this with { Calendar = Calendar with { End = end, RegisterDate = end } };
}

/// <summary>Dates of a run. One tick is one week starting on <see cref="Start"/>.</summary>
public sealed record CalendarSettings
{
    /// <summary>First day of the first tick (burn-in start).</summary>
    [Param("First day of the first week simulated (the burn-in start).")]
    public DateOnly Start { get; init; } = new(1994, 1, 3);

    /// <summary>Day after which no tick starts.</summary>
    [Param("Last day simulated: no week starts after it.")]
    public DateOnly End { get; init; } = new(2024, 12, 31);

    /// <summary>Date at which the backbone register is read (study X: the 2024 member database).</summary>
    [Param("Date at which the backbone register is read (study X: the 2024 backbone member database).", Source = "X")]
    public DateOnly RegisterDate { get; init; } = new(2024, 12, 31);

    /// <summary>Before this date ticks are burn-in: simulated but not written to the result tables.</summary>
    [Param("Ticks before this date are burn-in: simulated but not written to the weekly, monthly and annual tables.")]
    public DateOnly ReportFrom { get; init; } = new(2015, 1, 1);
}

/// <summary>One residential compound.</summary>
public sealed record CompoundSettings
{
    /// <summary>Compound type.</summary>
    [Param("Compound type: commercial, resettlement, old, selfBuilt, urbanVillage or threeNo.")]
    public CompoundType Type { get; init; } = CompoundType.Commercial;

    /// <summary>Number of households.</summary>
    [Param("Number of households.", Min = 1, Max = 5_000_000, Unit = "households")]
    public int Households { get; init; } = 3000;

    /// <summary>Number of residential buildings.</summary>
    [Param("Number of residential buildings (households are spread evenly over them).", Min = 1, Max = 1_000_000, Unit = "buildings")]
    public int Buildings { get; init; } = 60;
}

/// <summary>Distributions the population is drawn from. Defaults: 2020 census (urban) where stated, else assumptions.</summary>
public sealed record DemographySettings
{
    /// <summary>Household size shares 1..5+.</summary>
    [Param("Share of one-person households.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, family households (rounded)")]
    public double HouseholdSize1 { get; init; } = 0.25;
    /// <summary>Share of two-person households.</summary>
    [Param("Share of two-person households.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, family households (rounded)")]
    public double HouseholdSize2 { get; init; } = 0.30;
    /// <summary>Share of three-person households.</summary>
    [Param("Share of three-person households.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, family households (rounded)")]
    public double HouseholdSize3 { get; init; } = 0.21;
    /// <summary>Share of four-person households.</summary>
    [Param("Share of four-person households.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, family households (rounded)")]
    public double HouseholdSize4 { get; init; } = 0.13;
    /// <summary>Share of households of five or more (drawn as five).</summary>
    [Param("Share of households of five or more persons (generated as five).", Min = 0, Max = 1, Unit = "share", Source = "2020 census, family households (rounded)")]
    public double HouseholdSize5 { get; init; } = 0.11;

    /// <summary>Age shares: 0-17.</summary>
    [Param("Share of residents aged 0-17.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age0To17 { get; init; } = 0.18;
    /// <summary>Age shares: 18-34.</summary>
    [Param("Share of residents aged 18-34.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age18To34 { get; init; } = 0.26;
    /// <summary>Age shares: 35-49.</summary>
    [Param("Share of residents aged 35-49.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age35To49 { get; init; } = 0.23;
    /// <summary>Age shares: 50-59.</summary>
    [Param("Share of residents aged 50-59.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age50To59 { get; init; } = 0.15;
    /// <summary>Age shares: 60-69.</summary>
    [Param("Share of residents aged 60-69.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age60To69 { get; init; } = 0.11;
    /// <summary>Age shares: 70-89.</summary>
    [Param("Share of residents aged 70-89.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double Age70To89 { get; init; } = 0.07;

    /// <summary>Share of women.</summary>
    [Param("Share of women.", Min = 0, Max = 1, Unit = "share", Source = "2020 census")]
    public double FemaleShare { get; init; } = 0.49;

    /// <summary>Renter share in commercial compounds.</summary>
    [Param("Share of households renting in commercial compounds.", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareCommercial { get; init; } = 0.20;
    /// <summary>Renter share in resettlement compounds.</summary>
    [Param("Share of households renting in resettlement compounds.", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareResettlement { get; init; } = 0.20;
    /// <summary>Renter share in old compounds.</summary>
    [Param("Share of households renting in old compounds.", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareOld { get; init; } = 0.30;
    /// <summary>Renter share in self-built housing.</summary>
    [Param("Share of households renting in self-built housing.", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareSelfBuilt { get; init; } = 0.40;
    /// <summary>Renter share in urban villages.</summary>
    [Param("Share of households renting in urban villages (rental hubs for migrants).", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareUrbanVillage { get; init; } = 0.70;
    /// <summary>Renter share in three-no compounds.</summary>
    [Param("Share of households renting in three-no compounds.", Min = 0, Max = 1, Unit = "share")]
    public double RenterShareThreeNo { get; init; } = 0.40;

    /// <summary>Among owners in commercial and old compounds: share local (native).</summary>
    [Param("Among owners in commercial, old and three-no compounds: share of local (native) households; resettlement, self-built and urban-village owners are all local.", Min = 0, Max = 1, Unit = "share")]
    public double OwnerLocalShare { get; init; } = 0.35;
    /// <summary>Among owners: share from elsewhere in the city.</summary>
    [Param("Among owners in commercial, old and three-no compounds: share from elsewhere in the same city (the rest are owners from outside the city).", Min = 0, Max = 1, Unit = "share")]
    public double OwnerFromCityShare { get; init; } = 0.35;

    /// <summary>Mean years of residence of owners.</summary>
    [Param("Mean years of residence of owner households at the start (exponential).", Min = 0.1, Max = 80, Unit = "years")]
    public double OwnerMeanYears { get; init; } = 10;
    /// <summary>Mean years of residence of renters.</summary>
    [Param("Mean years of residence of renter households at the start (exponential).", Min = 0.1, Max = 80, Unit = "years")]
    public double RenterMeanYears { get; init; } = 2;

    /// <summary>College share among adults under 35.</summary>
    [Param("Share with college education or above among adults under 35.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double CollegeShareYoung { get; init; } = 0.45;
    /// <summary>College share among adults 35-59.</summary>
    [Param("Share with college education or above among adults 35-59.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double CollegeShareMiddle { get; init; } = 0.20;
    /// <summary>College share among adults 60+.</summary>
    [Param("Share with college education or above among adults 60 and over.", Min = 0, Max = 1, Unit = "share", Source = "2020 census, urban (rounded)")]
    public double CollegeShareOld { get; init; } = 0.06;

    /// <summary>Retirement age of men.</summary>
    [Param("Retirement age of men.", Min = 40, Max = 80, Unit = "years", Source = "statutory age before the 2025 reform")]
    public double RetirementAgeMen { get; init; } = 60;
    /// <summary>Retirement age of women.</summary>
    [Param("Retirement age of women.", Min = 40, Max = 80, Unit = "years", Source = "statutory age before the 2025 reform (50-55)")]
    public double RetirementAgeWomen { get; init; } = 55;
    /// <summary>Employment rate of working-age adults not in education.</summary>
    [Param("Share employed among working-age adults not in education.", Min = 0, Max = 1, Unit = "share")]
    public double EmploymentRate { get; init; } = 0.80;
    /// <summary>Share in education among 18-22 year olds.</summary>
    [Param("Share in education among residents aged 18-22.", Min = 0, Max = 1, Unit = "share")]
    public double StudentShare18To22 { get; init; } = 0.55;

    /// <summary>Party-member share of adults.</summary>
    [Param("Share of adults who are Communist Party members (higher among the old, see PartyMemberOldFactor).", Min = 0, Max = 1, Unit = "share", Source = "about 7 % of the population nationally")]
    public double PartyMemberShare { get; init; } = 0.08;
    /// <summary>Relative party membership of adults 60 and over.</summary>
    [Param("Relative party membership of adults aged 60 and over.", Min = 0, Max = 10, Unit = "factor")]
    public double PartyMemberOldFactor { get; init; } = 1.8;

    /// <summary>Age at which digital literacy is halfway between its floor and ceiling.</summary>
    [Param("Age at which digital literacy falls halfway (logistic in age).", Min = 20, Max = 100, Unit = "years", Source = "X: only 35 % of backbones over 60 use three government apps proficiently")]
    public double DigitalMidAge { get; init; } = 64;
    /// <summary>Width of the digital-literacy fall with age.</summary>
    [Param("Years over which digital literacy falls (logistic scale).", Min = 0.5, Max = 50, Unit = "years")]
    public double DigitalAgeScale { get; init; } = 7;
    /// <summary>Noise of individual digital literacy.</summary>
    [Param("Individual spread of digital literacy around its age curve.", Min = 0, Max = 1, Unit = "share")]
    public double DigitalNoise { get; init; } = 0.12;

    /// <summary>Free hours per week for community activity, employed.</summary>
    [Param("Median weekly hours free for community activity of employed adults.", Min = 0, Max = 100, Unit = "hours/week", Source = "calibrated to X (scenarios/calibrated/defaults.json)")]
    public double FreeHoursEmployed { get; init; } = 5.269;
    /// <summary>Factor on employed adults' free hours in the child-rearing years.</summary>
    [Param("Factor on employed adults' free hours in the child-rearing years (ages childRearingFromAge to childRearingToAge): the life-course time squeeze of working parents of young children, who have the least free time of any group in time-use surveys; 1 = none. Applied when they decide, so residents leave the band as they age.", Min = 0, Max = 2, Unit = "factor", Source = "assumption (time-use surveys' life-course pattern); calibrated to X's register age make-up")]
    public double ChildRearingFreeHoursFactor { get; init; } = 1.0;
    /// <summary>First age of the child-rearing years.</summary>
    [Param("First age of the child-rearing years in which employed adults' free hours are scaled by childRearingFreeHoursFactor.", Min = 18, Max = 100, Unit = "years", Source = "assumption: about the mean age at first birth")]
    public double ChildRearingFromAge { get; init; } = 28;
    /// <summary>Age at which the child-rearing years end.</summary>
    [Param("Age at which the child-rearing years end (the youngest child about ten).", Min = 18, Max = 100, Unit = "years", Source = "assumption")]
    public double ChildRearingToAge { get; init; } = 41;
    /// <summary>Free hours per week, students.</summary>
    [Param("Median weekly free hours of students.", Min = 0, Max = 100, Unit = "hours/week")]
    public double FreeHoursStudent { get; init; } = 5;
    /// <summary>Free hours per week, adults not employed and not retired.</summary>
    [Param("Median weekly free hours of adults neither employed nor retired.", Min = 0, Max = 100, Unit = "hours/week")]
    public double FreeHoursNotEmployed { get; init; } = 10;
    /// <summary>Free hours per week, retired.</summary>
    [Param("Median weekly free hours of retired residents (T: active backbones are mainly retired).", Min = 0, Max = 100, Unit = "hours/week", Source = "T, X")]
    public double FreeHoursRetired { get; init; } = 14;
    /// <summary>Log-normal spread of free hours.</summary>
    [Param("Log-normal spread (sigma) of individual free hours.", Min = 0, Max = 3)]
    public double FreeHoursSpread { get; init; } = 0.5;
}

/// <summary>Initial attitudes: means and spread, lower for renters and newcomers.</summary>
public sealed record AttitudeSettings
{
    /// <summary>Mean trust in residents.</summary>
    [Param("Mean initial trust in residents (H: 79.4 on a 0-100-like agreement scale, an online sample).", Min = 0, Max = 1, Unit = "share", Source = "H")]
    public double Trust { get; init; } = 0.70;
    /// <summary>Mean trust in the residents' committee.</summary>
    [Param("Mean initial trust in the residents' committee (H: 78.8).", Min = 0, Max = 1, Unit = "share", Source = "H")]
    public double CommitteeTrust { get; init; } = 0.70;
    /// <summary>Mean norm of reciprocity.</summary>
    [Param("Mean initial norm of reciprocity (H's proxy: 86.4).", Min = 0, Max = 1, Unit = "share", Source = "H")]
    public double Reciprocity { get; init; } = 0.75;
    /// <summary>Mean belonging.</summary>
    [Param("Mean initial sense of belonging (H: 80.2).", Min = 0, Max = 1, Unit = "share", Source = "H")]
    public double Belonging { get; init; } = 0.70;
    /// <summary>Mean sense of responsibility.</summary>
    [Param("Mean initial sense of responsibility (H: 89.4).", Min = 0, Max = 1, Unit = "share", Source = "H")]
    public double Responsibility { get; init; } = 0.85;
    /// <summary>Mean self-efficacy.</summary>
    [Param("Mean initial self-efficacy (no study figure).", Min = 0, Max = 1, Unit = "share")]
    public double Efficacy { get; init; } = 0.45;
    /// <summary>Individual spread.</summary>
    [Param("Individual spread (sd) of every initial attitude.", Min = 0, Max = 1, Unit = "share")]
    public double Spread { get; init; } = 0.12;
    /// <summary>Penalty for renters.</summary>
    [Param("How much lower renters start on trust, reciprocity and belonging (T: diverse groups, distant relations).", Min = 0, Max = 1, Unit = "share", Source = "T")]
    public double RenterPenalty { get; init; } = 0.15;
    /// <summary>Penalty for newcomers, fading with years of residence.</summary>
    [Param("How much lower newcomers start on trust and belonging; fades with years of residence (see NewcomerYears).", Min = 0, Max = 1, Unit = "share")]
    public double NewcomerPenalty { get; init; } = 0.15;
    /// <summary>Years over which the newcomer penalty fades.</summary>
    [Param("Years of residence over which the newcomer penalty fades (exponential).", Min = 0.1, Max = 50, Unit = "years")]
    public double NewcomerYears { get; init; } = 3;
}

/// <summary>How the social network is built: strong ties in the household and building, weak ties across the compound.</summary>
public sealed record NetworkSettings
{
    /// <summary>Ties to neighbours in the same building (besides the household).</summary>
    [Param("Mean ties of a resident to near neighbours in the same building (same stairwell or floor: drawn among the nearest households), besides the household.", Min = 0, Max = 100, Unit = "ties")]
    public double BuildingTies { get; init; } = 4;
    /// <summary>How many residents on either side count as near neighbours for building ties.</summary>
    [Param("Residents on either side (in building order) among whom building ties are drawn: a stairwell or floor. Smaller windows give more clustering.", Min = 1, Max = 10000, Unit = "residents")]
    public int NeighbourWindow { get; init; } = 12;
    /// <summary>How many residents on either side count for weak ties inside the compound.</summary>
    [Param("Residents on either side (in compound order) among whom weak compound ties are drawn: acquaintances live nearby. Larger windows spread ties across the compound.", Min = 1, Max = 10_000_000, Unit = "residents")]
    public int CompoundWindow { get; init; } = 150;
    /// <summary>Weak ties across the compound.</summary>
    [Param("Mean weak ties of an adult to residents elsewhere in the same compound.", Min = 0, Max = 100, Unit = "ties")]
    public double CompoundTies { get; init; } = 6;
    /// <summary>Weak ties across the community.</summary>
    [Param("Mean weak ties of a resident to residents anywhere in the community (most in other compounds).", Min = 0, Max = 100, Unit = "ties")]
    public double CommunityTies { get; init; } = 1;
    /// <summary>Years after which a resident's weak ties are active.</summary>
    [Param("Years of residence over which a resident's weak ties become acquaintances (exponential); newcomers' weak ties are dormant until they take part (T).", Min = 0.1, Max = 50, Unit = "years", Source = "T")]
    public double WeakTieYears { get; init; } = 3;
    /// <summary>Clubs per 1000 residents.</summary>
    [Param("Interest clubs per 1,000 residents (elder school, tai chi, yoga, opera...: X's most frequent activity).", Min = 0, Max = 100, Unit = "clubs/1000 residents", Source = "X")]
    public double ClubsPerThousand { get; init; } = 3;
    /// <summary>Probability a retired resident is a club member.</summary>
    [Param("Probability that a retired adult belongs to a club.", Min = 0, Max = 1, Unit = "probability")]
    public double ClubMembershipRetired { get; init; } = 0.25;
    /// <summary>Probability another adult is a club member.</summary>
    [Param("Probability that an adult who is not retired belongs to a club.", Min = 0, Max = 1, Unit = "probability")]
    public double ClubMembershipOther { get; init; } = 0.06;
    /// <summary>Share of the digitally able in their building's online group.</summary>
    [Param("Reach of the online groups: probability that a fully digitally literate adult is in the building's WeChat group (YL reports 85 % of households).", Min = 0, Max = 1, Unit = "probability", Source = "YL")]
    public double OnlineGroupReach { get; init; } = 0.85;
}

/// <summary>What is offered each week.</summary>
public sealed record ActivitySettings
{
    /// <summary>Hours of a club session.</summary>
    [Param("Hours of one club session (clubs meet weekly).", Min = 0, Max = 40, Unit = "hours")]
    public double ClubSessionHours { get; init; } = 2;
    /// <summary>Appeal of a club session.</summary>
    [Param("Extra utility of a club session (recreation is attractive in itself).", Min = -20, Max = 20, Unit = "utility")]
    public double ClubAppeal { get; init; } = 1.0;
    /// <summary>Community activities per compound per month.</summary>
    [Param("Community activities (festivals, clean-ups, volunteer services) offered per compound per month.", Min = 0, Max = 100, Unit = "per month")]
    public double EventsPerCompoundPerMonth { get; init; } = 2;
    /// <summary>Hours of a community activity.</summary>
    [Param("Hours of one community activity.", Min = 0, Max = 40, Unit = "hours")]
    public double EventHours { get; init; } = 3;
    /// <summary>Appeal of a community activity.</summary>
    [Param("Extra utility of a community activity.", Min = -20, Max = 20, Unit = "utility")]
    public double EventAppeal { get; init; } = 0;
    /// <summary>Day of the month of the council meeting.</summary>
    [Param("Day of the month on which the monthly council (议事会) meets; it happens in the week containing that day.", Min = 1, Max = 28, Unit = "day")]
    public int CouncilDay { get; init; } = 15;
    /// <summary>Hours of a council meeting.</summary>
    [Param("Hours of a council meeting.", Min = 0, Max = 40, Unit = "hours")]
    public double CouncilHours { get; init; } = 2;
    /// <summary>Appeal of a council meeting.</summary>
    [Param("Extra utility of a council meeting (deliberation is less attractive than recreation: H).", Min = -20, Max = 20, Unit = "utility", Source = "H")]
    public double CouncilAppeal { get; init; } = -0.5;
    /// <summary>Probability a community activity visibly succeeds.</summary>
    [Param("Probability that a community activity visibly achieves something (feeds efficacy).", Min = 0, Max = 1, Unit = "probability")]
    public double EventSuccess { get; init; } = 0.8;
}

/// <summary>Channels through which residents hear of activities (docs/model.md, phase 2).</summary>
public sealed record HearingSettings
{
    /// <summary>Probability an offline notice reaches a resident.</summary>
    [Param("Probability that an offline notice in the building reaches an adult in a week.", Min = 0, Max = 1, Unit = "probability")]
    public double Notice { get; init; } = 0.2;
    /// <summary>Extra notice probability for residents at home (retired).</summary>
    [Param("Extra probability that a notice reaches a retired adult (more often at home).", Min = 0, Max = 1, Unit = "probability")]
    public double NoticeRetiredBonus { get; init; } = 0.15;
    /// <summary>Probability an online post reaches a group member, times digital literacy.</summary>
    [Param("Probability that an online group post reaches a member, times the member's digital literacy.", Min = 0, Max = 1, Unit = "probability")]
    public double Online { get; init; } = 0.5;
    /// <summary>Word of mouth per tie who took part.</summary>
    [Param("Probability of hearing from each tie who took part last week (word of mouth).", Min = 0, Max = 1, Unit = "probability")]
    public double WordOfMouth { get; init; } = 0.1;
    /// <summary>Invitations a backbone makes per week.</summary>
    [Param("Residents a backbone personally invites per week, spread over its ties (Freeman 1997: people volunteer when asked).", Min = 0, Max = 50, Unit = "invitations/week")]
    public double InvitationsPerBackbone { get; init; } = 0.5;
    /// <summary>Invitations per staff hour spent on outreach.</summary>
    [Param("Residents invited per staff hour left for outreach after tasks.", Min = 0, Max = 50, Unit = "invitations/hour")]
    public double InvitationsPerStaffHour { get; init; } = 0.5;
}

/// <summary>Coefficients of the logit decision to take part (docs/model.md, phase 3).</summary>
public sealed record DecisionSettings
{
    /// <summary>Intercept: the attitude-behaviour gap lives here.</summary>
    [Param("Intercept of the utility: where the attitude-behaviour gap lives (H).", Min = -50, Max = 50, Unit = "utility", Source = "H; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double Intercept { get; init; } = -8.887;
    /// <summary>Weight of responsibility.</summary>
    [Param("Weight of the sense of responsibility.", Min = -50, Max = 50, Unit = "utility")]
    public double Responsibility { get; init; } = 1.0;
    /// <summary>Weight of belonging.</summary>
    [Param("Weight of belonging.", Min = -50, Max = 50, Unit = "utility")]
    public double Belonging { get; init; } = 1.0;
    /// <summary>Weight of efficacy.</summary>
    [Param("Weight of self-efficacy (H: residents who are not heard doubt the value of taking part).", Min = -50, Max = 50, Unit = "utility", Source = "H")]
    public double Efficacy { get; init; } = 2.0;
    /// <summary>Weight of trust in residents.</summary>
    [Param("Weight of trust in residents (T: more trust, more willingness).", Min = -50, Max = 50, Unit = "utility", Source = "T")]
    public double Trust { get; init; } = 1.0;
    /// <summary>Weight of reciprocity.</summary>
    [Param("Weight of the norm of reciprocity.", Min = -50, Max = 50, Unit = "utility")]
    public double Reciprocity { get; init; } = 0.5;
    /// <summary>Weight of role identity.</summary>
    [Param("Weight of role identity (serving as part of who one is).", Min = -50, Max = 50, Unit = "utility")]
    public double Identity { get; init; } = 4.0;
    /// <summary>Weight of the share of ties who took part last week.</summary>
    [Param("Weight of the share of active ties who took part last week (social influence).", Min = -50, Max = 50, Unit = "utility")]
    public double SocialInfluence { get; init; } = 2.0;
    /// <summary>Weight of a personal invitation.</summary>
    [Param("Weight of a personal invitation by a backbone or staff member.", Min = -50, Max = 50, Unit = "utility")]
    public double Invited { get; init; } = 2.0;
    /// <summary>Weight of reward value (points etc.).</summary>
    [Param("Weight of the reward value offered by incentive policies (points).", Min = -50, Max = 50, Unit = "utility")]
    public double Reward { get; init; } = 1.0;
    /// <summary>Weight of the self-development motive.</summary>
    [Param("Weight of the self-development motive (X: backbones' strongest motive is 'tempering / improving oneself'), which is strongest for young, college-educated adults.", Min = -50, Max = 50, Unit = "utility", Source = "X; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double SelfDevelopment { get; init; } = 4.043;
    /// <summary>Age at which the self-development motive has faded.</summary>
    [Param("Age at which the self-development motive has faded to zero (it falls linearly from 18).", Min = 19, Max = 100, Unit = "years")]
    public double DevelopmentAgeLimit { get; init; } = 45;
    /// <summary>Relative strength of the motive without college education.</summary>
    [Param("Strength of the self-development motive without college education, relative to with it.", Min = 0, Max = 1, Unit = "factor")]
    public double DevelopmentWithoutCollege { get; init; } = 0.6;
    /// <summary>Weight of time cost (hours over free hours).</summary>
    [Param("Weight of the time cost: activity hours over the resident's free hours.", Min = -50, Max = 50, Unit = "utility")]
    public double TimeCost { get; init; } = 1.5;
    /// <summary>Weight of fatigue.</summary>
    [Param("Weight of fatigue.", Min = -50, Max = 50, Unit = "utility")]
    public double Fatigue { get; init; } = 3.0;
    /// <summary>Weight of the digital barrier for what was heard online only.</summary>
    [Param("Weight of the digital barrier (1 - digital literacy) when an activity was heard of online only.", Min = -50, Max = 50, Unit = "utility", Source = "X")]
    public double DigitalBarrier { get; init; } = 2.0;
}

/// <summary>How taking part feeds back (docs/model.md, phase 4).</summary>
public sealed record ExperienceSettings
{
    /// <summary>Efficacy learning rate.</summary>
    [Param("Rate at which efficacy moves toward the outcome of a participation (1 heard/solved, 0 ignored/stalled): H's loop.", Min = 0, Max = 1, Unit = "per participation", Source = "H")]
    public double EfficacyRate { get; init; } = 0.05;
    /// <summary>Generalised trust learning rate.</summary>
    [Param("Rate at which trust in residents moves toward the share of co-participants who reciprocate (kept small: Bekkers 2012).", Min = 0, Max = 1, Unit = "per week of taking part", Source = "T; van Ingen & Bekkers 2015")]
    public double TrustRate { get; init; } = 0.01;
    /// <summary>Reciprocity learning rate.</summary>
    [Param("Rate at which the norm of reciprocity moves toward the share of co-participants who reciprocate.", Min = 0, Max = 1, Unit = "per week of taking part", Source = "T")]
    public double ReciprocityRate { get; init; } = 0.02;
    /// <summary>Drift of non-participants toward the initial mean.</summary>
    [Param("Weekly drift of trust and reciprocity of those who did not take part toward the scenario's mean.", Min = 0, Max = 1, Unit = "per week")]
    public double DriftRate { get; init; } = 0.002;
    /// <summary>Belonging gain per week of taking part.</summary>
    [Param("Belonging gained per week of taking part, toward 1.", Min = 0, Max = 1, Unit = "per week")]
    public double BelongingGain { get; init; } = 0.01;
    /// <summary>Belonging decay when not taking part.</summary>
    [Param("Weekly decay of belonging toward the scenario mean when not taking part.", Min = 0, Max = 1, Unit = "per week")]
    public double BelongingDecay { get; init; } = 0.001;
    /// <summary>Fatigue recovery per week.</summary>
    [Param("Share of fatigue recovered each week.", Min = 0, Max = 1, Unit = "per week")]
    public double FatigueRecovery { get; init; } = 0.25;
    /// <summary>Weekly hours that add one unit of fatigue before recovery.</summary>
    [Param("Capacity: weekly hours of community work that add a full unit of fatigue (resources such as training raise it).", Min = 0.1, Max = 200, Unit = "hours/week")]
    public double FatigueCapacityHours { get; init; } = 40;
    /// <summary>Identity gain.</summary>
    [Param("Role identity gained in a week of taking part, toward 1.", Min = 0, Max = 1, Unit = "per week")]
    public double IdentityGain { get; init; } = 0.01;
    /// <summary>Extra identity gain for backbones.</summary>
    [Param("Extra identity gained by a backbone in a week it takes part (holding a role builds identity).", Min = 0, Max = 1, Unit = "per week")]
    public double BackboneIdentityGain { get; init; } = 0.01;
    /// <summary>Identity decay.</summary>
    [Param("Weekly decay of role identity.", Min = 0, Max = 1, Unit = "per week")]
    public double IdentityDecay { get; init; } = 0.003;
    /// <summary>Crowding-out rate.</summary>
    [Param("Weekly erosion of responsibility and belonging when rewards drive taking part and belonging is low (X: 'completing tasks and collecting rewards breeds boredom').", Min = 0, Max = 1, Unit = "per week", Source = "X; Deci, Koestner & Ryan 1999")]
    public double CrowdingOut { get; init; } = 0.01;
    /// <summary>Belonging above which rewards do not crowd out.</summary>
    [Param("Belonging above which rewards no longer crowd out intrinsic motivation (Frey & Jegen 2001).", Min = 0, Max = 1, Unit = "share")]
    public double CrowdingBelongingThreshold { get; init; } = 0.6;
}

/// <summary>
/// Volunteer teams and party squads (docs/model.md, "5c. Volunteer teams"): residents volunteer as members of teams, each
/// with a leader, a calendar of activities and recruitment along its members' ties. Nothing here caps the volunteer
/// force at a number per 1,000 residents: it is limited by leaders' capacity, the activities teams hold and people's time.
/// </summary>
public sealed record TeamSettings
{
    /// <summary>Self-organised teams founded per 1,000 residents per year without any policy.</summary>
    [Param("Volunteer teams that residents found on their own per 1,000 residents per year, without any policy (a regular participant starts one).", Min = 0, Max = 100, Unit = "teams/1000 residents/year", Source = "assumption (plausible 0.05-0.5; YL before 2016: the council could not mobilise residents)")]
    public double FoundingPerThousandPerYear { get; init; } = 0.05;
    /// <summary>Activities a team holds per month.</summary>
    [Param("Activities (patrols, clean-ups, visits, services) a team holds per month.", Min = 0, Max = 30, Unit = "per month", Source = "assumption (plausible 1-4; D: a monthly volunteer day; YL: weekly patrols)")]
    public double ActivitiesPerMonth { get; init; } = 2;
    /// <summary>Hours of one team activity.</summary>
    [Param("Hours of one team activity for a member who serves.", Min = 0, Max = 24, Unit = "hours")]
    public double ActivityHours { get; init; } = 3;
    /// <summary>Intercept of a member's choice to serve in a team activity.</summary>
    [Param("Intercept of the logit of a member serving in one of the team's activities (a member is asked by the team, so it is high).", Min = -50, Max = 50, Unit = "utility", Source = "assumption (plausible 0-2)")]
    public double ServeIntercept { get; init; } = 1;
    /// <summary>Weight of identity in serving.</summary>
    [Param("Weight of role identity in serving (role-identity theory).", Min = -50, Max = 50, Unit = "utility", Source = "assumption")]
    public double ServeIdentity { get; init; } = 2;
    /// <summary>Members a leader can keep.</summary>
    [Param("Members one leader can manage: a team stops recruiting at this size (leaders' capacity).", Min = 1, Max = 1000, Unit = "members", Source = "assumption (plausible 15-40; YL: a self-organised team of 38 with a trained leader)")]
    public double LeaderCapacity { get; init; } = 25;
    /// <summary>Invitations a member who served makes per month.</summary>
    [Param("Residents each member who served this month invites to join, over its ties (Freeman 1997: people volunteer when asked).", Min = 0, Max = 50, Unit = "invitations/month", Source = "assumption (plausible 0.1-1)")]
    public double InvitationsPerMember { get; init; } = 0.3;
    /// <summary>Invitations in a team's first month.</summary>
    [Param("Invitations the founders of a new team make in its first month (YL: backbones visit over 200 households).", Min = 0, Max = 1000, Unit = "invitations", Source = "assumption (plausible 5-50)")]
    public double FoundingInvitations { get; init; } = 15;
    /// <summary>Invitations to join a team per project started.</summary>
    [Param("Invitations to join a team for each project started in the month: a project needs volunteers and recruits them (YL: micro-renovation).", Min = 0, Max = 1000, Unit = "invitations/project", Source = "YL; size an assumption (plausible 2-10)")]
    public double InvitationsPerProject { get; init; } = 4;
    /// <summary>Intercept of accepting an invitation to join.</summary>
    [Param("Intercept of the logit of accepting an invitation to join a team.", Min = -50, Max = 50, Unit = "utility", Source = "assumption (plausible -4 to -2)")]
    public double AcceptIntercept { get; init; } = -3;
    /// <summary>Weight of belonging plus trust in accepting.</summary>
    [Param("Weight of belonging plus trust in residents in accepting to join (the inviter is a tie).", Min = -50, Max = 50, Unit = "utility", Source = "T (more trust, more willingness); size an assumption")]
    public double AcceptAttitude { get; init; } = 2;
    /// <summary>Extra utility for the family of a paired elder.</summary>
    [Param("Extra utility of accepting for a resident whose elder a volunteer visits (YL: the children of paired elders join as volunteers).", Min = -50, Max = 50, Unit = "utility", Source = "YL; size an assumption (plausible 0.5-2)")]
    public double AcceptPairedFamily { get; init; } = 1;
    /// <summary>Monthly probability that a member leaves.</summary>
    [Param("Monthly probability that a member without role identity leaves its team (life events, other calls on time).", Min = 0, Max = 1, Unit = "per month", Source = "CNCS 2008 (about one in three volunteers stops each year); assumption (plausible 0.01-0.05)")]
    public double LeaveMonthly { get; init; } = 0.02;
    /// <summary>Added leaving probability per ad-hoc task.</summary>
    [Param("Added monthly probability of leaving per ad-hoc task without content or standard done in the month (D: such tasks drove volunteers away).", Min = 0, Max = 1, Unit = "per task", Source = "D; size an assumption (plausible 0.05-0.3)")]
    public double LeavePerAdhocTask { get; init; } = 0.15;
    /// <summary>Added leaving probability of a member who did not serve in the month.</summary>
    [Param("Added monthly probability of leaving for a member who did not serve in the month (a member with nothing to do drifts away).", Min = 0, Max = 1, Unit = "per month", Source = "assumption (plausible 0.05-0.2)")]
    public double LeaveIdle { get; init; } = 0.03;
    /// <summary>Share of an unmanaged team's activities that are ad-hoc tasks when the staff are overloaded.</summary>
    [Param("Share of an unmanaged team's activities that are ad-hoc tasks handed down by the committee (no content or standard) when its staff are fully loaded; scales with the staff's load (D).", Min = 0, Max = 1, Unit = "share", Source = "D; size an assumption (plausible 0.2-0.8)")]
    public double AdhocShare { get; init; } = 0.5;
    /// <summary>Members below which a team dissolves.</summary>
    [Param("Members (leader included) below which a team dissolves at a month's end.", Min = 1, Max = 100, Unit = "members")]
    public int MinimumSize { get; init; } = 2;
}

/// <summary>
/// Owners' committees (docs/model.md, "5c. Volunteer teams": owners' committees): one per compound at most (none in a
/// three-no compound), elected from the compound's owners, with a credibility that is lost when the committee acts
/// without consulting; below a threshold its members stop working and it dissolves, until a new one is elected (T, YL).
/// </summary>
public sealed record OwnersCommitteeSettings
{
    /// <summary>Monthly probability that a compound without an owners' committee elects one.</summary>
    [Param("Monthly probability that a compound without an owners' committee (three-no compounds excepted) elects one, without any policy.", Min = 0, Max = 1, Unit = "per month", Source = "assumption (plausible 0.002-0.02; T, YL: many compounds set one up or re-elect only after a push)")]
    public double ElectionMonthly { get; init; } = 0.005;
    /// <summary>Members elected.</summary>
    [Param("Members of an owners' committee when it is elected, chair included.", Min = 1, Max = 100, Unit = "members", Source = "YL: the red owners' committee has 11 members; default an assumption")]
    public int Members { get; init; } = 7;
    /// <summary>Credibility of a newly elected committee.</summary>
    [Param("Credibility of a newly elected owners' committee in the eyes of the compound's residents.", Min = 0, Max = 1, Unit = "share", Source = "assumption")]
    public double InitialCredibility { get; init; } = 0.7;
    /// <summary>Monthly probability that the committee acts without consulting.</summary>
    [Param("Monthly probability that an owners' committee decides without consulting the residents' committee and the residents, before consultation levers (T: it acted without consulting and lost credibility).", Min = 0, Max = 1, Unit = "per month", Source = "T; size an assumption (plausible 0.05-0.3)")]
    public double UnilateralMonthly { get; init; } = 0.15;
    /// <summary>Share of credibility lost by acting without consulting.</summary>
    [Param("Share of its credibility an owners' committee loses when it acts without consulting (T).", Min = 0, Max = 1, Unit = "share", Source = "T; size an assumption (plausible 0.1-0.4)")]
    public double CredibilityLoss { get; init; } = 0.25;
    /// <summary>Monthly recovery of credibility.</summary>
    [Param("Share of the way to full credibility an owners' committee recovers in a month it consults.", Min = 0, Max = 1, Unit = "per month", Source = "assumption (plausible 0.02-0.1)")]
    public double CredibilityGain { get; init; } = 0.05;
    /// <summary>Credibility below which the committee dissolves.</summary>
    [Param("Credibility below which an owners' committee's members stop working and it dissolves (T: it lost credibility, its members stopped working, it dissolved).", Min = 0, Max = 1, Unit = "share", Source = "T; size an assumption (plausible 0.2-0.4)")]
    public double DissolveBelow { get; init; } = 0.3;
    /// <summary>Extra leaving of members as credibility falls.</summary>
    [Param("Members' monthly leaving probability is multiplied by 1 + this x (1 - credibility): members stop working for a committee residents no longer trust (T).", Min = 0, Max = 100, Unit = "factor", Source = "T; size an assumption (plausible 1-5)")]
    public double LeaveWithoutCredibility { get; init; } = 2;
}

/// <summary>Role transitions (docs/model.md, phase 5).</summary>
public sealed record RoleSettings
{
    /// <summary>Participations in the last 4 weeks to count as active.</summary>
    [Param("Participations in the last four weeks from which a resident counts as active (below: occasional).", Min = 1, Max = 100, Unit = "participations")]
    public int ActiveThreshold { get; init; } = 3;
    /// <summary>Consecutive months with participation needed to be eligible for a role.</summary>
    [Param("Consecutive calendar months with at least one participation before a resident can be invited into a backbone role.", Min = 1, Max = 120, Unit = "months")]
    public int EligibleMonths { get; init; } = 2;
    /// <summary>Role slots per 1000 residents.</summary>
    [Param("The committee's backbone posts (building leaders, club organisers, mediators) per 1,000 residents. It limits the committee's posts only: volunteer teams, their members and their leaders are not limited by it.", Min = 0, Max = 1000, Unit = "roles/1000 residents", Source = "X: a register of some tens")]
    public double SlotsPerThousand { get; init; } = 6;
    /// <summary>Share of open slots the committee fills each week.</summary>
    [Param("Share of open roles the committee tries to fill each week.", Min = 0, Max = 1, Unit = "per week")]
    public double FillRate { get; init; } = 0.15;
    /// <summary>How much leaning on a reliable few suppresses recruitment.</summary>
    [Param("How strongly a committee that leans on a few reliable backbones invites fewer newcomers: the fill rate is multiplied by 1 - this x (last year's top-10 % task share) (X).", Min = 0, Max = 1, Unit = "factor", Source = "X")]
    public double RelianceSuppression { get; init; } = 0.5;
    /// <summary>Weight of being tied to a backbone in the order of recruitment.</summary>
    [Param("How much more likely a claimant tied to a backbone is to be invited into a role first.", Min = 0, Max = 100, Unit = "factor")]
    public double TiedToBackboneWeight { get; init; } = 3;
    /// <summary>Intercept of accepting a role.</summary>
    [Param("Intercept of the logit of accepting a role when invited.", Min = -50, Max = 50, Unit = "utility")]
    public double AcceptIntercept { get; init; } = -1.0;
    /// <summary>Weight of efficacy in accepting.</summary>
    [Param("Weight of efficacy plus identity in accepting a role.", Min = -50, Max = 50, Unit = "utility")]
    public double AcceptMotivation { get; init; } = 2.0;
    /// <summary>Weight of the self-development motive in accepting a role.</summary>
    [Param("Weight of the self-development motive in accepting a role: a role is a chance to temper oneself and a line on a CV (X).", Min = -50, Max = 50, Unit = "utility", Source = "X")]
    public double AcceptDevelopment { get; init; } = 2.0;
    /// <summary>Share of role invitations made through the party branch.</summary>
    [Param("Share of the committee's weekly role invitations made through the party-building channel: offered to party members, whatever their record of taking part, instead of to the residents who took part month after month (X names party-building and co-building as one of its two channels; D: party members claim posts; YL: party volunteer squads). 0 = every role goes to regulars.", Min = 0, Max = 1, Unit = "share", Source = "X, D, YL; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double PartyChannelShare { get; init; } = 0.08972;
    /// <summary>Weight of in-service (employed) party members in the party channel.</summary>
    [Param("How much more likely an employed (in-service) party member is to be offered a post through the party channel than a retired or non-employed one: in-service party members report to the community where they live and claim a post there (D: responsibility zones, posts claimed).", Min = 0, Max = 100, Unit = "factor", Source = "D; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double PartyChannelInServiceWeight { get; init; } = 1.15;
    /// <summary>Extra utility of accepting a post offered through the party channel.</summary>
    [Param("Extra utility of accepting a post offered through the party channel, in place of the self-development motive: a post claimed is a party duty.", Min = -50, Max = 50, Unit = "utility")]
    public double AcceptPartyDuty { get; init; } = 2.0;
    /// <summary>Exit hazard floor.</summary>
    [Param("Weekly exit hazard of a backbone that never falls away (life events: health, family, a new job).", Min = 0, Max = 1, Unit = "per week")]
    public double ExitFloor { get; init; } = 0.0015;
    /// <summary>Extra exit hazard of backbones without identity.</summary>
    [Param("Extra weekly exit hazard of a backbone without role identity; falls as exp(-identity / ExitIdentityScale).", Min = 0, Max = 1, Unit = "per week", Source = "X: 65 % under 6 months; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double ExitNew { get; init; } = 0.1297;
    /// <summary>Identity scale of the exit hazard.</summary>
    [Param("Identity over which the early-exit hazard falls by a factor e.", Min = 0.001, Max = 10, Unit = "identity", Source = "calibrated to X (scenarios/calibrated/defaults.json)")]
    public double ExitIdentityScale { get; init; } = 0.08807;
    /// <summary>Burnout hazard per unit of fatigue above the threshold.</summary>
    [Param("Extra weekly exit hazard per unit of fatigue above BurnoutThreshold (X: top backbones have limited energy).", Min = 0, Max = 10, Unit = "per week", Source = "X")]
    public double ExitBurnout { get; init; } = 0.3;
    /// <summary>Fatigue threshold for burnout.</summary>
    [Param("Fatigue above which burnout adds to the exit hazard.", Min = 0, Max = 1, Unit = "share")]
    public double BurnoutThreshold { get; init; } = 0.4;
    /// <summary>Exponent of reliability in task allocation.</summary>
    [Param("Exponent of past reliability in the weight with which tasks go to a backbone (the committee calls whoever said yes before): what concentrates tasks (X: top 10 % carry 63 %).", Min = 0, Max = 10, Unit = "exponent", Source = "X; calibrated to X (scenarios/calibrated/defaults.json)")]
    public double TaskReliabilityExponent { get; init; } = 0.886;
    /// <summary>Weekly memory of the reliability score.</summary>
    [Param("Weekly retention of a backbone's reliability score (exponential memory of tasks done).", Min = 0, Max = 1, Unit = "per week")]
    public double ReliabilityMemory { get; init; } = 0.98;
    /// <summary>Years of service for mentors.</summary>
    [Param("Years of continuous service a backbone needs to become a mentor (X's mentorship scheme).", Min = 0, Max = 50, Unit = "years", Source = "X")]
    public double MentorServiceYears { get; init; } = 3;
    /// <summary>Projects led for mentors.</summary>
    [Param("Projects a backbone must have led to become a mentor.", Min = 0, Max = 100, Unit = "projects", Source = "X")]
    public int MentorProjects { get; init; } = 2;
}

/// <summary>The residents' committee, its staff, tasks sent down and problems raised.</summary>
public sealed record AdministrationSettings
{
    /// <summary>Staff of the residents' committee.</summary>
    [Param("Staff of the residents' committee (D: 16 for 35,000 residents).", Min = 0, Max = 100000, Unit = "staff", Source = "D")]
    public int Staff { get; init; } = 8;
    /// <summary>Hours each staff member has per week for community work.</summary>
    [Param("Hours per staff member per week available for tasks and outreach.", Min = 0, Max = 80, Unit = "hours/week")]
    public double StaffHours { get; init; } = 20;
    /// <summary>Tasks sent down per 1000 households per week.</summary>
    [Param("Tasks sent down by higher levels per 1,000 households per week (X: 28 kinds of forms to 12 departments).", Min = 0, Max = 1000, Unit = "tasks/week/1000 households", Source = "X")]
    public double SentDownTasksPerThousand { get; init; } = 8;
    /// <summary>Hours per sent-down task.</summary>
    [Param("Hours of one task sent down.", Min = 0, Max = 100, Unit = "hours")]
    public double SentDownTaskHours { get; init; } = 2;
    /// <summary>Disputes per 1000 households per week.</summary>
    [Param("Neighbour disputes needing mediation per 1,000 households per week (X: mediation is 23 % of what backbones do).", Min = 0, Max = 1000, Unit = "disputes/week/1000 households", Source = "X")]
    public double DisputesPerThousand { get; init; } = 0.5;
    /// <summary>Hours per mediation.</summary>
    [Param("Hours of one mediation.", Min = 0, Max = 100, Unit = "hours")]
    public double MediationHours { get; init; } = 3;
    /// <summary>Hours to organise a community activity.</summary>
    [Param("Hours a backbone spends organising one community activity.", Min = 0, Max = 100, Unit = "hours")]
    public double OrganiseHours { get; init; } = 4;
    /// <summary>Projects started per 1000 households per year.</summary>
    [Param("Projects (micro-renovation, services) started per 1,000 households per year, each led by a backbone (X: 67 projects in three years).", Min = 0, Max = 1000, Unit = "projects/year/1000 households", Source = "X")]
    public double ProjectsPerThousandPerYear { get; init; } = 5;
    /// <summary>Probability a resident raises a problem in a week.</summary>
    [Param("Probability that an adult raises a problem (through any channel) in a week.", Min = 0, Max = 1, Unit = "per week")]
    public double ProblemRate { get; init; } = 0.002;
    /// <summary>Probability a raised problem or a council voice is heard.</summary>
    [Param("Probability that a raised problem or a voice in council is taken up (H: deliberations often 'end in grumbling and nothing').", Min = 0, Max = 1, Unit = "probability", Source = "H")]
    public double HeardProbability { get; init; } = 0.4;
    /// <summary>Share of problems needing approvals from above.</summary>
    [Param("Share of problems taken up that need approvals from higher levels.", Min = 0, Max = 1, Unit = "share")]
    public double ApprovalShare { get; init; } = 0.4;
    /// <summary>Weeks an approval takes.</summary>
    [Param("Weeks an approval takes (X: a project needed 8 departments and 11 months).", Min = 0, Max = 520, Unit = "weeks", Source = "X")]
    public double ApprovalWeeks { get; init; } = 26;
    /// <summary>Weeks to solve a problem without approvals.</summary>
    [Param("Weeks to solve a problem that needs no approval.", Min = 0, Max = 520, Unit = "weeks")]
    public double LocalSolveWeeks { get; init; } = 2;
    /// <summary>Weeks a resident waits before judging a problem stalled.</summary>
    [Param("Weeks a resident waits before judging a problem stalled and complaining again.", Min = 1, Max = 520, Unit = "weeks")]
    public double PatienceWeeks { get; init; } = 8;
}

/// <summary>Households moving out and in; ageing.</summary>
public sealed record TurnoverSettings
{
    /// <summary>Yearly move-out rate of renter households.</summary>
    [Param("Yearly probability that a renter household moves out.", Min = 0, Max = 1, Unit = "per year")]
    public double RenterMoveOut { get; init; } = 0.25;
    /// <summary>Yearly move-out rate of owner households.</summary>
    [Param("Yearly probability that an owner household moves out.", Min = 0, Max = 1, Unit = "per year")]
    public double OwnerMoveOut { get; init; } = 0.03;
    /// <summary>Mortality hazard at 65.</summary>
    [Param("Yearly probability that a household ends (death, care home) when its oldest member is 65; doubles about every 8 years (Gompertz).", Min = 0, Max = 1, Unit = "per year")]
    public double ElderExitAt65 { get; init; } = 0.01;
    /// <summary>Gompertz slope.</summary>
    [Param("Gompertz slope of the elder exit hazard.", Min = 0, Max = 1, Unit = "per year of age")]
    public double ElderExitSlope { get; init; } = 0.085;
}
