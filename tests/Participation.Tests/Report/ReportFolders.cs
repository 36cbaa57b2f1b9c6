using Participation.Cli;

namespace Participation.Tests.Report;

/// <summary>
/// Real results folders made once for the report tests by the participation command itself, on small scenarios: a run
/// (with <c>--report</c>), a comparison, a sweep, a calibration, a sensitivity analysis and a validation. A few seconds in all.
/// </summary>
public sealed class ReportFolders : IDisposable
{
    public ReportFolders()
    {
        Root = Directory.CreateTempSubdirectory("participation-report-").FullName;
        string small = Path.Combine(Root, "small.json");
        File.WriteAllText(small, """
        {
          "name": "small test community <&>",
          "seed": 11,
          "calendar": { "start": "2012-01-02", "end": "2019-12-31", "registerDate": "2019-12-31", "reportFrom": "2016-01-01" },
          "compounds": {
            "old": { "type": "old", "households": 500, "buildings": 20 },
            "new": { "type": "commercial", "households": 400, "buildings": 6 }
          },
          "policies": { "drive": { "kind": "registrationDrive", "start": "2019-03-01", "end": "2019-12-31", "scale": 1.5 } }
        }
        """);
        string tiny = Path.Combine(Root, "tiny.json");
        File.WriteAllText(tiny, TestScenarios.TinyJson);
        string points = Path.Combine(Root, "points.json");
        File.WriteAllText(points, """
        { "extends": "tiny.json", "name": "tiny with points",
          "policies": { "points": { "kind": "points", "start": "2017-01-01", "scale": 1 } } }
        """);
        string targets = Path.Combine(Root, "targets.json");
        File.WriteAllText(targets, """
        {
          "description": "test targets",
          "targets": {
            "participation_rate_month": { "value": 0.1, "tolerance": 0.05, "source": "made up" },
            "top10_task_share": { "value": 0.5, "tolerance": 0.1, "source": "made up, \"quoted\"" }
          },
          "parameters": { "decision.intercept": { "min": -8, "max": -5 } }
        }
        """);

        Run = Path.Combine(Root, "run");
        RunOutput = Cli("run", small, "--replications", "2", "--out", Run, "--report");
        Compare = Path.Combine(Root, "compare");
        Cli("compare", tiny, points, "--replications", "2", "--out", Compare, "--quiet");
        Sweep = Path.Combine(Root, "sweep");
        Cli("sweep", tiny, "--vary", "decision.intercept=-8:-5:3", "--replications", "2", "--out", Sweep, "--quiet");
        Calibration = Path.Combine(Root, "calibration");
        Cli("calibrate", tiny, "--targets", targets, "--budget", "2", "--replications", "1", "--out", Calibration, "--quiet");
        Sensitivity = Path.Combine(Root, "sensitivity");
        Cli("sensitivity", tiny, "--vary", "decision.intercept=-8:-5", "--vary", "roles.exitNew=0.02:0.2", "--method", "morris",
            "--outcome", "participation_rate_month", "--samples", "3", "--out", Sensitivity, "--quiet");
        // validate reads x-shaoxing.json and h-shenzhen.json from a folder: the tiny community under both names, two years of burn-in.
        string studies = Path.Combine(Root, "studies");
        Directory.CreateDirectory(studies);
        foreach (var name in new[] { "x-shaoxing.json", "h-shenzhen.json" })
            File.WriteAllText(Path.Combine(studies, name), TestScenarios.TinyJson.Replace("\"start\": \"2016-01-04\"", "\"start\": \"2014-01-06\""));
        Validation = Path.Combine(Root, "validation");
        Cli("validate", studies, "--replications", "2", "--out", Validation, "--quiet");
    }

    public string Root { get; }
    public string Run { get; }
    public string RunOutput { get; }
    public string Compare { get; }
    public string Sweep { get; }
    public string Calibration { get; }
    public string Sensitivity { get; }
    public string Validation { get; }

    private static string Cli(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        if (code != 0) throw new InvalidOperationException($"participation {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ReportCollection : ICollectionFixture<ReportFolders>
{
    public const string Name = "report folders";
}
