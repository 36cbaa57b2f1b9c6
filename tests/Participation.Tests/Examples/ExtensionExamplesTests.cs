using System.Globalization;
using DecisionRuleExample;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Examples;

/// <summary>
/// The examples of each extension point build and run in CI mode (<c>--quick</c>), and what they print or write says
/// what their README says: the rule changes participation, the outcome CSV has a row per reported week, the sweep has
/// its points, the CSV population is the file's.
/// </summary>
public class ExtensionExamplesTests
{
    private static string RepoFile(params string[] parts) => Path.Combine([TestScenarios.RepoRoot(), .. parts]);

    private static string XScenario => RepoFile("scenarios", "x-shaoxing.json");

    /// <summary>Runs an example's entry point, failing with what it printed when it does not exit with 0.</summary>
    private static string RunExample(Func<string[], TextWriter, int> run, params string[] args)
    {
        var output = new StringWriter();
        int code = run(args, output);
        Assert.True(code == 0, $"exit code {code}:\n{output}");
        return output.ToString();
    }

    /// <summary>The numbers of a table row: "habit 2  1.9 %  5.3 % ..." gives 2, 1.9, 5.3, ...</summary>
    private static double[] Numbers(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => double.TryParse(t.Trim('[', ']', ','), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(v => !double.IsNaN(v)).ToArray();

    private static string TempFolder() => Directory.CreateTempSubdirectory("participation-example-").FullName;

    // DecisionRule ------------------------------------------------------------------------------------------------

    [Fact]
    public void DecisionRule_habit_raises_weekly_participation_over_the_standard_rule_on_common_random_numbers()
    {
        string text = RunExample(DecisionRuleExample.Program.Run, "--quick", "--scenario", XScenario);
        var lines = text.Split('\n');
        var standard = Numbers(lines.Single(l => l.StartsWith("standard ")));
        var habit = Numbers(lines.Single(l => l.StartsWith("habit 2 ")))[1..]; // drop the weight
        Assert.Equal(6, standard.Length); // weekly, monthly, yearly rates, backbones a week, register, careers
        Assert.Equal(6, habit.Length);
        Assert.True(habit[0] > standard[0], $"habit weekly rate {habit[0]} % not above standard {standard[0]} %:\n{text}");
        Assert.True(standard[3] > 0 && habit[3] > 0, "no backbones:\n" + text);
    }

    [Fact]
    public void DecisionRule_a_habit_of_weight_zero_is_the_standard_rule_bit_for_bit()
    {
        // The example's rule builds on DecisionRule.Standard: with no habit it must be the reference model exactly.
        var scenario = TestScenarios.Small(households: 600, years: 2);
        var reference = Model.Create(scenario, 5).Run();
        var zero = Model.Create(scenario, 5, extensions: new ModelExtensions { DecisionRule = new HabitRule(0f) }).Run();
        Assert.Equal(reference.Weekly, zero.Weekly);
        var strong = Model.Create(scenario, 5, extensions: new ModelExtensions { DecisionRule = new HabitRule(4f) }).Run();
        Assert.True(strong.Weekly.Sum(w => w.Participations) > reference.Weekly.Sum(w => w.Participations));
    }

    [Fact]
    public void DecisionRule_refuses_an_unknown_option_with_exit_code_2()
    {
        var output = new StringWriter();
        Assert.Equal(2, DecisionRuleExample.Program.Run(["--habbit", "2"], output));
        Assert.Contains("--habbit", output.ToString());
    }

    // CustomOutcome -----------------------------------------------------------------------------------------------

    [Fact]
    public void CustomOutcome_writes_one_csv_row_per_reported_week_with_an_interval_around_each_mean()
    {
        string dir = TempFolder();
        try
        {
            string text = RunExample(CustomOutcomeExample.Program.Run, "--quick", "--replications", "3", "--out", dir, "--scenario", XScenario);
            var csv = File.ReadAllLines(Path.Combine(dir, CustomOutcomeExample.Program.CsvName));
            Assert.Equal("date,retired_taking_part_mean,retired_taking_part_low,retired_taking_part_high," +
                "young_adults_taking_part_mean,young_adults_taking_part_low,young_adults_taking_part_high", csv[0]);
            var rows = csv.Skip(1).Select(l => l.Split(',')).ToArray();
            Assert.Contains($"({rows.Length} weeks)", text);

            // One row per reported week: consecutive weeks from --quick's reportFrom (2024-09-01) to the scenario's end.
            var dates = rows.Select(r => DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(dates[0], new DateOnly(2024, 9, 1), new DateOnly(2024, 9, 7));
            Assert.InRange(dates[^1], new DateOnly(2024, 12, 25), new DateOnly(2024, 12, 31));
            for (int w = 1; w < dates.Length; w++) Assert.Equal(dates[w - 1].AddDays(7), dates[w]);

            foreach (var r in rows)
                for (int o = 0; o < 2; o++)
                {
                    double mean = double.Parse(r[1 + 3 * o], CultureInfo.InvariantCulture);
                    double low = double.Parse(r[2 + 3 * o], CultureInfo.InvariantCulture), high = double.Parse(r[3 + 3 * o], CultureInfo.InvariantCulture);
                    Assert.InRange(mean, 0, 1);
                    Assert.True(low <= mean && mean <= high, string.Join(',', r));
                }
            // Somebody of each group took part in some week.
            Assert.Contains(rows, r => double.Parse(r[1], CultureInfo.InvariantCulture) > 0);
            Assert.Contains(rows, r => double.Parse(r[4], CultureInfo.InvariantCulture) > 0);
            Assert.Contains("all weeks", text);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void CustomOutcome_measures_count_the_retired_who_took_part_this_week()
    {
        var scenario = TestScenarios.Small(households: 600, years: 2);
        var model = Model.Create(scenario, 8, extensions: new ModelExtensions { Outcomes = CustomOutcomeExample.Measures.All });
        var result = model.Run();
        Assert.Equal(["retired_taking_part", "young_adults_taking_part"], result.Custom.Select(c => c.Name));
        // At the last week, recount by hand from the final state (the measure ran on that same state).
        var pop = model.Population;
        int retired = 0, taking = 0;
        for (int i = 0; i < pop.Count; i++)
            if (pop.Occupation[i] == Participation.Residents.Occupation.Retired) { retired++; if (pop.ParticipationPrev[i] != 0) taking++; }
        Assert.Equal(taking / (double)retired, result.Custom[0].Weekly[^1], 12);
    }

    // ResumedBatch -------------------------------------------------------------------------------------------------

    [Fact]
    public void ResumedBatch_stops_a_batch_resumes_it_with_the_library_and_gets_the_tables_of_a_batch_without_a_stop()
    {
        string dir = TempFolder();
        try
        {
            string text = RunExample(ResumedBatchExample.Program.Run, "--quick", "--replications", "4", "--stop-after", "2", "--out", dir, "--scenario", XScenario);
            Assert.Contains("stopped after 2 of 4 replications; no table written", text);
            Assert.Matches(@"resuming: [234] of 4 replications read back from the journal", text);
            Assert.Contains("resumed: Finished", text);
            Assert.Contains("identical: all ", text);
            Assert.True(File.Exists(Path.Combine(dir, "stopped", "summary.csv")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // ScriptedExperiment ------------------------------------------------------------------------------------------

    [Fact]
    public void ScriptedExperiment_prints_three_points_and_writes_every_run_and_every_point()
    {
        string dir = TempFolder();
        try
        {
            string text = RunExample(ScriptedExperimentExample.Program.Run, "--quick", "--out", dir, "--scenario", XScenario, "--threads", "2");
            Assert.Contains("3 points x 3 replications = 9 runs", text);
            var lines = text.Split('\n');
            int header = Array.FindIndex(lines, l => l.StartsWith("decision.intercept "));
            Assert.True(header >= 0, text);
            var points = lines.Skip(header + 1).TakeWhile(l => l.Trim().Length > 0).Select(Numbers).ToArray();
            Assert.Equal([-9.0, -8.0, -7.0], points.Select(p => p[0]));
            Assert.All(points, p => Assert.Equal(7, p.Length)); // value, rate mean low high, backbones mean low high
            // A smaller attitude–behaviour gap (a higher intercept) means more adults taking part.
            Assert.True(points[2][1] > points[0][1], text);

            var runs = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
            Assert.StartsWith("point,replication,seed,decision.intercept,", runs[0]);
            Assert.Equal(9, runs.Length - 1);
            var perPoint = File.ReadAllLines(Path.Combine(dir, "sweep_summary.csv"));
            Assert.Equal(3, perPoint.Length - 1);
            Assert.Contains("participation_rate_month_mean", perPoint[0]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ScriptedExperiment_refuses_a_key_that_is_not_a_numeric_scenario_value()
    {
        var output = new StringWriter();
        Assert.Equal(2, ScriptedExperimentExample.Program.Run(["--quick", "--scenario", XScenario, "--vary", "decision.nothing=0:1:3"], output));
        Assert.Contains("decision.nothing", output.ToString());
    }

    // CsvPopulation -----------------------------------------------------------------------------------------------

    [Fact]
    public void CsvPopulation_has_exactly_the_residents_and_households_of_the_file_and_some_take_part()
    {
        string csv = RepoFile("examples", "CsvPopulation", "residents.csv");
        var rows = File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        int households = rows.Select(r => r[0]).Distinct().Count();

        string text = RunExample(CsvPopulationExample.Program.Run, "--quick",
            "--population", csv, "--scenario", RepoFile("examples", "CsvPopulation", "qinghe-lane.json"));
        Assert.Contains($"{rows.Length} rows -> {rows.Length} residents in {households} households, 9 buildings, 2 compounds", text);
        Assert.InRange(rows.Length, 200, 1000); // "a few hundred residents"

        // The table's make-up is what the example says: retired residents and renters among them.
        Assert.Contains(rows, r => r[8] == "retired");
        Assert.Contains(rows, r => r[5] == "renter");
        var week = Numbers(text.Split('\n').Single(l => l.Contains("adults taking part in a week")));
        Assert.True(week[0] > 0, text);
    }

    [Fact]
    public void CsvPopulation_reports_a_bad_row_with_its_line_and_column()
    {
        string dir = TempFolder();
        try
        {
            string bad = Path.Combine(dir, "bad.csv");
            File.WriteAllLines(bad, ["household,compound,age", "A,oldLane,40", "B,oldLane,-5"]);
            var output = new StringWriter();
            int code = CsvPopulationExample.Program.Run(["--quick", "--population", bad,
                "--scenario", RepoFile("examples", "CsvPopulation", "qinghe-lane.json")], output);
            Assert.Equal(2, code);
            Assert.Contains("line 3, column age = -5", output.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_csv_population_scenario_names_the_compounds_of_the_file_with_their_buildings()
    {
        var scenario = ScenarioLoader.Load(RepoFile("examples", "CsvPopulation", "qinghe-lane.json"));
        var rows = File.ReadAllLines(RepoFile("examples", "CsvPopulation", "residents.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        foreach (var group in rows.GroupBy(r => r[1]))
        {
            Assert.True(scenario.Compounds.ContainsKey(group.Key), group.Key);
            Assert.Equal(scenario.Compounds[group.Key].Buildings, group.Select(r => r[2]).Distinct().Count());
            // The unused household count is kept equal to the file's, so the scenario reads right on its own.
            Assert.Equal(scenario.Compounds[group.Key].Households, group.Select(r => r[0]).Distinct().Count());
        }
    }
}
