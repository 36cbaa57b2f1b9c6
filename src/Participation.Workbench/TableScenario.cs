using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Participation.Files;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Workbench;

/// <summary>A scenario to create from a population table: the file, the community's name, the compounds' type and the buildings where the table numbers none.</summary>
/// <param name="File">The scenario file to write (a new one).</param>
/// <param name="Name">The community's name (default: the template's).</param>
/// <param name="Table">The table's file name as uploaded (e.g. residents.csv), named in messages and in the scenario's sources.</param>
/// <param name="Type">Every compound's type (the structure form changes one compound's).</param>
/// <param name="Buildings">Buildings of a compound whose rows give no building number.</param>
internal sealed record TableRequest(string? File, string? Name, string? Table, string? Type, int? Buildings);

/// <summary>
/// A new scenario whose compounds are those of a population table (a household register, a survey, a census extract):
/// the template with the table's compounds, each with the households the table puts in it and the buildings its building
/// numbers imply. The table is read as the library reads one (<see cref="InputFile"/>, then <see cref="PopulationTable"/>,
/// every row checked against the new scenario, with its messages); the scenario is written as any other.
/// </summary>
internal sealed partial class ScenarioStore
{
    /// <summary>Writes scenario <see cref="TableRequest.File"/> from the population table <paramref name="csv"/> (its bytes as uploaded).</summary>
    public ScenarioEntry CreateFromTable(TableRequest request, byte[] csv)
    {
        string table = request.Table ?? "population.csv";
        if (!TableName().IsMatch(table))
            throw new WorkbenchRefusal(400, $"table = {Workspace.Shown(table)}: expected a file name of letters, digits, '-', '_' and '.' ending in .csv, e.g. residents.csv");
        if (request.Type is null) throw new WorkbenchRefusal(400, $"type: expected the compounds' type, one of {string.Join(", ", Enum.GetNames<CompoundType>().Select(Camel))}");
        if (request.Buildings is < 1) throw new WorkbenchRefusal(400, $"buildings = {request.Buildings}: expected a whole number of at least 1");
        string path = workspace.ScenarioFile(request.File);
        if (File.Exists(path) || Directory.Exists(path))
            throw new WorkbenchRefusal(409, $"file = {Workspace.Shown(request.File)}: the file exists; choose a new name");

        // Read where the library reads tables from, a file, under a hidden name beside the scenarios; the messages name the upload.
        string temp = Path.Combine(workspace.Scenarios, $".{table}.{Guid.NewGuid():N}.check");
        string Named(string message) => message.Replace(temp, table, StringComparison.Ordinal);
        try
        {
            File.WriteAllBytes(temp, csv);
            IReadOnlyList<TableCompound> compounds;
            try { compounds = PopulationTable.Compounds(new StringReader(InputFile.ReadAllText(temp, ScenarioLoader.MaxBytes)), table); }
            catch (InputFileException e)
            {
                throw new WorkbenchRefusal(400, new ScenarioException("population file", table, $"a regular UTF-8 CSV file of at most {ScenarioLoader.MaxBytes:N0} bytes ({e.Found})").Message);
            }
            catch (ScenarioException e) { throw new WorkbenchRefusal(400, Named(e.Message)); }

            string text = FromTemplate(compounds, request, table);
            Scenario scenario;
            // The loader's message as a file of that name would get it (a compound name or type the loader refuses).
            try { scenario = ScenarioLoader.LoadJson(text, null, catalog); }
            catch (ScenarioException e) { throw new WorkbenchRefusal(400, new ScenarioException(e.Key, e.Value, e.Expected, request.File).Message); }
            // Every row against the scenario, as a run from the table would read it: ages, origins, buildings in range...
            try { PopulationTable.Read(temp, scenario, (ulong)scenario.Seed); }
            catch (ScenarioException e) { throw new WorkbenchRefusal(400, Named(e.Message)); }
            return Write(request.File, Encoding.UTF8.GetBytes(text), replacing: null);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The template's text with the table's compounds in place of its own, its name and its sources' line on the compounds set; comments kept.</summary>
    private static string FromTemplate(IReadOnlyList<TableCompound> compounds, TableRequest request, string table)
    {
        var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        string S(string v) => JsonSerializer.Serialize(v, json);
        var block = new StringBuilder("\"compounds\": {\n");
        for (int k = 0; k < compounds.Count; k++)
        {
            var c = compounds[k];
            int buildings = c.Buildings ?? request.Buildings ?? throw new WorkbenchRefusal(400,
                $"buildings: {table} numbers no building in compound {c.Name}; expected a building column, or the number of buildings of such a compound");
            block.Append(CultureInfo.InvariantCulture, $"    {S(c.Name)}: {{ \"type\": {S(request.Type!)}, \"households\": {c.Households}, \"buildings\": {buildings} }}");
            block.Append(k + 1 < compounds.Count ? ",\n" : "\n");
        }
        block.Append("  }");
        string text = Resource("templates/community.json");
        if (request.Name is not null) text = WithName(text, request.Name);
        int residents = compounds.Sum(c => c.Residents), households = compounds.Sum(c => c.Households);
        text = CompoundsBlock().Replace(text, _ => block.ToString(), 1);
        text = CompoundsSource().Replace(text, m => m.Groups["key"].Value +
            S($"population table {table}: {residents} residents in {households} households; households per compound counted, buildings from its building numbers"), 1);
        return text;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.csv$")]
    private static partial Regex TableName();

    // The template's compounds object: one level of objects inside (the template has no braces in its comments there).
    [GeneratedRegex("\"compounds\"\\s*:\\s*\\{(?:[^{}]|\\{[^{}]*\\})*\\}")]
    private static partial Regex CompoundsBlock();

    [GeneratedRegex("(?<key>\"compounds\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex CompoundsSource();
}
