namespace Participation.Outcomes;

/// <summary>One headline figure of a run.</summary>
/// <param name="Name">Stable snake_case name (a column in the summary tables).</param>
/// <param name="Value">Value (NaN where undefined).</param>
/// <param name="Unit">Unit: share, count, years, yuan...</param>
/// <param name="Meaning">How it is computed and which study figure it compares with.</param>
public sealed record SummaryFigure(string Name, double Value, string Unit, string Meaning);

/// <summary>Computes the headline figures of a run (see <see cref="RunResult.Summary"/>).</summary>
public static class SummaryFigures
{
    /// <summary>The figures of <paramref name="result"/>, in a fixed order.</summary>
    public static IReadOnlyList<SummaryFigure> Of(RunResult result)
    {
        var list = new List<SummaryFigure>();
        void Add(string name, double value, string unit, string meaning) => list.Add(new SummaryFigure(name, value, unit, meaning));

        var reg = result.Register ?? new RegisterView();
        bool hasRegister = result.Register is not null;
        double R(double v) => hasRegister ? v : double.NaN;
        Add("register_backbones", hasRegister ? reg.Backbones : double.NaN, "count", "Backbones in role at the register date (X: a register of some tens).");
        Add("register_over_3_years", R(reg.ServiceOver3Years), "share", "Share of the register serving continuously over 3 years (X 2024: 28 %).");
        Add("register_under_6_months", R(reg.ServiceUnder6Months), "share", "Share of the register serving under 6 months (X 2024: 65 %).");
        Add("register_age_30_or_under", R(reg.Age30OrUnder), "share", "Share of the register aged 30 or under (X: 29.2 %).");
        Add("register_age_31_40", R(reg.Age31To40), "share", "Share aged 31-40 (X: 14.6 %).");
        Add("register_age_41_50", R(reg.Age41To50), "share", "Share aged 41-50 (X: 27.1 %).");
        Add("register_age_51_plus", R(reg.Age51Plus), "share", "Share aged 51 and over (X: 29.2 %).");
        Add("register_age_60_plus", R(reg.Age60Plus), "share", "Share aged 60 and over (X, community workers' survey: 42 %).");
        Add("register_under_35", R(reg.Under35), "share", "Under-35 share of the register.");

        // The other reading of X's register (docs/model.md; X does not say which it is): everyone who served at any time during
        // the register's calendar year, each with the service reached at the last week-end reading of that year that shows them.
        var (during, duringOver3, duringUnder6) = hasRegister ? ServedDuringYear(result) : (double.NaN, double.NaN, double.NaN);
        Add("register_during_year_backbones", during, "count", "Backbones who served at any time in the register's calendar year up to the register date (X's database read as everyone who served in 2024).");
        Add("register_during_year_over_3_years", duringOver3, "share", "Of them, the share whose service had passed 3 years at their last reading in that year (X 2024: 28 %, if the database lists everyone who served).");
        Add("register_during_year_under_6_months", duringUnder6, "share", "Of them, the share serving under 6 months at their last reading in that year (X 2024: 65 %, same reading).");

        var year = result.Annual.Count > 0 ? result.Annual[^1] : null;
        Add("top10_task_share", year?.Top10TaskShare ?? double.NaN, "share", "Share of the last reported year's tasks done by the top 10 % of those who held the role that year (X 2024: 63 %).");
        Add("task_gini", year?.TaskGini ?? double.NaN, "index", "Gini coefficient of tasks over those who held the role in the last reported year.");
        Add("participation_rate_year", year?.ParticipationRateYear ?? double.NaN, "share", "Adults who took part at least once in the last 52 weeks of the last reported year.");
        Add("volunteers", year?.Volunteers ?? double.NaN, "persons", "Volunteers in the last reported year: members of a team or squad at its end who served in one of its activities during it.");
        Add("volunteer_teams", year?.Teams ?? double.NaN, "count", "Active volunteer teams and party squads at the end of the last reported year.");
        Add("team_turnover", year?.TeamTurnover ?? double.NaN, "share", "Members who left a team in the last reported year over members at its start.");
        var lastYear = result.Weekly.Skip(Math.Max(0, result.Weekly.Count - 52)).ToArray();
        Add("sent_down_per_staff", lastYear.Length > 0 ? lastYear.Average(w => w.SentDownPerStaff) : double.NaN, "tasks/staff/week", "Tasks sent down to the committee (not handed to others) per staff member a week, mean of the last 52 weekly rows (D: 16 staff, long overloaded).");
        Add("staff_load", lastYear.Length > 0 ? lastYear.Average(w => w.StaffLoad) : double.NaN, "share", "Hours the tasks sent down to the committee need over the staff's hours, mean of the last 52 weekly rows.");
        Add("tasks_handed_to_others_last_year", lastYear.Sum(w => w.TasksHandedToOthers), "count", "Tasks sent down that the committee handed to property companies and merchants over the last 52 weekly rows (D).");
        Add("adhoc_tasks_last_year", lastYear.Sum(w => w.AdhocTasks), "count", "Ad-hoc tasks without content or standard done by volunteer teams over the last 52 weekly rows (D).");
        Add("owners_committees", year?.OwnersCommittees ?? double.NaN, "count", "Owners' committees at the end of the last reported year.");
        Add("owners_committee_credibility", year?.OwnersCommitteeCredibility ?? double.NaN, "share", "Their mean credibility at the end of the last reported year.");
        Add("owners_committees_dissolved", result.Annual.Sum(y => y.OwnersCommitteesDissolved), "count", "Owners' committees dissolved over the reported years (T: one lost credibility and dissolved).");
        Add("backbones_all_posts", year?.BackbonesAllPosts ?? double.NaN, "persons", "Residents holding any backbone post (committee post, lead of a team, squad or owners' committee) at the end of the last reported year.");

        // The backbones' monthly frequency, pooled over the last 12 reported months (backbone-months).
        var months = result.Monthly.Skip(Math.Max(0, result.Monthly.Count - 12)).ToList();
        double active = months.Sum(m => (double)m.BackbonesActive);
        double Pool(Func<MonthlyRecord, double> share) => active > 0 ? months.Sum(m => m.BackbonesActive > 0 ? share(m) * m.BackbonesActive : 0) / active : double.NaN;
        Add("backbone_frequency_1_2", Pool(m => m.BackboneFrequency1To2), "share", "Backbone-months with 1-2 participations, last 12 months (X: 55.3 %).");
        Add("backbone_frequency_3_4", Pool(m => m.BackboneFrequency3To4), "share", "Backbone-months with 3-4 participations (X: 26.6 %).");
        Add("backbone_frequency_5_6", Pool(m => m.BackboneFrequency5To6), "share", "Backbone-months with 5-6 participations (X: 11.8 %).");
        Add("backbone_frequency_over_6", Pool(m => m.BackboneFrequencyOver6), "share", "Backbone-months with more than 6 participations (X: 6.3 %).");
        Add("participation_rate_month", months.Count > 0 ? months.Average(m => m.ParticipationRate) : double.NaN, "share", "Adults with at least one participation in a calendar month, mean of the last 12 months.");
        Add("under35_volunteers", months.Count > 0 ? months[^1].Under35Volunteers : double.NaN, "share", "Under-35 share of volunteers (team and squad members who served) in the last month.");
        Add("online_club_membership", months.Count > 0 ? months[^1].OnlineClubMembership : double.NaN, "share", "Online-connected adults who belong to a club (H: 'I have joined a residents' organisation', 68.6 agreement).");

        var week = result.Weekly.Count > 0 ? result.Weekly[^1] : null;
        Add("mean_trust", week?.MeanTrust ?? double.NaN, "share", "Mean trust in residents, last week (H: 79.4).");
        Add("mean_belonging", week?.MeanBelonging ?? double.NaN, "share", "Mean belonging, last week (H: 80.2).");
        Add("mean_responsibility", week?.MeanResponsibility ?? double.NaN, "share", "Mean responsibility, last week (H: 89.4).");
        Add("mean_efficacy", week?.MeanEfficacy ?? double.NaN, "share", "Mean self-efficacy, last week.");
        Add("problems_unresolved", week?.ProblemsUnresolved ?? double.NaN, "count", "Problems raised and not solved at the end (pending, or ignored within a year).");
        var lastYearWeeks = result.Weekly.Skip(Math.Max(0, result.Weekly.Count - 52)).ToList();
        Add("complaints_last_year", lastYearWeeks.Sum(w => (double)w.Complaints), "count", "Complaints in the last 52 weeks: problems raised again because unresolved.");

        var reported = result.Weekly.Count > 0 ? result.Weekly[0].Tick : int.MaxValue;
        var recent = result.Spells.Where(s => s.Start >= reported).ToList();
        Add("spells_started", recent.Count, "count", "Backbone careers started in the reported period.");
        var ended = recent.Where(s => s.Reason != SpellEnd.Censored).ToList();
        Add("ended_spells_under_6_months", ended.Count > 0 ? ended.Count(s => s.Weeks < 26) / (double)ended.Count : double.NaN, "share", "Of careers started and ended in the reported period, the share that lasted under 26 weeks.");
        Add("spent_total", result.SpentByPolicy.Sum(), "yuan", "Money spent by all policies over the run.");
        return list;
    }

