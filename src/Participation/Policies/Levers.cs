using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// The points where policies act on the mechanism. Every tick the levers are reset to the scenario's
/// baseline, then each active policy adjusts them; the rules read them. A lever changes a rule's input
/// (who hears, who is invited, what a task costs), never an outcome directly.
/// </summary>
public sealed class Levers
{
    private readonly Scenario _scenario;
    private bool _perResidentDirty = true;

    internal Levers(Scenario scenario, int residents)
    {
        _scenario = scenario;
        Reward = new float[residents];
        ExitHazardFactor = new float[residents];
        CapacityFactor = new float[residents];
        Reset();
    }

    /// <summary>Multiplies invitations made by backbones and staff.</summary>
    public double InvitationFactor { get; set; }
    /// <summary>Multiplies the number of backbone roles (a registration drive, a new council).</summary>
    public double SlotFactor { get; set; }
    /// <summary>Multiplies the share of open roles the committee fills each week.</summary>
    public double FillRateFactor { get; set; }
    /// <summary>Multiplies tasks sent down by higher levels (a veto of unreasonable tasks lowers it).</summary>
    public double SentDownFactor { get; set; }
    /// <summary>Probability that a raised problem or a voice in council is taken up.</summary>
    public double HeardProbability { get; set; }
    /// <summary>Weeks an approval takes.</summary>
    public double ApprovalWeeks { get; set; }
    /// <summary>True while a mentorship scheme runs (backbones may become mentors).</summary>
    public bool MentorshipRuns { get; set; }

    /// <summary>Utility of the rewards a resident is offered per participation (points, vouchers).</summary>
    public float[] Reward { get; }
    /// <summary>Multiplies a backbone's exit hazard (insurance, recognition lower it).</summary>
    public float[] ExitHazardFactor { get; }
    /// <summary>Multiplies a resident's capacity for work before fatigue (training, role clarity raise it).</summary>
    public float[] CapacityFactor { get; }

    /// <summary>Marks the per-resident levers as changed this tick, so they are reset before the next.</summary>
    public void TouchPerResident() => _perResidentDirty = true;

    internal void Reset()
    {
        InvitationFactor = 1; SlotFactor = 1; FillRateFactor = 1; SentDownFactor = 1;
        HeardProbability = _scenario.Administration.HeardProbability;
        ApprovalWeeks = _scenario.Administration.ApprovalWeeks;
        MentorshipRuns = false;
        if (_perResidentDirty)
        {
            Array.Clear(Reward);
            Array.Fill(ExitHazardFactor, 1f);
            Array.Fill(CapacityFactor, 1f);
            _perResidentDirty = false;
        }
    }
}
