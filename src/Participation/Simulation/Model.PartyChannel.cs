using Participation.Randomness;
using Participation.Residents;
using Participation.Rules;

namespace Participation.Simulation;

public sealed partial class Model
{
    // Draws per invitation before a party-channel invitation lapses unanswered: with party members at the usual
    // 5–10 % of residents a candidate turns up within a few dozen draws; the cap only bounds a community that has
    // (almost) none.
    private const int PartyChannelDrawsPerInvitation = 2000;

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
    private int RecruitThroughParty(int t, int invitations)
    {
        var pop = Population; var r = Scenario.Roles;
        double inService = r.PartyChannelInServiceWeight, largest = Math.Max(1, inService);
        var candidate = new CounterRandom(Seed, t, RandomStream.Recruitment, 4);
        var keep = new CounterRandom(Seed, t, RandomStream.Recruitment, 5);
        var accept = new CounterRandom(Seed, t, RandomStream.Recruitment, 6);
        int entries = 0, count = pop.Count;
        long draw = 0;
        for (int k = 0; k < invitations; k++)
        {
            for (int tries = 0; tries < PartyChannelDrawsPerInvitation; tries++, draw++)
            {
                int i = (int)Math.Min(count - 1, (long)(candidate.Uniform(draw) * count));
                if (pop.PartyMember[i] == 0 || pop.Occupation[i] == Occupation.Child || pop.Role[i] >= Role.Backbone) continue;
                double weight = pop.Occupation[i] == Occupation.Employed ? inService : 1;
                if (keep.Uniform(draw) * largest >= weight) continue;
                // The candidate is asked: the post is theirs if they accept, else this invitation lapses.
                float p = Roles.AcceptProbability((float)r.AcceptIntercept, (float)r.AcceptMotivation, pop.Efficacy[i], pop.Identity[i],
                    pop.Fatigue[i], duty: (float)r.AcceptPartyDuty);
                if (accept.Uniform(draw) < p)
                {
                    EnterRole(i, t);
                    entries++;
                }
                draw++;
                break;
            }
        }
        return entries;
    }
}
