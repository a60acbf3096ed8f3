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
        Console.WriteLine($"# append-inprocess: {rounds} rounds of {perRound:N0} entries, {concurrency} concurrent callers");
        await using var w = await Workload.CreateAsync(o);
        var warm = w.Sign(o.Int("warm-up", 10_000), "warm-up");
        var all = w.Sign(rounds * perRound, "append");
        BareVerify.Bare(warm);
        BareVerify.Envelope(warm);
        await AppendAsync(w, warm, concurrency, o.RoundLimit);
        List<Reading> bare = [], envelope = [], append = [];
        for (int r = 0; r < rounds; r++)
        {
            var slice = all.Skip(r * perRound).Take(perRound).ToList();
            bare.Add(BareVerify.Bare(slice));
            envelope.Add(BareVerify.Envelope(slice));
            var writer = ThreadCpu.Seconds(Sequencer.ThreadName);
            var (reading, commits) = await AppendAsync(w, slice, concurrency, o.RoundLimit);
            writer = ThreadCpu.Seconds(Sequencer.ThreadName) - writer;
            append.Add(reading);
            Console.WriteLine($"round {r + 1}: bare verify {bare[^1]}; envelope verify {envelope[^1]}; append {reading}, " +
                $"ratio {Stats.Ratio(reading.Rate / bare[^1].Rate)}, {perRound / (double)commits:0} entries per commit, " +
                $"of which the sequencer's thread {writer * 1e6 / reading.Items:0.0} CPU µs each; load {MachineInfo.LoadAverage()}");
        }
        double Median(IEnumerable<Reading> rs, Func<Reading, double> f) => Stats.Median(rs.Select(f));
        var rate = Median(append, r => r.Rate);
        var bareRate = Median(bare, r => r.Rate);
        Console.WriteLine($"RESULT append-inprocess: {Stats.Summary(append)}; bare verify {Stats.Summary(bare)}; " +
            $"envelope verify {Stats.Summary(envelope)}; ratio to bare {Stats.Ratio(rate / bareRate)} by rate, " +
            $"{Stats.Ratio(Median(bare, r => r.CpuMicrosPerItem) / Median(append, r => r.CpuMicrosPerItem))} by CPU per entry; " +
            $"log size {w.Deployment.Ledger.Sequencer.Size:N0}");
        return 0;
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
