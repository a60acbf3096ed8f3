using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using ImageMagick;
using Truce.Evidence;
using Truce.Evidence.PublicCopies;
using Truce.Server;
using Truce.Server.Hosting;

// The evidence module's costs (docs/BENCHMARKS.md):
//   upload [MiB] [runs]  a file of that size through POST /api/evidence on a real server (loopback), through the blob
//                        store alone, and `cp` of the same file on the same disk, each run best of [runs]
//   strip [runs]         stripping metadata from a 12-megapixel photograph with EXIF/GPS, per format
var what = args.FirstOrDefault() ?? "upload";
var rest = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var dir = Directory.CreateTempSubdirectory("truce-evidence-bench").FullName;
try
{
    if (what == "upload")
    {
        await UploadAsync(dir, rest.ElementAtOrDefault(0) is > 0 and var mib ? mib : 1024, rest.ElementAtOrDefault(1) is > 0 and var runs ? runs : 3);
    }
    else
    {
        Strip(dir, rest.ElementAtOrDefault(0) is > 0 and var runs ? runs : 5);
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task UploadAsync(string dir, int mib, int runs)
{
    var file = Path.Combine(dir, "input.mp4");
    var size = (long)mib << 20;
    await using (var f = File.Create(file))
    {
        var buffer = new byte[1 << 20];
        new Random(1).NextBytes(buffer);
        ((ReadOnlySpan<byte>)[0, 0, 0, 0x18, .. "ftypisom"u8]).CopyTo(buffer);
        for (long written = 0; written < size; written += buffer.Length)
        {
            await f.WriteAsync(buffer);
            buffer[^1]++;
        }
    }
    await using var d = await Deployment.InitAsync(Path.Combine(dir, "data"), "bench.truce.invalid/log", "evidence bench", synthetic: true);
    var store = d.Ledger.Module<EvidenceModule>()!.Store!;
    await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true, budget: TimeSpan.FromHours(1));
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Timeout.InfiniteTimeSpan };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", d.ReadSecret("mission-admin.token"));
    double Best(Func<Task> run)
    {
        var best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            foreach (var blob in Directory.EnumerateFiles(Path.Combine(d.Directory, "blobs"), "*", SearchOption.AllDirectories))
            {
                File.Delete(blob);
            }
            var sw = Stopwatch.StartNew();
            run().GetAwaiter().GetResult();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }
    var upload = Best(async () =>
    {
        await using var f = File.OpenRead(file);
        using var content = new StreamContent(f, 1 << 16);
        using var resp = await http.PostAsync("/api/evidence", content);
        resp.EnsureSuccessStatusCode();
    });
    var direct = Best(async () =>
    {
        await using var f = File.OpenRead(file);
        await store.WriteAsync(f, null, long.MaxValue, CancellationToken.None);
    });
    var copy = Best(() =>
    {
        var target = Path.Combine(dir, "copy.mp4");
        File.Delete(target);
        using var p = Process.Start("cp", [file, target])!;
        p.WaitForExit();
        using var sync = Process.Start("sync", [target])!;
        sync.WaitForExit();
        return Task.CompletedTask;
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mib} MiB, best of {runs}: POST /api/evidence {upload:0.00} s ({mib / upload:0} MiB/s); blob store alone {direct:0.00} s ({mib / direct:0} MiB/s); cp + sync {copy:0.00} s ({mib / copy:0} MiB/s)"));
}

static void Strip(string dir, int runs)
{
    foreach (var (format, ext) in new[] { (MagickFormat.Jpeg, "jpg"), (MagickFormat.Png, "png"), (MagickFormat.Tiff, "tif"), (MagickFormat.WebP, "webp") })
    {
        var path = Path.Combine(dir, "photo." + ext);
        using (var image = new MagickImage("plasma:", 4000, 3000) { Format = format })
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Make, "bench camera");
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(39, 1), new Rational(45, 1), new Rational(2485, 100)]);
            image.SetProfile(exif);
            image.Write(path);
        }
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var stripped = Metadata.Strip(path);
            times.Add(sw.Elapsed.TotalMilliseconds);
            GC.KeepAlive(stripped);
        }
        var check = Stopwatch.StartNew();
        var carried = Metadata.Carried(path).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ext,-5} 4000×3000 {new FileInfo(path).Length / 1024,6} KiB: strip median {times.Order().ElementAt(times.Count / 2),7:0} ms (min {times.Min():0}); admission check {check.Elapsed.TotalMilliseconds:0} ms ({carried} kinds found)"));
    }
}
