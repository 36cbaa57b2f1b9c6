using System.CommandLine;
using System.Reflection;
using System.Runtime.Loader;
using Participation.Files;
using Participation.Policies;

namespace Participation.Cli;

/// <summary>
/// Policy kinds from assemblies the user names explicitly with <c>--plugin</c>: nothing is loaded because a
/// scenario asks for it. A plugin's own dependencies are looked for beside it.
/// </summary>
internal static class Plugins
{
    public static Option<string[]> Option() => new("--plugin")
    {
        Description = "An assembly (.dll) with your own policy kinds (public IPolicyProvider classes). Repeatable. Assemblies it needs are looked for beside it.",
        DefaultValueFactory = _ => [],
    };

    /// <summary>The built-in catalogue plus every kind the named assemblies register.</summary>
    public static PolicyCatalog Catalog(IEnumerable<string> paths)
    {
        var catalog = PolicyCatalog.Default;
        foreach (var path in paths)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new UsageException($"--plugin {path}: expected an existing assembly file (.dll)");
            try { InputFile.CheckRegular(full); }
            catch (InputFileException e) { throw new UsageException($"--plugin {path}: {e.Found}; expected an assembly file (.dll)"); }
            lock (Folders) Folders.Add(Path.GetDirectoryName(full)!);
            Assembly assembly;
            try { assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full); }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--plugin {path}: expected a readable .NET assembly ({e.Message})");
            }
            try
            {
                var providers = assembly.GetExportedTypes()
                    .Where(t => typeof(IPolicyProvider).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
                    .OrderBy(t => t.FullName, StringComparer.Ordinal)
                    .ToList();
                if (providers.Count == 0)
                    throw new UsageException($"--plugin {path}: expected a public class implementing {nameof(IPolicyProvider)} with a parameterless constructor");
                foreach (var type in providers)
                {
                    try { ((IPolicyProvider)Activator.CreateInstance(type)!).Register(catalog); }
                    catch (ArgumentException e) { throw new UsageException($"--plugin {path}: {type.Name}: {e.Message}"); }
                }
            }
            catch (Exception e) when (MissingAssembly(e) is { } missing) { throw new UsageException($"--plugin {path}: {missing}"); }
        }
        return catalog;
    }

    /// <summary>
    /// What to tell the user when <paramref name="e"/> is the runtime failing to find or load an assembly by name (a
    /// dependency of a plugin, or a damaged installation of participation), at the plugin's loading or later in a run;
    /// null for any other exception.
    /// </summary>
    public static string? MissingAssembly(Exception e)
    {
        if (e is TargetInvocationException { InnerException: { } invoked }) return MissingAssembly(invoked);
        if (e is ReflectionTypeLoadException { LoaderExceptions: var inner } && inner.FirstOrDefault(x => x is not null && MissingAssembly(x) is not null) is { } first)
            return MissingAssembly(first);
        string? name = e switch { FileNotFoundException f => f.FileName, FileLoadException f => f.FileName, _ => null };
        if (name is null || !name.Contains(", Version=", StringComparison.Ordinal)) return null;
        AssemblyName assembly;
        try { assembly = new AssemblyName(name); }
        catch (Exception x) when (x is ArgumentException or FileLoadException) { return null; }
        string what = $"the assembly {assembly.Name} (version {assembly.Version})";
        string failed = e is FileLoadException ? "loaded" : "found";
        lock (Folders)
            return Folders.Count == 0
                ? $"{what} cannot be {failed}: the installation of participation is incomplete; install it again"
                : $"{what}, which a plugin needs, cannot be {failed}: copy {assembly.Name}.dll beside the plugin (into {string.Join(" or ", Folders)})";
    }

    /// <summary>The folders of the plugins loaded, where their dependencies are looked for.</summary>
    private static readonly HashSet<string> Folders = Listen();

    private static HashSet<string> Listen()
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            lock (folders)
                foreach (var folder in folders)
                    if (Path.Combine(folder, name.Name + ".dll") is var candidate && File.Exists(candidate))
                        return context.LoadFromAssemblyPath(candidate);
            return null;
        };
        return folders;
    }
}
