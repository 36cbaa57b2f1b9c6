namespace Participation.Rules;

/// <summary>Residential turnover (MODEL.md phase 6): households move out and newcomers take their place.</summary>
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
}
