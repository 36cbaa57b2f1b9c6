using Participation.Experiments.Results;

namespace Participation.Tests.Reliability;

/// <summary>
/// A disk with so many bytes free, through the library's file-writing seam (<see cref="OutputFiles.Intercept"/>): every
/// file written counts against it, and the write that would exceed it writes what fits, then fails as a full disk does
/// ("No space left on device"). CI cannot mount a small file system; this stands in for one.
/// </summary>
internal sealed class FullDisk(long free)
{
    private long _free = free;

    /// <summary>Bytes written so far (with a disk of <see cref="long.MaxValue"/> bytes: what a command writes in all).</summary>
    public long Written { get; private set; }

    /// <summary>Makes this the disk of every file this thread (and the work it starts) writes, until disposed.</summary>
    public IDisposable Use() => OutputFiles.Intercept((_, file) => new Limited(file, this));

    /// <summary>Runs <paramref name="args"/> in process on this disk.</summary>
    public (int Code, string Out, string Err) Cli(params string[] args)
    {
        using (Use()) return CliRunner.Run(args);
    }

    private sealed class Limited(FileStream file, FullDisk disk) : FileWrapper(file)
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int fits;
            lock (disk)
            {
                fits = (int)Math.Min(buffer.Length, disk._free);
                disk._free -= fits;
                disk.Written += fits;
            }
            File.Write(buffer[..fits]);
            if (fits < buffer.Length) throw new IOException($"No space left on device : '{File.Name}'", 28);
        }
    }
}
