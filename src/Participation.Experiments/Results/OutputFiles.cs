using System.Text;

namespace Participation.Experiments.Results;

/// <summary>
/// The one place the library opens files for writing (tables, journals, manifests, checkpoints, reports), so that every
/// file is written the same way: beside its target under <c>NAME.partial</c>, flushed to disk, then renamed into place,
/// and on any failure (a full disk) the temporary file is removed, so no partial file is ever left behind by a write that
/// fails. A test stands in for the disk here (<see cref="Intercept"/>): every stream opened for writing can be wrapped, e.g.
/// to fail with "No space left on device" after so many bytes, which a CI machine cannot do with a real file system.
/// </summary>
public static class OutputFiles
{
    /// <summary>Suffix of the temporary file a file is written under until it is complete.</summary>
    public const string PartialSuffix = ".partial";

    private static readonly AsyncLocal<Func<string, FileStream, Stream>?> Wrapper = new();

    /// <summary>
    /// Wraps every file opened for writing by this thread and the work it starts (tasks, parallel loops, threads), until the
    /// scope returned is disposed: the seam through which tests make writing fail.
    /// </summary>
    /// <param name="wrap">Given the path and the file opened, the stream to write through instead (it should derive from <see cref="FileWrapper"/>).</param>
    internal static IDisposable Intercept(Func<string, FileStream, Stream> wrap)
    {
        var before = Wrapper.Value;
        Wrapper.Value = wrap;
        return new Scope(() => Wrapper.Value = before);
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    /// <summary>Opens <paramref name="path"/> for writing (through the test seam, if one is set).</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">How to open it (Create, CreateNew, Open, Append...).</param>
    /// <param name="share">What other handles may do meanwhile.</param>
    /// <param name="bufferSize">The stream's buffer (1: unbuffered, for journals whose every line must reach the operating system).</param>
    /// <param name="access">Write, or ReadWrite for a writer that reads back what it wrote (Parquet).</param>
    internal static Stream Open(string path, FileMode mode, FileShare share = FileShare.None, int bufferSize = 1 << 16, FileAccess access = FileAccess.Write)
    {
        var file = new FileStream(path, mode, access, share, bufferSize);
        var wrap = Wrapper.Value;
        if (wrap is null) return file;
        try { return wrap(path, file); }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Flushes <paramref name="stream"/> (opened with <see cref="Open"/>) and its file to the disk.</summary>
    internal static void FlushToDisk(Stream stream)
    {
        stream.Flush();
        switch (stream)
        {
            case FileStream file: file.Flush(flushToDisk: true); break;
            case FileWrapper wrapped: wrapped.File.Flush(flushToDisk: true); break;
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically: under <c>path.partial</c>, flushed to disk, then renamed over any file of
    /// that name. If anything fails the temporary file is removed and an existing file of that name is left as it was.
    /// </summary>
    public static void Replace(string path, Action<Stream> write)
    {
        string temp = path + PartialSuffix;
        WriteTemporary(temp, write);
        Commit(temp, path);
    }

    /// <summary>As <see cref="Replace(string, Action{Stream})"/>, for a text file (UTF-8 without a byte-order mark).</summary>
    public static void ReplaceText(string path, Action<TextWriter> write) => Replace(path, s => WriteText(s, write));

    /// <summary>
    /// Writes a new file <paramref name="path"/>, never over an existing one: under a temporary name, then moved into place
    /// only if no file of that name exists (else <see cref="IOException"/> is thrown and nothing is left behind).
    /// </summary>
    /// <returns>False when a file of that name exists (nothing was written); true when the file was written.</returns>
    public static bool CreateText(string path, Action<TextWriter> write)
    {
        if (File.Exists(path) || Directory.Exists(path)) return false;
        string temp = $"{path}.{Environment.ProcessId}{PartialSuffix}";
        WriteTemporary(temp, s => WriteText(s, write));
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path))
        {
            Remove(temp);
            return false;
        }
        catch
        {
            Remove(temp);
            throw;
        }
        return true;
    }

    /// <summary>Writes <paramref name="temp"/> completely and flushes it to disk; removes it if anything fails.</summary>
    internal static void WriteTemporary(string temp, Action<Stream> write)
    {
        try
        {
            using var stream = Open(temp, FileMode.Create);
            write(stream);
            FlushToDisk(stream);
        }
        catch
        {
            Remove(temp);
            throw;
        }
    }

    /// <summary>Renames a complete temporary file over its target; removes the temporary file if that fails.</summary>
    internal static void Commit(string temp, string path)
    {
        try { File.Move(temp, path, overwrite: true); }
        catch
        {
            Remove(temp);
            throw;
        }
    }

    /// <summary>Writes text through <paramref name="stream"/> (UTF-8 without a byte-order mark), flushing it before returning.</summary>
    internal static void WriteText(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
        writer.Flush();
    }

    /// <summary>Removes a file this process wrote, if present; a failure to remove it is ignored (the error that led here matters more).</summary>
    internal static void Remove(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}

/// <summary>A stream over a file opened by <see cref="OutputFiles.Open"/>, passing every call on: the base of the streams a test wraps files in.</summary>
/// <param name="file">The file.</param>
internal abstract class FileWrapper(FileStream file) : Stream
{
    /// <summary>The file written.</summary>
    public FileStream File { get; } = file;

    public override bool CanRead => File.CanRead;
    public override bool CanSeek => File.CanSeek;
    public override bool CanWrite => true;
    public override long Length => File.Length;
    public override long Position { get => File.Position; set => File.Position = value; }
    public override void Flush() => File.Flush();
    public override int Read(byte[] buffer, int offset, int count) => File.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => File.Seek(offset, origin);
    public override void SetLength(long value) => File.SetLength(value);
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer) => File.Write(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing) File.Dispose();
        base.Dispose(disposing);
    }
}
