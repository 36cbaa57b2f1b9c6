using System.Globalization;
using System.Text;
using Participation.Files;
using Participation.Scenarios;

namespace Participation.Residents;

/// <summary>
/// A real population read from a CSV table (one row per resident) instead of drawn by the generator: a survey,
/// a household register or a census extract. The table fixes who lives where; every attribute it leaves out is
/// drawn as for a generated resident of the scenario, from the attributes it gives (so a table of households and
/// ages alone gets occupations, education, digital literacy and attitudes that fit those ages).
/// </summary>
/// <remarks>
/// <para>Columns (a header row names them, in any order; names are case-insensitive):</para>
/// <list type="table">
/// <item><term>household</term><description>required: any identifier; rows with the same one live together.</description></item>
/// <item><term>compound</term><description>required: the name of one of the scenario's compounds (the whole household in one).</description></item>
/// <item><term>age</term><description>required: years, 0 to 110. Each household needs a member of 18 or over.</description></item>
/// <item><term>building</term><description>building number within the compound, 0 to its buildings − 1 (default: households spread evenly).</description></item>
/// <item><term>female</term><description>0 or 1.</description></item>
/// <item><term>origin</term><description>local, fromCity, ownerFromElsewhere or renter (read from the household's first row).</description></item>
/// <item><term>years</term><description>years lived in the community, 0 or more (first row).</description></item>
/// <item><term>education</term><description>0 (none or primary) to 3 (college).</description></item>
/// <item><term>occupation</term><description>child, student, employed, notEmployed or retired (child only under 18, and under 18 only child).</description></item>
/// <item><term>party</term><description>0 or 1.</description></item>
/// <item><term>digital_literacy, trust, committee_trust, reciprocity, belonging, responsibility, efficacy</term><description>0 to 1.</description></item>
/// <item><term>free_hours</term><description>hours a week free for community life, 0 to 168.</description></item>
/// <item><term>club, online</term><description>0 or 1: member of a club; in the compound's online group.</description></item>
/// </list>
/// <para>An empty cell means "not known: draw it". Residents are stored compound by compound (scenario order),
/// households in order of first appearance: neighbours stay near each other in memory, as generated ones do.
/// The scenario's household counts are not used; its buildings per compound are.</para>
/// </remarks>
/// <example>
/// <code>
/// var model = Model.Create(scenario, seed: 1, extensions: new ModelExtensions
/// {
///     Population = (s, seed) => PopulationTable.Read("residents.csv", s, seed),
/// });
/// </code>
/// </example>
public static class PopulationTable
{
    private static readonly string[] Known =
    [
        "household", "compound", "age", "building", "female", "origin", "years", "education", "occupation", "party",
        "digital_literacy", "free_hours", "club", "online", "trust", "committee_trust", "reciprocity", "belonging",
        "responsibility", "efficacy",
    ];

    /// <summary>Largest population table read: 1 GiB (some 20 million rows).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads the population of <paramref name="scenario"/> from the CSV file at <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file (UTF-8, comma-separated, header row).</param>
    /// <param name="scenario">The scenario whose compounds the rows name.</param>
    /// <param name="seed">Seed for the attributes the table leaves out.</param>
    /// <exception cref="ScenarioException">The file is missing, or a row or cell is not as expected (the message names the line, the column, the value and what is allowed).</exception>
    public static Population Read(string path, Scenario scenario, ulong seed)
    {
        string text;
        try { text = InputFile.ReadAllText(path, MaxBytes); }
        catch (InputFileException e)
        {
            throw new ScenarioException("population file", path, $"a regular UTF-8 CSV file of at most {MaxBytes:N0} bytes ({e.Found})");
        }
        return Parse(new StringReader(text), scenario, seed, path);
    }

    /// <summary>Reads a population from CSV text (see <see cref="Read(string, Scenario, ulong)"/>).</summary>
    /// <param name="csv">The table, header row first.</param>
    /// <param name="scenario">The scenario whose compounds the rows name.</param>
    /// <param name="seed">Seed for the attributes the table leaves out.</param>
    /// <param name="source">Name of the table in error messages.</param>
    public static Population Parse(TextReader csv, Scenario scenario, ulong seed, string source = "population table")
    {
        var (header, column) = Header(csv, source);
        var compounds = scenario.Compounds.ToArray();
        var compoundIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < compounds.Length; c++) compoundIndex[compounds[c].Key] = c;