    /// <summary>Weeks of service above which a backbone counts as serving over three years (the register view's 157).</summary>
    private static readonly int ThreeYears = (int)Math.Round(3 * Residents.Population.WeeksPerYear);

    /// <summary>Weeks of service below which a backbone counts as serving under six months (26).</summary>
    private static readonly int SixMonths = (int)Math.Round(0.5 * Residents.Population.WeeksPerYear);

    /// <summary>
    /// The register read as everyone who served during its calendar year: every spell in the register read at the end of
    /// some week from the first week starting in the register date's year to the register week (the stock view's rule: the
    /// spell has started by the next week and has not ended in or before it), with the service t + 1 − start at the last such
    /// week t — the register week for a spell still running, the week before it ended for one that ended. The same as
    /// <c>RegisterTenure.During</c> of the experiments layer, which tests hold it to.
    /// </summary>
    private static (double Backbones, double Over3Years, double Under6Months) ServedDuringYear(RunResult result)
    {
        var calendar = result.Calendar;
        int to = calendar.TickOf(result.Scenario.Calendar.RegisterDate);
        int year = calendar.WeekStart(to).Year, from = to;
        while (from > 0 && calendar.WeekStart(from - 1).Year == year) from--;
        int n = 0, over = 0, under = 0;
        foreach (var s in result.Spells)
        {
            int last = s.Reason == SpellEnd.Censored ? to : Math.Min(to, s.End - 2);
            if (last < from || s.Start > last + 1) continue;
            int weeks = last + 1 - s.Start;
            n++;
            if (weeks > ThreeYears) over++;
            if (weeks < SixMonths) under++;
        }
        return (n, n > 0 ? over / (double)n : double.NaN, n > 0 ? under / (double)n : double.NaN);
    }
}
