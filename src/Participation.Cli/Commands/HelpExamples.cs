using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Participation.Cli.Commands;

/// <summary>
/// Examples shown by <c>--help</c>. System.CommandLine 2.0 has no examples section, so they are appended to each
/// command's description, one per line.
/// </summary>
internal static class HelpExamples
{
    /// <summary>Examples by command name ("" for the root command).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByCommand = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] =
        [
            "participation new my-community.json",
            "participation run scenarios/x-shaoxing.json --replications 8 --report",
            "participation compare scenarios/x-shaoxing.json scenarios/x-policies/insurance.json --replications 8 --report",
            "participation report results/x-shaoxing-20250101-120000",
        ],
        ["run"] =
        [
            "participation run scenarios/x-shaoxing.json",
            "participation run scenarios/x-shaoxing.json --replications 8 --out results/x8 --report",
            "participation run scenarios/x-shaoxing.json --set decision.intercept=-6.5 --no-policies --quiet",
            "participation run scenarios/x-shaoxing.json --checkpoint-at 2024-01-01 --out results/x-burnin",
            "participation run scenarios/x-policies/insurance.json --from results/x-burnin/checkpoint.bin --out results/x-insurance",
            "participation run examples/CustomPolicy/elder-canteen.json --plugin examples/CustomPolicy/bin/Release/net10.0/CustomPolicy.dll",
        ],
        ["rerun"] =
        [
            "participation rerun results/x8/manifest.json --out results/x8-again",
        ],
        ["inspect"] =
        [
            "participation inspect scenarios/x-shaoxing.json",
            "participation inspect scenarios/x-shaoxing.json --set compounds.oldNorth.households=800 --no-scenario",
        ],
        ["compare"] =
        [
            "participation compare scenarios/x-shaoxing.json scenarios/x-policies/insurance.json scenarios/x-policies/points.json --replications 8 --report",
            "participation compare scenarios/x-shaoxing.json scenarios/x-policies/*.json --until 2030-12-31 --out results/policies",
        ],
        ["sweep"] =
        [
            "participation sweep scenarios/x-shaoxing.json --vary roles.exitNew=0.02:0.2:5 --replications 2 --report",
            "participation sweep scenarios/x-shaoxing.json --vary decision.intercept=-8:-5 --vary roles.exitNew=0.02:0.2 --design lhs --samples 40",
            "participation sweep scenarios/x-shaoxing.json --vary roles.exitNew=0.02:0.2:5 --out results/sweep --resume",
            "participation sweep scenarios/x-shaoxing.json --vary roles.exitNew=0.02:0.2:5 --shard 0/4 --out results/sweep/shards/0",
        ],
        ["merge"] =
        [
            "participation merge results/sweep/shards/0 results/sweep/shards/1 results/sweep/shards/2 --out results/sweep/merged",
        ],
        ["slurm"] =
        [
            "participation slurm scenarios/x-shaoxing.json --vary roles.exitNew=0.02:0.2:20 --replications 10 --shards 16 --partition short --time 02:00:00 --mem 2G --out results/sweep",
            "participation slurm sensitivity scenarios/x-shaoxing.json --vary decision.intercept=-8:-5 --vary roles.exitNew=0.02:0.2 --method sobol --outcome participation_rate_month --shards 32 --submit",
        ],
        ["sensitivity"] =
        [
            "participation sensitivity scenarios/x-shaoxing.json --vary decision.intercept=-8:-5 --vary roles.exitNew=0.02:0.2 --method morris --outcome participation_rate_month",
        ],
        ["calibrate"] =
        [
            "participation calibrate scenarios/x-shaoxing.json --targets scenarios/targets/x-shaoxing.json --budget 40",
            "participation calibrate scenarios/x-shaoxing.json --targets scenarios/targets/x-shaoxing.json --budget 4 --replications 1 --out results/fit",
        ],
        ["validate"] = ["participation validate", "participation validate scenarios --replications 12 --out results/validation --strict"],
        ["report"] =
        [
            "participation report results/x-shaoxing-20250101-120000",
            "participation report results/policies -o policies.html",
        ],
        ["new"] =
        [
            "participation new my-community.json",
            "participation new scenarios/mine.json --name \"Riverside Community\"",
        ],
        ["serve"] =
        [
            "participation serve",
            "participation serve --workspace my-study --port 8080",
            "participation serve --host 0.0.0.0 --token 3f9c2a7d1e8b4c6f0a5d9e2b7c1f4a8e",
        ],
        ["scenarios"] =
        [
            "participation scenarios list",
            "participation scenarios copy x-shaoxing",
            "participation scenarios copy x-policies/insurance my-study",
            "participation scenarios copy all",
        ],
        ["completion"] =
        [
            "participation completion bash",
            "participation completion zsh",
            "participation completion powershell",
        ],
    };

    /// <summary>
    /// When <paramref name="parse"/> asks for help, appends the examples to the description of the command it is for (only
    /// that one, so the root's list of commands keeps one line each).
    /// </summary>
    public static void Attach(ParseResult parse)
    {
        if (parse.Action is not HelpAction) return;
        var command = parse.CommandResult.Command;
        Append(command, command.Parents.Any() ? command.Name : "");
    }

    private static void Append(Command command, string name)
    {
        if (!ByCommand.TryGetValue(name, out var examples) || examples.Length == 0) return;
        command.Description = (command.Description ?? "").TrimEnd() + "\n\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e));
    }
}

/// <summary>
/// <c>participation --version</c>: prints the tool's informational version (version+commit, as in every manifest). The built-in
/// action prints the entry assembly's version, which is the test host's when the CLI runs in process.
/// </summary>
internal sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    /// <summary>The tool's version with the git commit after '+'.</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Gives the root command's --version option this action.</summary>
    public static void Attach(Command root, TextWriter output)
    {
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction(output);
    }

    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(Version);
        return Program.Ok;
    }
}
