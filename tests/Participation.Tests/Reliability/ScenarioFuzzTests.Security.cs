using System.Diagnostics;
using System.Text;
using CsCheck;
using Participation.Simulation;
using Participation.Cli;
using Participation.Scenarios;

namespace Participation.Tests.Reliability;

/// <summary>
/// The security half of the fuzzing: random trees of symbolic links under <c>extends</c> (links to files and folders,
/// relative and absolute, chained, looping, into and out of the tree), and random hostile values written into the
/// shell scripts the tool generates.
/// </summary>
public partial class ScenarioFuzzTests
{
    /// <summary>What every file outside the tree holds (as its name and description); it must never be read.</summary>
    private const string Secret = "SECRET-7f3a";

    /// <summary>One node of a generated extends chain: how its path is named, and what is there.</summary>
    public enum LinkKind
    {
        /// <summary>A regular file (the next node, or nothing, is its base).</summary>
        File,
        /// <summary>A link to the next node, by a relative path.</summary>
        RelativeLinkToNext,
        /// <summary>A link to the next node, by an absolute path.</summary>
        AbsoluteLinkToNext,
        /// <summary>A link to a file outside the tree.</summary>
        LinkOut,
        /// <summary>A link, by a relative path that climbs out, to a file outside the tree.</summary>
        RelativeLinkOut,
        /// <summary>A regular file whose base is reached through a linked folder that leads outside.</summary>
        ThroughLinkedFolder,
        /// <summary>A regular file whose base goes up and back in (<c>../tree/…</c>) to the next node.</summary>
        UpAndBackIn,
        /// <summary>A link to the first node (a loop).</summary>
        LinkToFirst,
    }

    private static readonly Gen<LinkKind[]> GenChain = Gen.Enum<LinkKind>().Array[1, 6];

    /// <summary>True when following <paramref name="chain"/> never leaves the tree (so the scenario must load, unless it loops).</summary>
    private static bool StaysInside(LinkKind[] chain) =>
        chain.All(k => k is LinkKind.File or LinkKind.RelativeLinkToNext or LinkKind.AbsoluteLinkToNext or LinkKind.UpAndBackIn or LinkKind.LinkToFirst);

    /// <summary>Builds the chain in <paramref name="root"/> (tree/ and outside/) and returns the top scenario file.</summary>
    private static string BuildChain(string root, LinkKind[] chain)
    {
        string tree = Directory.CreateDirectory(Path.Combine(root, "tree")).FullName;
        string outside = Directory.CreateDirectory(Path.Combine(root, "outside", "deep")).FullName;
        string secretJson = $$"""{ "name": "{{Secret}}", "description": "{{Secret}}" }""";
        File.WriteAllText(Path.Combine(root, "outside", "secret.json"), secretJson);
        File.WriteAllText(Path.Combine(outside, "secret.json"), secretJson);
        Directory.CreateSymbolicLink(Path.Combine(tree, "linked"), outside);
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        string Node(int i) => i % 2 == 0 ? $"n{i}.json" : Path.Combine("sub", $"n{i}.json");
        for (int i = 0; i < chain.Length; i++)
        {
            string path = Path.Combine(tree, Node(i)), folder = Path.GetDirectoryName(path)!;
            string? next = i + 1 < chain.Length ? Path.Combine(tree, Node(i + 1)) : null;
            string Base(string? target) => target is null ? "" : $"\"extends\": \"{Path.GetRelativePath(folder, target).Replace('\\', '/')}\", ";
            string last = TestScenarios.TinyJson.Trim().TrimStart('{');
            switch (chain[i])
            {
                case LinkKind.File: File.WriteAllText(path, "{ " + Base(next) + last); break;
                case LinkKind.UpAndBackIn:
                    File.WriteAllText(path, "{ " + (next is null ? "" : $"\"extends\": \"{Path.GetRelativePath(folder, root).Replace('\\', '/')}/tree/{Node(i + 1).Replace('\\', '/')}\", ") + last);
                    break;
                case LinkKind.ThroughLinkedFolder: File.WriteAllText(path, $$"""{ "extends": "{{Path.GetRelativePath(folder, Path.Combine(tree, "linked", "secret.json")).Replace('\\', '/')}}" }"""); break;
                case LinkKind.RelativeLinkToNext when next is not null: File.CreateSymbolicLink(path, Path.GetRelativePath(folder, next)); break;
                case LinkKind.AbsoluteLinkToNext when next is not null: File.CreateSymbolicLink(path, next); break;
                case LinkKind.RelativeLinkToNext or LinkKind.AbsoluteLinkToNext: File.WriteAllText(path, TestScenarios.TinyJson); break; // the last node
                case LinkKind.LinkOut: File.CreateSymbolicLink(path, Path.Combine(root, "outside", "secret.json")); break;
                case LinkKind.RelativeLinkOut: File.CreateSymbolicLink(path, Path.GetRelativePath(folder, Path.Combine(outside, "secret.json"))); break;
                case LinkKind.LinkToFirst when i > 0: File.CreateSymbolicLink(path, Path.Combine(tree, Node(0))); break;
                case LinkKind.LinkToFirst: File.WriteAllText(path, "{ " + Base(next) + last); break;
            }
        }
        // The top file is a regular file that extends the chain: the user names it, its base is what the tree resolves.
        string top = Path.Combine(tree, "top.json");
        File.WriteAllText(top, $$"""{ "extends": "{{Node(0).Replace('\\', '/')}}" }""");
        return top;
    }

