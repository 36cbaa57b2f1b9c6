using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Participation.Outcomes;
using Participation.Scenarios;
using Participation.Simulation;
using Participation.Time;

namespace Participation.Experiments.Replications;

/// <summary>
/// One finished replication on disk, exactly: every record of a <see cref="RunResult"/> (weekly, monthly, annual,
/// spells, register, spending) with each double written as its 64 bits, so result tables made from a replication read
/// back are byte for byte those made from the replication itself. The scenario and calendar are not stored: the
/// journal guarantees the replication belongs to the batch's scenario, which supplies them.
/// </summary>
/// <remarks>
/// The fields of each record are found by reflection (public settable properties, in declaration order), so a field
/// added to a record is stored without touching this class; <see cref="Schema"/> names them all, and a file written
/// under another schema is refused rather than misread.
/// </remarks>
public static class ReplicationFile
{
    private const string Magic = "participation replication 1";

    // Before Schema: static fields are initialised in the order they are written, and Schema reads this cache.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> FieldCache = new();

    /// <summary>The record layout the files are written in (record and field names and types, in order).</summary>
    public static string Schema { get; } = BuildSchema();

    /// <summary>Writes <paramref name="result"/> (replication <paramref name="replication"/>) as bytes.</summary>
    public static byte[] ToBytes(int replication, RunResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Schema);
            w.Write(replication);
            w.Write(result.Seed);
            WriteList(w, result.Weekly);
            WriteList(w, result.Monthly);
            WriteList(w, result.Annual);
            WriteList(w, result.Spells);
            w.Write(result.Register is not null);
            if (result.Register is not null) WriteRecord(w, result.Register);
            w.Write(result.PolicyNames.Count);
            foreach (var name in result.PolicyNames) w.Write(name);
            w.Write(result.SpentByPolicy.Count);
            foreach (var spent in result.SpentByPolicy) w.Write(BitConverter.DoubleToInt64Bits(spent));
        }
        return stream.ToArray();
    }

    /// <summary>Reads a replication written by <see cref="ToBytes"/>, completing it with the batch's scenario.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="scenario">The batch's scenario (the one the replication was run from).</param>
    /// <param name="replication">The replication the file must hold.</param>
    /// <param name="seed">The seed it must have been run with.</param>
    /// <exception cref="InvalidDataException">The bytes are not this replication's, or are damaged.</exception>
    public static RunResult FromBytes(byte[] bytes, Scenario scenario, int replication, ulong seed)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (r.ReadString() != Magic) throw new InvalidDataException("not a replication file");
            if (r.ReadString() != Schema) throw new InvalidDataException("written with another record layout (another version)");
            int k = r.ReadInt32();
            ulong s = r.ReadUInt64();
            if (k != replication || s != seed)
                throw new InvalidDataException($"holds replication {k} with seed {s}, expected replication {replication} with seed {seed}");
            var weekly = ReadList<WeeklyRecord>(r);
            var monthly = ReadList<MonthlyRecord>(r);
            var annual = ReadList<AnnualRecord>(r);
            var spells = ReadList<TenureSpell>(r);
            var register = r.ReadBoolean() ? (RegisterView)ReadRecord(r, typeof(RegisterView)) : null;
            var names = new string[Count(r)];
            for (int i = 0; i < names.Length; i++) names[i] = r.ReadString();
            var spent = new double[Count(r)];
            for (int i = 0; i < spent.Length; i++) spent[i] = BitConverter.Int64BitsToDouble(r.ReadInt64());
            if (r.BaseStream.Position != bytes.Length) throw new InvalidDataException("has bytes after its end");
            return new RunResult(scenario, seed, new Calendar(scenario.Calendar), weekly, monthly, annual, spells, register, names, spent);
        }
        catch (EndOfStreamException) { throw new InvalidDataException("is cut short"); }
    }

    /// <summary>SHA-256 of <paramref name="bytes"/> in hex (the journal records it for each replication file).</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        return n is >= 0 and <= 50_000_000 ? n : throw new InvalidDataException($"holds a list of {n} items");
    }

    private static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> items)
    {
        w.Write(items.Count);
        foreach (var item in items) WriteRecord(w, item!);
    }

    private static T[] ReadList<T>(BinaryReader r)
    {
        var items = new T[Count(r)];
        for (int i = 0; i < items.Length; i++) items[i] = (T)ReadRecord(r, typeof(T));
        return items;
    }

    private static void WriteRecord(BinaryWriter w, object record)
    {
        foreach (var p in Fields(record.GetType())) WriteValue(w, p.PropertyType, p.GetValue(record));
    }

    private static object ReadRecord(BinaryReader r, Type type)
    {
        // Boxed, so that setting the properties of a struct (a spell) changes this copy.
        object record = Activator.CreateInstance(type)!;
        foreach (var p in Fields(type)) p.SetValue(record, ReadValue(r, p.PropertyType));
        return record;
    }

    private static void WriteValue(BinaryWriter w, Type type, object? value)
    {
        switch (value)
        {
            case double d: w.Write(BitConverter.DoubleToInt64Bits(d)); break;
            case int i when !type.IsEnum: w.Write(i); break;
            case long l: w.Write(l); break;
            case bool b: w.Write(b); break;
            case DateOnly date: w.Write(date.DayNumber); break;
            case string s: w.Write(s); break;
            case Enum e: w.Write(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); break;
            case not null when IsRecord(type): WriteRecord(w, value); break;
            default: throw new NotSupportedException($"{type.Name}: a replication file cannot hold this type of value");
        }
    }

    private static object ReadValue(BinaryReader r, Type type)
    {
        if (type == typeof(double)) return BitConverter.Int64BitsToDouble(r.ReadInt64());
        if (type.IsEnum) return Enum.ToObject(type, r.ReadInt64());
        if (type == typeof(int)) return r.ReadInt32();
        if (type == typeof(long)) return r.ReadInt64();
        if (type == typeof(bool)) return r.ReadBoolean();
        if (type == typeof(DateOnly)) return DateOnly.FromDayNumber(r.ReadInt32());
        if (type == typeof(string)) return r.ReadString();
        if (IsRecord(type)) return ReadRecord(r, type);
        throw new NotSupportedException($"{type.Name}: a replication file cannot hold this type of value");
    }

    private static bool IsRecord(Type type) => type == typeof(RegisterView);

    /// <summary>The stored fields of a record: public properties with a setter, in declaration order.</summary>
    private static PropertyInfo[] Fields(Type type) => FieldCache.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .ToArray());

    private static string BuildSchema()
    {
        var sb = new StringBuilder();
        foreach (var type in new[] { typeof(WeeklyRecord), typeof(MonthlyRecord), typeof(RegisterView), typeof(AnnualRecord), typeof(TenureSpell) })
            sb.Append(type.Name).Append('(').AppendJoin(',', Fields(type).Select(p => $"{p.Name}:{p.PropertyType.Name}")).Append(')');
        return sb.ToString();
    }
}
