using System.Security.Cryptography;
using Truce.Core.Entries;
using Truce.Evidence.Blobs;

namespace Truce.Evidence.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(Alone.Name)]
public sealed class BlobStoreTests : IDisposable
{
    readonly BlobStore _store = new(Directory.CreateTempSubdirectory("truce-blobs").FullName);

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);

    [Fact]
    public void A_file_is_stored_by_its_sha256_owner_only_and_answers_its_sniffed_type()
    {
        var bytes = Samples.Jpeg();
        var stored = _store.Write(bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(MediaTypes.Jpeg, stored.Type);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes, File.ReadAllBytes(_store.PathOf(stored.Sha256)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_store.PathOf(stored.Sha256)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_store.PathOf(stored.Sha256))!));
        Assert.Empty(Directory.GetFiles(Path.Combine(_store.Root, "tmp")));
        Assert.Equal(stored, _store.Write(bytes)); // the same bytes again: one blob
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, MediaTypes.Png)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, MediaTypes.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, MediaTypes.Tiff)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, MediaTypes.Webp)]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D }, MediaTypes.Mp4)]
    [InlineData(new byte[] { 0, 0, 0, 0x14, 0x66, 0x74, 0x79, 0x70, 0x71, 0x74, 0x20, 0x20 }, MediaTypes.QuickTime)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, MediaTypes.Pdf)]
    public void Each_type_is_known_by_its_leading_bytes(byte[] head, string type) => Assert.Equal(type, MediaTypes.Sniff(head));

    [Fact]
    public void A_file_of_no_accepted_type_is_refused_naming_what_it_looked_like_and_nothing_is_stored()
    {
        var e = Assert.Throws<ValidationException>(() => _store.Write("#!/bin/sh\nrm -rf /\n"u8.ToArray()));
        Assert.Equal("body", e.Field);
        Assert.Contains("'#!/bin/s'", e.Message, StringComparison.Ordinal);
        Assert.Contains("no type evidence may be", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_declared_type_the_bytes_contradict_is_refused()
    {
        var e = Assert.Throws<ValidationException>(() => _store.Write(Samples.Jpeg(), "image/png"));
        Assert.Equal("Content-Type", e.Field);
        Assert.Equal("Content-Type: declares image/png, but the bytes are image/jpeg", e.Message);
        Assert.Equal(MediaTypes.Jpeg, _store.Write(Samples.Jpeg(), "image/JPG; q=1").Type); // an alias, any case, parameters
        Assert.Equal(MediaTypes.Pdf, _store.Write(Samples.Pdf(), "application/octet-stream").Type); // declares nothing
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_and_leaves_nothing()
    {
        var e = Assert.Throws<ValidationException>(() => _store.Write(Samples.Jpeg(5000), maxBytes: 4096));
        Assert.Contains("evidence.maxBytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_blob_altered_or_removed_on_disk_is_detected()
    {
        var stored = _store.Write(Samples.Jpeg());
        Assert.Equal(Statuses.Intact, _store.Integrity(stored.Sha256));
        var path = _store.PathOf(stored.Sha256);
        var bytes = File.ReadAllBytes(path);
        bytes[500] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(Statuses.Altered, _store.Integrity(stored.Sha256));
        File.Delete(path);
        Assert.Equal(Statuses.Missing, _store.Integrity(stored.Sha256));
    }

    /// <summary>A stream of a given length whose bytes are made as they are read: 512 MiB that exist nowhere whole.</summary>
    sealed class Generated(long length) : Stream
    {
        long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _position + i < 4 ? Samples.Jpeg(4)[(int)(_position + i)] : (byte)((_position + i) * 31 >> 3);
            }
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_file_larger_than_memory_allows_streams_through_with_bounded_allocation()
    {
        const long size = 512L << 20;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var stored = await _store.WriteAsync(new Generated(size), null, long.MaxValue, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(size, stored.Size);
        Assert.Equal(size, new FileInfo(_store.PathOf(stored.Sha256)).Length);
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated to store {size}");
        Assert.Equal(stored.Sha256, BlobStore.Hash(_store.PathOf(stored.Sha256)));
    }
}
