using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.MineAction;

namespace Truce.LoadDriver;

/// <summary>
/// The wall time of one erasure on the demo deployment, from SubmitAsync to its acknowledgement, against a note
/// submitted just before it by the same lone caller. Each round first writes a victim's personal data and
/// <c>--notes</c> notes after it (untimed), so the erasure finds that much in the write-ahead log. With
/// <c>--checkpoint-apart</c>, each round also times a TRUNCATE checkpoint of that log on its own, just before the
/// erasure (which then finds the log nearly empty): the part of an erasure's time that cutting the log takes, apart
/// from the modules' replay that an erasure also costs.
/// </summary>
static class Erase
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 10), notes = o.Int("notes", 1000);
        var apart = o.Text("checkpoint-apart") is not null;
        Console.WriteLine($"# erase: {rounds} rounds, each a victim's personal data, {notes:N0} notes, then one timed note and one timed erasure");
        await using var w = await Workload.CreateAsync(o);
        var d = w.Deployment;
        var agency = d.LoadKey("mine-agency");
        var caller = d.SystemCaller("mine-agency");
        var wal = Path.Combine(d.Directory, "truce.db-wal");
        List<double> noteMs = [], eraseMs = [], checkpointMs = [];
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

            if (apart)
            {
                using var c = new SqliteConnection($"Data Source={Path.Combine(d.Directory, "truce.db")};Pooling=False");
                c.Open();
                using var checkpoint = c.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                sw.Restart();
                checkpoint.ExecuteNonQuery();
                checkpointMs.Add(sw.Elapsed.TotalMilliseconds);
            }

            var (eraseEnv, eraseBody) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.Erase, agency,
                new JsonObject { ["target"] = personal, ["reason"] = "benchmark (synthetic)" }, DateTimeOffset.UtcNow);
            sw.Restart();
            await d.Ledger.SubmitAsync(eraseEnv, eraseBody, caller);
            eraseMs.Add(sw.Elapsed.TotalMilliseconds);
            var walAfter = File.Exists(wal) ? new FileInfo(wal).Length : 0;
            Console.WriteLine($"round {r + 1}: note {Stats.Ms(noteMs[^1])}, {(apart ? $"checkpoint {Stats.Ms(checkpointMs[^1])}, " : "")}erasure {Stats.Ms(eraseMs[^1])}; " +
                $"WAL {walBefore / 1024:N0} KiB before, {walAfter / 1024:N0} KiB after; load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT erase: erasure median {Stats.Ms(Stats.Median(eraseMs))} (max {Stats.Ms(eraseMs.Max())}), " +
            (apart ? $"checkpoint apart median {Stats.Ms(Stats.Median(checkpointMs))} (max {Stats.Ms(checkpointMs.Max())}), " : "") +
            $"note median {Stats.Ms(Stats.Median(noteMs))} (max {Stats.Ms(noteMs.Max())}), over {rounds} rounds of {notes:N0} notes");
        return 0;
    }
}
