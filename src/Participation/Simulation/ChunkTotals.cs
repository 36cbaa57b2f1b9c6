namespace Participation.Simulation;

/// <summary>
/// Per-chunk partial sums of one tick. Chunks have a fixed size and are summed in chunk order, so
/// floating-point totals are the same whatever the number of threads.
/// </summary>
internal struct ChunkTotals
{
    public int Adults, Participants, Invited, Backbones, Exiting, Mentors;
    public long Participations;
    public int ProblemsRaised, PendingLocal, PendingApproval, Ignored;
    public double Trust, CommitteeTrust, Reciprocity, Belonging, Responsibility, Efficacy, BackboneFatigue, BackboneIdentity;

    public static ChunkTotals Sum(ChunkTotals[] chunks)
    {
        var t = new ChunkTotals();
        foreach (ref readonly var c in chunks.AsSpan())
        {
            t.Adults += c.Adults; t.Participants += c.Participants; t.Invited += c.Invited;
            t.Backbones += c.Backbones; t.Exiting += c.Exiting; t.Mentors += c.Mentors; t.Participations += c.Participations;
            t.ProblemsRaised += c.ProblemsRaised; t.PendingLocal += c.PendingLocal; t.PendingApproval += c.PendingApproval;
            t.Ignored += c.Ignored;
            t.Trust += c.Trust; t.CommitteeTrust += c.CommitteeTrust; t.Reciprocity += c.Reciprocity;
            t.Belonging += c.Belonging; t.Responsibility += c.Responsibility; t.Efficacy += c.Efficacy;
            t.BackboneFatigue += c.BackboneFatigue; t.BackboneIdentity += c.BackboneIdentity;
        }
        return t;
    }
}
