using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Networks;
using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;

namespace Participation.HighPerformance;

/// <summary>
/// The residents' ties as the decisions read them, kept from week to week (<see cref="TieCache"/>): flags set each week
/// (<see cref="Prepare"/>), counts of flagged ties and products of inviters' factors brought up to date from what changed
/// (<see cref="Count"/>), the decisions' first pass over them (<see cref="ReadTies"/>: the kernel of
/// <see cref="Hearing.OfTies"/>), and the checks that compare each with its plain definition when invariants are checked.
/// </summary>
internal sealed class TieKernels
{
    private readonly TieCache _ties;
    private readonly ChunkScratch[] _scratch;
    private ChunkAction? _prepare, _count;
    private Week? _week;

    /// <summary>The kernels of a model's ties, with the per-chunk scratch they share with the other kernels.</summary>
    public TieKernels(Week w, ChunkScratch[] scratch)
    {
        CheckDegrees(w.Network);
        _ties = new TieCache(w.Population.Count);
        _scratch = scratch;
    }

    /// <summary>The cache (tests read it).</summary>
    internal TieCache Cache => _ties;

    /// <summary>
    /// Before the decisions: every resident's flags and inviter's factor (<see cref="Prepare(Week, Chunk)"/>, in parallel),
    /// then the counts brought up to date (<see cref="Count"/>); the phase clock is told of each.
    /// </summary>
    public void BeforeDecisions(Week w)
    {
        _week = w;
        w.ForChunks(_prepare ??= chunk => Prepare(_week!, chunk));
        if (w.CheckInvariants) CheckFlags(w);
        w.Clock?.Ended(TickPhase.PrepareTies);
        Count(w);
    }

