using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Participation.Benchmarks;

/// <summary>
/// The machine's reference: a STREAM-triad loop a[i] = b[i] + s*c[i] on one thread over three arrays of
/// 2^24 doubles (128 MiB each, far larger than any cache). Its time is set by memory bandwidth; `compare`
/// divides every benchmark's mean by it, so timings from different machines or days can be compared.
/// </summary>
[MemoryDiagnoser]
public class ReferenceBenchmarks
{
    /// <summary>Elements per array.</summary>
    public const int Length = 1 << 24;
    /// <summary>Bytes moved per triad as STREAM counts them (read b and c, write a).</summary>
    public const long BytesPerTriad = 3L * sizeof(double) * Length;

    private double[] _a = null!, _b = null!, _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = new double[Length]; _b = new double[Length]; _c = new double[Length];
        for (int i = 0; i < Length; i++) { _a[i] = 0; _b[i] = 1 + i % 7; _c[i] = 2 + i % 5; }
    }

    [Benchmark(Description = "STREAM triad")]
    public double Triad()
    {
        Kernel(_a, _b, _c, 3.0);
        return _a[Length - 1];
    }

    /// <summary>a = b + s*c, vectorised (the loop must be limited by memory, not by arithmetic).</summary>
    public static void Kernel(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vc = MemoryMarshal.Cast<double, Vector<double>>(c);
        var vs = new Vector<double>(s);
        for (int i = 0; i < va.Length; i++) va[i] = vb[i] + vs * vc[i];
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) a[i] = b[i] + s * c[i];
    }
}
