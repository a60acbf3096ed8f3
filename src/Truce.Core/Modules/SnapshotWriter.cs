using System.Text;

namespace Truce.Core.Modules;

/// <summary>
/// Saves a module's state for a snapshot (see <see cref="SnapshotIo"/>): variable-length integers, raw doubles
/// (exact), and each distinct string once.
/// </summary>
public sealed class SnapshotWriter(Stream stream) : SnapshotIo, IDisposable
{
    readonly BinaryWriter _w = new(stream, Encoding.UTF8, leaveOpen: true);
    readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    readonly Dictionary<object, int> _shared = new(ReferenceEqualityComparer.Instance);

    public override bool Loading => false;

    public override int Int(int v)
    {
        _w.Write7BitEncodedInt(v);
        return v;
    }

    public override long Long(long v)
    {
        _w.Write7BitEncodedInt64(v);
        return v;
    }

    public override double Double(double v)
    {
        _w.Write(v);
        return v;
    }

    public override bool Bool(bool v)
    {
        _w.Write(v);
        return v;
    }

    public override byte Byte(byte v)
    {
        _w.Write(v);
        return v;
    }

    /// <summary>0 for null, 1 and the text for a string not written before, 2 + its number for one that was.</summary>
    public override string? NStr(string? v)
    {
        if (v is null)
        {
            _w.Write7BitEncodedInt(0);
        }
        else if (_strings.TryGetValue(v, out var id))
        {
            _w.Write7BitEncodedInt(id + 2);
        }
        else
        {
            _strings[v] = _strings.Count;
            _w.Write7BitEncodedInt(1);
            _w.Write(v);
        }
        return v;
    }

    protected override int Count(int n) => Int(n);

    /// <summary>In full the first time (0, then the description), and as a reference (its number + 1) after that.</summary>
    public override T Shared<T>(T item, Func<SnapshotIo, T, T> describe)
    {
        if (_shared.TryGetValue(item, out var n))
        {
            Int(n + 1);
            return item;
        }
        _shared[item] = _shared.Count;
        Int(0);
        describe(this, item);
        return item;
    }

    public override T Binary<T>(T value, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
    {
        write(_w, value);
        return value;
    }

    public void Dispose() => _w.Dispose();
}
