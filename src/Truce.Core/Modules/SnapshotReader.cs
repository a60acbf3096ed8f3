using System.Text;

namespace Truce.Core.Modules;

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote, in the same order; a damaged snapshot throws
/// <see cref="InvalidDataException"/> (or <see cref="EndOfStreamException"/>), and start-up then replays the log.</summary>
public sealed class SnapshotReader(Stream stream) : IDisposable
{
    readonly BinaryReader _r = new(stream, Encoding.UTF8, leaveOpen: true);
    readonly List<string> _strings = [];

    public int Int() => _r.Read7BitEncodedInt();

    public long Long() => _r.Read7BitEncodedInt64();

    public double Double() => _r.ReadDouble();

    public bool Bool() => _r.ReadBoolean();

    public byte Byte() => _r.ReadByte();

    public string? NStr()
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

    public string Str() => NStr() ?? throw new InvalidDataException("a required string is missing");

    public int? NInt() => Bool() ? Int() : null;

    public double? NDouble() => Bool() ? Double() : null;

    public bool? NBool() => Byte() switch
    {
        0 => null,
        1 => false,
        2 => true,
        var b => throw new InvalidDataException($"{b} is not a nullable bool"),
    };

    public DateTimeOffset Time() => new(Long(), TimeSpan.FromMinutes(Int()));

    public DateTimeOffset? NTime() => Bool() ? Time() : null;

    /// <summary>A count, checked against what is left to read, so a damaged count cannot ask for a huge list.</summary>
    public int Count()
    {
        var n = Int();
        return n >= 0 && n <= _r.BaseStream.Length - _r.BaseStream.Position ? n
            : throw new InvalidDataException($"a count of {n} does not fit in the snapshot");
    }

    public List<T> List<T>(Func<T> read)
    {
        var n = Count();
        var list = new List<T>(n);
        for (int i = 0; i < n; i++)
        {
            list.Add(read());
        }
        return list;
    }

    public List<string> Strings() => List(Str);

    readonly List<object> _shared = [];

    /// <summary>Reads what <see cref="SnapshotWriter.Shared{T}"/> wrote: the object itself the first time, the same
    /// object for every later reference.</summary>
    public T Shared<T>(Func<T> read) where T : class
    {
        var n = Int();
        if (n == 0)
        {
            // Numbered before its contents are read, as the writer numbers it before writing them (it may hold shared objects).
            var at = _shared.Count;
            _shared.Add(this);
            var item = read();
            _shared[at] = item;
            return item;
        }
        return n - 1 < _shared.Count && _shared[n - 1] is T known ? known : throw new InvalidDataException($"shared object {n - 1} was never written");
    }

    public void Dispose() => _r.Dispose();
}
