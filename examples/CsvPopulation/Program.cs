using System.Globalization;
using Participation.Randomness;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;

namespace CsvPopulationExample;

/// <summary>
/// Runs a community whose residents are read from a CSV table (a household register, a survey, a census extract)
/// instead of drawn by the generator: prints who lives there, then how they come to take part.
/// </summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run --project examples/CsvPopulation [-- --quick] [--population CSV] [--scenario JSON] [--seed N]</c>.</summary>
    public static int Main(string[] args) => Run(args, Console.Out);

    /// <summary>Runs the example, writing the summaries to <paramref name="output"/>; returns the exit code (0 ok, 2 bad arguments, scenario or table).</summary>
    /// <param name="args"><c>--quick</c> (two years instead of five, for CI), <c>--population CSV</c> (default
    /// examples/CsvPopulation/residents.csv), <c>--scenario JSON</c> (default examples/CsvPopulation/qinghe-lane.json),
    /// <c>--seed N</c> (default: the scenario's).</param>
    /// <param name="output">Where the summaries go.</param>
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false;
        ulong? seed = null;
        string populationPath = "examples/CsvPopulation/residents.csv";
        string scenarioPath = "examples/CsvPopulation/qinghe-lane.json";
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--quick": quick = true; break;
                case "--population" when a + 1 < args.Length: populationPath = args[++a]; break;
                case "--scenario" when a + 1 < args.Length: scenarioPath = args[++a]; break;
                case "--seed" when a + 1 < args.Length && ulong.TryParse(args[a + 1], CultureInfo.InvariantCulture, out var s): seed = s; a++; break;
                default:
                    output.WriteLine($"unknown or incomplete option {args[a]}; expected --quick, --population CSV, --scenario JSON, --seed N");
                    return 2;
            }
        }
        populationPath = RepositoryFile(populationPath);

        Model model;
        try
        {
            // The scenario names the compounds the table's rows live in (and their buildings); its household counts are not used.
            var scenario = ScenarioLoader.Load(RepositoryFile(scenarioPath),
                quick ? ["calendar.end=2022-12-31", "calendar.registerDate=2022-12-31"] : []);
            // The population source is called once per replication with the scenario and the replication's seed: the
            // table fixes who lives where and what it gives; attributes it leaves empty are drawn from that seed.
            var extensions = new ModelExtensions { Population = (s, replicationSeed) => PopulationTable.Read(populationPath, s, replicationSeed) };
            model = Model.Create(scenario, seed ?? CounterRandom.ReplicationSeed((ulong)scenario.Seed, 0), extensions: extensions);
        }
        catch (ScenarioException e)
        {
            // A bad table is reported like a bad scenario: the line, the column, the value and what is allowed.
            output.WriteLine(e.Message);
            return 2;
        }

        int rows = File.ReadLines(populationPath).Skip(1).Count(line => line.Length > 0);
        var pop = PopulationStatistics.Compute(model.Population, tick: 0);
        output.WriteLine(model.Scenario.Name);
        output.WriteLine($"{Path.GetFileName(populationPath)}: {rows} rows -> {pop.Residents} residents in {pop.Households} households, " +
            $"{pop.Buildings} buildings, {pop.Compounds} compounds; {pop.Adults} adults; {pop.MeanHouseholdSize:F2} per household");
        output.WriteLine();
        output.WriteLine("Population at " + model.Calendar.WeekStart(0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (from the table, and drawn where it is silent):");
        output.WriteLine("  age         " + string.Join("  ", pop.AgeBands.Select(b => $"{b.Key} {Percent(b.Value)}")));
        output.WriteLine("  occupation  " + string.Join("  ", pop.Occupations.Select(o => $"{Name(o.Key)} {Percent(o.Value)}")));
        output.WriteLine("  origin      " + string.Join("  ", pop.Origins.Select(o => $"{Name(o.Key)} {Percent(o.Value)}")));
        output.WriteLine($"  adults who are party members {Percent(pop.PartyMembers)}, in an online group {Percent(pop.OnlineGroupMembers)}, in a club {Percent(pop.ClubMembers)}");

        var result = model.Run();
        var summary = result.Summary().ToDictionary(f => f.Name, f => f.Value);
        output.WriteLine();
        output.WriteLine($"Participation, reported {result.Weekly[0].Date:yyyy-MM-dd} to {result.Weekly[^1].Date:yyyy-MM-dd}:");
        output.WriteLine($"  adults taking part in a week   {Percent(result.Weekly.Average(w => w.ParticipationRateWeekly))} (mean of the reported weeks)");
        output.WriteLine($"  adults taking part in a month  {Percent(summary["participation_rate_month"])} (mean of the last 12 months)");
        output.WriteLine($"  adults taking part in the year {Percent(summary["participation_rate_year"])} (the last reported year)");
        output.WriteLine($"  backbones on the register      {summary["register_backbones"]:F0} at {model.Scenario.Calendar.RegisterDate:yyyy-MM-dd}, " +
            $"{Percent(summary["register_age_60_plus"])} aged 60 and over");
        output.WriteLine($"  households moved out           {result.Weekly.Sum(w => w.HouseholdsMoved)} (replaced by generated newcomers)");
        return 0;
    }

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : (100 * share).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>An enum value as the table writes it (camelCase).</summary>
    private static string Name<T>(T value) where T : struct, Enum => value.ToString() is var s && s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>The path as given when it exists (run from the repository root), else under the first folder above this program that has it.</summary>
    private static string RepositoryFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path;
    }
}