    /// <summary>
    /// Before the decisions: one byte per resident for its ties to read (bit 0 adult, bit 1 took part last week,
    /// bit 2 may invite) and, for those who may invite, the factor by which they leave a tie uninvited (backbones, and
    /// party members where party members invite: 1 − invitations / its ties; the factor is read only where bit 2 is
    /// set). Each resident writes only its own entries. The chunk's backbones are listed for the task allocation (in
    /// index order), and the residents whose byte changed since the last week (with the byte they had) for
    /// <see cref="Count"/>. Thirty-two residents at a time where the hardware allows: the bytes of those who
    /// cannot invite are set by vector operations, the few who might (adult backbones and party members) one by one.
    /// </summary>
    private void Prepare(Week w, Chunk chunk)
    {
        var scratch = _scratch[chunk.Index];
        var backbones = scratch.Backbones; var taskWeights = scratch.TaskWeights; var changes = scratch.TieChanges; var keepChanges = scratch.KeepChanges;
        backbones.Clear(); taskWeights.Clear(); changes.Clear(); keepChanges.Clear();
        double taskExponent = Tasks.TaskExponent(w);
        var pop = w.Population; var week = w.Offer; var network = w.Network;
        int lo = chunk.First, hi = chunk.End;
        var occupation = pop.Occupation; var role = pop.Role; var party = pop.PartyMember; var prev = pop.ParticipationPrev;
        var flags = _ties.Flags;
        if ((uint)hi > (uint)occupation.Length || (uint)hi > (uint)role.Length || (uint)hi > (uint)party.Length
            || (uint)hi > (uint)prev.Length || (uint)hi > (uint)flags.Length || lo < 0)
            throw new ArgumentOutOfRangeException(nameof(hi), "the chunk lies outside the population");
        int j = lo;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte occupation0 = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(occupation));
            ref byte role0 = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(role));
            ref byte party0 = ref MemoryMarshal.GetArrayDataReference(party);
            ref byte prev0 = ref MemoryMarshal.GetArrayDataReference(prev);
            ref byte flags0 = ref MemoryMarshal.GetArrayDataReference(flags);
            var backbone = Vector256.Create((byte)Role.Backbone);
            var partyInvites = week.PartyInvitations > 0f ? Vector256<byte>.AllBitsSet : Vector256<byte>.Zero;
            var one = Vector256.Create((byte)1); var two = Vector256.Create((byte)2);
            Span<byte> block = stackalloc byte[32];
            for (; j + 32 <= hi; j += 32)
            {
                nuint at = (nuint)j;
                var adult = ~Vector256.Equals(Vector256.LoadUnsafe(ref occupation0, at), Vector256<byte>.Zero);
                var tookPart = ~Vector256.Equals(Vector256.LoadUnsafe(ref prev0, at), Vector256<byte>.Zero);
                var after = adult & (one | (tookPart & two));
                // Who might invite: adult backbones (listed whatever their rate) and party members where they invite.
                var maybe = adult & (Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref role0, at), backbone)
                    | (~Vector256.Equals(Vector256.LoadUnsafe(ref party0, at), Vector256<byte>.Zero) & partyInvites));
                uint maybeBits = maybe.ExtractMostSignificantBits();
                if (maybeBits != 0)
                {
                    after.CopyTo(block);
                    for (uint bits = maybeBits; bits != 0; bits &= bits - 1)
                    {
                        int lane = BitOperations.TrailingZeroCount(bits);
                        block[lane] = MayInvite(pop, network, j + lane, week, block[lane], backbones, taskWeights, taskExponent, keepChanges);
                    }
                    after = Vector256.Create<byte>(block);
                }
                var before = Vector256.LoadUnsafe(ref flags0, at);
                uint changed = (~Vector256.Equals(after, before)).ExtractMostSignificantBits();
                if (changed == 0) continue;
                before.CopyTo(block);
                after.StoreUnsafe(ref flags0, at);
                for (; changed != 0; changed &= changed - 1)
                {
                    int lane = BitOperations.TrailingZeroCount(changed);
                    changes.Add((j + lane, block[lane]));
                }
            }
        }
        for (; j < hi; j++)
        {
            bool adult = occupation[j] != Occupation.Child;
            byte after = (byte)(adult ? 1 | (prev[j] != 0 ? 2 : 0) : 0);
            if (adult && (role[j] >= Role.Backbone || (party[j] != 0 && week.PartyInvitations > 0f))) after = MayInvite(pop, network, j, week, after, backbones, taskWeights, taskExponent, keepChanges);
            byte before = flags[j];
            if (after != before) { flags[j] = after; changes.Add((j, before)); }
        }
    }

    /// <summary>
    /// For adult resident <paramref name="j"/> who is a backbone, or a party member where party members invite: lists a
    /// backbone with its task weight (<see cref="Roles.TaskWeight"/>), sets its factor of leaving a tie uninvited
    /// (<see cref="Hearing.LeavesUninvited"/>), and returns <paramref name="flags"/> with bit 2 set when the factor is not exactly 1
    /// (only then do its ties read it). An inviter last week and this week whose factor changed is listed in
    /// <paramref name="keepChanges"/>, so that its ties' products are recomputed.
    /// </summary>
    private byte MayInvite(Population pop, SocialNetwork network, int j, WeekOffer week, byte flags, List<int> backbones, List<double> taskWeights,
        double taskExponent, List<int> keepChanges)
    {
        bool isBackbone = pop.Role[j] >= Role.Backbone;
        if (isBackbone)
        {
            // The task allocation's weight, here where it runs in parallel (reliability and fatigue do not change before it).
            backbones.Add(j);
            taskWeights.Add(Roles.TaskWeight(pop.Reliability[j], pop.Fatigue[j], taskExponent));
        }
        float rate = isBackbone ? week.InvitationsPerBackbone : week.PartyInvitations;
        if (!(rate > 0f)) return flags;
        float keep = Hearing.LeavesUninvited(rate, network.Degree(j));
        if (keep == 1f) return flags;
        if (_ties.Flags[j] >= 4 && _ties.Keep[j] != keep) keepChanges.Add(j);
        _ties.Keep[j] = keep;
        return (byte)(flags | 4);
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when <see cref="Prepare"/>'s bytes, factors or backbone lists (with task weights) differ from their
    /// definition, computed here one resident at a time the plain way (run after it when invariants are checked).
    /// </summary>
    private void CheckFlags(Week w)
    {
        var pop = w.Population; var week = w.Offer; int tick = w.Tick;
        int listed = 0, chunk = 0, atInChunk = 0;
        for (int j = 0; j < pop.Count; j++)
        {
            bool adult = pop.Occupation[j] != Occupation.Child;
            float rate = !adult ? 0f : pop.Role[j] >= Role.Backbone ? week.InvitationsPerBackbone : pop.PartyMember[j] != 0 ? week.PartyInvitations : 0f;
            float keep = rate > 0f ? Hearing.LeavesUninvited(rate, w.Network.Degree(j)) : 1f;
            byte expected = (byte)(adult ? 1 | (pop.ParticipationPrev[j] != 0 ? 2 : 0) | (keep != 1f ? 4 : 0) : 0);
            if (_ties.Flags[j] != expected || (expected >= 4 && _ties.Keep[j] != keep))
                throw new InvalidOperationException($"tick {tick}: resident {j} has tie flags {_ties.Flags[j]} and factor {_ties.Keep[j]}, " +
                    $"expected {expected} and {keep}");
            if (pop.Role[j] < Role.Backbone) continue;
            while (chunk < _scratch.Length && atInChunk >= _scratch[chunk].Backbones.Count) { chunk++; atInChunk = 0; }
            if (chunk == _scratch.Length || _scratch[chunk].Backbones[atInChunk] != j)
                throw new InvalidOperationException($"tick {tick}: backbone {j} is missing from the lists of backbones or out of order");
            double weight = Roles.TaskWeight(pop.Reliability[j], pop.Fatigue[j], Tasks.TaskExponent(w));
            if (_scratch[chunk].TaskWeights[atInChunk] != weight)
                throw new InvalidOperationException($"tick {tick}: backbone {j} has task weight {_scratch[chunk].TaskWeights[atInChunk]}, expected {weight}");
            atInChunk++; listed++;
        }
        if (listed != _scratch.Sum(s => s.Backbones.Count))
            throw new InvalidOperationException($"tick {tick}: the lists of backbones hold residents who are not backbones");
    }

    /// <summary>
    /// Brings the tie counts (<see cref="TieCache.Counts"/>) up to date with the flags <see cref="Prepare"/> changed: each changed resident adds the
    /// change of its bits to the counts of everyone it is tied to. Ties are stored both ways with the same strength
    /// (<see cref="Networks.NetworkGenerator"/>), so a strong tie of j is a strong tie of its target. Integer sums do
    /// not depend on the order, so a new model (flags and counts all zero, as after a restore) counts everyone in its
    /// first week and then only the few whose flags changed (new participants and those who stopped, residents who
    /// came of age or moved in, new backbones).
    /// </summary>
    private void Count(Week w)
    {
        if (w.Threads == 1)
        {
            foreach (var s in _scratch) AddTieChanges<PlainAdd>(w.Network, s.TieChanges, s.KeepChanges);
            return;
        }
        // In parallel, each chunk's changes are added with atomic additions: integer sums are the same in any order (and
        // the stale marks are all the same byte).
        w.ForChunks(_count ??= chunk => AddTieChanges<AtomicAdd>(_week!.Network, _scratch[chunk.Index].TieChanges, _scratch[chunk.Index].KeepChanges));
    }

    /// <summary>
    /// Adds the changes of <paramref name="list"/> to the counts of everyone the changed residents are tied to, with
    /// <typeparamref name="TAdd"/>'s addition (a struct type argument, so the JIT compiles one loop for each): one
    /// addition per tie updates all three packed counts (<see cref="TieCount"/>). Residents who started or stopped being
    /// able to invite, and the inviters in <paramref name="keepChanges"/>, mark their ties' cached products stale.
    /// </summary>
    private void AddTieChanges<TAdd>(SocialNetwork network, List<(int Resident, byte Before)> list, List<int> keepChanges) where TAdd : struct, ITieCountAdd
    {
        var offsets = network.Offsets; var weakStart = network.WeakStart; var targets = network.Targets;
        var counts = _ties.Counts; var flags = _ties.Flags; var state = _ties.NotInvitedState;
        foreach (var (j, before) in list)
        {
            ulong strong = TieCount.Change(before, flags[j]), weak = strong << TieCount.WeakShift;
            int e = offsets[j], weakFrom = weakStart[j], end = offsets[j + 1];
            for (; e < weakFrom; e++) TAdd.Add(ref counts[targets[e]], strong);
            for (; e < end; e++) TAdd.Add(ref counts[targets[e]], weak);
        }
        // A second pass for the few, so that the counting loop stays as tight as it was.
        foreach (var (j, before) in list)
            if (((before ^ flags[j]) & 4) != 0) MarkStale(offsets[j], offsets[j + 1], targets, state);
        foreach (int j in keepChanges) MarkStale(offsets[j], offsets[j + 1], targets, state);
    }

    /// <summary>Marks the cached products of the residents at ties <paramref name="from"/> to <paramref name="to"/> stale.</summary>
    private static void MarkStale(int from, int to, int[] targets, byte[] state)
    {
        for (int e = from; e < to; e++) state[targets[e]] = TieCache.Stale;
    }

    /// <summary>How a change is added to a tie count.</summary>
    private interface ITieCountAdd
    {
        static abstract void Add(ref ulong count, ulong change);
    }

    /// <summary>One thread: a plain addition.</summary>
    private struct PlainAdd : ITieCountAdd
    {
        public static void Add(ref ulong count, ulong change) => count += change;
    }

    /// <summary>Threads sharing the counts: an atomic addition.</summary>
    private struct AtomicAdd : ITieCountAdd
    {
        public static void Add(ref ulong count, ulong change) => Interlocked.Add(ref count, change);
    }

    /// <summary>
    /// Throws <see cref="ScenarioException"/> when a resident of <paramref name="network"/> has more ties than the packed
    /// tie counts hold (<see cref="TieCount.MaxTies"/>): generated populations have about 20 on average, and a table's
    /// households of at most 255 members with the network settings' means of at most 100 ties of each kind stay well
    /// below it; a population from the researcher's own source could have bigger households.
    /// </summary>
    internal static void CheckDegrees(SocialNetwork network)
    {
        for (int i = 0; i < network.NodeCount; i++)
            if (network.Degree(i) > TieCount.MaxTies)
                throw new ScenarioException("network", $"{network.Degree(i):N0} ties of resident {i}",
                    $"at most {TieCount.MaxTies:N0} ties per resident (household members, building neighbours and weak ties " +
                    "together): lower network.buildingTies, network.compoundTies or network.communityTies, or make the population's households smaller");
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a resident's tie counts (<see cref="TieCache.Counts"/>) differ from a full count
    /// of its ties' flags, or a cached product still marked current from a fresh walk (run after each tick when invariants are checked).
    /// </summary>
    public void CheckCounts(Week w)
    {
        var net = w.Network; var flags = _ties.Flags; int tick = w.Tick;
        for (int i = 0; i < w.Population.Count; i++)
        {
            ulong expected = 0;
            for (int e = net.Offsets[i]; e < net.Offsets[i + 1]; e++)
                expected += (ulong)TieCount.Of(flags[net.Targets[e]]) << (e < net.WeakStart[i] ? 0 : TieCount.WeakShift);
            if (expected != _ties.Counts[i])
                throw new InvalidOperationException($"tick {tick}: resident {i} has tie counts ({TieCount.Describe(_ties.Counts[i])}), " +
                    $"a full count gives ({TieCount.Describe(expected)})");
            // A cached product still marked current (for the weak-ties state the resident has now) equals a fresh walk.
            bool weak = w.Population.WeakTiesActive[i] != 0;
            if (_ties.IsCurrent(i, weak))
            {
                float fresh = _ties.Walk(i, weak, net);
                if (BitConverter.SingleToInt32Bits(fresh) != BitConverter.SingleToInt32Bits(_ties.NotInvited[i]))
                    throw new InvalidOperationException($"tick {tick}: resident {i} has a cached product of its inviters' factors " +
                        $"{_ties.NotInvited[i]}, its ties give {fresh}");
            }
        }
    }

    /// <summary>
    /// Pass 1 of the decisions (<see cref="DecisionKernels"/>), the kernel of <see cref="Hearing.OfTies"/>, for residents <paramref name="lo"/> to <paramref name="hi"/>: from the cached tie
    /// counts, each adult's influence (share of its adult ties who took part last week, times the week's factor) and
    /// number of ties who took part; only residents tied to someone who may invite read their ties, for the product of
    /// the inviters' factors in the order of the ties; then the invitation draw (1 in <paramref name="invitedOf"/> when
    /// invited). Children get influence 0 and no draw. Eight residents at a time where the hardware allows, with the
    /// same operations lane by lane as the scalar loop that does the rest (no fused multiply-adds), so results are
    /// bit-identical. Returns the adults; <paramref name="invitedCount"/> the adults invited.
    /// </summary>
    internal static int ReadTies(int lo, int hi, Occupation[] occupation, byte[] weakActive, TieCache ties, SocialNetwork net,
        float[] inviteBoost, CounterRandom invite, TieReading week,
        Span<float> influenceOf, Span<int> tookPartOf, Span<int> invitedOf, out int invitedCount)
    {
        int n = hi - lo;
        var counts = ties.Counts;
        if (lo < 0 || hi > occupation.Length || hi > weakActive.Length || hi > counts.Length || hi > inviteBoost.Length
            || influenceOf.Length < n || tookPartOf.Length < n || invitedOf.Length < n)
            throw new ArgumentOutOfRangeException(nameof(hi), "the block lies outside the population or the spans are shorter than it");
        int adults = 0, invited = 0;
        int k = Vector256.IsHardwareAccelerated
            ? ReadTiesVectorised(lo, n, occupation, weakActive, ties, net, inviteBoost, invite, week, influenceOf, tookPartOf, invitedOf, ref adults, ref invited)
            : 0;
        float staff = week.StaffInviteProbability, influenceFactor = week.InfluenceFactor;
        for (; k < n; k++)
        {
            int i = lo + k;
            if (occupation[i] == Occupation.Child) { influenceOf[k] = 0f; continue; }
            adults++;
            bool weak = weakActive[i] != 0; // weak ties count only once they are active
            uint sum = TieCount.Sum(counts[i], weak ? uint.MaxValue : 0);
            int adultTies = TieCount.Adults(sum), tookPart = TieCount.TookPart(sum);
            float notInvited = TieCount.Inviters(sum) == 0 ? 1f : ties.NotInvitedOf(i, weak, net);
            // Only adults count as took part, so no adult ties means none took part: 0 / 1 = 0.
            influenceOf[k] = (float)tookPart / Math.Max(adultTies, 1) * influenceFactor;
            tookPartOf[k] = tookPart;
            float pInvited = 1f - (1f - Hearing.Invited(notInvited, staff)) * (1f - inviteBoost[i]);
            int yes = invite.UniformF(i) < pInvited ? 1 : 0;
            invitedOf[k] = yes;
            invited += yes;
        }
        invitedCount = invited;
        return adults;
    }

    /// <summary>The product of the factors by which the inviters among ties <paramref name="from"/> to <paramref name="to"/> leave the resident uninvited, in the order of the ties.</summary>
    internal static float NotInvited(int from, int to, int[] targets, byte[] flags, float[] keep)
    {
        float notInvited = 1f;
        for (int e = from; e < to; e++)
        {
            int j = targets[e];
            if (flags[j] >= 4) notInvited *= keep[j];
        }
        return notInvited;
    }

    /// <summary>The vectorised body of <see cref="ReadTies"/>; returns how many residents it did (a multiple of 8).</summary>
    private static int ReadTiesVectorised(int lo, int n, Occupation[] occupation, byte[] weakActive, TieCache ties, SocialNetwork net,
        float[] inviteBoost, CounterRandom invite, TieReading week,
        Span<float> influenceOf, Span<int> tookPartOf, Span<int> invitedOf, ref int adults, ref int invited)
    {
        // Bounds were checked by the caller: residents lo .. lo + n - 1 exist and the spans hold n values.
        ref byte occupation0 = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(occupation));
        ref byte weak0 = ref MemoryMarshal.GetArrayDataReference(weakActive);
        ref ulong counts0 = ref MemoryMarshal.GetArrayDataReference(ties.Counts);
        ref float boost0 = ref MemoryMarshal.GetArrayDataReference(inviteBoost);
        ref float influence0 = ref MemoryMarshal.GetReference(influenceOf);
        ref int tookPart0 = ref MemoryMarshal.GetReference(tookPartOf);
        ref int invited0 = ref MemoryMarshal.GetReference(invitedOf);
        Span<float> notInvitedOf = stackalloc float[8];
        var one = Vector256<float>.One; var zero = Vector256<float>.Zero;
        var staffOut = one - Vector256.Create(week.StaffInviteProbability);
        var influenceFactor = Vector256.Create(week.InfluenceFactor);
        var mask = Vector256.Create(1023u); var oneInt = Vector256.Create(1);
        int adultCount = 0, invitedSum = 0, k = 0;
        for (; k + 8 <= n; k += 8)
        {
            int i = lo + k;
            nuint at = (nuint)i, kk = (nuint)k;
            var adult = ~Vector256.Equals(Lanes.WidenBytes(ref occupation0, at), Vector256<int>.Zero).AsUInt32();
            var weak = ~Vector256.Equals(Lanes.WidenBytes(ref weak0, at), Vector256<int>.Zero).AsUInt32();
            var low = Vector256.LoadUnsafe(ref counts0, at); var high = Vector256.LoadUnsafe(ref counts0, at + 4);
            var sum = Vector256.Narrow(low, high)
                + (Vector256.Narrow(low >> TieCount.WeakShift, high >> TieCount.WeakShift) & weak);
            var adultTies = (sum & mask).AsInt32();
            var tookPart = ((sum >> 10) & mask).AsInt32();
            uint adultBits = adult.ExtractMostSignificantBits();
            uint inviterBits = (~Vector256.Equals(sum >> 20, Vector256<uint>.Zero)).ExtractMostSignificantBits() & adultBits;
            var notInvited = one;
            if (inviterBits != 0)
            {
                notInvitedOf.Fill(1f);
                for (uint bits = inviterBits; bits != 0; bits &= bits - 1)
                {
                    int lane = BitOperations.TrailingZeroCount(bits), r = i + lane;
                    notInvitedOf[lane] = ties.NotInvitedOf(r, weakActive[r] != 0, net);
                }
                notInvited = Vector256.Create<float>(notInvitedOf);
            }
            var influence = Vector256.ConvertToSingle(tookPart) / Vector256.ConvertToSingle(Vector256.Max(adultTies, oneInt)) * influenceFactor;
            Vector256.ConditionalSelect(adult.AsSingle(), influence, zero).StoreUnsafe(ref influence0, kk);
            tookPart.StoreUnsafe(ref tookPart0, kk);
            var pInvited = one - (one - (one - notInvited * staffOut)) * (one - Vector256.LoadUnsafe(ref boost0, at));
            var yes = Vector256.LessThan(invite.UniformFloats(i), pInvited).AsInt32() & adult.AsInt32();
            (yes & oneInt).StoreUnsafe(ref invited0, kk);
            adultCount += BitOperations.PopCount(adultBits);
            invitedSum += BitOperations.PopCount(yes.ExtractMostSignificantBits());
        }
        adults += adultCount; invited += invitedSum;
        return k;
    }
}

