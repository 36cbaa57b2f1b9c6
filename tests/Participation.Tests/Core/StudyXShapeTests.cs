using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Core;

/// <summary>
/// The X scenario, uncalibrated, already shows the shape study X describes: work concentrated on a few
/// backbones, many short careers, a small long-serving core, a register of some tens.
/// </summary>
public class StudyXShapeTests
{
    private static readonly Dictionary<string, double> Summary = Model
        .Create(ScenarioLoader.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json")), 1)
        .Run().Summary().ToDictionary(f => f.Name, f => f.Value);

    [Fact]
    public void Tasks_concentrate_on_the_top_tenth()
    {
        Assert.InRange(Summary["top10_task_share"], 0.4, 0.9);
        Assert.True(Summary["task_gini"] > 0.4);
    }

    [Fact]
    public void Many_careers_are_short_and_a_small_core_serves_long()
    {
        Assert.InRange(Summary["register_backbones"], 20, 150);
        Assert.True(Summary["ended_spells_under_6_months"] > 0.3, $"short careers {Summary["ended_spells_under_6_months"]}");
        Assert.InRange(Summary["register_over_3_years"], 0.1, 0.5);
        Assert.True(Summary["register_under_6_months"] > 0.1);
    }

    [Fact]
    public void Participation_is_low_and_backbones_mostly_take_part_a_few_times_a_month()
    {
        // Low (X's headline problem), but not a dead community: the floor only guards against a model that stopped.
        Assert.InRange(Summary["participation_rate_month"], 0.01, 0.3);
        Assert.True(Summary["backbone_frequency_1_2"] + Summary["backbone_frequency_3_4"] > 0.6);
        Assert.True(Summary["backbone_frequency_over_6"] < 0.2);
    }
}
