using Participation.Residents;

namespace Participation.Outcomes;

/// <summary>A month's counts over some residents, for the monthly record (docs/outputs.md, monthly.csv).</summary>
internal record struct MonthCounts
{
    public int Adults, Participants, Under35Participants, BackbonesActive;
    public int Backbones, Under35Backbones, Online, OnlineClub, Bin1To2, Bin3To4, Bin5To6, BinOver6;
    public long Frequency;

    /// <summary>
    /// The month's counts of residents [<paramref name="lo"/>, <paramref name="hi"/>) one at a time, from the month's
    /// counters; under 35 means born after week <paramref name="youngFrom"/> (<see cref="BornAfterIsUnder35"/>).
    /// </summary>
    public static MonthCounts Of(Population pop, int lo, int hi, int youngFrom)
    {
        var m = new MonthCounts();
        for (int i = lo; i < hi; i++)
            if (pop.Occupation[i] != Occupation.Child) m.AddAdult(pop, i, pop.MonthCount[i], young: pop.BirthWeek[i] > youngFrom);
        return m;
    }

    /// <summary>Counts adult <paramref name="i"/>, who took part <paramref name="mc"/> times this month.</summary>
    public void AddAdult(Population pop, int i, int mc, bool young)
    {
        Adults++;
        var role = pop.Role[i];
        if (mc > 0) { Participants++; Frequency += mc; if (young) Under35Participants++; }
        if (role >= Role.Backbone)
        {
            Backbones++;
            if (young) Under35Backbones++;
            if (mc > 0)
            {
                BackbonesActive++;
                if (mc <= 2) Bin1To2++; else if (mc <= 4) Bin3To4++; else if (mc <= 6) Bin5To6++; else BinOver6++;
            }
        }
        if (pop.InOnlineGroup[i] != 0) { Online++; if (pop.Club[i] >= 0) OnlineClub++; }
    }

    /// <summary>Adds the counts of other residents.</summary>
    public void Add(in MonthCounts o)
    {
        Adults += o.Adults; Participants += o.Participants; Under35Participants += o.Under35Participants;
        BackbonesActive += o.BackbonesActive;
        Backbones += o.Backbones; Under35Backbones += o.Under35Backbones; Online += o.Online; OnlineClub += o.OnlineClub;
        Bin1To2 += o.Bin1To2; Bin3To4 += o.Bin3To4; Bin5To6 += o.Bin5To6; BinOver6 += o.BinOver6; Frequency += o.Frequency;
    }

    /// <summary>
    /// The birth week after which a resident is under 35 at tick <paramref name="t"/>: <c>AgeAt(i, t) &lt; 35</c> exactly
    /// when <c>BirthWeek[i] &gt;</c> it (the age is a correctly rounded quotient, so it rises with the weeks lived and the
    /// first week count that reaches 35 is found by trying the neighbours of 35 · W).
    /// </summary>
    public static int BornAfterIsUnder35(int t)
    {
        int weeks = (int)Math.Ceiling(35 * Population.WeeksPerYear);
        while ((weeks - 1) / Population.WeeksPerYear >= 35) weeks--;
        while (weeks / Population.WeeksPerYear < 35) weeks++;
        return t - weeks; // under 35 when t − birth < weeks
    }
}

/// <summary>A year's counts over some residents, for the annual record.</summary>
internal struct YearCounts
{
    public int Adults, Participated, Backbones;

    /// <summary>The year's counts of residents [<paramref name="lo"/>, <paramref name="hi"/>) at year-end tick <paramref name="t"/>.</summary>
    public static YearCounts Of(Population pop, int lo, int hi, int t)
    {
        var y = new YearCounts();
        for (int i = lo; i < hi; i++)
        {
            if (pop.Occupation[i] == Occupation.Child) continue;
            y.Adults++;
            if (pop.LastParticipation[i] > t - 52) y.Participated++;
            if (pop.Role[i] >= Role.Backbone) y.Backbones++;
        }
        return y;
    }
}
