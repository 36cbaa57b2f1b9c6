using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Scenarios;

namespace Participation.Simulation;

/// <summary>
/// Checkpoints: the model's whole state at the start of a tick, written to bytes and read back into a model that then
/// runs on exactly as the original would have (bit for bit). The state is the population's arrays (found by
/// reflection, so an array added to <see cref="Population"/> is saved without a change here), the network, the levers'
/// per-resident arrays and dirty flag, each policy's state (<see cref="Policy.SaveState"/>), and the model's own
/// fields that carry from one tick to the next, listed in <see cref="SavedFields"/>. Every other field of the model
/// must be listed in <see cref="DerivedFields"/> (rebuilt from the scenario, or scratch within a tick); a test fails
/// when a field is in neither list, so a new field cannot be forgotten.
/// </summary>
public sealed partial class Model
{
    /// <summary>Fields of the model saved in a checkpoint (compiler names of auto-properties included).</summary>
    internal static readonly string[] SavedFields =
    [
        "<Tick>k__BackingField", "<Population>k__BackingField", "<Network>k__BackingField", "<Levers>k__BackingField",
        nameof(_policies), nameof(_policyContext), nameof(_log), nameof(_departedTasks),
        nameof(_problemSolveAt), nameof(_problemComplainAt), nameof(_problemForgetAt),
        nameof(_lastTopShare), nameof(_unresolved), nameof(_entriesYear), nameof(_exitsYear), nameof(_spentMonth), nameof(_spentYear),
    ];

    /// <summary>
    /// Fields rebuilt by the constructor from the scenario, seed and options, or scratch that each tick fills before
    /// reading: not saved. (The tie flags and counts are a cache that starts empty, as in a new model, and the first
    /// tick after a restore fills it.)
    /// </summary>
    internal static readonly string[] DerivedFields =
    [
        "<Scenario>k__BackingField", "<Seed>k__BackingField", "<Calendar>k__BackingField",
        "<MeanTrust>k__BackingField", "<MeanReciprocity>k__BackingField", "<MeanBelonging>k__BackingField",
        "_options", "_decisionRule", "_customOutcomes", "_policyActive", "_chunks", "_eventsThisWeek", "_compoundParticipants", "_compoundRegulars",
        "_registerTick", "_slots", "_leaveTable", "_exitsByChunk", "_eligibleByChunk", "_tiedToLeaver", "_backbonesByChunk", "_taskWeightsByChunk", "_participantsByChunk", "_ties", "_tieChangesByChunk", "_keepChangesByChunk",
        "_claimants", "_backboneIndex", "_backboneWeight", "_taskBuffer",
        "_prepareTies", "_decide", "_experience", "_phaseWeek",
        "_countTieChunk", "_yearByChunk", "_tasksByChunk", "_countYear", "_updateOccupations", "_redrawChunk", "_leavingByChunk",
        "_monthByChunk", "_countMonth", "_closeMonth", "_closeYear",
    ];

    /// <summary>Runs ticks until <paramref name="tick"/> is the next to run (or the run is finished).</summary>
    /// <param name="tick">The tick to stop before.</param>
    /// <param name="progress">Receives the tick every 64 ticks.</param>
    /// <param name="cancellation">Stops the run.</param>
    public void RunUntil(int tick, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        while (Tick < tick && !Finished)
        {
            cancellation.ThrowIfCancellationRequested();
            Step();
            if ((Tick & 63) == 0) progress?.Report(Tick);
        }
    }

