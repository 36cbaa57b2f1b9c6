using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Participation.Files;

/// <summary>
/// A file the user named that cannot be read as input: missing, not a regular file (a device such as <c>/dev/zero</c>,
/// a named pipe, a folder), larger than the reader allows, or unreadable. <see cref="Exception.Message"/> is one line
/// naming the file, what it is and what is expected.
/// </summary>
public sealed class InputFileException : IOException
{
    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>What the file is, e.g. "not a regular file (a character device, such as /dev/zero)" or "20,000,000 bytes".</summary>
    public string Found { get; }

    /// <summary>What would be accepted, e.g. "a regular file".</summary>
    public string Expected { get; }

    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public InputFileException(string path, string found, string expected) : base($"{path}: {found}; expected {expected}")
    {
        Path = path;
        Found = found;
        Expected = expected;
    }
}

/// <summary>
/// The one way the library and the command line read a file the user names (a scenario and the files it extends, a
/// targets file, a manifest, a checkpoint, a result table, a journal): regular files only, checked before the file is
/// opened (so a named pipe cannot block the reader), and read with a hard limit on the bytes taken (so a device or a
/// file that grows while it is read cannot fill memory).
/// </summary>
public static class InputFile
{
    /// <summary>Largest file read unless a caller allows more: 16 MiB, far above any scenario, targets file or manifest.</summary>
    public const long DefaultMaxBytes = 16 << 20;

    /// <summary>Largest journal, result table or replication file read: 1 GiB (a batch's own files, which grow with its runs).</summary>
    public const long LargeMaxBytes = 1L << 30;

    /// <summary>Reads <paramref name="path"/> whole, refusing anything but a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">Most bytes accepted (at most <see cref="Array.MaxLength"/>).</param>
    /// <exception cref="InputFileException">The file is missing, not a regular file, too large or unreadable.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, Array.MaxLength);
        CheckRegular(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > maxBytes) throw TooLarge(path, length, maxBytes);
            // A regular file's length is known, but it may grow while it is read: never take more than the limit and one byte.
            var buffer = new byte[Math.Min(Math.Max(length, 4096), maxBytes + 1)];
            int filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > maxBytes) throw TooLarge(path, filled, maxBytes, orMore: true);
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, 2L * buffer.Length));
                }
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) break;
                filled += read;
            }
            if (filled > maxBytes) throw TooLarge(path, filled, maxBytes, orMore: true);
            return filled == buffer.Length ? buffer : buffer[..filled];
        }
        catch (Exception e) when (e is IOException and not InputFileException or UnauthorizedAccessException or NotSupportedException)
        {
            throw e is FileNotFoundException or DirectoryNotFoundException ? Missing(path) : new InputFileException(path, $"cannot be read ({e.Message})", "a readable file");
        }
    }

    /// <summary>Reads <paramref name="path"/> as UTF-8 text (a byte order mark is skipped), as <see cref="ReadAllBytes"/> reads it.</summary>
    /// <exception cref="InputFileException">The file is missing, not a regular file, too large, unreadable or not UTF-8.</exception>
    public static string ReadAllText(string path, long maxBytes = DefaultMaxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        int skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try { return new UTF8Encoding(false, true).GetString(bytes, skip, bytes.Length - skip); }
        catch (DecoderFallbackException e) { throw new InputFileException(path, $"not UTF-8 text (invalid UTF-8 at byte {e.Index + skip})", "UTF-8 text"); }
    }

    /// <summary>Refuses a path that is missing or names anything but a regular file (links are followed), without opening it.</summary>
    /// <exception cref="InputFileException">The path is missing or not a regular file.</exception>
    public static void CheckRegular(string path)
    {
        if (string.IsNullOrEmpty(path)) throw new InputFileException("(no path)", "no file named", "the path of a file");
        if (Directory.Exists(path)) throw NotRegular(path, "a folder");
        if (!File.Exists(path)) throw Missing(path);
        if (OperatingSystem.IsWindows())
        {
            if (File.GetAttributes(path).HasFlag(FileAttributes.Device)) throw NotRegular(path, "a device");
            return;
        }
        if (Native.TypeOf(path) is { } type && type != Native.Regular)
            throw NotRegular(path, type switch
            {
                Native.CharacterDevice => "a character device, such as /dev/zero",
                Native.BlockDevice => "a block device",
                Native.Fifo => "a named pipe (FIFO)",
                Native.Socket => "a socket",
                Native.Directory => "a folder",
                _ => "not a regular file",
            });
    }

    private static InputFileException Missing(string path) => new(path, "no such file", "an existing file");

    private static InputFileException NotRegular(string path, string what) => new(path, $"not a regular file ({what})", "a regular file");

    private static InputFileException TooLarge(string path, long bytes, long maxBytes, bool orMore = false) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes{(orMore ? " or more" : "")}"),
            string.Create(CultureInfo.InvariantCulture, $"a file of at most {Size(maxBytes)} ({maxBytes:N0} bytes)"));

    private static string Size(long bytes) => bytes % (1 << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB");

    /// <summary>
    /// The file type from stat(2), through the runtime's own native shim (present wherever .NET runs on Unix): its
    /// FileStatus record starts with two 32-bit fields, flags then mode, with the file type in mode's S_IFMT bits.
    /// </summary>
    private static class Native
    {
        public const int Fifo = 0x1000, CharacterDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, Regular = 0x8000, Socket = 0xC000;

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);

        /// <summary>The S_IFMT bits of <paramref name="path"/>'s mode; null when they cannot be had (then the byte limit still holds).</summary>
        public static int? TypeOf(string path)
        {
            try
            {
                var status = new byte[512]; // larger than the runtime's FileStatus record
                return Stat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & 0xF000 : null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
        }
    }
}
