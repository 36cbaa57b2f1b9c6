using Microsoft.Extensions.Configuration;

namespace Participation.Scenarios;

/// <summary>
/// Where each value of a loaded scenario came from: a file of the <c>extends</c> chain, an override, or the defaults,
/// so that an error blames what the user wrote. A default is blamed on what made the section it sits in: a compound
/// that only an override names (<c>compounds.new.households=5</c>) has its default buildings from that override.
/// </summary>
internal sealed class ValueOrigins
{
    private readonly IConfigurationProvider[] _providers;
    private readonly string?[] _labels;
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly string? _top;

    /// <summary>Label of an override in messages (followed by the override itself where the key alone does not say which).</summary>
    public const string OverrideLabel = "override";

    /// <summary>What a value no file or override sets is called.</summary>
    public const string Default = "the default";

    /// <param name="providers">The configuration's providers: one per file (base first), then the overrides.</param>
    /// <param name="fileLabels">The files' labels, in the providers' order (null for a scenario given as text).</param>
    /// <param name="overrides">The overrides, by configuration key.</param>
    public ValueOrigins(IEnumerable<IConfigurationProvider> providers, IEnumerable<string?> fileLabels, IReadOnlyDictionary<string, string?> overrides)
    {
        _providers = providers.ToArray();
        _labels = [.. fileLabels, OverrideLabel];
        _top = _labels.Length > 1 ? _labels[^2] : null;
        _overrides = overrides;
    }

    /// <summary>
    /// The file (or "override") an error about <paramref name="dottedKey"/> names: the last layer that set the value;
    /// for a section, the last layer that set anything in it; for a default, the first layer that made the section it
    /// sits in (with the override written out when an override made it); for a top-level default, the top file.
    /// </summary>
    public string? Blame(string dottedKey) => Blamed(ConfigKey(dottedKey)) switch
    {
        null => _top,
        (int layer, _, true) when layer == _providers.Length - 1 => OverrideLabel, // the message shows the key and value overridden
        (int layer, string at, _) => Label(layer, at),
    };

    /// <summary>The file or override an error about a value computed from <paramref name="dottedKeys"/> (a sum of shares) names: the last layer that set any of them.</summary>
    public string? BlameAny(IEnumerable<string> dottedKeys)
    {
        var keys = dottedKeys.Select(ConfigKey).ToArray();
        var set = keys.Select(k => (Key: k, Layer: LastSetting(k))).Where(k => k.Layer is not null).MaxBy(k => k.Layer);
        return set.Layer is int layer ? Label(layer, set.Key) : Blame(dottedKeys.First());
    }

    /// <summary>Whether no file and no override sets <paramref name="dottedKey"/> (its value is the default).</summary>
    public bool IsDefault(string dottedKey) => LastSetting(ConfigKey(dottedKey)) is null && LastWithin(ConfigKey(dottedKey)) is null;

    /// <summary>
    /// Where the value of <paramref name="dottedKey"/>, which an error about <paramref name="blamedKey"/> refers to, came
    /// from (a file, an override written out, or "the default"), when that is not where the error is blamed; else null.
    /// </summary>
    public string? SourceIfOther(string dottedKey, string blamedKey)
    {
        string key = ConfigKey(dottedKey);
        int? layer = LastSetting(key);
        int blamed = Blamed(ConfigKey(blamedKey))?.Layer ?? _providers.Length - 2; // a top-level default: the top file
        if (layer == blamed || (layer is null && blamed == _providers.Length - 2 && IsDefault(blamedKey))) return null;
        return layer is int l ? Label(l, key) : Default;
    }

    /// <summary>A value as an error shows it: followed by "(the default)" when no file or override set it, so the user looks for it in no file.</summary>
    public string Shown(string dottedKey, string formattedValue) => formattedValue + (IsDefault(dottedKey) ? $" ({Default})" : "");

    /// <summary>", from …" (or ", the default") after a value an error about <paramref name="blamedKey"/> compares with, when it came from elsewhere; else "".</summary>
    public string From(string dottedKey, string blamedKey) => SourceIfOther(dottedKey, blamedKey) switch
    {
        null => "",
        Default => $", {Default}",
        var source => $", from {source}",
    };

    /// <summary>The layer an error about <paramref name="key"/> is blamed on, the key or section its label names, and whether the layer set the key itself.</summary>
    private (int Layer, string At, bool Exact)? Blamed(string key)
    {
        if (LastSetting(key) is int set) return (set, key, true);
        if (LastWithin(key) is int within) return (within, key, false);
        for (string? section = Parent(key); section is not null; section = Parent(section))
            if (FirstWithin(section) is int made) return (made, section, false);
        return null;
    }

    private static string ConfigKey(string dottedKey) => dottedKey.Replace('.', ':');

    private static string? Parent(string key) => key.LastIndexOf(':') is int at and > 0 ? key[..at] : null;

    private int? LastSetting(string key)
    {
        for (int i = _providers.Length - 1; i >= 0; i--)
            if (_providers[i].TryGet(key, out _)) return i;
        return null;
    }

    private int? LastWithin(string section)
    {
        for (int i = _providers.Length - 1; i >= 0; i--)
            if (_providers[i].GetChildKeys([], section).Any()) return i;
        return null;
    }

    private int? FirstWithin(string section)
    {
        for (int i = 0; i < _providers.Length; i++)
            if (_providers[i].GetChildKeys([], section).Any()) return i;
        return null;
    }

    /// <summary>The layer's label; for the overrides, the first override at or under <paramref name="key"/>, written out.</summary>
    private string? Label(int layer, string key)
    {
        if (layer < _providers.Length - 1) return _labels[layer];
        var (path, value) = _overrides.First(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase)
            || o.Key.StartsWith(key + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));
        return $"{OverrideLabel} {MessageText.Line(path.Replace(ConfigurationPath.KeyDelimiter, "."), 200)}={MessageText.Value(value)}";
    }
}
