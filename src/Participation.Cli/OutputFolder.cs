using System.Globalization;

namespace Participation.Cli;

/// <summary>Chooses and prepares the results folder: a fresh one by default, never clobbering results without --force.</summary>
internal static class OutputFolder
{
    public static string Prepare(string? requested, string scenarioPath, bool force, string resultsRoot = "results")
    {
        if (requested is null)
        {
            string stem = Path.GetFileNameWithoutExtension(scenarioPath);
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            string candidate = Path.Combine(resultsRoot, $"{stem}-{stamp}");
            for (int k = 2; Directory.Exists(candidate) || File.Exists(candidate); k++)
                candidate = Path.Combine(resultsRoot, $"{stem}-{stamp}-{k}");
            return Create(candidate);
        }
        if (requested.Length == 0 || requested.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new UsageException($"--out '{requested}': expected a folder path");
        if (File.Exists(requested)) throw new UsageException($"--out {requested}: a file of that name exists; expected a folder");
        if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any() && !force)
            throw new UsageException($"--out {requested}: the folder is not empty; choose a new folder or add --force to replace its results");
        return Create(requested);
    }

    private static string Create(string folder)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create results folder {folder}: {e.Message}", e);
        }
        return folder;
    }
}
