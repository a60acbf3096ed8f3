using System.Diagnostics;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.MineAction;

namespace Truce.LoadDriver;

/// <summary>
/// The wall time of one erasure on the demo deployment, from SubmitAsync to its acknowledgement, against a note
/// submitted just before it by the same lone caller. Each round first writes a victim's personal data and
/// <c>--notes</c> notes after it (untimed), so the erasure finds that much in the write-ahead log.
/// </summary>
static class Erase
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 10), notes = o.Int("notes", 1000);
        Console.WriteLine($"# erase: {rounds} rounds, each a victim's personal data, {notes:N0} notes, then one timed note and one timed erasure");
        await using var w = await Workload.CreateAsync(o);
        var d = w.Deployment;
        var agency = d.LoadKey("mine-agency");
        var caller = d.SystemCaller("mine-agency");
        var wal = Path.Combine(d.Directory, "truce.db-wal");
        List<double> noteMs = [], eraseMs = [];
        for (int r = 0; r < rounds; r++)
        {
            var personal = await d.SubmitAsAsync("mine-agency", MineActionKinds.VictimPersonal, new JsonObject
            {
                ["victim"] = "V-001",
                ["name"] = $"Benchmark Person {r} (synthetic)",
            }, DateTimeOffset.UtcNow, Visibility.Restricted, ["pk"]);
            await AppendInProcess.AppendAsync(w, w.Sign(notes, $"erase round {r}"), 64, o.RoundLimit);
            var walBefore = File.Exists(wal) ? new FileInfo(wal).Length : 0;

            var (noteEnv, noteBody) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.Note, agency,
                new JsonObject { ["text"] = $"timed note {r} (synthetic)" }, DateTimeOffset.UtcNow);
            var sw = Stopwatch.StartNew();
            await d.Ledger.SubmitAsync(noteEnv, noteBody, caller);
            noteMs.Add(sw.Elapsed.TotalMilliseconds);

            var (eraseEnv, eraseBody) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.Erase, agency,
                new JsonObject { ["target"] = personal, ["reason"] = "benchmark (synthetic)" }, DateTimeOffset.UtcNow);
            sw.Restart();
            await d.Ledger.SubmitAsync(eraseEnv, eraseBody, caller);
            eraseMs.Add(sw.Elapsed.TotalMilliseconds);
            var walAfter = File.Exists(wal) ? new FileInfo(wal).Length : 0;
            Console.WriteLine($"round {r + 1}: note {Stats.Ms(noteMs[^1])}, erasure {Stats.Ms(eraseMs[^1])}; " +
                $"WAL {walBefore / 1024:N0} KiB before, {walAfter / 1024:N0} KiB after; load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT erase: erasure median {Stats.Ms(Stats.Median(eraseMs))} (max {Stats.Ms(eraseMs.Max())}), " +
            $"note median {Stats.Ms(Stats.Median(noteMs))} (max {Stats.Ms(noteMs.Max())}), over {rounds} rounds of {notes:N0} notes");
        return 0;
    }
}
