using System.Collections;
using System.Reflection;
using Participation.Networks;
using Participation.Policies;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Tests;

/// <summary>
/// Copies, random fillings and comparisons of the model's state, found by reflection so that a member added to the
/// state is copied, filled and compared without a change here: every array of the population and the levers, every
/// property of the saved state and of its parts (<see cref="ModelState.StateParts"/>), every settable property of the
/// outcome records. Floating-point values compare bit for bit.
/// </summary>
internal static class TestState
{
    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static IEnumerable<PropertyInfo> ArrayProperties(Type t) =>
        t.GetProperties(All).Where(p => p.PropertyType.IsArray && p.GetIndexParameters().Length == 0);

    /// <summary>A copy of <paramref name="pop"/>, array by array.</summary>
    public static Population Copy(Population pop)
    {
        var copy = new Population(pop.Count, pop.HouseholdCount, pop.CompoundCount);
        foreach (var p in ArrayProperties(typeof(Population)))
        {
            var from = (Array)p.GetValue(pop)!;
            if (p.SetMethod is not null) p.SetValue(copy, from.Clone());
            else Array.Copy(from, (Array)p.GetValue(copy)!, from.Length);
        }
        foreach (var p in typeof(Population).GetProperties(All).Where(p => p.PropertyType == typeof(int) && p.SetMethod is not null))
            p.SetValue(copy, p.GetValue(pop));
        return copy;
    }

    /// <summary>A copy of <paramref name="levers"/>: per-resident arrays, the week's levers and whether the arrays changed.</summary>
    public static Levers Copy(Levers levers, Scenario scenario)
    {
        var copy = new Levers(scenario, levers.Reward.Length);
        foreach (var p in ArrayProperties(typeof(Levers)))
            Array.Copy((Array)p.GetValue(levers)!, (Array)p.GetValue(copy)!, levers.Reward.Length);
        foreach (var p in typeof(Levers).GetProperties(All).Where(p => !p.PropertyType.IsArray && p.SetMethod is { IsPublic: true }))
            p.SetValue(copy, p.GetValue(levers));
        if (levers.PerResidentDirty) copy.TouchPerResident();
        return copy;
    }

    /// <summary>The names of the arrays of <paramref name="a"/> and <paramref name="b"/> (population and levers) that differ, with the first resident where they do.</summary>
    public static IEnumerable<string> Differences(Population a, Population b) => ArrayDifferences(typeof(Population), a, b, "population");

    /// <summary>As <see cref="Differences(Population, Population)"/> for levers.</summary>
    public static IEnumerable<string> Differences(Levers a, Levers b) =>
        ArrayDifferences(typeof(Levers), a, b, "levers").Concat(a.PerResidentDirty == b.PerResidentDirty ? [] : ["levers.PerResidentDirty"]);

    private static IEnumerable<string> ArrayDifferences(Type t, object a, object b, string owner)
    {
        foreach (var p in ArrayProperties(t))
            if (FirstDifference((Array)p.GetValue(a)!, (Array)p.GetValue(b)!) is { } at) yield return $"{owner}.{p.Name}{at}";
    }

    /// <summary>Null when the arrays hold the same values (floats bit for bit), else where they first differ.</summary>
    public static string? FirstDifference(Array a, Array b)
    {
        if (a.Length != b.Length) return $": {a.Length} against {b.Length} values";
        for (int i = 0; i < a.Length; i++)
            if (!Same(a.GetValue(i), b.GetValue(i))) return $"[{i}]: {a.GetValue(i)} against {b.GetValue(i)}";
        return null;
    }

