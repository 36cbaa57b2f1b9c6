using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.Statistics;
using Participation.Rules;
using Participation.Simulation;

namespace Participation.Benchmarks;

/// <summary>
/// Where a tick's time goes: each phase of <see cref="Model.Step"/> timed by a stopwatch (the model tells an internal
/// phase clock when each ends), on 1 and 2 threads in alternating rounds, so that a disturbance on this shared machine
/// shows as a round apart instead of skewing one column. Runs in this process (not under BenchmarkDotNet).
/// <code>
/// dotnet run -c Release --project benchmarks/Participation.Benchmarks -- phases [--residents 1000000] [--ticks 52] [--threads 1,2] [--rounds 3]
/// </code>
/// </summary>
public static class PhaseReport
{
    public static int Run(string[] args)
    {
        int residents = 1_000_000, ticks = 52, rounds = 3;
        int[] threads = [1, 2];
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--residents" && i + 1 < args.Length) residents = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--ticks" && i + 1 < args.Length) ticks = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--rounds" && i + 1 < args.Length) rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--threads" && i + 1 < args.Length)
                threads = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else { Console.Error.WriteLine("usage: phases [--residents N] [--ticks N] [--threads 1,2] [--rounds N]"); return 2; }
        }
        var phases = Enum.GetValues<TickPhase>();
        // rounds × thread counts × (phases + whole tick), ms per tick
        var times = new double[threads.Length][][];
        for (int k = 0; k < threads.Length; k++) times[k] = new double[rounds][];
        var scenario = Bench.City(residents);
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < threads.Length; k++)
            {
                var clock = new PhaseClock(phases.Length);
                var model = Model.Create(scenario, Bench.Seed, options: new SimulationOptions { Threads = threads[k], PhaseClock = clock });
                for (int t = 0; t < 20 && !model.Finished; t++) { clock.Start(); model.Step(); } // burn-in and JIT warm-up, not counted
                clock.Reset();
                int ran = 0;
                var whole = Stopwatch.StartNew();
                for (; ran < ticks && !model.Finished; ran++) { clock.Start(); model.Step(); }
                double tick = whole.Elapsed.TotalMilliseconds / ran;
                times[k][round] = [.. clock.Milliseconds.Select(ms => ms / ran), tick];
                Console.Error.WriteLine($"round {round + 1}, {threads[k]} thread(s): {tick:0.00} ms per tick");
            }

        Console.WriteLine($"Phases of a tick at {residents:N0} residents ({ticks} ticks after 20, median of {rounds} alternating rounds), ms per tick:");
        Console.WriteLine();
        Console.WriteLine("| phase | " + string.Join(" | ", threads.Select(t => $"{t} thread(s)")) + (threads.Length == 2 ? $" | {threads[0]} / {threads[1]} |" : " |"));
        Console.WriteLine("|---|" + string.Concat(threads.Select(_ => "---:|")) + (threads.Length == 2 ? "---:|" : ""));
        for (int p = 0; p <= phases.Length; p++)
        {
            string name = p < phases.Length ? phases[p].ToString() : "**whole tick**";
            var medians = threads.Select((_, k) => times[k].Select(r => r[p]).Median()).ToArray();
            string ratio = threads.Length == 2 ? $" {(medians[1] > 0 ? medians[0] / medians[1] : double.NaN):0.00}× |" : "";
            Console.WriteLine($"| {name} | " + string.Join(" | ", medians.Select(m => m.ToString("0.00", CultureInfo.InvariantCulture))) + " |" + ratio);
        }
        return 0;
    }

    /// <summary>Adds the time since the previous phase ended (or the tick started) to each phase's total.</summary>
    private sealed class PhaseClock(int phases) : IPhaseClock
    {
        private long _last;
        public double[] Milliseconds { get; } = new double[phases];

        public void Start() => _last = Stopwatch.GetTimestamp();

        public void Reset() => Array.Clear(Milliseconds);

        public void Ended(TickPhase phase)
        {
            long now = Stopwatch.GetTimestamp();
            Milliseconds[(int)phase] += (now - _last) * 1000.0 / Stopwatch.Frequency;
            _last = now;
        }
    }
}
