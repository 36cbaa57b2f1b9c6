using Participation.Experiments.Calibration;
using Participation.Experiments.Results;
using Participation.Experiments.Sweeps;

namespace Participation.Tests.Experiments;

/// <summary>
/// The figure catalogue: every summary figure once, with the unit and meaning summary.csv writes; the study figures are
/// the targets file's (scenarios/targets/x-shaoxing.json, read, not copied), and only scenarios that file names are held
/// against them.
/// </summary>
public class FigureCatalogueTests
{
    [Fact]
    public void Every_summary_figure_is_in_the_catalogue_with_the_unit_and_meaning_of_the_run()
    {
        Assert.Equal(FigureNames.All, FigureCatalogue.Plain.Figures.Select(f => f.Name));
        foreach (var f in FigureCatalogue.Plain.Figures)
        {
            Assert.Equal(FigureNames.Describe(f.Name)!.Unit, f.Unit);
            Assert.False(string.IsNullOrWhiteSpace(f.Meaning), f.Name);
            Assert.Null(f.Reference);
        }
        Assert.All(FigureCatalogue.Plain.Headline, f => Assert.False(string.IsNullOrWhiteSpace(f.Label)));
    }

    [Fact]
    public void Study_Xs_figures_are_read_from_its_targets_file_and_judge_only_the_scenarios_it_names()
    {
        var file = CalibrationSpec.Load(Path.Combine(TestScenarios.RepoRoot(), "scenarios", "targets", "x-shaoxing.json"));
        var x = FigureCatalogue.For("X Community, Yuecheng District, Shaoxing (study X)");
        Assert.Equal("study X", x.Study);
        foreach (var t in file.Targets)
            Assert.Equal((t.Value, t.Tolerance, true), (x[t.Figure].Reference!.Value, x[t.Figure].Reference!.Tolerance, x[t.Figure].Reference!.Fitted));
        Assert.Equal((0.42, false), (x["register_age_60_plus"].Reference!.Value, x["register_age_60_plus"].Reference!.Fitted));
        Assert.Null(x["register_under_6_months"].Reference);
        // X's policy variants are X's community; a user's own community, or a benchmark city built on X's structure, is not.
        Assert.Equal("study X", FigureCatalogue.For("X with the mentorship scheme from 2026").Study);
        Assert.Null(FigureCatalogue.For("Riverside Community").Study);
        Assert.Null(FigureCatalogue.For("Benchmark city, 10,000 residents (study X's structure scaled)").Study);
        Assert.Null(FigureCatalogue.For(null).Study);
    }

    [Fact]
    public void A_reference_holds_a_mean_within_its_tolerance_and_not_outside_or_undefined()
    {
        var r = new FigureReference("study X", 0.28, 0.13, "", Fitted: true);
        Assert.True(r.Holds(0.16));
        Assert.True(r.Holds(0.40));
        Assert.False(r.Holds(0.42));
        Assert.False(r.Holds(0.14));
        Assert.False(r.Holds(double.NaN));
    }
}

/// <summary>A manifest's replication seeds are read as the 64-bit seeds they are (half of them exceed a master seed's range).</summary>
public class ManifestSeedTests
{
    [Fact]
    public void Replication_seeds_above_the_largest_master_seed_are_read_back_exactly()
    {
        var seeds = Participation.Experiments.Replications.ReplicationRunner.Seeds(11, 8);
        Assert.Contains(seeds, s => s > long.MaxValue);
        var manifest = ManifestFile.Parse($"{{\"seeds\": [{string.Join(", ", seeds)}]}}", "manifest.json");
        Assert.Equal(seeds, manifest.Seeds("seeds"));
        var e = Assert.Throws<ManifestException>(() => ManifestFile.Parse("{\"seeds\": [-1]}", "manifest.json").Seeds("seeds"));
        Assert.Contains("seeds[0] = -1: expected a whole number from 0 to 18446744073709551615", e.Message);
    }
}
