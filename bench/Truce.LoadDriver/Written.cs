using System.Globalization;

namespace Truce.LoadDriver;

/// <summary>
/// Write amplification over a timed section, in bytes: what this process sent towards the disk (/proc/self/io
/// write_bytes: SQLite's database and WAL, written in process) and, on PostgreSQL, whose server writes in processes of its
/// own, the growth of the deployment's database and the WAL the server generated. Divided by entries with <see cref="Per"/>.
/// </summary>
readonly record struct Written(double Process, double Database, double Wal)
{
    public static Written Now(Workload w) => w.Database is { } db
        ? new(ProcessBytes(), BenchDatabase.Size(db), BenchDatabase.WalPosition(db))
        : new(ProcessBytes(), double.NaN, double.NaN);

    public static Written operator -(Written a, Written b) => new(a.Process - b.Process, a.Database - b.Database, a.Wal - b.Wal);

    public Written Per(long entries) => new(Process / entries, Database / entries, Wal / entries);

    public static Written Median(IEnumerable<Written> ws) =>
        new(Stats.Median(ws.Select(w => w.Process)), Stats.Median(ws.Select(w => w.Database)), Stats.Median(ws.Select(w => w.Wal)));

    /// <summary>Per entry: "written P B by this process[, database +D B, WAL W B]".</summary>
    public override string ToString() => $"written {B(Process)} by this process" +
        (double.IsNaN(Database) ? "" : $", database +{B(Database)}, WAL {B(Wal)}") + " per entry";

    static string B(double bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

    /// <summary>write_bytes of /proc/self/io (Linux); NaN where it is absent.</summary>
    static double ProcessBytes()
    {
        const string io = "/proc/self/io";
        var line = File.Exists(io) ? File.ReadLines(io).FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : double.Parse(line["write_bytes:".Length..], CultureInfo.InvariantCulture);
    }
}
