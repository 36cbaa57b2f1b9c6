using Participation.Cli;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests.Reliability;

/// <summary>
/// Messages give the real reason: a checkpoint cut short is called truncated, not "not a checkpoint" (it starts with
/// the magic); a shard file that cannot be read is bad input, not "cannot write results".
/// </summary>
public class TruthfulMessageTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-truth-").FullName;

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static byte[] SmallCheckpoint()
    {
        var scenario = ScenarioLoader.LoadJson(TestScenarios.TinyJson);
        var model = Model.Create(scenario, 7);
        model.RunUntil(2);
        using var stream = new MemoryStream();
        Checkpoint.Write(stream, scenario, 7, 2, [7UL], [model.SaveState()]);
        return stream.ToArray();
    }

    [Fact]
    public void A_20_byte_checkpoint_that_starts_with_the_magic_is_called_truncated()
    {
        string file = Path.Combine(_temp, "cut.bin");
        File.WriteAllBytes(file, SmallCheckpoint()[..20]);
        var (code, _, stderr) = CliRunner.Run("run", "--from", file, "--out", Path.Combine(_temp, "out"));
        Assert.Equal(Program.BadInput, code);
        Assert.Contains("truncated", stderr);
        Assert.Contains("holds 20 bytes", stderr);
        Assert.DoesNotContain("does not start with", stderr);
    }

    [Fact]
    public void A_checkpoint_cut_at_any_length_is_called_truncated_or_empty_and_only_other_files_not_a_checkpoint()
    {
        byte[] bytes = SmallCheckpoint();
        var lengths = Enumerable.Range(0, 120).Concat(Enumerable.Range(1, 200).Select(k => (int)((long)bytes.Length * k / 201))).Distinct();
        foreach (int length in lengths)
        {
            var e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(bytes[..length], "cut.bin"));
            Assert.DoesNotContain("does not start with", e.Message);
            Assert.True(e.Message.Contains("truncated") || e.Message.Contains("empty"), $"{length} of {bytes.Length} bytes: {e.Message}");
        }
        // What does not start with the magic (or a beginning of it) is not a checkpoint, at any length.
        foreach (var other in new[] { "P"u8.ToArray(), "PARTICIPATION-CX"u8.ToArray(), "{\"seed\": 1}"u8.ToArray(), [0, 1, 2], [.. "X"u8, .. bytes[1..]] })
        {
            var e = Assert.Throws<CheckpointException>(() => Checkpoint.Read(other, "other.bin"));
            Assert.True(other is [(byte)'P'] ? e.Message.Contains("truncated") : e.Message.Contains("is not a checkpoint file"), e.Message);
        }
    }

    [Fact]
    public void A_shard_file_that_cannot_be_read_is_bad_input_not_a_failure_to_write()
    {
        if (!OperatingSystem.IsLinux()) return; // the unreadable file below is Linux's /proc/self/mem
        string scenario = Path.Combine(_temp, "tiny.json");
        File.WriteAllText(scenario, TestScenarios.TinyJson);
        string[] sweep = ["sweep", scenario, "--vary", "roles.exitNew=0.1:0.2:2", "--quiet"];
        string a = Path.Combine(_temp, "a"), b = Path.Combine(_temp, "b");
        Assert.Equal(0, CliRunner.Run([.. sweep, "--shard", "0/2", "--out", a]).Code);
        Assert.Equal(0, CliRunner.Run([.. sweep, "--shard", "1/2", "--out", b]).Code);
        // Shard 1's design.csv replaced by a file that exists but fails to read (an I/O error, as a failing disk gives;
        // tests run as root, so a file without read permission would still be read).
        File.Delete(Path.Combine(b, "design.csv"));
        File.CreateSymbolicLink(Path.Combine(b, "design.csv"), "/proc/self/mem");
        var (code, _, stderr) = CliRunner.Run("merge", a, b, "--out", Path.Combine(_temp, "merged"));
        Assert.Equal(Program.BadInput, code);
        Assert.DoesNotContain("cannot write results", stderr);
        // The file is named with what went wrong, in the words every input file is refused in (InputFile).
        Assert.Contains("design.csv: cannot be read (Input/output error", stderr);
        Assert.False(Directory.Exists(Path.Combine(_temp, "merged")));
    }
}
