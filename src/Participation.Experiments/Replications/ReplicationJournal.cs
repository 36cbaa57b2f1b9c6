using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Participation.Files;
using Participation.Experiments.Results;
using Participation.Outcomes;
using Participation.Scenarios;

namespace Participation.Experiments.Replications;

/// <summary>
/// The journal of a batch of replications (<c>replications/</c> in its results folder), so that a batch killed at any
/// moment can be resumed: every replication is written, the moment it finishes, to its own file under a temporary name
/// that is renamed into place when complete (<see cref="ReplicationFile"/>), then recorded as one line of
/// <c>replications/journal</c> with the file's SHA-256 and a checksum. A resumed batch reads back the replications
/// recorded, runs only the others, and writes tables byte for byte as an uninterrupted batch's.
/// </summary>
/// <remarks>
/// <para>
/// The journal's first line records what the batch is: the version that runs it, the master seed, the number of
/// replications and the SHA-256 of the resolved scenario (also kept as <c>replications/scenario.json</c>, so a
/// mismatch can name the first key that differs). A batch of other settings is refused by <see cref="Read"/>.
/// </para>
/// <para>
/// Whatever the moment of a kill, what is left is safe to resume: a replication file is complete or absent (a
/// <c>.partial</c> file is ignored); a replication whose file was renamed but not yet journaled is run again; a
/// journal line cut short fails its checksum and is dropped; a journaled file that is missing or damaged (its hash
/// differs) is run again. Each line reaches the disk before the next replication is recorded.
/// </para>
/// </remarks>
public sealed partial class ReplicationJournal : IDisposable
{
    /// <summary>Folder of the journal and the replication files, inside the results folder.</summary>
    public const string FolderName = "replications";

    /// <summary>File name of the journal inside <see cref="FolderName"/>.</summary>
    public const string FileName = "journal";

    /// <summary>File name of the resolved scenario inside <see cref="FolderName"/>.</summary>
    public const string ScenarioFileName = "scenario.json";

    private const string Magic = "# participation replication journal 1";
    private readonly Stream _file;
    private readonly string _folder;

    private ReplicationJournal(string folder, Stream file)
    {
        _folder = folder;
        _file = file;
    }

    /// <summary>What a batch is: runs recorded under one identity are exactly those another batch of it would produce.</summary>
    /// <param name="Version">The library's informational version (with its commit).</param>
    /// <param name="MasterSeed">Master seed.</param>
    /// <param name="Replications">Replications in the batch.</param>
    /// <param name="ScenarioHash">SHA-256 of the resolved scenario's JSON.</param>
    public sealed record Identity(string Version, ulong MasterSeed, int Replications, string ScenarioHash)
    {
        /// <summary>The identity of a batch of this version.</summary>
        public static Identity Of(string resolvedScenarioJson, ulong masterSeed, int replications) =>
            new(ResultSet.Version, masterSeed, replications, ReplicationFile.Hash(Encoding.UTF8.GetBytes(resolvedScenarioJson)));
    }

    /// <summary>The replications a journal holds.</summary>
    /// <param name="Done">Finished replications read back, by replication index.</param>
    /// <param name="Dropped">Replications recorded whose file is missing or damaged (they are run again), each with why.</param>
    /// <param name="ValidBytes">Length of the journal up to its last intact line.</param>
    public sealed record Contents(IReadOnlyDictionary<int, RunResult> Done, IReadOnlyList<string> Dropped, long ValidBytes);

    /// <summary>
    /// The files a batch writes into its results folder once it has run (<see cref="ResultSet"/>'s): a journal vouches for
    /// them, so a batch killed while putting its tables in place resumes over them.
    /// </summary>
    public static readonly IReadOnlyList<string> Files = [.. ResultSet.Files, .. ResultSet.ParquetFiles, ResultSet.CustomFile];

    /// <summary>The journal's folder inside <paramref name="resultsFolder"/>.</summary>
    public static string FolderOf(string resultsFolder) => Path.Combine(resultsFolder, FolderName);

