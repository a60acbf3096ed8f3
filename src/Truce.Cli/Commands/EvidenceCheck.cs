using System.Text.Json;
using Truce.Evidence;
using Truce.Evidence.Blobs;
using Truce.Ledger.Entries;

namespace Truce.Cli.Commands;

/// <summary>
/// <c>truce verify --evidence DIR</c>: a folder of downloaded files checked against the <c>evidence.add</c> entries of a
/// log the auditor has just verified. Each file is hashed: one whose digest an entry names is that entry's; a file named
/// like a digest whose bytes hash to something else is altered; any other file is on no entry the auditor could read.
/// </summary>
sealed class EvidenceCheck
{
    readonly Dictionary<string, (long Index, string Type, long Size)> _logged = new(StringComparer.Ordinal);

    /// <summary>A check for <c>--evidence DIR</c>, or null without it.</summary>
    public static EvidenceCheck? For(string? dir, bool generic) => dir is null ? null : !generic ? new EvidenceCheck()
        : throw new Core.Entries.ValidationException("--evidence", "evidence is checked against Truce entries, which --generic does not read");

    /// <summary>Given every body the auditor checked against its envelope's digest.</summary>
    public void Seen(long index, Envelope env, JsonElement body)
    {
        if (env.Kind == EvidenceKinds.Add && body.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String
            && body.TryGetProperty("type", out var type) && body.TryGetProperty("size", out var size) && size.TryGetInt64(out var n))
        {
            _logged.TryAdd(sha.GetString()!, (index, type.GetString() ?? "", n));
        }
    }

    /// <summary>Prints one line per file; returns how many fail.</summary>
    public int Run(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new Core.Entries.ValidationException("--evidence", $"{dir} is not a folder");
        }
        var failed = 0;
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var digest = BlobStore.Hash(path);
            var name = Path.GetFileName(path);
            var named = BlobStore.IsDigest(name) ? name : null;
            if (named is not null && named != digest)
            {
                failed++;
                Console.Error.WriteLine($"FAIL {path}: ALTERED: named {named}{(_logged.TryGetValue(named, out var e) ? $" (entry {e.Index})" : "")}, but its bytes hash to {digest}");
            }
            else if (_logged.TryGetValue(digest, out var entry))
            {
                Console.WriteLine($"OK   {path}: entry {entry.Index}, {entry.Type}, {entry.Size} bytes, SHA-256 {digest}");
            }
            else
            {
                failed++;
                Console.Error.WriteLine($"FAIL {path}: no evidence.add entry this log shows names SHA-256 {digest}");
            }
        }
        return failed;
    }
}
