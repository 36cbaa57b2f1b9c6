// The C# side of benchmarks/peers/run.sh: a synchronous threshold-contagion kernel on a graph read from an
// edge list, plus the deterministic graph generator both sides read from, plus a STREAM-triad bandwidth probe.
//
//   KernelCs gen   --n N --k K --p P --share S --seed SEED --edges FILE --init FILE
//   KernelCs run   --n N --edges FILE --init FILE --steps T --threads H --reps R --seed SEED [--phi direct|table]
//                  [--trajectory FILE] [--result FILE]
//   KernelCs triad [--mib 128] [--threads 1,2] [--reps 10]
//
// Model (identical to kernel.py): x_i(0) = 1 for the listed initial participants; each step every agent computes
// the share s_i of its neighbours with x_j = 1 and participates next step iff s_i + z > 0.5, z ~ N(0, 0.2^2).
// Here that is drawn as u > Phi((0.5 - s_i) / 0.2) with u uniform (same distribution); u is a counter-based
// hash of (seed, rep, step, agent), so the trajectory does not depend on the number of threads.
// --phi direct (default, the figure compared with numpy) evaluates Phi for every agent every step (one exp, as
// the model's decision rule does); --phi table looks Phi up by (degree, participating neighbours), which is the
// same number computed once: it shows what the transcendental costs.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

static class KernelCs
{
    static int Main(string[] args)
    {
        var opt = Options.Parse(args.Skip(1));
        return args.FirstOrDefault() switch
        {
            "gen" => Generate(opt),
            "run" => Run(opt),
            "triad" => Triad(opt),
            _ => Usage(),
        };
    }

    static int Usage()
    {
        Console.Error.WriteLine("usage: KernelCs gen|run|triad [--option value]... (see the head of Program.cs)");
        return 2;
    }

    // ---------------------------------------------------------------- graph

