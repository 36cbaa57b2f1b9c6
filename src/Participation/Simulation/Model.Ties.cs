using Participation.Networks;
using Participation.Residents;
using Participation.Rules;
using Participation.Randomness;

namespace Participation.Simulation;

// The residents' ties as the decisions read them: flags set each week (PrepareTies), counts of flagged ties kept up to
// date from the flags that changed (CountTieChanges), and the decisions' first pass over them (ReadTies).
public sealed partial class Model
{
    /// <summary>
    /// Before the decisions: one byte per resident for its ties to read (bit 0 adult, bit 1 took part last week,
    /// bit 2 may invite)
    /// and the factor by which it leaves a tie uninvited (1 unless a backbone, or a party member where party
    /// members invite: 1 − invitations / its ties). Each resident writes only its own entries. The chunk's backbones
    /// are listed for the task allocation (in index order), and the residents whose byte changed since the last week
    /// (with the byte they had) for <see cref="CountTieChanges()"/>.
    /// </summary>
    private void PrepareTies(int lo, int hi, Week week, List<int> backbones, List<(int, byte)> changes)
    {
        backbones.Clear(); changes.Clear();
        var pop = Population; var offsets = Network.Offsets;
        float perBackbone = week.InvitationsPerBackbone, perPartyMember = week.PartyInvitations;
        for (int j = lo; j < hi; j++)
        {
            bool adult = pop.Occupation[j] != Occupation.Child;
            float rate = !adult ? 0f : pop.Role[j] >= Role.Backbone ? perBackbone : pop.PartyMember[j] != 0 ? perPartyMember : 0f;
            float keep = rate > 0f ? 1f - MathF.Min(1f, rate / (offsets[j + 1] - offsets[j])) : 1f;
            _inviteKeep[j] = keep;
            // Bit 2 marks the few who may invite: the others' factor is exactly 1 and their ties skip it.
            byte flags = (byte)(adult ? 1 | (pop.ParticipationPrev[j] != 0 ? 2 : 0) | (keep != 1f ? 4 : 0) : 0);
            byte before = _tieFlags[j];
            if (flags != before) { _tieFlags[j] = flags; changes.Add((j, before)); }
            if (pop.Role[j] >= Role.Backbone) backbones.Add(j);
        }
    }

    /// <summary>
    /// Brings <see cref="_tieCounts"/> up to date with the flags PrepareTies changed: each changed resident adds the
    /// change of its bits to the counts of everyone it is tied to. Ties are stored both ways with the same strength
    /// (<see cref="Networks.NetworkGenerator"/>), so a strong tie of j is a strong tie of its target. Integer sums do
    /// not depend on the order, so a new model (flags and counts all zero, as after a restore) counts everyone in its
    /// first week and then only the few whose flags changed (new participants and those who stopped, residents who
    /// came of age or moved in, new backbones).
    /// </summary>
    private void CountTieChanges()
    {
        if (Threads == 1)
        {
            foreach (var list in _tieChangesByChunk) AddTieChanges<PlainAdd>(list);
            return;
        }
        // In parallel, each chunk's changes are added with atomic additions: integer sums are the same in any order.
        ForChunks(_countTieChunk ??= (lo, hi, c) => AddTieChanges<AtomicAdd>(_tieChangesByChunk[c]));
    }

    /// <summary>
    /// Adds the changes of <paramref name="list"/> to the counts of everyone the changed residents are tied to, with
    /// <typeparamref name="TAdd"/>'s addition (a struct type argument, so the JIT compiles one loop for each).
    /// </summary>
    private void AddTieChanges<TAdd>(List<(int Resident, byte Before)> list) where TAdd : struct, ITieCountAdd
    {
        var offsets = Network.Offsets; var weakStart = Network.WeakStart; var targets = Network.Targets;
        var counts = _tieCounts; var flags = _tieFlags;
        foreach (var (j, before) in list)
        {
            int after = flags[j];
            int adult = (after & 1) - (before & 1), took = ((after >> 1) & 1) - ((before >> 1) & 1);
            int inviter = ((after >> 2) & 1) - ((before >> 2) & 1);
            int e = offsets[j], weak = weakStart[j], end = offsets[j + 1];
            for (; e < weak; e++)
            {
                ref var c = ref counts[targets[e]];
                TAdd.Add(ref c.StrongAdults, adult); TAdd.Add(ref c.StrongTookPart, took); TAdd.Add(ref c.StrongInviters, inviter);
            }
            for (; e < end; e++)
            {
                ref var c = ref counts[targets[e]];
                TAdd.Add(ref c.WeakAdults, adult); TAdd.Add(ref c.WeakTookPart, took); TAdd.Add(ref c.WeakInviters, inviter);
            }
        }
    }

