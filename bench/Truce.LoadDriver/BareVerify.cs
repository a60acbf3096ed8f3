using System.Collections.Concurrent;
using Truce.Ledger.Crypto;
using Truce.Ledger.Entries;

namespace Truce.LoadDriver;

/// <summary>
/// The ceiling an append can reach on this machine: Ed25519 verification alone, on every core, over the very
/// signatures the append run submits. "Bare" is libsodium on bytes prepared beforehand; "envelope" also builds
/// the signed message from the parsed envelope, as admission does.
/// </summary>
static class BareVerify
{
    public static Reading Bare(IReadOnlyList<SignedEntry> entries) => Run(entries.Count, i =>
    {
        var e = entries[i];
        return Ed25519.Verify(e.PublicKey, e.Message, e.Signature);
    });

    public static Reading Envelope(IReadOnlyList<SignedEntry> entries) => Run(entries.Count, i =>
    {
        var e = entries[i];
        return EnvelopeParser.Parse(e.Envelope).VerifySignature(e.PublicKey);
    });

    static Reading Run(int count, Func<int, bool> verify)
    {
        var bad = 0;
        var meter = CpuMeter.Start();
        Parallel.ForEach(Partitioner.Create(0, count, 256), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                if (!verify(i))
                {
                    Interlocked.Increment(ref bad);
                }
            }
        });
        var reading = meter.Stop(count);
        return bad == 0 ? reading : throw new InvalidOperationException($"{bad} signatures did not verify");
    }
}
