using System.Globalization;
using Participation.Experiments.Results;

namespace Participation.Cli;

/// <summary>
/// Chooses and prepares the results folder: a fresh one by default, never clobbering results without --force. The
/// folder is checked before anything runs: a path that cannot be a folder (under a file, e.g. /dev/null/x) or a folder
/// that cannot be written stops at once with an output error (exit 3), and leaves nothing behind. A prepared folder is
/// held, for the command's life, by its <see cref="ResultsWriter"/>: another command writing into it is refused (one
/// writer per folder), and the command's files replace the folder's previous experiment only once they are complete.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    private OutputFolder(string path, ResultsWriter files)
    {
        Path = path;
        Files = files;
    }

    /// <summary>The folder, as given (or chosen).</summary>
    public string Path { get; }

    /// <summary>The folder's writer: the command's files go through it, and it holds the folder's lock.</summary>
    public ResultsWriter Files { get; }

    /// <summary>Prepares the results folder and takes its lock.</summary>
    /// <param name="requested">The folder given with --out, or null for a fresh folder under <paramref name="resultsRoot"/>.</param>
    /// <param name="scenarioPath">Scenario file (names the fresh folder).</param>
    /// <param name="force">Write into a folder that already holds files (--force).</param>
    /// <param name="resultsRoot">Where fresh folders go.</param>
    /// <param name="resume">Write into a folder that holds an interrupted run's files (--resume); it must exist.</param>
    /// <param name="writes">The files the command may write: with --force, one of them that exists and was not written by
    /// the folder's previous experiment is refused now, before anything runs.</param>
    /// <exception cref="UsageException">The path is not a folder path, names a file, the folder holds files (without
    /// --force), or, with --force, one the command would replace that participation did not write.</exception>
    /// <exception cref="IOException">The folder cannot be created or written, or another command is writing into it.</exception>
    public static OutputFolder Prepare(string? requested, string scenarioPath, bool force, string resultsRoot = "results", bool resume = false,
        IEnumerable<string>? writes = null)
    {
        if (requested is null)
        {
            if (resume) throw new UsageException("--resume: expected --out naming the folder of the interrupted run");
            string stem = System.IO.Path.GetFileNameWithoutExtension(scenarioPath);
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            string candidate = System.IO.Path.Combine(resultsRoot, $"{stem}-{stamp}");
            for (int k = 2; Directory.Exists(candidate) || File.Exists(candidate); k++)
                candidate = System.IO.Path.Combine(resultsRoot, $"{stem}-{stamp}-{k}");
            return Create(candidate, _ => { });
        }
        if (requested.Trim().Length == 0 || requested.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || requested.Contains('\0'))
            throw new UsageException($"--out '{requested}': expected a folder path");
        string full;
        try { full = System.IO.Path.GetFullPath(requested); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"--out '{requested}': expected a folder path ({e.Message})");
        }
        if (File.Exists(full)) throw new UsageException($"--out {requested}: a file of that name exists; expected a folder");
        if (resume && !Directory.Exists(full)) throw new UsageException($"--out {requested}: no such folder to resume; run without --resume to start");
        if (!resume && !force && Directory.Exists(full) && ResultsWriter.Entries(full).Any()) throw NotEmpty(requested);
        return Create(requested, files =>
        {
            // Checked again under the lock: another command may have written into the folder meanwhile.
            if (resume) return;
            if (!force && ResultsWriter.Entries(files.Folder).Any()) throw NotEmpty(requested);
            foreach (var name in writes ?? [])
                if (files.Refusal(name) is { } why) throw new UsageException($"--force: {why}");
        });
    }

    /// <summary>
    /// The lock of a results folder a command reads (a report's, a merge's shards, a fit's --from), so it is never read
    /// while another command writes into it; null where the folder does not exist or cannot be written (it is read without).
    /// </summary>
    /// <exception cref="ResultsFolderBusyException">Another command is writing into the folder.</exception>
    public static IDisposable? HoldToRead(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        try { return ResultsWriter.Lock(folder); }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e is not ResultsFolderBusyException)) { return null; }
    }

    /// <summary>The locks of several folders a command reads (see <see cref="HoldToRead(string)"/>), each folder once, released together.</summary>
    public static IDisposable HoldToRead(IEnumerable<string> folders)
    {
        var held = new Held();
        try
        {
            foreach (var folder in folders.DistinctBy(f => System.IO.Path.GetFullPath(f).TrimEnd(System.IO.Path.DirectorySeparatorChar)))
                if (HoldToRead(folder) is { } hold) held.Add(hold);
        }
        catch
        {
            held.Dispose();
            throw;
        }
        return held;
    }

    private sealed class Held : List<IDisposable>, IDisposable
    {
        public void Dispose()
        {
            foreach (var hold in this) hold.Dispose();
            Clear();
        }
    }

    private static UsageException NotEmpty(string folder) =>
        new($"--out {folder}: the folder is not empty; choose a new folder or add --force to replace its results");

    /// <summary>Removes the temporary files of a command that did not commit, and releases the folder.</summary>
    public void Dispose() => Files.Dispose();

    /// <summary>Creates <paramref name="folder"/> if need be, takes its lock, runs <paramref name="check"/> under it and makes sure it can be written.</summary>
    private static OutputFolder Create(string folder, Action<ResultsWriter> check)
    {
        // The first ancestor that exists: everything below it is ours to remove if the folder turns out unwritable.
        string? existing = System.IO.Path.GetFullPath(folder);
        while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing)) existing = System.IO.Path.GetDirectoryName(existing);
        bool created = !Directory.Exists(folder);
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            string why = existing is not null && File.Exists(existing) ? $"{existing} is a file, not a folder" : e.Message;
            throw new IOException($"cannot create results folder {folder}: {why}", e);
        }
        ResultsWriter? files = null;
        try
        {
            try { files = new ResultsWriter(folder); }
            catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e is not ResultsFolderBusyException))
            {
                throw new IOException($"cannot write to results folder {folder}: {e.Message}", e);
            }
            check(files);
            Probe(folder);
            return new OutputFolder(folder, files);
        }
        catch (Exception e)
        {
            files?.Dispose();
            // Leave nothing behind: remove the folders this call created.
            if (created && existing is not null && e is IOException)
                for (string? dir = System.IO.Path.GetFullPath(folder); dir is not null && dir.Length > existing.Length; dir = System.IO.Path.GetDirectoryName(dir))
                    try { Directory.Delete(dir); } catch (Exception x) when (x is IOException or UnauthorizedAccessException) { break; }
            throw;
        }
    }

    /// <summary>Writes and deletes a small file, so an unwritable folder fails before hours of simulation, not after.</summary>
    private static void Probe(string folder)
    {
        string probe = System.IO.Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                stream.WriteByte(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to results folder {folder}: {e.Message}", e);
        }
        finally
        {
            try { File.Delete(probe); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
