using Participation.Experiments.Calibration;
using Participation.Experiments.Sweeps;

namespace Participation.Experiments.Results;

/// <summary>A study's figure that a model figure is held against: its value and the tolerance within which the model agrees.</summary>
/// <param name="Study">The study, as results name it ("study X").</param>
/// <param name="Value">The study's value, in the figure's unit.</param>
/// <param name="Tolerance">How far the model's mean may lie from it and still agree (the calibration's tolerance).</param>
/// <param name="Source">Where the value comes from, in words.</param>
/// <param name="Fitted">Whether the calibration fits it (a target) or it is only shown (a reference).</param>
public sealed record FigureReference(string Study, double Value, double Tolerance, string Source, bool Fitted)
{
    /// <summary>Whether a model mean agrees with the study: within <see cref="Tolerance"/> of <see cref="Value"/> (as the calibration's check).</summary>
    public bool Holds(double mean) => double.IsFinite(mean) && Math.Abs(mean - Value) <= Tolerance;
}

/// <summary>A summary figure as every output names it: its name, unit and meaning, a plain label, and the study figure it is held against.</summary>
/// <param name="Name">The figure's name (the <c>figure</c> column of summary.csv, a column of sweep.csv, a target's key).</param>
/// <param name="Unit">Its unit: share, count, persons, years, yuan…</param>
/// <param name="Meaning">How it is computed.</param>
/// <param name="Label">A plain label for the headline figures of the console and the report; null for the others.</param>
/// <param name="Reference">The study's figure it is held against, or null (no study judges the scenario, or the study reports none).</param>
public sealed record CatalogueFigure(string Name, string Unit, string Meaning, string? Label, FigureReference? Reference);

/// <summary>
/// The one catalogue of summary figures: name, unit and meaning (as <see cref="Participation.Outcomes.RunResult.Summary"/>
/// computes them), a plain label for the headline figures, and the study's value and tolerance read from a targets file
/// (<c>scenarios/targets/*.json</c>, shipped inside the library) — the run's console summary, the report, sweeps and
/// summary.csv all read it, so a figure has one name, one unit and one reference everywhere. A scenario's figures are held
/// against a study only where a targets file names the scenario (<see cref="CalibrationSpec.Scenarios"/>): a user's own
/// community is not scored against study X.
/// </summary>
public sealed class FigureCatalogue
{
    /// <summary>The headline figures, in the order the console and the report show them, with their labels.</summary>
    private static readonly (string Figure, string Label)[] HeadlineLabels =
    [
        ("register_backbones", "Backbones on the register (at the register date)"),
        ("register_during_year_over_3_years", "Served in the register's year: over 3 years"),
        ("register_during_year_under_6_months", "Served in the register's year: under 6 months"),
        ("register_over_3_years", "In role at the register date: serving over 3 years"),
        ("register_under_6_months", "In role at the register date: serving under 6 months"),
        ("register_age_60_plus", "Register aged 60 and over"),
        ("top10_task_share", "Tasks done by the top 10 % of backbones (last year)"),
        ("backbone_frequency_1_2", "Backbone-months with 1–2 participations"),
        ("backbone_frequency_3_4", "Backbone-months with 3–4 participations"),
        ("backbone_frequency_5_6", "Backbone-months with 5–6 participations"),
        ("backbone_frequency_over_6", "Backbone-months with more than 6 participations"),
        ("participation_rate_month", "Adults taking part in a month (mean of last 12)"),
        ("participation_rate_year", "Adults taking part in the last year"),
        ("spells_started", "Backbone careers started in the reported period"),
        ("ended_spells_under_6_months", "Ended careers shorter than 6 months"),
        ("spent_total", "Money spent by policies over the run"),
    ];

    private static readonly Lazy<IReadOnlyList<CalibrationSpec>> Shipped = new(() =>
    {
        var assembly = typeof(FigureCatalogue).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith("targets/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return CalibrationSpec.Parse(reader.ReadToEnd(), "scenarios/" + n);
            }).ToArray();
    });

    private readonly Dictionary<string, CatalogueFigure> _byName;

    private FigureCatalogue(CalibrationSpec? targets)
    {
        Judge = targets;
        string study = targets is null ? "" : targets.Study.Length > 0 ? targets.Study : "the study";
        var references = targets is null ? new Dictionary<string, FigureReference>()
            : targets.Targets.Select(t => (t.Figure, Reference: new FigureReference(study, t.Value, t.Tolerance, t.Source, Fitted: true)))
                .Concat(targets.References.Select(t => (t.Figure, Reference: new FigureReference(study, t.Value, t.Tolerance, t.Source, Fitted: false))))
                .ToDictionary(x => x.Figure, x => x.Reference);
        var labels = HeadlineLabels.ToDictionary(h => h.Figure, h => h.Label);
        Figures = FigureNames.All.Select(name =>
        {
            var f = FigureNames.Describe(name)!;
            return new CatalogueFigure(name, f.Unit, f.Meaning, labels.GetValueOrDefault(name), references.GetValueOrDefault(name));
        }).ToArray();
        _byName = Figures.ToDictionary(f => f.Name);
        Headline = HeadlineLabels.Select(h => _byName[h.Figure]).ToArray();
    }

    /// <summary>The catalogue with no study's figures: names, units, meanings and labels only.</summary>
    public static FigureCatalogue Plain { get; } = new(null);

    /// <summary>The targets files shipped with the library (<c>scenarios/targets/*.json</c>), in file-name order.</summary>
    public static IReadOnlyList<CalibrationSpec> ShippedTargets => Shipped.Value;

    /// <summary>
    /// The catalogue for results of the scenario named <paramref name="scenarioName"/>: held against the first targets file
    /// (of <paramref name="targets"/>, default the shipped ones) that names the scenario, or against none.
    /// </summary>
    public static FigureCatalogue For(string? scenarioName, IEnumerable<CalibrationSpec>? targets = null) =>
        (targets ?? ShippedTargets).FirstOrDefault(t => t.Judges(scenarioName)) is { } judge ? new FigureCatalogue(judge) : Plain;

    /// <summary>The catalogue held against <paramref name="targets"/>, whichever scenario it names.</summary>
    public static FigureCatalogue Against(CalibrationSpec targets) => new(targets);

    /// <summary>The targets file the figures are held against, or null.</summary>
    public CalibrationSpec? Judge { get; }

    /// <summary>The study the references come from ("study X"), or null when the figures are held against none.</summary>
    public string? Study => Judge is null ? null : Judge.Study.Length > 0 ? Judge.Study : "the study";

    /// <summary>Every summary figure, in the order of <see cref="Participation.Outcomes.RunResult.Summary"/>.</summary>
    public IReadOnlyList<CatalogueFigure> Figures { get; }

    /// <summary>The headline figures, in the order the console and the report show them.</summary>
    public IReadOnlyList<CatalogueFigure> Headline { get; }

    /// <summary>The figure named <paramref name="name"/>, or null.</summary>
    public CatalogueFigure? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The figure named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such summary figure.</exception>
    public CatalogueFigure this[string name] => _byName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"'{name}' is not a summary figure");
}