/// <summary>
/// What the decisions read of the residents' ties, kept from week to week: derived state (not saved in checkpoints;
/// a restored model starts from zeros, and its first week counts and computes everything). Owned by <see cref="TieKernels"/>.
/// </summary>
internal sealed class TieCache(int residents)
{
    /// <summary>A cached product to recompute.</summary>
    public const byte Stale = 0;

    /// <summary>Per resident, what its ties read: bit 0 adult, bit 1 took part last week, bit 2 may invite.</summary>
    public byte[] Flags { get; } = new byte[residents];
    /// <summary>Per resident who may invite, the factor by which it leaves a tie uninvited (read only where bit 2 is set).</summary>
    public float[] Keep { get; } = new float[residents];
    /// <summary>Per resident, its ties' flags counted (<see cref="TieCount"/>).</summary>
    public ulong[] Counts { get; } = new ulong[residents];
    /// <summary>
    /// Per resident tied to someone who may invite, the product of the inviters' factors in the order of its ties
    /// (<see cref="TieKernels.NotInvited"/>): the inviters and their factors rarely change, so the ties are walked again only
    /// when one of them did (<see cref="TieKernels.Count"/> marks it stale) or the resident's weak ties became active or not.
    /// </summary>
    public float[] NotInvited { get; } = new float[residents];
    /// <summary>Per resident, <see cref="Stale"/>, or 1 + the weak-ties state (0 or 1) the cached product was computed with.</summary>
    public byte[] NotInvitedState { get; } = new byte[residents];

