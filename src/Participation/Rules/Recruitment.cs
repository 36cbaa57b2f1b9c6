using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// Recruitment (docs/model.md phase 5): the committee fills open roles. Eligible residents (participation month after
/// month) are ordered by counter-based weighted random keys (Efraimidis–Spirakis; a tie to a backbone weighs more),
/// invited in that order, and accept by a logit of motivation. A share of the invitations
/// (<c>roles.partyChannelShare</c>) goes through the party branch instead, which offers posts to party members whatever
/// their record of taking part.
/// </summary>
/// <remarks>Holds the sequential phase's scratch: the claimants sorted by key and the marks of the leavers' ties.</remarks>
internal sealed class Recruitment(int residents)
{
    // Draws per invitation before a party-channel invitation lapses unanswered: with party members at the usual
    // 5–10 % of residents a candidate turns up within a few dozen draws; the cap only bounds a community that has
    // (almost) none.
    private const int PartyChannelDrawsPerInvitation = 2000;

    private readonly List<(double Key, int Resident, float Accept)> _claimants = [];
    private readonly byte[] _tiedToLeaver = new byte[residents]; // marks, cleared after use, of the ties of backbones leaving this week

    /// <summary>
    /// What recruitment reads of eligible resident <paramref name="i"/>, in the experience phase (in parallel): the random
    /// part of its key −ln(1 − u), its recruitment weight L.recruitWeight_i (set by the policies at the start of the
    /// week), its probability of accepting
    /// <c>σ(roles.acceptIntercept + roles.acceptMotivation·(efficacy + identity) + roles.acceptDevelopment·D_i − 2·fatigue)</c>
    /// (attitudes as this week left them, which nothing changes before recruitment), and whether it is tied to a
    /// backbone: no role crosses the backbone line during that phase, and after it only exits can remove a backbone,
    /// which <see cref="RecruitRegulars"/> checks again.
    /// </summary>
    public static Claimant ClaimantOf(Week w, int i, CounterRandom order)
    {
        var pop = w.Population; var d = w.Scenario.Decision; var r = w.Scenario.Roles;
        float development = Decision.DevelopmentMotive((float)pop.AgeAt(i, w.Tick), pop.Education[i] == 3, (float)d.DevelopmentAgeLimit, (float)d.DevelopmentWithoutCollege);
        float accept = Roles.AcceptProbability((float)r.AcceptIntercept, (float)r.AcceptMotivation, pop.Efficacy[i], pop.Identity[i], pop.Fatigue[i],
            (float)r.AcceptDevelopment, development);
        return new Claimant(i, -Math.Log(1 - order.Uniform(i)), w.Levers.RecruitWeight[i], accept, TiedToBackbone(w, i));
    }

    /// <summary>True when resident <paramref name="i"/> has a tie (dormant ones included) to a backbone or mentor.</summary>
    public static bool TiedToBackbone(Week w, int i)
    {
        var role = w.Population.Role;
        foreach (int j in w.Network.Ties(i))
            if (role[j] >= Role.Backbone) return true;
        return false;
    }

    /// <summary>
    /// Week <see cref="Week.Tick"/>'s recruitment, after the exits, with <paramref name="backbones"/> staying: roles
    /// R = round(slots · L.slotFactor); <c>x = (R − B) · min(1, roles.fillRate · L.fillRateFactor) · max(0, 1 −
    /// roles.relianceSuppression · top)</c> invitations (top: last year's top-10 % task share), rounded stochastically; each
    /// goes through the party branch with probability <c>roles.partyChannelShare</c>, the rest to the regulars. Returns
    /// the residents who entered a role and how many of them through the party branch.
    /// </summary>
    public (int Entries, int ThroughParty) Recruit(Week w, int backbones)
    {
        var r = w.Scenario.Roles; var L = w.Levers; int t = w.Tick;
        // There cannot be more roles than residents: a drive's factor (up to 100, and drives multiply) never makes a week's
        // invitations, and the draws for them, outnumber the population.
        double wanted = w.Slots * L.SlotFactor;
        int slots = wanted >= w.Population.Count ? w.Population.Count : (int)Math.Round(wanted);
        double expected = Roles.RolesToFill(slots - backbones, r.FillRate * L.FillRateFactor, r.RelianceSuppression, w.Ledger.LastTopShare);
        var rounding = new CounterRandom(w.Seed, t, Draws.RolesToFill);
        int invitations = (int)expected + (rounding.Uniform(-1) < expected - (int)expected ? 1 : 0);
        if (invitations <= 0) return (0, 0);
        // Some invitations go through the party branch instead (an independent draw per invitation).
        int throughParty = 0;
        if (r.PartyChannelShare > 0)
        {
            var channel = new CounterRandom(w.Seed, t, Draws.PartyChannel);
            for (int k = 0; k < invitations; k++) if (channel.Uniform(k) < r.PartyChannelShare) throughParty++;
            invitations -= throughParty;
        }
        int regulars = invitations > 0 ? RecruitRegulars(w, invitations) : 0;
        int party = throughParty > 0 ? RecruitThroughParty(w, throughParty) : 0;
        return (regulars + party, party);
    }

