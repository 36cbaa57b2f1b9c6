using Participation.Experiments.Replications;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Validation;

/// <summary>
/// Runs the model through checks that were not fitted in calibration (docs/studies.md, "The wider literature"; and the studies,
/// "Check against H"): H's attitude–behaviour gap on H's community, and the literature's cross-checks on X's community. Each
/// replication of X is one baseline run read resident by resident (<see cref="BaselinePanel"/>) and forked into the
/// experiments (<see cref="RewardsCrowding"/>, <see cref="Recognition"/>) on common random numbers; the threshold cascade
/// (<see cref="ThresholdCascade"/>) uses X's population with the same seeds. Figures are means over replications with 95 %
/// intervals; every check says its criterion, and failures are findings, not errors.
/// </summary>
public static class ValidationSuite
{
    /// <summary>The checks, in the order of the table.</summary>
    public static readonly string[] Checks =
    [
        AttitudeBehaviourGap.Name, PanelChecks.Heard, PanelChecks.Invitations, RewardsCrowding.Name, Recognition.Name,
        PanelChecks.Intensity, ThresholdCascade.Name,
    ];

    /// <summary>Runs every check.</summary>
    /// <param name="settings">Scenarios, replications, seed, threads.</param>
    /// <param name="progress">Receives a line as each part starts.</param>
    public static ValidationResult Run(ValidationSettings settings, IProgress<string>? progress = null)
    {
        if (settings.Replications < 2) throw new ArgumentOutOfRangeException(nameof(settings), settings.Replications, "at least 2 replications (intervals need two)");
        var seeds = new Dictionary<string, IReadOnlyList<ulong>>();

        progress?.Report($"H's attitude–behaviour gap: {settings.Replications} runs of {settings.H.Name}");
        var rows = new List<ValidationRow>(AttitudeBehaviourGap.Run(settings, out var hSeeds));
        seeds[settings.H.Name] = hSeeds;

        var x = settings.X;
        var catalog = settings.Catalog;
        var xSeeds = ReplicationRunner.Seeds(settings.MasterSeed(x), settings.Replications);
        seeds[x.Name] = xSeeds;
        var calendar = new Calendar(x.Calendar);
        int pointsAt = RewardsCrowding.StartTick(calendar), honoursAt = Recognition.StartTick(calendar);
        var noInvitations = Variants.With(x, catalog, "hearing.invitationsPerBackbone=0", "hearing.invitationsPerStaffHour=0");
        var points = RewardsCrowding.WithPoints(x, calendar.WeekStart(pointsAt), catalog);
        var (honoursOff, honoursOn) = Recognition.Arms(x, calendar.WeekStart(honoursAt), catalog);

        progress?.Report($"X's baseline read resident by resident, with forks: {settings.Replications} runs of {x.Name}");
        var results = Variants.PerReplication(settings.Replications, settings.Threads, k =>
        {
            var model = Model.Create(x, xSeeds[k], catalog);
            var panel = BaselinePanel.Observe(model, noInvitations, settings.InvitationForkEvery, [pointsAt, honoursAt], catalog);
            var crowding = RewardsCrowding.Run(panel.States[pointsAt], x, points, catalog);
            var recognition = Recognition.Run(panel.States[honoursAt], honoursOff, honoursOn, catalog);
            return (Panel: panel with { States = new Dictionary<int, byte[]>() }, Crowding: crowding, Recognition: recognition);
        });

        progress?.Report($"Threshold cascade: {settings.CascadeThresholds.Count} mean thresholds × {settings.Replications} seeds on {x.Name}'s population");
        var curves = Variants.PerReplication(settings.Replications, settings.Threads,
            k => ThresholdCascade.Curve(x, settings.CascadeThresholds, xSeeds[k], catalog));

        var panelRows = PanelChecks.Judge(results.Select(r => r.Panel).ToList());
        rows.AddRange(panelRows.Where(r => r.Check == PanelChecks.Heard));
        rows.AddRange(panelRows.Where(r => r.Check == PanelChecks.Invitations));
        rows.AddRange(RewardsCrowding.Judge(results.Select(r => r.Crowding).ToList()));
        rows.AddRange(Recognition.Judge(results.Select(r => r.Recognition).ToList()));
        rows.AddRange(panelRows.Where(r => r.Check == PanelChecks.Intensity));
        rows.AddRange(ThresholdCascade.Judge(settings.CascadeThresholds, curves));
        return new ValidationResult(rows, seeds, settings.Replications);
    }
}
