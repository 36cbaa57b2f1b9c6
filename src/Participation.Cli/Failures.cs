using System.CommandLine;
using Participation.Experiments.Results;
using Participation.Files;
using Participation.Scenarios;

namespace Participation.Cli;

/// <summary>Turns failures into one clear line and an exit code; never a stack trace unless --verbose.</summary>
internal static class Failures
{
    /// <summary>Writes <paramref name="e"/> as one line (a stack trace too when <paramref name="verbose"/> and it is a bug) and returns the exit code.</summary>
    /// <param name="e">The failure.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="verbose">Whether --verbose was given.</param>
    /// <param name="cancelled">The line for a cancelled command (<see cref="Cancelled"/>).</param>
    public static int Report(Exception e, TextWriter error, bool verbose, string cancelled = "cancelled")
    {
        // Messages quote the user's values (paths, --set values, a manifest's fields): each is written on one line, with
        // control characters escaped, so no value can add lines to the output or send a terminal escape sequence.
        static string Line(Exception x) => MessageText.Line(x.Message, MessageText.MaxLine);
        // Work run side by side (Parallel.For, tasks) fails with the first failure wrapped: report that failure.
        if (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions is [var first, ..])
            return Report(aggregate.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? first, error, verbose, cancelled);
        if (Plugins.MissingAssembly(e) is { } missing)
        {
            error.WriteLine($"error: {MessageText.Line(missing, MessageText.MaxLine)}");
            return Program.BadInput;
        }
        switch (e)
        {
            case ScenarioException s:
                error.WriteLine($"error: {Line(s)}");
                return Program.BadInput;
            case ManifestException m:
                error.WriteLine($"error: {m.Message}");
                return Program.BadInput;
            case UsageException u:
                error.WriteLine($"error: {Line(u)}");
                return Program.BadInput;
            case Participation.Experiments.ExperimentException x: // it names the setting as its option, less the dashes
                error.WriteLine($"error: --{Line(x)}");
                return Program.BadInput;
            case InputFileException f: // a file the user named cannot be read as input: bad input, not a failure to write
                error.WriteLine($"error: {f.Message}");
                return Program.BadInput;
            case UnauthorizedAccessException or IOException:
                error.WriteLine($"error: cannot write results: {Line(e)}");
                return Program.OutputError;
            case OperationCanceledException:
                error.WriteLine(cancelled);
                return Interruption.ExitCode;
            default:
                error.WriteLine($"internal error: {e.GetType().Name}: {Line(e)}");
                if (verbose) error.WriteLine(e.ToString());
                else error.WriteLine("This is a bug in participation; rerun with --verbose for details and report it.");
                return Program.InternalError;
        }
    }

    /// <summary>
    /// What a cancelled command says: how to continue it where it can continue (run and sweep, and the shards of a
    /// sensitivity analysis or a calibration design, resume with --resume); plain "cancelled" elsewhere.
    /// </summary>
    public static string Cancelled(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        bool resumable = command.Options.Any(o => o.Name == "--resume")
            && (command.Name is not ("sensitivity" or "calibrate") || command.Options.Any(o => o.Name == "--shard" && parse.GetResult(o) is { Implicit: false }));
        return resumable ? "cancelled; rerun with --resume to continue" : "cancelled";
    }
}

/// <summary>A command-line usage error (bad option value) detected after parsing.</summary>
internal sealed class UsageException(string message) : Exception(message);
