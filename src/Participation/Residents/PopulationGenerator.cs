using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Residents;

/// <summary>
/// Draws a population from a scenario's structure and distributions. Every draw is counter-based
/// (seed, household or resident index, attribute), so the same seed gives the same population.
/// Newcomers who replace a household that moved out are drawn by the same functions
/// (<see cref="DrawHousehold"/>), keyed by the tick they arrive.
/// </summary>
public static class PopulationGenerator
{
    // Sub-stream numbers of the attributes (one independent draw each).
    private const int SubSize = 0, SubRenter = 1, SubOrigin = 2, SubYears = 3, SubAge = 4, SubAgeWithin = 5,
        SubGender = 6, SubEducation = 7, SubOccupation = 8, SubParty = 9, SubDigital = 10, SubHours = 11,
        SubClub = 12, SubClubPick = 13, SubOnline = 14, SubWeak = 15, SubAttitude = 16, // 16..21 attitudes
        SubEmployment = 24;

    private static readonly double[] AgeBinLow = [0, 18, 35, 50, 60, 70];
    private static readonly double[] AgeBinHigh = [18, 35, 50, 60, 70, 90];

    /// <summary>Generates the population of <paramref name="scenario"/> with <paramref name="seed"/>.</summary>
    public static Population Generate(Scenario scenario, ulong seed)
    {
        var compounds = scenario.Compounds.ToArray();
        int households = compounds.Sum(c => c.Value.Households);
        var demo = scenario.Demography;
        double[] sizeCdf = Cumulative([demo.HouseholdSize1, demo.HouseholdSize2, demo.HouseholdSize3, demo.HouseholdSize4, demo.HouseholdSize5]);

        // Household sizes first: they fix the population's size and layout.
        var sizes = new byte[households];
        var sizeRng = new CounterRandom(seed, 0, RandomStream.Generation, SubSize);
        long total = 0;
        for (int h = 0; h < households; h++)
        {
            sizes[h] = (byte)(Pick(sizeCdf, sizeRng.Uniform(h)) + 1);
            total += sizes[h];
        }
        if (total > int.MaxValue - 1) throw new ScenarioException("compounds", $"{total} residents", "at most 2,147,483,646 residents in one run");

        var perCompound = compounds.Select(c => c.Value.Households).ToArray();
        var pop = Lay(scenario, perCompound, sizes, householdBuilding: null);
        for (int h = 0; h < households; h++)
            DrawHousehold(pop, scenario, seed, h, tick: 0, arriving: false);
        return pop;
    }

    /// <summary>
    /// The population's layout: <paramref name="perCompound"/> households in each compound, in scenario order, of
    /// the given sizes; each household in the building <paramref name="householdBuilding"/> names (within its
    /// compound; null or −1 spreads the compound's households evenly over its buildings, in order); clubs in
    /// proportion to each compound's residents. Attributes are left to <see cref="DrawHousehold"/>.
    /// </summary>
    internal static Population Lay(Scenario scenario, int[] perCompound, byte[] sizes, int[]? householdBuilding)
    {
        var compounds = scenario.Compounds.ToArray();
        long total = 0;
        foreach (var size in sizes) total += size;
        var pop = new Population((int)total, sizes.Length, compounds.Length);
        int resident = 0, household = 0, building = 0;
        var compoundResidents = new int[compounds.Length];
        for (int c = 0; c < compounds.Length; c++)
        {
            int compoundFirst = resident;
            var (name, settings) = compounds[c];
            pop.CompoundNames[c] = name;
            pop.CompoundTypes[c] = settings.Type;
            for (int k = 0; k < perCompound[c]; k++, household++)
            {
                // Households are spread evenly over the compound's buildings, in order, unless placed.
                int within = householdBuilding is { } placed && placed[household] >= 0 ? placed[household]
                    : (int)((long)k * settings.Buildings / perCompound[c]);
                int b = building + within;
                pop.HouseholdStart[household] = resident;
                for (int m = 0; m < sizes[household]; m++, resident++)
                {
                    pop.Household[resident] = household;
                    pop.Building[resident] = b;
                    pop.Compound[resident] = c;
                }
            }
            building += settings.Buildings;
            compoundResidents[c] = resident - compoundFirst;
        }
        pop.HouseholdStart[sizes.Length] = resident;
        pop.BuildingCount = building;

        // Clubs: in proportion to each compound's residents, at least one per compound that has any.
        var clubCompound = new List<int>();
        var clubFirst = new int[compounds.Length + 1];
        for (int c = 0; c < compounds.Length; c++)
        {
            clubFirst[c] = clubCompound.Count;
            int residents = compoundResidents[c];
            int clubs = scenario.Network.ClubsPerThousand <= 0 || residents == 0 ? 0
                : Math.Max(1, (int)Math.Round(residents * scenario.Network.ClubsPerThousand / 1000.0));
            for (int k = 0; k < clubs; k++) clubCompound.Add(c);
        }
        clubFirst[compounds.Length] = clubCompound.Count;
        pop.ClubCompound = clubCompound.ToArray();
        pop.ClubFirst = clubFirst;
        return pop;
    }

