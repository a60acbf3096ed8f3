using System.Collections.Concurrent;
using System.Security.Cryptography;
using Truce.Core.Entries;

namespace Truce.Evidence.Blobs;

/// <summary>A file as stored: its SHA-256 (lowercase hex), its sniffed type and its size in bytes.</summary>
public sealed record StoredBlob(string Sha256, string Type, long Size);

/// <summary>
/// The deployment's files by content: <c>DATA/blobs/ab/abcdef…</c>, named by the SHA-256 of their bytes, folders 0700
/// and files 0600. A file is streamed to a temporary file in <c>blobs/tmp/</c> while it is hashed, flushed to disk
/// and renamed to its digest's name, so a blob is either whole or absent and never held whole in memory. The same
/// bytes sent twice are one blob. The ledger names blobs by digest; this store never says who may read one (the
/// evidence module does, from the entries a reader may see).
/// </summary>
public sealed class BlobStore
{
    // Large enough that hashing and writing, not the calls, set the pace (64 KiB ran at half the speed).
    const int Chunk = 1 << 20;
    const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    readonly ConcurrentDictionary<string, (long Length, DateTime Written, string Status)> _checked = new(StringComparer.Ordinal);

    public BlobStore(string root)
    {
        Root = root;
        Folder(root);
        Folder(Path.Combine(root, "tmp"));
    }

    public string Root { get; }

    public static bool IsDigest(string? s) => s is { Length: 64 } && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    /// <summary>Where a file is kept under the data folder (the store is its blobs/), '/'-separated: for a mirror's copy.</summary>
    public static string RelativePath(string sha256) => $"blobs/{sha256[..2]}/{sha256}";

    /// <summary>
    /// Streams <paramref name="body"/> into the store. Refused, leaving nothing stored, when its bytes are no type
    /// Truce accepts, when they contradict <paramref name="declared"/>, or past <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<StoredBlob> WriteAsync(Stream body, string? declared, long maxBytes, CancellationToken ct)
    {
        var tmp = Path.Combine(Root, "tmp", Guid.NewGuid().ToString("n"));
        try
        {
            var (type, size, sha) = await CopyAsync(body, tmp, Normalise(declared), maxBytes, ct).ConfigureAwait(false);
            var final = PathOf(sha);
            Folder(Path.GetDirectoryName(final)!);
            if (File.Exists(final) && Hash(final) == sha)
            {
                File.Delete(tmp); // the same bytes are stored already
            }
            else
            {
                File.Move(tmp, final, overwrite: true);
                _checked.TryRemove(sha, out _);
            }
            return new StoredBlob(sha, type, size);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    static string? Normalise(string? declared) => MediaTypes.Normalise(declared);

    static async Task<(string Type, long Size, string Sha)> CopyAsync(Stream body, string tmp, string? declared, long maxBytes, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        var head = await ReadHeadAsync(body, buffer, ct).ConfigureAwait(false);
        var type = MediaTypes.Sniff(buffer.AsSpan(0, head))
            ?? throw new ValidationException("body", $"{MediaTypes.Describe(buffer.AsSpan(0, head))} is no type evidence may be: "
                + "JPEG, PNG, TIFF, WebP or GIF images, PDF documents, MP4, QuickTime or WebM/Matroska video");
        if (declared is not null && declared != type)
        {
            throw new ValidationException("Content-Type", $"declares {declared}, but the bytes are {type}");
        }
        long size = 0;
        await using (var file = new FileStream(tmp, options))
        {
            for (var n = head; n > 0; n = await body.ReadAsync(buffer, ct).ConfigureAwait(false))
            {
                size += n;
                if (size > maxBytes)
                {
                    throw new ValidationException("body", $"is larger than this deployment's limit of {maxBytes} bytes (evidence.maxBytes)");
                }
                hash.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            }
            // On disk before its name says it is whole: a crash leaves a temporary file, never a short blob.
            file.Flush(flushToDisk: true);
        }
        return (type, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Reads until the header is full or the body ends (a body may arrive a few bytes at a time).</summary>
    static async Task<int> ReadHeadAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        var got = 0;
        while (got < MediaTypes.HeaderBytes)
        {
            var n = await body.ReadAsync(buffer.AsMemory(got, buffer.Length - got), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            got += n;
        }
        return got;
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The SHA-256 of a file's bytes, read in chunks.</summary>
    public static string Hash(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, Chunk, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }

    /// <summary>The leading bytes' type of a stored blob (null if missing or of no accepted type).</summary>
    public string? SniffStored(string sha256) => File.Exists(PathOf(sha256)) ? SniffFile(PathOf(sha256)) : null;

    /// <summary>The leading bytes' type of a file (null if of no accepted type).</summary>
    public static string? SniffFile(string path)
    {
        using var f = File.OpenRead(path);
        var head = new byte[MediaTypes.HeaderBytes];
        var n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return MediaTypes.Sniff(head.AsSpan(0, n));
    }

    /// <summary>
    /// "intact" when the stored blob hashes to <paramref name="sha256"/>, "missing" or "altered" otherwise. A result is
    /// kept while the file's length and modification time stay the same, so a listing does not hash every file each
    /// time; any write through the file system changes the time (docs/EVIDENCE.md says what this does not catch).
    /// </summary>
    public string Integrity(string sha256)
    {
        var info = new FileInfo(PathOf(sha256));
        if (!info.Exists)
        {
            _checked.TryRemove(sha256, out _);
            return Statuses.Missing;
        }
        if (_checked.TryGetValue(sha256, out var c) && c.Length == info.Length && c.Written == info.LastWriteTimeUtc)
        {
            return c.Status;
        }
        var status = Hash(info.FullName) == sha256 ? Statuses.Intact : Statuses.Altered;
        _checked[sha256] = (info.Length, info.LastWriteTimeUtc, status);
        return status;
    }

    /// <summary>Writes bytes held in memory (demo data, tests) as <see cref="WriteAsync"/> would.</summary>
    public StoredBlob Write(byte[] bytes, string? declared = null, long maxBytes = long.MaxValue) =>
        WriteAsync(new MemoryStream(bytes, writable: false), declared, maxBytes, CancellationToken.None).GetAwaiter().GetResult();

    static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnlyFolder);
        if ((File.GetUnixFileMode(path) & ~OwnerOnlyFolder) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnlyFolder);
        }
    }
}

/// <summary>A stored file's integrity against its ledger digest.</summary>
public static class Statuses
{
    public const string Intact = "intact";
    public const string Missing = "missing";
    public const string Altered = "altered";
}
