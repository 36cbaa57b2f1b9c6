using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Participation.Networks;
using Participation.Outcomes;
using Participation.Policies;
using Participation.Residents;
using Participation.Rules;
using Participation.Scenarios;

namespace Participation.Simulation;

/// <summary>
/// The model's state at the start of a week: everything that carries from one week to the next, and only that. A
/// checkpoint writes it whole (<see cref="Write"/>) and reads it back (<see cref="Read"/>) into a model that runs on
/// exactly as the original would have, bit for bit. What is not here is rebuilt from the scenario, the seed and the
/// options (the calendar, the levers' baseline, the leave table) or is scratch that each week fills before reading it
/// (the chunks' results, the kernels' cache of what each resident's ties read, which a restored model rebuilds in its
/// first week).
/// </summary>
/// <remarks>
/// The population's arrays are found by reflection, so an array added to <see cref="Residents.Population"/> is saved
/// without a change here; so are the levers' per-resident arrays and the outcome records' properties. A member added
/// here must be written and read here: the round-trip test (<c>StateTests</c>) fills every member and compares.
/// </remarks>
internal sealed class ModelState
{
    /// <summary>A fresh state: tick 0, the levers at their baseline, nothing spent, pending or recorded.</summary>
    public ModelState(Scenario scenario, Population population, SocialNetwork network, Policy[] policies, IReadOnlyList<string> customOutcomes)
    {
        Population = population; Network = network; Policies = policies;
        Levers = new Levers(scenario, population.Count);
        SpentByPolicy = new double[policies.Length];
        Records = new Records(customOutcomes);
        Teams = new VolunteerTeams(population.Count);
    }

    /// <summary>The next week to run.</summary>
    public int Tick { get; set; }
    /// <summary>The residents' state.</summary>
    public Population Population { get; }
    /// <summary>The residents' ties.</summary>
    public SocialNetwork Network { get; }
    /// <summary>The levers: their per-resident arrays and whether a policy changed them carry over (the rest is reset every week).</summary>
    public Levers Levers { get; }
    /// <summary>The policies, in scenario order, each with its own state.</summary>
    public Policy[] Policies { get; }
    /// <summary>Yuan each policy has spent so far, in scenario order.</summary>
    public double[] SpentByPolicy { get; }
    /// <summary>Problems pending: solutions, complaints and forgetting to come.</summary>
    public ProblemBacklog Problems { get; } = new();
    /// <summary>The year's tasks of role holders who moved out, and last year's top-10 % task share.</summary>
    public TaskLedger Ledger { get; } = new();
    /// <summary>The volunteer teams and party squads, and each resident's membership and service.</summary>
    public VolunteerTeams Teams { get; }
    /// <summary>Adults last week, over whom the staff's outreach is spread (phase 1).</summary>
    public int AdultsLastWeek { get; set; }
    /// <summary>What the recorders have recorded so far (nothing the mechanism reads).</summary>
    public Records Records { get; }

    /// <summary>Writes the whole state, with the replication's <paramref name="seed"/>.</summary>
    public void Write(BinaryWriter w, ulong seed)
    {
        w.Write(Tick);
        w.Write(seed);

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

        // Problems pending, the task ledger, and the recorders' sums of the month and year.
        WriteArray(w, Problems.SolveAt); WriteArray(w, Problems.ComplainAt); WriteArray(w, Problems.ForgetAt);
        WriteArray(w, CollectionsMarshal.AsSpan(Ledger.MovedOut).ToArray());
        w.Write(Ledger.LastTopShare); w.Write(Problems.Unresolved); w.Write(Records.EntriesYear); w.Write(Records.ExitsYear);
        w.Write(Records.SpentMonth); w.Write(Records.SpentYear);

        // The volunteer teams: every array whole (the rows beyond Count too) and every counter, by name.
        WritePart(w, Teams);

        // The outcomes so far.
        var log = Records.Log;
        WriteRecords(w, log.Weekly); WriteRecords(w, log.Monthly); WriteRecords(w, log.Annual); WriteRecords(w, log.Spells);
        w.Write(log.Register is not null);
        if (log.Register is not null) WriteRecord(w, log.Register);
        w.Write(AdultsLastWeek);
        w.Write(log.Custom.Count);
        foreach (double v in log.Custom) w.Write(v);

        // Policies: name, kind, money spent so far and their own state, as a length-prefixed block each.
        w.Write(Policies.Length);
        for (int k = 0; k < Policies.Length; k++)
        {
            w.Write(Policies[k].Name);
            w.Write(Policies[k].Settings.Kind);
            w.Write(SpentByPolicy[k]);
            using var block = new MemoryStream();
            using (var bw = new BinaryWriter(block, Encoding.UTF8, leaveOpen: true)) Policies[k].SaveState(bw);
            w.Write((int)block.Length);
            w.Write(block.GetBuffer(), 0, (int)block.Length);
        }
        w.Write(StateEnd);
    }

