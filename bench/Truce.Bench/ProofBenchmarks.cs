using BenchmarkDotNet.Attributes;
using Truce.Ledger.Merkle;
using Truce.Storage.Sqlite;

namespace Truce.Bench;

/// <summary>
/// Proofs as the server makes them (Proofs over SqliteLogStore: the needed node ids worked out, then one
/// IN (...) query on a pooled reader connection). Each call takes the next of 65,536 random indexes, so the
/// figure is a mean over the whole tree rather than one hot path through it. The log is in the page cache
/// after the warm-up iterations (it is 1-2 GiB on a 24 GiB machine).
/// </summary>
public class ProofBenchmarks
{
    public static readonly long[] Sizes = [1_000_000, 10_000_000];

    SqliteDatabase? _db;
    SqliteLogStore _store = null!;
    long[] _indexes = [];
    int _next;

    public static IEnumerable<long> LeafCounts => Sizes;

    [ParamsSource(nameof(LeafCounts))]
    public long Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = new SqliteDatabase(ProofDatabase.Ensure(Leaves, Console.Out));
        _store = new SqliteLogStore(_db);
        var random = new Random(9162);
        _indexes = [.. Enumerable.Range(0, 1 << 16).Select(_ => random.NextInt64(1, Leaves))];
        // A proof that does not verify would make every figure below meaningless.
        var root = Proofs.TreeHash(Leaves, _store);
        var index = _indexes[0];
        if (!ProofVerifier.VerifyInclusion(index, Leaves, Hashing.Leaf(ProofDatabase.Leaf(index)), Proofs.Inclusion(index, Leaves, _store), root, out var why))
        {
            throw new InvalidDataException($"inclusion proof of {index} does not verify: {why}");
        }
    }

    long NextIndex() => _indexes[_next++ & 0xFFFF];

    [Benchmark]
    public IReadOnlyList<byte[]> Inclusion() => Proofs.Inclusion(NextIndex(), Leaves, _store);

    /// <summary>From a random earlier size to the full size.</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> Consistency() => Proofs.Consistency(NextIndex(), Leaves, _store);

    [GlobalCleanup]
    public void Cleanup() => _db?.Dispose();
}
