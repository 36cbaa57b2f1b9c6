using System.Text.Json;
using System.Text.Json.Nodes;
using Participation.Experiments.Replications;
using Participation.Experiments.Sweeps;

namespace Participation.Experiments.Results;

/// <summary>
/// Writes one experiment's files into a results folder, so that nothing is lost: a folder holds one experiment, and a
/// new one replaces the previous one only once it is complete, touching no file the previous one did not write.
/// </summary>
/// <remarks>
/// <para>
/// <b>One writer per folder.</b> A writer holds an exclusive lock on its folder from construction to
/// <see cref="Dispose"/> (a lock file, <see cref="LockFileName"/>, opened with <see cref="FileShare.None"/>); a second
/// writer, in this process or another, is refused with <see cref="ResultsFolderBusyException"/>. The operating system
/// releases the lock of a process that dies; the file is removed when the writer is disposed.
/// </para>
/// <para>
/// <b>Replaced atomically.</b> Each file is written beside its target as <c>NAME.partial</c> (<see cref="Write"/>,
/// <see cref="Create"/>); nothing in the folder is replaced until <see cref="Commit"/>, which writes the manifest
/// beside its target too, then renames every file over its old one, the manifest last. A write that fails (a full disk)
/// therefore leaves the previous experiment's files exactly as they were, and <see cref="Dispose"/> removes every
/// temporary file written, so no partial file is left behind.
/// </para>
/// <para>
/// <b>Never deleted or overwritten.</b> The files of the previous experiment are those its manifest names
/// (<see cref="Previous"/>), with the manifest itself and their temporary files; an experiment interrupted before its
/// manifest was in place is vouched for by its journal (a batch's <c>replications/journal</c>, a sweep's journal), which
/// names its files. A file of a name this experiment writes that the previous one did not write is refused
/// (<see cref="Refusal"/>), never replaced. Once the new manifest is in place, the previous experiment's files that this
/// one did not write again are removed (a sweep's <c>sweep_summary.csv</c> in a folder that now holds a run, a stale
/// <c>report.html</c>, a <c>checkpoint.bin</c>); every other file and folder is left as it is.
/// </para>
/// </remarks>
public sealed class ResultsWriter : IDisposable
{
    /// <summary>The manifest's file name: written last, it names every file of the experiment.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>The lock file held while a writer is open.</summary>
    public const string LockFileName = ".participation.lock";

    /// <summary>
    /// Every file name participation writes into a results folder: a <c>NAME.partial</c> of one of these names is the
    /// temporary file of an interrupted write, removed when the folder's next experiment is committed.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownNames =
    [
        .. ResultSet.Files, .. ResultSet.ParquetFiles, ResultSet.CustomFile, "checkpoint.bin", "report.html",
        "sweep.csv", "sweep_summary.csv", "sweep.parquet", "design.csv", "sweep.journal", "shard.json", "indices.csv",
        "fitted.csv", "targets.csv", "trace.csv", "design_losses.csv", "defaults.json", "compare.csv", "costs.csv", "validation.csv",
    ];

    private readonly FolderLock _lock;
    private readonly HashSet<string> _previous;
    private readonly List<(string Name, string Temp)> _staged = [];
    private bool _committed;

    /// <summary>Opens <paramref name="folder"/> (which must exist) for writing one experiment, taking its lock.</summary>
    /// <exception cref="ResultsFolderBusyException">Another writer holds the folder.</exception>
    /// <exception cref="IOException">The lock file cannot be created (the folder cannot be written).</exception>
    public ResultsWriter(string folder)
    {
        Folder = folder;
        _lock = FolderLock.Acquire(folder);
        _previous = PreviousFiles(folder);
    }

    /// <summary>The results folder.</summary>
    public string Folder { get; }

    /// <summary>
    /// The files of the folder's previous experiment, relative to the folder: those its manifest names, the manifest,
    /// those an interrupted experiment's journal vouches for (<see cref="ReplicationJournal.Files"/>, <see cref="SweepJournal.Files"/>),
    /// and the temporary files of interrupted writes (<c>NAME.partial</c> of a <see cref="KnownNames">known name</see>).
    /// </summary>
    public IReadOnlyCollection<string> Previous => _previous;

    /// <summary>
    /// Why <paramref name="name"/> may not be written into the folder: a folder of that name, or a file that the previous
    /// experiment did not write; null when it may be.
    /// </summary>
    public string? Refusal(string name)
    {
        string path = Path.Combine(Folder, name);
        if (Directory.Exists(path)) return $"{path} is a folder, not a file participation wrote; it is left as it is: move it away, or write into another folder";
        if (File.Exists(path) && !_previous.Contains(name))
            return $"{path} was not written by participation (the folder's {ManifestName} does not name it); it is left as it is: move it away, or write into another folder";
        return null;
    }

