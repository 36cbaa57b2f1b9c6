using Participation.Experiments.Survival;
using Participation.Outcomes;
using Participation.Simulation;

namespace Participation.Tests.Experiments;

/// <summary>Kaplan–Meier with Greenwood intervals against a hand-computed example; the register view from spells against the model's.</summary>
public class SurvivalTests
{
    // Ten tenures in weeks (+ = censored): 3, 5+, 6, 6, 8+, 10, 12, 12+, 15+, 20.
    private static readonly SurvivalObservation[] Example =
    [
        new(3, true), new(5, false), new(6, true), new(6, true), new(8, false),
        new(10, true), new(12, true), new(12, false), new(15, false), new(20, true),
    ];

    [Fact]
    public void Kaplan_Meier_with_Greenwood_intervals_matches_the_hand_computation()
    {
        // t   n  d  c   S(t)                     Greenwood sum Σ d/(n(n−d))          SE = S·sqrt(sum)
        // 3  10  1  0   1·(9/10)       = 0.9     1/(10·9)            = 0.011111      0.9·0.105409   = 0.094868
        // 5   9  0  1   0.9
        // 6   8  2  0   0.9·(6/8)      = 0.675   + 2/(8·6)           = 0.052778      0.675·0.229734 = 0.155071
        // 8   6  0  1   0.675
        // 10  5  1  0   0.675·(4/5)    = 0.54    + 1/(5·4)           = 0.102778      0.54·0.320590  = 0.173118
        // 12  4  1  1   0.54·(3/4)     = 0.405   + 1/(4·3)           = 0.186111      0.405·0.431406 = 0.174719
        // 15  2  0  1   0.405
        // 20  1  1  0   0                        (n = d: S = 0, interval [0, 0])
        // Plain 95 %: S ± 1.959964·SE, e.g. t = 6: 0.675 ± 0.303933 = [0.371067, 0.978933].
        // Log-log: S^exp(±1.959964·sqrt(sum)/|ln S|), e.g. t = 6: θ = 1.959964·0.229734/0.393043 = 1.145603,
        //          [0.675^e^θ, 0.675^e^−θ] = [0.675^3.144393, 0.675^0.318026] = [0.290585, 0.882497].
        // Median: the first t with S(t) ≤ 0.5 is 12.
        var plain = KaplanMeier.Estimate(Example, SurvivalInterval.Plain);
        Assert.Equal([3.0, 5, 6, 8, 10, 12, 15, 20], plain.Steps.Select(s => s.Time));
        Assert.Equal([10, 9, 8, 6, 5, 4, 2, 1], plain.Steps.Select(s => s.AtRisk));
        Assert.Equal([1, 0, 2, 0, 1, 1, 0, 1], plain.Steps.Select(s => s.Events));
        Assert.Equal([0, 1, 0, 1, 0, 1, 1, 0], plain.Steps.Select(s => s.Censored));
        double[] survival = [0.9, 0.9, 0.675, 0.675, 0.54, 0.405, 0.405, 0];
        double[] se = [0.094868, 0.094868, 0.155071, 0.155071, 0.173118, 0.174719, 0.174719, 0];
        for (int i = 0; i < survival.Length; i++)
        {
            Assert.Equal(survival[i], plain.Steps[i].Survival, 9);
            Assert.Equal(se[i], plain.Steps[i].StandardError, 1e-6);
        }
        Assert.Equal((0.714061, 1.0), (Math.Round(plain.Steps[0].Low, 6), plain.Steps[0].High));
        Assert.Equal(0.371067, plain.Steps[2].Low, 1e-6);
        Assert.Equal(0.978933, plain.Steps[2].High, 1e-6);
        Assert.Equal(0.200694, plain.Steps[4].Low, 1e-6);
        Assert.Equal(0.879306, plain.Steps[4].High, 1e-6);
        Assert.Equal((0.0, 0.0), (plain.Steps[7].Low, plain.Steps[7].High));
        Assert.Equal(12, plain.Median);
        Assert.Equal(6, plain.MedianLow);   // the lower band first reaches 0.5 at t = 6 (0.371)
        Assert.Equal(20, plain.MedianHigh); // the upper band stays above 0.5 until S falls to 0
        Assert.Equal((10, 6), (plain.Observations, plain.Events));

        var loglog = KaplanMeier.Estimate(Example);
        Assert.Equal(SurvivalInterval.LogLog, loglog.Interval);
        Assert.Equal(0.290585, loglog.Steps[2].Low, 1e-6);
        Assert.Equal(0.882497, loglog.Steps[2].High, 1e-6);
        Assert.Equal(0.473009, loglog.Steps[0].Low, 1e-6);   // t = 3: θ = 1.959964·0.105409/0.105361
        Assert.Equal(0.099916, loglog.Steps[5].Low, 1e-6);
        Assert.Equal(0.701398, loglog.Steps[5].High, 1e-6);
        Assert.Equal(3, loglog.MedianLow);

        Assert.Equal(1, plain.SurvivalAt(2.9));
        Assert.Equal(0.675, plain.SurvivalAt(7), 9);
        Assert.Equal(0, plain.SurvivalAt(100));
    }