    /// <summary>Resident <paramref name="i"/>'s product, from the cache when it is current, else walked and cached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NotInvitedOf(int i, bool weak, SocialNetwork net) => IsCurrent(i, weak) ? NotInvited[i] : WalkAndCache(i, weak, net);

    /// <summary>True when resident <paramref name="i"/>'s cached product was computed for this weak-ties state and is not stale.</summary>
    public bool IsCurrent(int i, bool weak) => NotInvitedState[i] == StateOf(weak);

    /// <summary>Resident <paramref name="i"/>'s product walked afresh over its strong ties, and its weak ones when active.</summary>
    public float Walk(int i, bool weak, SocialNetwork net) =>
        TieKernels.NotInvited(net.Offsets[i], weak ? net.Offsets[i + 1] : net.WeakStart[i], net.Targets, Flags, Keep);

    private float WalkAndCache(int i, bool weak, SocialNetwork net)
    {
        float product = Walk(i, weak, net);
        NotInvited[i] = product; NotInvitedState[i] = StateOf(weak);
        return product;
    }

    private static byte StateOf(bool weak) => (byte)(weak ? 2 : 1);
}

/// <summary>
/// A resident's ties that are adults, took part last week and may invite (the bits of <see cref="TieCache.Flags"/>),
/// strong and weak ones apart, packed in one <see cref="ulong"/> of 10-bit fields: adults, took part and inviters of
/// the strong ties in bits 0-29, of the weak ties in bits 32-61. One addition updates all three counts of a tie, the
/// record takes 8 bytes, and strong plus active weak ties add field by field without a carry, because a resident has
/// at most <see cref="MaxTies"/> ties (checked when the model is made). Changes are added modulo 2^64, so a count
/// that drops borrows from the field above and the carry comes back when it rises: the final value is exact in any
/// order of additions.
/// </summary>
internal static class TieCount
{
    /// <summary>The most ties a resident may have, strong and weak together: each count fits in 10 bits.</summary>
    public const int MaxTies = 1023;
    /// <summary>Where the weak ties' fields start.</summary>
    public const int WeakShift = 32;
    private const int Field = 10;
    private const uint Mask = (1u << Field) - 1;

