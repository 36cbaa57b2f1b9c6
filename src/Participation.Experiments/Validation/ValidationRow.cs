using System.Globalization;
using Participation.Experiments.Statistics;

namespace Participation.Experiments.Validation;

/// <summary>
/// One line of the validation table: a figure the model produced, with its 95 % interval over replications, beside the
/// figure a study or the literature reports and the criterion the check applies. Rows whose <see cref="Passed"/> is
/// empty are context (printed so the judged figure can be read), not judged.
/// </summary>
/// <param name="Check">The check's name (e.g. <c>heard_brings_back</c>); one check has one or more rows.</param>
/// <param name="Measure">What is measured, in words.</param>
/// <param name="Figure">The figure measured: the mean over replications where it is defined.</param>
/// <param name="Low">Lower end of the 95 % interval of the mean (Student's t; NaN with fewer than two values).</param>
/// <param name="High">Upper end of the 95 % interval.</param>
/// <param name="Unit">Unit of the figure (share, ratio, points, weeks...).</param>
/// <param name="Reference">The study's or the literature's figure, with its source.</param>
/// <param name="Criterion">The rule that passes or fails the figure (or "context: not judged").</param>
/// <param name="Passed"><c>True</c> or <c>False</c> for a judged row; empty for a context row.</param>
/// <param name="N">Replications in which the figure is defined.</param>
public sealed record ValidationRow(string Check, string Measure, double Figure, double Low, double High, string Unit,
    string Reference, string Criterion, string Passed, int N)
{
    /// <summary>True when the row is judged (not context). A method, so the CSV table does not take it for a column.</summary>
    public bool IsJudged() => Passed.Length > 0;

    /// <summary>True when the row is judged and failed.</summary>
    public bool IsFailure() => Passed == "False";

    /// <summary>A judged row.</summary>
    internal static ValidationRow Judge(string check, string measure, Interval value, string unit, string reference, string criterion, bool passed) =>
        new(check, measure, value.Mean, value.Low, value.High, unit, reference, criterion, passed ? "True" : "False", value.Count);

    /// <summary>A context row (not judged).</summary>
    internal static ValidationRow Context(string check, string measure, Interval value, string unit, string reference) =>
        new(check, measure, value.Mean, value.Low, value.High, unit, reference, "context: not judged", "", value.Count);

    /// <summary>The figure and its interval as text, e.g. <c>1.42 [1.21, 1.63]</c>.</summary>
    public string FigureText(string format = "0.###")
    {
        static string F(double v, string f) => double.IsNaN(v) ? "n/a" : v.ToString(f, CultureInfo.InvariantCulture);
        return double.IsNaN(Low) ? F(Figure, format) : $"{F(Figure, format)} [{F(Low, format)}, {F(High, format)}]";
    }
}

/// <summary>Everything one validation produced.</summary>
/// <param name="Rows">The table, check by check.</param>
/// <param name="Seeds">Seeds of the replications, per scenario (scenario name → seeds).</param>
/// <param name="Replications">Replications of each check.</param>
public sealed record ValidationResult(IReadOnlyList<ValidationRow> Rows, IReadOnlyDictionary<string, IReadOnlyList<ulong>> Seeds, int Replications)
{
    /// <summary>Judged rows that failed.</summary>
    public int Failures => Rows.Count(r => r.IsFailure());

    /// <summary>Judged rows.</summary>
    public int Judged => Rows.Count(r => r.IsJudged());
}
