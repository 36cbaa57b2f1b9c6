using System.CommandLine;
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

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Every command, in the order <c>--help</c> lists them.</summary>
    internal static RootCommand Commands(TextWriter output, TextWriter error) =>
        new("Participation: an agent-based model of resident participation and backbones in Chinese urban community governance.")
        {
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
        };

    /// <summary>Runs the command line <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = Commands(output, error);
        VersionAction.Attach(root, output);
        var parse = root.Parse(args);
        HelpExamples.Attach(parse);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'participation --help' for usage.");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failures.Report(e, error, verbose: args.Contains("--verbose") || args.Contains("-v"));
        }
    }
}