    /// <summary>
    /// Draws the attributes and initial attitudes of every member of household <paramref name="h"/>.
    /// At generation (<paramref name="arriving"/> false) years of residence are drawn; a household arriving
    /// at <paramref name="tick"/> moves in that week with newcomers' attitudes.
    /// </summary>
    // given: attributes known from data (PopulationTable), by resident; what a record leaves out is drawn as for a
    // generated resident, from the attributes it gives.
    internal static void DrawHousehold(Population pop, Scenario scenario, ulong seed, int h, int tick, bool arriving,
        ResidentRecord[]? given = null)
    {
        var demo = scenario.Demography;
        var att = scenario.Attitudes;
        var stream = arriving ? RandomStream.Newcomers : RandomStream.Generation;
        CounterRandom R(int sub) => new(seed, tick, stream, sub);

        int first = pop.HouseholdStart[h], end = pop.HouseholdStart[h + 1];
        int compound = pop.Compound[first];
        var type = pop.CompoundTypes[compound];

        // Household-level draws: tenure and origin, years of residence.
        // A dwelling keeps its tenure when a household moves in (a rented flat is let again), so turnover
        // leaves each compound's renter share as the scenario set it.
        var head = given?[first];
        bool renter = arriving ? pop.Origin[first] == OriginGroup.Renter
            : head?.Origin is { } knownOrigin ? knownOrigin == OriginGroup.Renter
            : R(SubRenter).Uniform(h) < RenterShare(demo, type);
        OriginGroup origin;
        if (head?.Origin is { } known && !arriving) origin = known;
        else if (renter) origin = OriginGroup.Renter;
        else if (type is CompoundType.Resettlement or CompoundType.SelfBuilt or CompoundType.UrbanVillage) origin = OriginGroup.Local;
        else
        {
            double u = R(SubOrigin).Uniform(h);
            origin = u < demo.OwnerLocalShare ? OriginGroup.Local
                : u < demo.OwnerLocalShare + demo.OwnerFromCityShare ? OriginGroup.FromCity
                : OriginGroup.OwnerFromElsewhere;
        }
        double meanYears = renter ? demo.RenterMeanYears : demo.OwnerMeanYears;
        double years = arriving ? 0 : head?.Years ?? -meanYears * Math.Log(1 - R(SubYears).Uniform(h));
        int moveIn = tick - (int)Math.Round(years * Population.WeeksPerYear);

        var (adultCdf, memberCdf) = AgeDistributions(demo);
        int oldest = int.MaxValue;
        for (int i = first; i < end; i++)
        {
            // The first member is an adult, so every household has one; the others are drawn so that the whole
            // population follows the pyramid.
            var g = given?[i];
            double age;
            if (g?.Age is { } knownAge) age = knownAge;
            else
            {
                int bin = Pick(i == first ? adultCdf : memberCdf, R(SubAge).Uniform(i));
                age = AgeBinLow[bin] + (AgeBinHigh[bin] - AgeBinLow[bin]) * R(SubAgeWithin).Uniform(i);
            }
            int birthWeek = tick - (int)Math.Round(age * Population.WeeksPerYear);
            oldest = Math.Min(oldest, birthWeek);
            pop.BirthWeek[i] = birthWeek;
            pop.MoveInWeek[i] = Math.Max(moveIn, birthWeek);
            pop.Female[i] = (byte)((g?.Female ?? R(SubGender).Uniform(i) < demo.FemaleShare) ? 1 : 0);
            pop.Origin[i] = origin;

            double college = age < 35 ? demo.CollegeShareYoung : age < 60 ? demo.CollegeShareMiddle : demo.CollegeShareOld;
            double ue = R(SubEducation).Uniform(i);
            // Below college the three levels share the rest equally (an assumption; the census splits them by age too).
            pop.Education[i] = (byte)(ue < college ? 3 : 2 - (int)((ue - college) / ((1 - college) / 3 + 1e-12)) % 3);
            if (age < 18) pop.Education[i] = (byte)Math.Min(pop.Education[i], (byte)2);
            if (g?.Education is { } knownEducation) pop.Education[i] = knownEducation;

            pop.Occupation[i] = g?.Occupation ?? DrawOccupation(demo, age, pop.Female[i] == 1, R(SubOccupation).Uniform(i), R(SubEmployment).Uniform(i));
            double party = demo.PartyMemberShare * (age >= 60 ? demo.PartyMemberOldFactor : 1);
            pop.PartyMember[i] = (byte)((g?.PartyMember ?? (age >= 18 && R(SubParty).Uniform(i) < party)) ? 1 : 0);
            pop.DigitalLiteracy[i] = g?.DigitalLiteracy ?? (float)DigitalLiteracy(demo, age, pop.Education[i], R(SubDigital).Normal(i));
            pop.FreeHours[i] = g?.FreeHours ?? (float)FreeHours(demo, pop.Occupation[i], R(SubHours).Normal(i));

            bool adult = age >= 18;
            double clubP = pop.Occupation[i] == Occupation.Retired ? scenario.Network.ClubMembershipRetired : scenario.Network.ClubMembershipOther;
            int clubs = pop.ClubFirst[compound + 1] - pop.ClubFirst[compound];
            bool member = g?.ClubMember ?? (adult && R(SubClub).Uniform(i) < clubP);
            pop.Club[i] = member && clubs > 0 ? pop.ClubFirst[compound] + (int)(R(SubClubPick).Uniform(i) * clubs) : -1;
            pop.InOnlineGroup[i] = (byte)((g?.Online ?? (adult && R(SubOnline).Uniform(i) < scenario.Network.OnlineGroupReach * pop.DigitalLiteracy[i])) ? 1 : 0);
            double residence = (tick - pop.MoveInWeek[i]) / Population.WeeksPerYear;
            pop.WeakTiesActive[i] = (byte)(R(SubWeak).Uniform(i) < 1 - Math.Exp(-residence / scenario.Network.WeakTieYears) ? 1 : 0);

            // Attitudes: scenario means, lower for renters (T) and for recent arrivals.
            double renterGap = renter ? att.RenterPenalty : 0;
            double newcomerGap = att.NewcomerPenalty * Math.Exp(-residence / att.NewcomerYears);
            float Draw(double mean, int k) => (float)Math.Clamp(mean + att.Spread * R(SubAttitude + k).Normal(i), 0, 1);
            pop.Trust[i] = g?.Trust ?? Draw(att.Trust - renterGap - newcomerGap, 0);
            pop.CommitteeTrust[i] = g?.CommitteeTrust ?? Draw(att.CommitteeTrust - newcomerGap, 1);
            pop.Reciprocity[i] = g?.Reciprocity ?? Draw(att.Reciprocity - renterGap, 2);
            pop.Belonging[i] = g?.Belonging ?? Draw(att.Belonging - renterGap - newcomerGap, 3);
            pop.Responsibility[i] = g?.Responsibility ?? Draw(att.Responsibility, 4);
            pop.Efficacy[i] = g?.Efficacy ?? Draw(att.Efficacy, 5);
            ResetHistory(pop, i);
        }
        pop.HouseholdOldestBirthWeek[h] = oldest;
    }

