using Participation.Experiments.Sensitivity;
using Participation.Experiments.Sweeps;

namespace Participation.Tests.Experiments;

/// <summary>Morris and Sobol against functions whose sensitivities are known, and the bridge to the model.</summary>
public class SensitivityTests
{
    /// <summary>Ishigami's function, a = 7, b = 0.1, with each input scaled from [0, 1] onto [−π, π].</summary>
    private static double Ishigami(double[] u)
    {
        double x1 = Math.PI * (2 * u[0] - 1), x2 = Math.PI * (2 * u[1] - 1), x3 = Math.PI * (2 * u[2] - 1);
        return Math.Sin(x1) + 7 * Math.Sin(x2) * Math.Sin(x2) + 0.1 * Math.Pow(x3, 4) * Math.Sin(x1);
    }

    // Closed forms (Ishigami & Homma 1990; Saltelli et al. 2008), a = 7, b = 0.1:
    // V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.8446; V1 = (1 + bπ⁴/5)²/2 = 4.3459; V2 = a²/8 = 6.125; V3 = 0;
    // V13 = b²π⁸ (1/18 − 1/50) = 3.3737. S = V_i / V; S_T1 = (V1 + V13) / V, S_T2 = S2, S_T3 = V13 / V.
    private static readonly double[] First = [0.3139, 0.4424, 0];
    private static readonly double[] Total = [0.5576, 0.4424, 0.2437];

    [Theory]
    [InlineData(SobolSampling.QuasiRandom, 0.03)] // over seeds 1-10 the largest error at N = 4096 was 0.013
    [InlineData(SobolSampling.Random, 0.07)]      // plain Monte Carlo: standard errors about 0.015-0.025 at N = 4096
    public void Sobol_indices_of_the_Ishigami_function_match_the_closed_form(SobolSampling sampling, double tolerance)
    {
        var indices = Sobol.Run(3, 4096, Ishigami, ["x1", "x2", "x3"], seed: 3, sampling: sampling, bootstrap: 500);
        for (int i = 0; i < 3; i++)
        {
            var s = indices[i];
            Assert.Equal("x" + (i + 1), s.Name);
            Assert.InRange(s.First, First[i] - tolerance, First[i] + tolerance);
            Assert.InRange(s.Total, Total[i] - tolerance, Total[i] + tolerance);
            // The bootstrap 95 % intervals hold the true values (with QMC they are conservative).
            Assert.InRange(First[i], s.FirstLow - 0.01, s.FirstHigh + 0.01);
            Assert.InRange(Total[i], s.TotalLow - 0.01, s.TotalHigh + 0.01);
            Assert.True(s.FirstLow <= s.First && s.First <= s.FirstHigh && s.TotalLow <= s.Total && s.Total <= s.TotalHigh);
        }
        // x3 acts only through its interaction with x1: no first-order effect, a clear total effect.
        Assert.True(indices[2].TotalLow > 0.15);
    }

    [Fact]
    public void A_Saltelli_design_has_A_B_and_the_mixed_matrices()
    {
        var d = Sobol.Design(2, 8, seed: 5);
        Assert.Equal(8 * 4, d.Points.Count);
        for (int j = 0; j < 8; j++)
        {
            double[] a = d.Points[j], b = d.Points[8 + j], ab1 = d.Points[16 + j], ab2 = d.Points[24 + j];
            Assert.Equal([b[0], a[1]], ab1);
            Assert.Equal([a[0], b[1]], ab2);
        }
        Assert.All(d.Points.SelectMany(p => p), x => Assert.InRange(x, 0, 1));
        Assert.Equal(d.Points, Sobol.Design(2, 8, seed: 5).Points);
        Assert.Throws<ArgumentException>(() => Sobol.Analyse(d, new double[d.Points.Count - 1]));
        Assert.Throws<ArgumentException>(() => Sobol.Analyse(d, Enumerable.Repeat(double.NaN, d.Points.Count).ToArray()));
    }

    /// <summary>10 x1 + 5 x2² + 3 x1 x2, with x3 and x4 inactive.</summary>
    private static double Screening(double[] x) => 10 * x[0] + 5 * x[1] * x[1] + 3 * x[0] * x[1];

