using Participation.Experiments.Replications;
using Participation.Experiments.Statistics;
using Participation.Residents;
using Participation.Simulation;

namespace Participation.Experiments.Validation;

/// <summary>
/// H's attitude–behaviour gap (docs/studies.md, H): H surveyed only residents connected online; their sense of responsibility
/// scored 89.4 and "I have joined a residents' recreational or cultural organisation" 68.6 (agreement scores, not rates). In
/// H's community (scenario <c>h-shenzhen.json</c>), among adults in an online group at the end of the run (H's survey is of
/// 2024 and gives no date), the share who are members of a club must be clearly below the mean responsibility, and by a gap
/// of H's size (the ratio, since a rate is set beside an agreement score). Attitudes are inputs (docs/studies.md: H's attitude levels stay inputs); who
/// joins is what the check is on.
/// </summary>
public static class AttitudeBehaviourGap
{
    /// <summary>The check's name in the table.</summary>
    public const string Name = "h_attitude_behaviour_gap";

    /// <summary>H: 68.6 / 89.4.</summary>
    public const double HRatio = 68.6 / 89.4;

    /// <summary>What one replication reads among online adults at the end.</summary>
    /// <param name="OnlineAdults">Adults in an online group.</param>
    /// <param name="Responsibility">Their mean responsibility.</param>
    /// <param name="ClubMembers">Their share who are members of a club.</param>
    /// <param name="TookPartMonth">Their share who took part in the last 4 weeks.</param>
    /// <param name="TookPartYear">Their share who took part in the last 52 weeks.</param>
    public sealed record Reading(int OnlineAdults, double Responsibility, double ClubMembers, double TookPartMonth, double TookPartYear);

    /// <summary>Reads the online adults of <paramref name="model"/> in its current state (after its last tick).</summary>
    public static Reading Read(Model model)
    {
        var pop = model.Population;
        int t = model.Tick - 1, n = 0, members = 0, month = 0, year = 0;
        double responsibility = 0;
        for (int i = 0; i < pop.Count; i++)
        {
            if (pop.Occupation[i] == Occupation.Child || pop.InOnlineGroup[i] == 0) continue;
            n++;
            responsibility += pop.Responsibility[i];
            if (pop.Club[i] >= 0) members++;
            if (pop.Last4[i] > 0) month++;
            if (pop.LastParticipation[i] > t - 52) year++;
        }
        return new Reading(n, Variants.Ratio(responsibility, n), Variants.Ratio(members, n), Variants.Ratio(month, n), Variants.Ratio(year, n));
    }

    /// <summary>Runs H's scenario and judges the gap.</summary>
    public static IReadOnlyList<ValidationRow> Run(ValidationSettings settings, out IReadOnlyList<ulong> seeds)
    {
        var scenario = settings.H;
        var seedList = ReplicationRunner.Seeds(settings.MasterSeed(scenario), settings.Replications);
        seeds = seedList;
        var readings = Variants.PerReplication(settings.Replications, settings.Threads, k =>
        {
            var model = Model.Create(scenario, seedList[k], settings.Catalog);
            model.Run();
            return Read(model);
        });
        return Judge(readings);
    }

    /// <summary>The table rows of the readings of every replication.</summary>
    public static IReadOnlyList<ValidationRow> Judge(IReadOnlyList<Reading> readings)
    {
        var gap = Interval.Of(readings.Select(r => r.Responsibility - r.ClubMembers));
        var ratio = Interval.Of(readings.Select(r => r.ClubMembers / r.Responsibility));
        return
        [
            ValidationRow.Context(Name, "mean responsibility, online adults", Interval.Of(readings.Select(r => r.Responsibility)), "share",
                "89.4 (H: sense of responsibility, agreement score; an input of the scenario's attitudes)"),
            ValidationRow.Context(Name, "share members of a club, online adults", Interval.Of(readings.Select(r => r.ClubMembers)), "share",
                "68.6 (H: 'I have joined a residents' organisation', agreement score, not a rate)"),
            ValidationRow.Judge(Name, "gap: responsibility − club membership", gap, "share",
                "0.208 (H: 89.4 − 68.6)", "direction: the 95 % interval lies above 0 (membership clearly below responsibility)",
                gap.Low > 0 || (double.IsNaN(gap.Low) && gap.Mean > 0)),
            ValidationRow.Judge(Name, "ratio: club membership / responsibility", ratio, "ratio",
                $"{HRatio:0.###} (H: 68.6 / 89.4)", $"size: within a factor of 2 of H's ratio, mean in [{HRatio / 2:0.###}, 1)",
                ratio.Mean >= HRatio / 2 && ratio.Mean < 1),
            ValidationRow.Context(Name, "share who took part in the last 4 weeks, online adults", Interval.Of(readings.Select(r => r.TookPartMonth)), "share",
                "behaviour over a month (an earlier prototype (docs/studies.md): 8–10 %)"),
            ValidationRow.Context(Name, "share who took part in the last 52 weeks, online adults", Interval.Of(readings.Select(r => r.TookPartYear)), "share",
                "behaviour over a year (an earlier prototype (docs/studies.md): 55 %)"),
        ];
    }
}
