using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Participation.Files;
using Participation.Experiments.Results;
using Participation.Experiments.Sharding;

namespace Participation.Experiments.Sweeps;

/// <summary>
/// The run journal of a sweep (<c>sweep.journal</c> in its results folder): every run is appended as one line the
/// moment it finishes, in the order runs finish, with its figures written exactly (the bits of each double) and a
/// checksum, so a sweep that is killed can be resumed (<see cref="Sweep.Completed"/>): finished runs are not run
/// again and the tables come out byte for byte as an uninterrupted sweep's. A line cut short by the kill fails its
/// checksum and is dropped (that run is simply run again).
/// </summary>
/// <remarks>
/// Format (UTF-8 text, tab-separated): a header <c># participation sweep journal 1</c> with the sweep's identity (a
/// hash of the version, base scenario, design, replications, master seed and seed scheme: a journal of another sweep is
/// refused); a line <c>names</c> with the figure names, before the first run; then one line per run:
/// <c>run, index, point, replication, seed, the figures as 16 hex digits each, checksum</c>. Each line is handed to the
/// operating system as soon as it is written (it survives the process being killed) and flushed to disk every
/// <see cref="SyncEvery"/> runs or 2 seconds.
/// </remarks>
public sealed class SweepJournal : IDisposable
{
    /// <summary>File name of the journal in a finished sweep's results folder.</summary>
    public const string FileName = "sweep.journal";

    /// <summary>
    /// File name of the journal while the sweep has not finished (running, killed, or stopped by an error): what
    /// <c>--resume</c> continues from. It is renamed to <see cref="FileName"/> with the sweep's tables, when they are put in place.
    /// </summary>
    public const string UnfinishedFileName = FileName + ".unfinished";

    /// <summary>
    /// The files a sweep (or a shard of an analysis's runs, or a merge) writes beside its journal: a journal in a folder
    /// vouches for them, so a sweep killed while putting its files in place resumes over them.
    /// </summary>
    public static readonly IReadOnlyList<string> Files = ["sweep.csv", "sweep.parquet", "sweep_summary.csv", "design.csv", FileName, ShardInfo.FileName];

