namespace Participation.Residents;

/// <summary>Descriptive statistics of a generated population (what <c>participation inspect</c> prints).</summary>
public sealed record PopulationStatistics
{
    /// <summary>Residents.</summary>
    public int Residents { get; init; }
    /// <summary>Households.</summary>
    public int Households { get; init; }
    /// <summary>Buildings.</summary>
    public int Buildings { get; init; }
    /// <summary>Compounds.</summary>
    public int Compounds { get; init; }
    /// <summary>Clubs.</summary>
    public int Clubs { get; init; }
    /// <summary>Adults (18 and over).</summary>
    public int Adults { get; init; }
    /// <summary>Mean household size.</summary>
    public double MeanHouseholdSize { get; init; }
    /// <summary>Share of residents by age band (0-17, 18-34, 35-49, 50-59, 60-69, 70+).</summary>
    public IReadOnlyDictionary<string, double> AgeBands { get; init; } = new Dictionary<string, double>();
    /// <summary>Share of residents by occupation.</summary>
    public IReadOnlyDictionary<Occupation, double> Occupations { get; init; } = new Dictionary<Occupation, double>();
    /// <summary>Share of residents by origin group.</summary>
    public IReadOnlyDictionary<OriginGroup, double> Origins { get; init; } = new Dictionary<OriginGroup, double>();
    /// <summary>Mean digital literacy by age band (adults).</summary>
    public IReadOnlyDictionary<string, double> DigitalLiteracyByAge { get; init; } = new Dictionary<string, double>();
    /// <summary>Mean weekly free hours by occupation (adults).</summary>
    public IReadOnlyDictionary<Occupation, double> FreeHoursByOccupation { get; init; } = new Dictionary<Occupation, double>();
    /// <summary>Share of adults who are party members.</summary>
    public double PartyMembers { get; init; }
    /// <summary>Share of adults in their building's online group.</summary>
    public double OnlineGroupMembers { get; init; }
    /// <summary>Share of adults in a club.</summary>
    public double ClubMembers { get; init; }
    /// <summary>Share of women.</summary>
    public double Women { get; init; }

    private static readonly (string Name, double Low, double High)[] Bands =
        [("0-17", 0, 18), ("18-34", 18, 35), ("35-49", 35, 50), ("50-59", 50, 60), ("60-69", 60, 70), ("70+", 70, 200)];

    /// <summary>Computes the statistics of <paramref name="pop"/> at tick <paramref name="tick"/>.</summary>
    public static PopulationStatistics Compute(Population pop, int tick = 0)
    {
        int n = pop.Count, adults = 0, party = 0, online = 0, club = 0, women = 0;
        var band = new double[Bands.Length]; var digital = new double[Bands.Length]; var bandAdults = new int[Bands.Length];
        var occupations = new double[5]; var hours = new double[5]; var origins = new double[4];
        for (int i = 0; i < n; i++)
        {
            double age = pop.AgeAt(i, tick);
            int b = Array.FindIndex(Bands, x => age >= x.Low && age < x.High);
            if (b < 0) b = Bands.Length - 1;
            band[b]++;
            occupations[(int)pop.Occupation[i]]++;
            origins[(int)pop.Origin[i]]++;
            women += pop.Female[i];
            if (age < 18) continue;
            adults++;
            bandAdults[b]++;
            digital[b] += pop.DigitalLiteracy[i];
            hours[(int)pop.Occupation[i]] += pop.FreeHours[i];
            party += pop.PartyMember[i]; online += pop.InOnlineGroup[i]; if (pop.Club[i] >= 0) club++;
        }
        double Share(double x, double of) => of > 0 ? x / of : double.NaN;
        return new PopulationStatistics
        {
            Residents = n, Households = pop.HouseholdCount, Buildings = pop.BuildingCount, Compounds = pop.CompoundCount,
            Clubs = pop.ClubCount, Adults = adults, MeanHouseholdSize = Share(n, pop.HouseholdCount),
            AgeBands = Bands.Select((x, k) => (x.Name, Share(band[k], n))).ToDictionary(),
            Occupations = Enum.GetValues<Occupation>().ToDictionary(o => o, o => Share(occupations[(int)o], n)),
            Origins = Enum.GetValues<OriginGroup>().ToDictionary(o => o, o => Share(origins[(int)o], n)),
            DigitalLiteracyByAge = Bands.Select((x, k) => (x.Name, Share(digital[k], bandAdults[k]))).Where(x => x.Name != "0-17").ToDictionary(),
            FreeHoursByOccupation = Enum.GetValues<Occupation>().Where(o => o != Occupation.Child)
                .ToDictionary(o => o, o => Share(hours[(int)o], occupations[(int)o])),
            PartyMembers = Share(party, adults), OnlineGroupMembers = Share(online, adults), ClubMembers = Share(club, adults),
            Women = Share(women, n),
        };
    }
}
