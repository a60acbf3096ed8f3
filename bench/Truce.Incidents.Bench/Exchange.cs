using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Truce.Core.Access;
using Truce.Core.Modules;
using Truce.Http;

namespace Truce.Incidents.Bench;

/// <summary>
/// An <see cref="IncidentsModule"/> whose public book holds N incidents, one report each (the reports of
/// <see cref="SingleReport"/>, public, at log indexes 0 … N − 1), put through the book's own correlator as its report
/// kind does; what every exchange format reads, through the module's layers and its read lock, as an anonymous reader.
/// </summary>
sealed class ExchangeBook
{
    public IncidentsModule Module { get; } = new();
    public FeatureLayer Incidents { get; }
    public FeatureLayer Reports { get; }
    public long Size { get; }

    public ExchangeBook(int n)
    {
        var rng = new Random(42);
        Module.Read(Reader.Anonymous, b =>
        {
            for (int i = 0; i < n; i++)
            {
                b.Correlator.Add(SingleReport.Make(rng, i, "fixed-camera", $"cam-{i}", 0.15));
            }
            return 0;
        });
        Size = n;
        Incidents = Module.Layers.Single(l => l.Id == "incidents");
        Reports = Module.Layers.Single(l => l.Id == "reports");
    }

    public int Count => Module.Read(Reader.Anonymous, b => b.Correlator.Incidents.Count);

    /// <summary>The baseline: every incident's key, as each page reads it, and nothing else.</summary>
    public int BareKeys() => Module.Read(Reader.Anonymous, b =>
    {
        var n = 0;
        foreach (var i in b.Correlator.Incidents.Values)
        {
            n += RowLayer.IndexKey(i.Id).Length;
        }
        return n;
    });

    /// <summary>The cursor that starts a page at the given share of the order (what a client paging there holds).</summary>
    public string CursorAt(double share) => RowLayer.IndexKey((long)(Size * share));
}

/// <summary>
/// OGC items pages of 1,000 incidents (first, and deep in the order through the cursor), with the count the OGC
/// endpoint asks for (<see cref="LayerQuery.Count"/>, numberMatched) and without it; change-feed pages of 1,000 since a
/// log size 10,000 entries back; the bare key pass as the baseline. docs/BENCHMARKS.md.
/// </summary>
[Config(typeof(ExchangeConfig))]
public class ExchangeBench
{
    ExchangeBook _book = null!;
    string _deep = null!;

    [Params(100_000, 1_000_000)]
    public int Incidents { get; set; }

    // In process, BenchmarkDotNet sets up each benchmark afresh: filling a million incidents takes a minute, so once a size.
    static readonly Dictionary<int, ExchangeBook> Books = [];

    [GlobalSetup]
    public void Setup()
    {
        if (!Books.TryGetValue(Incidents, out var book))
        {
            Books.Clear();
            Books[Incidents] = book = new ExchangeBook(Incidents);
        }
        _book = book;
        _deep = _book.CursorAt(0.9);
        Console.WriteLine($"// {_book.Count:N0} incidents");
    }

    [Benchmark(Baseline = true)]
    public int BareKeyPass() => _book.BareKeys();

    [Benchmark]
    public int FirstPage() => Items(null, count: false);

    [Benchmark]
    public int FirstPageCounted() => Items(null, count: true);

    [Benchmark]
    public int DeepPage() => Items(_deep, count: false);

    [Benchmark]
    public int DeepPageCounted() => Items(_deep, count: true);

    [Benchmark]
    public int ChangesIncidents() => _book.Incidents.Changes(Reader.Anonymous, _book.Size - 10_000, new LayerQuery { Limit = 1000 }).Items.Count;

    [Benchmark]
    public int ChangesReports() => _book.Reports.Changes(Reader.Anonymous, _book.Size - 10_000, new LayerQuery { Limit = 1000 }).Items.Count;

