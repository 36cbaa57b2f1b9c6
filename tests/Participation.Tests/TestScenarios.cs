using Participation.Scenarios;

namespace Participation.Tests;

/// <summary>Small scenarios built in code, so model tests do not depend on scenario files.</summary>
internal static class TestScenarios
{
    public static Dictionary<string, CompoundSettings> Compounds(params (string Name, CompoundType Type, int Households, int Buildings)[] compounds) =>
        compounds.ToDictionary(c => c.Name, c => new CompoundSettings { Type = c.Type, Households = c.Households, Buildings = c.Buildings },
            StringComparer.OrdinalIgnoreCase);

    /// <summary>About 2,500 residents in two compounds, ten years with five reported.</summary>
    public static Scenario Small(int households = 1000, int years = 10, HearingSettings? hearing = null, DecisionSettings? decision = null,
        RoleSettings? roles = null, TurnoverSettings? turnover = null, AdministrationSettings? administration = null,
        DemographySettings? demography = null, ExperienceSettings? experience = null,
        IReadOnlyDictionary<string, PolicySettings>? policies = null) => new()
    {
        Name = "test",
        Hearing = hearing ?? new(), Decision = decision ?? new(), Roles = roles ?? new(), Turnover = turnover ?? new(),
        Administration = administration ?? new(), Demography = demography ?? new(), Experience = experience ?? new(),
        Policies = policies ?? new Dictionary<string, PolicySettings>(),
        Compounds = Compounds(("old", CompoundType.Old, households / 2, Math.Max(1, households / 50)),
            ("new", CompoundType.Commercial, households - households / 2, Math.Max(1, households / 80))),
        Calendar = new CalendarSettings
        {
            Start = new DateOnly(2010, 1, 4),
            End = new DateOnly(2010 + years - 1, 12, 31),
            RegisterDate = new DateOnly(2010 + years - 1, 12, 31),
            ReportFrom = new DateOnly(2010 + years / 2, 1, 1),
        },
    };

    /// <summary>A small scenario file (1,200 households, five years, a registration drive) as a user would write it.</summary>
    public const string SmallJson = """
    {
      "name": "small test community",
      "seed": 7,
      "calendar": { "start": "2015-01-05", "end": "2019-12-31", "registerDate": "2019-12-31", "reportFrom": "2017-01-01" },
      "compounds": {
        "old": { "type": "old", "households": 700, "buildings": 28 },
        "new": { "type": "commercial", "households": 500, "buildings": 7 }
      },
      "policies": { "drive": { "kind": "registrationDrive", "start": "2019-06-01", "end": "2019-12-31", "scale": 1.5 } }
    }
    """;

    /// <summary>A tiny scenario file (150 households, two years) for command-line tests that run many times.</summary>
    public const string TinyJson = """
    {
      "name": "tiny test community",
      "seed": 7,
      "calendar": { "start": "2016-01-04", "end": "2017-12-31", "registerDate": "2017-12-31", "reportFrom": "2017-01-01" },
      "compounds": {
        "old": { "type": "old", "households": 90, "buildings": 4 },
        "new": { "type": "commercial", "households": 60, "buildings": 2 }
      },
      "decision": { "intercept": -6.5 },
      "policies": { "drive": { "kind": "registrationDrive", "start": "2017-06-01", "end": "2017-12-31", "scale": 1.5 } }
    }
    """;

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
