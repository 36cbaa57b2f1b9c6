using Participation.Outcomes;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>The model's seams: a decision rule, custom outcomes, a population read from a table.</summary>
public class ExtensionTests
{
    /// <summary>The standard rule, called through a subclass: what a researcher who starts from it would write.</summary>
    private sealed class CountingRule : DecisionRule
    {
        public int Calls;
        public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
        {
            Interlocked.Increment(ref Calls);
            Standard.BaseUtilities(inputs, utility);
        }
    }

    private sealed class NobodyRule : DecisionRule
    {
        public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility) => utility.Fill(-60f);
    }

    /// <summary>Granovetter: willing when at least a share of one's ties took part last week, or a strong sense of responsibility (the instigators).</summary>
    private sealed class ThresholdRule(float threshold) : DecisionRule
    {
        public override void BaseUtilities(in DecisionInputs inputs, Span<float> utility)
        {
            var influence = inputs.Influence; var responsibility = inputs.Population.Responsibility;
            for (int k = 0; k < utility.Length; k++)
                utility[k] = influence[k] >= threshold || responsibility[inputs.First + k] > 0.8f ? 30f : -30f;
        }
    }

    private static Scenario Short() => TestScenarios.Small(households: 600, years: 2);

    [Fact]
    public void A_rule_that_calls_the_standard_one_gives_the_reference_run_bit_for_bit_with_one_call_per_block()
    {
        var scenario = Short();
        var reference = Model.Create(scenario, 3).Run();
        var rule = new CountingRule();
        var model = Model.Create(scenario, 3, extensions: new ModelExtensions { DecisionRule = rule });
        var result = model.Run();
        Assert.Equal(reference.Weekly, result.Weekly);
        Assert.Equal(reference.Annual, result.Annual);
        int blocks = (model.Population.Count + 4095) / 4096;
        Assert.Equal(model.Calendar.TickCount * blocks, rule.Calls);
    }

    [Fact]
    public void A_rule_that_makes_nobody_willing_leaves_only_no_participation()
    {
        // Without the party-building channel: the posts it offers bring people in whatever the decision rule says
        // (a backbone does the tasks it is assigned), and this test is about the rule alone.
        var scenario = Short() with { Roles = new RoleSettings { PartyChannelShare = 0 } };
        var result = Model.Create(scenario, 3, extensions: new ModelExtensions { DecisionRule = new NobodyRule() }).Run();
        Assert.NotEmpty(result.Weekly);
        Assert.All(result.Weekly, w => Assert.Equal(0, w.Participants));
    }

    [Fact]
    public void A_custom_rule_stays_bit_identical_across_threads()
    {
        var scenario = TestScenarios.Small(households: 4000, years: 2); // several blocks
        var ext = new ModelExtensions { DecisionRule = new ThresholdRule(0.2f) };
        var one = Model.Create(scenario, 9, options: new SimulationOptions { Threads = 1 }, extensions: ext).Run();
        var three = Model.Create(scenario, 9, options: new SimulationOptions { Threads = 3 }, extensions: ext).Run();
        Assert.Equal(one.Weekly, three.Weekly);
        Assert.Contains(one.Weekly, w => w.Participants > 0);
    }

    private static readonly CustomOutcome BackbonesCounted = new("backbones_counted", m =>
    {
        // One loop over the population's arrays, once a week.
        var role = m.Population.Role;
        int n = 0;
        for (int i = 0; i < role.Length; i++) if (role[i] >= Role.Backbone) n++;
        return n;
    });

    private static readonly CustomOutcome MeanFatigue = new("mean_fatigue", m => m.Population.Fatigue.Average());

    [Fact]
    public void Custom_outcomes_are_recorded_every_reported_week_beside_the_weekly_records()
    {
        var result = Model.Create(Short(), 4, extensions: new ModelExtensions { Outcomes = [BackbonesCounted, MeanFatigue] }).Run();
        Assert.Equal(["backbones_counted", "mean_fatigue"], result.Custom.Select(c => c.Name));
        var counted = result.Custom[0].Weekly;
        Assert.Equal(result.Weekly.Count, counted.Count);
        for (int w = 0; w < counted.Count; w++) Assert.Equal(result.Weekly[w].Backbones, counted[w]);
        Assert.Contains(result.Custom[1].Weekly, f => f > 0);
    }

    [Fact]
    public void Custom_outcomes_survive_a_checkpoint()
    {
        var scenario = Short();
        var ext = new ModelExtensions { Outcomes = [BackbonesCounted, MeanFatigue] };
        var whole = Model.Create(scenario, 4, extensions: ext).Run();
        var first = Model.Create(scenario, 4, extensions: ext);
        first.RunUntil(first.Calendar.TickCount - 20);
        var restored = Model.Restore(scenario, first.SaveState(), extensions: ext).Run();
        Assert.Equal(whole.Custom[0].Weekly, restored.Custom[0].Weekly);
        Assert.Equal(whole.Custom[1].Weekly, restored.Custom[1].Weekly);

        var without = Assert.Throws<CheckpointException>(() => Model.Restore(scenario, first.SaveState()));
        Assert.Contains("custom outcome", without.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1st")]
    [InlineData("mean fatigue")]
    public void Custom_outcome_names_must_be_column_names(string name) =>
        Assert.Throws<ArgumentException>(() => new CustomOutcome(name, _ => 0));

    private const string Table = """
        household,compound,building,age,female,origin,years,occupation,trust,club
        A,old,0,67,1,local,30,retired,0.9,1
        A,old,0,70,0,,,,,
        B,new,1,34,1,renter,1,employed,,0
        B,new,1,5,0,,,child,,
        C,old,,45,,,,,,
        """;

    [Fact]
    public void A_table_fixes_who_lives_where_and_the_attributes_it_gives_and_draws_the_rest()
    {
        var scenario = Short();
        var pop = PopulationTable.Parse(new StringReader(Table), scenario, 5);
        Assert.Equal(5, pop.Count);
        Assert.Equal(3, pop.HouseholdCount);
        // Compound by compound in scenario order: old (A, C) then new (B).
        Assert.Equal([0, 0, 0, 1, 1], pop.Compound);
        Assert.Equal(pop.Household[0], pop.Household[1]);
        Assert.Equal(67, pop.AgeAt(0, 0), 1);
        Assert.Equal(Occupation.Retired, pop.Occupation[0]);
        Assert.Equal(0.9f, pop.Trust[0]);
        Assert.True(pop.Club[0] >= 0);
        Assert.Equal(OriginGroup.Local, pop.Origin[1]); // the household's origin
        Assert.Equal(-(int)Math.Round(30 * Population.WeeksPerYear), pop.MoveInWeek[0]);
        Assert.Equal(OriginGroup.Renter, pop.Origin[3]);
        Assert.Equal(-1, pop.Club[3]);
        Assert.Equal(Occupation.Child, pop.Occupation[4]);
        Assert.Equal(pop.Building[3], pop.Building[4]);
        Assert.Equal(scenario.Compounds["old"].Buildings + 1, pop.Building[3]);
        // Drawn: the 70-year-old's occupation fits the given age.
        Assert.Equal(Occupation.Retired, pop.Occupation[1]);
        Assert.InRange(pop.Trust[2], 0f, 1f);
    }

    [Fact]
    public void A_tables_compounds_are_counted_in_order_of_first_appearance_with_the_buildings_its_numbers_imply()
    {
        var compounds = PopulationTable.Compounds(new StringReader(Table));
        Assert.Equal([new TableCompound("old", 2, 3, 1), new TableCompound("new", 1, 2, 2)], compounds);
        Assert.Null(PopulationTable.Compounds(new StringReader("household,compound,age\nA,x,40")).Single().Buildings);
        Assert.Contains("line 2, column building = -1: expected a whole number from 0",
            Assert.Throws<ScenarioException>(() => PopulationTable.Compounds(new StringReader("household,compound,age,building\nA,x,40,-1"))).Message);
        Assert.Contains("a column named age", Assert.Throws<ScenarioException>(() => PopulationTable.Compounds(new StringReader("household,compound\nA,x"))).Message);
    }

    [Fact]
    public void A_model_runs_on_a_population_from_a_file()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("participation-table-").FullName, "residents.csv");
        try
        {
            var lines = new List<string> { "household,compound,age,occupation" };
            for (int h = 0; h < 300; h++)
            {
                lines.Add($"h{h},{(h % 2 == 0 ? "old" : "new")},{30 + h % 50},");
                if (h % 3 == 0) lines.Add($"h{h},{(h % 2 == 0 ? "old" : "new")},{8 + h % 9},child");
            }
            File.WriteAllLines(path, lines);
            var ext = new ModelExtensions { Population = (s, seed) => PopulationTable.Read(path, s, seed) };
            var model = Model.Create(Short(), 2, extensions: ext);
            Assert.Equal(400, model.Population.Count);
            var result = model.Run();
            Assert.Contains(result.Weekly, w => w.Participants > 0);
            Assert.Equal(result.Weekly, Model.Create(Short(), 2, extensions: ext).Run().Weekly);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    [Theory]
    [InlineData("household,compound\nA,old", "a column named age")]
    [InlineData("household,compound,age,height\nA,old,40,170", "column 4")]
    [InlineData("household,compound,age\nA,nowhere,40", "line 2, column compound = nowhere")]
    [InlineData("household,compound,age\nA,old,-3", "line 2, column age = -3: expected a number from 0 to 110")]
    [InlineData("household,compound,age,female\nA,old,40,yes", "column female = yes: expected 0 or 1")]
    [InlineData("household,compound,age,occupation\nA,old,40,pilot", "column occupation = pilot: expected one of child, student, employed, notEmployed, retired")]
    [InlineData("household,compound,age,occupation\nA,old,40,child", "child, since")]
    [InlineData("household,compound,age\nA,old,12", "a member of 18 or over")]
    [InlineData("household,compound,age\nA,old,40\nA,new,38", "line 3, column compound = new: expected old, the compound of household A on line 2")]
    [InlineData("household,compound,age,building\nA,old,40,999", "column building = 999")]
    [InlineData("household,compound,age\nA,old", "line 2 = 2 cells: expected 3 cells")]
    [InlineData("household,compound,age\n", "at least one resident")]
    [InlineData("", "a header row")]
    public void Bad_tables_are_refused_naming_the_line_the_column_and_what_is_allowed(string csv, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => PopulationTable.Parse(new StringReader(csv), Short(), 1));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<ScenarioException>(() => PopulationTable.Read("/nonexistent/residents.csv", Short(), 1));
        Assert.Contains("population file = /nonexistent/residents.csv", e.Message);
    }

    [Fact]
    public void Replications_and_sweeps_take_the_extensions_and_results_get_a_custom_table()
    {
        var scenario = Short();
        var ext = new ModelExtensions { Outcomes = [BackbonesCounted] };
        var runs = Participation.Experiments.Replications.ReplicationRunner.Run(scenario, 5, 2, threads: 1, extensions: ext);
        Assert.All(runs, r => Assert.Equal(r.Weekly.Count, r.Custom.Single().Weekly.Count));

        string dir = Directory.CreateTempSubdirectory("participation-custom-").FullName;
        try
        {
            Participation.Experiments.Results.ResultSet.Write(dir, runs, new Participation.Experiments.Results.RunManifest { MasterSeed = 5 }, "{}");
            var lines = File.ReadAllLines(Path.Combine(dir, "custom_weekly.csv"));
            Assert.Equal("replication,seed,date,backbones_counted", lines[0]);
            Assert.Equal(1 + runs.Sum(r => r.Weekly.Count), lines.Length);
            Assert.EndsWith("," + runs[1].Weekly[^1].Backbones, lines[^1]);

            string file = Path.Combine(dir, "small.json");
            File.WriteAllText(file, TestScenarios.SmallJson);
            var rule = new CountingRule();
            var sweep = new Participation.Experiments.Sweeps.Sweep(
                Participation.Experiments.Sweeps.SweepDesign.Grid([new("decision.intercept", -8, -7, 2)]),
                Participation.Experiments.Sweeps.ScenarioFactory.FromFile(file, ["calendar.start=2018-01-01", "calendar.reportFrom=2019-01-01"]))
            { Extensions = new ModelExtensions { DecisionRule = rule }, Threads = 1 };
            sweep.Run(new Participation.Experiments.Sweeps.MemorySweepSink());
            Assert.True(rule.Calls > 0);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