    [Fact]
    public void Morris_finds_the_inactive_inputs_and_ranks_the_active_ones()
    {
        var m = Morris.Run(4, 20, Screening, ["x1", "x2", "x3", "x4"], levels: 4, seed: 7);
        // Elementary effects: x1's is 10 + 3 x2 ∈ [10, 13]; x2's is 5 (2 x2 + s) + 3 x1 with step s = ±2/3 from the
        // levels {0, 1/3, 2/3, 1}: ∈ [10/3, 29/3]; x3's and x4's are exactly 0.
        Assert.InRange(m[0].MuStar, 10, 13);
        Assert.InRange(m[1].MuStar, 10.0 / 3, 29.0 / 3);
        Assert.Equal(0, m[2].MuStar);
        Assert.Equal(0, m[3].MuStar);
        Assert.Equal(0, m[2].Sigma);
        Assert.Equal(0, m[3].MuStarHigh);
        Assert.True(m[0].Sigma > 0 && m[1].Sigma > 0);       // x1 interacts with x2; x2 is non-linear
        Assert.True(m[0].MuStarLow > m[1].MuStarHigh - 2);    // x1 clearly ahead of x2
        Assert.Equal(m[0].MuStar, m[0].Mu);                   // effects of x1 are all positive
        Assert.All(m, x => Assert.Equal(20, x.Effects));
    }

    [Fact]
    public void A_Morris_design_moves_one_input_by_delta_per_step_within_the_unit_cube()
    {
        var d = Morris.Design(3, 5, levels: 4, seed: 1);
        Assert.Equal(2.0 / 3, d.Delta, 12);
        Assert.Equal(5 * 4, d.Points.Count);
        for (int t = 0; t < 5; t++)
        {
            var changed = new HashSet<int>();
            for (int s = 1; s <= 3; s++)
            {
                int p = t * 4 + s;
                var diff = d.Points[p].Zip(d.Points[p - 1], (a, b) => a - b).ToArray();
                Assert.Equal(2, diff.Count(x => x == 0));
                Assert.Equal(d.Steps[p], diff[d.Changed[p]], 12);
                Assert.True(changed.Add(d.Changed[p]));
            }
        }
        Assert.All(d.Points.SelectMany(p => p), x => Assert.InRange(x, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Morris.Design(3, 5, levels: 3));
    }

    [Fact]
    public void The_model_response_feeds_Morris_through_the_sweep_engine()
    {
        var factory = ScenarioFactory.FromScenario(SweepTests.Tiny());
        var parameters = new[] { SweepParameter.Parse("roles.exitNew=0.02:0.3", factory.Base), SweepParameter.Parse("decision.intercept=-8:-5", factory.Base) };
        var log = new MemorySweepSink();
        var response = new ModelResponse(factory, parameters, "participation_rate_month") { Replications = 1, MasterSeed = 4, Threads = 2, Log = log };
        var design = Morris.Design(2, 2, seed: 4);
        var y = response.Evaluate(design.Points);
        Assert.Equal(6, y.Length);
        Assert.Equal(6, log.Rows.Count);
        Assert.All(y, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(y, response.Evaluate(design.Points)); // common random numbers: the same points give the same values
        var m = Morris.Analyse(design, y, parameters.Select(p => p.Path).ToArray(), bootstrap: 100);
        // The intercept of the decision moves participation far more than the exit hazard of backbones.
        Assert.True(m[1].MuStar > 10 * m[0].MuStar, $"{m[1].MuStar} vs {m[0].MuStar}");
        Assert.Throws<ArgumentException>(() => new ModelResponse(factory, parameters, "no_such_figure"));
    }

    [Fact]
    public void Indices_are_written_as_a_long_table()
    {
        var w = new StringWriter();
        SensitivityTable.Write(w, SensitivityTable.Rows([new SobolIndex("a", 0.5, 0.4, 0.6, 0.7, 0.6, 0.8)]));
        Assert.Equal("parameter,index,estimate,low,high\na,first_order,0.5,0.4,0.6\na,total_order,0.7,0.6,0.8\n", w.ToString());
    }
}
