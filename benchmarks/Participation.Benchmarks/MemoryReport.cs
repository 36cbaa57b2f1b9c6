using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Participation.Simulation;

namespace Participation.Benchmarks;

/// <summary>
/// Memory of a created model: the managed heap retained after <see cref="Model.Create"/> (population,
/// network, levers, buffers) per resident, the bytes allocated while creating it, and the share of the
/// population's and network's arrays. Runs in this process (not under BenchmarkDotNet).
/// </summary>
public static class MemoryReport
{
    public static int Run(string[] args)
    {
        int[] sizes = [10_000, 100_000, 1_000_000];
        int ticks = 0, threads = 1;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--residents" && i + 1 < args.Length)
                sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--ticks" && i + 1 < args.Length) ticks = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--threads" && i + 1 < args.Length) threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else { Console.Error.WriteLine("usage: memory [--residents 10000,100000,1000000] [--ticks N [--threads T]]"); return 2; }
        }
        Console.WriteLine("| scenario | residents | mean degree | retained B/resident | population arrays B/resident | network arrays B/resident | policy levers B/resident | allocated by Create B/resident | Create s |" +
            (ticks > 0 ? $" retained after 8 + {ticks} ticks B/resident | wall ms/tick ({threads} thread(s)) | CPU ms/tick | allocated B/tick |" : ""));
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|" + (ticks > 0 ? "---:|---:|---:|---:|" : ""));
        foreach (var size in sizes) Console.WriteLine(Measure(size, ticks, threads));
        return 0;
    }

    /// <summary>One row; in its own frame so that no earlier model is still referenced when this one is measured.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Measure(int size, int ticks, int threads)
    {
        var scenario = Bench.City(size);
        Settle();
        long before = GC.GetTotalMemory(true);
        long allocBefore = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        var model = Model.Create(scenario, Bench.Seed, options: new SimulationOptions { Threads = threads });
        double createSeconds = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(true) - allocBefore;
        Settle();
        long retained = GC.GetTotalMemory(true) - before;
        double n = model.Population.Count;
        string extra = "";
        if (ticks > 0)
        {
            // Ticks 0-7 are not timed (JIT warm-up, as the benchmark's burn-in); then `ticks` ticks are.
            for (int t = 0; t < 8 && !model.Finished; t++) model.Step();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            long alloc = GC.GetTotalAllocatedBytes(true);
            clock.Restart();
            int ran = 0;
            for (; ran < ticks && !model.Finished; ran++) model.Step();
            double msPerTick = clock.Elapsed.TotalMilliseconds / ran;
            process.Refresh();
            double cpuPerTick = (process.TotalProcessorTime - cpu).TotalMilliseconds / ran;
            double allocPerTick = (double)(GC.GetTotalAllocatedBytes(true) - alloc) / ran;
            Settle();
            extra = $" {(GC.GetTotalMemory(true) - before) / n:0} | {msPerTick:0.00} | {cpuPerTick:0.00} | {allocPerTick:0} |";
        }
        return ($"| city-{Label(size)} | {model.Population.Count} | {model.Network.Targets.Length / n:0.00} | {retained / n:0} | " +
            $"{ArrayBytes(model.Population) / n:0} | {ArrayBytes(model.Network) / n:0} | {ArrayBytes(model.Levers) / n:0} | {allocated / n:0} | {createSeconds:0.00} |{extra}");
    }

    private static string Label(int size) => size >= 1_000_000 ? $"{size / 1_000_000}m" : $"{size / 1000}k";

    private static void Settle()
    {
        for (int k = 0; k < 3; k++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
    }

    /// <summary>Bytes in the arrays of primitives (or enums) held in <paramref name="owner"/>'s instance properties (public or internal).</summary>
    private static long ArrayBytes(object owner)
    {
        long bytes = 0;
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var p in owner.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetValue(owner) is not Array a || !seen.Add(a)) continue;
            var element = a.GetType().GetElementType()!;
            if (element.IsEnum) element = Enum.GetUnderlyingType(element);
            if (!element.IsPrimitive) continue;
            bytes += a.LongLength * Marshal.SizeOf(element);
        }
        return bytes;
    }
}