    /// <summary>The model's whole state at the start of the next tick, as bytes (see <see cref="Checkpoint"/>).</summary>
    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) WriteState(w);
        return stream.ToArray();
    }

    /// <summary>Writes the model's whole state at the start of the next tick.</summary>
    public void WriteState(BinaryWriter w)
    {
        w.Write(Tick);
        w.Write(Seed);

        // Population: sizes, settable scalars, then every array by name.
        var pop = Population;
        w.Write(pop.Count); w.Write(pop.HouseholdCount); w.Write(pop.CompoundCount);
        foreach (var p in PopulationScalars) w.Write((int)p.GetValue(pop)!);
        foreach (var p in PopulationArrays)
        {
            w.Write(p.Name);
            WriteArray(w, (Array)p.GetValue(pop)!);
        }
        WriteArray(w, Network.Offsets); WriteArray(w, Network.WeakStart); WriteArray(w, Network.Targets);

        // The levers: only the per-resident arrays and their dirty flag carry over (the rest is reset every tick).
        w.Write(Levers.PerResidentDirty);
        foreach (var p in LeverArrays) WriteArray(w, (Array)p.GetValue(Levers)!);

        // The model's own state.
        WriteArray(w, _problemSolveAt); WriteArray(w, _problemComplainAt); WriteArray(w, _problemForgetAt);
        WriteArray(w, CollectionsMarshal.AsSpan(_departedTasks).ToArray());
        w.Write(_lastTopShare); w.Write(_unresolved); w.Write(_entriesYear); w.Write(_exitsYear); w.Write(_spentMonth); w.Write(_spentYear);

        // The outcomes so far.
        WriteRecords(w, _log.Weekly); WriteRecords(w, _log.Monthly); WriteRecords(w, _log.Annual); WriteRecords(w, _log.Spells);
        w.Write(_log.Register is not null);
        if (_log.Register is not null) WriteRecord(w, _log.Register);
        w.Write(_log.LastAdults);
        w.Write(_log.Custom.Count);
        foreach (double v in _log.Custom) w.Write(v);

        // Policies: name, kind, money spent so far and their own state, as a length-prefixed block each.
        w.Write(_policies.Length);
        for (int k = 0; k < _policies.Length; k++)
        {
            w.Write(_policies[k].Name);
            w.Write(_policies[k].Settings.Kind);
            w.Write(_policyContext.SpentByPolicy[k]);
            using var block = new MemoryStream();
            using (var bw = new BinaryWriter(block, Encoding.UTF8, leaveOpen: true)) _policies[k].SaveState(bw);
            w.Write((int)block.Length);
            w.Write(block.GetBuffer(), 0, (int)block.Length);
        }
        w.Write(StateEnd);
    }

    /// <summary>
    /// A model of <paramref name="scenario"/> in the state <paramref name="state"/> (from <see cref="SaveState"/>):
    /// the same scenario continues the run; a variant (checked with <see cref="Checkpoint.CheckFork"/>) forks it.
    /// Policies are matched by name and kind; a variant's new policies start fresh.
    /// </summary>
    /// <param name="scenario">The scenario to continue with.</param>
    /// <param name="state">The saved state.</param>
    /// <param name="catalog">Policy kinds (default: built-in).</param>
    /// <param name="options">Threads and checks.</param>
    /// <exception cref="CheckpointException">The state does not fit this build or the scenario.</exception>
    /// <param name="extensions">The decision rule and custom outcomes the saved model had (the population comes from the state).</param>
    public static Model Restore(Scenario scenario, byte[] state, PolicyCatalog? catalog = null, SimulationOptions? options = null,
        ModelExtensions? extensions = null)
    {
        using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        try { return RestoreFrom(scenario, r, catalog, options, extensions ?? ModelExtensions.None); }
        catch (EndOfStreamException) { throw new CheckpointException("the checkpoint's model state is truncated"); }
    }

    private static Model RestoreFrom(Scenario scenario, BinaryReader r, PolicyCatalog? catalog, SimulationOptions? options, ModelExtensions extensions)
    {
        int tick = r.ReadInt32();
        ulong seed = r.ReadUInt64();

        int count = r.ReadInt32(), households = r.ReadInt32(), compounds = r.ReadInt32();
        if (compounds != scenario.Compounds.Count)
            throw new CheckpointException($"the checkpoint holds {compounds} compounds; the scenario has {scenario.Compounds.Count}");
        var pop = new Population(count, households, compounds);
        foreach (var p in PopulationScalars) p.SetValue(pop, r.ReadInt32());
        foreach (var p in PopulationArrays)
        {
            string name = r.ReadString();
            if (name != p.Name) throw new CheckpointException($"the checkpoint holds population array {name} where this build expects {p.Name}");
            ReadArrayInto(r, pop, p);
        }
        var network = new SocialNetwork(ReadArray<int>(r), ReadArray<int>(r), ReadArray<int>(r));

        var policies = CreatePolicies(scenario, catalog);
        var model = new Model(scenario, seed, pop, network, policies, options ?? new SimulationOptions(), extensions) { Tick = tick };

        if (r.ReadBoolean()) model.Levers.TouchPerResident();
        foreach (var p in LeverArrays) ReadInto(r, (Array)p.GetValue(model.Levers)!);

        ReadInto(r, model._problemSolveAt); ReadInto(r, model._problemComplainAt); ReadInto(r, model._problemForgetAt);
        model._departedTasks.AddRange(ReadArray<ushort>(r));
        model._lastTopShare = r.ReadDouble(); model._unresolved = r.ReadInt32(); model._entriesYear = r.ReadInt32(); model._exitsYear = r.ReadInt32();
        model._spentMonth = r.ReadDouble(); model._spentYear = r.ReadDouble();

        var log = model._log;
        log.Weekly.AddRange(ReadRecords<WeeklyRecord>(r)); log.Monthly.AddRange(ReadRecords<MonthlyRecord>(r));
        log.Annual.AddRange(ReadRecords<AnnualRecord>(r)); log.Spells.AddRange(ReadRecords<TenureSpell>(r));
        if (r.ReadBoolean()) log.Register = (RegisterView)ReadRecord(r, typeof(RegisterView));
        log.LastAdults = r.ReadInt32();
        int custom = r.ReadInt32();
        if (custom != 0 && (log.CustomNames.Count == 0 || custom % log.CustomNames.Count != 0))
            throw new CheckpointException($"the checkpoint holds {custom} custom outcome values; this model records {log.CustomNames.Count} custom outcomes a week");
        for (int k = 0; k < custom; k++) log.Custom.Add(r.ReadDouble());

        int saved = r.ReadInt32();
        for (int k = 0; k < saved; k++)
        {
            string name = r.ReadString(), kind = r.ReadString();
            double spent = r.ReadDouble();
            byte[] block = r.ReadBytes(r.ReadInt32());
            int index = Array.FindIndex(model._policies, p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                && p.Settings.Kind.Equals(kind, StringComparison.OrdinalIgnoreCase));
            if (index < 0) continue; // a fork dropped a policy that had not acted (Checkpoint.CheckFork ensures it)
            model._policyContext.SpentByPolicy[index] = spent;
            using var br = new BinaryReader(new MemoryStream(block), Encoding.UTF8);
            model._policies[index].RestoreState(br);
            if (br.BaseStream.Position != block.Length)
                throw new CheckpointException($"policy {name} ({kind}) read {br.BaseStream.Position} of the {block.Length} bytes of its saved state");
        }
        if (r.ReadInt32() != StateEnd) throw new CheckpointException("the checkpoint's model state does not end where this build expects");
        return model;
    }

    private const int StateEnd = 0x454E4421; // "!DNE"

    // ---- layout --------------------------------------------------------------------------------------

    private const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly PropertyInfo[] PopulationArrays = typeof(Population).GetProperties(Instance)
        .Where(p => p.PropertyType.IsArray && p.GetIndexParameters().Length == 0)
        .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    private static readonly PropertyInfo[] PopulationScalars = typeof(Population).GetProperties(Instance)
        .Where(p => p.PropertyType == typeof(int) && p.SetMethod is not null)
        .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    private static readonly PropertyInfo[] LeverArrays = typeof(Levers).GetProperties(Instance)
        .Where(p => p.PropertyType.IsArray).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A fingerprint of what a checkpoint holds: the arrays of the population and levers, the records of the outcome
    /// log and the model's saved fields. A checkpoint written by a build with another layout is refused.
    /// </summary>
    internal static string StateLayout { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";",
        PopulationArrays.Select(p => $"{p.Name}:{p.PropertyType.Name}")
            .Concat(PopulationScalars.Select(p => p.Name))
            .Concat(LeverArrays.Select(p => p.Name))
            .Concat(new[] { typeof(WeeklyRecord), typeof(MonthlyRecord), typeof(AnnualRecord), typeof(TenureSpell), typeof(RegisterView) }
                .SelectMany(t => RecordProperties(t).Select(p => $"{t.Name}.{p.Name}:{p.PropertyType.Name}")))
            .Concat(SavedFields)))))[..16];

    // ---- arrays --------------------------------------------------------------------------------------

    private static void WriteArray(BinaryWriter w, Array array)
    {
        var element = array.GetType().GetElementType()!;
        w.Write(element.Name);
        w.Write(array.Length);
        if (element == typeof(string))
            foreach (string? s in array) w.Write(s ?? "");
        else
            WriteBytesMethod.MakeGenericMethod(element).Invoke(null, [w, array]);
    }

    private static readonly MethodInfo WriteBytesMethod = typeof(Model).GetMethod(nameof(WriteBytes), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ReadBytesMethod = typeof(Model).GetMethod(nameof(ReadBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void WriteBytes<T>(BinaryWriter w, T[] array) where T : unmanaged => w.Write(MemoryMarshal.AsBytes(array.AsSpan()));

    private static void ReadBytes<T>(BinaryReader r, T[] array) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        while (bytes.Length > 0)
        {
            int n = r.Read(bytes);
            if (n == 0) throw new EndOfStreamException();
            bytes = bytes[n..];
        }
    }

    /// <summary>Reads an array written by <see cref="WriteArray"/> into <paramref name="array"/>, which must have its length.</summary>
    private static void ReadInto(BinaryReader r, Array array)
    {
        var element = array.GetType().GetElementType()!;
        string type = r.ReadString();
        int length = r.ReadInt32();
        if (type != element.Name || length != array.Length)
            throw new CheckpointException($"the checkpoint holds {length} {type} values where this model has {array.Length} {element.Name}");
        ReadElements(r, array, element);
    }

    private static void ReadElements(BinaryReader r, Array array, Type element)
    {
        if (element == typeof(string))
            for (int i = 0; i < array.Length; i++) array.SetValue(r.ReadString(), i);
        else
            ReadBytesMethod.MakeGenericMethod(element).Invoke(null, [r, array]);
    }

    private static T[] ReadArray<T>(BinaryReader r)
    {
        string type = r.ReadString();
        int length = r.ReadInt32();
        if (type != typeof(T).Name || length < 0) throw new CheckpointException($"the checkpoint holds {type} values where this build expects {typeof(T).Name}");
        var array = new T[length];
        ReadElements(r, array, typeof(T));
        return array;
    }

    /// <summary>Reads a population array: into the one the constructor made, or a new one where the property is settable.</summary>
    private static void ReadArrayInto(BinaryReader r, Population pop, PropertyInfo p)
    {
        var element = p.PropertyType.GetElementType()!;
        if (p.SetMethod is null) { ReadInto(r, (Array)p.GetValue(pop)!); return; }
        string type = r.ReadString();
        int length = r.ReadInt32();
        if (type != element.Name || length < 0) throw new CheckpointException($"the checkpoint holds {type} values for {p.Name} where this build expects {element.Name}");
        var array = Array.CreateInstance(element, length);
        ReadElements(r, array, element);
        p.SetValue(pop, array);
    }

    // ---- records -------------------------------------------------------------------------------------

    private static PropertyInfo[] RecordProperties(Type t) => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0).ToArray();

    private static void WriteRecords<T>(BinaryWriter w, List<T> records)
    {
        w.Write(records.Count);
        foreach (var record in records) WriteRecord(w, record!);
    }

    private static List<T> ReadRecords<T>(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0) throw new CheckpointException($"the checkpoint holds {n} {typeof(T).Name} records");
        var list = new List<T>(n);
        for (int k = 0; k < n; k++) list.Add((T)ReadRecord(r, typeof(T)));
        return list;
    }

    private static void WriteRecord(BinaryWriter w, object record)
    {
        foreach (var p in RecordProperties(record.GetType()))
        {
            object? v = p.GetValue(record);
            switch (v)
            {
                case int i: w.Write(i); break;
                case long l: w.Write(l); break;
                case double d: w.Write(d); break;
                case float f: w.Write(f); break;
                case bool b: w.Write(b); break;
                case string s: w.Write(s); break;
                case DateOnly date: w.Write(date.DayNumber); break;
                case Enum e: w.Write(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); break;
                case null: throw new InvalidOperationException($"{record.GetType().Name}.{p.Name} is null");
                default: WriteRecord(w, v); break;
            }
        }
    }

    private static object ReadRecord(BinaryReader r, Type t)
    {
        object record = Activator.CreateInstance(t)!; // boxed for structs: set through the box, unboxed by the caller
        foreach (var p in RecordProperties(t))
        {
            var type = p.PropertyType;
            object v = type == typeof(int) ? r.ReadInt32()
                : type == typeof(long) ? r.ReadInt64()
                : type == typeof(double) ? r.ReadDouble()
                : type == typeof(float) ? r.ReadSingle()
                : type == typeof(bool) ? r.ReadBoolean()
                : type == typeof(string) ? r.ReadString()
                : type == typeof(DateOnly) ? DateOnly.FromDayNumber(r.ReadInt32())
                : type.IsEnum ? Enum.ToObject(type, r.ReadInt64())
                : ReadRecord(r, type);
            p.SetValue(record, v);
        }
        return record;
    }
}
