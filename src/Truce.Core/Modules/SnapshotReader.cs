using System.Text;

namespace Truce.Core.Modules;

/// <summary>Loads what <see cref="SnapshotWriter"/> saved, by the same description (<see cref="SnapshotIo"/>); a
/// damaged snapshot throws <see cref="InvalidDataException"/> (or <see cref="EndOfStreamException"/>), and start-up then
/// replays the log.</summary>
public sealed class SnapshotReader(Stream stream) : SnapshotIo, IDisposable
{
    readonly BinaryReader _r = new(stream, Encoding.UTF8, leaveOpen: true);
    readonly List<string> _strings = [];
    readonly List<object> _shared = [];

    public override bool Loading => true;

    public override int Int(int v) => _r.Read7BitEncodedInt();

    public override long Long(long v) => _r.Read7BitEncodedInt64();

    public override double Double(double v) => _r.ReadDouble();

    public override bool Bool(bool v) => _r.ReadBoolean();

    public override byte Byte(byte v) => _r.ReadByte();

    public override string? NStr(string? v)
    {
        var tag = _r.Read7BitEncodedInt();
        switch (tag)
        {
            case 0:
                return null;
            case 1:
                var s = _r.ReadString();
                _strings.Add(s);
                return s;
            default:
                return tag - 2 < _strings.Count && tag >= 2 ? _strings[tag - 2] : throw new InvalidDataException($"string {tag - 2} was never written");
        }
    }

    protected override int Count(int n)
    {
        var count = _r.Read7BitEncodedInt();
        return count >= 0 && count <= _r.BaseStream.Length - _r.BaseStream.Position ? count
            : throw new InvalidDataException($"a count of {count} does not fit in the snapshot");
    }

    /// <summary>The object itself the first time, the same object for every later reference.</summary>
    public override T Shared<T>(T item, Func<SnapshotIo, T, T> describe)
    {
        var n = _r.Read7BitEncodedInt();
        if (n == 0)
        {
            // Numbered before its contents are read, as the writer numbers it before writing them (it may hold shared objects).
            var at = _shared.Count;
            _shared.Add(this);
            var loaded = describe(this, Blank<T>.Value);
            _shared[at] = loaded;
            return loaded;
        }
        return n - 1 < _shared.Count && _shared[n - 1] is T known ? known : throw new InvalidDataException($"shared object {n - 1} was never written");
    }

    public override T Binary<T>(T value, Action<BinaryWriter, T> write, Func<BinaryReader, T> read) => read(_r);

    public void Dispose() => _r.Dispose();
}
