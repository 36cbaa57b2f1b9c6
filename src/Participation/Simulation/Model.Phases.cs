using Participation.Outcomes;
using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;

namespace Participation.Simulation;

public sealed partial class Model
{
    // Sub-streams of the hearing and decision draws of one resident in one week.
    private const int SubClub = 0, SubCouncil = 1, SubEvent = 2; // events: SubEvent + e
    private const int MaxEvents = 8;
    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    /// <summary>
    /// Phases 2-3: each adult hears of the week's activities and decides which to take part in. Those who take part
    /// are counted per compound (with the regulars among them) for the co-participants the experience phase reads.
    /// </summary>
    private void Decide(int t, int lo, int hi, ref ChunkTotals totals, Week week, List<CompoundParticipants> participants)
    {
        var pop = Population; var s = Scenario;
        var invite = new CounterRandom(Seed, t, RandomStream.Invitation);
        var problems = new CounterRandom(Seed, t, RandomStream.Problems);
        var reward = Levers.Reward;

        // Pass 1: each resident's ties — who took part last week (influence, word of mouth) and which backbones
        // might invite — and the invitation draw.
        int n = hi - lo;
        Span<float> influenceOf = stackalloc float[ChunkSize];
        Span<int> tookPartOf = stackalloc int[ChunkSize];
        Span<int> invitedOf = stackalloc int[ChunkSize];
        pop.TasksNow.AsSpan(lo, n).Clear(); pop.CouncilNow.AsSpan(lo, n).Clear(); pop.EventsNow.AsSpan(lo, n).Clear();
        pop.OrganisedNow.AsSpan(lo, n).Clear(); pop.MediatedNow.AsSpan(lo, n).Clear();
        totals.Adults += ReadTies(lo, hi, pop.Occupation, pop.WeakTiesActive, _ties, Network, Levers.InviteBoost, invite,
            new TieReading(week.StaffInviteProbability, week.InfluenceFactor), influenceOf, tookPartOf, invitedOf, out int invitedCount);
        totals.Invited += invitedCount;

        // Pass 2: the decision rule gives every resident of the block a base utility (one call per block).
        Span<float> baseUtility = stackalloc float[ChunkSize];
        _decisionRule.BaseUtilities(new DecisionInputs(pop, s, t, lo, influenceOf[..n], reward.AsSpan(lo, n)), baseUtility[..n]);

        // Who raises a problem this week: a draw per resident that depends on nothing else, eight at a time.
        Span<int> problemOf = stackalloc int[ChunkSize];
        problems.DrawBelow(lo, (float)s.Administration.ProblemRate, problemOf[..n]);

        DecideActivities(t, lo, hi, ref totals, week, participants, tookPartOf[..n], invitedOf[..n], baseUtility[..n], problemOf[..n]);
    }

