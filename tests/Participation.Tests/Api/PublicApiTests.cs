using System.Reflection;
using PublicApiGenerator;

namespace Participation.Tests.Api;

/// <summary>
/// The public surface of the library packages, compared with the committed listing in docs/api/: a change to
/// the surface fails here until the listing is regenerated on purpose (UPDATE_API=1 dotnet test --filter PublicApi)
/// and the change shows in review.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Assemblies => new() { "Participation", "Participation.Experiments" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_surface_is_the_committed_one(string assembly)
    {
        var api = ApiGenerator.GeneratePublicApi(Assembly.Load(assembly), new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        string path = Path.Combine(TestScenarios.RepoRoot(), "docs", "api", assembly + ".txt");
        if (Environment.GetEnvironmentVariable("UPDATE_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, api);
        }
        Assert.True(File.Exists(path), $"{path} is missing: run UPDATE_API=1 dotnet test tests/Participation.Tests --filter PublicApi");
        string approved = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (approved == api) return;
        var a = approved.Split('\n'); var b = api.Split('\n');
        var removed = a.Except(b).Take(10); var added = b.Except(a).Take(10);
        Assert.Fail($"The public API of {assembly} changed. Removed:\n  {string.Join("\n  ", removed)}\nAdded:\n  {string.Join("\n  ", added)}\n" +
            "If intended, regenerate docs/api with UPDATE_API=1 dotnet test tests/Participation.Tests --filter PublicApi and commit it.");
    }
}