    [Fact]
    public void No_events_give_a_flat_curve_and_no_median()
    {
        var curve = KaplanMeier.Estimate([new SurvivalObservation(4, false), new SurvivalObservation(9, false)]);
        Assert.All(curve.Steps, s => Assert.Equal((1.0, 1.0, 1.0), (s.Survival, s.Low, s.High)));
        Assert.True(double.IsNaN(curve.Median));
        Assert.Throws<ArgumentException>(() => KaplanMeier.Estimate([new SurvivalObservation(-1, true)]));
    }

    [Fact]
    public void Tenure_spells_are_censored_only_when_still_running()
    {
        TenureSpell[] spells = [new(1, 0, 10, 40, SpellEnd.Exited), new(2, 5, 20, 50, SpellEnd.Censored), new(3, 2, 6, 30, SpellEnd.MovedOut)];
        Assert.Equal([new SurvivalObservation(10, true), new(15, false), new(4, true)], TenureSurvival.Observations(spells));
        Assert.Equal([new SurvivalObservation(10, true), new(15, false), new(4, false)], TenureSurvival.Observations(spells, movingOutEndsTenure: false));
        var curve = TenureSurvival.Estimate(spells, s => s.Start >= 2);
        Assert.Equal(2, curve.Observations);
    }

    // Register read at the end of tick 200 (157 weeks = over 3 years, 26 = six months):
    //   A start 10, censored            in role; service 200 + 1 − 10  = 191 > 157  → over 3 years
    //   B start 190, exited, end 260    in role; service 11 < 26                    → under 6 months
    //   C start 201 (recruited in 200)  in role; service 0                          → under 6 months
    //   D start 100, exited, end 201    left during tick 200: not in the register
    //   E start 150, moved out, end 202 in role; service 51                         → neither
    //   F start 202                     not yet
    //   G start 20, exited, end 140     long gone
    // At 200: n = 4, over = 1/4, under = 2/4. During 150-200 also D (last reading 199, service 100): n = 5, 1/5, 2/5.
    private static readonly TenureSpell[] Register =
    [
        new(0, 10, 250, 40, SpellEnd.Censored), new(1, 190, 260, 40, SpellEnd.Exited), new(2, 201, 250, 40, SpellEnd.Censored),
        new(3, 100, 201, 40, SpellEnd.Exited), new(4, 150, 202, 40, SpellEnd.MovedOut), new(5, 202, 250, 40, SpellEnd.Censored),
        new(6, 20, 140, 40, SpellEnd.Exited),
    ];

    [Fact]
    public void The_register_from_spells_matches_the_hand_computation()
    {
        Assert.Equal((157, 26), (RegisterTenure.ThreeYears, RegisterTenure.SixMonths));
        Assert.Equal(new RegisterShares(200, 4, 0.25, 0.5), RegisterTenure.At(Register, 200));
        Assert.Equal(new RegisterShares(200, 5, 0.2, 0.4), RegisterTenure.During(Register, 150, 200));
        Assert.True(double.IsNaN(RegisterTenure.At(Register, 2).Over3Years));
    }

    [Fact]
    public void The_register_from_spells_agrees_with_the_model_at_every_month_end()
    {
        var scenario = TestScenarios.Small(households: 300, years: 6);
        var result = Model.Create(scenario, 21).Run();
        var calendar = result.Calendar;
        int checkedMonths = 0;
        foreach (var month in result.Monthly)
        {
            int t = Enumerable.Range(0, calendar.TickCount).Last(k => calendar.WeekStart(k) < month.Month.AddMonths(1));
            var mine = RegisterTenure.At(result.Spells, t);
            Assert.Equal(month.Register.Backbones, mine.Backbones);
            if (mine.Backbones == 0) continue;
            Assert.Equal(month.Register.ServiceOver3Years, mine.Over3Years, 12);
            Assert.Equal(month.Register.ServiceUnder6Months, mine.Under6Months, 12);
            checkedMonths++;
        }
        Assert.True(checkedMonths > 30);
        Assert.Contains(result.Monthly, m => m.Register.ServiceOver3Years > 0);

        var curve = TenureSurvival.Estimate([result]);
        Assert.Equal(result.Spells.Count, curve.Observations);
        Assert.Equal(result.Spells.Count(s => s.Reason != SpellEnd.Censored), curve.Events);
    }
}
