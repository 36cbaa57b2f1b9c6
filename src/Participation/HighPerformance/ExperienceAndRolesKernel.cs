using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Participation.Policies;
using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;

namespace Participation.HighPerformance;

/// <summary>The kernel of phases 4 and 5 (<see cref="ReferencePhases.ExperienceAndRoles"/>).</summary>
internal static class ExperienceAndRolesKernel
{
    /// <summary>
    /// The kernel of phases 4 and 5 (<see cref="ReferencePhases.ExperienceAndRoles"/>) for one chunk: the attitudes eight residents at a
    /// time, then one pass in index order with the sums in registers (crowding out, history, participation roles,
    /// eligibility), what recruitment reads of the eligible, and the backbones' exits and mentorship.
    /// </summary>
    public static void ExperienceAndRoles(Week w, Chunk chunk)
    {
        // The buffer is allocated here and the work done in a method without stack allocations, which the JIT tiers
        // with a profile (see DecisionKernels.DecideActivities).
        Span<float> buffer = stackalloc float[Week.ChunkSize];
        ExperienceAndRoles(w, chunk, buffer);
    }

    /// <summary>The body of <see cref="ExperienceAndRoles(Week, Chunk)"/>, with a chunk-sized buffer.</summary>
    private static void ExperienceAndRoles(Week w, Chunk chunk, Span<float> share)
    {
        var exits = chunk.Exits; var eligible = chunk.Claimants;
        exits.Clear(); eligible.Clear();
        int t = w.Tick, lo = chunk.First, hi = chunk.End;
        ref var totals = ref chunk.Totals;
        var pop = w.Population; var x = w.Scenario.Experience; var r = w.Scenario.Roles; var levers = w.Levers;
        var exit = new CounterRandom(w.Seed, t, Draws.Exit);
        float efficacyRate = (float)x.EfficacyRate, trustRate = (float)x.TrustRate, reciprocityRate = (float)x.ReciprocityRate;
        float drift = (float)x.DriftRate, belongingGain = (float)x.BelongingGain, belongingDecay = (float)x.BelongingDecay;
        float recovery = (float)x.FatigueRecovery, capacity = (float)x.FatigueCapacityHours;
        float identityGain = (float)x.IdentityGain, backboneGain = (float)x.BackboneIdentityGain, identityDecay = (float)x.IdentityDecay;
        float crowding = (float)x.CrowdingOut, crowdingThreshold = (float)x.CrowdingBelongingThreshold;
        float memory = (float)r.ReliabilityMemory;
        int slot = t % Population.HistoryWeeks, slot4 = (t + Population.HistoryWeeks - 4) % Population.HistoryWeeks;
        int mentorWeeks = (int)Math.Round(r.MentorServiceYears * Population.WeeksPerYear);
        bool mentorship = levers.MentorshipRuns;
        var reward = levers.Reward; var exitFactor = levers.ExitHazardFactor;

        // The arrays in locals and the chunk's sums in registers (the sums run in index order from 0, as before, so
        // they are bit-identical); each new value is kept for the sums and the role bookkeeping instead of read back.
        var occupation = pop.Occupation; var participation = pop.ParticipationNow; var role = pop.Role; var compound = pop.Compound;
        var trust = pop.Trust; var reciprocity = pop.Reciprocity; var belonging = pop.Belonging; var efficacy = pop.Efficacy;
        var fatigue = pop.Fatigue; var identity = pop.Identity; var responsibility = pop.Responsibility; var committeeTrust = pop.CommitteeTrust;
        var tasksNow = pop.TasksNow;
        var last4 = pop.Last4; var last13 = pop.Last13; var history = pop.History; var monthCount = pop.MonthCount;
        var tasksThisYear = pop.TasksThisYear; var reliability = pop.Reliability;
        var participants = w.ParticipantsInCompound; var regulars = w.RegularsInCompound;
        float meanTrust = w.MeanTrust, meanReciprocity = w.MeanReciprocity, meanBelonging = w.MeanBelonging;
        float exitFloor = (float)r.ExitFloor, exitNew = (float)r.ExitNew, exitScale = (float)r.ExitIdentityScale;
        float exitBurnout = (float)r.ExitBurnout, burnoutThreshold = (float)r.BurnoutThreshold;
        int activeThreshold = r.ActiveThreshold, eligibleMonths = r.EligibleMonths, mentorProjects = r.MentorProjects;
        int tookPart = 0, backbones = 0, exiting = 0, mentors = 0;
        long participations = 0;
        double sumTrust = 0, sumCommitteeTrust = 0, sumReciprocity = 0, sumBelonging = 0, sumResponsibility = 0, sumEfficacy = 0;
        double sumFatigue = 0, sumIdentity = 0;

        // Pass 1: the attitude updates, a block at a time (vectorised; children keep theirs). Trust in the people met (T)
        // moves toward the share of the compound's co-participants who reciprocate, looked up once per run of a compound.
        int lastCompound = -1; float q = 1f;
        for (int i = lo; i < hi; i++)
        {
            int c = compound[i];
            if (c != lastCompound)
            {
                lastCompound = c;
                int met = participants[c];
                q = met > 0 ? (float)regulars[c] / met : 1f;
            }
            share[i - lo] = q;
        }
        Attitudes(pop, levers, lo, share[..(hi - lo)], new AttitudeRates(trustRate, reciprocityRate, drift, meanTrust,
            meanReciprocity, belongingGain, belongingDecay, meanBelonging, efficacyRate, recovery, capacity, identityGain, backboneGain,
            identityDecay));

        // Pass 2, in index order and without calls (so the sums stay in registers): crowding out where rewards were offered,
        // the history, the participation roles and the sums. The chunk's backbones are listed from the end of the buffer
        // (the one pass 1 used) and its eligible residents from the start, for pass 3.
        var list = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(share);
        int eligibleCount = 0, backboneAt = list.Length;
        var weakTies = pop.WeakTiesActive; var lastParticipation = pop.LastParticipation; var monthStreak = pop.MonthStreak;
        var roleSince = pop.RoleSince;
        for (int i = lo; i < hi; i++)
        {
            if (occupation[i] == Occupation.Child) continue;
            int n = participation[i];
            bool took = n > 0;
            float belongingI = belonging[i], responsibilityI = responsibility[i];
            if (took && reward[i] > 0f)
            {
                responsibilityI = responsibility[i] = Rules.Experience.CrowdOut(responsibilityI, reward[i], belongingI, crowdingThreshold, crowding);
                belongingI = belonging[i] = Rules.Experience.CrowdOut(belongingI, reward[i], belongingI, crowdingThreshold, crowding);
            }

            // History: weekly counts over 13 weeks, the calendar month, the year's tasks, reliability.
            // Most residents took no part this week nor 4 and 13 weeks ago: their counters stay as they are, and they are
            // not written (a write dirties the cache line, and writing back unchanged lines was much of this pass's memory traffic).
            long h = (long)i * Population.HistoryWeeks;
            int leaving4 = history[h + slot4], leaving13 = history[h + slot];
            int last4I = last4[i], last13I = last13[i];
            if ((n | leaving4) != 0) last4I = last4[i] = (ushort)(last4I + n - leaving4);
            if (n != leaving13) { last13I = last13[i] = (ushort)(last13I + n - leaving13); history[h + slot] = (byte)n; }
            if (took)
            {
                weakTies[i] = 1; lastParticipation[i] = t; tookPart++; participations += n;
                monthCount[i] = (ushort)Math.Min(ushort.MaxValue, monthCount[i] + n);
            }
            int tasks = tasksNow[i];
            if (tasks != 0) tasksThisYear[i] = (ushort)Math.Min(ushort.MaxValue, tasksThisYear[i] + tasks);
            float reliabilityI = reliability[i];
            if ((tasks | BitConverter.SingleToInt32Bits(reliabilityI)) != 0) reliability[i] = reliabilityI * memory + tasks;

            // Roles: backbones are left to pass 3; others take the role their participation gives them.
            if (role[i] >= Role.Backbone) list[--backboneAt] = i;
            else
            {
                var next = Roles.ParticipationRole(last4I, last13I, activeThreshold);
                if (next != role[i]) { role[i] = next; roleSince[i] = t; }
                if (monthStreak[i] >= eligibleMonths) list[eligibleCount++] = i;
            }

            sumTrust += trust[i]; sumCommitteeTrust += committeeTrust[i];
            sumReciprocity += reciprocity[i]; sumBelonging += belongingI;
            sumResponsibility += responsibilityI; sumEfficacy += efficacy[i];
        }
        // What recruitment needs of them is read here, in parallel: the random part of the key, the recruitment weight
        // (set by the policies at the start of the tick), the probability of accepting (from attitudes this pass has just
        // updated, which nothing changes before recruitment), and whether they are tied to a backbone: no role changes
        // across the backbone line during this pass (participation roles stay below it, mentors above), and after it only
        // exits can remove a backbone, which recruitment checks again.
        var order = new CounterRandom(w.Seed, t, Draws.RecruitmentOrder);
        var d = w.Scenario.Decision;
        float developmentLimit = (float)d.DevelopmentAgeLimit, withoutCollege = (float)d.DevelopmentWithoutCollege;
        float acceptIntercept = (float)r.AcceptIntercept, acceptMotivation = (float)r.AcceptMotivation, acceptDevelopment = (float)r.AcceptDevelopment;
        foreach (int i in list[..eligibleCount])
        {
            float development = Decision.DevelopmentMotive((float)pop.AgeAt(i, t), pop.Education[i] == 3, developmentLimit, withoutCollege);
            float accept = Roles.AcceptProbability(acceptIntercept, acceptMotivation, efficacy[i], identity[i], fatigue[i], acceptDevelopment, development);
            eligible.Add(new Claimant(i, -Math.Log(1 - order.Uniform(i)), levers.RecruitWeight[i], accept, Recruitment.TiedToBackbone(w, i)));
        }

        // Pass 3: backbones may leave (in index order: the list runs backwards from the end).
        for (int k = list.Length - 1; k >= backboneAt; k--)
        {
            int i = list[k];
            pop.HeldRoleThisYear[i] = 1;
            float identityI = identity[i], fatigueI = fatigue[i];
            float hazard = Roles.ExitHazard(identityI, fatigueI, exitFloor, exitNew, exitScale, exitBurnout, burnoutThreshold, exitFactor[i]);
            if (exit.UniformF(i) < hazard) { exits.Add(i); exiting++; }
            else
            {
                backbones++;
                if (mentorship && role[i] == Role.Backbone && t - pop.BackboneSince[i] >= mentorWeeks && pop.ProjectsLed[i] >= mentorProjects)
                { role[i] = Role.Mentor; roleSince[i] = t; }
                if (role[i] == Role.Mentor) mentors++;
                sumFatigue += fatigueI;
                sumIdentity += identityI;
            }
        }
        totals.Participants += tookPart; totals.Participations += participations;
        totals.Exiting += exiting; totals.Backbones += backbones; totals.Mentors += mentors;
        totals.BackboneFatigue += sumFatigue; totals.BackboneIdentity += sumIdentity;
        totals.Trust += sumTrust; totals.CommitteeTrust += sumCommitteeTrust; totals.Reciprocity += sumReciprocity;
        totals.Belonging += sumBelonging; totals.Responsibility += sumResponsibility; totals.Efficacy += sumEfficacy;
    }

