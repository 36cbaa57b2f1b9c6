using Participation.Outcomes;
using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>Residential turnover (docs/model.md phase 6): households move out and newcomers take their place.</summary>
public static class Turnover
{
    /// <summary>
    /// Weekly probability that a household leaves: its tenure's move-out rate plus an elder exit hazard
    /// (death, care home) that follows Gompertz in the age of its oldest member.
    /// </summary>
    public static double LeaveProbability(bool renter, double oldestAge, double renterPerYear, double ownerPerYear,
        double elderAt65, double elderSlope)
    {
        double move = renter ? renterPerYear : ownerPerYear;
        double elder = oldestAge >= 50 ? elderAt65 * Math.Exp(elderSlope * (oldestAge - 65)) : 0;
        return Roles.Weekly(Math.Min(1, move + elder));
    }

    /// <summary>Resolution of <see cref="LeaveTable"/>: ages in tenths of a year.</summary>
    public const int TableStepsPerYear = 10;

    /// <summary>
    /// <see cref="LeaveProbability"/> tabulated by the oldest member's age in tenths of a year (0 to 130 years),
    /// for owners (index 0) and renters (index 1): the tick loop looks hazards up instead of evaluating a power
    /// and an exponential for every household every week.
    /// </summary>
    public static double[][] LeaveTable(double renterPerYear, double ownerPerYear, double elderAt65, double elderSlope)
    {
        int n = 130 * TableStepsPerYear + 1;
        double[] Row(bool renter) => Enumerable.Range(0, n)
            .Select(k => LeaveProbability(renter, (double)k / TableStepsPerYear, renterPerYear, ownerPerYear, elderAt65, elderSlope)).ToArray();
        return [Row(false), Row(true)];
    }

    /// <summary>
    /// Lists the households whose first member lies in <paramref name="chunk"/> and whose draw says they leave this week:
    /// <c>p = Weekly(min(1, m + e))</c> (<see cref="LeaveProbability"/>), looked up by the oldest member's age in tenths
    /// of a year. It depends only on the household's oldest member and tenure, which nothing changes between the
    /// experience phase, where it is drawn in parallel, and <see cref="MoveOut"/>.
    /// </summary>
    internal static void FindLeaving(Week w, Chunk chunk)
    {
        var leaving = chunk.Leaving;
        leaving.Clear();
        var pop = w.Population; var start = pop.HouseholdStart; int t = w.Tick;
        var moving = new CounterRandom(w.Seed, t, Draws.MovingOut);
        for (int h = FirstHouseholdFrom(pop, chunk.First), end = FirstHouseholdFrom(pop, chunk.End); h < end; h++)
        {
            int age = (int)((t - pop.HouseholdOldestBirthWeek[h]) * TableStepsPerYear / Population.WeeksPerYear);
            var row = w.LeaveTable[pop.Origin[start[h]] == OriginGroup.Renter ? 1 : 0];
            if (moving.Uniform(h) < row[Math.Clamp(age, 0, row.Length - 1)]) leaving.Add(h);
        }
    }

    /// <summary>The first household whose first member is resident <paramref name="resident"/> or later (households are stored in resident order).</summary>
    private static int FirstHouseholdFrom(Population pop, int resident)
    {
        var start = pop.HouseholdStart;
        int lo = 0, hi = pop.HouseholdCount; // answer in [lo, hi]
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < resident) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The households found leaving move out, in household order: their backbones' spells end (moved out, at t + 1),
    /// and whoever held the role this year stays in the year's task ledger. Returns the households moved and the
    /// backbones among them; <see cref="DrawNewcomers"/> then fills the dwellings.
    /// </summary>
    internal static (int Moved, int BackboneExits) MoveOut(Week w)
    {
        var pop = w.Population; int t = w.Tick;
        int moved = 0, exits = 0;
        foreach (var chunk in w.Chunks) // chunk order = household order
            foreach (int h in chunk.Leaving)
            {
                moved++;
                for (int i = pop.HouseholdStart[h]; i < pop.HouseholdStart[h + 1]; i++)
                {
                    if (pop.Role[i] >= Role.Backbone) { w.EndSpell(i, t + 1, SpellEnd.MovedOut); exits++; }
                    if (pop.HeldRoleThisYear[i] != 0) w.Ledger.MovedOut.Add(pop.TasksThisYear[i]);
                    Teams.MoveOut(w.Teams, i);
                }
            }
        return (moved, exits);
    }

    /// <summary>
    /// A newcomer household takes each dwelling of <paramref name="chunk"/>'s leavers at once, drawn by the generator
    /// with the same size, building, compound and tenure, arriving next week (each household's draws are its own, so
    /// chunks run in parallel once every leaver's spell is recorded).
    /// </summary>
    internal static void DrawNewcomers(Week w, Chunk chunk)
    {
        foreach (int h in chunk.Leaving)
            PopulationGenerator.DrawHousehold(w.Population, w.Scenario, w.Seed, h, w.Tick + 1, arriving: true);
    }
}
