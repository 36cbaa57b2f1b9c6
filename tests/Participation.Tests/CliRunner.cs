using Participation.Cli;

namespace Participation.Tests;

/// <summary>Runs the participation command in process and captures what it prints.</summary>
internal static class CliRunner
{
    /// <summary>The exit code, standard output and standard error of <c>participation args…</c>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
