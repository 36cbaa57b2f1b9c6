using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Participation.Files;
using Participation.Policies;
using Participation.Scenarios;
using Participation.Time;

namespace Participation.Simulation;

/// <summary>A checkpoint file that cannot be used: not a checkpoint, another format version or build, damaged, or a fork that does not fit.</summary>
public sealed class CheckpointException(string message) : Exception(message);

/// <summary>What a checkpoint file says about the run it was taken from.</summary>
/// <param name="FormatVersion">Version of the file format.</param>
/// <param name="LibraryVersion">Version of the library that wrote it (with the git commit after '+').</param>
/// <param name="ScenarioJson">The resolved scenario the run was started with.</param>
/// <param name="MasterSeed">Master seed of the run.</param>
/// <param name="Tick">The next tick to run: the checkpoint holds the state before it.</param>
/// <param name="Date">First day of that tick.</param>
/// <param name="Seeds">Seeds of the replications saved, in replication order.</param>
public sealed record CheckpointHeader(int FormatVersion, string LibraryVersion, string ScenarioJson, ulong MasterSeed, int Tick, DateOnly Date,
    IReadOnlyList<ulong> Seeds);

/// <summary>
/// Checkpoint files: the full state of every replication of a run at the start of one tick, so the run can continue
/// from there (<see cref="Model.Restore"/>) with results bit-identical to an uninterrupted run, or fork into policy variants.
/// </summary>
/// <remarks>
/// The format is a little-endian binary stream written with <see cref="BinaryWriter"/>: a 16-byte magic
/// <c>PARTICIPATION-CK</c>, the format version (int32), the library version, a fingerprint of the state layout (the
/// arrays and records saved, so a build that saves different state refuses the file), the resolved scenario JSON, the
/// master seed, the tick and its date, then per replication its seed and state as a length-prefixed block
/// (<see cref="Model.WriteState"/>), and last a SHA-256 of everything before it, so a truncated or damaged file is refused.
/// </remarks>
public static class Checkpoint
{
    /// <summary>Version of the file format this build reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>File name of a run's checkpoint in its results folder.</summary>
    public const string FileName = "checkpoint.bin";

    private static readonly byte[] Magic = "PARTICIPATION-CK"u8.ToArray();

