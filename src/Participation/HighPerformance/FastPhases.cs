using Participation.Rules;

namespace Participation.HighPerformance;

/// <summary>
/// The week's phases as the model runs them: vectorised, chunked, cache-keeping kernels behind the same contract as
/// their reference bodies (<see cref="ReferencePhases"/>), with identical results bit for bit. The kernels own their
/// cache of what each resident's ties read and one scratch object per chunk.
/// </summary>
/// <remarks>
/// Like NodaTime's <c>HighPerformance</c> types, these trade readability for speed: to read what a phase does, read its
/// reference body in <c>Participation.Rules</c>; to change what it does, change both (KernelTests compares them).
/// </remarks>
internal sealed class FastPhases : IWeekPhases
{
    private readonly ChunkScratch[] _scratch;
    private readonly TieKernels _ties;
    private readonly DecisionRule _rule;
    private readonly List<int> _backbones = [];
    private readonly List<double> _runningTotal = [];

    /// <summary>The kernels of <paramref name="w"/>'s model.</summary>
    /// <exception cref="Scenarios.ScenarioException">A resident has more ties than the tie counts hold.</exception>
    public FastPhases(Week w)
    {
        _scratch = new ChunkScratch[w.Chunks.Length];
        for (int c = 0; c < _scratch.Length; c++) _scratch[c] = new ChunkScratch();
        _ties = new TieKernels(w, _scratch);
        _rule = w.Rule is StandardDecisionRule ? StandardRuleKernel.Instance : w.Rule;
    }

    /// <summary>The cache of what each resident's ties read (tests read it).</summary>
    internal TieCache Ties => _ties.Cache;

    /// <inheritdoc />
    public void BeforeDecisions(Week w) => _ties.BeforeDecisions(w);

    /// <inheritdoc />
    public void HearAndDecide(Week w, Chunk chunk) => DecisionKernels.HearAndDecide(w, chunk, _ties.Cache, _rule);

    /// <inheritdoc />
    public int AllocateTasks(Week w)
    {
        // The backbones and their weights were listed chunk by chunk where the ties were prepared (in parallel); joined
        // in chunk order (= index order) their running total is the same as a pass over everyone gives.
        Tasks.CountParticipants(w);
        _backbones.Clear(); _runningTotal.Clear();
        double total = 0;
        foreach (var s in _scratch)
            for (int k = 0; k < s.Backbones.Count; k++)
            {
                total += s.TaskWeights[k];
                _backbones.Add(s.Backbones[k]);
                _runningTotal.Add(total);
            }
        return Tasks.Hand(w, _backbones, _runningTotal, total);
    }

    /// <inheritdoc />
    public void ExperienceAndRoles(Week w, Chunk chunk) => ExperienceAndRolesKernel.ExperienceAndRoles(w, chunk);

    /// <inheritdoc />
    public void CloseMonth(Week w, Chunk chunk) => MonthKernels.CloseMonth(w, chunk);

    /// <summary>Throws when the cached tie counts or products differ from a full recount (after a week, when invariants are checked).</summary>
    public void CheckTieCounts(Week w) => _ties.CheckCounts(w);
}
