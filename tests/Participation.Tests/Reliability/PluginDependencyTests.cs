using System.Diagnostics;
using Participation.Cli;
using Xunit.Abstractions;

namespace Participation.Tests.Reliability;

/// <summary>
/// A <c>--plugin</c> whose dependency is missing is refused with what is missing (the assembly, its version, where to
/// put it), wherever the plugin first needs it: to list its types, to register its kinds, or only when a run makes a
/// policy of its kind; never "cannot write results" or an internal error. A dependency beside the plugin is found.
/// Each case runs the command in a child process: a process loads an assembly of a given name once.
/// </summary>
public class PluginDependencyTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-plugin-dep-").FullName;
    private readonly string _scenario;
    private readonly ITestOutputHelper _output;

    public PluginDependencyTests(ITestOutputHelper output)
    {
        _output = output;
        _scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(_scenario, TestScenarios.TinyJson);
    }

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The plugin, needing its dependency where <paramref name="need"/> says, in a folder with the dependency or without it.</summary>
    private string Plugin(PluginAssemblies.Need need, bool withDependency)
    {
        string build = Directory.CreateDirectory(Path.Combine(_temp, $"build-{need}")).FullName;
        string dependency = PluginAssemblies.WriteDependency(build);
        string plugin = PluginAssemblies.WritePlugin(build, dependency, need);
        string folder = Directory.CreateDirectory(Path.Combine(_temp, $"{need}-{(withDependency ? "with" : "without")}")).FullName;
        File.Copy(plugin, Path.Combine(folder, Path.GetFileName(plugin)));
        if (withDependency) File.Copy(dependency, Path.Combine(folder, Path.GetFileName(dependency)));
        return Path.Combine(folder, Path.GetFileName(plugin));
    }

    private static (int Code, string Out, string Err) Child(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliRunner.CliDll());
        foreach (var a in args) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var err = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the command did not finish");
        return (child.ExitCode, output, err.Result);
    }

    private void SaysWhatIsMissing((int Code, string Out, string Err) result)
    {
        var (code, stdout, stderr) = result;
        _output.WriteLine(stderr);
        Assert.True(code == Program.BadInput, $"exit {code}: {stderr}{stdout}");
        Assert.DoesNotContain("cannot write results", stderr);
        Assert.DoesNotContain("internal error", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Contains("Needed", stderr);
        Assert.Contains("1.2.3", stderr);
        Assert.Contains("Needed.dll", stderr);
        Assert.Equal(2, stderr.Split('\n').Length);
    }

    [Theory]
    [InlineData(PluginAssemblies.Need.ToRegister)]
    [InlineData(PluginAssemblies.Need.ToListTypes)]
    public void A_missing_dependency_is_named_when_the_plugin_is_loaded(PluginAssemblies.Need need)
    {
        string plugin = Plugin(need, withDependency: false);
        var result = Child("inspect", _scenario, "--no-scenario", "--plugin", plugin);
        SaysWhatIsMissing(result);
        Assert.Contains("--plugin", result.Err);
    }

    [Fact]
    public void A_dependency_needed_only_by_a_run_is_named_too()
    {
        string plugin = Plugin(PluginAssemblies.Need.ToRun, withDependency: false);
        string scenario = Path.Combine(_temp, "needy.json");
        File.WriteAllText(scenario, TestScenarios.TinyJson.Replace("\"kind\": \"registrationDrive\"", $"\"kind\": \"{PluginAssemblies.Kind}\""));
        SaysWhatIsMissing(Child("run", scenario, "--plugin", plugin, "--out", Path.Combine(_temp, "out"), "--quiet"));
    }

    [Fact]
    public void A_dependency_beside_the_plugin_is_found()
    {
        string plugin = Plugin(PluginAssemblies.Need.ToRegister, withDependency: true);
        var (code, stdout, stderr) = Child("inspect", _scenario, "--no-scenario", "--plugin", plugin);
        Assert.True(code == 0, stderr);
        Assert.Contains("households 150", stdout);
    }
}