    /// <summary>Clears the role and history of a resident (a newcomer starts with none).</summary>
    internal static void ResetHistory(Population pop, int i)
    {
        pop.Fatigue[i] = 0; pop.Identity[i] = 0; pop.Points[i] = 0; pop.Reliability[i] = 0;
        pop.Role[i] = Role.Inactive; pop.RoleSince[i] = 0; pop.BackboneSince[i] = -1; pop.ProjectsLed[i] = 0;
        pop.ParticipationNow[i] = 0; pop.ParticipationPrev[i] = 0; pop.TasksNow[i] = 0; pop.HoursNow[i] = 0;
        pop.CouncilNow[i] = 0; pop.EventsNow[i] = 0; pop.OrganisedNow[i] = 0; pop.MediatedNow[i] = 0; pop.ServiceNow[i] = 0;
        pop.Last4[i] = 0; pop.Last13[i] = 0;
        Array.Clear(pop.History, i * Population.HistoryWeeks, Population.HistoryWeeks);
        pop.MonthCount[i] = 0; pop.MonthStreak[i] = 0; pop.LastParticipation[i] = int.MinValue / 2;
        pop.TasksThisYear[i] = 0; pop.HeldRoleThisYear[i] = 0;
        pop.GoodOutcomes[i] = 0; pop.Outcomes[i] = 0;
    }

