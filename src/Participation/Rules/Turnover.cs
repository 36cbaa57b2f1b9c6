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
}
