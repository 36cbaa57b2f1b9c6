using Participation.Simulation;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Scenarios;

namespace Participation.Tests.Reliability;

/// <summary>
/// Every file the user names is read through <see cref="InputFile"/>: regular files only, with a hard byte limit. A
/// device (<c>/dev/zero</c> would be read until memory runs out) or a named pipe (opening one blocks until a writer
/// comes) is refused in one line with exit 2, wherever it is named: the scenario, a file it extends, <c>--from</c>,
/// <c>--targets</c>, a manifest's <c>from</c>, a report's tables, a merge's journal, <c>--plugin</c>. These run the
/// command in a child process with a timeout, so a regression fails the test instead of hanging or killing it.
/// </summary>
public class InputFileTests : ReliabilityCli
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>A named pipe in the test folder (no writer ever opens it).</summary>
    private string Fifo(string name = "pipe.json")
    {
        string path = Path.Combine(Temp, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Asserts a clean refusal: exit 2 within the limit, one line of error naming <paramref name="what"/>.</summary>
    private static void Refused(CliRunner.ChildResult r, string what)
    {
        Assert.False(r.TimedOut, $"the command hung: {r}");
        Assert.True(r.Code == 2, $"expected exit 2: {r}");
        string err = r.Err.Trim();
        Assert.DoesNotContain('\n', err);
        Assert.StartsWith("error: ", err);
        Assert.Contains(what, err);
        Assert.DoesNotContain("   at ", err);
    }

    private CliRunner.ChildResult Child(params string[] args) => CliRunner.RunChild(Limit, null, Temp, args);

    [Fact]
    public void A_device_or_a_pipe_as_the_scenario_is_refused_in_one_line()
    {
        if (OperatingSystem.IsWindows()) return;
        Refused(Child("run", "/dev/zero", "--out", Path.Combine(Temp, "a")), "not a regular file (a character device");
        Refused(Child("inspect", Fifo()), "not a regular file (a named pipe");
        Refused(Child("inspect", "/dev/null"), "not a regular file");
        Refused(Child("run", Temp, "--out", Path.Combine(Temp, "b")), "not a regular file (a folder)");
    }

    [Fact]
    public void A_device_or_a_pipe_that_a_scenario_extends_is_refused_naming_the_extends_key()
    {
        if (OperatingSystem.IsWindows()) return;
        Fifo("base.json");
        string variant = Path.Combine(Temp, "variant.json");
        File.WriteAllText(variant, """{ "extends": "base.json", "seed": 3 }""");
        var r = Child("run", variant, "--out", Path.Combine(Temp, "out"));
        Refused(r, "extends = base.json: expected a regular scenario file");
        Assert.Contains("a named pipe", r.Err);

        File.CreateSymbolicLink(Path.Combine(Temp, "zero.json"), "/dev/zero");
        File.WriteAllText(variant, """{ "extends": "zero.json" }""");
        Refused(Child("inspect", variant), "extends = zero.json");
    }

    [Fact]
    public void A_device_or_a_pipe_as_a_checkpoint_a_targets_file_or_a_plugin_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        string pipe = Fifo("pipe.bin");
        Refused(Child("run", "--from", "/dev/zero", "--out", Path.Combine(Temp, "a")), "not a regular file (a character device");
        Refused(Child("run", "--from", pipe, "--out", Path.Combine(Temp, "b")), "not a regular file (a named pipe");
        Refused(Child("calibrate", Scenario, "--targets", "/dev/zero", "--out", Path.Combine(Temp, "c")), "not a regular file (a character device");
        Refused(Child("calibrate", Scenario, "--targets", pipe, "--out", Path.Combine(Temp, "d")), "not a regular file (a named pipe");
        Refused(Child("inspect", Scenario, "--plugin", pipe), "--plugin");
    }

    [Fact]
    public void A_manifest_whose_checkpoint_is_a_device_and_a_report_whose_table_is_a_pipe_are_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        string run = Path.Combine(Temp, "run");
        Ok(Cli("run", Scenario, "--out", run, "--quiet", "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2017-03-31"));
        string manifest = Path.Combine(run, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["from"] = "/dev/zero";
        File.WriteAllText(manifest, json.ToJsonString());
        Refused(Child("rerun", manifest, "--out", Path.Combine(Temp, "again")), "not a regular file (a character device");

        // The report reads the tables: one that is a pipe is refused, not waited on.
        json.Remove("from");
        File.WriteAllText(manifest, json.ToJsonString());
        File.Delete(Path.Combine(run, "summary.csv"));
        Fifo(Path.Combine("run", "summary.csv"));
        var r = Child("report", run, "-o", Path.Combine(Temp, "report.html"));
        Assert.False(r.TimedOut, $"the report hung on a pipe: {r}");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("not a regular file (a named pipe", r.Err);
    }

    [Fact]
    public void A_merge_whose_journal_is_a_pipe_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        string[] shards = [Path.Combine(Temp, "shard0"), Path.Combine(Temp, "shard1")];
        for (int k = 0; k < 2; k++)
            Ok(Cli("sweep", Scenario, "--vary", "roles.exitNew=0.1:0.2:2", "--replications", "1", "--shard", $"{k}/2", "--out", shards[k], "--quiet",
                "--set", "calendar.end=2017-03-31", "--set", "calendar.registerDate=2017-03-31"));
        string journal = Path.Combine(shards[0], Participation.Experiments.Sweeps.SweepJournal.FileName);
        File.Delete(journal);
        Fifo(Path.GetRelativePath(Temp, journal));
        var r = Child("merge", shards[0], shards[1], "--out", Path.Combine(Temp, "merged"));
        Assert.False(r.TimedOut, $"the merge hung on a pipe: {r}");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("not a regular file (a named pipe", r.Err);
    }

    [Fact]
    public void A_scenario_over_16_MiB_says_how_large_it_is_and_what_is_allowed()
    {
        string big = Path.Combine(Temp, "big.json");
        using (var f = File.Create(big)) f.SetLength(ScenarioLoader.MaxBytes + 10L);
        var (code, _, err) = Cli("inspect", big);
        Assert.Equal(2, code);
        Assert.Contains($"({ScenarioLoader.MaxBytes + 10L:N0} bytes): expected a regular scenario file of at most {ScenarioLoader.MaxBytes:N0} bytes (16 MiB)", err);
        Assert.DoesNotContain("no such file", err);
    }

    [Fact]
    public void The_reader_takes_no_more_than_its_limit_from_a_file_of_any_kind()
    {
        // The limit holds whatever the file claims to be; here a regular file, then /dev/zero (which claims 0 bytes).
        string path = Path.Combine(Temp, "nine.txt");
        File.WriteAllText(path, "123456789");
        Assert.Equal("123456789", InputFile.ReadAllText(path, 9));
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(path, 8));
        Assert.Equal("9 bytes", e.Found);
        Assert.Equal("no such file", Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(Path.Combine(Temp, "none"))).Found);
        if (OperatingSystem.IsWindows()) return;
        foreach (var device in new[] { "/dev/zero", "/dev/urandom", "/dev/null" })
        {
            var refused = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(device));
            Assert.StartsWith("not a regular file", refused.Found);
        }
        Assert.StartsWith("not a regular file (a named pipe", Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(Fifo())).Found);
    }
}