    /// <summary>True when <paramref name="resultsFolder"/> holds a journal (an interrupted batch, or one whose clean-up was cut short).</summary>
    public static bool Exists(string resultsFolder) => File.Exists(Path.Combine(FolderOf(resultsFolder), FileName));

    /// <summary>True when <paramref name="resultsFolder"/> holds a journal whose header is whole (one participation wrote).</summary>
    public static bool IsJournaled(string resultsFolder) => ReplicationsNamed(Path.Combine(FolderOf(resultsFolder), FileName)) is not null;

    /// <summary>Reads the replications recorded in the journal of <paramref name="resultsFolder"/>.</summary>
    /// <param name="resultsFolder">The results folder.</param>
    /// <param name="expected">The identity of the batch being resumed.</param>
    /// <param name="resolvedScenarioJson">Its resolved scenario (to name a key that differs).</param>
    /// <param name="scenario">Its scenario (completes the replications read back).</param>
    /// <param name="seeds">Its replications' seeds.</param>
    /// <exception cref="InvalidDataException">The journal is of another batch (the message names what differs), or is not a journal.</exception>
    public static Contents Read(string resultsFolder, Identity expected, string resolvedScenarioJson, Scenario scenario, IReadOnlyList<ulong> seeds)
    {
        string folder = FolderOf(resultsFolder), path = Path.Combine(folder, FileName);
        byte[] bytes;
        try { bytes = InputFile.ReadAllBytes(path, InputFile.LargeMaxBytes); }
        catch (InputFileException e) { throw new InvalidDataException(e.Message); }
        var done = new StoredResults(folder, scenario, seeds);
        var dropped = new List<string>();
        long valid = 0;
        int start = 0, lineNumber = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break; // a line cut short by a kill: dropped
            string line = Encoding.UTF8.GetString(bytes, start, end - start);
            lineNumber++;
            if (!JournalLine.Intact(line))
            {
                if (lineNumber == 1) throw new InvalidDataException($"{path} is not a replication journal (its first line is damaged)");
                break;
            }
            var cells = line.Split('\t');
            if (lineNumber == 1)
            {
                if (cells.Length != 6 || cells[0] != Magic) throw new InvalidDataException($"{path} is not a replication journal");
                var recorded = new Identity(cells[1], ulong.Parse(cells[2], CultureInfo.InvariantCulture), int.Parse(cells[3], CultureInfo.InvariantCulture), cells[4]);
                string? recordedScenario = null;
                try { recordedScenario = InputFile.ReadAllText(Path.Combine(folder, ScenarioFileName)); }
                catch (InputFileException) { }
                if (Mismatch(resultsFolder, recorded, recordedScenario, expected, resolvedScenarioJson) is { } why) throw new InvalidDataException(why);
            }
            else if (cells is ["rep", var kText, var seedText, var hash, _])
            {
                int k = int.Parse(kText, CultureInfo.InvariantCulture);
                ulong seed = ulong.Parse(seedText, CultureInfo.InvariantCulture);
                if (k < 0 || k >= seeds.Count || seed != seeds[k])
                    throw new InvalidDataException($"{path}, line {lineNumber}: replication {k} with seed {seed} is not one of this batch's");
                string file = Path.Combine(folder, ReplicationFileName(k));
                try
                {
                    byte[] content = InputFile.ReadAllBytes(file, InputFile.LargeMaxBytes);
                    if (ReplicationFile.Hash(content) != hash) throw new InvalidDataException("its content differs from what was journaled");
                    _ = ReplicationFile.FromBytes(content, scenario, k, seed); // checked, then dropped: read again when the tables are written
                    done.Add(k);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    done.Remove(k);
                    dropped.Add($"replication {k}: {(e is InputFileException { Found: "no such file" } ? "its file is missing" : e.Message)}");
                }
            }
            else break;
            valid = end + 1;
            start = end + 1;
        }
        if (lineNumber == 0 || valid == 0) throw new InvalidDataException($"{path} is not a replication journal (it is empty or cut short)");
        return new Contents(done, dropped, valid);
    }

    /// <summary>
    /// Why a batch recorded as <paramref name="recorded"/> cannot be resumed as <paramref name="expected"/>, naming the
    /// setting that differs (version, replications, seed, then the first scenario key); null when they are the same batch.
    /// </summary>
    /// <param name="folder">The results folder (named in the message).</param>
    /// <param name="recorded">The recorded identity.</param>
    /// <param name="recordedScenarioJson">The recorded resolved scenario, if at hand.</param>
    /// <param name="expected">The identity of the batch asked for.</param>
    /// <param name="resolvedScenarioJson">The resolved scenario asked for.</param>
    public static string? Mismatch(string folder, Identity recorded, string? recordedScenarioJson, Identity expected, string resolvedScenarioJson)
    {
        if (recorded.Version != expected.Version)
            return $"{folder} holds a batch started by participation {recorded.Version}; this is {expected.Version}. " +
                "Results are reproducible within one version only: finish it with that version, or start afresh in a new folder";
        if (recorded.Replications != expected.Replications)
            return $"{folder} holds a batch of {recorded.Replications} replications, not {expected.Replications}: give --replications {recorded.Replications}, or start afresh in a new folder";
        if (recorded.MasterSeed != expected.MasterSeed)
            return $"{folder} holds a batch with master seed {recorded.MasterSeed}, not {expected.MasterSeed}: give --seed {recorded.MasterSeed}, or start afresh in a new folder";
        if (recorded.ScenarioHash != expected.ScenarioHash)
        {
            string where = recordedScenarioJson is null ? "" : FirstDifference(recordedScenarioJson, resolvedScenarioJson) is { } d ? $" ({d})" : "";
            return $"{folder} holds a batch of another scenario{where}: give the same scenario file, --set values and --no-policies as the interrupted run, or start afresh in a new folder";
        }
        return null;
    }

    /// <summary>The first key at which two scenarios differ, with both values, e.g. <c>seed: 11 in the folder, 12 here</c>.</summary>
    public static string? FirstDifference(string recordedJson, string currentJson)
    {
        JsonNode? a, b;
        try { a = JsonNode.Parse(recordedJson); b = JsonNode.Parse(currentJson); }
        catch (System.Text.Json.JsonException) { return null; }
        return Diff(a, b, "");

        static string? Diff(JsonNode? x, JsonNode? y, string path)
        {
            string Name(string key) => path.Length == 0 ? key : $"{path}.{key}";
            if (x is JsonObject ox && y is JsonObject oy)
            {
                foreach (var key in ox.Select(p => p.Key).Union(oy.Select(p => p.Key)))
                    if (Diff(ox[key], oy[key], Name(key)) is { } d) return d;
                return null;
            }
            if (x is JsonArray ax && y is JsonArray ay && ax.Count == ay.Count)
            {
                for (int i = 0; i < ax.Count; i++)
                    if (Diff(ax[i], ay[i], $"{path}[{i}]") is { } d) return d;
                return null;
            }
            string sx = x?.ToJsonString() ?? "(absent)", sy = y?.ToJsonString() ?? "(absent)";
            return sx == sy ? null : $"{(path.Length == 0 ? "the scenario" : path)}: {Shorten(sx)} in the folder, {Shorten(sy)} here";
        }

        static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
    }

    /// <summary>
    /// Starts a new journal in <paramref name="resultsFolder"/>, first removing an earlier journal and the replication
    /// files it names (an abandoned batch); anything else in <c>replications/</c> is left as it is.
    /// </summary>
    /// <exception cref="IOException">The folder holds a <c>replications/journal</c> or <c>scenario.json</c> that no journal names (it is not replaced).</exception>
    public static ReplicationJournal Create(string resultsFolder, Identity identity, string resolvedScenarioJson)
    {
        string folder = FolderOf(resultsFolder);
        RemoveFiles(folder);
        // What is left of the journal's own names was not written with a journal (RemoveFiles took every file one names).
        foreach (var name in new[] { FileName, ScenarioFileName })
            if (File.Exists(Path.Combine(folder, name)))
                throw new IOException($"{Path.Combine(folder, name)} was not written by participation (no replication journal names it); it is left as it is: move it away, or write into another folder");
        Directory.CreateDirectory(folder);
        // The header goes in under a temporary name, and first: a journal is either absent or starts with a whole header,
        // and every file of the batch (the scenario, the replications) is named by a journal.
        ResultSet.WriteAtomic(folder, FileName, w => w.Write(JournalLine.Sealed(string.Join('\t', Magic, identity.Version,
            identity.MasterSeed.ToString(CultureInfo.InvariantCulture), identity.Replications.ToString(CultureInfo.InvariantCulture), identity.ScenarioHash))));
        ResultSet.WriteAtomic(folder, ScenarioFileName, w => w.Write(resolvedScenarioJson));
        return Open(folder, null);
    }

    /// <summary>Continues a journal read with <see cref="Read"/>: a line cut short at its end is cut off first, leftover temporary files removed.</summary>
    public static ReplicationJournal Continue(string resultsFolder, Contents contents)
    {
        string folder = FolderOf(resultsFolder);
        foreach (var partial in TemporaryFiles(folder)) File.Delete(partial);
        return Open(folder, contents.ValidBytes);
    }

    private static ReplicationJournal Open(string folder, long? length)
    {
        var file = OutputFiles.Open(Path.Combine(folder, FileName), FileMode.Open, FileShare.Read, 1);
        if (length is { } n) file.SetLength(n);
        file.Seek(0, SeekOrigin.End);
        return new ReplicationJournal(folder, file);
    }

    /// <summary>
    /// Removes the journal of <paramref name="resultsFolder"/> and the files it names (once the batch's tables and
    /// manifest are written, or when the batch is abandoned), then <c>replications/</c> if that leaves it empty. Nothing
    /// else is removed: a file or folder a user put there stays, and so does the folder holding it.
    /// </summary>
    public static void Remove(string resultsFolder) => RemoveFiles(FolderOf(resultsFolder));

    private static void RemoveFiles(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var partial in TemporaryFiles(folder)) File.Delete(partial);
        string journal = Path.Combine(folder, FileName);
        if (ReplicationsNamed(journal) is { } count)
        {
            // The journal goes last: it is what proves the other files are the batch's, so a clean-up cut short by a kill
            // leaves a journal with some of its files (resumed as a batch with replications to run again), never files without it.
            for (int k = 0; k < count; k++) File.Delete(Path.Combine(folder, ReplicationFileName(k)));
            File.Delete(Path.Combine(folder, ScenarioFileName));
            File.Delete(journal);
        }
        if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
    }

    /// <summary>The replications a journal's header names (its files are replication 0 to count − 1), or null when it is not a journal.</summary>
    private static int? ReplicationsNamed(string journal)
    {
        if (!File.Exists(journal)) return null;
        try
        {
            using var reader = new StreamReader(journal, Encoding.UTF8);
            string? line = reader.ReadLine();
            if (line is null || !JournalLine.Intact(line)) return null;
            var cells = line.Split('\t');
            return cells.Length == 6 && cells[0] == Magic && int.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Temporary files of the journal's own names (a write cut short): the journal's, the scenario's, a replication's.</summary>
    private static IEnumerable<string> TemporaryFiles(string folder) =>
        Directory.GetFiles(folder, "*" + OutputFiles.PartialSuffix).Where(p => Path.GetFileName(p) is var name &&
            (name == FileName + OutputFiles.PartialSuffix || name == ScenarioFileName + OutputFiles.PartialSuffix || TemporaryReplication().IsMatch(name)));

    [System.Text.RegularExpressions.GeneratedRegex(@"^replication-[0-9]{5,}\.bin\.partial$")]
    private static partial System.Text.RegularExpressions.Regex TemporaryReplication();

    /// <summary>
    /// The batch's replications read back from their files in <paramref name="resultsFolder"/>, one at a time as they are
    /// asked for and not kept, so the tables of a batch of any size are written holding one replication at a time.
    /// </summary>
    /// <param name="resultsFolder">The results folder.</param>
    /// <param name="scenario">The batch's scenario (completes each replication read back).</param>
    /// <param name="seeds">The replications' seeds, in order: the list holds one replication per seed.</param>
    public static IReadOnlyList<RunResult> Results(string resultsFolder, Scenario scenario, IReadOnlyList<ulong> seeds)
    {
        var stored = new StoredResults(FolderOf(resultsFolder), scenario, seeds);
        for (int k = 0; k < seeds.Count; k++) stored.Add(k);
        return stored;
    }

    /// <summary>Replications on disk, by index: read from their files whenever a value is asked for, never held.</summary>
    private sealed class StoredResults(string folder, Scenario scenario, IReadOnlyList<ulong> seeds) : IReadOnlyDictionary<int, RunResult>, IReadOnlyList<RunResult>
    {
        private readonly SortedSet<int> _done = [];

        public void Add(int k) => _done.Add(k);
        public bool Remove(int k) => _done.Remove(k);

        private RunResult Load(int k) =>
            ReplicationFile.FromBytes(InputFile.ReadAllBytes(Path.Combine(folder, ReplicationFileName(k)), InputFile.LargeMaxBytes), scenario, k, seeds[k]);

        public RunResult this[int key] => _done.Contains(key) ? Load(key) : throw new KeyNotFoundException($"replication {key} is not done");
        public IEnumerable<int> Keys => _done;
        public IEnumerable<RunResult> Values => _done.Select(Load);
        public int Count => _done.Count;
        public bool ContainsKey(int key) => _done.Contains(key);

        public bool TryGetValue(int key, out RunResult value)
        {
            value = _done.Contains(key) ? Load(key) : null!;
            return value is not null;
        }

        IEnumerator<KeyValuePair<int, RunResult>> IEnumerable<KeyValuePair<int, RunResult>>.GetEnumerator() =>
            _done.Select(k => KeyValuePair.Create(k, Load(k))).GetEnumerator();

        IEnumerator<RunResult> IEnumerable<RunResult>.GetEnumerator() => Values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Values.GetEnumerator();
    }

    /// <summary>File name of replication <paramref name="k"/>'s result.</summary>
    public static string ReplicationFileName(int k) => $"replication-{k.ToString("D5", CultureInfo.InvariantCulture)}.bin";

    /// <summary>
    /// Records finished replication <paramref name="k"/>: its file is written under a temporary name, flushed to disk and
    /// renamed into place, then its journal line is written and flushed (thread-safe: the journal lines are serialised).
    /// </summary>
    public void Record(int k, RunResult result)
    {
        byte[] content = ReplicationFile.ToBytes(k, result);
        string name = ReplicationFileName(k), path = Path.Combine(_folder, name), temp = path + ".partial";
        OutputFiles.WriteTemporary(temp, stream => stream.Write(content));
        OutputFiles.Commit(temp, path);
        string line = JournalLine.Sealed(string.Join('\t', "rep", k.ToString(CultureInfo.InvariantCulture), result.Seed.ToString(CultureInfo.InvariantCulture), ReplicationFile.Hash(content)));
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_file)
        {
            // One write per line: the operating system has the whole line even if the process is killed next.
            _file.Write(bytes);
            OutputFiles.FlushToDisk(_file);
            Recorded++;
        }
    }

    /// <summary>Replications recorded by this journal object.</summary>
    public int Recorded { get; private set; }

    /// <summary>Flushes and closes the journal.</summary>
    public void Dispose()
    {
        lock (_file)
        {
            try { OutputFiles.FlushToDisk(_file); }
            finally { _file.Dispose(); }
        }
    }
}
