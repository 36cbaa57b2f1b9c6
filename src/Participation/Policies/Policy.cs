using Participation.Randomness;
using Participation.Networks;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Policies;

/// <summary>
/// A policy lever: it activates on a date, acts on the whole population once per tick in two phases
/// (before residents hear and decide, and after the week's participation is known), and reports what it
/// spends. Subclass it in your own assembly and register a <see cref="PolicyKind"/> to add a lever.
/// </summary>
/// <example>
/// <code>
/// sealed class Honours(string name, PolicySettings s) : Policy(name, s)
/// {
///     public override void SetLevers(PolicyContext c)
///     {
///         var factor = c.Levers.ExitHazardFactor; c.Levers.TouchPerResident();
///         for (int i = 0; i &lt; factor.Length; i++) if (c.Population.IsBackbone(i)) factor[i] *= 0.9f;
///     }
/// }
/// </code>
/// </example>
public abstract class Policy(string name, PolicySettings settings)
{
    /// <summary>The name the scenario gave the policy.</summary>
    public string Name { get; } = name;

    /// <summary>The policy's configuration.</summary>
    public PolicySettings Settings { get; } = settings;

    /// <summary>Called each active week before hearing and decisions: adjust <see cref="PolicyContext.Levers"/>.</summary>
    public virtual void SetLevers(PolicyContext context) { }

    /// <summary>Called each active week after participation and tasks: accrue, reward, and <see cref="PolicyContext.Spend"/>.</summary>
    public virtual void Settle(PolicyContext context) { }

    private ulong? _key;

    /// <summary>
    /// The policy's own counter-based stream for <paramref name="counter"/> (usually the tick), keyed by its name
    /// so that two policies never share draws.
    /// </summary>
    protected CounterRandom Draws(PolicyContext context, int counter, int sub = 0) =>
        new(context.Seed ^ (_key ??= StableHash(Name)), counter, RandomStream.Policy, sub);

    /// <summary>
    /// True when resident <paramref name="resident"/> falls in the <paramref name="share"/> the policy reaches: a
    /// draw that stays the same week after week for the same household (a new household in the flat draws anew).
    /// </summary>
    protected bool InShare(PolicyContext context, int resident, double share) =>
        Draws(context, context.Population.MoveInWeek[resident]).Uniform(resident) < share;

    /// <summary>FNV-1a over the name: a stable key (string.GetHashCode is randomised per process).</summary>
    internal static ulong StableHash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in text.ToLowerInvariant()) { h ^= ch; h *= 1099511628211UL; }
        return CounterRandom.Mix(h);
    }

    /// <summary>
    /// Writes what the policy carries from one week to the next, for a checkpoint (the default writes nothing: right
    /// for a policy whose fields are set from its settings or refilled every week before they are read). Override it,
    /// with <see cref="RestoreState"/>, in a policy that remembers across weeks, or a run continued from a checkpoint
    /// will differ from an uninterrupted one.
    /// </summary>
    public virtual void SaveState(BinaryWriter writer) { }

    /// <summary>Reads back exactly what <see cref="SaveState"/> wrote, into a policy freshly created from its settings.</summary>
    public virtual void RestoreState(BinaryReader reader) { }
}

/// <summary>What a policy sees and may change in one tick.</summary>
public sealed class PolicyContext
{
    internal PolicyContext(Scenario scenario, Population population, SocialNetwork network, Levers levers, ulong seed, double[] spentByPolicy)
    {
        Scenario = scenario; Population = population; Network = network; Levers = levers; Seed = seed;
        SpentByPolicy = spentByPolicy;
    }

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario { get; }
    /// <summary>The population (read its state; change only what the lever is about).</summary>
    public Population Population { get; }
    /// <summary>The social network.</summary>
    public SocialNetwork Network { get; }
    /// <summary>The levers of this tick.</summary>
    public Levers Levers { get; }
    /// <summary>Seed of the replication (for counter-based draws with <c>Stream.Policy</c>).</summary>
    public ulong Seed { get; }
    /// <summary>Current tick.</summary>
    public int Tick { get; internal set; }
    /// <summary>First day of the current week.</summary>
    public DateOnly Date { get; internal set; }

    internal int Current { get; set; }
    internal double[] SpentByPolicy { get; }

    /// <summary>Records money spent by the calling policy this week, in yuan.</summary>
    public void Spend(double yuan)
    {
        if (!(yuan >= 0)) throw new ArgumentOutOfRangeException(nameof(yuan), yuan, "spending must be a non-negative number of yuan");
        SpentByPolicy[Current] += yuan;
    }
}