    /// <summary>The strong-tie fields for flags: bit 0 adult, bit 1 took part, bit 2 may invite.</summary>
    public static uint Of(int flags) => (uint)(flags & 1) | (uint)((flags >> 1) & 1) << Field | (uint)((flags >> 2) & 1) << (2 * Field);

    /// <summary>What a tie's flags changing from <paramref name="before"/> to <paramref name="after"/> adds to a strong-tie count.</summary>
    public static ulong Change(int before, int after) => (ulong)Of(after) - Of(before);

    /// <summary>The counts over strong ties, and over weak ones too when <paramref name="weakMask"/> is all ones.</summary>
    public static uint Sum(ulong counts, uint weakMask) => (uint)counts + ((uint)(counts >> WeakShift) & weakMask);

    /// <summary>The adults of a <see cref="Sum"/>.</summary>
    public static int Adults(uint sum) => (int)(sum & Mask);
    /// <summary>Those who took part last week, of a <see cref="Sum"/>.</summary>
    public static int TookPart(uint sum) => (int)((sum >> Field) & Mask);
    /// <summary>Those who may invite, of a <see cref="Sum"/>.</summary>
    public static int Inviters(uint sum) => (int)(sum >> (2 * Field));

    /// <summary>The counts in words, for error messages.</summary>
    public static string Describe(ulong counts)
    {
        uint strong = (uint)counts, weak = (uint)(counts >> WeakShift);
        return $"strong ties: {Adults(strong)} adults, {TookPart(strong)} took part, {Inviters(strong)} may invite; " +
            $"weak ties: {Adults(weak)} adults, {TookPart(weak)} took part, {Inviters(weak)} may invite";
    }
}

/// <summary>What <see cref="TieKernels.ReadTies"/> needs of the week besides the arrays.</summary>
internal readonly record struct TieReading(float StaffInviteProbability, float InfluenceFactor);