    /// <summary>
    /// Pass 3 of <see cref="Decide"/>: each adult hears of the week's activities and decides which to take part in, and
    /// the problems raised are heard or ignored. A method of its own, without stack allocations, so that the JIT tiers
    /// it with profile guidance (a method that allocates on the stack is compiled once, without a profile, and this
    /// loop's many locals were spilled to the stack around cold branches).
    /// </summary>
    private void DecideActivities(int t, int lo, int hi, ref ChunkTotals totals, Week week, List<CompoundParticipants> participants,
        ReadOnlySpan<int> tookPartOf, ReadOnlySpan<int> invitedOf, ReadOnlySpan<float> baseUtility, ReadOnlySpan<int> problemOf)
    {
        participants.Clear();
        var pop = Population; var s = Scenario;
        var d = s.Decision; var act = s.Activities; var hear = s.Hearing; var admin = s.Administration;
        var role = pop.Role;
        var problemHeard = new CounterRandom(Seed, t, RandomStream.Problems, 1);
        var problemApproval = new CounterRandom(Seed, t, RandomStream.Problems, 2);
        var hearCouncil = new CounterRandom(Seed, t, RandomStream.Hearing, 2 * SubCouncil);
        var decideClub = new CounterRandom(Seed, t, RandomStream.Decision, SubClub);
        var decideCouncil = new CounterRandom(Seed, t, RandomStream.Decision, SubCouncil);
        var voiceCouncil = new CounterRandom(Seed, t, RandomStream.Voice, SubCouncil);
        float notice = week.Notice, retiredBonus = (float)hear.NoticeRetiredBonus, wom = (float)hear.WordOfMouth;
        float online = week.Online, timeCost = week.TimeCostFactor;
        float clubHours = (float)act.ClubSessionHours, eventHours = (float)act.EventHours, councilHours = (float)act.CouncilHours;
        float approvalShare = (float)admin.ApprovalShare;
        float approvalWeeks = MathF.Round(week.ApprovalWeeks), localWeeks = MathF.Round(week.LocalWeeks);
        float patience = MathF.Round((float)admin.PatienceWeeks);
        // Streams of the week's community activities, derived once per chunk rather than per resident.
        EventStreams hearPerson = default, hearOnline = default, decideEvent = default, voiceEvent = default;
        for (int e = 0; e < MaxEvents; e++)
        {
            hearPerson[e] = new CounterRandom(Seed, t, RandomStream.Hearing, 2 * (SubEvent + e));
            hearOnline[e] = new CounterRandom(Seed, t, RandomStream.Hearing, 2 * (SubEvent + e) + 1);
            decideEvent[e] = new CounterRandom(Seed, t, RandomStream.Decision, SubEvent + e);
            voiceEvent[e] = new CounterRandom(Seed, t, RandomStream.Voice, SubEvent + e);
        }
        var hearCouncilOnline = new CounterRandom(Seed, t, RandomStream.Hearing, 2 * SubCouncil + 1);
        // (1 - word of mouth)^k for the usual numbers of ties who took part, computed once per chunk.
        WordOfMouthPowers powers = default;
        Span<float> womPower = powers;
        for (int k = 0; k < womPower.Length; k++) womPower[k] = MathF.Pow(1f - wom, k);
        bool council = week.Council;
        var demo = s.Demography;
        float rearingFactor = (float)demo.ChildRearingFreeHoursFactor;
        float rearingFrom = (float)demo.ChildRearingFromAge, rearingTo = (float)demo.ChildRearingToAge;

        // Pass 3: each adult hears of the week's activities and decides which to take part in.
        for (int i = lo; i < hi; i++)
        {
            int k = i - lo;
            if (pop.Occupation[i] == Occupation.Child)
            {
                pop.ParticipationNow[i] = 0; pop.HoursNow[i] = 0; pop.Outcomes[i] = 0; pop.GoodOutcomes[i] = 0;
                continue;
            }
            int tookPart = tookPartOf[k];
            bool invited = invitedOf[k] != 0;

            int count = 0, good = 0, outcomes = 0;
            float hours = 0f;
            int events = _eventsThisWeek[pop.Compound[i]];
            if (pop.Club[i] < 0 && events == 0 && !council) goto Problems; // nothing on offer this week

            bool backbone = role[i] >= Role.Backbone;
            bool retired = pop.Occupation[i] == Occupation.Retired;
            float digital = pop.DigitalLiteracy[i], free = pop.FreeHours[i];
            if (rearingFactor != 1f && pop.Occupation[i] == Occupation.Employed)
            {
                // Working parents of young children have the least free time (the life-course time squeeze).
                float age = (t - pop.BirthWeek[i]) * WeeksToYears;
                if (age >= rearingFrom && age < rearingTo) free *= rearingFactor;
            }
            float notice_ = MathF.Min(1f, notice + (retired ? retiredBonus : 0f));
            float inPerson = tookPart < womPower.Length ? Hearing.InPersonFromPower(notice_, womPower[tookPart]) : Hearing.InPerson(notice_, wom, tookPart);
            float viaOnline = Hearing.Online(pop.InOnlineGroup[i] != 0, online, digital);
            float baseU = baseUtility[k];

            // Club session: members know of it.
            if (pop.Club[i] >= 0)
            {
                float u = baseU + Decision.ActivityUtility(d, (float)act.ClubAppeal, false, clubHours * timeCost, free, false, digital);
                if (decideClub.UniformF(i) < Decision.Probability(u)) { count++; hours += clubHours; }
            }

            // Community activities in the compound.
            for (int e = 0; e < events && hours < free; e++)
            {
                bool person = invited || hearPerson[e].UniformF(i) < inPerson;
                bool web = !person && hearOnline[e].UniformF(i) < viaOnline;
                if (!person && !web) continue;
                float u = baseU + Decision.ActivityUtility(d, (float)act.EventAppeal, invited, eventHours * timeCost, free, !person, digital);
                if (decideEvent[e].UniformF(i) < Decision.Probability(u))
                {
                    count++; hours += eventHours; outcomes++; pop.EventsNow[i]++;
                    if (voiceEvent[e].UniformF(i) < act.EventSuccess) good++;
                }
            }

            // The monthly council: backbones are expected; others hear of it like any activity.
            if (council && hours < free)
            {
                bool person = backbone || invited || hearCouncil.UniformF(i) < inPerson;
                bool web = !person && hearCouncilOnline.UniformF(i) < viaOnline;
                if (person || web)
                {
                    float u = baseU + Decision.ActivityUtility(d, (float)act.CouncilAppeal, invited || backbone, councilHours * timeCost, free, !person, digital);
                    if (decideCouncil.UniformF(i) < Decision.Probability(u))
                    {
                        count++; hours += councilHours; outcomes++; pop.CouncilNow[i] = 1;
                        if (voiceCouncil.UniformF(i) < week.HeardProbability) good++;
                    }
                }
            }

        Problems:
            // Problems raised through any channel: heard or ignored, solved locally or after approvals.
            // The resident judges the outcome by whether it is solved within their patience.
            if (problemOf[k] != 0)
            {
                totals.ProblemsRaised++;
                outcomes++;
                if (problemHeard.UniformF(i) < week.HeardProbability)
                {
                    bool approval = problemApproval.UniformF(i) < approvalShare;
                    if (approval) totals.PendingApproval++; else totals.PendingLocal++;
                    if ((approval ? approvalWeeks : localWeeks) <= patience) good++;
                }
                else totals.Ignored++;
            }

            pop.ParticipationNow[i] = (byte)count;
            if (count != 0)
            {
                // Residents are stored compound by compound: the chunk's participants come in runs of one compound.
                int compound = pop.Compound[i];
                if (participants.Count == 0 || participants[^1].Compound != compound) participants.Add(new CompoundParticipants(compound));
                var run = participants[^1];
                participants[^1] = run with { Participants = run.Participants + 1, Regulars = run.Regulars + (pop.Last4[i] != 0 ? 1 : 0) };
            }
            pop.HoursNow[i] = hours;
            pop.Outcomes[i] = (byte)outcomes;
            pop.GoodOutcomes[i] = (byte)good;
        }
    }