    /// <summary>Writes <paramref name="name"/> beside its target now (it is renamed into place by <see cref="Commit"/>).</summary>
    /// <exception cref="IOException">The file cannot be written (its temporary file is removed), or <see cref="Refusal"/> refuses the name.</exception>
    public void Write(string name, Action<Stream> write) => OutputFiles.WriteTemporary(Stage(name), write);

    /// <summary>As <see cref="Write"/>, for a text file (UTF-8 without a byte-order mark).</summary>
    public void WriteText(string name, Action<TextWriter> write) => Write(name, s => OutputFiles.WriteText(s, write));

    /// <summary>
    /// Opens <paramref name="name"/>'s temporary file for a table written as its rows arrive: the caller writes, flushes
    /// to disk and closes it; <see cref="Commit"/> renames it into place.
    /// </summary>
    public Stream Create(string name) => OutputFiles.Open(Stage(name), FileMode.Create, FileShare.Read);

    /// <summary>
    /// Takes <paramref name="name"/>, complete in the folder as <paramref name="temporaryName"/> (a journal written as the
    /// experiment ran), to be renamed into place by <see cref="Commit"/>.
    /// </summary>
    public void Adopt(string name, string temporaryName)
    {
        string temp = Path.Combine(Folder, temporaryName);
        if (!File.Exists(temp)) throw new FileNotFoundException($"{temp}: no such file to put in place as {name}", temp);
        Stage(name, temp);
    }

    private string Stage(string name, string? temp = null)
    {
        lock (_staged)
        {
            if (_committed) throw new InvalidOperationException($"{name}: the experiment in {Folder} is already committed");
            if (name == ManifestName) throw new ArgumentException($"{ManifestName} is written by Commit, last", nameof(name));
            if (_staged.Any(s => s.Name == name)) throw new InvalidOperationException($"{name} is written twice");
            if (Refusal(name) is { } why) throw new IOException(why);
            temp ??= Path.Combine(Folder, name + OutputFiles.PartialSuffix);
            _staged.Add((name, temp));
            return temp;
        }
    }

    /// <summary>
    /// Puts the experiment in place: writes the manifest beside its target, renames every file written over its old one
    /// (in the order written), then the manifest; then removes the previous experiment's files that this one did not
    /// write again, and an interrupted batch's replication files.
    /// </summary>
    /// <param name="manifest">Writes the manifest's text.</param>
    /// <exception cref="IOException">The manifest cannot be written: nothing in the folder was replaced.</exception>
    public void Commit(Action<TextWriter> manifest)
    {
        lock (_staged)
        {
            if (_committed) throw new InvalidOperationException($"the experiment in {Folder} is already committed");
            if (Refusal(ManifestName) is { } why) throw new IOException(why);
            string path = Path.Combine(Folder, ManifestName);
            OutputFiles.WriteTemporary(path + OutputFiles.PartialSuffix, s => OutputFiles.WriteText(s, manifest));
            _staged.Add((ManifestName, path + OutputFiles.PartialSuffix));
            // Every file is complete on disk: only renames from here, which need no space.
            foreach (var (name, temp) in _staged) File.Move(temp, Path.Combine(Folder, name), overwrite: true);
            _committed = true;
        }
        RemoveStale();
    }

    /// <summary>The previous experiment's files not written again, their temporary files, and an abandoned batch's journal.</summary>
    private void RemoveStale()
    {
        var written = _staged.Select(s => s.Name).ToHashSet();
        foreach (var name in _previous.Where(n => !written.Contains(n))) OutputFiles.Remove(Path.Combine(Folder, name));
        ReplicationJournal.Remove(Folder);
    }

    /// <summary>
    /// Adds <paramref name="name"/>, just written into the folder, to the files its manifest names (a report written
    /// into a run's folder), so the folder's next experiment replaces it; nothing when the folder has no participation manifest.
    /// </summary>
    public static void Record(string folder, string name)
    {
        string path = Path.Combine(folder, ManifestName);
        if (ReadManifest(path) is not { } manifest || manifest["files"] is not JsonArray files) return;
        if (files.Any(f => f is JsonValue v && v.TryGetValue<string>(out var s) && s == name)) return;
        files.Add(name);
        OutputFiles.ReplaceText(path, w => w.Write(manifest.ToJsonString(Indented)));
    }

    /// <summary>
    /// Takes the lock of <paramref name="folder"/> without writing an experiment (to read the folder, or add a file to it,
    /// while no writer changes it); released when disposed.
    /// </summary>
    /// <exception cref="ResultsFolderBusyException">A writer holds the folder.</exception>
    public static IDisposable Lock(string folder) => FolderLock.Acquire(folder);

