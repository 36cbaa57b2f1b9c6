using System.Runtime.CompilerServices;
using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;

namespace Participation.HighPerformance;

/// <summary>
/// The kernel of phases 2 and 3 (<see cref="Decision.HearAndDecide"/>): the ties read from the cache eight residents
/// at a time, the base utilities from the rule once per chunk, the problems drawn eight at a time, then one pass over
/// the adults with every stream of the week derived once per chunk and (1 − word of mouth)^k looked up.
/// </summary>
internal static class DecisionKernels
{
    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    /// <summary>
    /// The kernel of <see cref="Decision.HearAndDecide"/>: each adult hears of the week's activities and decides which to
    /// take part in. Those who take part are counted per compound (with the regulars among them) for the co-participants
    /// the experience phase reads.
    /// </summary>
    public static void HearAndDecide(Week w, Chunk chunk, TieCache ties, DecisionRule rule)
    {
        var pop = w.Population; var s = w.Scenario; int t = w.Tick, lo = chunk.First, hi = chunk.End;
        var week = w.Offer;
        ref var totals = ref chunk.Totals;
        var invite = new CounterRandom(w.Seed, t, Draws.Invited);
        var problems = new CounterRandom(w.Seed, t, Draws.ProblemRaised);
        var reward = w.Levers.Reward;

        // Pass 1: each resident's ties — who took part last week (influence, word of mouth) and which backbones
        // might invite — and the invitation draw.
        int n = hi - lo;
        Span<float> influenceOf = stackalloc float[Week.ChunkSize];
        Span<int> tookPartOf = stackalloc int[Week.ChunkSize];
        Span<int> invitedOf = stackalloc int[Week.ChunkSize];
        pop.TasksNow.AsSpan(lo, n).Clear(); pop.CouncilNow.AsSpan(lo, n).Clear(); pop.EventsNow.AsSpan(lo, n).Clear();
        pop.OrganisedNow.AsSpan(lo, n).Clear(); pop.MediatedNow.AsSpan(lo, n).Clear();
        totals.Adults += TieKernels.ReadTies(lo, hi, pop.Occupation, pop.WeakTiesActive, ties, w.Network, w.Levers.InviteBoost, invite,
            new TieReading(week.StaffInviteProbability, week.InfluenceFactor), influenceOf, tookPartOf, invitedOf, out int invitedCount);
        totals.Invited += invitedCount;

        // Pass 2: the decision rule gives every resident of the block a base utility (one call per block).
        Span<float> baseUtility = stackalloc float[Week.ChunkSize];
        rule.BaseUtilities(new DecisionInputs(pop, s, t, lo, influenceOf[..n], reward.AsSpan(lo, n)), baseUtility[..n]);

        // Who raises a problem this week: a draw per resident that depends on nothing else, eight at a time.
        Span<int> problemOf = stackalloc int[Week.ChunkSize];
        problems.DrawBelow(lo, (float)s.Administration.ProblemRate, problemOf[..n]);

        DecideActivities(w, lo, hi, ref totals, chunk.Participants, tookPartOf[..n], invitedOf[..n], baseUtility[..n], problemOf[..n]);
    }

    /// <summary>
    /// Pass 3 of <see cref="HearAndDecide"/>: each adult hears of the week's activities and decides which to take part in, and
    /// the problems raised are heard or ignored. A method of its own, without stack allocations, so that the JIT tiers
    /// it with profile guidance (a method that allocates on the stack is compiled once, without a profile, and this
    /// loop's many locals were spilled to the stack around cold branches).
    /// </summary>
    private static void DecideActivities(Week w, int lo, int hi, ref ChunkTotals totals, List<CompoundParticipants> participants,
        ReadOnlySpan<int> tookPartOf, ReadOnlySpan<int> invitedOf, ReadOnlySpan<float> baseUtility, ReadOnlySpan<int> problemOf)
    {
        participants.Clear();
        var pop = w.Population; var s = w.Scenario; var week = w.Offer; int t = w.Tick; ulong seed = w.Seed;
        var eventsThisWeek = w.EventsInCompound;
        var d = s.Decision; var act = s.Activities; var hear = s.Hearing; var admin = s.Administration;
        var role = pop.Role;
        var problemHeard = new CounterRandom(seed, t, Draws.ProblemHeard);
        var problemApproval = new CounterRandom(seed, t, Draws.ProblemNeedsApproval);
        var hearCouncil = new CounterRandom(seed, t, Draws.CouncilHeardInPerson);
        var decideClub = new CounterRandom(seed, t, Draws.ClubDecision);
        var decideCouncil = new CounterRandom(seed, t, Draws.CouncilDecision);
        var voiceCouncil = new CounterRandom(seed, t, Draws.CouncilVoiceHeard);
        float notice = week.Notice, retiredBonus = (float)hear.NoticeRetiredBonus, wom = (float)hear.WordOfMouth;
        float online = week.Online, timeCost = week.TimeCostFactor;
        float clubHours = (float)act.ClubSessionHours, eventHours = (float)act.EventHours, councilHours = (float)act.CouncilHours;
        float approvalShare = (float)admin.ApprovalShare;
        float approvalWeeks = MathF.Round(week.ApprovalWeeks), localWeeks = MathF.Round(week.LocalWeeks);
        float patience = MathF.Round((float)admin.PatienceWeeks);
        // Streams of the week's community activities, derived once per chunk rather than per resident.
        EventStreams hearPerson = default, hearOnline = default, decideEvent = default, voiceEvent = default;
        for (int e = 0; e < Offers.MaxEvents; e++)
        {
            hearPerson[e] = new CounterRandom(seed, t, Draws.EventHeardInPerson(e));
            hearOnline[e] = new CounterRandom(seed, t, Draws.EventHeardOnline(e));
            decideEvent[e] = new CounterRandom(seed, t, Draws.EventDecision(e));
            voiceEvent[e] = new CounterRandom(seed, t, Draws.EventSucceeds(e));
        }
        var hearCouncilOnline = new CounterRandom(seed, t, Draws.CouncilHeardOnline);
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
            int events = eventsThisWeek[pop.Compound[i]];
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
                Decision.AddParticipant(participants, pop.Compound[i], regular: pop.Last4[i] != 0);
            }
            pop.HoursNow[i] = hours;
            pop.Outcomes[i] = (byte)outcomes;
            pop.GoodOutcomes[i] = (byte)good;
        }
    }

    /// <summary>The counter streams of the week's community activities, one per activity slot (kept in the method's frame).</summary>
    [System.Runtime.CompilerServices.InlineArray(Offers.MaxEvents)]
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
}