    /// <summary>
    /// Watts-Strogatz (networkx's algorithm): a ring where each node links to its k/2 nearest neighbours on each
    /// side; then, for each j = 1..k/2 and each node u, the edge (u, u+j) is rewired with probability p to (u, w),
    /// w uniform among nodes that are not u and not already linked to u. Also picks round(share * n) initial
    /// participants by a partial Fisher-Yates shuffle. One SplitMix64 stream: the files are a pure function of the options.
    /// </summary>
    static int Generate(Options o)
    {
        int n = o.Int("n", 100_000), k = o.Int("k", 10);
        double p = o.Double("p", 0.1), share = o.Double("share", 0.3);
        var rng = new SplitMix64(o.ULong("seed", 20200106));
        var edges = new HashSet<long>(n * k / 2);
        var degree = new int[n];
        static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        for (int j = 1; j <= k / 2; j++)
            for (int u = 0; u < n; u++) { edges.Add(Key(u, (u + j) % n)); degree[u]++; degree[(u + j) % n]++; }
        for (int j = 1; j <= k / 2; j++)
            for (int u = 0; u < n; u++)
            {
                if (rng.NextDouble() >= p) continue;
                int v = (u + j) % n;
                if (degree[u] >= n - 1) continue;
                int w;
                do w = (int)(rng.NextDouble() * n); while (w == u || edges.Contains(Key(u, w)));
                edges.Remove(Key(u, v)); degree[v]--;
                edges.Add(Key(u, w)); degree[w]++;
            }
        var sorted = edges.ToArray();
        Array.Sort(sorted);
        using (var w = new StreamWriter(o.Str("edges"), false, new System.Text.UTF8Encoding(false), 1 << 20))
            foreach (var e in sorted) { w.Write((int)(e >> 32)); w.Write(' '); w.Write((int)(uint)e); w.Write('\n'); }

        var order = Enumerable.Range(0, n).ToArray();
        int m = (int)Math.Round(share * n);
        for (int i = 0; i < m; i++) { int r = i + (int)(rng.NextDouble() * (n - i)); (order[i], order[r]) = (order[r], order[i]); }
        var init = order[..m];
        Array.Sort(init);
        File.WriteAllLines(o.Str("init"), init.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine($"graph: Watts-Strogatz n={n} k={k} p={p}: {sorted.Length} edges, min degree {degree.Min()}, max degree {degree.Max()}; {m} initial participants");
        return 0;
    }

    // ---------------------------------------------------------------- kernel

    const int Chunk = 8192;

    static int Run(Options o)
    {
        int n = o.Int("n", 100_000), steps = o.Int("steps", 100), threads = o.Int("threads", 1), reps = o.Int("reps", 5);
        ulong seed = o.ULong("seed", 7);
        string phi = o.Has("phi") ? o.Str("phi") : "direct";
        if (phi is not ("direct" or "table")) throw new ArgumentException("--phi: direct or table");
        var (offsets, targets) = ReadCsr(o.Str("edges"), n);
        double[]? table = null;
        int maxDegree = 0;
        if (phi == "table")
        {
            for (int i = 0; i < n; i++) maxDegree = Math.Max(maxDegree, offsets[i + 1] - offsets[i]);
            table = new double[(maxDegree + 1) * (maxDegree + 1)];
            for (int d = 1; d <= maxDegree; d++)
                for (int c = 0; c <= d; c++) table[d * (maxDegree + 1) + c] = NormalCdf((0.5 - (double)c / d) * 5.0);
        }
        var init = File.ReadAllLines(o.Str("init")).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();

        var cur = new byte[n]; var next = new byte[n];
        var rates = new double[reps, steps + 1];
        var times = new List<double>();
        for (int rep = -1; rep < reps; rep++) // rep -1: warm-up (JIT), not timed
        {
            Array.Clear(cur);
            foreach (var i in init) cur[i] = 1;
            var clock = Stopwatch.StartNew();
            var r = Simulate(offsets, targets, ref cur, ref next, steps, threads, seed + (ulong)Math.Max(rep, 0) * 1_000_003UL, init.Length, table, maxDegree + 1);
            double seconds = clock.Elapsed.TotalSeconds;
            if (rep < 0) continue;
            times.Add(seconds);
            for (int s = 0; s <= steps; s++) rates[rep, s] = r[s];
        }
        times.Sort();
        double median = times[times.Count / 2];
        double perSecond = (double)n * steps / median;
        Console.WriteLine($"csharp ({threads} thread{(threads == 1 ? "" : "s")}, phi {phi}): {perSecond:0} agent-steps/s (median of {reps} runs of {steps} steps: {median * 1000:0.0} ms)");

        if (o.Has("trajectory"))
        {
            using var w = new StreamWriter(o.Str("trajectory"));
            w.WriteLine("rep,step,rate");
            for (int rep = 0; rep < reps; rep++)
                for (int s = 0; s <= steps; s++) w.WriteLine(FormattableString.Invariant($"{rep},{s},{rates[rep, s]:R}"));
        }
        if (o.Has("result"))
            File.WriteAllText(o.Str("result"), FormattableString.Invariant($"agent_steps_per_s={perSecond:R}\nmedian_s={median:R}\nthreads={threads}\nphi={phi}\n"));
        return 0;
    }

    /// <summary>Runs <paramref name="steps"/> synchronous steps; returns the participation rate after each (index 0: the start).</summary>
    static double[] Simulate(int[] offsets, int[] targets, ref byte[] cur, ref byte[] next, int steps, int threads, ulong seed, int initial,
        double[]? table, int stride)
    {
        int n = cur.Length, chunks = (n + Chunk - 1) / Chunk;
        var rates = new double[steps + 1];
        rates[0] = (double)initial / n;
        var counts = new int[chunks];
        for (int s = 1; s <= steps; s++)
        {
            byte[] c = cur, x = next;
            ulong key = SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)s * 0x9E3779B97F4A7C15UL));
            if (threads == 1)
                for (int ch = 0; ch < chunks; ch++) counts[ch] = Chunked(ch);
            else
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, ch => counts[ch] = Chunked(ch));

            int Chunked(int ch)
            {
                int lo = ch * Chunk, hi = Math.Min(n, (ch + 1) * Chunk);
                return table is null ? Step(offsets, targets, c, x, lo, hi, key) : StepTable(offsets, targets, c, x, lo, hi, key, table, stride);
            }
            long total = 0;
            foreach (var k in counts) total += k;
            rates[s] = (double)total / n;
            (cur, next) = (next, cur);
        }
        return rates;
    }

    static int Step(int[] offsets, int[] targets, byte[] cur, byte[] next, int lo, int hi, ulong key)
    {
        int participants = 0;
        for (int i = lo; i < hi; i++)
        {
            int start = offsets[i], end = offsets[i + 1], took = 0;
            for (int k = start; k < end; k++) took += cur[targets[k]];
            double share = end > start ? (double)took / (end - start) : 0.0;
            // share + z > 0.5 with z ~ N(0, 0.2^2)  <=>  u > Phi((0.5 - share) / 0.2), u ~ U(0, 1)
            double u = (SplitMix64.Mix(key + (ulong)i * 0xD1B54A32D192ED03UL) >> 11) * (1.0 / (1UL << 53));
            byte on = u > NormalCdf((0.5 - share) * 5.0) ? (byte)1 : (byte)0;
            next[i] = on;
            participants += on;
        }
        return participants;
    }

    static int StepTable(int[] offsets, int[] targets, byte[] cur, byte[] next, int lo, int hi, ulong key, double[] table, int stride)
    {
        int participants = 0;
        for (int i = lo; i < hi; i++)
        {
            int start = offsets[i], end = offsets[i + 1], took = 0;
            for (int k = start; k < end; k++) took += cur[targets[k]];
            double u = (SplitMix64.Mix(key + (ulong)i * 0xD1B54A32D192ED03UL) >> 11) * (1.0 / (1UL << 53));
            byte on = u > table[(end - start) * stride + took] ? (byte)1 : (byte)0;
            next[i] = on;
            participants += on;
        }
        return participants;
    }

    /// <summary>Standard normal CDF, Phi(x) = erfc(-x / sqrt 2) / 2 (erfc: Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double NormalCdf(double x) => 0.5 * Erfc(-x * 0.70710678118654752);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    static (int[] Offsets, int[] Targets) ReadCsr(string path, int n)
    {
        var us = new List<int>(n * 5); var vs = new List<int>(n * 5);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            int sp = line.IndexOf(' ');
            us.Add(int.Parse(line.AsSpan(0, sp), CultureInfo.InvariantCulture));
            vs.Add(int.Parse(line.AsSpan(sp + 1), CultureInfo.InvariantCulture));
        }
        var offsets = new int[n + 1];
        for (int e = 0; e < us.Count; e++) { offsets[us[e] + 1]++; offsets[vs[e] + 1]++; }
        for (int i = 0; i < n; i++) offsets[i + 1] += offsets[i];
        var fill = (int[])offsets.Clone();
        var targets = new int[offsets[n]];
        for (int e = 0; e < us.Count; e++) { targets[fill[us[e]]++] = vs[e]; targets[fill[vs[e]]++] = us[e]; }
        return (offsets, targets);
    }

    // ---------------------------------------------------------------- triad

    /// <summary>STREAM triad a = b + s*c over three arrays of --mib MiB each; best of --reps, per thread count.</summary>
    static int Triad(Options o)
    {
        int mib = o.Int("mib", 128), reps = o.Int("reps", 10);
        var threadCounts = (o.Has("threads") ? o.Str("threads") : "1,2").Split(',').Select(int.Parse).ToArray();
        int len = mib * (1 << 20) / sizeof(double);
        var a = new double[len]; var b = new double[len]; var c = new double[len];
        for (int i = 0; i < len; i++) { b[i] = 1 + i % 7; c[i] = 2 + i % 5; }
        var parts = new List<string>();
        foreach (var threads in threadCounts)
        {
            int slices = threads * 4, per = (len / slices + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
            double best = double.MaxValue;
            for (int r = 0; r < reps + 1; r++)
            {
                var clock = Stopwatch.StartNew();
                if (threads == 1) Kernel(a, b, c, 3.0);
                else Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = threads }, sl =>
                {
                    int lo = Math.Min(len, sl * per), hi = Math.Min(len, lo + per);
                    Kernel(a.AsSpan(lo, hi - lo), b.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), 3.0);
                });
                double s = clock.Elapsed.TotalSeconds;
                if (r > 0) best = Math.Min(best, s);
            }
            double gbps = 3.0 * sizeof(double) * len / best / 1e9;
            parts.Add($"{gbps:0.0} GB/s ({threads} thread{(threads == 1 ? "" : "s")})");
        }
        Console.WriteLine($"triad: {string.Join(", ", parts)}; a = b + s*c over 3 x {mib} MiB arrays of doubles, best of {reps}, 24 bytes per element");
        return 0;
    }

    static void Kernel(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vc = MemoryMarshal.Cast<double, Vector<double>>(c);
        var vs = new Vector<double>(s);
        for (int i = 0; i < va.Length; i++) va[i] = vb[i] + vs * vc[i];
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) a[i] = b[i] + s * c[i];
    }
}

/// <summary>SplitMix64: the generator's stream and the kernel's counter-based hash.</summary>
struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}

/// <summary>--name value options.</summary>
sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
                throw new ArgumentException($"expected --name value, got '{list[i]}'");
            o._values[list[i][2..]] = list[++i];
        }
        return o;
    }

    public bool Has(string name) => _values.ContainsKey(name);
    public string Str(string name) => _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
    public int Int(string name, int fallback) => Has(name) ? int.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;
    public ulong ULong(string name, ulong fallback) => Has(name) ? ulong.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;
    public double Double(string name, double fallback) => Has(name) ? double.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;
}
