using Participation.Cli;
using Participation.Scenarios;

namespace Participation.Tests.Cli;

/// <summary>How a failure is told: the real cause, on one line, with the exit code of its kind, never a wrong reason.</summary>
public class FailuresTests
{
    private static (int Code, string Text) Report(Exception e)
    {
        var error = new StringWriter();
        int code = Failures.Report(e, error, verbose: false);
        return (code, error.ToString());
    }

    [Fact]
    public void A_failure_inside_parallel_work_is_told_as_itself_not_as_an_internal_error()
    {
        var (code, text) = Report(new AggregateException(new ScenarioException("decision.trust", "99", "a number between -50 and 50")));
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: decision.trust = 99", text);

        (code, text) = Report(new AggregateException(new OperationCanceledException(), new AggregateException(new UsageException("--x: expected y"))));
        Assert.Equal(Program.BadInput, code);
        Assert.StartsWith("error: --x: expected y", text);
    }

    [Fact]
    public void A_missing_assembly_is_named_not_taken_for_a_write_failure()
    {
        var (code, text) = Report(new FileNotFoundException("Could not load file or assembly", "Needed, Version=1.2.3.0, Culture=neutral, PublicKeyToken=null"));
        Assert.Equal(Program.BadInput, code);
        Assert.DoesNotContain("cannot write results", text);
        Assert.Contains("the assembly Needed (version 1.2.3.0)", text);

        // A file that is not an assembly is still an output error.
        (code, text) = Report(new FileNotFoundException("Could not find file '/x/summary.csv.partial'", "/x/summary.csv.partial"));
        Assert.Equal(Program.OutputError, code);
        Assert.Contains("cannot write results", text);
    }
}