    /// <summary>How a change is added to a tie count.</summary>
    private interface ITieCountAdd
    {
        static abstract void Add(ref int count, int change);
    }

    /// <summary>One thread: a plain addition.</summary>
    private struct PlainAdd : ITieCountAdd
    {
        public static void Add(ref int count, int change) => count += change;
    }

    /// <summary>Threads sharing the counts: an atomic addition, only of a change that is not zero.</summary>
    private struct AtomicAdd : ITieCountAdd
    {
        public static void Add(ref int count, int change)
        {
            if (change != 0) Interlocked.Add(ref count, change);
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a resident's <see cref="_tieCounts"/> differ from a full count
    /// of its ties' flags (run after each tick when invariants are checked).
    /// </summary>
    private void CheckTieCounts(int tick)
    {
        var net = Network; var flags = _tieFlags;
        for (int i = 0; i < Population.Count; i++)
        {
            var expected = new TieCounts();
            for (int e = net.Offsets[i]; e < net.Offsets[i + 1]; e++)
            {
                int f = flags[net.Targets[e]];
                if (e < net.WeakStart[i]) { expected.StrongAdults += f & 1; expected.StrongTookPart += (f >> 1) & 1; expected.StrongInviters += (f >> 2) & 1; }
                else { expected.WeakAdults += f & 1; expected.WeakTookPart += (f >> 1) & 1; expected.WeakInviters += (f >> 2) & 1; }
            }
            if (!expected.Equals(_tieCounts[i]))
                throw new InvalidOperationException($"tick {tick}: resident {i} has tie counts {_tieCounts[i]}, a full count gives {expected}");
        }
    }

    /// <summary>A resident's ties that are adults, took part last week and may invite, strong and weak ones apart.</summary>
    private record struct TieCounts
    {
        public int StrongAdults, WeakAdults, StrongTookPart, WeakTookPart, StrongInviters, WeakInviters;
    }

    /// <summary>What <see cref="ReadTies"/> needs of the week besides the arrays.</summary>
    private readonly record struct TieReading(float StaffInviteProbability, float InfluenceFactor);

    /// <summary>
    /// Pass 1 of <see cref="Decide"/> for residents <paramref name="lo"/> to <paramref name="hi"/>: from the cached tie
    /// counts, each adult's influence (share of its adult ties who took part last week, times the week's factor) and
    /// number of ties who took part; only residents tied to someone who may invite read their ties, for the product of
    /// the inviters' factors in the order of the ties; then the invitation draw. Children get influence 0 and no draw.
    /// A method of its own so that its loop has the registers to itself (inside Decide the JIT kept most of its locals
    /// on the stack), without branches on the weak ties' state. Returns the adults; <paramref name="invitedCount"/> the
    /// adults invited.
    /// </summary>
    private static int ReadTies(int lo, int hi, Occupation[] occupation, byte[] weakActive, TieCounts[] counts, SocialNetwork net,
        byte[] flags, float[] keep, float[] inviteBoost, CounterRandom invite, TieReading week,
        Span<float> influenceOf, Span<int> tookPartOf, Span<byte> invitedOf, out int invitedCount)
    {
        var offsets = net.Offsets; var weakStart = net.WeakStart; var targets = net.Targets;
        float staff = week.StaffInviteProbability, influenceFactor = week.InfluenceFactor;
        int adults = 0, invited = 0;
        for (int i = lo; i < hi; i++)
        {
            int k = i - lo;
            if (occupation[i] == Occupation.Child) { influenceOf[k] = 0f; continue; }
            adults++;
            ref readonly var c = ref counts[i];
            int weak = weakActive[i] != 0 ? -1 : 0; // weak ties count only once they are active
            int adultTies = c.StrongAdults + (c.WeakAdults & weak);
            int tookPart = c.StrongTookPart + (c.WeakTookPart & weak);
            float notInvited = 1f;
            if ((c.StrongInviters | (c.WeakInviters & weak)) != 0)
            {
                int end = weak != 0 ? offsets[i + 1] : weakStart[i];
                for (int e = offsets[i]; e < end; e++)
                {
                    int j = targets[e];
                    if (flags[j] >= 4) notInvited *= keep[j];
                }
            }
            // Only adults count as took part, so no adult ties means none took part: 0 / 1 = 0.
            influenceOf[k] = (float)tookPart / Math.Max(adultTies, 1) * influenceFactor;
            tookPartOf[k] = tookPart;
            float pInvited = 1f - (1f - Hearing.Invited(notInvited, staff)) * (1f - inviteBoost[i]);
            int yes = invite.UniformF(i) < pInvited ? 1 : 0;
            invitedOf[k] = (byte)yes;
            invited += yes;
        }
        invitedCount = invited;
        return adults;
    }
}
