using System.Text;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Storage.Sqlite;

namespace Truce.Tests;

/// <summary>
/// Proofs read from a real SQLite log: through the prepared look-ups (more than one statement's worth of ids per
/// proof) and the in-memory upper levels, first and second time, from many threads at once. Each must verify against
/// the root the compact range computed when the batch was written, and fail when a hash is altered.
/// </summary>
public sealed class SqliteProofTests : IDisposable
{
    const int Batch = 4096;
    readonly string _dir = Directory.CreateTempSubdirectory("truce-proofs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static byte[] Leaf(long i) => Encoding.UTF8.GetBytes($"leaf {i}");

    [Fact]
    public void Proofs_from_the_store_verify_at_every_batch_size_and_fail_when_altered()
    {
        using var db = new SqliteDatabase(Path.Combine(_dir, "log.db"));
        var store = new SqliteLogStore(db);
        var tree = CompactRange.Load(0, store);
        var roots = new Dictionary<long, byte[]>();
        for (var batch = 0; batch < 20; batch++)
        {
            AppendBatch(store, tree, Batch + batch * 37); // sizes that are not powers of two
            roots[tree.Size] = tree.RootHash();
        }
        var sizes = roots.Keys.Order().ToArray();
        var big = sizes[^1];
        Assert.True(big > 256 * 256, "the tree reaches the levels kept in memory");

        // More ids than one look-up statement holds, from both sides of the in-memory levels, in one call.
        var rng = new Random(6962);
        var ids = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? new NodeId(8 + rng.Next(3), rng.NextInt64(big >> (8 + 2))) : new NodeId(rng.Next(8), rng.NextInt64(big >> 8))).ToList();
        var together = store.ReadHashes(ids);
        Assert.Equal(ids.Select(id => store.ReadHashes([id])[0]), together);
        Assert.Equal(together, store.ReadHashes(ids));
        Assert.Throws<InvalidDataException>(() => store.ReadHashes([new NodeId(0, big + 5)]));

        var cases = Enumerable.Range(0, 400).Select(_ => (Size: sizes[rng.Next(sizes.Length)], Pick: rng.NextDouble(), Old: rng.Next(sizes.Length))).ToList();
        for (var round = 0; round < 2; round++) // the second round finds the upper levels in memory
        {
            Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, c =>
            {
                var index = (long)(c.Pick * c.Size);
                var proof = Proofs.Inclusion(index, c.Size, store);
                Assert.True(ProofVerifier.VerifyInclusion(index, c.Size, Hashing.Leaf(Leaf(index)), proof, roots[c.Size], out var why), why);
                var altered = proof.Select(h => (byte[])h.Clone()).ToList();
                altered[(int)(index % altered.Count)][0] ^= 1;
                Assert.False(ProofVerifier.VerifyInclusion(index, c.Size, Hashing.Leaf(Leaf(index)), altered, roots[c.Size], out _));

                var old = Math.Min(sizes[c.Old], c.Size);
                Assert.True(ProofVerifier.VerifyConsistency(old, c.Size, roots[old], roots[c.Size], Proofs.Consistency(old, c.Size, store), out why), why);
                Assert.Equal(roots[c.Size], Proofs.TreeHash(c.Size, store));
            });
        }
    }

    static readonly NoteSigner Signer = new("test.truce.invalid/proofs", new byte[32]);

    /// <summary>Appends <paramref name="n"/> leaves as one batch, as the sequencer stores one: leaves, the nodes they
    /// complete, a signed checkpoint.</summary>
    static void AppendBatch(SqliteLogStore store, CompactRange tree, int n)
    {
        var leaves = new byte[n][];
        var nodes = new List<(NodeId, byte[])>();
        for (var i = 0; i < n; i++)
        {
            leaves[i] = Leaf(tree.Size);
            tree.Append(Hashing.Leaf(leaves[i]), nodes);
        }
        var note = SignedNote.Sign(new Checkpoint(Signer.Name, tree.Size, tree.RootHash()).ToText(), Signer).Serialize();
        store.Append(new LogBatch(tree.Size - n, leaves, new byte[]?[n], nodes, tree.Size, note, new object?[n]));
    }

    /// <summary>Writes a log of <paramref name="size"/> leaves in batches of 1,000; returns its root.</summary>
    static byte[] Write(SqliteLogStore store, long size)
    {
        var tree = CompactRange.Load(0, store);
        while (tree.Size < size)
        {
            AppendBatch(store, tree, (int)Math.Min(1000, size - tree.Size));
        }
        return tree.RootHash();
    }

    /// <summary>The hash of node (level, index), from the leaves by RFC 9162's definition.</summary>
    static byte[] Subtree(int level, long index) => level == 0
        ? Hashing.Leaf(Leaf(index))
        : Hashing.Node(Subtree(level - 1, 2 * index), Subtree(level - 1, 2 * index + 1));

    [Fact]
    public void A_level_read_as_a_range_gives_each_node_the_tree_defines()
    {
        using var db = new SqliteDatabase(Path.Combine(_dir, "log.db"));
        var store = new SqliteLogStore(db);
        const long size = 5000;
        Write(store, size);
        for (var level = 0; level <= 12; level++) // the dense range scans (0-2) and the look-ups above them
        {
            var width = size >> level;
            var from = width / 3;
            var count = (int)(width - from);
            var expected = Enumerable.Range(0, count).Select(i => Subtree(level, from + i)).ToList();
            Assert.Equal(expected, store.ReadLevel(level, from, count));
        }
        Assert.Throws<InvalidDataException>(() => store.ReadLevel(0, size - 2, 3));
        Assert.Throws<InvalidDataException>(() => store.ReadLevel(7, 0, (int)(size >> 7) + 1));
    }

    [Fact]
    public void A_store_keyed_level_first_is_rewritten_when_opened_and_still_proves()
    {
        var path = Path.Combine(_dir, "old.db");
        byte[] root;
        const long size = 3000;
        using (var db = new SqliteDatabase(path))
        {
            root = Write(new SqliteLogStore(db), size);
        }
        // Put the nodes back as stores before layout 1 keyed them (level << 56 | index), and mark the file layout 0.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE old_nodes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
                INSERT INTO old_nodes SELECT ((id & 63) << 56) | ((((id >> 6) + 1) >> (id & 63)) - 1), hash FROM log_nodes;
                DROP TABLE log_nodes; ALTER TABLE old_nodes RENAME TO log_nodes;
                PRAGMA user_version = 0;
                """;
            cmd.ExecuteNonQuery();
            cmd.CommandText = "SELECT count(*) FROM log_nodes WHERE id = (1 << 56) | 7"; // node (1, 7)
            Assert.Equal(1L, cmd.ExecuteScalar());
        }
        using (var db = new SqliteDatabase(path))
        {
            var store = new SqliteLogStore(db);
            Assert.Equal(root, Proofs.TreeHash(size, store));
            for (var index = 0L; index < size; index += 97)
            {
                Assert.True(ProofVerifier.VerifyInclusion(index, size, Hashing.Leaf(Leaf(index)), Proofs.Inclusion(index, size, store), root, out var why), why);
            }
        }
        using (var db = new SqliteDatabase(path)) // the second opening finds layout 1 and leaves it alone
        {
            Assert.Equal(root, Proofs.TreeHash(size, new SqliteLogStore(db)));
        }
    }
}
