using System.Diagnostics;

namespace Truce.LoadDriver;

/// <summary>
/// LedgerService.Rebuild (what "truce rebuild" runs): drop the views and re-derive them from every log entry.
/// The log is filled first through the ordinary append path (untimed here).
/// </summary>
static class Rebuild
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 5), entries = o.Int("entries", 200_000);
        Console.WriteLine($"# rebuild: a log of {entries:N0} notes (plus the demo entries), {rounds} rounds");
        await using var w = await Workload.CreateAsync(o, o.Store);
        var signed = w.Sign(entries, "rebuild");
        await AppendInProcess.AppendAsync(w, signed, 256, TimeSpan.FromMinutes(5));
        var ledger = w.Deployment.Ledger;
        var size = ledger.Sequencer.Size;
        var sw = Stopwatch.StartNew();
        var digest = ledger.StateDigest();
        // "truce rebuild" also digests the state before and after, to show it came out the same; timed apart here.
        Console.WriteLine($"# log size {size:N0}; one state digest takes {sw.Elapsed.TotalMilliseconds:0} ms (truce rebuild computes two, besides the rebuild timed below)");
        List<Reading> rates = [];
        for (int r = 0; r < rounds; r++)
        {
            var meter = CpuMeter.Start();
            ledger.RebuildViews();
            var reading = meter.Stop(size);
            if (ledger.StateDigest() != digest)
            {
                throw new InvalidOperationException("the rebuilt views differ from the ones the appends made");
            }
            rates.Add(reading);
            Console.WriteLine($"round {r + 1}: {reading.Seconds:0.00} s, {reading}, load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT rebuild{(w.Database is null ? "" : " postgres")}: {Stats.Summary(rates)} over {size:N0} entries");
        return 0;
    }
}
