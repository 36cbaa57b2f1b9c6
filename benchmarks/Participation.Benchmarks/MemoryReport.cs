using System.Diagnostics;
using System.Globalization;
using System.Reflection;
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
        int ticks = 0;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--residents" && i + 1 < args.Length)
                sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--ticks" && i + 1 < args.Length) ticks = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else { Console.Error.WriteLine("usage: memory [--residents 10000,100000,1000000] [--ticks N]"); return 2; }
        }
        Console.WriteLine("| scenario | residents | mean degree | retained B/resident | population arrays B/resident | network arrays B/resident | policy levers B/resident | allocated by Create B/resident | Create s |" +
            (ticks > 0 ? $" retained after {ticks} ticks B/resident | ms/tick |" : ""));
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|" + (ticks > 0 ? "---:|---:|" : ""));
        foreach (var size in sizes)
        {
            var scenario = Bench.City(size);
            Settle();
            long before = GC.GetTotalMemory(true);
            long allocBefore = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            var model = Model.Create(scenario, Bench.Seed);
            double createSeconds = clock.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(true) - allocBefore;
            Settle();
            long retained = GC.GetTotalMemory(true) - before;
            double n = model.Population.Count;
            string extra = "";
            if (ticks > 0)
            {
                clock.Restart();
                for (int t = 0; t < ticks && !model.Finished; t++) model.Step();
                double msPerTick = clock.Elapsed.TotalMilliseconds / ticks;
                Settle();
                extra = $" {(GC.GetTotalMemory(true) - before) / n:0} | {msPerTick:0.00} |";
            }
            Console.WriteLine($"| city-{Label(size)} | {model.Population.Count} | {model.Network.Targets.Length / n:0.00} | {retained / n:0} | " +
                $"{ArrayBytes(model.Population) / n:0} | {ArrayBytes(model.Network) / n:0} | {ArrayBytes(model.Levers) / n:0} | {allocated / n:0} | {createSeconds:0.00} |{extra}");
            GC.KeepAlive(model);
        }
        return 0;
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
        foreach (var p in owner.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetValue(owner) is not Array a) continue;
            var element = a.GetType().GetElementType()!;
            if (element.IsEnum) element = Enum.GetUnderlyingType(element);
            if (!element.IsPrimitive) continue;
            bytes += a.LongLength * Marshal.SizeOf(element);
        }
        return bytes;
    }
}