    /// <summary>
    /// The week's attitude updates of residents <paramref name="lo"/> to <paramref name="lo"/> + <c>q.Length</c> − 1
    /// (<see cref="Experience.UpdateAttitudes"/>): trust, reciprocity, belonging (before crowding out), efficacy, fatigue
    /// and identity; children keep theirs. <c>q[k]</c> is the share of regulars among the co-participants of resident <c>lo + k</c>.
    /// Eight residents at a time, with the same operations in the same order lane by lane (no fused multiply-adds;
    /// minima and clamps compare exactly as MathF.Min and Math.Clamp do), so the results are bit-identical.
    /// </summary>
    private static void Attitudes(Population pop, Levers levers, int lo, ReadOnlySpan<float> q, in AttitudeRates r)
    {
        int n = q.Length;
        if (lo < 0 || (uint)(lo + n) > (uint)pop.Count || (uint)(lo + n) > (uint)levers.CapacityFactor.Length
            || (uint)(lo + n) > (uint)levers.IdentityBonus.Length)
            throw new ArgumentOutOfRangeException(nameof(lo));
        int k = 0;
        if (Vector256.IsHardwareAccelerated) k = AttitudesVectorised(pop, levers, lo, q, in r);
        for (; k < n; k++)
            if (pop.Occupation[lo + k] != Occupation.Child) Experience.UpdateAttitudes(pop, levers, lo + k, q[k], in r);
    }