        // Households in order of first appearance within each compound; members in file order.
        var households = new List<(int Compound, int Building, List<ResidentRecord> Members, int Line)>();
        var householdOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in Rows(csv, header, column, source))
        {

            string id = row.Text("household") ?? throw row.Error("household", "", "an identifier");
            string compoundName = row.Text("compound") ?? throw row.Error("compound", "", "a compound name");
            if (!compoundIndex.TryGetValue(compoundName, out int compound))
                throw row.Error("compound", compoundName, "one of the scenario's compounds: " + string.Join(", ", compoundIndex.Keys));
            int buildings = compounds[compound].Value.Buildings;
            int building = row.Number("building", 0, buildings - 1, integer: true) is { } b ? (int)b : -1;
            var record = new ResidentRecord
            {
                Age = row.Number("age", 0, 110) ?? throw row.Error("age", "", "an age in years, 0 to 110"),
                Female = row.Flag("female"),
                Origin = row.Choice<OriginGroup>("origin"),
                Years = row.Number("years", 0, 110),
                Education = row.Number("education", 0, 3, integer: true) is { } e ? (byte)e : null,
                Occupation = row.Choice<Occupation>("occupation"),
                PartyMember = row.Flag("party"),
                DigitalLiteracy = row.Share("digital_literacy"),
                FreeHours = row.Number("free_hours", 0, 168) is { } f ? (float)f : null,
                ClubMember = row.Flag("club"),
                Online = row.Flag("online"),
                Trust = row.Share("trust"), CommitteeTrust = row.Share("committee_trust"), Reciprocity = row.Share("reciprocity"),
                Belonging = row.Share("belonging"), Responsibility = row.Share("responsibility"), Efficacy = row.Share("efficacy"),
            };
            if (record.Occupation is { } occupation && (occupation == Residents.Occupation.Child) != (record.Age < 18))
                throw row.Error("occupation", occupation.ToString(), record.Age < 18 ? "child, since the resident is under 18" : "not child, since the resident is 18 or over");

            if (householdOf.TryGetValue(id, out int h))
            {
                var hh = households[h];
                if (hh.Compound != compound)
                    throw row.Error("compound", compoundName, $"{compounds[hh.Compound].Key}, the compound of household {id} on line {hh.Line}");
                if (building >= 0 && hh.Building != building)
                    throw row.Error("building", building.ToString(CultureInfo.InvariantCulture), $"{hh.Building}, the building of household {id} on line {hh.Line}");
                if (hh.Members.Count == byte.MaxValue)
                    throw row.Error("household", id, $"at most {byte.MaxValue} members in one household");
                hh.Members.Add(record);
            }
            else
            {
                householdOf[id] = households.Count;
                households.Add((compound, building, [record], row.Line));
            }
        }
        if (households.Count == 0) throw new ScenarioException(source, null, "at least one resident after the header row");
        foreach (var hh in households)
            if (hh.Members.TrueForAll(m => m.Age < 18))
                throw new ScenarioException($"{source} line {hh.Line}", null, "a household with a member of 18 or over (every household has an adult)");

        var ordered = households.Select((hh, k) => (hh, k)).OrderBy(x => x.hh.Compound).ThenBy(x => x.k).Select(x => x.hh).ToArray();
        var perCompound = new int[compounds.Length];
        foreach (var hh in ordered) perCompound[hh.Compound]++;
        var sizes = ordered.Select(hh => (byte)hh.Members.Count).ToArray();
        var placed = ordered.Select(hh => hh.Building).ToArray();
        var pop = PopulationGenerator.Lay(scenario, perCompound, sizes, placed);
        var given = ordered.SelectMany(hh => hh.Members).ToArray();
        for (int k = 0; k < ordered.Length; k++)
            PopulationGenerator.DrawHousehold(pop, scenario, seed, k, tick: 0, arriving: false, given);
        return pop;
    }

    /// <summary>
    /// The compounds a population table names, in order of first appearance, with the households and residents it puts
    /// in each and the buildings its building numbers imply: what a scenario for the table must declare. Only the
    /// header and the household, compound and building cells are checked here; <see cref="Parse"/> checks every cell
    /// against the scenario.
    /// </summary>
    /// <param name="csv">The table, header row first.</param>
    /// <param name="source">Name of the table in error messages.</param>
    /// <exception cref="ScenarioException">The header, or a household, compound or building cell, is not as expected.</exception>
    public static IReadOnlyList<TableCompound> Compounds(TextReader csv, string source = "population table")
    {
        var (header, column) = Header(csv, source);
        var order = new List<string>();
        var found = new Dictionary<string, (HashSet<string> Households, int Residents, int Buildings)>(StringComparer.Ordinal);
        foreach (var row in Rows(csv, header, column, source))
        {
            string id = row.Text("household") ?? throw row.Error("household", "", "an identifier");
            string compound = row.Text("compound") ?? throw row.Error("compound", "", "a compound name");
            int building = row.Number("building", 0, MaxBuilding, integer: true) is { } b ? (int)b : -1;
            if (!found.TryGetValue(compound, out var c)) { order.Add(compound); c = ([], 0, 0); }
            c.Households.Add(id);
            found[compound] = (c.Households, c.Residents + 1, Math.Max(c.Buildings, building + 1));
        }
        if (order.Count == 0) throw new ScenarioException(source, null, "at least one resident after the header row");
        return order.Select(n => new TableCompound(n, found[n].Households.Count, found[n].Residents, found[n].Buildings > 0 ? found[n].Buildings : null)).ToArray();
    }

    /// <summary>Highest building number a table may give (a compound has at most a million buildings).</summary>
    private const int MaxBuilding = 999_999;

    /// <summary>Reads and checks the header row: the columns by name, each known and named once, the required ones present.</summary>
    private static (string[] Header, Dictionary<string, int> Column) Header(TextReader csv, string source)
    {
        string? headerLine = csv.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new ScenarioException($"{source} line 1", null, "a header row naming the columns: household, compound, age, …");
        var header = Split(headerLine.TrimStart('\uFEFF')).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var column = new Dictionary<string, int>();
        for (int c = 0; c < header.Length; c++)
        {
            if (Array.IndexOf(Known, header[c]) < 0)
                throw new ScenarioException($"{source} line 1, column {c + 1}", header[c], "one of the columns " + string.Join(", ", Known));
            if (!column.TryAdd(header[c], c))
                throw new ScenarioException($"{source} line 1, column {c + 1}", header[c], "each column named once");
        }
        foreach (var required in new[] { "household", "compound", "age" })
            if (!column.ContainsKey(required))
                throw new ScenarioException($"{source} line 1", headerLine, $"a column named {required}");
        return (header, column);
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting: "a ""quoted"", cell").</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }

    /// <summary>One row's cells, read by column name with errors that name the line, column and value.</summary>
    /// <summary>The table's rows after its header, each checked to have a cell per column (blank lines skipped).</summary>
    private static IEnumerable<Row> Rows(TextReader csv, string[] header, Dictionary<string, int> column, string source)
    {
        int lineNumber = 1;
        string? line;
        while ((line = csv.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = Split(line);
            if (cells.Length != header.Length)
                throw new ScenarioException($"{source} line {lineNumber}", $"{cells.Length} cells", $"{header.Length} cells, one per column of the header");
            yield return new Row(cells, column, source, lineNumber);
        }
    }

    private readonly struct Row(string[] cells, Dictionary<string, int> column, string source, int line)
    {
        /// <summary>The row's line in the table (the header is line 1).</summary>
        public int Line => line;

        public string? Text(string name)
        {
            if (!column.TryGetValue(name, out int c)) return null;
            string cell = cells[c].Trim();
            return cell.Length == 0 ? null : cell;
        }

        public ScenarioException Error(string name, string value, string expected) =>
            new($"{source} line {line}, column {name}", value, expected);

        public double? Number(string name, double min, double max, bool integer = false)
        {
            if (Text(name) is not { } text) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v)
                || v < min || v > max || (integer && v != Math.Floor(v)))
                throw Error(name, text, $"{(integer ? "a whole number" : "a number")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return v;
        }

        public float? Share(string name) => Number(name, 0, 1) is { } v ? (float)v : null;

        public bool? Flag(string name) => Text(name) switch
        {
            null => null,
            "0" => false,
            "1" => true,
            var other => throw Error(name, other, "0 or 1"),
        };

        public T? Choice<T>(string name) where T : struct, Enum
        {
            if (Text(name) is not { } text) return null;
            foreach (var v in Enum.GetValues<T>())
                if (string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase)) return v;
            throw Error(name, text, "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])));
        }
    }
}

