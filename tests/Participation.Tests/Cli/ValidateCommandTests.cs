using Participation.Cli;
using Participation.Cli.Commands;

namespace Participation.Tests.Cli;

/// <summary><c>participation validate</c>: the table, the PASS/FAIL lines, the exit codes.</summary>
public class ValidateCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-validate-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>A folder with two tiny stand-ins for X's and H's communities (250 households, four years).</summary>
    private string Scenarios()
    {
        string dir = Path.Combine(_temp, "scenarios");
        Directory.CreateDirectory(dir);
        const string json = """
            {
              "name": "NAME", "seed": 5,
              "calendar": { "start": "2016-01-04", "end": "2019-12-31", "registerDate": "2019-12-31", "reportFrom": "2017-01-01" },
              "compounds": { "old": { "type": "old", "households": 150, "buildings": 6 }, "new": { "type": "commercial", "households": 100, "buildings": 2 } },
              "decision": { "intercept": -6.5 },
              "policies": { "honours": { "kind": "honours", "start": "2017-01-01", "scale": 0.12 } }
            }
            """;
        File.WriteAllText(Path.Combine(dir, ValidateCommand.XFile), json.Replace("NAME", "tiny X"));
        File.WriteAllText(Path.Combine(dir, ValidateCommand.HFile), json.Replace("NAME", "tiny H"));
        return dir;
    }

    [Fact]
    public void Validate_prints_a_verdict_per_judged_figure_and_writes_the_table()
    {
        string dir = Scenarios(), results = Path.Combine(_temp, "out");
        var (code, output, error) = CliRunner.Run("validate", dir, "--replications", "2", "--out", results);
        Assert.True(code == Program.Ok, error);

        var lines = File.ReadAllLines(Path.Combine(results, "validation.csv"));
        Assert.Equal("check,measure,figure,low,high,unit,reference,criterion,passed,n", lines[0]);
        var rows = lines.Skip(1).Select(TestCsv.Split).ToList();
        var judged = rows.Where(r => r[8] != "").ToList();
        Assert.All(judged, r => Assert.Contains(r[8], new[] { "True", "False" }));
        foreach (var check in Participation.Experiments.Validation.ValidationSuite.Checks)
            Assert.Contains(judged, r => r[0] == check);

        // One PASS or FAIL line per judged row, each under its check's heading; the tally at the end.
        int pass = output.Split('\n').Count(l => l.TrimStart().StartsWith("PASS  ")), fail = output.Split('\n').Count(l => l.TrimStart().StartsWith("FAIL  "));
        Assert.Equal(judged.Count(r => r[8] == "True"), pass);
        Assert.Equal(judged.Count(r => r[8] == "False"), fail);
        Assert.Contains($"{pass} passed, {fail} failed of {judged.Count} judged figures.", output);
        Assert.Contains("h_attitude_behaviour_gap", output);
        Assert.Contains("reference:", output);

        Assert.True(File.Exists(Path.Combine(results, "manifest.json")));
        var manifest = File.ReadAllText(Path.Combine(results, "manifest.json"));
        Assert.Contains("\"replications\": 2", manifest);
        Assert.Contains("validation.csv", manifest);
    }

    [Fact]
    public void Strict_exits_non_zero_only_when_a_check_failed()
    {
        string dir = Scenarios(), results = Path.Combine(_temp, "strict");
        var (code, _, error) = CliRunner.Run("validate", dir, "--replications", "2", "--out", results, "--strict", "--quiet");
        bool anyFailed = File.ReadAllLines(Path.Combine(results, "validation.csv")).Skip(1).Any(l => TestCsv.Split(l)[8] == "False");
        Assert.True(code == (anyFailed ? ValidateCommand.Failed : Program.Ok), error);
    }

    [Theory]
    [InlineData("--replications", "1", "--replications 1")]
    [InlineData("--fork-every", "0", "--fork-every 0")]
    public void Bad_options_stop_with_exit_code_2_naming_the_option(string option, string value, string named)
    {
        var (code, _, error) = CliRunner.Run("validate", Scenarios(), option, value, "--out", Path.Combine(_temp, "bad"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(named, error);
    }

    [Fact]
    public void A_folder_without_the_study_scenarios_is_bad_input()
    {
        string empty = Path.Combine(_temp, "empty");
        Directory.CreateDirectory(empty);
        var (code, _, error) = CliRunner.Run("validate", empty, "--out", Path.Combine(_temp, "none"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains(ValidateCommand.XFile, error);
        var (missing, _, error2) = CliRunner.Run("validate", Path.Combine(_temp, "nowhere"));
        Assert.Equal(Program.BadInput, missing);
        Assert.Contains("no such folder", error2);
    }
}
