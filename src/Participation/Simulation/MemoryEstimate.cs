using System.Globalization;
using Participation.Scenarios;

namespace Participation.Simulation;

/// <summary>
/// The memory a scenario's models need, from the model's layout: the per-resident arrays (population, levers, tie
/// caches), the network's ties at their peak (while it is generated, ties are pairs of 8 bytes in lists, sorted copies
/// of them and the 4-byte targets), and the weeks of results a replication keeps. A batch holds one model per
/// replication running side by side (and, when it saves a checkpoint, every replication's state until all reach it).
/// Checked against what the process may use: <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which is the GC heap
/// limit (<c>DOTNET_GCHeapHardLimit</c>) when one is set and otherwise the container's (cgroup) or machine's memory.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Bytes per resident: the population's arrays, the levers, the tie caches and the tick's lists, with a margin.</summary>
    public const double BytesPerResident = 400;

    /// <summary>Bytes per directed tie (each tie counts twice) at the peak, while the network is generated.</summary>
    public const double BytesPerTie = 24;

    /// <summary>Bytes of results per reported week of one replication (weekly records, and the monthly and annual ones they add up to).</summary>
    public const double BytesPerReportedWeek = 2048;

    /// <summary>Most directed ties a network can hold (its arrays are indexed by 32-bit integers).</summary>
    public const double MaxTies = int.MaxValue;

    /// <summary>Memory this process may use, as the garbage collector sees it (heap limit, else container or machine memory).</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Expected residents: households times the mean household size.</summary>
    public static double Residents(Scenario s)
    {
        var d = s.Demography;
        double[] sizes = [d.HouseholdSize1, d.HouseholdSize2, d.HouseholdSize3, d.HouseholdSize4, d.HouseholdSize5];
        double households = s.Compounds.Values.Sum(c => (long)c.Households);
        return households * sizes.Select((share, i) => share * (i + 1)).Sum() / sizes.Sum();
    }

    /// <summary>Expected directed ties: everyone in the household, plus the building, compound and community ties drawn (an upper bound).</summary>
    public static double DirectedTies(Scenario s)
    {
        var d = s.Demography;
        double[] sizes = [d.HouseholdSize1, d.HouseholdSize2, d.HouseholdSize3, d.HouseholdSize4, d.HouseholdSize5];
        double residentsPerHousehold = sizes.Select((share, i) => share * (i + 1)).Sum();
        double householdTies = sizes.Select((share, i) => share * (i + 1) * i).Sum() / residentsPerHousehold;
        var n = s.Network;
        return Residents(s) * (householdTies + n.BuildingTies + n.CompoundTies + n.CommunityTies);
    }

    /// <summary>Bytes one model of <paramref name="s"/> needs at its peak, with its results.</summary>
    public static double ModelBytes(Scenario s) =>
        Residents(s) * BytesPerResident + DirectedTies(s) * BytesPerTie + ReportedWeeks(s) * BytesPerReportedWeek;

    /// <summary>Bytes of one replication's saved state (a checkpoint holds one per replication).</summary>
    public static double StateBytes(Scenario s) => Residents(s) * BytesPerResident + DirectedTies(s) * 4 + ReportedWeeks(s) * BytesPerReportedWeek;

    private static double ReportedWeeks(Scenario s) => Math.Max(0, (s.Calendar.End.DayNumber - s.Calendar.ReportFrom.DayNumber) / 7.0 + 1);

    /// <summary>
    /// Refuses, as the loader's last check, a scenario whose households hold more residents than the model allows
    /// (<see cref="ScenarioBinder.MaxResidents"/>) or whose model would not fit in the memory this process may use.
    /// </summary>
    internal static void CheckSize(Scenario s, Func<string, string?> fileOf)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        long households = s.Compounds.Values.Sum(x => (long)x.Households);
        double residents = Residents(s);
        if (residents > ScenarioBinder.MaxResidents)
            throw new ScenarioException("compounds.*.households", string.Create(inv, $"{households:N0} households"),
                string.Create(inv, $"at most {ScenarioBinder.MaxResidents:N0} residents in all; these households hold about {residents:N0} residents"), fileOf("compounds"));
        if (Refusal(s, 1, 0, AvailableBytes) is { } expected)
            throw new ScenarioException("compounds.*.households", string.Create(inv, $"{households:N0} households"), expected, fileOf("compounds"));
    }

    /// <summary>
    /// Null when <paramref name="sideBySide"/> models of <paramref name="s"/> (and <paramref name="heldStates"/> saved states)
    /// fit in <paramref name="availableBytes"/>; otherwise what would fit, with the bytes needed and available.
    /// </summary>
    /// <param name="s">The scenario.</param>
    /// <param name="sideBySide">Models running at once (replications side by side).</param>
    /// <param name="heldStates">Saved states held until a checkpoint is written (0 without one).</param>
    /// <param name="availableBytes">Memory the process may use (<see cref="AvailableBytes"/>).</param>
    public static string? Refusal(Scenario s, int sideBySide, int heldStates, long availableBytes)
    {
        double ties = DirectedTies(s), model = ModelBytes(s), needed = sideBySide * model + heldStates * StateBytes(s);
        var inv = CultureInfo.InvariantCulture;
        if (ties > MaxTies)
            return string.Create(inv, $"at most {MaxTies:N0} ties in all (network.buildingTies, compoundTies and communityTies times the residents); " +
                $"these households hold about {Residents(s):N0} residents with about {ties:N0} ties");
        if (needed <= availableBytes) return null;
        string each = string.Create(inv, $"about {model / 1e9:F2} GB for each model: {Residents(s):N0} residents at {BytesPerResident:F0} bytes, " +
            $"{ties:N0} ties at {BytesPerTie:F0} bytes and {ReportedWeeks(s):N0} weeks of results at {BytesPerReportedWeek:F0} bytes");
        string held = heldStates > 0 ? string.Create(inv, $", and {heldStates:N0} saved states of about {StateBytes(s) / 1e9:F2} GB each until the checkpoint is written") : "";
        string available = string.Create(inv, $"{availableBytes / 1e9:F2} GB ({availableBytes:N0} bytes) is available to this process (its GC heap limit, else the container's or machine's memory)");
        return sideBySide == 1 && heldStates == 0
            ? string.Create(inv, $"a community that fits in memory: one replication needs {each} ({needed:N0} bytes), and {available}")
            : string.Create(inv, $"a batch that fits in memory: {sideBySide} replication{(sideBySide == 1 ? "" : "s")} side by side need {each}{held} ({needed:N0} bytes in all), " +
                $"and {available}; run fewer side by side with --threads {Math.Max(1, (int)Math.Floor((availableBytes - heldStates * StateBytes(s)) / model))}");
    }
}
