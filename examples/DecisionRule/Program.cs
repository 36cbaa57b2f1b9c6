using System.Globalization;
using Participation.Outcomes;
using Participation.Randomness;
using Participation.Scenarios;
using Participation.Simulation;

namespace DecisionRuleExample;

/// <summary>
/// Runs study X's community twice on common random numbers — once with the standard decision rule, once with
/// <see cref="HabitRule"/> — and prints participation and backbones side by side.
/// </summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run --project examples/DecisionRule [-- --quick] [--habit W] [--seed N] [--scenario PATH]</c>.</summary>
    public static int Main(string[] args) => Run(args, Console.Out);

    /// <summary>Runs the example, writing the table to <paramref name="output"/>; returns the exit code (0 ok, 2 bad arguments).</summary>
    /// <param name="args"><c>--quick</c> (a smaller community over fewer years, for CI), <c>--habit W</c> (default 2),
    /// <c>--seed N</c> (default: the scenario's), <c>--scenario PATH</c> (default scenarios/x-shaoxing.json).</param>
    /// <param name="output">Where the table goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false;
        float habit = 2f;
        ulong? seed = null;
        string scenarioPath = "scenarios/x-shaoxing.json";
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--quick": quick = true; break;
                case "--habit" when a + 1 < args.Length && float.TryParse(args[a + 1], CultureInfo.InvariantCulture, out habit): a++; break;
                case "--seed" when a + 1 < args.Length && ulong.TryParse(args[a + 1], CultureInfo.InvariantCulture, out var s): seed = s; a++; break;
                case "--scenario" when a + 1 < args.Length: scenarioPath = args[++a]; break;
                default:
                    output.WriteLine($"unknown or incomplete option {args[a]}; expected --quick, --habit W, --seed N, --scenario PATH");
                    return 2;
            }
        }

        // The standard X scenario with a shorter burn-in; --quick also shrinks the community to a quarter so CI runs it in seconds.
        Scenario scenario;
        try
        {
            string path = RepositoryFile(scenarioPath);
            scenario = ScenarioLoader.Load(path, quick
                ? [.. ScaledDown(ScenarioLoader.Load(path), 4), "calendar.start=2018-01-01", "calendar.reportFrom=2021-01-01"]
                : ["calendar.start=2010-01-04", "calendar.reportFrom=2018-01-01"]);
        }
        catch (ScenarioException e)
        {
            output.WriteLine(e.Message);
            return 2;
        }
        // Replication 0 of the scenario's master seed: the seed `participation run` gives its first replication.
        ulong runSeed = seed ?? CounterRandom.ReplicationSeed((ulong)scenario.Seed, 0);

        // Common random numbers: same scenario, same seed, so the same population, network and draws — the difference
        // between the two rows is the rule's, not chance's.
        var standard = Model.Create(scenario, runSeed).Run();
        var withHabit = Model.Create(scenario, runSeed, extensions: new ModelExtensions { DecisionRule = new HabitRule(habit) }).Run();

        output.WriteLine($"{scenario.Name}");
        output.WriteLine($"{standard.Calendar.WeekStart(0):yyyy-MM-dd} to {scenario.Calendar.End:yyyy-MM-dd}, seed {runSeed}, reported from {scenario.Calendar.ReportFrom:yyyy-MM-dd}");
        output.WriteLine();
        output.WriteLine($"{"rule",-16} {"weekly rate",12} {"monthly rate",13} {"yearly rate",12} {"backbones/wk",13} {"register",9} {"careers",8}");
        Print(output, "standard", standard);
        Print(output, $"habit {habit.ToString("0.##", CultureInfo.InvariantCulture)}", withHabit);
        output.WriteLine();
        output.WriteLine("weekly rate: adults taking part in a week (mean over reported weeks); monthly and yearly rate: at least once in a");
        output.WriteLine("month (mean of the last 12) or in the last year; backbones/wk: mean backbones in role; register: backbones at the");
        output.WriteLine("register date; careers: backbone careers started in the reported period.");
        return 0;
    }

    /// <summary>One row of the table: participation and backbones of a run.</summary>
    private static void Print(TextWriter output, string label, RunResult result)
    {
        double weekly = result.Weekly.Average(w => w.ParticipationRateWeekly);
        double backbones = result.Weekly.Average(w => w.Backbones);
        var summary = result.Summary().ToDictionary(f => f.Name, f => f.Value);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-16} {weekly,12:P1} {summary["participation_rate_month"],13:P1} {summary["participation_rate_year"],12:P1} {backbones,13:F1} {summary["register_backbones"],9:F0} {summary["spells_started"],8:F0}"));
    }

    /// <summary>
    /// Overrides that divide every compound's households and buildings by <paramref name="factor"/>: the same
    /// community mix, smaller. Built from the scenario itself, so it works for any scenario file.
    /// </summary>
    internal static IEnumerable<string> ScaledDown(Scenario scenario, int factor)
    {
        foreach (var (name, compound) in scenario.Compounds)
        {
            int households = Math.Max(1, compound.Households / factor);
            int buildings = Math.Clamp(compound.Buildings / factor, 1, households);
            yield return $"compounds.{name}.households={households}";
            yield return $"compounds.{name}.buildings={buildings}";
        }
    }

    /// <summary>
    /// A path as given when it exists (run from the repository root), else the same path under the first folder above
    /// this program that has it (run from elsewhere, e.g. the test runner's output folder).
    /// </summary>
    internal static string RepositoryFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path; // the loader then says the file is missing
    }
}