    /// <summary>
    /// Invites eligible regulars in the order of their keys −ln(1 − u_i) / w_i, w_i = L.recruitWeight_i ·
    /// (1 + <c>roles.tiedToBackboneWeight</c> when tied to a backbone), until the invitations run out; an invitation
    /// declined is not passed on. A recruit's service starts next week.
    /// </summary>
    private int RecruitRegulars(Week w, int invitations)
    {
        var r = w.Scenario.Roles;
        _claimants.Clear();
        // Residents tied to a backbone who left this week may have lost their only tie to one: they are looked at again.
        var recheck = _tiedToLeaver;
        MarkTiesOfLeavers(w, 1);
        foreach (var chunk in w.Chunks) // chunk order = index order
        {
            foreach (var (i, baseKey, recruitWeight, acceptance, tied) in chunk.Claimants)
            {
                double weight = recruitWeight;
                if (tied && (recheck[i] == 0 || TiedToBackbone(w, i))) weight *= 1 + r.TiedToBackboneWeight;
                _claimants.Add((baseKey / weight, i, acceptance));
            }
        }
        MarkTiesOfLeavers(w, 0);
        _claimants.Sort();
        var accept = new CounterRandom(w.Seed, w.Tick, Draws.RecruitmentAcceptance);
        int entries = 0;
        for (int k = 0; k < Math.Min(invitations, _claimants.Count); k++)
        {
            var (_, i, p) = _claimants[k];
            if (accept.UniformF(i) >= p) continue;
            Roles.EnterRole(w.Population, i, w.Tick);
            entries++;
        }
        return entries;
    }

    /// <summary>Sets the marks of everyone tied to a backbone leaving this week to <paramref name="mark"/>.</summary>
    private void MarkTiesOfLeavers(Week w, byte mark)
    {
        foreach (var chunk in w.Chunks)
            foreach (int j in chunk.Exits)
                foreach (int k in w.Network.Ties(j)) _tiedToLeaver[k] = mark;
    }

    /// <summary>
    /// The party-building channel (X: party-building and co-building are one of its two channels; D: party members
    /// claim posts in their responsibility zones; YL: party volunteer squads): the branch offers open posts to party
    /// members whatever their record of taking part. A candidate is a uniformly drawn resident, kept if an adult party
    /// member without a role, with probability weight / largest weight (employed, in-service members weigh
    /// <c>roles.partyChannelInServiceWeight</c>, the others 1) — rejection sampling, so the cost is per invitation,
    /// not per resident, and every draw is a counter-based function of (tick, invitation, draw).
    /// The candidate accepts by the role-acceptance logit with a party-duty term in place of the self-development
    /// motive.
    /// </summary>
    private static int RecruitThroughParty(Week w, int invitations)
    {
        var pop = w.Population; var r = w.Scenario.Roles; int t = w.Tick;
        double inService = r.PartyChannelInServiceWeight, largest = Math.Max(1, inService);
        var candidate = new CounterRandom(w.Seed, t, Draws.PartyCandidate);
        var kept = new CounterRandom(w.Seed, t, Draws.PartyCandidateKept);
        var accept = new CounterRandom(w.Seed, t, Draws.PartyAcceptance);
        int entries = 0, count = pop.Count;
        long draw = 0;
        for (int k = 0; k < invitations; k++)
        {
            for (int tries = 0; tries < PartyChannelDrawsPerInvitation; tries++, draw++)
            {
                int i = (int)Math.Min(count - 1, (long)(candidate.Uniform(draw) * count));
                if (pop.PartyMember[i] == 0 || pop.Occupation[i] == Occupation.Child || pop.Role[i] >= Role.Backbone) continue;
                double weight = pop.Occupation[i] == Occupation.Employed ? inService : 1;
                if (kept.Uniform(draw) * largest >= weight) continue;
                // The candidate is asked: the post is theirs if they accept, else this invitation lapses.
                float p = Roles.AcceptProbability((float)r.AcceptIntercept, (float)r.AcceptMotivation, pop.Efficacy[i], pop.Identity[i],
                    pop.Fatigue[i], duty: (float)r.AcceptPartyDuty);
                if (accept.Uniform(draw) < p)
                {
                    Roles.EnterRole(pop, i, t);
                    entries++;
                }
                draw++;
                break;
            }
        }
        return entries;
    }
}
