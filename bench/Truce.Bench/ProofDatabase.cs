using System.Diagnostics;
using System.Text;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Storage.Sqlite;

namespace Truce.Bench;

/// <summary>
/// A SQLite log of synthetic leaves for the proof benchmarks, built once and cached. It is filled exactly as the
/// sequencer fills a log, minus admission: leaves ("synthetic leaf {i}") are hashed into a CompactRange, which
/// yields every stored node they complete, and <see cref="SqliteLogStore.Append"/> commits leaves, nodes and a
/// signed checkpoint per batch of 2^16 leaves. So the tables, keys and indexes proofs read are the real ones;
/// only the leaves are not signed entries (proofs never read leaves).
/// </summary>
static class ProofDatabase
{
    const int Batch = 1 << 16;

    public static string CacheDir =>
        Environment.GetEnvironmentVariable("TRUCE_BENCH_CACHE") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "truce-bench-cache");

    public static NoteSigner Signer { get; } = new("bench.truce.invalid/proofs", new byte[32]);

    public static byte[] Leaf(long index) => Encoding.UTF8.GetBytes($"synthetic leaf {index}");

    /// <summary>The path of a log of <paramref name="size"/> leaves, building it first if it is not cached.</summary>
    public static string Ensure(long size, TextWriter log)
    {
        Directory.CreateDirectory(CacheDir);
        var path = Path.Combine(CacheDir, $"proofs-{size}.db");
        if (File.Exists(path))
        {
            log.WriteLine($"# proof log of {size:N0} leaves: cached at {path}");
            return path;
        }
        // Built under another name and renamed when complete, so an interrupted build is never taken for a log.
        var partial = path + ".partial";
        foreach (var f in new[] { partial, partial + "-wal", partial + "-shm" })
        {
            File.Delete(f);
        }
        var sw = Stopwatch.StartNew();
        byte[] root;
        using (var db = new SqliteDatabase(partial))
        {
            var store = new SqliteLogStore(db);
            var tree = CompactRange.Load(0, store);
            for (long at = 0; at < size; at += Batch)
            {
                var n = (int)Math.Min(Batch, size - at);
                var leaves = new byte[n][];
                var nodes = new List<(NodeId, byte[])>(2 * n);
                for (int i = 0; i < n; i++)
                {
                    leaves[i] = Leaf(at + i);
                    tree.Append(Hashing.Leaf(leaves[i]), nodes);
                }
                var note = SignedNote.Sign(new Checkpoint(Signer.Name, tree.Size, tree.RootHash()).ToText(), Signer).Serialize();
                store.Append(new LogBatch(at, leaves, new byte[]?[n], nodes, tree.Size, note, new object?[n]));
                if ((at / Batch) % 16 == 15)
                {
                    log.WriteLine($"#   {tree.Size:N0} leaves, {sw.Elapsed.TotalSeconds:0} s");
                }
            }
            root = tree.RootHash();
            if (!Proofs.TreeHash(size, store).AsSpan().SequenceEqual(root))
            {
                throw new InvalidDataException("the stored nodes do not give the root the compact range computed");
            }
        }
        if (File.Exists(partial + "-wal"))
        {
            throw new InvalidOperationException($"{partial} still has a write-ahead log after closing");
        }
        File.Move(partial, path);
        log.WriteLine($"# proof log of {size:N0} leaves: built in {sw.Elapsed.TotalSeconds:0} s, {new FileInfo(path).Length / (1 << 20):N0} MiB, " +
            $"root {Convert.ToHexStringLower(root)}, at {path}");
        return path;
    }
}
