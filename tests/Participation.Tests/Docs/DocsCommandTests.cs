using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Participation.Simulation;
using Participation.Scenarios;
using Xunit.Abstractions;

namespace Participation.Tests.Docs;

/// <summary>
/// Every command block (<c>```bash</c>) of README.md and docs/*.md is run, as a user pasting them one after the other
/// into a fresh folder would, so that none can rot. The folder holds a link to <c>scenarios/</c>; the documents run in
/// order (README.md first, then docs/ by name), so a later page may use what an earlier one wrote (docs/cite.md reruns
/// the walk-through's <c>results/x</c>), and two pages writing the same folder fail as they would for the user.
/// <list type="bullet">
/// <item>An unmarked block runs with reduced sizes: at most <see cref="MaxReplications"/> replications and a tenth of
/// each compound's households (<see cref="HouseholdDivisor"/>; buildings at most the households), every line one
/// command that must exit 0 (or the code its comment names: "exit code 4 when ...").</item>
/// <item><c>&lt;!-- ci: run as written --&gt;</c> runs the block without reductions: the blocks whose outputs the docs
/// show (docs/report.png, docs/validation.md's tables; <see cref="DocFigures"/> checks them after the page ran).</item>
/// <item><c>&lt;!-- ci: parse REASON --&gt;</c> (a cluster, a benchmark, minutes of runs): every <c>participation</c>
/// command in it must parse with the real command tree, and every repository file it names must exist.</item>
/// <item><c>&lt;!-- ci: run by TEST --&gt;</c>: another test class runs it (it must exist).</item>
/// </list>
/// Outside <c>participation</c>, a block that runs may hold <c>xdg-open FILE</c> (the file must exist by then) and
/// <c>dotnet test SOLUTION</c> (the solution must exist: this test is part of it).
/// </summary>
public class DocsCommandTests(ITestOutputHelper output)
{
    /// <summary>Most replications a reduced command runs.</summary>
    public const int MaxReplications = 2;

    /// <summary>A reduced command's compounds hold this many times fewer households.</summary>
    public const int HouseholdDivisor = 10;

    internal enum Mode { Run, AsWritten, Parse, RunBy }

    /// <summary>A fenced block: its page, the line of its fence, how CI treats it, and its logical lines.</summary>
    internal sealed record Block(string Page, int Line, Mode Mode, string Note, IReadOnlyList<CommandLine> Lines);

    /// <summary>A logical line (continuations joined) without its comment, and the comment.</summary>
    internal sealed record CommandLine(int Line, string Text, string Comment);

    /// <summary>A shell word: its text after quote removal, whether any of it was quoted, and whether it is an operator.</summary>
    internal readonly record struct Word(string Text, bool Quoted, bool Operator);

    private static string Root => TestScenarios.RepoRoot();

