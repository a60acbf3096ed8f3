using BenchmarkDotNet.Running;
using Truce.Bench;

// BenchmarkDotNet for the hot paths: bare Ed25519 verification and the rest of an entry's admission, and
// proof generation over a SQLite log of 1M and 10M leaves. "build-proof-db" builds (or finds) the cached logs
// first, so their one-off build is timed and printed apart from the benchmarks.
if (args is ["build-proof-db", .. var sizes])
{
    foreach (var size in sizes.Length > 0 ? sizes.Select(long.Parse) : ProofBenchmarks.Sizes)
    {
        ProofDatabase.Ensure(size, Console.Out);
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(ProofBenchmarks).Assembly).Run(args, new ShortConfig());
return 0;
