using System.CommandLine;
using System.Reflection;
using Participation.Files;
using Participation.Policies;

namespace Participation.Cli;

/// <summary>
/// Policy kinds from assemblies the user names explicitly with <c>--plugin</c>: nothing is loaded because a
/// scenario asks for it.
/// </summary>
internal static class Plugins
{
    public static Option<string[]> Option() => new("--plugin")
    {
        Description = "An assembly (.dll) with your own policy kinds (public IPolicyProvider classes). Repeatable.",
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
            Assembly assembly;
            try { assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(full); }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new UsageException($"--plugin {path}: expected a .NET assembly ({e.Message})");
            }
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
        return catalog;
    }
}