    /// <summary>Occupation at an age: children, students 18-22, the retired past retirement age, else employed or not.</summary>
    /// <param name="demo">Demography settings.</param>
    /// <param name="age">Age in years.</param>
    /// <param name="female">True for women (retirement age).</param>
    /// <param name="uStudent">Uniform draw deciding education at 18-22.</param>
    /// <param name="uEmployed">Independent uniform draw deciding employment.</param>
    internal static Occupation DrawOccupation(DemographySettings demo, double age, bool female, double uStudent, double uEmployed)
    {
        if (age < 18) return Occupation.Child;
        if (age < 23 && uStudent < demo.StudentShare18To22) return Occupation.Student;
        if (age >= (female ? demo.RetirementAgeWomen : demo.RetirementAgeMen)) return Occupation.Retired;
        return uEmployed < demo.EmploymentRate ? Occupation.Employed : Occupation.NotEmployed;
    }

    /// <summary>Digital literacy: high for the young, falling logistically with age, a little higher with education.</summary>
    internal static double DigitalLiteracy(DemographySettings demo, double age, int education, double z)
    {
        double curve = 0.95 / (1 + Math.Exp((age - demo.DigitalMidAge) / demo.DigitalAgeScale));
        return Math.Clamp(0.03 + curve + 0.04 * (education - 1.5) + demo.DigitalNoise * z, 0, 1);
    }

    /// <summary>Weekly free hours: log-normal around the occupation's median.</summary>
    internal static double FreeHours(DemographySettings demo, Occupation occupation, double z)
    {
        double median = occupation switch
        {
            Occupation.Child => 0,
            Occupation.Student => demo.FreeHoursStudent,
            Occupation.Employed => demo.FreeHoursEmployed,
            Occupation.NotEmployed => demo.FreeHoursNotEmployed,
            _ => demo.FreeHoursRetired,
        };
        return median * Math.Exp(demo.FreeHoursSpread * z);
    }

    /// <summary>
    /// Age distributions of household heads (the adult part of the pyramid) and of the other members, chosen so
    /// that heads and members together follow the pyramid: with mean household size m and pyramid shares p_k,
    /// members take p_k·m·(1 − [adult bin]/((1 − p_child)·m)) / (m − 1), clamped at zero.
    /// </summary>
    internal static (double[] Heads, double[] Members) AgeDistributions(DemographySettings demo)
    {
        // Computed once per demography: newcomers are drawn every week.
        var t = AgeCache.GetValue(demo, d => AgeDistributionsOf(d).ToTuple());
        return (t.Item1, t.Item2);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DemographySettings, Tuple<double[], double[]>> AgeCache = new();

    private static (double[] Heads, double[] Members) AgeDistributionsOf(DemographySettings demo)
    {
        double[] p = [demo.Age0To17, demo.Age18To34, demo.Age35To49, demo.Age50To59, demo.Age60To69, demo.Age70To89];
        double sum = p.Sum();
        for (int k = 0; k < p.Length; k++) p[k] /= sum;
        double[] size = [demo.HouseholdSize1, demo.HouseholdSize2, demo.HouseholdSize3, demo.HouseholdSize4, demo.HouseholdSize5];
        double m = size.Select((x, k) => x * (k + 1)).Sum() / size.Sum();
        double adults = 1 - p[0];
        var heads = p.Select((x, k) => k == 0 ? 0 : x / adults).ToArray();
        var members = m <= 1 ? p : p.Select((x, k) => Math.Max(0, x * m - heads[k]) / (m - 1)).ToArray();
        return (Cumulative(heads), Cumulative(members));
    }

    /// <summary>The renter share of a compound type.</summary>
    public static double RenterShare(DemographySettings demo, CompoundType type) => type switch
    {
        CompoundType.Commercial => demo.RenterShareCommercial,
        CompoundType.Resettlement => demo.RenterShareResettlement,
        CompoundType.Old => demo.RenterShareOld,
        CompoundType.SelfBuilt => demo.RenterShareSelfBuilt,
        CompoundType.UrbanVillage => demo.RenterShareUrbanVillage,
        _ => demo.RenterShareThreeNo,
    };

    internal static double[] Cumulative(double[] shares)
    {
        double sum = shares.Sum();
        var cdf = new double[shares.Length];
        double acc = 0;
        for (int k = 0; k < shares.Length; k++) { acc += shares[k] / sum; cdf[k] = acc; }
        cdf[^1] = 1.0;
        return cdf;
    }

    internal static int Pick(double[] cdf, double u)
    {
        for (int k = 0; k < cdf.Length; k++) if (u < cdf[k]) return k;
        return cdf.Length - 1;
    }
}
