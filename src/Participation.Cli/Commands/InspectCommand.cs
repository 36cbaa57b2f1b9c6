using System.CommandLine;
using System.Globalization;
using Participation.Networks;
using Participation.Residents;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Cli.Commands;

/// <summary><c>participation inspect SCENARIO</c>: the resolved scenario and the generated population and network.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = CommonOptions.Scenario();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var plugin = Plugins.Option();
        var noScenario = new Option<bool>("--no-scenario") { Description = "Do not print the resolved scenario, only the statistics." };
        var command = new Command("inspect", "Print the resolved scenario and the statistics of its generated population and network (degrees, clustering, components).")
        {
            scenario, seed, set, noScenario, plugin,
        };
        command.SetAction(parse =>
        {
            var catalog = Plugins.Catalog(parse.GetValue(plugin) ?? []);
            var loaded = ScenarioLoader.Load(parse.GetValue(scenario)!, parse.GetValue(set) ?? [], catalog);
            if (!parse.GetValue(noScenario))
            {
                output.WriteLine("# Resolved scenario");
                output.WriteLine(ScenarioJson.ToJson(loaded));
                output.WriteLine();
            }
            var model = Model.Create(loaded, (ulong)(parse.GetValue(seed) ?? loaded.Seed), catalog);
            Print(output, PopulationStatistics.Compute(model.Population), NetworkStatistics.Compute(model.Network));
            return Program.Ok;
        });
        return command;
    }

    private static void Print(TextWriter o, PopulationStatistics p, NetworkStatistics n)
    {
        static string Pct(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        // Occupations and origins as the population table and scenario files write them (camelCase: notEmployed).
        static string Name(Enum key) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(key.ToString());
        o.WriteLine("# Population");
        o.WriteLine($"residents {p.Residents:N0}, adults {p.Adults:N0}, households {p.Households:N0} (mean size {Num(p.MeanHouseholdSize)}), " +
            $"buildings {p.Buildings:N0}, compounds {p.Compounds}, clubs {p.Clubs}");
        o.WriteLine("age:          " + string.Join(", ", p.AgeBands.Select(x => $"{x.Key} {Pct(x.Value)}")));
        o.WriteLine("occupation:   " + string.Join(", ", p.Occupations.Select(x => $"{Name(x.Key)} {Pct(x.Value)}")));
        o.WriteLine("origin:       " + string.Join(", ", p.Origins.Select(x => $"{Name(x.Key)} {Pct(x.Value)}")));
        o.WriteLine("digital literacy by age (mean): " + string.Join(", ", p.DigitalLiteracyByAge.Select(x => $"{x.Key} {Num(x.Value)}")));
        o.WriteLine("free hours a week by occupation (mean): " + string.Join(", ", p.FreeHoursByOccupation.Select(x => $"{Name(x.Key)} {Num(x.Value)}")));
        o.WriteLine($"women {Pct(p.Women)}; of adults: party members {Pct(p.PartyMembers)}, in online groups {Pct(p.OnlineGroupMembers)}, in clubs {Pct(p.ClubMembers)}");
        o.WriteLine();
        o.WriteLine("# Network");
        o.WriteLine($"ties {n.Ties:N0}; mean degree {Num(n.MeanDegree)} (strong {Num(n.MeanStrongDegree)}, weak {Num(n.MeanWeakDegree)}), max {n.MaxDegree}");
        o.WriteLine($"clustering {n.Clustering.ToString("0.000", CultureInfo.InvariantCulture)}; components {n.Components}, largest {Pct(n.LargestComponentShare)}");
        o.WriteLine("degree distribution (degree: residents): " + string.Join(", ",
            n.DegreeHistogram.Select((c, d) => (c, d)).Where(x => x.c > 0).Select(x => $"{x.d}{(x.d == n.DegreeHistogram.Length - 1 ? "+" : "")}: {x.c}")));
    }
}