    /// <summary>Equal values, doubles and floats bit for bit (so NaN equals NaN and −0 differs from 0).</summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y),
        _ => Equals(a, b),
    };

    /// <summary>
    /// The members of two states that differ: every property of the state and of its parts, arrays element by element,
    /// lists of records record by record, the policies by their saved bytes. <paramref name="records"/> false leaves
    /// out what the recorders keep (<see cref="Records"/>).
    /// </summary>
    public static List<string> Differences(ModelState a, ModelState b, bool records = true)
    {
        var found = new List<string>();
        Compare(typeof(ModelState), a, b, "state", found, records);
        return found;
    }

    private static void Compare(Type type, object a, object b, string path, List<string> found, bool records)
    {
        foreach (var p in type.GetProperties(All).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (!records && p.PropertyType == typeof(Records)) continue;
            string at = $"{path}.{p.Name}";
            object? x = p.GetValue(a), y = p.GetValue(b);
            switch (x)
            {
                case Population pa: found.AddRange(Differences(pa, (Population)y!)); break;
                case Levers la: found.AddRange(Differences(la, (Levers)y!)); break;
                case SocialNetwork na:
                    var nb = (SocialNetwork)y!;
                    if ((FirstDifference(na.Offsets, nb.Offsets) ?? FirstDifference(na.WeakStart, nb.WeakStart) ?? FirstDifference(na.Targets, nb.Targets)) is { } d)
                        found.Add($"{at}{d}");
                    break;
                case Policy[] policies:
                    var others = (Policy[])y!;
                    for (int k = 0; k < Math.Max(policies.Length, others.Length); k++)
                        if (k >= policies.Length || k >= others.Length || !SavedBytes(policies[k]).SequenceEqual(SavedBytes(others[k])))
                            found.Add($"{at}[{k}]");
                    break;
                case Array array:
                    if (FirstDifference(array, (Array)y!) is { } ad) found.Add($"{at}{ad}");
                    break;
                case IList list:
                    var other = (IList)y!;
                    if (list.Count != other.Count) { found.Add($"{at}: {list.Count} against {other.Count} items"); break; }
                    for (int k = 0; k < list.Count; k++)
                        if (!RecordEquals(list[k], other[k])) { found.Add($"{at}[{k}]"); break; }
                    break;
                case IEnumerable<string> names:
                    if (!names.SequenceEqual((IEnumerable<string>)y!)) found.Add(at);
                    break;
                default:
                    if (x is not null && (ModelState.StateParts.Contains(p.PropertyType) || p.PropertyType == typeof(Outcomes.OutcomeLog)))
                        Compare(p.PropertyType, x, y!, at, found, records);
                    else if (!RecordEquals(x, y)) found.Add($"{at}: {x} against {y}");
                    break;
            }
        }
    }

    private static byte[] SavedBytes(Policy policy)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) policy.SaveState(w);
        return [.. System.Text.Encoding.UTF8.GetBytes(policy.Name + "/" + policy.Settings.Kind), .. stream.ToArray()];
    }

    /// <summary>Records (and plain values) equal property by property, floats bit for bit.</summary>
    private static bool RecordEquals(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        var t = a.GetType();
        if (t.IsPrimitive || t.IsEnum || a is string or DateOnly or decimal) return Same(a, b);
        if (t != b.GetType()) return false;
        return t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0)
            .All(p => RecordEquals(p.GetValue(a), p.GetValue(b)));
    }

    /// <summary>
    /// Fills every member of <paramref name="state"/> that carries from week to week with random values (not a state a
    /// run could reach: the point is that each value comes back): the population's and levers' arrays, the network's,
    /// every property of the state and its parts, a few random records of each kind. The policies keep theirs.
    /// </summary>
    public static void Fill(ModelState state, Random rng) => Fill(typeof(ModelState), state, rng);

    private static void Fill(Type type, object target, Random rng)
    {
        // Members typed as interfaces are what the model is told (the custom outcomes' names), not what it keeps.
        foreach (var p in type.GetProperties(All).Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsInterface))
        {
            object? value = p.GetValue(target);
            switch (value)
            {
                case Population pop:
                    foreach (var a in ArrayProperties(typeof(Population))) FillArray((Array)a.GetValue(pop)!, rng);
                    foreach (var s in typeof(Population).GetProperties(All).Where(s => s.PropertyType == typeof(int) && s.SetMethod is not null))
                        s.SetValue(pop, rng.Next(1, 1000));
                    break;
                case Levers levers:
                    foreach (var a in ArrayProperties(typeof(Levers))) FillArray((Array)a.GetValue(levers)!, rng);
                    levers.TouchPerResident();
                    break;
                case SocialNetwork net: FillArray(net.Offsets, rng); FillArray(net.WeakStart, rng); FillArray(net.Targets, rng); break;
                case Policy[]: break; // their state is their own (Policy.SaveState), compared by its bytes
                case Array array: FillArray(array, rng); break;
                case IList list when p.PropertyType.IsGenericType:
                    var element = p.PropertyType.GetGenericArguments()[0];
                    int n = element == typeof(double) && target is Outcomes.OutcomeLog log ? log.CustomNames.Count * 3 : rng.Next(1, 5);
                    for (int k = 0; k < n; k++) list.Add(RandomValue(element, rng));
                    break;
                default:
                    if (value is not null && (ModelState.StateParts.Contains(p.PropertyType) || p.PropertyType == typeof(Outcomes.OutcomeLog)))
                        Fill(p.PropertyType, value, rng);
                    else if (p.SetMethod is not null && !p.PropertyType.IsInterface)
                        p.SetValue(target, RandomValue(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, rng));
                    break;
            }
        }
    }

    private static void FillArray(Array array, Random rng)
    {
        var element = array.GetType().GetElementType()!;
        for (int i = 0; i < array.Length; i++) array.SetValue(RandomValue(element, rng), i);
    }

    /// <summary>A random value of a primitive, enum, string, date or record type (records: every settable property random).</summary>
    private static object RandomValue(Type t, Random rng)
    {
        if (t == typeof(int)) return rng.Next(-1000, 1000);
        if (t == typeof(long)) return rng.NextInt64(-1000, 1000);
        if (t == typeof(ushort)) return (ushort)rng.Next(0, ushort.MaxValue);
        if (t == typeof(byte)) return (byte)rng.Next(0, 256);
        if (t == typeof(bool)) return rng.Next(2) == 1;
        if (t == typeof(float)) return (float)rng.NextDouble();
        if (t == typeof(double)) return rng.NextDouble();
        if (t == typeof(string)) return $"s{rng.Next(1000)}";
        if (t == typeof(DateOnly)) return DateOnly.FromDayNumber(rng.Next(700_000, 750_000));
        if (t.IsEnum) { var values = Enum.GetValues(t); return values.GetValue(rng.Next(values.Length))!; }
        object record = Activator.CreateInstance(t)!;
        foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0))
            p.SetValue(record, RandomValue(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, rng));
        return record;
    }
}
