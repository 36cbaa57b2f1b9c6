using NetArchTest.Rules;
using Participation.Simulation;

namespace Participation.Tests.Architecture;

/// <summary>
/// The core library's namespaces form layers (docs/architecture.md): each may use those below it and none above, so
/// there are no cycles between them. A namespace added to the library must be given its place here.
/// </summary>
public class LayerTests
{
    /// <summary>The layers, bottom first.</summary>
    public static readonly string[] Layers =
    [
        "Participation",            // MessageText: how a message shows a user's value
        "Participation.Files",      // InputFile: how a file the user names is read
        "Participation.Randomness",
        "Participation.Scenarios",
        "Participation.Time",
        "Participation.Residents",
        "Participation.Networks",
        "Participation.Outcomes",
        "Participation.Policies",
        "Participation.Rules",
        "Participation.HighPerformance",
        "Participation.Simulation",
    ];

    public static TheoryData<string> Each => new(Layers);

    [Theory]
    [MemberData(nameof(Each))]
    public void A_layer_uses_none_above_it(string layer)
    {
        var above = Layers[(Array.IndexOf(Layers, layer) + 1)..];
        if (above.Length == 0) return; // the top layer may use all
        var result = Types.InAssembly(typeof(Model).Assembly).That().ResideInNamespaceMatching($"^{System.Text.RegularExpressions.Regex.Escape(layer)}$") // exactly: "Participation" would take in every namespace
            .ShouldNot().HaveDependencyOnAny(above).GetResult();
        Assert.True(result.IsSuccessful,
            $"types of {layer} use a layer above it ({string.Join(", ", above)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_namespace_of_the_library_has_its_layer()
    {
        var namespaces = typeof(Model).Assembly.GetTypes().Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("Participation", StringComparison.Ordinal)).Distinct().Order().ToArray();
        Assert.Equal(Layers.Order(), namespaces);
    }
}
