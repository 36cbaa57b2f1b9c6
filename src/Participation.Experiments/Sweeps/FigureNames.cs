using Participation.Outcomes;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Sweeps;

/// <summary>The names of the summary figures every run reports (<see cref="RunResult.Summary"/>), known before any run.</summary>
public static class FigureNames
{
    private static readonly Lazy<IReadOnlyList<SummaryFigure>> Empty = new(() =>
    {
        var scenario = new Scenario();
        return new RunResult(scenario, 0, new Calendar(scenario.Calendar), [], [], [], [], null, [], []).Summary();
    });

    /// <summary>The figure names, in the order of <see cref="RunResult.Summary"/>.</summary>
    public static IReadOnlyList<string> All => Empty.Value.Select(f => f.Name).ToArray();

    /// <summary>The unit and meaning of figure <paramref name="name"/>, or null when there is no such figure.</summary>
    public static SummaryFigure? Describe(string name) => Empty.Value.FirstOrDefault(f => f.Name == name);

    /// <summary>Checks that <paramref name="name"/> is a summary figure.</summary>
    /// <exception cref="ArgumentException">It is not; the message lists the names.</exception>
    public static string Check(string name, string what = "outcome")
    {
        if (All.Contains(name)) return name;
        throw new ArgumentException($"{what} '{name}': expected a summary figure, one of: {string.Join(", ", All)}");
    }
}
