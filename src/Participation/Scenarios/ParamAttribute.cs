namespace Participation.Scenarios;

/// <summary>
/// Documents a scenario parameter and the range it accepts. The loader enforces <see cref="Min"/> and
/// <see cref="Max"/>; the scenario reference in <c>docs/</c> is generated from these attributes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ParamAttribute(string doc) : Attribute
{
    /// <summary>What the parameter means, in the field's words.</summary>
    public string Doc { get; } = doc;
    /// <summary>Smallest allowed value (inclusive).</summary>
    public double Min { get; init; } = double.NegativeInfinity;
    /// <summary>Largest allowed value (inclusive).</summary>
    public double Max { get; init; } = double.PositiveInfinity;
    /// <summary>Unit of the value, e.g. "share", "hours/week", "per year".</summary>
    public string Unit { get; init; } = "";
    /// <summary>Where the default comes from: a study (X, T, H, YL, D), a public source, or "assumption".</summary>
    public string Source { get; init; } = "assumption";
}
