using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Participation.Benchmarks;

/// <summary>A derived figure of the mean, shown for the benchmarks it applies to ("-" for the others).</summary>
internal sealed class DerivedColumn(string name, string legend, Func<BenchmarkCase, double, double?> derive, string format) : IColumn
{
    /// <summary>Nanoseconds per resident-tick of the tick benchmark (mean over the nominal residents).</summary>
    public static readonly DerivedColumn NsPerResidentTick = new("ns/resident-tick",
        "Mean time of one tick over the nominal number of residents (1 ns = 1e-9 s)",
        (c, mean) => c.Descriptor.Type == typeof(TickBenchmarks) ? mean / Convert.ToDouble(c.Parameters["Residents"], CultureInfo.InvariantCulture) : null,
        "0.00");

    /// <summary>Millions of resident-ticks per second of the tick benchmark (nominal residents over the mean).</summary>
    public static readonly DerivedColumn ResidentTicksPerSecond = new("M resident-ticks/s",
        "Millions of resident-ticks per second: nominal residents over the mean time of one tick",
        (c, mean) => c.Descriptor.Type == typeof(TickBenchmarks) ? Convert.ToDouble(c.Parameters["Residents"], CultureInfo.InvariantCulture) / mean * 1e3 : null,
        "0.00");

    /// <summary>Memory bandwidth of the triad reference (STREAM's count: 24 bytes per element).</summary>
    public static readonly DerivedColumn TriadBandwidth = new("GB/s",
        "Bandwidth of the STREAM triad (3 x 8 bytes per element over the mean; 1 GB = 1e9 bytes)",
        (c, mean) => c.Descriptor.Type == typeof(ReferenceBenchmarks) ? ReferenceBenchmarks.BytesPerTriad / mean : null,
        "0.0");

    public string Id => "Participation." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null or <= 0) return "-";
        var value = derive(benchmarkCase, mean.Value);
        return value is null ? "-" : value.Value.ToString(format, CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}