    /// <summary>The counter streams of the week's community activities, one per activity slot (kept in the method's frame).</summary>
    [System.Runtime.CompilerServices.InlineArray(MaxEvents)]
    private struct EventStreams
    {
        private CounterRandom _first;
    }

    /// <summary>(1 − word of mouth)^k for k = 0 … 63 (kept in the method's frame).</summary>
    [System.Runtime.CompilerServices.InlineArray(64)]
    private struct WordOfMouthPowers
    {
        private float _first;
    }

    /// <summary>
    /// Tasks (organising the week's activities, mediations, new projects, tasks sent down beyond staff
    /// capacity) go to backbones with weights rising steeply with past reliability: the committee calls
    /// whoever said yes before (X: the top 10 % carry 63 %).
    /// </summary>
    private int AllocateTasks(int t, Week week)
    {
        var pop = Population; var s = Scenario; var admin = s.Administration;
        _backboneIndex.Clear(); _backboneWeight.Clear();
        Array.Clear(_compoundParticipants); Array.Clear(_compoundRegulars);
        // Co-participants: this week's participants in each compound, and how many of them are regulars
        // (took part in the last four weeks too) — whom a participant meets and finds reciprocating (T).
        // The decisions counted them chunk by chunk, compound by compound (and PrepareTies listed the backbones with
        // their weights), so no pass over everyone is needed.
        foreach (var runs in _participantsByChunk)
            foreach (var run in runs)
            {
                _compoundParticipants[run.Compound] += run.Participants;
                _compoundRegulars[run.Compound] += run.Regulars;
            }
        double total = 0;
        for (int c = 0; c < _backbonesByChunk.Length; c++) // chunk order = index order: the running total is the same as before
        {
            var backbones = _backbonesByChunk[c]; var weights = _taskWeightsByChunk[c];
            for (int k = 0; k < backbones.Count; k++)
            {
                total += weights[k];
                _backboneIndex.Add(backbones[k]);
                _backboneWeight.Add(total);
            }
        }
        if (_backboneIndex.Count == 0 || total <= 0) return 0;

        var draw = new CounterRandom(Seed, t, RandomStream.Tasks, 2);
        var outcome = new CounterRandom(Seed, t, RandomStream.Voice, 100);
        int n = 0;
        // A backbone's weekly counters stop at 255 tasks: a week cannot hand out more than that to every backbone, so a
        // factor on tasks sent down or projects (up to 1e9, and policies multiply) never makes the week's loop unbounded.
        long capacity = 255L * _backboneIndex.Count;
        void Assign(int count, double hours, bool withOutcome, bool project, byte[]? kind)
        {
            count = (int)Math.Min(count, Math.Max(0, capacity - n));
            for (int k = 0; k < count; k++, n++)
            {
                double u = draw.Uniform(n) * total;
                int pos = _backboneWeight.BinarySearch(u);
                if (pos < 0) pos = ~pos;
                int b = _backboneIndex[Math.Min(pos, _backboneIndex.Count - 1)];
                if (pop.TasksNow[b] < 255) pop.TasksNow[b]++;
                if (pop.ParticipationNow[b] < 255) pop.ParticipationNow[b]++;
                pop.HoursNow[b] += (float)hours;
                if (withOutcome && pop.Outcomes[b] < 255)
                {
                    pop.Outcomes[b]++;
                    if (outcome.Uniform(n) < s.Activities.EventSuccess) pop.GoodOutcomes[b]++;
                }
                if (project && pop.ProjectsLed[b] < 255) pop.ProjectsLed[b]++;
                if (kind is not null && kind[b] < 255) kind[b]++;
            }
        }
        Assign(week.Events, admin.OrganiseHours, true, false, pop.OrganisedNow);
        Assign(week.Disputes, admin.MediationHours, true, false, pop.MediatedNow);
        Assign(week.Projects, admin.OrganiseHours, true, true, pop.OrganisedNow);
        Assign(week.SentDown - week.ByStaff, admin.SentDownTaskHours, false, false, null);
        return n;
    }