    /// <summary>The vectorised body of <see cref="Attitudes"/>; returns how many residents it did (a multiple of 8).</summary>
    private static int AttitudesVectorised(Population pop, Levers levers, int lo, ReadOnlySpan<float> q, in AttitudeRates r)
    {
        // Bounds were checked by the caller.
        int n = q.Length;
        ref byte occupation = ref Unsafe.As<Occupation, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Occupation));
        ref byte participation = ref MemoryMarshal.GetArrayDataReference(pop.ParticipationNow);
        ref byte role = ref Unsafe.As<Role, byte>(ref MemoryMarshal.GetArrayDataReference(pop.Role));
        ref byte goodOutcomes = ref MemoryMarshal.GetArrayDataReference(pop.GoodOutcomes);
        ref byte outcomes = ref MemoryMarshal.GetArrayDataReference(pop.Outcomes);
        ref float trust = ref MemoryMarshal.GetArrayDataReference(pop.Trust);
        ref float reciprocity = ref MemoryMarshal.GetArrayDataReference(pop.Reciprocity);
        ref float belonging = ref MemoryMarshal.GetArrayDataReference(pop.Belonging);
        ref float efficacy = ref MemoryMarshal.GetArrayDataReference(pop.Efficacy);
        ref float fatigue = ref MemoryMarshal.GetArrayDataReference(pop.Fatigue);
        ref float identity = ref MemoryMarshal.GetArrayDataReference(pop.Identity);
        ref float hours = ref MemoryMarshal.GetArrayDataReference(pop.HoursNow);
        ref float capacityFactor = ref MemoryMarshal.GetArrayDataReference(levers.CapacityFactor);
        ref float identityBonus = ref MemoryMarshal.GetArrayDataReference(levers.IdentityBonus);
        ref float q0 = ref MemoryMarshal.GetReference(q);
        Vector256<float> zero = Vector256<float>.Zero, one = Vector256<float>.One;
        Vector256<float> trustRate = Vector256.Create(r.TrustRate), reciprocityRate = Vector256.Create(r.ReciprocityRate),
            drift = Vector256.Create(r.Drift), meanTrust = Vector256.Create(r.MeanTrust), meanReciprocity = Vector256.Create(r.MeanReciprocity),
            belongingGain = Vector256.Create(r.BelongingGain), belongingDecay = Vector256.Create(r.BelongingDecay),
            meanBelonging = Vector256.Create(r.MeanBelonging), efficacyRate = Vector256.Create(r.EfficacyRate),
            keep = Vector256.Create(1f - r.Recovery), capacity = Vector256.Create(r.Capacity),
            identityGain = Vector256.Create(r.IdentityGain), backboneGain = Vector256.Create(r.BackboneGain),
            identityDecay = Vector256.Create(r.IdentityDecay);
        Vector256<int> backboneRole = Vector256.Create((int)Role.Backbone);
        int k = 0;
        for (; k + 8 <= n; k += 8)
        {
            nuint i = (nuint)(lo + k), kk = (nuint)k;
            var adult = ~Vector256.Equals(Lanes.WidenBytes(ref occupation, i), Vector256<int>.Zero).AsSingle();
            var took = Vector256.GreaterThan(Lanes.WidenBytes(ref participation, i), Vector256<int>.Zero).AsSingle();
            var backbone = Vector256.GreaterThanOrEqual(Lanes.WidenBytes(ref role, i), backboneRole).AsSingle();
            var share = Vector256.LoadUnsafe(ref q0, kk);

            // TowardShare: toward the share when the resident took part, else a drift toward the mean.
            var t = Vector256.LoadUnsafe(ref trust, i);
            var tNext = Vector256.ConditionalSelect(took, t + trustRate * (share - t), t + drift * (meanTrust - t));
            Vector256.ConditionalSelect(adult, tNext, t).StoreUnsafe(ref trust, i);
            var c = Vector256.LoadUnsafe(ref reciprocity, i);
            var cNext = Vector256.ConditionalSelect(took, c + reciprocityRate * (share - c), c + drift * (meanReciprocity - c));
            Vector256.ConditionalSelect(adult, cNext, c).StoreUnsafe(ref reciprocity, i);

            // Belonging.
            var b = Vector256.LoadUnsafe(ref belonging, i);
            var bNext = Vector256.ConditionalSelect(took, b + belongingGain * (one - b), b + belongingDecay * (meanBelonging - b));
            Vector256.ConditionalSelect(adult, bNext, b).StoreUnsafe(ref belonging, i);

            // Efficacy: one step per outcome, as many steps as the lane has outcomes (children have none).
            var e = Vector256.LoadUnsafe(ref efficacy, i);
            var count = Lanes.WidenBytes(ref outcomes, i);
            if (Vector256.GreaterThanAny(count, Vector256<int>.Zero))
            {
                var good = Lanes.WidenBytes(ref goodOutcomes, i);
                var eNext = e;
                for (int j = 0; Vector256.GreaterThanAny(count, Vector256.Create(j)); j++)
                {
                    var step = Vector256.Create(j);
                    var outcome = Vector256.ConditionalSelect(Vector256.GreaterThan(good, step).AsSingle(), one, zero);
                    eNext = Vector256.ConditionalSelect(Vector256.GreaterThan(count, step).AsSingle(), eNext + efficacyRate * (outcome - eNext), eNext);
                }
                Vector256.ConditionalSelect(adult, eNext, e).StoreUnsafe(ref efficacy, i);
            }

            // Fatigue: MathF.Min(1, x) is x unless x > 1 (a NaN stays NaN).
            var f = Vector256.LoadUnsafe(ref fatigue, i);
            var fNext = f * keep + Vector256.LoadUnsafe(ref hours, i) / (capacity * Vector256.LoadUnsafe(ref capacityFactor, i));
            fNext = Vector256.ConditionalSelect(Vector256.GreaterThan(fNext, one), one, fNext);
            Vector256.ConditionalSelect(adult, fNext, f).StoreUnsafe(ref fatigue, i);

            // Identity: the gain (capped at 1) when the resident took part, less the decay, clamped to [0, 1] as Math.Clamp does.
            var d = Vector256.LoadUnsafe(ref identity, i);
            var gain = identityGain + Vector256.ConditionalSelect(backbone, backboneGain, zero) + Vector256.LoadUnsafe(ref identityBonus, i);
            gain = Vector256.ConditionalSelect(Vector256.GreaterThan(gain, one), one, gain);
            var dNext = d + Vector256.ConditionalSelect(took, gain * (one - d), zero) - identityDecay * d;
            dNext = Vector256.ConditionalSelect(Vector256.LessThan(dNext, zero), zero, dNext);
            dNext = Vector256.ConditionalSelect(Vector256.GreaterThan(dNext, one), one, dNext);
            Vector256.ConditionalSelect(adult, dNext, d).StoreUnsafe(ref identity, i);
        }
        return k;
    }
}
