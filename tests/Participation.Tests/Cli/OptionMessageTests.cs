using System.CommandLine;
using Participation.Cli;
using Participation.Cli.Commands;

namespace Participation.Tests.Cli;

/// <summary>
/// Every typed option of every command (and of the experiments <c>slurm</c> runs) refuses a bad value in words
/// ("a whole number", "true or false", "a date as yyyy-MM-dd"), with exit 2 and one line, never with a .NET type name
/// such as <c>System.Nullable`1[System.Int64]</c>. The commands are found by walking the command tree, so an option
/// added later is covered without a change here.
/// </summary>
public class OptionMessageTests
{
    /// <summary>Bad values for a value type, with the words the message must use (null: only "no type name").</summary>
    private static (string Value, string? Words)[] BadValues(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(int) || t == typeof(long) =>
                [("1.5", "expected a whole number"), ("abc", "expected a whole number"), ("1e3", "expected a whole number"), ("99999999999999999999999", "of at most"), ("-99999999999999999999999", "of at least"), ("", "expected a whole number")],
            var t when t == typeof(bool) => [("maybe", null), ("yes", null)],
            var t => throw new Xunit.Sdk.XunitException($"a typed option of {t} that this test has no bad values for"),
        };

    /// <summary>Options whose text the command parses itself as a date.</summary>
    private static readonly string[] DateOptions = ["--until", "--checkpoint-at"];

    private static IEnumerable<(string[] Path, Command Command)> Walk(Command command, string[] path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var found in Walk(sub, [.. path, sub.Name]))
                yield return found;
    }

    private static readonly string Scenario = Path.Combine(TestScenarios.RepoRoot(), "scenarios", "x-shaoxing.json");

    /// <summary>The command path and a scenario for each of its arguments (a parse error comes before any is read; a date is checked before anything runs).</summary>
    private static string[] Prefix(string[] path, Command command, Option tested) =>
    [
        .. path, .. command.Arguments.Select(_ => Scenario),
        .. command.Options.Where(o => o.Required && o != tested).SelectMany(o => new[] { o.Name, o.ValueType == typeof(int) ? "2" : "x" }),
    ];

    private static void Refused(string[] args, string option, string? words)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        string shown = string.Join(' ', args.Select(a => $"[{a}]"));
        Assert.True(code == Program.BadInput, $"{shown}: exit {code}: {stderr}{stdout}");
        foreach (var typeName in new[] { "System.", "Nullable", "Int32", "Int64", "Boolean", "internal error" })
            Assert.False(stderr.Contains(typeName), $"{shown}: {stderr}");
        Assert.True(stderr.Split('\n').Count(l => l.StartsWith("error: ", StringComparison.Ordinal)) == 1, $"{shown}: not one error line: {stderr}");
        if (words is not null) Assert.True(stderr.Contains(option) && stderr.Contains(words), $"{shown}: expected '{words}' about {option}: {stderr}");
    }

    [Fact]
    public void The_issues_examples_say_a_whole_number()
    {
        var (code, _, stderr) = CliRunner.Run("run", Scenario, "--seed", "abc");
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: --seed 'abc': expected a whole number\n", stderr.ReplaceLineEndings("\n"));
        (code, _, stderr) = CliRunner.Run("run", Scenario, "--replications", "2.5");
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: --replications '2.5': expected a whole number\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_typed_option_of_every_command_refuses_a_bad_value_in_words()
    {
        var root = OptionValues.Describe(Program.Commands(TextWriter.Null, TextWriter.Null));
        int checkedOptions = 0;
        foreach (var (path, command) in Walk(root, []))
        {
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(void)))
            {
                if (option.ValueType == typeof(string) || option.ValueType == typeof(string[]))
                {
                    if (DateOptions.Contains(option.Name))
                    {
                        foreach (var bad in new[] { "2024-13-01", "tomorrow", "2024-02-30", "1.5" })
                            Refused([.. Prefix(path, command, option), option.Name, bad], option.Name, "expected a date");
                        checkedOptions++;
                    }
                    continue;
                }
                foreach (var (value, words) in BadValues(option.ValueType))
                {
                    // As "--name value" and as "--name=value": System.CommandLine parses both.
                    Refused([.. Prefix(path, command, option), option.Name, value], option.Name, words);
                    Refused([.. Prefix(path, command, option), $"{option.Name}={value}"], option.Name, value.Length == 0 ? "Required argument missing" : words);
                    foreach (var alias in option.Aliases) Refused([.. Prefix(path, command, option), alias, value], option.Name, words);
                }
                checkedOptions++;
            }
        }
        Assert.True(checkedOptions >= 25, $"only {checkedOptions} typed options found");
    }

    [Fact]
    public void The_experiments_slurm_runs_refuse_bad_values_in_words_too()
    {
        var experiments = new (string Name, Command Command)[]
        {
            ("sweep", new SweepCommand.Options().Command()), ("sensitivity", new SensitivityCommand.Options().Command()),
            ("calibrate", new CalibrateCommand.Options().Command()),
        };
        int checkedOptions = 0;
        foreach (var (name, command) in experiments)
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(void) && o.ValueType != typeof(string) && o.ValueType != typeof(string[])))
            {
                if (option.Name is "--threads" or "--shard") continue; // slurm sets these itself (and says so)
                foreach (var (value, words) in BadValues(option.ValueType))
                {
                    var (code, _, stderr) = CliRunner.Run(["slurm", "--shards", "2", "--out", Path.Combine(Path.GetTempPath(), "never-written"), "--", name, Scenario, option.Name, value]);
                    Assert.True(code == Program.BadInput, $"slurm -- {name} {option.Name} {value}: exit {code}: {stderr}");
                    Assert.DoesNotContain("System.", stderr);
                    if (words is not null) Assert.Contains($"{option.Name} '{value}': expected", stderr);
                    if (words is not null) Assert.Contains(words, stderr);
                }
                checkedOptions++;
            }
        Assert.True(checkedOptions >= 8, $"only {checkedOptions} typed options found");
    }
}