    /// <summary>
    /// Reads a state written by <see cref="Write"/> for <paramref name="scenario"/>; <paramref name="createPolicies"/>
    /// makes the scenario's policies, matched by name and kind to those saved (a fork's new policies start fresh).
    /// </summary>
    /// <exception cref="CheckpointException">The state does not fit this build or the scenario.</exception>
    public static (ModelState State, ulong Seed) Read(BinaryReader r, Scenario scenario, Func<Policy[]> createPolicies, IReadOnlyList<string> customOutcomes)
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
        var state = new ModelState(scenario, pop, network, createPolicies(), customOutcomes) { Tick = tick };

        if (r.ReadBoolean()) state.Levers.TouchPerResident();
        foreach (var p in LeverArrays) ReadInto(r, (Array)p.GetValue(state.Levers)!);

        ReadInto(r, state.Problems.SolveAt); ReadInto(r, state.Problems.ComplainAt); ReadInto(r, state.Problems.ForgetAt);
        state.Ledger.MovedOut.AddRange(ReadArray<ushort>(r));
        state.Ledger.LastTopShare = r.ReadDouble(); state.Problems.Unresolved = r.ReadInt32();
        state.Records.EntriesYear = r.ReadInt32(); state.Records.ExitsYear = r.ReadInt32();
        state.Records.SpentMonth = r.ReadDouble(); state.Records.SpentYear = r.ReadDouble();

        ReadPart(r, state.Teams);

