using System.Diagnostics;

namespace Participation.Tests.Cli;

/// <summary>Runs the scripts <c>participation slurm</c> writes the way Slurm would, without Slurm.</summary>
internal static class SlurmScripts
{
    /// <summary>
    /// Runs each (script, array task) in turn with bash, as Slurm would start it (<c>SLURM_ARRAY_TASK_ID</c> set for a
    /// task, one CPU), and asserts each exits 0.
    /// </summary>
    public static async Task RunAsSlurm(string jobFolder, params (string Script, string Task)[] steps)
    {
        foreach (var (script, task) in steps)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(jobFolder, script));
            if (task.Length > 0) start.Environment["SLURM_ARRAY_TASK_ID"] = task;
            start.Environment["SLURM_CPUS_PER_TASK"] = "1";
            start.Environment.Remove("PARTICIPATION");
            using var p = Process.Start(start)!;
            var err = p.StandardError.ReadToEndAsync();
            string output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, $"{script} {task}: {output}{await err}");
        }
    }
}