    /// <summary>
    /// The files the manifest of <paramref name="folder"/> names as its experiment's (the manifest included), or none
    /// when it holds no participation manifest.
    /// </summary>
    public static IReadOnlySet<string> Named(string folder)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (ReadManifest(Path.Combine(folder, ManifestName)) is { } manifest)
        {
            names.Add(ManifestName);
            if (manifest["files"] is JsonArray files)
                foreach (var f in files)
                    if (f is JsonValue v && v.TryGetValue<string>(out var name) && IsPlainName(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>The entries of <paramref name="folder"/> other than a writer's lock file: what makes a folder not empty.</summary>
    public static IEnumerable<string> Entries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Where(e => Path.GetFileName(e) != LockFileName);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The manifest at <paramref name="path"/> when it is one participation wrote (its <c>tool</c> says so), else null.</summary>
    /// <exception cref="ManifestException">A manifest that cannot be read as one (read as rerun and resume read it: a regular
    /// file, bounded, each key once): which files are the folder's cannot be told from it, so nothing is touched.</exception>
    private static JsonObject? ReadManifest(string path)
    {
        if (!File.Exists(path)) return null;
        var o = ManifestFile.Read(path).Json;
        return o["tool"] is JsonValue t && t.TryGetValue<string>(out var tool) && tool == "participation" ? o : null;
    }

    /// <summary>The files of the folder's previous experiment (see <see cref="Previous"/>).</summary>
    private static HashSet<string> PreviousFiles(string folder)
    {
        var names = new HashSet<string>(Named(folder), StringComparer.Ordinal);
        // An experiment killed while putting its files in place has no manifest yet: its journal vouches for its files.
        if (ReplicationJournal.IsJournaled(folder)) names.UnionWith(ReplicationJournal.Files);
        if (SweepJournal.IsJournal(Path.Combine(folder, SweepJournal.UnfinishedFileName)) || SweepJournal.IsJournal(Path.Combine(folder, SweepJournal.FileName)))
            names.UnionWith(SweepJournal.Files);
        foreach (var name in names.ToArray()) names.Add(name + OutputFiles.PartialSuffix);
        foreach (var name in KnownNames) names.Add(name + OutputFiles.PartialSuffix);
        return names;
    }

    /// <summary>A file name in the folder itself: no folder part, nothing that could lead out of it.</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name is not ("." or "..") && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0;

    /// <summary>Removes the temporary files of an experiment not committed, then releases the folder's lock.</summary>
    public void Dispose()
    {
        lock (_staged)
        {
            if (!_committed)
                foreach (var (_, temp) in _staged) if (temp.EndsWith(OutputFiles.PartialSuffix, StringComparison.Ordinal)) OutputFiles.Remove(temp);
            _staged.Clear();
            _committed = true;
        }
        _lock.Dispose();
    }
}

/// <summary>Another writer (another participation command) holds the results folder.</summary>
public sealed class ResultsFolderBusyException(string message) : IOException(message);

/// <summary>
/// The exclusive lock of a results folder: a lock file opened with <see cref="FileShare.None"/> (on Linux and macOS an
/// advisory <c>flock</c> that the operating system releases when the process ends, however it ends).
/// </summary>
internal sealed class FolderLock : IDisposable
{
    // A lock held elsewhere: ERROR_SHARING_VIOLATION on Windows; on Unix the errno of flock's EWOULDBLOCK (11 on Linux, 35 on macOS and BSD).
    private static readonly int[] Held = [unchecked((int)0x80070020), OperatingSystem.IsLinux() ? 11 : 35];
    private readonly string _path;
    private FileStream? _file;

    private FolderLock(string path, FileStream file)
    {
        _path = path;
        _file = file;
    }

    /// <summary>Takes the lock of <paramref name="folder"/>.</summary>
    /// <exception cref="ResultsFolderBusyException">Another writer holds it.</exception>
    public static FolderLock Acquire(string folder)
    {
        string path = Path.Combine(folder, ResultsWriter.LockFileName);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            FileStream file;
            try { file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1); }
            catch (IOException e) when (Held.Contains(e.HResult)) { throw Busy(folder); }
            // A writer releasing the lock removes the file before closing it; one that opened the old file in between holds
            // a lock on a file no longer in the folder. Stamp the file held and check that the folder's file is the one stamped.
            var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(2 * Random.Shared.Next(1, 1 << 28));
            try
            {
                File.SetLastWriteTimeUtc(file.SafeFileHandle, stamp);
                if (File.Exists(path) && File.GetLastWriteTimeUtc(path) == stamp) return new FolderLock(path, file);
            }
            catch
            {
                file.Dispose();
                throw;
            }
            file.Dispose();
        }
        throw Busy(folder);
    }

    private static ResultsFolderBusyException Busy(string folder) =>
        new($"another participation command is writing into {folder}; wait until it has finished, or write into another folder");

    /// <summary>Removes the lock file, then releases the lock.</summary>
    public void Dispose()
    {
        if (_file is null) return;
        OutputFiles.Remove(_path);
        _file.Dispose();
        _file = null;
    }
}