        var log = state.Records.Log;
        log.Weekly.AddRange(ReadRecords<WeeklyRecord>(r)); log.Monthly.AddRange(ReadRecords<MonthlyRecord>(r));
        log.Annual.AddRange(ReadRecords<AnnualRecord>(r)); log.Spells.AddRange(ReadRecords<TenureSpell>(r));
        if (r.ReadBoolean()) log.Register = (RegisterView)ReadRecord(r, typeof(RegisterView));
        state.AdultsLastWeek = r.ReadInt32();
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
            int index = Array.FindIndex(state.Policies, p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                && p.Settings.Kind.Equals(kind, StringComparison.OrdinalIgnoreCase));
            if (index < 0) continue; // a fork dropped a policy that had not acted (Checkpoint.CheckFork ensures it)
            state.SpentByPolicy[index] = spent;
            using var br = new BinaryReader(new MemoryStream(block), Encoding.UTF8);
            state.Policies[index].RestoreState(br);
            if (br.BaseStream.Position != block.Length)
                throw new CheckpointException($"policy {name} ({kind}) read {br.BaseStream.Position} of the {block.Length} bytes of its saved state");
        }
        if (r.ReadInt32() != StateEnd) throw new CheckpointException("the checkpoint's model state does not end where this build expects");
        return (state, seed);
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
    /// log and the members of the saved state (<see cref="Describe"/>). A checkpoint written by a build with another
    /// layout is refused.
    /// </summary>
    internal static string Layout { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";",
        PopulationArrays.Select(p => $"{p.Name}:{p.PropertyType.Name}")
            .Concat(PopulationScalars.Select(p => p.Name))
            .Concat(LeverArrays.Select(p => p.Name))
            .Concat(new[] { typeof(WeeklyRecord), typeof(MonthlyRecord), typeof(AnnualRecord), typeof(TenureSpell), typeof(RegisterView) }
                .SelectMany(t => RecordProperties(t).Select(p => $"{t.Name}.{p.Name}:{p.PropertyType.Name}")))
            .Concat(Describe(typeof(ModelState)))))))[..16];

    /// <summary>
    /// The members of <paramref name="type"/>, a part of the saved state, as <c>Type.Member:MemberType</c>, with those of
    /// its parts of the state declared alongside it (<see cref="ProblemBacklog"/>, <see cref="TaskLedger"/>, <see cref="Records"/>).
    /// </summary>
    private static IEnumerable<string> Describe(Type type) => type.GetProperties(Instance).SelectMany(p =>
        StateParts.Contains(p.PropertyType) ? Describe(p.PropertyType).Prepend($"{type.Name}.{p.Name}:{p.PropertyType.Name}")
            : [$"{type.Name}.{p.Name}:{p.PropertyType.Name}"]);

    /// <summary>The parts of the saved state with members of their own (the others are written by their own rules: arrays, records, policies).</summary>
    internal static readonly Type[] StateParts = [typeof(ProblemBacklog), typeof(TaskLedger), typeof(Records), typeof(VolunteerTeams)];

    // ---- parts written by name -----------------------------------------------------------------------

    private static PropertyInfo[] PartArrays(Type t) => t.GetProperties(Instance).Where(p => p.PropertyType.IsArray)
        .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    private static PropertyInfo[] PartCounters(Type t) => t.GetProperties(Instance).Where(p => p.PropertyType == typeof(int) && p.SetMethod is not null)
        .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Writes a part of the state made of arrays and int counters (<see cref="VolunteerTeams"/>), each by name.</summary>
    private static void WritePart(BinaryWriter w, object part)
    {
        foreach (var p in PartCounters(part.GetType())) { w.Write(p.Name); w.Write((int)p.GetValue(part)!); }
        foreach (var p in PartArrays(part.GetType())) { w.Write(p.Name); WriteArray(w, (Array)p.GetValue(part)!); }
    }

    /// <summary>Reads a part written by <see cref="WritePart"/>: arrays of fixed length into the part's own, growable ones (settable) anew.</summary>
    private static void ReadPart(BinaryReader r, object part)
    {
        foreach (var p in PartCounters(part.GetType()))
        {
            string name = r.ReadString();
            if (name != p.Name) throw new CheckpointException($"the checkpoint holds {name} where this build expects {part.GetType().Name}.{p.Name}");
            p.SetValue(part, r.ReadInt32());
        }
        foreach (var p in PartArrays(part.GetType()))
        {
            string name = r.ReadString();
            if (name != p.Name) throw new CheckpointException($"the checkpoint holds {name} where this build expects {part.GetType().Name}.{p.Name}");
            if (p.SetMethod is null) { ReadInto(r, (Array)p.GetValue(part)!); continue; }
            var element = p.PropertyType.GetElementType()!;
            string type = r.ReadString();
            int length = r.ReadInt32();
            if (type != element.Name || length < 0) throw new CheckpointException($"the checkpoint holds {type} values for {p.Name} where this build expects {element.Name}");
            var array = Array.CreateInstance(element, length);
            ReadElements(r, array, element);
            p.SetValue(part, array);
        }
    }

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

    private static readonly MethodInfo WriteBytesMethod = typeof(ModelState).GetMethod(nameof(WriteBytes), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ReadBytesMethod = typeof(ModelState).GetMethod(nameof(ReadBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

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

/// <summary>What the recorders have recorded so far, and their sums of the month and year: saved, but read by no rule.</summary>
internal sealed class Records(IReadOnlyList<string> customOutcomes)
{
    /// <summary>The records: weekly, monthly and annual rows, ended spells, the register view, custom outcomes.</summary>
    public OutcomeLog Log { get; } = new() { CustomNames = customOutcomes };
    /// <summary>Backbones who entered a role this calendar year.</summary>
    public int EntriesYear { get; set; }
    /// <summary>Backbones who left this calendar year.</summary>
    public int ExitsYear { get; set; }
    /// <summary>Yuan spent by the policies this calendar month.</summary>
    public double SpentMonth { get; set; }
    /// <summary>Yuan spent by the policies this calendar year.</summary>
    public double SpentYear { get; set; }
}
