using CustomPolicy;
using Participation.Cli;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Examples;

/// <summary>The custom-policy example builds, registers its kind and runs, from code and through --plugin.</summary>
public class CustomPolicyExampleTests
{
    private static string Example(string file) => Path.Combine(TestScenarios.RepoRoot(), "examples", "CustomPolicy", file);

    [Fact]
    public void A_scenario_naming_an_unregistered_kind_is_refused_with_the_kinds_that_exist()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Example("elder-canteen.json")));
        Assert.Contains("policies.canteen.kind", e.Message);
        Assert.Contains("elderCanteen", e.Message);
    }

    [Fact]
    public void From_code_the_registered_kind_acts_on_older_residents_only()
    {
        var catalog = PolicyCatalog.Default;
        new Provider().Register(catalog);
        var scenario = ScenarioLoader.Load(Example("elder-canteen.json"), ["calendar.start=2025-01-06", "calendar.reportFrom=2025-06-01"], catalog);
        var model = Model.Create(scenario, 1, catalog);
        while (model.Calendar.WeekStart(model.Tick) < new DateOnly(2026, 1, 5)) model.Step();
        model.Step();
        var canteen = (ElderCanteen)model.Policies.Single(p => p.Name == "canteen");
        Assert.True(canteen.Diners > 0);
        for (int i = 0; i < model.Population.Count; i++)
            if (model.Levers.InviteBoost[i] > 0 && model.Population.MoveInWeek[i] != model.Tick) // movers arrived after the levers were set
                Assert.True(model.Population.AgeAt(i, model.Tick - 1) >= 60);
        Assert.Equal(canteen.Diners * 75.0, model.SpentByPolicy[model.Policies.ToList().IndexOf(canteen)], 6);
    }

    [Fact]
    public void Through_the_command_line_with_plugin()
    {
        string dll = typeof(Provider).Assembly.Location;
        string dir = Directory.CreateTempSubdirectory("participation-plugin-").FullName;
        try
        {
            var output = new StringWriter(); var error = new StringWriter();
            int code = Program.Run(["run", Example("elder-canteen.json"), "--plugin", dll, "--out", Path.Combine(dir, "out"), "--quiet",
                "--set", "calendar.start=2020-01-06", "--set", "calendar.reportFrom=2025-01-01"], output, error);
            Assert.True(code == 0, error.ToString());
            var summary = File.ReadAllLines(Path.Combine(dir, "out", "summary.csv"));
            Assert.Contains(summary, l => l.StartsWith("spent_total,") && !l.StartsWith("spent_total,yuan,0,"));

            error = new StringWriter();
            Assert.Equal(2, Program.Run(["run", Example("elder-canteen.json"), "--plugin", Path.Combine(dir, "missing.dll")], output, error));
            Assert.Contains("--plugin", error.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