    int Items(string? after, bool count) =>
        _book.Incidents.Query(Reader.Anonymous, new LayerQuery { Limit = 1000, After = after, Count = count }).Features.Count;
}

/// <summary>In process (no generated project to build, and the books filled once), 3 warm-up and 10 measured iterations, medians shown.</summary>
sealed class ExchangeConfig : ManualConfig
{
    public ExchangeConfig()
    {
        // Filling a million incidents on a loaded machine outlasts the in-process toolchain's default budget of 5 minutes.
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true))
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
        AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray());
        AddValidator(DefaultConfig.Instance.GetValidators().ToArray());
    }
}

/// <summary>
/// Timed runs: the whole incidents collection exported as GeoJSON (<see cref="StandardExports.GeoJson"/>, the export
/// endpoint's pages of 5,000) to a null stream, with the working set and managed heap sampled every 20 ms; and the whole
/// change feed since 10,000 entries back (both layers, pages of 1,000). Each at N and at N / 10 in the same run.
/// </summary>
static class ExchangeTimed
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int n, int rounds)
    {
        foreach (var size in new[] { n / 10, n })
        {
            var clock = Stopwatch.StartNew();
            var book = new ExchangeBook(size);
            GC.Collect();
            Console.WriteLine(string.Create(Inv, $"{book.Count:N0} incidents filled in {clock.Elapsed.TotalSeconds:0.0} s; {Load()}"));
            for (int r = 0; r < rounds; r++)
            {
                await ExportAsync(book);
                Feed(book);
            }
        }
        return 0;
    }

    internal static async Task ExportAsync(ExchangeBook book)
    {
        GC.Collect();
        var before = Sample();
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = Sample();
                peak = (Math.Max(peak.WorkingSet, s.WorkingSet), Math.Max(peak.Heap, s.Heap));
                await Task.Delay(20).ConfigureAwait(false);
            }
        });
        var job = new ExportJob
        {
            Layer = book.Incidents,
            Reader = Reader.Anonymous,
            Ledger = null!, // the standard formats read only the layer
            Query = new LayerQuery(),
        };
        var counting = new CountingStream();
        var clock = Stopwatch.StartNew();
        await StandardExports.GeoJson.Write(job, counting);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;
        Console.WriteLine(string.Create(Inv,
            $"export geojson, {book.Count:N0} incidents: {elapsed.TotalSeconds:0.00} s, {counting.Length / 1048576.0:0} MiB written; working set {Mib(before.WorkingSet)} MiB before, peak {Mib(peak.WorkingSet)} MiB (+{Mib(peak.WorkingSet - before.WorkingSet)}); managed heap {Mib(before.Heap)} before, peak {Mib(peak.Heap)} MiB; {Load()}"));
    }

    static void Feed(ExchangeBook book)
    {
        var after = book.Size - 10_000;
        var clock = Stopwatch.StartNew();
        var (pages, items) = (0, 0);
        foreach (var layer in new[] { book.Incidents, book.Reports })
        {
            string? cursor = null;
            do
            {
                var page = layer.Changes(Reader.Anonymous, after, new LayerQuery { Limit = 1000, After = cursor });
                (pages, items, cursor) = (pages + 1, items + page.Items.Count, page.Next);
            }
            while (cursor is not null);
        }
        Console.WriteLine(string.Create(Inv,
            $"change feed since {after:N0} of {book.Size:N0}: {items:N0} changes in {pages} pages of 1,000, {clock.Elapsed.TotalMilliseconds:0} ms ({clock.Elapsed.TotalMilliseconds / pages:0.0} ms a page); {Load()}"));
    }

    static (long WorkingSet, long Heap) Sample()
    {
        using var p = Process.GetCurrentProcess();
        return (p.WorkingSet64, GC.GetTotalMemory(false));
    }

    static string Mib(long bytes) => (bytes / 1048576.0).ToString("0", Inv);

    static string Load() => "load " + File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>A null stream that counts what it is given.</summary>
    sealed class CountingStream : Stream
    {
        long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
