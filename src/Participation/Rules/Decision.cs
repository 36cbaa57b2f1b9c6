using System.Runtime.CompilerServices;
using Participation.Randomness;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Rules;

/// <summary>
/// The decision to take part (docs/model.md, phase 3), a logit:
/// <c>U = b0 + bR·responsibility + bB·belonging + bE·efficacy + bT·trust + bQ·reciprocity + bI·identity
/// + bS·influence + bP·reward − bF·fatigue</c> (the resident's base utility, shared by the week's activities)
/// plus, per activity, <c>appeal + bV·invited − bC·hours/free hours − bD·(1 − digital literacy)·[heard online only]</c>;
/// <c>P = 1 / (1 + e^−U)</c>. Age acts only through free hours and digital literacy.
/// </summary>
public static class Decision
{
    /// <summary>The part of the utility that does not depend on the activity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BaseUtility(DecisionSettings d, float responsibility, float belonging, float efficacy, float trust,
        float reciprocity, float identity, float influence, float reward, float fatigue) =>
        BaseUtility(new DecisionWeights(d), responsibility, belonging, efficacy, trust, reciprocity, identity, influence, reward, fatigue);

    /// <summary>The part of the utility that does not depend on the activity, with the weights already converted (once per block of residents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BaseUtility(in DecisionWeights w, float responsibility, float belonging, float efficacy, float trust,
        float reciprocity, float identity, float influence, float reward, float fatigue) =>
        w.Intercept + w.Responsibility * responsibility + w.Belonging * belonging + w.Efficacy * efficacy + w.Trust * trust
        + w.Reciprocity * reciprocity + w.Identity * identity + w.SocialInfluence * influence + w.Reward * reward
        - w.Fatigue * fatigue;

    /// <summary>The activity-specific part of the utility.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ActivityUtility(DecisionSettings d, float appeal, bool invited, float hours, float freeHours,
        bool onlineOnly, float digitalLiteracy) =>
        appeal + (invited ? (float)d.Invited : 0f) - (float)d.TimeCost * hours / MathF.Max(freeHours, 0.25f)
        - (onlineOnly ? (float)d.DigitalBarrier * (1f - digitalLiteracy) : 0f);

    /// <summary>
    /// The self-development motive (X: the strongest motive of backbones is "tempering / improving oneself";
    /// taking part raised their abilities): 1 at 18, falling linearly to 0 at <paramref name="ageLimit"/>,
    /// and stronger with college education (×1) than without (×<paramref name="withoutCollege"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DevelopmentMotive(float age, bool college, float ageLimit, float withoutCollege) =>
        Math.Clamp((ageLimit - age) / (ageLimit - 18f), 0f, 1f) * (college ? 1f : withoutCollege);

    /// <summary>The logistic function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Probability(float utility) => 1f / (1f + MathF.Exp(-utility));

    private const float WeeksToYears = (float)(1 / Population.WeeksPerYear);

    /// <summary>
    /// Phases 2 and 3 for the residents of <paramref name="chunk"/>: what each adult reads of its ties
    /// (<see cref="Hearing.OfTies"/>), its base utility V_i from the decision rule (one call for the chunk), then its
    /// week (<see cref="DecideWeek"/>); children take no part. This week's counts start from zero.
    /// </summary>
    internal static void HearAndDecide(Week w, Chunk chunk)
    {
        var pop = w.Population;
        int lo = chunk.First, n = chunk.End - chunk.First;
        ref var totals = ref chunk.Totals;
        pop.TasksNow.AsSpan(lo, n).Clear(); pop.CouncilNow.AsSpan(lo, n).Clear(); pop.EventsNow.AsSpan(lo, n).Clear();
        pop.OrganisedNow.AsSpan(lo, n).Clear(); pop.MediatedNow.AsSpan(lo, n).Clear();

        var ties = new TiesRead[n];
        var influence = new float[n];
        var invitation = new CounterRandom(w.Seed, w.Tick, Draws.Invited);
        for (int k = 0; k < n; k++)
        {
            if (pop.Occupation[lo + k] == Occupation.Child) continue;
            ties[k] = Hearing.OfTies(w, lo + k, invitation);
            influence[k] = ties[k].Influence;
            totals.Adults++;
            if (ties[k].Invited) totals.Invited++;
        }
        var baseUtility = new float[n];
        w.Rule.BaseUtilities(new DecisionInputs(pop, w.Scenario, w.Tick, lo, influence, w.Levers.Reward.AsSpan(lo, n)), baseUtility);

        chunk.Participants.Clear();
        for (int k = 0; k < n; k++)
        {
            int i = lo + k;
            if (pop.Occupation[i] == Occupation.Child)
            {
                pop.ParticipationNow[i] = 0; pop.HoursNow[i] = 0; pop.Outcomes[i] = 0; pop.GoodOutcomes[i] = 0;
                continue;
            }
            DecideWeek(w, i, ties[k], baseUtility[k], ref totals, chunk.Participants);
        }
    }

    /// <summary>
    /// Adult <paramref name="i"/>'s week: it hears of and decides on, in order, its club's session, the community
    /// activities of its compound (while the hours taken are below its free hours F_i) and the council; then it may
    /// raise a problem. <c>U_ia = V_i + appeal_a + bV·[invited] − bC·(hours_a · L.timeCostFactor) / max(F_i, 0.25)
    /// − bD·(1 − DL_i)·[heard of a only online]</c>; it takes part with probability σ(U_ia). Activities and the council
    /// have outcomes (good: visibly achieved, voice heard); a problem is an outcome too, good iff taken up and solved
    /// within the resident's patience (judged when raised).
    /// </summary>
    internal static void DecideWeek(Week w, int i, TiesRead ties, float baseUtility, ref ChunkTotals totals, List<CompoundParticipants> participants)
    {
        var pop = w.Population; var s = w.Scenario; var offer = w.Offer; int t = w.Tick;
        var d = s.Decision; var act = s.Activities; var hear = s.Hearing; var admin = s.Administration; var demo = s.Demography;
        bool invited = ties.Invited, backbone = pop.Role[i] >= Role.Backbone;
        float digital = pop.DigitalLiteracy[i], timeCost = offer.TimeCostFactor;

        // F_i: working parents of young children have the least free time (the life-course time squeeze).
        float free = pop.FreeHours[i];
        float age = (t - pop.BirthWeek[i]) * WeeksToYears;
        if (pop.Occupation[i] == Occupation.Employed && age >= (float)demo.ChildRearingFromAge && age < (float)demo.ChildRearingToAge)
            free *= (float)demo.ChildRearingFreeHoursFactor;
        // p_person = 1 − (1 − n_i)·(1 − wordOfMouth)^k_i, with the retired's bonus; p_online = [in group]·reach·DL_i.
        float notice = MathF.Min(1f, offer.Notice + (pop.Occupation[i] == Occupation.Retired ? (float)hear.NoticeRetiredBonus : 0f));
        float inPerson = Hearing.InPerson(notice, (float)hear.WordOfMouth, ties.TookPart);
        float online = Hearing.Online(pop.InOnlineGroup[i] != 0, offer.Online, digital);

        int count = 0, good = 0, outcomes = 0;
        float hours = 0f;
        bool TakesPart(float appeal, bool invitedTerm, float activityHours, bool onlineOnly, SubStream decision) =>
            new CounterRandom(w.Seed, t, decision).UniformF(i)
            < Probability(baseUtility + ActivityUtility(d, appeal, invitedTerm, activityHours * timeCost, free, onlineOnly, digital));

        // 1. Club session: members know of it; no invitation term, never online only, no outcome.
        float clubHours = (float)act.ClubSessionHours;
        if (pop.Club[i] >= 0 && TakesPart((float)act.ClubAppeal, false, clubHours, false, Draws.ClubDecision)) { count++; hours += clubHours; }

        // 2. Community activities in the compound, while hours taken < F_i.
        float eventHours = (float)act.EventHours;
        for (int e = 0; e < w.EventsInCompound[pop.Compound[i]] && hours < free; e++)
        {
            var heard = Hearing.OfActivity(i, invited, inPerson, online,
                new CounterRandom(w.Seed, t, Draws.EventHeardInPerson(e)), new CounterRandom(w.Seed, t, Draws.EventHeardOnline(e)));
            if (heard == Heard.Not || !TakesPart((float)act.EventAppeal, invited, eventHours, heard == Heard.OnlineOnly, Draws.EventDecision(e))) continue;
            count++; hours += eventHours; outcomes++; pop.EventsNow[i]++;
            if (new CounterRandom(w.Seed, t, Draws.EventSucceeds(e)).UniformF(i) < act.EventSuccess) good++;
        }

        // 3. The monthly council, while hours < F_i: backbones are expected (heard in person, the invitation term).
        float councilHours = (float)act.CouncilHours;
        if (offer.Council && hours < free)
        {
            var heard = Hearing.OfActivity(i, backbone || invited, inPerson, online,
                new CounterRandom(w.Seed, t, Draws.CouncilHeardInPerson), new CounterRandom(w.Seed, t, Draws.CouncilHeardOnline));
            if (heard != Heard.Not && TakesPart((float)act.CouncilAppeal, invited || backbone, councilHours, heard == Heard.OnlineOnly, Draws.CouncilDecision))
            {
                count++; hours += councilHours; outcomes++; pop.CouncilNow[i] = 1;
                if (new CounterRandom(w.Seed, t, Draws.CouncilVoiceHeard).UniformF(i) < offer.HeardProbability) good++;
            }
        }

        // 4. A problem raised through any channel: taken up or ignored; solved locally or after approvals, within the
        // resident's patience or not.
        if (new CounterRandom(w.Seed, t, Draws.ProblemRaised).UniformF(i) < (float)admin.ProblemRate)
        {
            totals.ProblemsRaised++;
            outcomes++;
            if (new CounterRandom(w.Seed, t, Draws.ProblemHeard).UniformF(i) < offer.HeardProbability)
            {
                bool approval = new CounterRandom(w.Seed, t, Draws.ProblemNeedsApproval).UniformF(i) < (float)admin.ApprovalShare;
                if (approval) totals.PendingApproval++; else totals.PendingLocal++;
                float delay = MathF.Round(approval ? offer.ApprovalWeeks : offer.LocalWeeks);
                if (delay <= MathF.Round((float)admin.PatienceWeeks)) good++;
            }
            else totals.Ignored++;
        }

        pop.ParticipationNow[i] = (byte)count;
        if (count != 0) AddParticipant(participants, pop.Compound[i], regular: pop.Last4[i] != 0);
        pop.HoursNow[i] = hours;
        pop.Outcomes[i] = (byte)outcomes;
        pop.GoodOutcomes[i] = (byte)good;
    }

    /// <summary>Counts a participant of <paramref name="compound"/>: residents are stored compound by compound, so a chunk's participants come in runs of one compound.</summary>
    internal static void AddParticipant(List<CompoundParticipants> participants, int compound, bool regular)
    {
        if (participants.Count == 0 || participants[^1].Compound != compound) participants.Add(new CompoundParticipants(compound));
        var run = participants[^1];
        participants[^1] = run with { Participants = run.Participants + 1, Regulars = run.Regulars + (regular ? 1 : 0) };
    }
}

