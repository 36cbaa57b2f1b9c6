using Participation.Scenarios;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Participation.Policies;

namespace Participation.Tests.Reliability;

/// <summary>
/// Writes small plugin assemblies for <c>--plugin</c> tests with <see cref="PersistedAssemblyBuilder"/>: a dependency
/// assembly, and a plugin whose provider needs that dependency where the test says (to register its kind, or only when
/// a scenario's policy of that kind is made), so a test can delete the dependency and see what the user is told.
/// </summary>
public static class PluginAssemblies
{
    /// <summary>Where the plugin first needs its dependency.</summary>
    public enum Need
    {
        /// <summary>Its provider derives from a class of the dependency: needed as soon as its types are listed.</summary>
        ToListTypes,
        /// <summary>Its <see cref="IPolicyProvider.Register"/> calls into the dependency.</summary>
        ToRegister,
        /// <summary>Only when a policy of its kind (<see cref="Kind"/>) is made for a run.</summary>
        ToRun,
    }

    /// <summary>The policy kind the plugin registers (except with <see cref="Need.ToListTypes"/>, where registering fails first).</summary>
    public const string Kind = "needsDependency";

    /// <summary>Writes <c>Needed.dll</c> (a public class <c>Needed.Base</c> with a static method <c>Touch</c>) into <paramref name="folder"/>.</summary>
    public static string WriteDependency(string folder)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("Needed") { Version = new Version(1, 2, 3, 0) }, typeof(object).Assembly);
        var module = assembly.DefineDynamicModule("Needed");
        var type = module.DefineType("Needed.Base", TypeAttributes.Public | TypeAttributes.Class);
        type.DefineDefaultConstructor(MethodAttributes.Public);
        var touch = type.DefineMethod("Touch", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        touch.GetILGenerator().Emit(OpCodes.Ret);
        type.CreateType();
        string path = Path.Combine(folder, "Needed.dll");
        assembly.Save(path);
        return path;
    }

    /// <summary>Writes <c>NeedyPlugin.dll</c> into <paramref name="folder"/>, built against the dependency at <paramref name="dependency"/>.</summary>
    public static string WritePlugin(string folder, string dependency, Need need)
    {
        // The dependency is loaded into a context of its own only to refer to its types; the plugin records it by name.
        var context = new AssemblyLoadContext("needed-reference", isCollectible: true);
        try
        {
            var neededBase = context.LoadFromAssemblyPath(dependency).GetType("Needed.Base", throwOnError: true)!;
            var touch = neededBase.GetMethod("Touch")!;

            var assembly = new PersistedAssemblyBuilder(new AssemblyName("NeedyPlugin"), typeof(object).Assembly);
            var module = assembly.DefineDynamicModule("NeedyPlugin");
            var provider = module.DefineType("NeedyPlugin.Provider", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed,
                need == Need.ToListTypes ? neededBase : typeof(object), [typeof(IPolicyProvider)]);
            provider.DefineDefaultConstructor(MethodAttributes.Public);

            // static Policy Create(string name, PolicySettings settings) { Needed.Base.Touch(); return null; }
            var create = provider.DefineMethod("Create", MethodAttributes.Public | MethodAttributes.Static, typeof(Policy), [typeof(string), typeof(PolicySettings)]);
            var il = create.GetILGenerator();
            il.Emit(OpCodes.Call, touch);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ret);

            // void Register(PolicyCatalog catalog) { [Needed.Base.Touch();] catalog.Register(new PolicyKind(Kind, "...", [], Create)); }
            var register = provider.DefineMethod(nameof(IPolicyProvider.Register),
                MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                typeof(void), [typeof(PolicyCatalog)]);
            il = register.GetILGenerator();
            if (need == Need.ToRegister) il.Emit(OpCodes.Call, touch);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldstr, Kind);
            il.Emit(OpCodes.Ldstr, "A test kind whose policies need another assembly.");
            il.Emit(OpCodes.Call, typeof(Array).GetMethod(nameof(Array.Empty))!.MakeGenericMethod(typeof(PolicyParameter)));
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldftn, create);
            il.Emit(OpCodes.Newobj, typeof(Func<string, PolicySettings, Policy>).GetConstructor([typeof(object), typeof(IntPtr)])!);
            il.Emit(OpCodes.Newobj, typeof(PolicyKind).GetConstructor([typeof(string), typeof(string), typeof(IReadOnlyList<PolicyParameter>), typeof(Func<string, PolicySettings, Policy>)])!);
            il.Emit(OpCodes.Callvirt, typeof(PolicyCatalog).GetMethod(nameof(PolicyCatalog.Register))!);
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ret);
            provider.DefineMethodOverride(register, typeof(IPolicyProvider).GetMethod(nameof(IPolicyProvider.Register))!);
            provider.CreateType();

            string path = Path.Combine(folder, "NeedyPlugin.dll");
            assembly.Save(path);
            return path;
        }
        finally { context.Unload(); }
    }
}
