using Participation.Experiments.Results;
using Participation.Files;
using Participation.Scenarios;

namespace Participation.Cli;

/// <summary>Turns failures into one clear line and an exit code; never a stack trace unless --verbose.</summary>
internal static class Failures
{
    public static int Report(Exception e, TextWriter error, bool verbose)
    {
        // Work done in parallel wraps what failed: a bad input found inside it is still bad input.
        if (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions is [var first, ..]) return Report(first, error, verbose);
        switch (e)
        {
            case ScenarioException s:
                error.WriteLine($"error: {s.Message}");
                return Program.BadInput;
            case ManifestException m:
                error.WriteLine($"error: {m.Message}");
                return Program.BadInput;
            case UsageException u:
                error.WriteLine($"error: {u.Message}");
                return Program.BadInput;
            case InputFileException f: // a file the user named cannot be read as input: bad input, not a failure to write
                error.WriteLine($"error: {f.Message}");
                return Program.BadInput;
            case UnauthorizedAccessException or IOException:
                error.WriteLine($"error: cannot write results: {e.Message}");
                return Program.OutputError;
            case OperationCanceledException:
                error.WriteLine("cancelled");
                return 130;
            default:
                error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
                if (verbose) error.WriteLine(e.ToString());
                else error.WriteLine("This is a bug in participation; rerun with --verbose for details and report it.");
                return Program.InternalError;
        }
    }
}

/// <summary>A command-line usage error (bad option value) detected after parsing.</summary>
internal sealed class UsageException(string message) : Exception(message);
