namespace Participation.HighPerformance;

/// <summary>
/// One chunk's scratch of the kernels, refilled every week before it is read: the residents whose tie flags changed
/// (with the flags they had) and the inviters whose factor changed, for the tie counts; the chunk's backbones with
/// their task weights, listed where it runs in parallel for the sequential task allocation.
/// </summary>
internal sealed class ChunkScratch
{
    /// <summary>Residents whose tie flags changed this week, with their flags before.</summary>
    public List<(int Resident, byte Before)> TieChanges { get; } = [];
    /// <summary>Inviters last week and this week whose factor of leaving a tie uninvited changed.</summary>
    public List<int> KeepChanges { get; } = [];
    /// <summary>The chunk's backbones, in index order.</summary>
    public List<int> Backbones { get; } = [];
    /// <summary>Their task weights (<see cref="Rules.Roles.TaskWeight"/>).</summary>
    public List<double> TaskWeights { get; } = [];
}