/// <summary>The weights of <see cref="Decision.BaseUtility(in DecisionWeights, float, float, float, float, float, float, float, float, float)"/> as floats, converted once from the scenario's settings.</summary>
public readonly struct DecisionWeights
{
    /// <summary>Converts <paramref name="d"/>'s weights.</summary>
    public DecisionWeights(DecisionSettings d)
    {
        Intercept = (float)d.Intercept; Responsibility = (float)d.Responsibility; Belonging = (float)d.Belonging;
        Efficacy = (float)d.Efficacy; Trust = (float)d.Trust; Reciprocity = (float)d.Reciprocity; Identity = (float)d.Identity;
        SocialInfluence = (float)d.SocialInfluence; Reward = (float)d.Reward; Fatigue = (float)d.Fatigue;
    }

    /// <summary>b0.</summary>
    public float Intercept { get; }
    /// <summary>bR.</summary>
    public float Responsibility { get; }
    /// <summary>bB.</summary>
    public float Belonging { get; }
    /// <summary>bE.</summary>
    public float Efficacy { get; }
    /// <summary>bT.</summary>
    public float Trust { get; }
    /// <summary>bQ.</summary>
    public float Reciprocity { get; }
    /// <summary>bI.</summary>
    public float Identity { get; }
    /// <summary>bS.</summary>
    public float SocialInfluence { get; }
    /// <summary>bP.</summary>
    public float Reward { get; }
    /// <summary>bF.</summary>
    public float Fatigue { get; }
}
