using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// The week's phases as their reference bodies give them, one resident at a time in plain loops: the mechanism as
/// docs/model.md writes it. The model runs the fast kernels (<c>Participation.HighPerformance.FastPhases</c>), which give
/// the same results bit for bit; this is what they are checked against.
/// </summary>
internal sealed class ReferencePhases : IWeekPhases
{
    private readonly List<int> _backbones = [];
    private readonly List<double> _runningTotal = [];

    /// <inheritdoc />
    public void BeforeDecisions(Week w) => w.Clock?.Ended(TickPhase.PrepareTies); // nothing to prepare: the ties are read as they are

    /// <inheritdoc />
    public void HearAndDecide(Week w, Chunk chunk) => Decision.HearAndDecide(w, chunk);

    /// <inheritdoc />
    public int AllocateTasks(Week w)
    {
        Tasks.CountParticipants(w);
        double total = Tasks.ListBackbones(w, _backbones, _runningTotal);
        return Tasks.Hand(w, _backbones, _runningTotal, total);
    }

    /// <summary>
    /// Phases 4 and 5 for the adults of <paramref name="chunk"/>, in index order: the week's experience
    /// (<see cref="Experience.UpdateAttitudes"/>, <see cref="Experience.CrowdOutWhereRewarded"/>,
    /// <see cref="Experience.UpdateHistory"/>), then the role (<see cref="Roles.Update"/>: a backbone may leave or become
    /// a mentor; anyone else takes the role its participation gives it and may be eligible for one, with what recruitment
    /// reads of it). The chunk's sums of attitudes are over its adults, those of fatigue and identity over the backbones
    /// who stay.
    /// </summary>
    public void ExperienceAndRoles(Week w, Chunk chunk)
    {
        chunk.Exits.Clear(); chunk.Claimants.Clear();
        var pop = w.Population; var x = w.Scenario.Experience;
        var rates = AttitudeRates.Of(w);
        float memory = (float)w.Scenario.Roles.ReliabilityMemory;
        float crowdingThreshold = (float)x.CrowdingBelongingThreshold, crowding = (float)x.CrowdingOut;
        var roles = new Roles.Parameters(w);
        ref var totals = ref chunk.Totals;
        for (int i = chunk.First; i < chunk.End; i++)
        {
            if (pop.Occupation[i] == Occupation.Child) continue;
            Experience.UpdateAttitudes(pop, w.Levers, i, Experience.ShareOfRegulars(w, pop.Compound[i]), in rates);
            Experience.CrowdOutWhereRewarded(pop, w.Levers, i, crowdingThreshold, crowding);
            Experience.UpdateHistory(pop, i, w.Tick, memory);
            if (pop.ParticipationNow[i] > 0) { totals.Participants++; totals.Participations += pop.ParticipationNow[i]; }
            totals.Trust += pop.Trust[i]; totals.CommitteeTrust += pop.CommitteeTrust[i];
            totals.Reciprocity += pop.Reciprocity[i]; totals.Belonging += pop.Belonging[i];
            totals.Responsibility += pop.Responsibility[i]; totals.Efficacy += pop.Efficacy[i];
            Roles.Update(w, i, in roles, chunk);
        }
    }

    /// <inheritdoc />
    public void CloseMonth(Week w, Chunk chunk) => Bookkeeping.CloseMonth(w, chunk);
}
