using Participation.Experiments.Replications;
using Participation.Experiments.Results;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Output safety: results never overwrite a folder without --force; a path that cannot be a folder or a folder that
/// cannot be written stops before the run with exit 3 and leaves nothing; a write that fails part way leaves no file
/// that looks complete. Tests run as root, where a read-only folder is still writable, so unwritable paths are made
/// by putting them under a file (/dev/null/x, or a path whose parent is a regular file).
/// </summary>
public class OutputSafetyTests : ReliabilityCli
{
    [Theory]
    [InlineData("/dev/null/results")]
    [InlineData("FILE/results")]
    [InlineData("FILE/deeper/results")]
    public void A_results_path_under_a_file_exits_3_before_running_and_leaves_nothing(string outPath)
    {
        string file = Path.Combine(Temp, "a-file.txt");
        File.WriteAllText(file, "not a folder");
        string target = outPath.Replace("FILE", file);
        var (code, stdout, stderr) = Cli("run", Scenario, "--out", target, "--quiet");
        Assert.Equal(3, code);
        Assert.StartsWith("error: cannot write results: cannot create results folder", stderr);
        Assert.Contains("is a file, not a folder", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
        Assert.Equal("not a folder", File.ReadAllText(file));
        Assert.Equal(new[] { file, Scenario }.Order(), Directory.GetFileSystemEntries(Temp).Order());
    }

    [Fact]
    public void Every_command_that_writes_results_exits_3_for_an_unwritable_folder()
    {
        string under = Path.Combine(Scenario, "out"); // the scenario file is not a folder
        string variant = Path.Combine(Temp, "variant.json");
        File.Copy(Scenario, variant);
        foreach (var args in new[]
        {
            new[] { "run", Scenario },
            ["sweep", Scenario, "--vary", "decision.intercept=-8:-7:2"],
            ["compare", Scenario, variant, "--until", "2016-06-30"],
        })
        {
            var (code, _, stderr) = Cli([.. args, "--out", under, "--quiet"]);
            Assert.True(code == 3, $"{string.Join(' ', args)}: exit {code}: {stderr}");
            Assert.Contains("cannot create results folder", stderr);
        }
    }

    [Fact]
    public void An_existing_file_or_a_non_empty_folder_is_never_overwritten_without_force()
    {
        string file = Path.Combine(Temp, "weekly.csv");
        File.WriteAllText(file, "precious");
        var (code, _, stderr) = Cli("run", Scenario, "--out", file, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("a file of that name exists", stderr);
        Assert.Equal("precious", File.ReadAllText(file));

        string folder = Path.Combine(Temp, "earlier");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        foreach (var command in new[] { "run", "sweep" })
        {
            string[] args = command == "run" ? ["run", Scenario] : ["sweep", Scenario, "--vary", "decision.intercept=-8:-7:2"];
            (code, _, stderr) = Cli([.. args, "--out", folder, "--quiet"]);
            Assert.Equal(2, code);
            Assert.Contains("not empty", stderr);
        }
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(2, Cli("run", Scenario, "--out", "", "--quiet").Code);
    }

    [Fact]
    public void A_write_that_fails_part_way_leaves_the_earlier_results_and_no_temporary_file()
    {
        var scenario = ScenarioLoader.Load(Scenario, ["calendar.end=2017-03-31", "calendar.registerDate=2017-03-31"]);
        var runs = ReplicationRunner.Run(scenario, 1, 1, 1);
        string folder = Path.Combine(Temp, "half");
        Directory.CreateDirectory(folder);
        ResultSet.Write(folder, runs, new RunManifest(), ScenarioJson.ToJson(scenario));
        var before = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        // A folder where the spells table's temporary file should go: the fourth table cannot be written.
        Directory.CreateDirectory(Path.Combine(folder, "spells.csv.partial"));

        var e = Record.Exception(() => ResultSet.Write(folder, ReplicationRunner.Run(scenario, 2, 1, 1), new RunManifest(), ScenarioJson.ToJson(scenario)));
        Assert.True(e is IOException or UnauthorizedAccessException, e?.ToString());
        // weekly, monthly and annual were written beside their targets, then removed; the earlier tables and manifest were never touched.
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, name))), name);
    }

    [Fact]
    public void A_successful_run_leaves_no_temporary_or_probe_files()
    {
        string folder = Path.Combine(Temp, "clean");
        Ok(Cli("run", Scenario, "--out", folder, "--quiet", "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2017-03-31"));
        Assert.Equal(ResultSet.Files.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }
}
