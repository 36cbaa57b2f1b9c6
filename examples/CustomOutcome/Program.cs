using System.Globalization;
using System.Text;
using Participation.Experiments.Replications;
using Participation.Experiments.Statistics;
using Participation.Scenarios;
using Participation.Simulation;

namespace CustomOutcomeExample;

/// <summary>
/// Runs replications of study X's community with two custom weekly outcomes (<see cref="Measures"/>), prints the last
/// weeks' means with 95 % intervals across replications, and writes one CSV row per reported week.
/// </summary>
public static class Program
{
    /// <summary>The table written to the output folder.</summary>
    public const string CsvName = "custom_outcomes.csv";

    /// <summary>Entry point: <c>dotnet run --project examples/CustomOutcome [-- --quick] [--replications N] [--out DIR] [--scenario PATH]</c>.</summary>
    public static int Main(string[] args) => Run(args, Console.Out);

    /// <summary>Runs the example, writing the table to <paramref name="output"/>; returns the exit code (0 ok, 2 bad arguments, 3 the CSV could not be written).</summary>
    /// <param name="args"><c>--quick</c> (a smaller community over fewer years, for CI), <c>--replications N</c> (default 5),
    /// <c>--out DIR</c> (default results/examples/custom-outcome), <c>--scenario PATH</c> (default scenarios/x-shaoxing.json).</param>
    /// <param name="output">Where the table goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false;
        int replications = 5;
        string outDir = Path.Combine("results", "examples", "custom-outcome");
        string scenarioPath = "scenarios/x-shaoxing.json";
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--quick": quick = true; break;
                case "--replications" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out replications) && replications >= 1: a++; break;
                case "--out" when a + 1 < args.Length: outDir = args[++a]; break;
                case "--scenario" when a + 1 < args.Length: scenarioPath = args[++a]; break;
                default:
                    output.WriteLine($"unknown or incomplete option {args[a]}; expected --quick, --replications N (1 or more), --out DIR, --scenario PATH");
                    return 2;
            }
        }

        Scenario scenario;
        try
        {
            string path = RepositoryFile(scenarioPath);
            // X with a shorter burn-in; --quick also shrinks the community to a quarter so CI runs it in seconds.
            scenario = ScenarioLoader.Load(path, quick
                ? [.. ScaledDown(ScenarioLoader.Load(path), 4), "calendar.start=2019-01-07", "calendar.reportFrom=2024-09-01"]
                : ["calendar.start=2010-01-04", "calendar.reportFrom=2024-01-01"]);
        }
        catch (ScenarioException e)
        {
            output.WriteLine(e.Message);
            return 2;
        }

        // The outcomes ride along in the model's extensions. ReplicationRunner creates each replication's model through
        // hooks.Create, which receives the replication's seed and options (threads): pass both on, with the extensions.
        var extensions = new ModelExtensions { Outcomes = Measures.All };
        var hooks = new ReplicationHooks { Create = (_, seed, options) => Model.Create(scenario, seed, options: options, extensions: extensions) };
        var results = ReplicationRunner.Run(scenario, (ulong)scenario.Seed, replications, hooks: hooks);

        // Every replication has the same calendar, so week w is the same date in each: one interval per week and outcome.
        var dates = results[0].Weekly.Select(w => w.Date).ToArray();
        var names = results[0].Custom.Select(c => c.Name).ToArray();
        var weekly = new Interval[dates.Length, names.Length];
        for (int w = 0; w < dates.Length; w++)
            for (int o = 0; o < names.Length; o++)
                weekly[w, o] = Interval.Of(results.Select(r => r.Custom[o].Weekly[w]));
        var adults = Enumerable.Range(0, dates.Length).Select(w => Interval.Of(results.Select(r => r.Weekly[w].ParticipationRateWeekly))).ToArray();

        output.WriteLine($"{scenario.Name}: {replications} replications, reported weeks {dates[0]:yyyy-MM-dd} to {dates[^1]:yyyy-MM-dd}");
        output.WriteLine("Share taking part in the week, mean across replications [95 % interval]:");
        output.WriteLine();
        output.WriteLine($"{"week",-10}  {"all adults",-24}  {"retired",-24}  {"aged 18-34"}");
        for (int w = Math.Max(0, dates.Length - 6); w < dates.Length; w++)
            output.WriteLine($"{dates[w]:yyyy-MM-dd}  {Show(adults[w]),-24}  {Show(weekly[w, 0]),-24}  {Show(weekly[w, 1])}");
        // Over the whole reported period: each replication's mean of the weeks, then the interval across replications.
        output.WriteLine($"{"all weeks",-10}  {Show(Interval.Of(results.Select(r => r.Weekly.Average(x => x.ParticipationRateWeekly)))),-24}  " +
            $"{Show(Interval.Of(results.Select(r => MeanOfWeeks(r.Custom[0].Weekly)))),-24}  {Show(Interval.Of(results.Select(r => MeanOfWeeks(r.Custom[1].Weekly))))}");

        // One row per reported week: date, then mean, low and high of each outcome (invariant culture, '.' decimals).
        string csv = Path.Combine(outDir, CsvName);
        try
        {
            Directory.CreateDirectory(outDir);
            var text = new StringBuilder("date");
            foreach (var name in names) text.Append($",{name}_mean,{name}_low,{name}_high");
            text.Append('\n');
            for (int w = 0; w < dates.Length; w++)
            {
                text.Append(dates[w].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                for (int o = 0; o < names.Length; o++)
                    text.Append(',').Append(Cell(weekly[w, o].Mean)).Append(',').Append(Cell(weekly[w, o].Low)).Append(',').Append(Cell(weekly[w, o].High));
                text.Append('\n');
            }
            File.WriteAllText(csv, text.ToString(), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"could not write {csv}: {e.Message}");
            return 3;
        }
        output.WriteLine();
        output.WriteLine($"Weekly values: {csv} ({dates.Length} weeks)");
        return 0;
    }

    /// <summary>"4.1 % [3.6, 4.6]"; an interval needs two replications with a value.</summary>
    private static string Show(Interval iv) => double.IsNaN(iv.Mean) ? "n/a"
        : double.IsNaN(iv.Low) ? string.Create(CultureInfo.InvariantCulture, $"{100 * iv.Mean:F1} %")
        : string.Create(CultureInfo.InvariantCulture, $"{100 * iv.Mean:F1} % [{100 * iv.Low:F1}, {100 * iv.High:F1}]");

    /// <summary>A number as pandas, R and Excel read it; empty where undefined.</summary>
    private static string Cell(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    /// <summary>Mean of the defined weekly values.</summary>
    private static double MeanOfWeeks(IReadOnlyList<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Average();
    }

    /// <summary>Overrides dividing every compound's households and buildings by <paramref name="factor"/>: the same mix, smaller.</summary>
    private static IEnumerable<string> ScaledDown(Scenario scenario, int factor)
    {
        foreach (var (name, compound) in scenario.Compounds)
        {
            int households = Math.Max(1, compound.Households / factor);
            yield return $"compounds.{name}.households={households}";
            yield return $"compounds.{name}.buildings={Math.Clamp(compound.Buildings / factor, 1, households)}";
        }
    }

    /// <summary>The path as given when it exists (run from the repository root), else under the first folder above this program that has it.</summary>
    private static string RepositoryFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        return path;
    }
}