    /// <summary>README.md, then docs/*.md by name.</summary>
    internal static IReadOnlyList<string> Pages() =>
        [.. new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal))];

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    [Fact]
    public void Every_command_block_of_the_readme_and_docs_runs()
    {
        string sandbox = Directory.CreateTempSubdirectory("participation-docs-").FullName;
        // A copy, not a symbolic link: a scenario's "extends" must not lead outside its folder through a link (the loader refuses it).
        CopyFolder(Path.Combine(Root, "scenarios"), Path.Combine(sandbox, "scenarios"));
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int ran = 0, parsed = 0;
        try
        {
            foreach (var page in Pages())
            {
                foreach (var block in Blocks(page))
                {
                    string where = $"{page}:{block.Line}";
                    switch (block.Mode)
                    {
                        case Mode.RunBy:
                            if (typeof(DocsCommandTests).Assembly.GetTypes().All(t => t.Name != block.Note))
                                failures.Add($"{where}: marked 'run by {block.Note}', but there is no test class of that name");
                            break;
                        case Mode.Parse:
                            foreach (var line in block.Lines) failures.AddRange(ParseCheck(line).Select(f => $"{page}:{line.Line}: {f}"));
                            parsed++;
                            break;
                        default:
                            foreach (var line in block.Lines)
                            {
                                var failure = RunLine(line, block.Mode == Mode.AsWritten, sandbox);
                                if (failure is not null) failures.Add($"{page}:{line.Line}: {failure}");
                                ran++;
                            }
                            break;
                    }
                }
                failures.AddRange(DocFigures.Check(page, sandbox, output));
            }
            output.WriteLine($"{ran} command lines run, {parsed} blocks parsed, {clock.Elapsed.TotalSeconds:0.0} s in all");
            Assert.True(failures.Count == 0, "command blocks of the docs that fail when pasted:\n  " + string.Join("\n  ", failures));
        }
        finally
        {
            // The sandbox's scenarios are a copy (a link to the repository's folder would be refused by extends' real-path
            // check); should a link be there, it is removed as a link, never followed into the repository's folder.
            string scenarios = Path.Combine(sandbox, "scenarios");
            if (new DirectoryInfo(scenarios).LinkTarget is not null) Directory.Delete(scenarios);
            Directory.Delete(sandbox, recursive: true);
        }
    }

    [Fact]
    public void The_readme_and_docs_have_command_blocks_of_every_kind()
    {
        var blocks = Pages().SelectMany(Blocks).ToList();
        Assert.True(blocks.Count(b => b.Mode == Mode.Run) >= 8, "fewer command blocks run than the docs have");
        Assert.Contains(blocks, b => b.Mode == Mode.AsWritten);
        Assert.Contains(blocks, b => b.Mode == Mode.Parse && b.Page == "docs/cluster.md");
        Assert.Contains(blocks, b => b.Mode == Mode.RunBy && b.Page == "docs/library.md");
        // The reductions are documented where the README says that CI runs the blocks.
        string readme = Regex.Replace(File.ReadAllText(Path.Combine(Root, "README.md")), @"\s+", " ");
        Assert.Contains($"at most {MaxReplications} replications", readme);
        Assert.Contains("a tenth of each compound's households", readme);
        // Without Chromium the README's test command lists the browser tests as skipped and says why: the README says what it prints.
        Assert.Contains(Participation.Tests.Report.ChromiumFactAttribute.SkippedSuffix.Trim().Trim('(', ')'), readme);
    }

    [Fact]
    public void The_shell_words_of_a_line_are_split_as_bash_splits_them()
    {
        var words = Words("./participation new \"Riverside \\\"East\\\"\" 'a b' c\\ d x&&y; z # not a comment");
        Assert.Equal(["./participation", "new", "Riverside \"East\"", "a b", "c d", "x", "&&", "y", ";", "z", "#", "not", "a", "comment"],
            words.Select(w => w.Text));
        Assert.True(words[2].Quoted);
        Assert.True(words[6].Operator);
        Assert.Equal(("./participation run x.json", "the run"), SplitComment("./participation run x.json   # the run"));
        Assert.Equal(("echo 'a # b'", ""), SplitComment("echo 'a # b'"));
        Assert.Equal(["--replications", "2", "--set", "compounds.a.households=10", "--set", "compounds.a.buildings=4"],
            Reduce(["--replications", "8"], new Dictionary<string, (int, int)> { ["a"] = (100, 4) }));
    }

    // ---- reading the pages ---------------------------------------------------------------------------------------------

    private static readonly Regex Marker = new(@"^\s*<!--\s*ci:\s*(?<mode>run as written|parse|run by)\b\s*(?<note>.*?)\s*-->\s*$");

    /// <summary>The bash blocks of <paramref name="page"/>, with the marker on the line before each fence.</summary>
    internal static IEnumerable<Block> Blocks(string page)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, page));
        for (int i = 0; i < lines.Length; i++)
        {
            var fence = Regex.Match(lines[i], @"^(?<indent>\s*)```(?<lang>[\w-]*)\s*$");
            if (!fence.Success) continue;
            int start = i, indent = fence.Groups["indent"].Length;
            int end = i + 1;
            while (end < lines.Length && !Regex.IsMatch(lines[end], @"^\s*```\s*$")) end++;
            i = end;
            if (fence.Groups["lang"].Value is not ("bash" or "sh" or "shell")) continue;
            int before = start - 1;
            while (before >= 0 && lines[before].Trim().Length == 0) before--;
            var marker = before >= 0 ? Marker.Match(lines[before]) : Match.Empty;
            var mode = !marker.Success ? Mode.Run : marker.Groups["mode"].Value switch
            {
                "run as written" => Mode.AsWritten,
                "parse" => Mode.Parse,
                _ => Mode.RunBy,
            };
            string note = marker.Success ? marker.Groups["note"].Value : "";
            if (mode == Mode.RunBy) note = note.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            yield return new Block(page, start + 1, mode, note, LogicalLines(lines, start + 1, end, indent));
        }
    }

    private static List<CommandLine> LogicalLines(string[] lines, int from, int to, int indent)
    {
        var result = new List<CommandLine>();
        for (int k = from; k < to; k++)
        {
            int number = k + 1;
            string text = Unindent(lines[k], indent);
            while (text.EndsWith('\\') && k + 1 < to) text = text[..^1] + " " + Unindent(lines[++k], indent).Trim();
            var (command, comment) = SplitComment(text);
            if (command.Length > 0) result.Add(new CommandLine(number, command, comment));
        }
        return result;
    }

    private static string Unindent(string line, int indent) => line.Length >= indent && line[..indent].Trim().Length == 0 ? line[indent..] : line.TrimStart();

    /// <summary>A line's command and its comment: a # at the start of a word, outside quotes.</summary>
    internal static (string Command, string Comment) SplitComment(string line)
    {
        char quote = '\0';
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (quote != '\0') { if (c == quote) quote = '\0'; else if (c == '\\' && quote == '"') k++; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '\\') k++;
            else if (c == '#' && (k == 0 || char.IsWhiteSpace(line[k - 1]))) return (line[..k].Trim(), line[(k + 1)..].Trim());
        }
        return (line.Trim(), "");
    }

    /// <summary>The shell words of <paramref name="text"/>: quotes removed, backslash escapes applied, operators apart.</summary>
    internal static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var current = new StringBuilder();
        bool inWord = false, quoted = false;
        void End()
        {
            if (inWord) words.Add(new Word(current.ToString(), quoted, false));
            current.Clear(); inWord = false; quoted = false;
        }
        for (int k = 0; k < text.Length; k++)
        {
            char c = text[k];
            if (char.IsWhiteSpace(c)) { End(); continue; }
            if (c is ';' or '&' or '|' or '<' or '>')
            {
                End();
                string op = k + 1 < text.Length && text[k + 1] == c && c != ';' ? new string(c, 2) : c.ToString();
                k += op.Length - 1;
                words.Add(new Word(op, false, true));
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                quoted = true;
                int close = text.IndexOf('\'', k + 1);
                if (close < 0) close = text.Length;
                current.Append(text, k + 1, close - k - 1);
                k = close;
            }
            else if (c == '"')
            {
                quoted = true;
                for (k++; k < text.Length && text[k] != '"'; k++)
                {
                    if (text[k] == '\\' && k + 1 < text.Length && text[k + 1] is '"' or '\\' or '$' or '`') k++;
                    current.Append(text[k]);
                }
            }
            else if (c == '\\' && k + 1 < text.Length) current.Append(text[++k]);
            else current.Append(c);
        }
        End();
        return words;
    }

    // ---- parse-only blocks ---------------------------------------------------------------------------------------------

    private static readonly string[] RepoPrefixes = ["scenarios/", "examples/", "benchmarks/", "tests/", "src/", "docs/"];
    private static readonly string[] ShellKeywords = ["for", "do", "done", "wait", "then", "fi", "if", "else"];

    /// <summary>What is wrong with a line of a parse-only block: a participation command that does not parse, a repository file that is not there.</summary>
    private static IEnumerable<string> ParseCheck(CommandLine line)
    {
        var words = Words(line.Text);
        foreach (var w in words.Where(w => !w.Operator))
        {
            string path = w.Text.TrimEnd('/');
            bool repoPath = RepoPrefixes.Any(p => w.Text.StartsWith(p, StringComparison.Ordinal)) || w.Text.EndsWith(".sln", StringComparison.Ordinal) || w.Text.EndsWith(".slnf", StringComparison.Ordinal);
            if (!repoPath || path.IndexOfAny(['*', '?', '$']) >= 0 || path.Contains("/bin/") || path.Contains("/obj/")) continue;
            if (!File.Exists(Path.Combine(Root, path)) && !Directory.Exists(Path.Combine(Root, path)))
                yield return $"names {w.Text}, which is not in the repository";
        }
        foreach (var command in SimpleCommands(words))
        {
            var args = Unwrap(command);
            if (args.Count == 0 || !IsParticipation(args[0])) continue;
            var parse = Participation.Cli.Program.Commands(TextWriter.Null, TextWriter.Null).Parse(args.Skip(1).ToArray());
            if (parse.Errors.Count > 0) yield return $"'{string.Join(' ', args)}' does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}";
        }
    }

    /// <summary>The simple commands of a line: split at ; &amp;&amp; || | &amp;, with loop keywords dropped.</summary>
    private static IEnumerable<List<string>> SimpleCommands(List<Word> words)
    {
        var current = new List<string>();
        foreach (var w in words)
        {
            if (w.Operator) { if (current.Count > 0) yield return current; current = []; continue; }
            if (current.Count == 0 && !w.Quoted && ShellKeywords.Contains(w.Text)) { if (w.Text == "for") current.Add("for"); continue; }
            current.Add(w.Text);
        }
        if (current.Count > 0) yield return current;
    }

    /// <summary>The command without what runs it: variable assignments, sudo, nice -n N, /usr/bin/time -v, and a for loop's head.</summary>
    private static List<string> Unwrap(List<string> command)
    {
        var args = new List<string>(command);
        if (args.Count > 0 && args[0] == "for") return [];
        while (args.Count > 0)
        {
            if (Regex.IsMatch(args[0], @"^[A-Z_][A-Z0-9_]*=")) args.RemoveAt(0);
            else if (args[0] == "sudo") args.RemoveAt(0);
            else if (args[0] == "nice") { args.RemoveAt(0); if (args.Count > 1 && args[0] == "-n") args.RemoveRange(0, 2); }
            else if (args[0].EndsWith("/time", StringComparison.Ordinal)) { args.RemoveAt(0); while (args.Count > 0 && args[0].StartsWith('-')) args.RemoveAt(0); }
            else break;
        }
        return args;
    }

    private static bool IsParticipation(string program) => program == "participation" || program.EndsWith("/participation", StringComparison.Ordinal);

    // ---- blocks that run -----------------------------------------------------------------------------------------------

    /// <summary>Runs one line of a block in <paramref name="sandbox"/>; null when it did what a user expects.</summary>
    private string? RunLine(CommandLine line, bool asWritten, string sandbox)
    {
        var words = Words(line.Text);
        if (words.Any(w => w.Operator))
            return $"'{line.Text}': a block that CI runs holds one simple command per line (mark the block '<!-- ci: parse ... -->' if it needs the shell)";
        var args = words.SelectMany(w => w.Quoted ? [w.Text] : Glob(w.Text, sandbox)).ToList();
        switch (args[0])
        {
            case "xdg-open":
                return args.Count == 2 && File.Exists(Path.Combine(sandbox, args[1])) ? null : $"'{line.Text}': {args.ElementAtOrDefault(1)} was not written by the commands before it";
            case "dotnet" when args.Count == 3 && args[1] == "test":
                return File.Exists(Path.Combine(Root, args[2])) ? null : $"'{line.Text}': no {args[2]} in the repository";
            case var p when IsParticipation(p):
                break;
            default:
                return $"'{line.Text}': CI does not run {args[0]} (mark the block '<!-- ci: parse ... -->' or '<!-- ci: run by TEST -->')";
        }

        var cli = args.Skip(1).ToList();
        // A server runs until it is stopped: a block that starts one is run by the test that drives it.
        if (cli.FirstOrDefault() == "serve")
            return $"'{line.Text}': a server runs until stopped (mark the block '<!-- ci: run by TEST -->' with the test that drives it)";
        if (!asWritten) cli = Reduce(cli, Compounds(cli, sandbox));
        var allowed = Regex.Matches(line.Comment, @"exit code (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Append(0).ToHashSet();
        var clock = Stopwatch.StartNew();
        var (code, text) = RunCli(cli, sandbox);
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  exit {code}  participation {string.Join(' ', cli)}");
        return allowed.Contains(code) ? null : $"'{line.Text}' exited {code} (run as: participation {string.Join(' ', cli)}):\n{text}";
    }

    /// <summary>A word with * or ? expanded against <paramref name="sandbox"/>, names in ordinal order (unchanged when nothing matches, as bash leaves it).</summary>
    private static IEnumerable<string> Glob(string word, string sandbox)
    {
        if (word.IndexOfAny(['*', '?']) < 0) return [word];
        string dir = Path.GetDirectoryName(word) ?? "", pattern = Path.GetFileName(word);
        string full = Path.Combine(sandbox, dir);
        var matches = Directory.Exists(full) ? Directory.GetFiles(full, pattern).Select(f => Path.Combine(dir, Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList() : [];
        return matches.Count > 0 ? matches : [word];
    }

    /// <summary>The commands whose runs are made smaller, and the compounds of the scenario they name (none for the others).</summary>
    private static readonly string[] Simulating = ["run", "compare", "sweep", "sensitivity", "calibrate", "inspect"];

    /// <summary>The compounds (households, buildings) of the first scenario file the command names, when every scenario it names has them.</summary>
    private Dictionary<string, (int Households, int Buildings)> Compounds(List<string> cli, string sandbox)
    {
        var none = new Dictionary<string, (int, int)>();
        if (cli.Count == 0 || !Simulating.Contains(cli[0])) return none;
        var files = cli.Skip(1).Where(a => a.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(sandbox, a))).ToList();
        if (files.Count == 0) return none;
        try
        {
            // Loaded where the sandbox's scenarios/ link points: a variant's "../x-shaoxing.json" then stays inside the repository,
            // as the loader requires of a file outside the working directory (the test's is not the sandbox).
            string Real(string f) => f.StartsWith("scenarios/", StringComparison.Ordinal) ? Path.Combine(Root, f) : Path.Combine(sandbox, f);
            var scenarios = files.Select(f => ScenarioLoader.Load(Real(f))).ToList();
            var first = scenarios[0].Compounds;
            if (scenarios.Any(s => !s.Compounds.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(first.Keys))) return none;
            return first.ToDictionary(c => c.Key, c => (c.Value.Households, c.Value.Buildings));
        }
        catch (ScenarioException e)
        {
            output.WriteLine($"        households not reduced: {e.Message}"); // e.g. a scenario of a plugin's kinds: it runs at its size
            return none;
        }
    }

    /// <summary>The arguments with at most <see cref="MaxReplications"/> replications and a tenth of each compound's households.</summary>
    internal static List<string> Reduce(List<string> cli, IReadOnlyDictionary<string, (int Households, int Buildings)> compounds)
    {
        var result = new List<string>(cli);
        for (int k = 0; k + 1 < result.Count; k++)
            if (result[k] is "--replications" or "-r" && int.TryParse(result[k + 1], CultureInfo.InvariantCulture, out int n) && n > MaxReplications)
                result[k + 1] = MaxReplications.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, (households, buildings)) in compounds)
        {
            int h = Math.Max(1, households / HouseholdDivisor);
            result.AddRange(["--set", $"compounds.{name}.households={h}", "--set", $"compounds.{name}.buildings={Math.Min(buildings, h)}"]);
        }
        return result;
    }

    /// <summary>Runs the built participation command in <paramref name="folder"/>, as a user's shell would (CI=true: no progress lines).</summary>
    private static (int Code, string Output) RunCli(IEnumerable<string> args, string folder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Participation.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "stopped after 10 minutes (a guard against a command that never ends)");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
