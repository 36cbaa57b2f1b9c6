using System.Globalization;

namespace Participation.Cli;

/// <summary>
/// Chooses and prepares the results folder: a fresh one by default, never clobbering results without --force. The
/// folder is checked before anything runs: a path that cannot be a folder (under a file, e.g. /dev/null/x) or a folder
/// that cannot be written stops at once with an output error (exit 3), and leaves nothing behind.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Prepares the results folder and returns its path.</summary>
    /// <param name="requested">The folder given with --out, or null for a fresh folder under <paramref name="resultsRoot"/>.</param>
    /// <param name="scenarioPath">Scenario file (names the fresh folder).</param>
    /// <param name="force">Write into a folder that already holds files (--force).</param>
    /// <param name="resultsRoot">Where fresh folders go.</param>
    /// <param name="resume">Write into a folder that holds an interrupted run's files (--resume); it must exist.</param>
    /// <exception cref="UsageException">The path is not a folder path, names a file, or the folder holds files (without --force).</exception>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static string Prepare(string? requested, string scenarioPath, bool force, string resultsRoot = "results", bool resume = false)
    {
        if (requested is null)
        {
            if (resume) throw new UsageException("--resume: expected --out naming the folder of the interrupted run");
            string stem = Path.GetFileNameWithoutExtension(scenarioPath);
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            string candidate = Path.Combine(resultsRoot, $"{stem}-{stamp}");
            for (int k = 2; Directory.Exists(candidate) || File.Exists(candidate); k++)
                candidate = Path.Combine(resultsRoot, $"{stem}-{stamp}-{k}");
            return Create(candidate);
        }
        if (requested.Trim().Length == 0 || requested.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || requested.Contains('\0'))
            throw new UsageException($"--out '{requested}': expected a folder path");
        string full;
        try { full = Path.GetFullPath(requested); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"--out '{requested}': expected a folder path ({e.Message})");
        }
        if (File.Exists(full)) throw new UsageException($"--out {requested}: a file of that name exists; expected a folder");
        if (resume)
        {
            if (!Directory.Exists(full)) throw new UsageException($"--out {requested}: no such folder to resume; run without --resume to start");
            Probe(requested);
            return requested;
        }
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !force)
            throw new UsageException($"--out {requested}: the folder is not empty; choose a new folder or add --force to replace its results");
        return Create(requested);
    }

    private static string Create(string folder)
    {
        // The first ancestor that exists: everything below it is ours to remove if the folder turns out unwritable.
        string? existing = Path.GetFullPath(folder);
        while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing)) existing = Path.GetDirectoryName(existing);
        bool created = !Directory.Exists(folder);
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            string why = existing is not null && File.Exists(existing) ? $"{existing} is a file, not a folder" : e.Message;
            throw new IOException($"cannot create results folder {folder}: {why}", e);
        }
        try { Probe(folder); }
        catch (IOException) when (created && existing is not null)
        {
            // Leave nothing behind: remove the folders this call created.
            for (string? dir = Path.GetFullPath(folder); dir is not null && dir.Length > existing.Length; dir = Path.GetDirectoryName(dir))
                try { Directory.Delete(dir); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { break; }
            throw;
        }
        return folder;
    }

    /// <summary>Writes and deletes a small file, so an unwritable folder fails before hours of simulation, not after.</summary>
    private static void Probe(string folder)
    {
        string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
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
