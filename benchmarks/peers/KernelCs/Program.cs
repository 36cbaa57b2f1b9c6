// The C# side of benchmarks/peers/run.sh: a synchronous threshold-contagion kernel on a graph read from an
// edge list, plus the deterministic graph generator both sides read from, plus a STREAM-triad bandwidth probe.
//
//   KernelCs gen   --n N --k K --p P --share S --seed SEED --edges FILE --init FILE
//   KernelCs run   --n N --edges FILE --init FILE --steps T --threads H --reps R --seed SEED [--phi table|direct]
//                  [--layout sorted|ell|ellx8|csr|sortedbits[,...]] [--width W] [--trajectory FILE] [--result FILE]
//                  [--thresholds FILE]
//   KernelCs triad [--mib 128] [--threads 1,2] [--reps 10]
//
// Model (identical to kernel.py): x_i(0) = 1 for the listed initial participants; each step every agent computes
// the share s_i = c/d of its d neighbours with x_j = 1 and participates next step iff s_i + z > 0.5, z ~ N(0, 0.2^2),
// i.e. with probability 1 - Phi((0.5 - c/d) / 0.2). The uniform is h = SplitMix64(key(seed, rep, step) + i * Stride),
// a counter-based hash of the agent, so the trajectory does not depend on the number of threads or on the layout.
//
// --phi table (default): Phi depends only on (d, c), so it is computed once per pair, exactly (28-digit decimal
//   series), as the integer threshold T = floor(Phi * 2^64); the agent participates iff h >= T, which has probability
//   1 - T/2^64 in [1 - Phi, 1 - Phi + 2^-64). No floating point per agent.
// --phi direct: the plain variant: u = (h >> 11) * 2^-53 compared with Phi evaluated per agent (erfc approximation,
//   relative error < 1.2e-7, one exp), CSR loop with bounds checks. Same h, so the same trajectory in practice.
// --layout (table only; a comma list runs each in turn, the files describe the first):
//   sorted (default): CSR rows visited, within each work item of 8192 ids, in order of (degree, id), so the neighbour
//     loop's trip count is constant for long runs (predicted exits, 4-way unrolled); state one byte per agent.
//   ell: rows padded to a fixed width (the smallest multiple of 4 holding 99 % of agents; --width), sentinel
//     neighbours, overflow from CSR. ellx8: the same transposed, 8 agents per AVX2 gather, hashes in a 512-bit vector.
//   csr: the CSR loop in id order. sortedbits: sorted, but the state read from a bitset (12.5 KB at N = 100,000).
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    const int Chunk = 8192;                          // agents per parallel work item (a multiple of 64)
    const ulong Stride = 0xD1B54A32D192ED03UL;       // the hash counter of agent i is key + i * Stride

    static int Run(Options o)
    {
        int n = o.Int("n", 100_000), steps = o.Int("steps", 100), threads = o.Int("threads", 1), reps = o.Int("reps", 5);
        ulong seed = o.ULong("seed", 7);
        string phi = o.Has("phi") ? o.Str("phi") : "table";
        if (phi is not ("direct" or "table")) throw new ArgumentException("--phi: direct or table");
        var layouts = (o.Has("layout") ? o.Str("layout") : "sorted").Split(',');
        var (offsets, targets) = ReadCsr(o.Str("edges"), n);
        var init = File.ReadAllLines(o.Str("init")).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var graph = new Graph(offsets, targets, o.Int("width", 0));
        var thresholds = phi == "table" ? Thresholds(graph.MaxDegree) : null;
        if (thresholds is not null && o.Has("thresholds"))   // d,c,T for an independent check of the table
            File.WriteAllLines(o.Str("thresholds"), from d in Enumerable.Range(0, graph.MaxDegree + 1) from c in Enumerable.Range(0, d + 1)
                select FormattableString.Invariant($"{d},{c},{thresholds[d * (graph.MaxDegree + 1) + c]}"));

        for (int v = 0; v < layouts.Length; v++)
        {
            string layout = phi == "direct" ? "csr" : layouts[v];
            var kernel = Kernel.Create(layout, graph, thresholds);
            var rates = new double[reps, steps + 1];
            var times = new List<double>();
            for (int rep = -1; rep < reps; rep++) // rep -1: warm-up (JIT), not timed
            {
                kernel.Reset(init);
                var clock = Stopwatch.StartNew();
                var r = Simulate(kernel, n, steps, threads, seed + (ulong)Math.Max(rep, 0) * 1_000_003UL, init.Length);
                double seconds = clock.Elapsed.TotalSeconds;
                if (rep < 0) continue;
                times.Add(seconds);
                for (int s = 0; s <= steps; s++) rates[rep, s] = r[s];
            }
            times.Sort();
            double median = times[times.Count / 2];
            double perSecond = (double)n * steps / median;
            string what = phi == "direct" ? "phi direct" : $"phi table, {kernel.Describe}";
            Console.WriteLine($"csharp ({threads} thread{(threads == 1 ? "" : "s")}, {what}): {perSecond:0} agent-steps/s (median of {reps} runs of {steps} steps: {median * 1000:0.0} ms; fastest {times[0] * 1000:0.0} ms)");
            if (v > 0) continue; // the files describe the first variant
            if (o.Has("trajectory"))
            {
                using var w = new StreamWriter(o.Str("trajectory"));
                w.WriteLine("rep,step,rate");
                for (int rep = 0; rep < reps; rep++)
                    for (int s = 0; s <= steps; s++) w.WriteLine(FormattableString.Invariant($"{rep},{s},{rates[rep, s]:R}"));
            }
            if (o.Has("result"))
                File.WriteAllText(o.Str("result"), FormattableString.Invariant($"agent_steps_per_s={perSecond:R}\nmedian_s={median:R}\nthreads={threads}\nphi={phi}\n"));
        }
        return 0;
    }

    /// <summary>Runs <paramref name="steps"/> synchronous steps; returns the participation rate after each (index 0: the start).</summary>
    static double[] Simulate(Kernel kernel, int n, int steps, int threads, ulong seed, int initial)
    {
        int chunks = (n + Chunk - 1) / Chunk;
        var rates = new double[steps + 1];
        rates[0] = (double)initial / n;
        var counts = new int[chunks];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int s = 1; s <= steps; s++)
        {
            ulong key = SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)s * 0x9E3779B97F4A7C15UL));
            if (threads == 1)
                for (int ch = 0; ch < chunks; ch++) counts[ch] = kernel.Step(ch * Chunk, Math.Min(n, (ch + 1) * Chunk), key);
            else
                Parallel.For(0, chunks, parallel, ch => counts[ch] = kernel.Step(ch * Chunk, Math.Min(n, (ch + 1) * Chunk), key));
            long total = 0;
            foreach (var k in counts) total += k;
            rates[s] = (double)total / n;
            kernel.Swap();
        }
        return rates;
    }

    /// <summary>
    /// Integer thresholds T[d * stride + c] = floor(Phi((0.5 - c/d) / 0.2) * 2^64) (saturated at 2^64 - 1), Phi evaluated
    /// exactly enough (28-digit decimal series) that the floor is the true one. With h uniform on [0, 2^64),
    /// P(h >= T) = 1 - T / 2^64, which lies in [1 - Phi, 1 - Phi + 2^-64): the probability of s + z > 0.5 to within 2^-64.
    /// Degree 0 uses share 0 (as the direct path does).
    /// </summary>
    static ulong[] Thresholds(int maxDegree)
    {
        int stride = maxDegree + 1;
        var t = new ulong[stride * stride];
        const decimal two64 = 18446744073709551616m;
        for (int d = 0; d <= maxDegree; d++)
            for (int c = 0; c <= d; c++)
            {
                decimal share = d == 0 ? 0m : (decimal)c / d;
                decimal p = ExactNormalCdf((0.5m - share) * 5m);
                double check = NormalCdf((double)((0.5m - share) * 5m));
                if (Math.Abs(check - (double)p) > 1.2e-7 * check + 1e-15) throw new InvalidOperationException($"Phi check failed at d={d} c={c}");
                decimal scaled = decimal.Floor(p * two64);
                t[d * stride + c] = scaled >= two64 ? ulong.MaxValue : (ulong)scaled;
            }
        if (Math.Abs((double)ExactNormalCdf(1m) - 0.8413447460685429) > 1e-16) throw new InvalidOperationException("Phi(1) check failed");
        return t;
    }

    /// <summary>Phi(x) = 1/2 + phi(x) * sum_n x^(2n+1) / (1*3*...*(2n+1)) in 28-digit decimal arithmetic (|x| <= 5 or so).</summary>
    static decimal ExactNormalCdf(decimal x)
    {
        decimal y = x * x / 2m, e = 1m, term = 1m;                 // e = exp(y) by its (positive) Taylor series
        for (int k = 1; term > 0m; k++) { term = term * y / k; e += term; }
        decimal density = 0.3989422804014326779399460599m / e;     // 1 / sqrt(2 pi) * exp(-x^2 / 2)
        decimal sum = x; term = x;
        for (int k = 3; term != 0m; k += 2) { term = term * x * x / k; sum += term; }
        return 0.5m + density * sum;
    }

    /// <summary>The graph in CSR form, plus a padded fixed-width form (ELL) of the first <see cref="Width"/> neighbours of each agent.</summary>
    sealed class Graph
    {
        public readonly int N, MaxDegree, Width;
        public readonly int[] Offsets, Targets;
        public readonly byte[] Degree;
        public readonly int[] Ell;                 // [i * Width + j]: the j-th neighbour, or the sentinel N (never participating)
        public readonly int[] OverflowOffsets;     // CSR offsets of neighbours Width.. of each agent (empty rows for most)
        public readonly int[] OverflowTargets;

        public Graph(int[] offsets, int[] targets, int width)
        {
            N = offsets.Length - 1; Offsets = offsets; Targets = targets;
            Degree = new byte[N];
            var histogram = new int[N + 1];
            for (int i = 0; i < N; i++) { int d = offsets[i + 1] - offsets[i]; MaxDegree = Math.Max(MaxDegree, d); histogram[d]++; }
            if (MaxDegree > 255) throw new NotSupportedException("degree above 255");
            for (int i = 0; i < N; i++) Degree[i] = (byte)(offsets[i + 1] - offsets[i]);
            if (width <= 0)
            {   // the smallest multiple of 4 that holds all neighbours of at least 99 % of agents
                int covered = 0; width = 0;
                while (covered < 0.99 * N) covered += histogram[width++];
                width = Math.Max(4, (width - 1 + 3) / 4 * 4);
            }
            Width = width;
            Ell = new int[N * width];
            Array.Fill(Ell, N);
            OverflowOffsets = new int[N + 1];
            for (int i = 0; i < N; i++) OverflowOffsets[i + 1] = OverflowOffsets[i] + Math.Max(0, Degree[i] - width);
            OverflowTargets = new int[OverflowOffsets[N]];
            for (int i = 0; i < N; i++)
                for (int k = offsets[i], j = 0; k < offsets[i + 1]; k++, j++)
                    if (j < width) Ell[i * width + j] = targets[k]; else OverflowTargets[OverflowOffsets[i] + j - width] = targets[k];
        }
    }

    abstract class Kernel
    {
        public abstract string Describe { get; }
        public abstract void Reset(int[] initial);
        public abstract int Step(int lo, int hi, ulong key);
        public abstract void Swap();

        public static Kernel Create(string layout, Graph g, ulong[]? thresholds) => layout switch
        {
            "csr" when thresholds is null => new DirectKernel(g),
            "csr" => new CsrKernel(g, thresholds),
            "ell" => new EllKernel(g, thresholds!),
            "ellx8" => new EllX8Kernel(g, thresholds!),
            "sorted" => new SortedKernel(g, thresholds!, false),
            "sortedbits" => new SortedKernel(g, thresholds!, true),
            _ => throw new ArgumentException("--layout: sorted, ell, ellx8, csr or sortedbits"),
        };
    }

    /// <summary>Byte per agent (plus a sentinel N that stays 0), double-buffered.</summary>
    abstract class ByteState(int n) : Kernel
    {
        protected byte[] Cur = new byte[n + 1], Next = new byte[n + 1];
        public override void Reset(int[] initial) { Array.Clear(Cur); Array.Clear(Next); foreach (var i in initial) Cur[i] = 1; }
        public override void Swap() => (Cur, Next) = (Next, Cur);
        public void Share(byte[] cur, byte[] next) { Cur = cur; Next = next; }
    }

    /// <summary>The plain variant: CSR loop, Phi evaluated per agent (erfc approximation, one exp), u a double in [0, 1).</summary>
    sealed class DirectKernel(Graph g) : ByteState(g.N)
    {
        public override string Describe => "csr";
        public override int Step(int lo, int hi, ulong key)
        {
            int[] offsets = g.Offsets, targets = g.Targets; byte[] cur = Cur, next = Next;
            int participants = 0;
            for (int i = lo; i < hi; i++)
            {
                int start = offsets[i], end = offsets[i + 1], took = 0;
                for (int k = start; k < end; k++) took += cur[targets[k]];
                double share = end > start ? (double)took / (end - start) : 0.0;
                // share + z > 0.5 with z ~ N(0, 0.2^2)  <=>  u > Phi((0.5 - share) / 0.2), u ~ U(0, 1)
                double u = (SplitMix64.Mix(key + (ulong)i * Stride) >> 11) * (1.0 / (1UL << 53));
                byte on = u > NormalCdf((0.5 - share) * 5.0) ? (byte)1 : (byte)0;
                next[i] = on;
                participants += on;
            }
            return participants;
        }
    }

    /// <summary>CSR loop without bounds checks; participates iff hash >= T[degree, count].</summary>
    sealed class CsrKernel(Graph g, ulong[] thresholds) : ByteState(g.N)
    {
        public override string Describe => "csr";
        public override int Step(int lo, int hi, ulong key)
        {
            ref int off = ref MemoryMarshal.GetArrayDataReference(g.Offsets);
            ref int tgt = ref MemoryMarshal.GetArrayDataReference(g.Targets);
            ref byte cur = ref MemoryMarshal.GetArrayDataReference(Cur);
            ref byte next = ref MemoryMarshal.GetArrayDataReference(Next);
            ref ulong thr = ref MemoryMarshal.GetArrayDataReference(thresholds);
            int stride = g.MaxDegree + 1, participants = 0, start = Unsafe.Add(ref off, lo);
            ulong counter = key + (ulong)lo * Stride;
            for (int i = lo; i < hi; i++, counter += Stride)
            {
                int end = Unsafe.Add(ref off, i + 1), took = 0;
                for (int k = start; k < end; k++) took += Unsafe.Add(ref cur, Unsafe.Add(ref tgt, k));
                int on = SplitMix64.Mix(counter) >= Unsafe.Add(ref thr, (end - start) * stride + took) ? 1 : 0;
                Unsafe.Add(ref next, i) = (byte)on;
                participants += on;
                start = end;
            }
            return participants;
        }
    }

    /// <summary>Fixed-width rows (no data-dependent inner-loop exit), 4 neighbours per iteration; overflow rows from CSR.</summary>
    sealed class EllKernel(Graph g, ulong[] thresholds) : ByteState(g.N)
    {
        public override string Describe => $"ell width {g.Width}";
        public override int Step(int lo, int hi, ulong key)
        {
            ref int ell = ref MemoryMarshal.GetArrayDataReference(g.Ell);
            ref byte deg = ref MemoryMarshal.GetArrayDataReference(g.Degree);
            ref int ovOff = ref MemoryMarshal.GetArrayDataReference(g.OverflowOffsets);
            ref int ovTgt = ref MemoryMarshal.GetArrayDataReference(g.OverflowTargets);
            ref byte cur = ref MemoryMarshal.GetArrayDataReference(Cur);
            ref byte next = ref MemoryMarshal.GetArrayDataReference(Next);
            ref ulong thr = ref MemoryMarshal.GetArrayDataReference(thresholds);
            int stride = g.MaxDegree + 1, width = g.Width, participants = 0;
            ulong counter = key + (ulong)lo * Stride;
            ref int row = ref Unsafe.Add(ref ell, (nint)lo * width);
            for (int i = lo; i < hi; i++, counter += Stride)
            {
                int took = 0;
                for (int j = 0; j < width; j += 4)
                    took += Unsafe.Add(ref cur, Unsafe.Add(ref row, j)) + Unsafe.Add(ref cur, Unsafe.Add(ref row, j + 1))
                          + Unsafe.Add(ref cur, Unsafe.Add(ref row, j + 2)) + Unsafe.Add(ref cur, Unsafe.Add(ref row, j + 3));
                row = ref Unsafe.Add(ref row, width);
                int d = Unsafe.Add(ref deg, i);
                if (d > width)
                    for (int k = Unsafe.Add(ref ovOff, i), end = Unsafe.Add(ref ovOff, i + 1); k < end; k++) took += Unsafe.Add(ref cur, Unsafe.Add(ref ovTgt, k));
                int on = SplitMix64.Mix(counter) >= Unsafe.Add(ref thr, d * stride + took) ? 1 : 0;
                Unsafe.Add(ref next, i) = (byte)on;
                participants += on;
            }
            return participants;
        }
    }

    /// <summary>
    /// Agents visited, within each work item (a range of Chunk ids), in order of (degree, id): within a degree class every agent has the same number of neighbours, so the
    /// inner loop's trip count is constant for ~10^4 agents in a row (no mispredicted exits, no padding); the state, the
    /// hash counter and the result stay indexed by the agent's id, so the trajectory is the same as every other layout's.
    /// Sorting within a work item keeps each thread's writes to its own id range (no false sharing on 2 threads).
    /// </summary>
    sealed class SortedKernel : ByteState
    {
        readonly Graph _g; readonly ulong[] _thr;
        readonly int[] _order, _targets, _classEnd, _first;  // _first[p]: start of position p's neighbours in _targets
        readonly ulong[]? _bits;   // "sortedbits": the state read as a bitset (12.5 KB at N = 100,000), packed from the bytes after each step
        public SortedKernel(Graph g, ulong[] thresholds, bool bits) : base(g.N)
        {
            _g = g; _thr = thresholds;
            if (bits) _bits = new ulong[g.N / 64 + 1];
            _order = Enumerable.Range(0, g.N).OrderBy(i => i / Chunk).ThenBy(i => g.Degree[i]).ThenBy(i => i).ToArray();
            _targets = new int[g.Targets.Length];
            _first = new int[g.N + 1];
            int classes = g.MaxDegree + 1, chunks = (g.N + Chunk - 1) / Chunk;
            _classEnd = new int[chunks * classes];
            for (int p = 0, k = 0; p < g.N; p++)
            {
                int i = _order[p];
                _first[p] = k;
                for (int e = g.Offsets[i]; e < g.Offsets[i + 1]; e++) _targets[k++] = g.Targets[e];
                _first[p + 1] = k;
                _classEnd[i / Chunk * classes + g.Degree[i]] = p + 1;
            }
            for (int ch = 0; ch < chunks; ch++)
                for (int d = 0; d <= g.MaxDegree; d++)
                    _classEnd[ch * classes + d] = Math.Max(_classEnd[ch * classes + d], d > 0 ? _classEnd[ch * classes + d - 1] : ch * Chunk);
        }
        public override string Describe => _bits is null ? "csr in (degree, id) order" : "csr in (degree, id) order, state read as bits";
        public override void Reset(int[] initial) { base.Reset(initial); Pack(); }
        public override void Swap() { base.Swap(); Pack(); }
        void Pack()
        {
            if (_bits is null) return;
            Array.Clear(_bits);
            for (int i = 0; i < _g.N; i++) _bits[i >> 6] |= (ulong)Cur[i] << i;
        }
        public override int Step(int lo, int hi, ulong key) => _bits is null ? StepBytes(lo, hi, key) : StepBits(lo, hi, key);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static int Bit(ref ulong bits, int v) => (int)(Unsafe.Add(ref bits, v >> 6) >> v) & 1;
        int StepBits(int lo, int hi, ulong key)
        {
            ref int order = ref MemoryMarshal.GetArrayDataReference(_order);
            ref int tgt = ref MemoryMarshal.GetArrayDataReference(_targets);
            ref ulong cur = ref MemoryMarshal.GetArrayDataReference(_bits!);
            ref byte next = ref MemoryMarshal.GetArrayDataReference(Next);
            int stride = _g.MaxDegree + 1, participants = 0;
            nint k = _first[lo];
            for (int p = lo, d = 0; p < hi; d++)
            {
                int end = Math.Min(hi, _classEnd[lo / Chunk * stride + d]);
                if (p >= end) continue;
                ref ulong thr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thr), d * stride);
                nint d4 = d & ~3;
                for (; p < end; p++)
                {
                    ref int t = ref Unsafe.Add(ref tgt, k);
                    int took = 0;
                    nint j = 0;
                    for (; j < d4; j += 4)
                        took += Bit(ref cur, Unsafe.Add(ref t, j)) + Bit(ref cur, Unsafe.Add(ref t, j + 1))
                              + Bit(ref cur, Unsafe.Add(ref t, j + 2)) + Bit(ref cur, Unsafe.Add(ref t, j + 3));
                    for (; j < d; j++) took += Bit(ref cur, Unsafe.Add(ref t, j));
                    k += d;
                    nint i = Unsafe.Add(ref order, p);
                    int on = SplitMix64.Mix(key + (ulong)i * Stride) >= Unsafe.Add(ref thr, took) ? 1 : 0;
                    Unsafe.Add(ref next, i) = (byte)on;
                    participants += on;
                }
            }
            return participants;
        }
        int StepBytes(int lo, int hi, ulong key)
        {
            ref int order = ref MemoryMarshal.GetArrayDataReference(_order);
            ref int tgt = ref MemoryMarshal.GetArrayDataReference(_targets);
            ref byte cur = ref MemoryMarshal.GetArrayDataReference(Cur);
            ref byte next = ref MemoryMarshal.GetArrayDataReference(Next);
            int stride = _g.MaxDegree + 1, participants = 0;
            nint k = _first[lo];
            for (int p = lo, d = 0; p < hi; d++)
            {
                int end = Math.Min(hi, _classEnd[lo / Chunk * stride + d]);
                if (p >= end) continue;
                ref ulong thr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thr), d * stride);
                nint d4 = d & ~3, rem = d & 3;   // constant over the class: the branches below are predicted
                for (; p < end; p++)
                {
                    ref int t = ref Unsafe.Add(ref tgt, k);
                    int took = 0;
                    nint j = 0;
                    for (; j < d4; j += 4)
                        took += Unsafe.Add(ref cur, Unsafe.Add(ref t, j)) + Unsafe.Add(ref cur, Unsafe.Add(ref t, j + 1))
                              + Unsafe.Add(ref cur, Unsafe.Add(ref t, j + 2)) + Unsafe.Add(ref cur, Unsafe.Add(ref t, j + 3));
                    if (rem >= 2) { took += Unsafe.Add(ref cur, Unsafe.Add(ref t, j)) + Unsafe.Add(ref cur, Unsafe.Add(ref t, j + 1)); j += 2; }
                    if ((rem & 1) != 0) took += Unsafe.Add(ref cur, Unsafe.Add(ref t, j));
                    k += d;
                    nint i = Unsafe.Add(ref order, p);
                    int on = SplitMix64.Mix(key + (ulong)i * Stride) >= Unsafe.Add(ref thr, took) ? 1 : 0;
                    Unsafe.Add(ref next, i) = (byte)on;
                    participants += on;
                }
            }
            return participants;
        }
    }

    /// <summary>
    /// ELL transposed into blocks of 8 agents, counted 8 agents at a time: for each of the Width columns one AVX2 gather
    /// of 8 dwords from the state bytes (the low byte of the dword at byte offset t is agent t's state; the counts never
    /// carry out of the low byte, so the mask is applied once); the 8 hashes are computed in one 512-bit vector, the 8
    /// thresholds gathered from the table, compared as unsigned 64-bit integers, and the 8 results scattered to bytes by pdep.
    /// </summary>
    sealed unsafe class EllX8Kernel : ByteState
    {
        readonly Graph _g; readonly ulong[] _thr; readonly int[] _ellT, _rowBase; readonly bool[] _blockOverflow;
        readonly EllKernel _tail;
        public EllX8Kernel(Graph g, ulong[] thresholds) : base(g.N + 3)
        {
            if (!Avx2.IsSupported || !Bmi2.X64.IsSupported || !Vector512.IsHardwareAccelerated) throw new NotSupportedException("ellx8 needs AVX2, BMI2 and AVX-512");
            _g = g; _thr = thresholds; _tail = new EllKernel(g, thresholds);
            int w = g.Width, blocks = g.N / 8;
            _ellT = new int[blocks * w * 8];
            _blockOverflow = new bool[blocks];
            for (int b = 0; b < blocks; b++)
                for (int l = 0; l < 8; l++)
                {
                    int i = b * 8 + l;
                    for (int j = 0; j < w; j++) _ellT[(b * w + j) * 8 + l] = g.Ell[i * w + j];
                    if (g.Degree[i] > w) _blockOverflow[b] = true;
                }
            _rowBase = new int[g.N + 8];
            for (int i = 0; i < g.N; i++) _rowBase[i] = g.Degree[i] * (g.MaxDegree + 1);
        }
        public override string Describe => $"ell width {_g.Width}, 8 agents per AVX2 gather";
        public override int Step(int lo, int hi, ulong key)
        {
            int n = _g.N, w = _g.Width, participants = 0, blockEnd = lo + Math.Min(hi - lo, n / 8 * 8 - lo) / 8 * 8;
            ulong stride8 = unchecked(Stride * 8);
            var counter = Vector512.Create(key) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7) * Vector512.Create(Stride)
                          + Vector512.Create((ulong)lo * Stride);
            var step = Vector512.Create(stride8);
            var m1 = Vector512.Create(0xBF58476D1CE4E5B9UL); var m2 = Vector512.Create(0x94D049BB133111EBUL);
            var low = Vector256.Create(0xFF);
            int* extra = stackalloc int[8];
            fixed (int* ellT = _ellT, rowBase = _rowBase, ovOff = _g.OverflowOffsets, ovTgt = _g.OverflowTargets)
            fixed (byte* cur = Cur, next = Next)
            fixed (ulong* thr = _thr)
            {
                int* col = ellT + (long)(lo / 8) * w * 8;
                for (int i = lo; i < blockEnd; i += 8, counter += step)
                {
                    var acc = Vector256<int>.Zero;
                    for (int j = 0; j < w; j++, col += 8) acc += Avx2.GatherVector256((int*)cur, Avx.LoadVector256(col), 1);
                    acc &= low;
                    if (_blockOverflow[i >> 3])
                    {
                        for (int l = 0; l < 8; l++)
                        {
                            int e = 0;
                            for (int k = ovOff[i + l]; k < ovOff[i + l + 1]; k++) e += cur[ovTgt[k]];
                            extra[l] = e;
                        }
                        acc += Avx.LoadVector256(extra);
                    }
                    var index = acc + Avx.LoadVector256(rowBase + i);
                    var t = Vector512.Create(Avx2.GatherVector256(thr, index.GetLower(), 8), Avx2.GatherVector256(thr, index.GetUpper(), 8));
                    var z = counter;
                    z = (z ^ Vector512.ShiftRightLogical(z, 30)) * m1;
                    z = (z ^ Vector512.ShiftRightLogical(z, 27)) * m2;
                    z ^= Vector512.ShiftRightLogical(z, 31);
                    uint on = (uint)Vector512.GreaterThanOrEqual(z, t).ExtractMostSignificantBits();
                    *(ulong*)(next + i) = Bmi2.X64.ParallelBitDeposit(on, 0x0101010101010101UL);
                    participants += BitOperations.PopCount(on);
                }
            }
            if (blockEnd < hi) { _tail.Share(Cur, Next); participants += _tail.Step(blockEnd, hi, key); }
            return participants;
        }
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
                if (threads == 1) TriadKernel(a, b, c, 3.0);
                else Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = threads }, sl =>
                {
                    int lo = Math.Min(len, sl * per), hi = Math.Min(len, lo + per);
                    TriadKernel(a.AsSpan(lo, hi - lo), b.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), 3.0);
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

    static void TriadKernel(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