    [Fact]
    public void Random_trees_of_symbolic_links_never_lead_extends_out_of_the_tree()
    {
        if (OperatingSystem.IsWindows()) return; // creating symbolic links needs a privilege there
        string folder = Directory.CreateTempSubdirectory("fuzz-links-").FullName;
        int loaded = 0, refused = 0;
        try
        {
            GenChain.Sample(chain =>
            {
                string root = Directory.CreateDirectory(Path.Combine(folder, Guid.NewGuid().ToString("N"))).FullName;
                string top = BuildChain(root, chain);
                string what = string.Join(" -> ", chain);
                var (scenario, refusal) = LoadGuarded(() => ScenarioLoader.Load(top), what);
                if (refusal is not null)
                {
                    CheckRefusal(refusal, what);
                    Assert.False(refusal.Message.Contains(Secret), $"the secret is in the message for {what}: {refusal.Message}");
                    Assert.False(StaysInside(chain) && !chain.Contains(LinkKind.LinkToFirst), $"a chain that stays inside was refused ({what}): {refusal.Message}");
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    Assert.False(scenario!.Name.Contains(Secret) || scenario.Description.Contains(Secret), $"a file outside the tree was read for {what}");
                    Assert.True(StaysInside(chain), $"a chain that leads outside was loaded: {what}");
                    Interlocked.Increment(ref loaded);
                }
                Directory.Delete(root, recursive: true);
            }, iter: Iterations(400), print: c => string.Join(" -> ", c));
        }
        finally { Directory.Delete(folder, recursive: true); }
        Assert.True(loaded > 10 && refused > 10, $"{loaded} loaded and {refused} refused: the chains do not reach both outcomes");
    }

    /// <summary>Pieces of hostile values: shell metacharacters, quotes, line breaks, control and bidirectional characters, text.</summary>
    private static readonly string[] HostilePieces =
    [
        "\n", "\r", "\t", "'", "\"", "$", "(", ")", "`", ";", "&", "|", "\\", "!", "*", "?", "~", "#", " ", "<", ">", "{", "}", "[", "]", "=",
        ",", "$(", "${", "$'", "\\n", "\u0001", "\u001b", "\u007f", "\u0085", "\u00a0", "\u202e", "\u2028", "\ufeff", "😀", "好", "a", "Z", "0",
        "-", "--", "%", "@", "^", "touch PWNED", "; touch PWNED", "$(touch PWNED)", "`touch PWNED`",
    ];

    private static readonly Gen<string> GenHostile = Gen.OneOf(HostilePieces).Array[0, 12].Select(string.Concat);

    [Fact]
    public void Random_hostile_words_are_read_back_by_bash_exactly_and_run_nothing()
    {
        if (OperatingSystem.IsWindows()) return;
        string folder = Directory.CreateTempSubdirectory("fuzz-words-").FullName;
        try
        {
            GenHostile.Array[100, 100].Sample(words =>
            {
                string dir = Directory.CreateDirectory(Path.Combine(folder, Guid.NewGuid().ToString("N"))).FullName;
                // As the generated scripts use words: in a comment line, and as the arguments of a command.
                string joined = ShellWords.Join(words);
                Assert.DoesNotContain('\n', joined);
                Assert.DoesNotContain('\r', joined);
                File.WriteAllText(Path.Combine(dir, "words.sh"), $"#!/bin/bash\nset -euo pipefail\n# {joined}\nprintf '%s\\0' {joined}\n");
                var start = new ProcessStartInfo("bash", [Path.Combine(dir, "words.sh")])
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir,
                };
                using var bash = Process.Start(start)!;
                var err = bash.StandardError.ReadToEndAsync();
                // The bytes as bash wrote them (a reader would drop a leading U+FEFF as a byte order mark).
                using var bytes = new MemoryStream();
                bash.StandardOutput.BaseStream.CopyTo(bytes);
                string read = new UTF8Encoding(false).GetString(bytes.ToArray());
                bash.WaitForExit();
                Assert.True(bash.ExitCode == 0, $"bash failed on {joined}: {err.Result}");
                Assert.Equal(words, read.Length == 0 ? [] : read[..^1].Split('\0'));
                Assert.Empty(Directory.GetFileSystemEntries(dir, "PWNED"));
                Directory.Delete(dir, recursive: true);
            }, iter: Iterations(40), threads: 2, print: w => ShellWords.Join(w));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Random_hostile_set_values_in_slurm_scripts_reach_the_program_as_given()
    {
        if (OperatingSystem.IsWindows()) return;
        GenHostile.Array[1, 4].Sample(values =>
        {
            using var sandbox = new ScriptInjectionTests();
            sandbox.WriteAndRun("job", [sandbox.Scenario, "--vary", "roles.exitNew=0.1:0.2:2", .. values.SelectMany(v => new[] { "--set", "description=" + v })]);
        }, iter: Iterations(12), threads: 1, print: v => ShellWords.Join(v));
    }
}
