using System.CommandLine;
using System.CommandLine.Help;
using Participation.Cli.Commands;

namespace Participation.Cli;

/// <summary>The <c>participation</c> command: composes the library, the experiments layer and the console.</summary>
public static class Program
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;
    /// <summary>Exit code of bad input: a bad scenario, bad arguments or options (System.CommandLine's own 1 is mapped here too).</summary>
    public const int BadInput = 2;
    /// <summary>Exit code when results cannot be written (full disk, unwritable folder).</summary>
    public const int OutputError = 3;
    /// <summary>Exit code of a run that failed (an unexpected internal error).</summary>
    public const int InternalError = 1;

    /// <summary>Entry point: SIGINT and SIGTERM cancel the command (see <see cref="Interruption"/>).</summary>
    public static int Main(string[] args)
    {
        using var interruption = new Interruption(Console.Error, Failures.Cancelled(OptionValues.Describe(Commands(TextWriter.Null, TextWriter.Null)).Parse(args)));
        return Run(args, Console.Out, Console.Error, interruption.Signal);
    }

    /// <summary>The command's name as a user types it (the tool's command name), shown in every usage line.</summary>
    public const string Name = "participation";

    /// <summary>
    /// Every command, in the order <c>--help</c> lists them. The root is a plain command named <see cref="Name"/> with the
    /// help and version options a RootCommand would add: a RootCommand takes its name from the executable, which is
    /// "Participation.Cli" (the assembly) when installed and the test host in process.
    /// </summary>
    internal static Command Commands(TextWriter output, TextWriter error) =>
        new(Name, "Participation: an agent-based model of resident participation and backbones in Chinese urban community governance.")
        {
            new HelpOption(),
            new VersionOption(),
            RunCommand.Create(output, error),
            RerunCommand.Create(output, error),
            InspectCommand.Create(output, error),
            SweepCommand.Create(output, error),
            MergeCommand.Create(output, error),
            SlurmCommand.Create(output, error),
            SensitivityCommand.Create(output, error),
            CalibrateCommand.Create(output, error),
            CompareCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            ReportCommand.Create(output, error),
            NewCommand.Create(output, error),
            ServeCommand.Create(output, error),
            ScenariosCommand.Create(output, error),
            CompletionCommand.Create(output, error),
        };

    /// <summary>Runs the command line <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellation">Stops the command's model runs (the command then ends with exit code 130).</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var root = OptionValues.Describe(Commands(output, error));
        VersionAction.Attach(root, output);
        var parse = root.Parse(args);
        HelpExamples.Attach(parse);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {MessageText.Line(e.Message, MessageText.MaxLine)}");
            error.WriteLine("Run 'participation --help' for usage.");
            return BadInput;
        }
        try
        {
            return Interruption.With(cancellation, () =>
                parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failures.Report(e, error, verbose: args.Contains("--verbose") || args.Contains("-v"), Failures.Cancelled(parse));
        }
    }
}
