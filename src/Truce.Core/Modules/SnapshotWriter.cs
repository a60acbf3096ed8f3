using System.Text;

namespace Truce.Core.Modules;

/// <summary>
/// Writes a module's state for a snapshot: variable-length integers, raw doubles (exact), and each distinct string
/// once (a hundred thousand hazards repeat a few dozen parties, types and districts; loaded, they share one copy).
/// </summary>
public sealed class SnapshotWriter(Stream stream) : IDisposable
{
    readonly BinaryWriter _w = new(stream, Encoding.UTF8, leaveOpen: true);
    readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

    public void Int(int v) => _w.Write7BitEncodedInt(v);

    public void Long(long v) => _w.Write7BitEncodedInt64(v);

    public void Double(double v) => _w.Write(v);

    public void Bool(bool v) => _w.Write(v);

    public void Byte(byte v) => _w.Write(v);

    /// <summary>0 for null, 1 and the text for a string not written before, 2 + its number for one that was.</summary>
    public void Str(string? v)
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
    }

    public void Int(int? v)
    {
        Bool(v.HasValue);
        if (v is { } x)
        {
            Int(x);
        }
    }

    public void Double(double? v)
    {
        Bool(v.HasValue);
        if (v is { } x)
        {
            Double(x);
        }
    }

    public void Bool(bool? v) => Byte(v switch { null => 0, false => 1, true => 2 });

    /// <summary>The local clock ticks and the offset, so the value comes back exactly (offset included).</summary>
    public void Time(DateTimeOffset v)
    {
        Long(v.Ticks);
        Int((int)(v.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    public void Time(DateTimeOffset? v)
    {
        Bool(v.HasValue);
        if (v is { } x)
        {
            Time(x);
        }
    }

    public void List<T>(IReadOnlyCollection<T> items, Action<T> write)
    {
        Int(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    public void Strings(IReadOnlyCollection<string> items) => List(items, Str);

    readonly Dictionary<object, int> _shared = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// An object several parts of the snapshot hold (one hazard in the books of several audience classes): written in
    /// full the first time (0, then <paramref name="write"/>), and as a reference (its number + 1) after that, so that
    /// <see cref="SnapshotReader.Shared{T}"/> gives every holder one object again.
    /// </summary>
    public void Shared<T>(T item, Action<T> write) where T : class
    {
        if (_shared.TryGetValue(item, out var n))
        {
            Int(n + 1);
            return;
        }
        _shared[item] = _shared.Count;
        Int(0);
        write(item);
    }

    public void Dispose() => _w.Dispose();
}
