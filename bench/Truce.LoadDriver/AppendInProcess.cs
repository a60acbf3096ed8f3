using System.Diagnostics;

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
        await using var w = await Workload.CreateAsync();
        var warm = w.Sign(5_000, "warm-up");
        var all = w.Sign(rounds * perRound, "append");
        BareVerify.Bare(warm);
        BareVerify.Envelope(warm);
        await AppendAsync(w, warm, concurrency, o.RoundLimit);
        List<double> bare = [], envelope = [], append = [];
        for (int r = 0; r < rounds; r++)
        {
            var slice = all.Skip(r * perRound).Take(perRound).ToList();
            bare.Add(BareVerify.Bare(slice));
            envelope.Add(BareVerify.Envelope(slice));
            var (rate, batches) = await AppendAsync(w, slice, concurrency, o.RoundLimit);
            append.Add(rate);
            Console.WriteLine($"round {r + 1}: bare verify {Stats.Rate(bare[^1])}, envelope verify {Stats.Rate(envelope[^1])}, " +
                $"append {Stats.Rate(rate)} (ratio {Stats.Ratio(rate / bare[^1])}, {perRound / (double)batches:0} entries per commit), " +
                $"load {MachineInfo.LoadAverage()}");
        }
        var m = Stats.Median(append);
        Console.WriteLine($"RESULT append-inprocess: median {Stats.Rate(m)} [{Stats.Rates(append)}]; " +
            $"bare verify median {Stats.Rate(Stats.Median(bare))} [{Stats.Rates(bare)}]; " +
            $"envelope verify median {Stats.Rate(Stats.Median(envelope))}; ratio to bare {Stats.Ratio(m / Stats.Median(bare))}; " +
            $"log size {w.Deployment.Ledger.Sequencer.Size:N0}");
        return 0;
    }

    /// <summary>Returns the rate and the number of distinct checkpoints (group commits) that covered the round.</summary>
    internal static async Task<(double Rate, int Commits)> AppendAsync(Workload w, IReadOnlyList<SignedEntry> entries, int concurrency, TimeSpan limit)
    {
        var ledger = w.Deployment.Ledger;
        var sizes = new long[entries.Count];
        int next = -1;
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
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
        var elapsed = sw.Elapsed.TotalSeconds;
        var done = sizes.Count(s => s > 0);
        if (done < entries.Count)
        {
            Console.WriteLine($"! round cut short at {limit.TotalSeconds} s: {done:N0} of {entries.Count:N0} appended");
        }
        return (done / elapsed, sizes.Where(s => s > 0).Distinct().Count());
    }
}
