using Participation.Policies;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// Builds the scenario of a design point: the base scenario with each varied key set to the point's value.
/// The built-in factories go through <see cref="ScenarioLoader"/> with <c>path=value</c> overrides, so every
/// point is validated exactly as a scenario file with <c>--set</c> would be.
/// </summary>
public sealed class ScenarioFactory
{
    private readonly Func<IReadOnlyList<string>, Scenario> _load;

    private ScenarioFactory(Func<IReadOnlyList<string>, Scenario> load, Scenario baseScenario, string description)
    {
        _load = load;
        Base = baseScenario;
        Description = description;
    }

    /// <summary>The scenario with no parameter varied (base overrides applied).</summary>
    public Scenario Base { get; }

    /// <summary>Where the scenario comes from (a file, JSON text, an object), for manifests.</summary>
    public string Description { get; }

    /// <summary>The scenario with <paramref name="parameters"/> set to <paramref name="values"/>.</summary>
    /// <exception cref="ScenarioException">The point is not a valid scenario (e.g. a cross-field check fails).</exception>
    public Scenario Create(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<double> values)
    {
        if (parameters.Count != values.Count) throw new ArgumentException($"{values.Count} values for {parameters.Count} parameters", nameof(values));
        return _load(parameters.Select((p, j) => p.Override(values[j])).ToArray());
    }

    /// <summary>A factory loading <paramref name="path"/> with <paramref name="overrides"/>, then the point's values.</summary>
    /// <param name="path">Scenario file.</param>
    /// <param name="overrides">Overrides applied before the point's values (e.g. from <c>--set</c>).</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <exception cref="ScenarioException">The base scenario cannot be loaded.</exception>
    public static ScenarioFactory FromFile(string path, IEnumerable<string>? overrides = null, PolicyCatalog? catalog = null)
    {
        var sets = (overrides ?? []).ToArray();
        var baseScenario = ScenarioLoader.Load(path, sets, catalog);
        return new ScenarioFactory(point => ScenarioLoader.Load(path, [.. sets, .. point], catalog), baseScenario, path);
    }

    /// <summary>A factory over scenario JSON text (no <c>extends</c>).</summary>
    /// <param name="json">The scenario as JSON.</param>
    /// <param name="overrides">Overrides applied before the point's values.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    public static ScenarioFactory FromJson(string json, IEnumerable<string>? overrides = null, PolicyCatalog? catalog = null)
    {
        var sets = (overrides ?? []).ToArray();
        var baseScenario = ScenarioLoader.LoadJson(json, sets, catalog);
        return new ScenarioFactory(point => ScenarioLoader.LoadJson(json, [.. sets, .. point], catalog), baseScenario, "(json)");
    }

    /// <summary>A factory over a scenario object (written with <see cref="ScenarioJson.ToJson"/> and reloaded per point).</summary>
    /// <param name="scenario">The base scenario.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    public static ScenarioFactory FromScenario(Scenario scenario, PolicyCatalog? catalog = null)
    {
        var factory = FromJson(ScenarioJson.ToJson(scenario), null, catalog);
        return new ScenarioFactory(factory._load, factory.Base, scenario.Name);
    }

    /// <summary>A factory from a delegate receiving the point's <c>path=value</c> overrides.</summary>
    /// <param name="baseScenario">The scenario with no parameter varied.</param>
    /// <param name="create">Builds the scenario from the overrides.</param>
    /// <param name="description">Where the scenario comes from.</param>
    public static ScenarioFactory FromOverrides(Scenario baseScenario, Func<IReadOnlyList<string>, Scenario> create, string description = "(code)") =>
        new(create, baseScenario, description);
}
