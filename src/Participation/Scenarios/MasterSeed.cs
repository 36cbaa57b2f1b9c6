namespace Participation.Scenarios;

/// <summary>
/// The one rule for master seeds, wherever one is given: the scenario's <c>seed</c> key (whose declaration it is), the
/// command line's <c>--seed</c>, a targets file's <c>seed</c>, a manifest's <c>masterSeed</c>. A seed that breaks it is
/// refused in the same words everywhere, never converted (a negative <c>--seed</c> used to become 2^64 - 1).
/// </summary>
public static class MasterSeed
{
    private static readonly Field Key = ScenarioBinder.FieldsOf(typeof(Scenario)).Single(f => f.Name == "seed");

    /// <summary>What a master seed may be, in words: "a whole number of at least 0" (at most 2^63 - 1).</summary>
    public static string Expected => Key.Expected;

    /// <summary>True when <paramref name="seed"/> is a master seed the rule allows.</summary>
    public static bool IsValid(long seed) => seed >= Key.Min;

    /// <summary>True when <paramref name="seed"/> is a master seed the rule allows (seeds are kept as unsigned numbers once checked).</summary>
    public static bool IsValid(ulong seed) => seed <= long.MaxValue && IsValid((long)seed);
}