    /// <summary>The library version a checkpoint records (the informational version, with the git commit).</summary>
    public static string LibraryVersion { get; } =
        typeof(Model).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Writes a checkpoint of <paramref name="states"/> (one per replication, from <see cref="Model.SaveState"/>) to <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="scenario">The scenario the run was started with.</param>
    /// <param name="masterSeed">Master seed of the run.</param>
    /// <param name="tick">The tick every replication will run next.</param>
    /// <param name="seeds">Seeds of the replications.</param>
    /// <param name="states">State of each replication.</param>
    public static void Write(Stream stream, Scenario scenario, ulong masterSeed, int tick, IReadOnlyList<ulong> seeds, IReadOnlyList<byte[]> states)
    {
        if (seeds.Count != states.Count) throw new ArgumentException($"{states.Count} states for {seeds.Count} seeds", nameof(states));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("checkpoints are written on little-endian machines only");
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(LibraryVersion);
            w.Write(ModelState.Layout);
            w.Write(ScenarioJson.ToJson(scenario));
            w.Write(masterSeed);
            w.Write(tick);
            w.Write(new Calendar(scenario.Calendar).WeekStart(tick).DayNumber);
            w.Write(seeds.Count);
            for (int k = 0; k < seeds.Count; k++)
            {
                w.Write(seeds[k]);
                w.Write((long)states[k].Length);
                w.Write(states[k]);
            }
        }
        body.Position = 0;
        byte[] hash = SHA256.HashData(body);
        body.Position = 0;
        body.CopyTo(stream);
        stream.Write(hash);
    }

    /// <summary>Writes a checkpoint to <paramref name="path"/> atomically (a temporary file renamed into place, removed if the write fails).</summary>
    public static void WriteFile(string path, Scenario scenario, ulong masterSeed, int tick, IReadOnlyList<ulong> seeds, IReadOnlyList<byte[]> states)
    {
        string temp = path + ".partial";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(file, scenario, masterSeed, tick, seeds, states);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A write that fails (a full disk) leaves no partial file behind.
            try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>A checkpoint read into memory: its header and each replication's state.</summary>
    public sealed record Contents(CheckpointHeader Header, IReadOnlyList<byte[]> States)
    {
        /// <summary>The scenario the checkpointed run was started with.</summary>
        public Scenario Scenario => ScenarioLoader.LoadJson(Header.ScenarioJson);
    }

    /// <summary>Reads and checks a checkpoint file.</summary>
    /// <exception cref="CheckpointException">Not a checkpoint, another format version, state layout or library version, or damaged.</exception>
    public static Contents Read(string path)
    {
        byte[] bytes;
        try { bytes = InputFile.ReadAllBytes(path, Array.MaxLength - 1); }
        catch (InputFileException e) { throw new CheckpointException($"cannot read checkpoint {e.Message}"); }
        return Read(bytes, path);
    }

    /// <summary>Reads and checks a checkpoint held in memory.</summary>
    /// <exception cref="CheckpointException">Not a checkpoint, another format version, state layout or library version, or damaged.</exception>
    public static Contents Read(byte[] bytes, string name)
    {
        // The smallest file that could be a checkpoint: the magic, the format version and the checksum.
        int smallest = Magic.Length + 4 + 32;
        if (bytes.Length == 0) throw new CheckpointException($"{name} is empty, not a checkpoint file (one holds at least {smallest} bytes)");
        int head = Math.Min(bytes.Length, Magic.Length);
        if (!bytes.AsSpan(0, head).SequenceEqual(Magic.AsSpan(0, head)))
            throw new CheckpointException($"{name} is not a checkpoint file (it does not start with {Encoding.ASCII.GetString(Magic)})");
        if (bytes.Length < smallest)
            throw new CheckpointException($"{name} is a truncated checkpoint: it holds {bytes.Length} bytes, and a checkpoint holds at least {smallest} (it was cut short, e.g. by a full disk or an interrupted copy)");
        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
            throw new CheckpointException($"{name} is a checkpoint of format version {version}; this build reads version {FormatVersion}");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new CheckpointException($"{name} is damaged or truncated (its checksum does not match its content)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            r.ReadInt32();
            string library = r.ReadString();
            if (library != LibraryVersion)
                throw new CheckpointException($"{name} was written by participation {library}; this is {LibraryVersion}, whose results may differ: continue it with the version that wrote it");
            string layout = r.ReadString();
            if (layout != ModelState.Layout)
                throw new CheckpointException($"{name} holds model state laid out differently from this build's (the model's state changed since it was written)");
            string scenario = r.ReadString();
            ulong master = r.ReadUInt64();
            int tick = r.ReadInt32();
            var date = DateOnly.FromDayNumber(r.ReadInt32());
            int replications = r.ReadInt32();
            if (replications is < 1 or > 1_000_000) throw new CheckpointException($"{name} is damaged ({replications} replications)");
            var seeds = new ulong[replications];
            var states = new byte[replications][];
            for (int k = 0; k < replications; k++)
            {
                seeds[k] = r.ReadUInt64();
                long length = r.ReadInt64();
                if (length < 0 || length > body.Length) throw new CheckpointException($"{name} is damaged (a state of {length} bytes)");
                states[k] = r.ReadBytes((int)length);
            }
            CheckHeaderAgainstStates(name, scenario, tick, date, seeds, states);
            return new Contents(new CheckpointHeader(version, library, scenario, master, tick, date, seeds), states);
        }
        catch (EndOfStreamException) { throw new CheckpointException($"{name} is damaged or truncated"); }
    }

    /// <summary>
    /// Refuses a header that is not the one its states were saved under (a file edited and its checksum recomputed): each
    /// state opens with the tick, the seed and the population's compound count it was made with (<see cref="Model.WriteState"/>),
    /// which must be the header's tick, the replication's seed and the header scenario's compounds; and the header's date
    /// must be the first day of that tick in the header scenario's calendar.
    /// </summary>
    private static void CheckHeaderAgainstStates(string name, string scenarioJson, int tick, DateOnly date, ulong[] seeds, byte[][] states)
    {
        string edited = "its header does not match the model state it holds (the file was edited)";
        int compounds;
        DateOnly start;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(scenarioJson);
            compounds = doc.RootElement.GetProperty("compounds").EnumerateObject().Count();
            start = DateOnly.ParseExact(doc.RootElement.GetProperty("calendar").GetProperty("start").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new CheckpointException($"{name}: {edited}: its scenario is not a resolved scenario ({e.Message})");
        }
        if (tick < 0 || date != start.AddDays(7 * tick))
            throw new CheckpointException($"{name}: {edited}: tick {tick} of a run starting {ScenarioBinder.Format(start)} begins on {ScenarioBinder.Format(start.AddDays(7 * Math.Max(0, tick)))}, not {ScenarioBinder.Format(date)}");
        for (int k = 0; k < states.Length; k++)
        {
            var s = states[k];
            if (s.Length < 24) throw new CheckpointException($"{name} is damaged (replication {k}'s state holds {s.Length} bytes)");
            int stateTick = BitConverter.ToInt32(s, 0), stateCompounds = BitConverter.ToInt32(s, 20);
            ulong stateSeed = BitConverter.ToUInt64(s, 4);
            if (stateTick != tick || stateSeed != seeds[k] || stateCompounds != compounds)
                throw new CheckpointException($"{name}: {edited}: replication {k}'s state is of tick {stateTick}, seed {stateSeed} and {stateCompounds} compounds; " +
                    $"the header says tick {tick}, seed {seeds[k]} and a scenario of {compounds} compounds");
        }
    }

    /// <summary>
    /// Checks that <paramref name="variant"/> can continue from a checkpoint of <paramref name="original"/> taken at
    /// <paramref name="date"/> (tick <paramref name="tick"/>): the same seed, compounds and calendar start (the state
    /// is the community those built), a calendar that runs past the checkpoint, the same register and report dates
    /// where they lie before it, and the same policies wherever they act before it. Anything that acts only from the
    /// checkpoint on (new policies, changed parameters) may differ: that is what a fork is for.
    /// </summary>
    /// <exception cref="ScenarioException">The variant differs from the checkpoint's scenario in what it may not change.</exception>
    public static void CheckFork(Scenario original, Scenario variant, int tick, DateOnly date)
    {
        string on = ScenarioBinder.Format(date);
        string Why(string what) => $"{what}, as in the checkpoint's scenario (a fork from a checkpoint at {on} keeps the community and its past; it may change only what acts from then on)";
        if (variant.Seed != original.Seed)
            throw new ScenarioException("seed", ScenarioBinder.Format(variant.Seed), Why($"{original.Seed}"));
        if (variant.Calendar.Start != original.Calendar.Start)
            throw new ScenarioException("calendar.start", ScenarioBinder.Format(variant.Calendar.Start), Why(ScenarioBinder.Format(original.Calendar.Start)));
        if (new Calendar(variant.Calendar).TickCount <= tick)
            throw new ScenarioException("calendar.end", ScenarioBinder.Format(variant.Calendar.End), $"a date after the checkpoint's week ({on})");
        foreach (var (key, a, b) in new[] { ("calendar.registerDate", original.Calendar.RegisterDate, variant.Calendar.RegisterDate),
                                            ("calendar.reportFrom", original.Calendar.ReportFrom, variant.Calendar.ReportFrom) })
            if (a != b && (a < date || b < date))
                throw new ScenarioException(key, ScenarioBinder.Format(b), Why($"{ScenarioBinder.Format(a)}, or both on or after {on}"));

        var compounds = original.Compounds.ToList();
        var others = variant.Compounds.ToList();
        if (compounds.Count != others.Count || compounds.Zip(others).Any(p => !p.First.Key.Equals(p.Second.Key, StringComparison.OrdinalIgnoreCase)))
            throw new ScenarioException("compounds", string.Join(", ", others.Select(c => c.Key)), Why($"the compounds {string.Join(", ", compounds.Select(c => c.Key))}"));
        foreach (var ((name, a), (_, b)) in compounds.Zip(others))
            if (a != b)
                throw new ScenarioException($"compounds.{name}", $"{ScenarioBinder.Format(b.Type)}, {b.Households} households, {b.Buildings} buildings",
                    Why($"{ScenarioBinder.Format(a.Type)}, {a.Households} households, {a.Buildings} buildings"));

        bool ActsBefore(PolicySettings p) => p.Enabled && p.Start < date;
        foreach (var name in original.Policies.Keys.Union(variant.Policies.Keys, StringComparer.OrdinalIgnoreCase))
        {
            original.Policies.TryGetValue(name, out var a);
            variant.Policies.TryGetValue(name, out var b);
            bool before = (a is not null && ActsBefore(a)) || (b is not null && ActsBefore(b));
            if (!before) continue;
            bool same = a is not null && b is not null && a.Kind.Equals(b.Kind, StringComparison.OrdinalIgnoreCase) && a.Enabled == b.Enabled
                && a.Start == b.Start && a.Scale == b.Scale && a.UnitCost == b.UnitCost
                && a.Parameters.Count == b.Parameters.Count && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var v) && v == p.Value)
                && (a.End == b.End || (a.End >= date && b.End >= date));
            if (!same)
                throw new ScenarioException($"policies.{name}", b is null ? "(missing)" : $"{b.Kind} from {ScenarioBinder.Format(b.Start)}",
                    Why($"the same settings ({(a is null ? "absent" : $"{a.Kind} from {ScenarioBinder.Format(a.Start)}")}), since it acts before {on}; change it from {on} on with a new policy"));
        }
    }
}
