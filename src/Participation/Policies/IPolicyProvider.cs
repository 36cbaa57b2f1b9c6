namespace Participation.Policies;

/// <summary>
/// Registers policy kinds from a researcher's own assembly. The command line loads an assembly only when the
/// user names it (<c>--plugin path.dll</c>) and calls every public provider in it; a scenario then names the
/// kinds (never a .NET type).
/// </summary>
/// <example>
/// <code>
/// public sealed class MyPolicies : IPolicyProvider
/// {
///     public void Register(PolicyCatalog catalog) => catalog.Register(TeaHouse.Kind);
/// }
/// </code>
/// </example>
public interface IPolicyProvider
{
    /// <summary>Adds this assembly's policy kinds to <paramref name="catalog"/>.</summary>
    void Register(PolicyCatalog catalog);
}
