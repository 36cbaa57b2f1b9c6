using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// Honours (X): once a year the committee honours a share of its backbones, those who did most tasks that
/// year first. Most honours are paper certificates (X: over 80 %), which build neither honour nor belonging;
/// substantive recognition raises belonging and identity and lowers the exit hazard for a year
/// (Gallus 2017: symbolic awards cut non-return of new Wikipedia editors from 43.5 % to 34.8 %).
/// Cost: <c>paperYuan</c> or <c>substantiveYuan</c> per honour.
/// </summary>
public sealed class Honours(string name, PolicySettings settings) : Policy(name, settings)
{
    /// <summary>The kind as scenarios name it: <c>honours</c>.</summary>
    public static PolicyKind Kind { get; } = new(
        "honours",
        "Yearly honours for a share (scale) of backbones, most tasks first (X: honours reach 12 %, over 80 % paper certificates). " +
        "Paper: a small belonging nudge. Substantive: belonging and identity nudges and a lower exit hazard for a year.",
        [
            new PolicyParameter("substantiveShare", "Share of honours that are substantive rather than paper (X: under 20 %).", 0.2, 0, 1),
            new PolicyParameter("month", "Month in which honours are given.", 12, 1, 12) { WholeNumber = true },
            new PolicyParameter("paperBelonging", "Belonging nudge of a paper certificate (share of the way to 1).", 0.01, 0, 1),
            new PolicyParameter("substantiveBelonging", "Belonging nudge of substantive recognition.", 0.08, 0, 1),
            new PolicyParameter("substantiveIdentity", "Identity nudge of substantive recognition.", 0.08, 0, 1),
            new PolicyParameter("exitReduction", "Reduction of the exit hazard for a year after substantive recognition (Gallus 2017: about 20 %).", 0.2, 0, 1),
            new PolicyParameter("paperYuan", "Cost of a paper certificate (assumption).", 20, 0, 1e6, "yuan"),
            new PolicyParameter("substantiveYuan", "Cost of substantive recognition: ceremony, publicity, a study trip (assumption).", 500, 0, 1e6, "yuan"),
        ],
        (name, s) => new Honours(name, s))
    {
        Scale = PolicyKind.ShareScale("The share of backbones honoured each year."),
    };

    private readonly Dictionary<int, (int Until, int MoveIn)> _honouredUntil = [];
    private readonly List<(int Tasks, double Key, int Resident)> _candidates = [];

    /// <summary>Residents honoured substantively whose exit hazard is still lowered.</summary>
    public int Recognised => _honouredUntil.Count;

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(_honouredUntil.Count);
        // In resident order, so equal states save equal bytes (the dictionary's own order depends on its history; nothing reads it in order).
        foreach (var (i, (until, moveIn)) in _honouredUntil.OrderBy(x => x.Key)) { writer.Write(i); writer.Write(until); writer.Write(moveIn); }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        _honouredUntil.Clear();
        for (int n = reader.ReadInt32(), k = 0; k < n; k++) _honouredUntil[reader.ReadInt32()] = (reader.ReadInt32(), reader.ReadInt32());
    }

    /// <inheritdoc />
    public override void SetLevers(PolicyContext c)
    {
        if (_honouredUntil.Count == 0) return;
        c.Levers.TouchPerResident();
        float exit = 1 - (float)Kind.Parameter(Settings, "exitReduction");
        // Keyed by slot and move-in week: a newcomer in the same flat inherits nothing.
        foreach (var (i, (until, moveIn)) in _honouredUntil)
            if (c.Tick < until && c.Population.MoveInWeek[i] == moveIn && c.Population.Role[i] >= Role.Backbone)
                c.Levers.ExitHazardFactor[i] *= exit;
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext c)
    {
        foreach (var i in _honouredUntil.Where(x => x.Value.Until <= c.Tick).Select(x => x.Key).ToList()) _honouredUntil.Remove(i);
        int month = (int)Kind.Parameter(Settings, "month");
        // The honours week: the last week starting in the chosen month.
        if (c.Date.Month != month || c.Date.AddDays(7).Month == month) return;

        var pop = c.Population;
        var key = Draws(c, c.Tick);
        _candidates.Clear();
        for (int i = 0; i < pop.Count; i++)
            if (pop.Role[i] >= Role.Backbone) _candidates.Add((-pop.TasksThisYear[i], key.Uniform(i), i));
        _candidates.Sort();
        int honours = (int)Math.Round(_candidates.Count * Settings.Scale);
        double substantive = Kind.Parameter(Settings, "substantiveShare");
        var kindDraw = Draws(c, c.Tick, 1);
        double yuan = 0;
        int year = (int)Math.Round(Population.WeeksPerYear);
        for (int k = 0; k < honours; k++)
        {
            int i = _candidates[k].Resident;
            if (kindDraw.Uniform(i) < substantive)
            {
                pop.Belonging[i] += (float)(Kind.Parameter(Settings, "substantiveBelonging") * (1 - pop.Belonging[i]));
                pop.Identity[i] += (float)(Kind.Parameter(Settings, "substantiveIdentity") * (1 - pop.Identity[i]));
                _honouredUntil[i] = (c.Tick + year, pop.MoveInWeek[i]);
                yuan += Kind.Parameter(Settings, "substantiveYuan");
            }
            else
            {
                pop.Belonging[i] += (float)(Kind.Parameter(Settings, "paperBelonging") * (1 - pop.Belonging[i]));
                yuan += Kind.Parameter(Settings, "paperYuan");
            }
        }
        if (yuan > 0) c.Spend(yuan);
    }
}
