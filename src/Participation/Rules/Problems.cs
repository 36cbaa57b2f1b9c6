namespace Participation.Rules;

/// <summary>
/// Problems after the week (docs/model.md, "Problems"): with P_l, P_a and I this week's problems taken up locally,
/// needing approvals and ignored, and d_l = round(L.localSolveWeeks), d_a = round(L.approvalWeeks), d_p =
/// round(<c>administration.patienceWeeks</c>): P_l are solved at t + d_l and P_a at t + d_a; I + [d_l &gt; d_p]·P_l +
/// [d_a &gt; d_p]·P_a complaints come at t + d_p; ignored problems are forgotten at t + 52; and unresolved ← unresolved +
/// P_l + P_a + I − solved(t) − forgotten(t). Part of the model's saved state.
/// </summary>
internal sealed class ProblemBacklog
{
    /// <summary>Weeks ahead the rings reach: delays are capped at one less.</summary>
    public const int Ring = 1024;

    /// <summary>Ignored problems stop counting as unresolved after a year.</summary>
    public const int ForgetIgnoredWeeks = 52;

    /// <summary>Problems to be solved, by week modulo <see cref="Ring"/>.</summary>
    public int[] SolveAt { get; } = new int[Ring];
    /// <summary>Complaints to come, by week modulo <see cref="Ring"/>.</summary>
    public int[] ComplainAt { get; } = new int[Ring];
    /// <summary>Ignored problems to be forgotten, by week modulo <see cref="Ring"/>.</summary>
    public int[] ForgetAt { get; } = new int[Ring];
    /// <summary>Problems raised and neither solved nor forgotten.</summary>
    public int Unresolved { get; set; }

    /// <summary>Schedules week <paramref name="t"/>'s problems; returns the problems solved and the complaints that come due this week.</summary>
    public (int Solved, int Complaints) Week(int t, WeekOffer offer, in ChunkTotals raised, double patienceWeeks)
    {
        int patience = (int)Math.Round(patienceWeeks);
        int approvalDue = (int)Math.Round(offer.ApprovalWeeks), localDue = (int)Math.Round(offer.LocalWeeks);
        Schedule(SolveAt, t, localDue, raised.PendingLocal);
        Schedule(SolveAt, t, approvalDue, raised.PendingApproval);
        Schedule(ComplainAt, t, patience, raised.Ignored
            + (localDue > patience ? raised.PendingLocal : 0) + (approvalDue > patience ? raised.PendingApproval : 0));
        Schedule(ForgetAt, t, ForgetIgnoredWeeks, raised.Ignored);
        int slot = t % Ring;
        int solved = SolveAt[slot], complaints = ComplainAt[slot];
        Unresolved += raised.PendingLocal + raised.PendingApproval + raised.Ignored - solved - ForgetAt[slot];
        SolveAt[slot] = 0; ComplainAt[slot] = 0; ForgetAt[slot] = 0;
        return (solved, complaints);
    }

    private static void Schedule(int[] ring, int t, int delay, int count)
    {
        if (count == 0) return;
        // A delay of 0 is handled in the same tick; longer delays than the ring are capped (at most 520 weeks are allowed).
        ring[(t + Math.Clamp(delay, 0, Ring - 1)) % Ring] += count;
    }
}
