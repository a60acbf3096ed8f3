using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// Reads the bodies a pass over the log will need, a group at a time (<see cref="ILogStore.ReadBodies"/>): one round
/// trip per group instead of one per entry, and never more than a group's bodies held at once.
/// </summary>
sealed class BodyCursor(ILogStore store, IReadOnlyList<long> wanted)
{
    const int Group = 256;
    IReadOnlyDictionary<long, byte[]> _group = new Dictionary<long, byte[]>();
    int _end;

    /// <summary>The body of <paramref name="index"/>, which must be one of the wanted, asked in ascending order (the same
    /// one may be asked again).</summary>
    public byte[]? Read(long index)
    {
        while (_end < wanted.Count && (_end == 0 || wanted[_end - 1] < index))
        {
            var start = _end;
            _end = Math.Min(wanted.Count, _end + Group);
            _group = store.ReadBodies([.. wanted.Skip(start).Take(_end - start)]);
        }
        return _group.GetValueOrDefault(index);
    }
}
