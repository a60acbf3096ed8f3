using System.Diagnostics;
using Truce.Ledger.Sequencing;

namespace Truce.LoadDriver;

/// <summary>
/// Durable, signature-verified appends in process: many concurrent SubmitAsync callers into the deployment's
/// LedgerService. Each round first measures the bare verification rate on the same entries, so both figures of
/// a ratio come from the same minutes of a shared machine.
/// </summary>
static class AppendInProcess
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 5), perRound = o.Int("entries", 50_000), concurrency = o.Int("concurrency", 256);
        Console.WriteLine($"# append-inprocess: {rounds} rounds of {perRound:N0} entries, {concurrency} concurrent callers" +
            (o.Compare ? ", each round on SQLite, then on PostgreSQL" : ""));
        await using var stores = await Stores.CreateAsync(o);
        await WarmUpAsync(stores, o.Int("warm-up", 10_000), concurrency);
        var all = stores.All[0].Sign(rounds * perRound, "append");
        List<Reading> bare = [], envelope = [];
        var append = stores.All.Select(_ => new List<Reading>()).ToList();
        var written = stores.All.Select(_ => new List<Written>()).ToList();
        for (int r = 0; r < rounds; r++)
        {
            var slice = all.Skip(r * perRound).Take(perRound).ToList();
            bare.Add(BareVerify.Bare(slice));
            envelope.Add(BareVerify.Envelope(slice));
            var parts = new List<string>();
            for (int s = 0; s < stores.All.Count; s++)
            {
                var w = stores.All[s];
                var before = (Cpu: ThreadCpu.Seconds(Sequencer.ThreadName), Bytes: Written.Now(w));
                var (reading, commits) = await AppendAsync(w, slice, concurrency, o.RoundLimit);
                var writer = ThreadCpu.Seconds(Sequencer.ThreadName) - before.Cpu;
                append[s].Add(reading);
                written[s].Add((Written.Now(w) - before.Bytes).Per(reading.Items));
                parts.Add($"{stores.Label(w)}append {reading}, ratio {Stats.Ratio(reading.Rate / bare[^1].Rate)}, " +
                    $"{reading.Items / (double)commits:0} entries per commit, of which the sequencer's thread {writer * 1e6 / reading.Items:0.0} CPU µs each, {written[s][^1]}");
            }
            Console.WriteLine($"round {r + 1}: bare verify {bare[^1]}; envelope verify {envelope[^1]}; {string.Join("; ", parts)}" +
                $"{stores.RoundRatio(append, r)}; load {MachineInfo.LoadAverage()}");
        }
        for (int s = 0; s < stores.All.Count; s++)
        {
            Console.WriteLine($"{stores.Result("append-inprocess", stores.All[s])} " +
                $"{Result(append[s], bare, envelope)}; median {Written.Median(written[s])}; log size {stores.All[s].Deployment.Ledger.Sequencer.Size:N0}");
        }
        stores.PrintRatios("append-inprocess", append);
        return 0;
    }

    /// <summary>The warm-up chunk: a warm-up of millions (a log of 10M entries before the rounds) is signed and appended
    /// this many at a time, so it is never all in memory.</summary>
    const int WarmChunk = 500_000;

    /// <summary>Untimed entries into every store, to the end (no round limit), so the rounds run on tiered-up code and
    /// a log of that size.</summary>
    static async Task WarmUpAsync(Stores stores, int count, int concurrency)
    {
        for (var done = 0; done < count; done += WarmChunk)
        {
            var chunk = stores.All[0].Sign(Math.Min(WarmChunk, count - done), $"warm-up {done}");
            if (done == 0)
            {
                BareVerify.Bare(chunk);
                BareVerify.Envelope(chunk);
            }
            foreach (var w in stores.All)
            {
                await AppendAsync(w, chunk, concurrency, TimeSpan.FromDays(1));
            }
        }
    }

    static string Result(List<Reading> append, List<Reading> bare, List<Reading> envelope)
    {
        double Median(IEnumerable<Reading> rs, Func<Reading, double> f) => Stats.Median(rs.Select(f));
        return $"{Stats.Summary(append)}; bare verify {Stats.Summary(bare)}; envelope verify {Stats.Summary(envelope)}; " +
            $"ratio to bare {Stats.Ratio(Median(append, r => r.Rate) / Median(bare, r => r.Rate))} by rate, " +
            $"{Stats.Ratio(Median(bare, r => r.CpuMicrosPerItem) / Median(append, r => r.CpuMicrosPerItem))} by CPU per entry";
    }

    /// <summary>Returns the reading and the number of distinct checkpoints (group commits) that covered the entries.</summary>
    internal static async Task<(Reading Reading, int Commits)> AppendAsync(Workload w, IReadOnlyList<SignedEntry> entries, int concurrency, TimeSpan limit)
    {
        var ledger = w.Deployment.Ledger;
        var sizes = new long[entries.Count];
        int next = -1;
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var meter = CpuMeter.Start();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < entries.Count && Stopwatch.GetTimestamp() < deadline)
            {
                var e = entries[i];
                sizes[i] = (await ledger.SubmitAsync(e.Envelope, e.Body, w.Callers[e.Party])).CheckpointSize;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var done = sizes.Count(s => s > 0);
        var reading = meter.Stop(done);
        if (done < entries.Count)
        {
            Console.WriteLine($"! round cut short at {limit.TotalSeconds} s: {done:N0} of {entries.Count:N0} appended");
        }
        return (reading, sizes.Where(s => s > 0).Distinct().Count());
    }
}
