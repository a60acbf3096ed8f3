using System.Text;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Tiles;
using Truce.Ledger.Verification;

namespace Truce.Server.Hosting;

/// <summary>
/// A store's log as the tiles a server would serve, at the head it had when this was made: <c>truce verify --store</c>
/// audits a database directly, with the same auditor as a copy or a server.
/// </summary>
public sealed class StoreTileSource : ITileSource
{
    readonly ILogStore _store;
    readonly string _note;
    readonly long _size;

    public StoreTileSource(ILogStore store)
    {
        _store = store;
        var (size, note) = store.LoadHead();
        _note = note ?? throw new InvalidDataException("the store holds no log");
        _size = size;
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct = default)
    {
        if (path == "checkpoint")
        {
            return Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes(_note));
        }
        return Task.FromResult(TileLayout.Parse(path) is { } tile ? LogTiles.Read(_store, tile, _size) : null);
    }

    /// <summary>The checkpoint note's size (for messages).</summary>
    public long Size => Checkpoint.Parse(SignedNote.Parse(_note).Text).Size;
}
