using System.CommandLine;
using Participation.Randomness;
using Participation.Scenarios;

namespace Participation.Cli.Commands;

/// <summary>Options shared by several commands, so each is defined once.</summary>
internal static class CommonOptions
{
    public static Argument<string> Scenario() => new("scenario") { Description = "Scenario file (JSON), e.g. scenarios/x-shaoxing.json." };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a scenario value: --set path=value (dotted path, e.g. decision.intercept=-6). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    /// <summary>The <c>--seed</c> option: checked by the rule of the scenario's seed key (<see cref="MasterSeed"/>), never converted.</summary>
    public static Option<long?> Seed()
    {
        var option = new Option<long?>("--seed") { Description = $"Master seed (default: the scenario's seed): {MasterSeed.Expected}, as the scenario's seed key." };
        option.Validators.Add(result =>
        {
            // The token, not GetValueOrDefault: a value the parser already refused (not a whole number) has its own error.
            if (result.Tokens.Count > 0 && long.TryParse(result.Tokens[^1].Value, System.Globalization.NumberStyles.Integer,
                    System.Globalization.CultureInfo.InvariantCulture, out long seed) && !MasterSeed.IsValid(seed))
                result.AddError($"--seed {seed}: expected {MasterSeed.Expected} (the rule of the scenario's seed key)");
        });
        return option;
    }

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print nothing but errors." };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Print more detail (and stack traces of internal errors)." };
}
