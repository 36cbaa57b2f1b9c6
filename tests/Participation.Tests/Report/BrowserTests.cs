using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Participation.Tests.Report;

/// <summary>Finds and runs headless Chromium, offline, with a fresh profile, killed if it overruns.</summary>
internal static class Chromium
{
    /// <summary>Where CI installs it (.ci/run: apt-get install chromium).</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>$CHROMIUM when set (and nothing else), else /usr/bin/chromium, or chromium / chromium-browser / google-chrome on the PATH.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } given) return File.Exists(given) ? given : null;
        if (File.Exists(DefaultPath)) return DefaultPath;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public const string Missing = "Chromium was not found (looked at $CHROMIUM, /usr/bin/chromium and chromium, chromium-browser, google-chrome on the PATH). " +
                                  "Install it with: apt-get update && apt-get install -y chromium (.ci/run does this). With CI=true this test fails instead of skipping.";

    /// <summary>Runs Chromium headless on <paramref name="file"/> with <paramref name="extra"/> arguments; returns its stdout.</summary>
    public static string Run(string file, TimeSpan timeout, params string[] extra)
    {
        string exe = Find() ?? throw new InvalidOperationException(Missing);
        string profile = Directory.CreateTempSubdirectory("participation-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", $"--user-data-dir={profile}",
                     })
                info.ArgumentList.Add(a);
            foreach (var a in extra) info.ArgumentList.Add(a);
            info.ArgumentList.Add(new Uri(Path.GetFullPath(file)).AbsoluteUri);
            info.Environment["HOME"] = profile;
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {exe}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
                throw new TimeoutException($"{exe} did not finish within {timeout.TotalSeconds:0} s and was killed; stderr: {Tail(stderr)}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{exe} exited {process.ExitCode}: {Tail(stderr)}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string Tail(Task<string> text) => text.IsCompletedSuccessfully ? text.Result[^Math.Min(2000, text.Result.Length)..] : "";
}

/// <summary>
/// A fact that needs Chromium: skipped where it is missing, unless CI=true, where it runs and fails with <see cref="Chromium.Missing"/>.
/// dotnet test prints a skipped test's name but not the reason, so the name of a skipped one says why and what runs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>What the name of a skipped browser test ends with.</summary>
    public const string SkippedSuffix = " (skipped: Chromium not found; apt-get install -y chromium to run it)";

    public ChromiumFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (Chromium.InCi || Chromium.Find() is not null) return;
        Skip = Chromium.Missing;
        DisplayName = $"{typeof(BrowserTests).FullName}.{test}{SkippedSuffix}";
    }
}

/// <summary>Generated reports rendered by a real browser, headless and offline: the DOM it builds, and a screenshot.</summary>
[Collection(ReportCollection.Name)]
public class BrowserTests(ReportFolders folders)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private static void RequireChromium() => Assert.True(Chromium.Find() is not null, Chromium.Missing);

    [ChromiumFact]
    public void Chromium_builds_the_dom_with_every_plot_and_title()
    {
        RequireChromium();
        foreach (var (folder, titles) in new[]
                 {
                     (folders.Run, new[] { "Adults taking part each month", "Backbones in role", "How often backbones take part in a month",
                         "How long backbone careers last (Kaplan–Meier)", "Age make-up of the backbones" }),
                     (folders.Compare, new[] { "Extra adults taking part in the last year", "Extra backbones serving over 3 years",
                         "Change in the yearly participation rate", "Change in the register's share serving under 6 months" }),
                 })
        {
            string path = Path.Combine(folder, "browser-report.html");
            File.WriteAllText(path, Participation.Report.ReportBuilder.Build(folder).Html);
            string dom = Chromium.Run(path, Timeout, "--dump-dom");
            Assert.Contains("<main>", dom);
            var plots = Regex.Matches(dom, "<svg[^>]*class=\"plot\"[^>]*>");
            Assert.Equal(titles.Length, plots.Count);
            var shown = Regex.Matches(dom, "<title id=\"[^\"]+-title\">([^<]*)</title>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
            Assert.Equal(titles, shown);
            Assert.Equal(titles.Length, Regex.Matches(dom, "<figcaption>").Count);
            for (int k = 0; k < titles.Length; k++) Assert.Contains($"Figure {k + 1}. ", dom);
            Assert.DoesNotContain("<script", dom);
        }
    }

    [ChromiumFact]
    public void Chromium_renders_a_screenshot_with_the_plots_drawn()
    {
        RequireChromium();
        string png = Path.Combine(folders.Root, "report.png");
        Chromium.Run(Path.Combine(folders.Run, "report.html"), Timeout, "--window-size=1000,2600", $"--screenshot={png}");
        Assert.True(File.Exists(png), "no screenshot written");
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 30_000, $"screenshot is only {bytes.Length} bytes");
        var image = Png.Decode(bytes);
        Assert.Equal((1000, 2600), (image.Width, image.Height));
        int ink = 0, blue = 0, orange = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.Pixel(x, y);
                if (r < 200 || g < 200 || b < 200) ink++;
                if (Near(r, 0x00) && Near(g, 0x72) && Near(b, 0xB2)) blue++;
                if (Near(r, 0xE6) && Near(g, 0x9F) && Near(b, 0x00)) orange++;
            }
        double share = ink / (double)(image.Width * image.Height);
        Assert.True(share is > 0.01 and < 0.6, $"{share:P1} of the page is ink: blank or broken rendering");
        Assert.True(blue > 500, $"only {blue} pixels of the plots' blue: the SVG plots were not drawn");
        Assert.True(orange > 500, $"only {orange} pixels of the plots' orange: the SVG plots were not drawn");
    }

    private static bool Near(byte v, int target) => Math.Abs(v - target) <= 6;
}

/// <summary>A minimal PNG decoder (8-bit RGB or RGBA, not interlaced: what Chromium writes), to look at a screenshot's pixels.</summary>
internal sealed class Png
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private Png(int width, int height, int channels, byte[] pixels) { Width = width; Height = height; _channels = channels; _pixels = pixels; }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        int i = (y * Width + x) * _channels;
        return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    public static Png Decode(byte[] data)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!data.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int p = 8; p < data.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(p));
            string type = System.Text.Encoding.ASCII.GetString(data, p + 4, 4);
            var body = data.AsSpan(p + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new InvalidDataException("only 8-bit, non-interlaced PNGs");
                channels = body[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {body[9]} not supported") };
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            p += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int v = bytes[y * (stride + 1) + 1 + x];
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                v += filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                pixels[y * stride + x] = (byte)v;
            }
        }
        return new Png(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
