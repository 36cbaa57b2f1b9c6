using Participation.Experiments.Results;

namespace Participation.Experiments.Sensitivity;

/// <summary>One sensitivity index of one input, as a table row.</summary>
/// <param name="Parameter">Input (a scenario path).</param>
/// <param name="Index">Which index: <c>mu</c>, <c>mu_star</c>, <c>sigma</c> (Morris) or <c>first_order</c>, <c>total_order</c> (Sobol).</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="Low">Lower bound of its bootstrap 95 % interval (empty where none).</param>
/// <param name="High">Upper bound.</param>
public sealed record SensitivityRow(string Parameter, string Index, double Estimate, double Low, double High);

/// <summary>Sensitivity indices as a long table: <c>parameter,index,estimate,low,high</c>.</summary>
public static class SensitivityTable
{
    /// <summary>Rows of Morris indices: mu (no interval), mu_star and sigma (bootstrap intervals).</summary>
    public static IReadOnlyList<SensitivityRow> Rows(IEnumerable<MorrisIndex> indices) => indices.SelectMany(m => new[]
    {
        new SensitivityRow(m.Name, "mu", m.Mu, double.NaN, double.NaN),
        new SensitivityRow(m.Name, "mu_star", m.MuStar, m.MuStarLow, m.MuStarHigh),
        new SensitivityRow(m.Name, "sigma", m.Sigma, m.SigmaLow, m.SigmaHigh),
    }).ToArray();

    /// <summary>Rows of Sobol indices: first_order and total_order with bootstrap intervals.</summary>
    public static IReadOnlyList<SensitivityRow> Rows(IEnumerable<SobolIndex> indices) => indices.SelectMany(s => new[]
    {
        new SensitivityRow(s.Name, "first_order", s.First, s.FirstLow, s.FirstHigh),
        new SensitivityRow(s.Name, "total_order", s.Total, s.TotalLow, s.TotalHigh),
    }).ToArray();

    /// <summary>Writes <paramref name="rows"/> as CSV with a header.</summary>
    public static void Write(TextWriter writer, IEnumerable<SensitivityRow> rows)
    {
        var columns = CsvTable.ColumnsOf<SensitivityRow>();
        writer.Write(string.Join(',', columns.Select(c => c.Name)) + "\n");
        foreach (var row in rows) writer.Write(string.Join(',', columns.Select(c => CsvTable.Format(c.Read(row)))) + "\n");
    }
}