/// <summary>A compound as a population table fills it (see <see cref="PopulationTable.Compounds"/>).</summary>
/// <param name="Name">The compound's name, as the table writes it.</param>
/// <param name="Households">Households the table puts in it.</param>
/// <param name="Residents">Residents (rows) the table puts in it.</param>
/// <param name="Buildings">Buildings its highest building number implies (that number + 1), or null when no row numbers one.</param>
public sealed record TableCompound(string Name, int Households, int Residents, int? Buildings);

/// <summary>What a data table says of one resident; null fields are drawn (see <see cref="PopulationTable"/>).</summary>
internal readonly record struct ResidentRecord
{
    public double? Age { get; init; }
    public bool? Female { get; init; }
    public OriginGroup? Origin { get; init; }
    public double? Years { get; init; }
    public byte? Education { get; init; }
    public Occupation? Occupation { get; init; }
    public bool? PartyMember { get; init; }
    public float? DigitalLiteracy { get; init; }
    public float? FreeHours { get; init; }
    public bool? ClubMember { get; init; }
    public bool? Online { get; init; }
    public float? Trust { get; init; }
    public float? CommitteeTrust { get; init; }
    public float? Reciprocity { get; init; }
    public float? Belonging { get; init; }
    public float? Responsibility { get; init; }
    public float? Efficacy { get; init; }
}
