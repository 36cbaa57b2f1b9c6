using Participation.Randomness;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// X's mentorship scheme: backbones with three years of service and two led projects become mentors;
/// each mentor takes up to <c>menteesPerMentor</c> backbones in their first six months, one-to-one or in a
/// small group (months 1-2 alongside the mentor, 3-4 a project alone, an assessment at 6). A mentee's
/// identity grows faster and its exit hazard is lower while mentored; mentees are matched to places in an
/// order set by counter-based random keys. Cost: <c>unitCost</c> yuan per mentee per year of mentoring.
/// </summary>
public sealed class Mentorship(string name, PolicySettings settings) : Policy(name, settings)
{
    /// <summary>The kind as scenarios name it: <c>mentorship</c>.</summary>
    public static PolicyKind Kind { get; } = new(
        "mentorship",
        "Mentors (3 years of service, 2 led projects: X) take new backbones through a 6-month programme. Acts on identity growth and " +
        "the exit hazard of mentees (where most backbones are lost). Scale: share of places taken up (1 = every place offered). " +
        "Cost: unitCost yuan per mentee per year.",
        [
            new PolicyParameter("menteesPerMentor", "New backbones each mentor can take (X: one-to-one or small groups).", 2, 0, 20) { WholeNumber = true },
            new PolicyParameter("identityBonus", "Extra identity gain of a mentee in a week it takes part (assumption).", 0.02, 0, 1),
            new PolicyParameter("exitReduction", "Reduction of a mentee's exit hazard while mentored (assumption).", 0.4, 0, 1),
            new PolicyParameter("programmeWeeks", "Length of the programme (X: 6 months).", 26, 1, 520, "weeks") { WholeNumber = true },
        ],
        (name, s) => new Mentorship(name, s))
    {
        Scale = PolicyKind.ShareScale("The share of the places offered that are taken up."),
    };

    private readonly List<(double Key, int Resident)> _mentees = [];

    /// <summary>Mentees this week (for tests and reports).</summary>
    public int Mentees { get; private set; }

    /// <summary>Mentors this week.</summary>
    public int Mentors { get; private set; }

    /// <inheritdoc />
    /// <remarks>The mentees are found afresh each week; only last week's counts are saved, as reports read them.</remarks>
    public override void SaveState(BinaryWriter writer) { writer.Write(Mentees); writer.Write(Mentors); }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader) { Mentees = reader.ReadInt32(); Mentors = reader.ReadInt32(); }

    /// <inheritdoc />
    public override void SetLevers(PolicyContext c)
    {
        var pop = c.Population;
        c.Levers.MentorshipRuns = true;
        int mentors = 0;
        _mentees.Clear();
        double weeks = Kind.Parameter(Settings, "programmeWeeks");
        var key = Draws(c, c.Tick);
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.Role[i] == Role.Mentor) mentors++;
            else if (pop.Role[i] == Role.Backbone && c.Tick - pop.BackboneSince[i] < weeks) _mentees.Add((key.Uniform(i), i));
        }
        Mentors = mentors;
        int places = (int)Math.Floor(mentors * Kind.Parameter(Settings, "menteesPerMentor") * Settings.Scale);
        _mentees.Sort();
        Mentees = Math.Min(places, _mentees.Count);
        if (Mentees == 0) return;
        c.Levers.TouchPerResident();
        float bonus = (float)Kind.Parameter(Settings, "identityBonus"), exit = 1 - (float)Kind.Parameter(Settings, "exitReduction");
        for (int k = 0; k < Mentees; k++)
        {
            int i = _mentees[k].Resident;
            c.Levers.IdentityBonus[i] += bonus;
            c.Levers.ExitHazardFactor[i] *= exit;
        }
    }

    /// <inheritdoc />
    public override void Settle(PolicyContext c)
    {
        if (Mentees > 0 && Settings.UnitCost > 0) c.Spend(Mentees * Settings.UnitCost / Population.WeeksPerYear);
    }
}