    /// <summary>A chunk's participants of one compound this week, and how many of them are regulars (took part in the last four weeks).</summary>
    private readonly record struct CompoundParticipants(int Compound, int Participants = 0, int Regulars = 0);

    /// <summary>Phase 4: the experience feeds back; participation history and roles are updated.</summary>
    private void Experience(int t, int lo, int hi, ref ChunkTotals totals, List<int> exits, List<Claimant> eligible)
    {
        // The buffer is allocated here and the work done in a method without stack allocations, which the JIT tiers
        // with a profile (see DecideActivities).
        Span<float> buffer = stackalloc float[ChunkSize];
        Experience(t, lo, hi, ref totals, exits, eligible, buffer);
    }

    /// <summary>The body of <see cref="Experience(int, int, int, ref ChunkTotals, List{int}, List{Claimant})"/>, with a chunk-sized buffer.</summary>
    private void Experience(int t, int lo, int hi, ref ChunkTotals totals, List<int> exits, List<Claimant> eligible, Span<float> share)
    {
        exits.Clear(); eligible.Clear();
        var pop = Population; var x = Scenario.Experience; var r = Scenario.Roles;
        var exit = new CounterRandom(Seed, t, RandomStream.Exit);
        float efficacyRate = (float)x.EfficacyRate, trustRate = (float)x.TrustRate, reciprocityRate = (float)x.ReciprocityRate;
        float drift = (float)x.DriftRate, belongingGain = (float)x.BelongingGain, belongingDecay = (float)x.BelongingDecay;
        float recovery = (float)x.FatigueRecovery, capacity = (float)x.FatigueCapacityHours;
        float identityGain = (float)x.IdentityGain, backboneGain = (float)x.BackboneIdentityGain, identityDecay = (float)x.IdentityDecay;
        float crowding = (float)x.CrowdingOut, crowdingThreshold = (float)x.CrowdingBelongingThreshold;
        float memory = (float)r.ReliabilityMemory;
        int slot = t % Population.HistoryWeeks, slot4 = (t + Population.HistoryWeeks - 4) % Population.HistoryWeeks;
        int mentorWeeks = (int)Math.Round(r.MentorServiceYears * Population.WeeksPerYear);
        bool mentorship = Levers.MentorshipRuns;
        var reward = Levers.Reward; var exitFactor = Levers.ExitHazardFactor;

        // The arrays in locals and the chunk's sums in registers (the sums run in index order from 0, as before, so
        // they are bit-identical); each new value is kept for the sums and the role bookkeeping instead of read back.
        var occupation = pop.Occupation; var participation = pop.ParticipationNow; var role = pop.Role; var compound = pop.Compound;
        var trust = pop.Trust; var reciprocity = pop.Reciprocity; var belonging = pop.Belonging; var efficacy = pop.Efficacy;
        var fatigue = pop.Fatigue; var identity = pop.Identity; var responsibility = pop.Responsibility; var committeeTrust = pop.CommitteeTrust;
        var tasksNow = pop.TasksNow;
        var last4 = pop.Last4; var last13 = pop.Last13; var history = pop.History; var monthCount = pop.MonthCount;
        var tasksThisYear = pop.TasksThisYear; var reliability = pop.Reliability;
        var participants = _compoundParticipants; var regulars = _compoundRegulars;
        float meanTrust = MeanTrust, meanReciprocity = MeanReciprocity, meanBelonging = MeanBelonging;
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
        Rules.Experience.Attitudes(pop, Levers, lo, share[..(hi - lo)], new AttitudeRates(trustRate, reciprocityRate, drift, meanTrust,
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
        // exits can remove a backbone, which RecruitRegulars checks again.
        var order = new CounterRandom(Seed, t, RandomStream.Recruitment, 1);
        var d = Scenario.Decision;
        float developmentLimit = (float)d.DevelopmentAgeLimit, withoutCollege = (float)d.DevelopmentWithoutCollege;
        float acceptIntercept = (float)r.AcceptIntercept, acceptMotivation = (float)r.AcceptMotivation, acceptDevelopment = (float)r.AcceptDevelopment;
        foreach (int i in list[..eligibleCount])
        {
            float development = Decision.DevelopmentMotive((float)pop.AgeAt(i, t), pop.Education[i] == 3, developmentLimit, withoutCollege);
            float accept = Roles.AcceptProbability(acceptIntercept, acceptMotivation, efficacy[i], identity[i], fatigue[i], acceptDevelopment, development);
            eligible.Add(new Claimant(i, -Math.Log(1 - order.Uniform(i)), Levers.RecruitWeight[i], accept, TiedToBackbone(i)));
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

    /// <summary>Backbones whose exit draw came up leave the role (recorded as ended spells, in index order).</summary>
    private int ApplyExits(int t)
    {
        var pop = Population; var r = Scenario.Roles;
        int exits = 0;
        foreach (var list in _exitsByChunk) // chunk order = index order, whatever the threads
            foreach (int i in list)
            {
                EndSpell(i, t + 1, SpellEnd.Exited);
                pop.Role[i] = Roles.ParticipationRole(pop.Last4[i], pop.Last13[i], r.ActiveThreshold);
                pop.RoleSince[i] = t + 1;
                exits++;
            }
        return exits;
    }

    /// <summary>
    /// Recruitment: the committee fills open roles. Eligible residents (participation month after month)
    /// are ordered by counter-based weighted random keys (Efraimidis–Spirakis; a tie to a backbone weighs
    /// more), invited in that order, and accept by a logit of motivation. A share of the invitations
    /// (<c>roles.partyChannelShare</c>) goes through the party branch instead (<see cref="RecruitThroughParty"/>).
    /// </summary>
    private (int Entries, int ThroughParty) Recruit(int t, int backbones)
    {
        var pop = Population; var r = Scenario.Roles;
        // There cannot be more roles than residents: a drive's factor (up to 100, and drives multiply) never makes a week's
        // invitations, and the draws for them, outnumber the population.
        double wanted = _slots * Levers.SlotFactor;
        int slots = wanted >= pop.Count ? pop.Count : (int)Math.Round(wanted);
        double expected = Roles.RolesToFill(slots - backbones, r.FillRate * Levers.FillRateFactor, r.RelianceSuppression, _lastTopShare);
        var rng = new CounterRandom(Seed, t, RandomStream.Recruitment);
        int invitations = (int)expected + (rng.Uniform(-1) < expected - (int)expected ? 1 : 0);
        if (invitations <= 0) return (0, 0);
        // Some invitations go through the party branch instead (an independent draw per invitation).
        int throughParty = 0;
        if (r.PartyChannelShare > 0)
        {
            var channel = new CounterRandom(Seed, t, RandomStream.Recruitment, 3);
            for (int k = 0; k < invitations; k++) if (channel.Uniform(k) < r.PartyChannelShare) throughParty++;
            invitations -= throughParty;
        }
        int regulars = invitations > 0 ? RecruitRegulars(t, invitations) : 0;
        int party = throughParty > 0 ? RecruitThroughParty(t, throughParty) : 0;
        return (regulars + party, party);
    }

    /// <summary>
    /// A resident eligible for a role, as the experience pass saw it: the random part of its recruitment key, −ln(1 − u),
    /// its recruitment weight, its probability of accepting, and whether it was tied to a backbone.
    /// </summary>
    private readonly record struct Claimant(int Resident, double BaseKey, float RecruitWeight, float Accept, bool TiedToBackbone);

    /// <summary>True when resident <paramref name="i"/> has a tie to a backbone (or mentor).</summary>
    private bool TiedToBackbone(int i)
    {
        var role = Population.Role;
        foreach (int j in Network.Ties(i))
            if (role[j] >= Role.Backbone) return true;
        return false;
    }

    /// <summary>
    /// Invites eligible regulars, in the order of their weighted random keys (the random part drawn in the experience
    /// pass over the recruitment weight, raised for those tied to a backbone), until the invitations run out.
    /// </summary>
    private int RecruitRegulars(int t, int invitations)
    {
        var r = Scenario.Roles;
        _claimants.Clear();
        // Residents tied to a backbone who left this week may have lost their only tie to one: they are looked at again.
        var recheck = _tiedToLeaver;
        MarkTiesOfLeavers(1);
        foreach (var list in _eligibleByChunk) // chunk order = index order
        {
            foreach (var (i, baseKey, recruitWeight, acceptance, tied) in list)
            {
                double weight = recruitWeight;
                if (tied && (recheck[i] == 0 || TiedToBackbone(i))) weight *= 1 + r.TiedToBackboneWeight;
                _claimants.Add((baseKey / weight, i, acceptance));
            }
        }
        MarkTiesOfLeavers(0);
        _claimants.Sort();
        var accept = new CounterRandom(Seed, t, RandomStream.Recruitment, 2);
        int entries = 0;
        for (int k = 0; k < Math.Min(invitations, _claimants.Count); k++)
        {
            var (_, i, p) = _claimants[k];
            if (accept.UniformF(i) >= p) continue;
            EnterRole(i, t);
            entries++;
        }
        return entries;
    }

    /// <summary>Sets <see cref="_tiedToLeaver"/> to <paramref name="mark"/> for everyone tied to a backbone leaving this week.</summary>
    private void MarkTiesOfLeavers(byte mark)
    {
        foreach (var exits in _exitsByChunk)
            foreach (int j in exits)
                foreach (int k in Network.Ties(j)) _tiedToLeaver[k] = mark;
    }

    /// <summary>Resident <paramref name="i"/> accepted a backbone post in week <paramref name="t"/>: it holds it from the next week.</summary>
    private void EnterRole(int i, int t)
    {
        var pop = Population;
        pop.Role[i] = Role.Backbone; pop.RoleSince[i] = t + 1; pop.BackboneSince[i] = t + 1;
        pop.HeldRoleThisYear[i] = 1;
    }

    /// <summary>
    /// Phase 6: households leave (renters more often, elder households by a Gompertz hazard); newcomers take their place.
    /// Which households leave was drawn chunk by chunk in the experience pass (<see cref="FindLeaving"/>); the moves
    /// follow here in household order, and the newcomers are drawn in parallel once every leaver's spell is recorded
    /// (each household's draws are its own, counter-based).
    /// </summary>
    private (int Moved, int BackboneExits) ApplyTurnover(int t)
    {
        var pop = Population;
        int moved = 0, exits = 0;
        foreach (var leaving in _leavingByChunk) // chunk order = household order
            foreach (int h in leaving)
            {
                moved++;
                for (int i = pop.HouseholdStart[h]; i < pop.HouseholdStart[h + 1]; i++)
                {
                    if (pop.Role[i] >= Role.Backbone) { EndSpell(i, t + 1, SpellEnd.MovedOut); exits++; }
                    // Whoever held the role this year stays in the year's task ledger after moving out.
                    if (pop.HeldRoleThisYear[i] != 0) _departedTasks.Add(pop.TasksThisYear[i]);
                }
            }
        if (moved > 0)
        {
            ForChunks(_redrawChunk ??= (lo, hi, c) =>
            {
                foreach (int h in _leavingByChunk[c])
                    PopulationGenerator.DrawHousehold(Population, Scenario, Seed, h, Tick + 1, arriving: true);
            });
        }
        return (moved, exits);
    }

    /// <summary>
    /// Lists the households whose first member lies in [<paramref name="lo"/>, <paramref name="hi"/>) and whose draw
    /// says they leave in week <paramref name="t"/> (it depends only on the household's oldest member and origin, which
    /// nothing changes between the experience pass and the turnover).
    /// </summary>
    private void FindLeaving(int t, int lo, int hi, List<int> leaving)
    {
        leaving.Clear();
        var pop = Population; var start = pop.HouseholdStart;
        var rng = new CounterRandom(Seed, t, RandomStream.Turnover);
        for (int h = FirstHouseholdFrom(lo), end = FirstHouseholdFrom(hi); h < end; h++)
        {
            // The hazard at the oldest member's age in tenths of a year (Turnover.LeaveTable).
            int age = (int)((t - pop.HouseholdOldestBirthWeek[h]) * Turnover.TableStepsPerYear / Population.WeeksPerYear);
            var row = _leaveTable[pop.Origin[start[h]] == OriginGroup.Renter ? 1 : 0];
            if (rng.Uniform(h) < row[Math.Clamp(age, 0, row.Length - 1)]) leaving.Add(h);
        }
    }

    /// <summary>The first household whose first member is resident <paramref name="resident"/> or later (households are stored in resident order).</summary>
    private int FirstHouseholdFrom(int resident)
    {
        var start = Population.HouseholdStart;
        int lo = 0, hi = Population.HouseholdCount; // answer in [lo, hi]
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < resident) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private void EndSpell(int i, int end, SpellEnd reason)
    {
        var pop = Population;
        int start = pop.BackboneSince[i];
        if (_options.Record) _log.Spells.Add(new TenureSpell(i, start, end, pop.AgeAt(i, start), reason));
        pop.BackboneSince[i] = -1;
    }

    /// <summary>Once a year: residents age into new occupations (school leavers, retirement) and their free hours follow.</summary>
    private void UpdateOccupations(int t)
    {
        // Each resident's draws are its own (counter-based): chunks in parallel.
        ForChunks(_updateOccupations ??= (lo, hi, c) => UpdateOccupations(Tick, lo, hi));
    }

    private void UpdateOccupations(int t, int lo, int hi)
    {
        var pop = Population; var demo = Scenario.Demography;
        var occupation = new CounterRandom(Seed, t, RandomStream.Generation, 100);
        var hours = new CounterRandom(Seed, t, RandomStream.Generation, 101);
        var digital = new CounterRandom(Seed, t, RandomStream.Generation, 102);
        for (int i = lo; i < hi; i++)
        {
            double age = pop.AgeAt(i, t);
            var current = pop.Occupation[i];
            Occupation next;
            if (current == Occupation.Retired) continue;
            if (current == Occupation.Student && age < 23) continue;
            if (current is Occupation.Employed or Occupation.NotEmployed && age < (pop.Female[i] == 1 ? demo.RetirementAgeWomen : demo.RetirementAgeMen)) continue;
            next = PopulationGenerator.DrawOccupation(demo, age, pop.Female[i] == 1, occupation.Uniform(i), occupation.Uniform(i + pop.Count));
            if (next == Occupation.Student && current != Occupation.Child) next = Occupation.Employed;
            if (next == current) continue;
            pop.Occupation[i] = next;
            pop.FreeHours[i] = (float)PopulationGenerator.FreeHours(demo, next, hours.Normal(i));
            if (current == Occupation.Child)
            {
                // A child who comes of age joins the online groups as any adult would.
                pop.InOnlineGroup[i] = (byte)(digital.Uniform(i) < Scenario.Network.OnlineGroupReach * pop.DigitalLiteracy[i] ? 1 : 0);
            }
        }
    }
}