    /// <summary>True when <paramref name="path"/> is a sweep journal (its first line says so).</summary>
    public static bool IsJournal(string path)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            return reader.ReadLine() is { } line && line.StartsWith(Magic + "\t", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Runs between flushes to disk (each run reaches the operating system at once).</summary>
    public const int SyncEvery = 32;

    private const string Magic = "# participation sweep journal 1";
    private readonly Stream _file;
    private readonly Stopwatch _sinceSync = Stopwatch.StartNew();
    private int _unsynced;
    private bool _named;

    private SweepJournal(Stream file, bool named)
    {
        _file = file;
        _named = named;
    }

    /// <summary>Runs recorded so far (by this journal object).</summary>
    public int Recorded { get; private set; }

    /// <summary>
    /// The identity of a sweep: runs recorded under one identity are exactly the runs another sweep of the same
    /// identity would produce.
    /// </summary>
    public static string Identity(string resolvedBaseScenarioJson, SweepDesign design, int replications, ulong masterSeed, bool commonRandomNumbers)
    {
        var sb = new StringBuilder();
        sb.Append(ResultSet.Version).Append('\n').Append(resolvedBaseScenarioJson).Append('\n').Append(design.Kind).Append('\n');
        foreach (var p in design.Parameters) sb.Append(CultureInfo.InvariantCulture, $"{p.Path}:{p.Low:R}:{p.High:R}:{p.Steps}:{p.Integer}\n");
        for (int i = 0; i < design.Count; i++) sb.Append(string.Join(',', design.Values(i).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"{replications}\n{masterSeed}\n{commonRandomNumbers}\n");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    /// <summary>
    /// The identity of shard <paramref name="shard"/> of the sweep of identity <paramref name="sweepIdentity"/>: the
    /// sweep's own for the whole sweep (so journals of unsharded sweeps keep resuming), else with the shard appended, so
    /// a shard's folder cannot be resumed as another shard.
    /// </summary>
    public static string Identity(string sweepIdentity, SweepShard shard) =>
        shard.IsWhole ? sweepIdentity : string.Create(CultureInfo.InvariantCulture, $"{sweepIdentity}-shard-{shard.Index}-of-{shard.Count}");

    /// <summary>What a journal holds: the runs finished, by run index (point × replications + replication).</summary>
    /// <param name="Rows">Finished runs.</param>
    /// <param name="ValidBytes">Length of the journal up to its last intact line.</param>
    /// <param name="Named">True when the figure names are recorded.</param>
    public sealed record Contents(IReadOnlyDictionary<int, SweepRow> Rows, long ValidBytes, bool Named);

    /// <summary>Reads the runs recorded in <paramref name="path"/> for the sweep of <paramref name="identity"/>.</summary>
    /// <param name="path">The journal.</param>
    /// <param name="identity">The sweep's <see cref="Identity(string, SweepDesign, int, ulong, bool)"/>.</param>
    /// <param name="design">The design (gives each run's parameter values).</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="seedOf">The seed of (point, replication): a recorded run with another seed belongs to another sweep.</param>
    /// <exception cref="InvalidDataException">The journal is not one of this sweep.</exception>
    public static Contents Read(string path, string identity, SweepDesign design, int replications, Func<int, int, ulong> seedOf) =>
        Read(path, identity, design.Count, design.Values, replications, seedOf);

    /// <summary>
    /// Reads the runs recorded in <paramref name="path"/> for the sweep of <paramref name="identity"/>, with the design
    /// given by its points (e.g. read back from <c>design.csv</c> when shards are merged).
    /// </summary>
    /// <param name="path">The journal.</param>
    /// <param name="identity">The sweep's (or shard's) <see cref="Identity(string, SweepShard)"/>.</param>
    /// <param name="points">Design points.</param>
    /// <param name="valuesOf">The parameter values at a point.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="seedOf">The seed of (point, replication): a recorded run with another seed belongs to another sweep.</param>
    /// <exception cref="InvalidDataException">The journal is not one of this sweep.</exception>
    public static Contents Read(string path, string identity, int points, Func<int, double[]> valuesOf, int replications, Func<int, int, ulong> seedOf)
    {
        byte[] bytes;
        try { bytes = InputFile.ReadAllBytes(path, InputFile.LargeMaxBytes); }
        catch (InputFileException e) { throw new InvalidDataException(e.Message); }
        var rows = new Dictionary<int, SweepRow>();
        string[]? names = null;
        long valid = 0;
        int start = 0, lineNumber = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break; // a line cut short: dropped
            string line = Encoding.UTF8.GetString(bytes, start, end - start);
            lineNumber++;
            var cells = line.Split('\t');
            if (lineNumber == 1)
            {
                if (cells.Length != 2 || cells[0] != Magic)
                    throw new InvalidDataException($"{path} is not a sweep journal");
                if (cells[1] != identity)
                    throw new InvalidDataException($"{path} records a sweep of other settings (scenario, --vary, --design, --samples, --replications, --seed, --common-seeds or version)");
            }
            else if (!JournalLine.Intact(line)) break;
            else if (cells[0] == "names") names = cells[1..^1];
            else if (cells[0] == "run" && names is not null && cells.Length == 6 + names.Length)
            {
                int index = int.Parse(cells[1], CultureInfo.InvariantCulture), point = int.Parse(cells[2], CultureInfo.InvariantCulture);
                int rep = int.Parse(cells[3], CultureInfo.InvariantCulture);
                ulong seed = ulong.Parse(cells[4], CultureInfo.InvariantCulture);
                if (point < 0 || point >= points || rep < 0 || rep >= replications || index != point * replications + rep || seed != seedOf(point, rep))
                    throw new InvalidDataException($"{path}, line {lineNumber}: a run that is not one of this sweep's");
                var figures = cells[5..^1].Select(h => BitConverter.Int64BitsToDouble(long.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray();
                rows[index] = new SweepRow(point, rep, seed, valuesOf(point), names, figures);
            }
            else break;
            valid = end + 1;
            start = end + 1;
        }
        return new Contents(rows, valid, names is not null);
    }

    /// <summary>Starts a new journal at <paramref name="path"/> (replacing any file there).</summary>
    public static SweepJournal Create(string path, string identity)
    {
        var file = OutputFiles.Open(path, FileMode.Create, FileShare.Read, 1);
        var journal = new SweepJournal(file, named: false);
        try
        {
            journal.Append($"{Magic}\t{identity}\n");
            OutputFiles.FlushToDisk(file);
        }
        catch
        {
            // A journal is either absent or starts with a whole header.
            file.Dispose();
            OutputFiles.Remove(path);
            throw;
        }
        return journal;
    }

    /// <summary>Continues a journal read with <see cref="Read(string, string, SweepDesign, int, Func{int, int, ulong})"/>: a line cut short at its end is cut off first.</summary>
    public static SweepJournal Continue(string path, Contents contents)
    {
        var file = OutputFiles.Open(path, FileMode.Open, FileShare.Read, 1);
        file.SetLength(contents.ValidBytes);
        file.Seek(0, SeekOrigin.End);
        return new SweepJournal(file, contents.Named);
    }

    /// <summary>Records a finished run (thread-safe: calls are serialised).</summary>
    /// <param name="index">Run index (point × replications + replication).</param>
    /// <param name="row">The run's figures.</param>
    public void Record(int index, SweepRow row)
    {
        lock (_file)
        {
            if (!_named)
            {
                Append(JournalLine.Sealed("names\t" + string.Join('\t', row.FigureNames)));
                _named = true;
            }
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"run\t{index}\t{row.Point}\t{row.Replication}\t{row.Seed}\t");
            foreach (var v in row.Figures) sb.Append(BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture)).Append('\t');
            Append(JournalLine.Sealed(sb.ToString(0, sb.Length - 1)));
            Recorded++;
            if (++_unsynced >= SyncEvery || _sinceSync.ElapsedMilliseconds > 2000)
            {
                OutputFiles.FlushToDisk(_file);
                _unsynced = 0;
                _sinceSync.Restart();
            }
        }
    }

    /// <summary>Flushes to disk and closes the journal.</summary>
    public void Dispose()
    {
        lock (_file)
        {
            try { OutputFiles.FlushToDisk(_file); }
            finally { _file.Dispose(); }
        }
    }

    /// <summary>Writes one whole line with a single write, so the operating system has it even if the process is killed next.</summary>
    private void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        _file.Write(bytes);
        _file.Flush();
    }
}
