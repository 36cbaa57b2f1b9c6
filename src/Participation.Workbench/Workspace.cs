using System.Text.RegularExpressions;

namespace Participation.Workbench;

/// <summary>A request the workbench refuses: the HTTP status and a one-line message naming the field, the value and what was expected.</summary>
internal sealed class WorkbenchRefusal(int status, string message) : Exception(message)
{
    /// <summary>HTTP status code (400 bad input, 404 not found, 409 conflict, 413 too large).</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The folder the workbench reads and writes: the user's scenarios in <c>scenarios/</c> and result folders in
/// <c>results/</c>. Every path is resolved to its real path (symbolic links followed, component by component) and must
/// lie inside the workspace's own real path, so neither a name like <c>../x</c> nor a link pointing out of the workspace
/// reaches a file outside it.
/// </summary>
internal sealed partial class Workspace
{
    /// <summary>Creates the workspace at <paramref name="folder"/> (created if missing) with its two subfolders.</summary>
    public Workspace(string folder)
    {
        Directory.CreateDirectory(folder);
        Root = RealPath(Path.GetFullPath(folder));
        Directory.CreateDirectory(Path.Combine(Root, ScenariosName));
        Directory.CreateDirectory(Path.Combine(Root, ResultsName));
        Scenarios = Inside(Path.Combine(Root, ScenariosName)) ?? throw new WorkbenchRefusal(400, $"{Path.Combine(Root, ScenariosName)}: leads outside the workspace {Root}");
        Results = Inside(Path.Combine(Root, ResultsName)) ?? throw new WorkbenchRefusal(400, $"{Path.Combine(Root, ResultsName)}: leads outside the workspace {Root}");
    }

    /// <summary>Name of the folder of the user's scenarios.</summary>
    public const string ScenariosName = "scenarios";

    /// <summary>Name of the folder of result folders.</summary>
    public const string ResultsName = "results";

    /// <summary>The workspace's real path.</summary>
    public string Root { get; }

    /// <summary>The real path of the scenarios folder.</summary>
    public string Scenarios { get; }

    /// <summary>The real path of the results folder.</summary>
    public string Results { get; }

    /// <summary>
    /// The path of scenario file <paramref name="file"/> (a bare name such as <c>my-community.json</c>) in the scenarios
    /// folder; refused unless it is such a name and its real path lies in the workspace.
    /// </summary>
    public string ScenarioFile(string? file)
    {
        if (file is null || !FileName().IsMatch(file))
            throw new WorkbenchRefusal(400, $"file = {Shown(file)}: expected a file name of letters, digits, '-', '_' and '.' ending in .json (no folders), e.g. my-community.json");
        return Inside(Path.Combine(Scenarios, file)) ?? throw new WorkbenchRefusal(400, $"file = {Shown(file)}: expected a file inside the workspace ({Scenarios}); its real path leads outside");
    }

    /// <summary>The path of result folder <paramref name="name"/>; refused unless it is a bare folder name inside the results folder.</summary>
    public string ResultFolder(string? name)
    {
        if (name is null || !FolderName().IsMatch(name))
            throw new WorkbenchRefusal(400, $"result = {Shown(name)}: expected a result folder name of letters, digits, '-', '_' and '.' (no folders)");
        return Inside(Path.Combine(Results, name)) ?? throw new WorkbenchRefusal(400, $"result = {Shown(name)}: expected a folder inside the workspace ({Results}); its real path leads outside");
    }

    /// <summary>The path of file <paramref name="file"/> in result folder <paramref name="folder"/>; refused unless a bare table, manifest or report name whose real path is in the workspace.</summary>
    public string ResultFile(string folder, string? file)
    {
        if (file is null || !TableName().IsMatch(file))
            throw new WorkbenchRefusal(400, $"file = {Shown(file)}: expected a table, manifest or report name such as weekly.csv, weekly.parquet, manifest.json or report.html");
        return Inside(Path.Combine(folder, file)) ?? throw new WorkbenchRefusal(400, $"file = {Shown(file)}: expected a file inside the workspace; its real path leads outside");
    }

    /// <summary>The real path of <paramref name="path"/> when it lies in the workspace, else null.</summary>
    public string? Inside(string path)
    {
        string real = RealPath(Path.GetFullPath(path));
        return IsUnder(real, Root) ? real : null;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it (both full paths).</summary>
    public static bool IsUnder(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>
    /// The real path of full path <paramref name="full"/>: each existing component that is a symbolic link is replaced by
    /// its final target, in turn, so a link anywhere along the path is followed; components that do not exist yet are kept.
    /// </summary>
    public static string RealPath(string full)
    {
        string root = Path.GetPathRoot(full)!;
        string current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int k = 0; k < parts.Length; k++)
        {
            string next = Path.Combine(current, parts[k]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                // A dangling link: take where it points, so a file created through it would still be judged by that place.
                next = target is not null ? RealPath(Path.GetFullPath(target.FullName)) : RealPath(Path.GetFullPath(info.LinkTarget, current));
            }
            else if (!info.Exists)
                return Path.Combine([next, .. parts[(k + 1)..]]);
            current = next;
        }
        return current;
    }

    /// <summary>A value from a request as shown in a message: quoted, cut to 80 characters, control characters escaped.</summary>
    public static string Shown(string? value)
    {
        if (value is null) return "(none)";
        string cut = value.Length > 80 ? value[..77] + "..." : value;
        return "'" + string.Concat(cut.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.json$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")]
    private static partial Regex FolderName();

    [GeneratedRegex(@"^[a-z0-9_]{1,60}\.(csv|parquet|json|html)$")]
    private static partial Regex TableName();
}
