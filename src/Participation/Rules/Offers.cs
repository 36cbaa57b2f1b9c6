using Participation.Randomness;
using Participation.Residents;
using Participation.Time;

namespace Participation.Rules;

/// <summary>
/// Phase 1 (docs/model.md, "Calendar, levers and offers"): after the policies have set their levers, what the week
/// offers — community activities in each compound, the council, tasks sent down, disputes and projects — and what
/// the staff can do besides the tasks sent down.
/// </summary>
internal static class Offers
{
    /// <summary>Community activities per compound per week, at most.</summary>
    public const int MaxEvents = 8;

    /// <summary>
    /// The offer of week <see cref="Week.Tick"/>, with the levers applied; fills <see cref="Week.EventsInCompound"/>.
    /// <paramref name="adultsLastWeek"/> (0 in the first week: then every resident counts) spreads the staff's outreach.
    /// </summary>
    public static WeekOffer Of(Week w, Calendar calendar, int adultsLastWeek)
    {
        var s = w.Scenario; var L = w.Levers; var pop = w.Population; int t = w.Tick;

        // E_c = min(8, Poisson(eventsPerCompoundPerMonth · 12 / W · L.eventFactor) + L.extraEvents)
        var offered = new CounterRandom(w.Seed, t, Draws.EventsOffered);
        double perWeek = s.Activities.EventsPerCompoundPerMonth * 12 / Population.WeeksPerYear * L.EventFactor;
        int events = 0;
        var inCompound = w.EventsInCompound;
        for (int c = 0; c < inCompound.Length; c++)
            events += inCompound[c] = Math.Min(MaxEvents, offered.Poisson(c, perWeek) + Math.Max(0, L.ExtraEvents));

        // Tasks sent down, disputes and projects, per thousand households.
        double thousands = pop.HouseholdCount / 1000.0;
        var arising = new CounterRandom(w.Seed, t, Draws.TasksArising);
        int sentDown = arising.Poisson(0, s.Administration.SentDownTasksPerThousand * thousands * L.SentDownFactor);
        int disputes = arising.Poisson(1, s.Administration.DisputesPerThousand * thousands);
        int projects = arising.Poisson(2, s.Administration.ProjectsPerThousandPerYear * thousands / Population.WeeksPerYear * L.ProjectFactor);

        // The committee hands each task sent down to a property company or merchant with probability L.handOverShare (D).
        var handing = new CounterRandom(w.Seed, t, Draws.TaskHandedOver);
        double share = Math.Clamp(L.HandOverShare, 0, 1);
        int handed = 0;
        if (share > 0) for (int k = 0; k < sentDown; k++) if (handing.Uniform(k) < share) handed++;

        // Staff handle tasks sent down first; what is left of their hours goes to outreach (D: staff capacity).
        var admin = s.Administration;
        double staffHours = StaffHours(s, L);
        int onCommittee = sentDown - handed;
        int byStaff = admin.SentDownTaskHours <= 0 ? onCommittee : Math.Min(onCommittee, (int)(staffHours / admin.SentDownTaskHours));
        double outreachHours = Math.Max(0, staffHours - byStaff * admin.SentDownTaskHours);
        int adults = Math.Max(1, adultsLastWeek > 0 ? adultsLastWeek : pop.Count);
        float staffInvite = (float)Math.Min(1, outreachHours * s.Hearing.InvitationsPerStaffHour * L.InvitationFactor / adults);

        return new WeekOffer(calendar.Contains(t, s.Activities.CouncilDay), sentDown, byStaff, disputes, projects, events,
            staffInvite, (float)(s.Hearing.InvitationsPerBackbone * L.InvitationFactor), (float)Math.Max(0, L.PartyInvitations),
            (float)Math.Clamp(L.HeardProbability, 0, 1), (float)Math.Max(0, L.ApprovalWeeks), (float)Math.Max(0, L.LocalSolveWeeks),
            (float)Math.Clamp(s.Hearing.Notice + L.NoticeBonus, 0, 1), (float)Math.Clamp(s.Hearing.Online * L.OnlineFactor, 0, 1),
            (float)Math.Max(0, L.InfluenceFactor), (float)Math.Max(0, L.TimeCostFactor), handed);
    }

    /// <summary>The staff's hours this week: h_s = administration.staff · administration.staffHours + L.staffHoursBonus.</summary>
    public static double StaffHours(Scenarios.Scenario s, Policies.Levers L) => s.Administration.Staff * s.Administration.StaffHours + Math.Max(0, L.StaffHoursBonus);

    /// <summary>
    /// The staff's load: the hours the tasks sent down to the committee need over the staff's hours,
    /// <c>(S − handed to others) · administration.sentDownTaskHours / h_s</c> (0 when tasks take no hours; 1 and more: the
    /// staff can do nothing else; infinite without staff hours and with tasks).
    /// </summary>
    public static double StaffLoad(in WeekOffer offer, Scenarios.Scenario s, Policies.Levers L)
    {
        double need = offer.OnCommittee * s.Administration.SentDownTaskHours;
        if (need <= 0) return 0;
        double hours = StaffHours(s, L);
        return hours > 0 ? need / hours : double.PositiveInfinity;
    }
}
