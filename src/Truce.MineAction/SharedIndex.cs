using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction;

/// <summary>What the index holds in a slot: a hazard's remaining area, or a minefield record's perimeter.</summary>
public sealed record Indexed(Hazard? Hazard, MinefieldRecord? Record, MetricShape Shape)
{
    /// <summary>A hazard whose land has all been released leaves the index; everything else is in it.</summary>
    public bool InGrid => Hazard?.RemainingPlane is not { IsEmpty: true };

    public object Key => Hazard ?? (object)Record!;
}

/// <summary>
/// The spatial index of every book of the mine action module, one for all: a hazard object that the books of several
/// audience classes hold (see <see cref="MineActionBook"/>, Hazards) is indexed once, with a count of the books that
/// hold it, and leaves the index when the last of them lets it go. A book asks the index and keeps the candidates it
/// holds itself (<see cref="MineActionBook.Query"/>): each slot keeps a bit per book (the first 64 books; a book past
/// those asks its own dictionaries). Written under the module's write lock, read under its read lock.
/// </summary>
public sealed class SharedIndex
{
    readonly GridIndex _grid = new(500);
    readonly List<Indexed?> _items = [];
    readonly List<ulong> _holders = [];
    readonly Dictionary<object, (int Slot, int Holders)> _held = new(ReferenceEqualityComparer.Instance);
    int _books;

    /// <summary>A number for a new book of the module, its bit in each slot's holders.</summary>
    public int NewBook() => _books++;

    static ulong Bit(int book) => book < 64 ? 1UL << book : 0;

    /// <summary>Whether a book holds what a slot holds, as far as the slot's bits know: null for a book past the 64th.</summary>
    public bool? Holds(int slot, int book) => book < 64 ? (_holders[slot] & Bit(book)) != 0 : null;

    public Indexed Item(int slot) => _items[slot] ?? throw new InvalidOperationException($"slot {slot} is empty");

    /// <summary>The shape a book's record or hazard is indexed with.</summary>
    public MetricShape ShapeOf(object key) => Item(_held[key].Slot).Shape;

    /// <summary>One more book holds this item's hazard or record (indexed the first time).</summary>
    public void Hold(Indexed item, int book)
    {
        if (_held.TryGetValue(item.Key, out var h))
        {
            _held[item.Key] = (h.Slot, h.Holders + 1);
            _holders[h.Slot] |= Bit(book);
            return;
        }
        var slot = _items.Count;
        _items.Add(item);
        _holders.Add(Bit(book));
        _held[item.Key] = (slot, 1);
        if (item.InGrid)
        {
            var s = item.Shape;
            _grid.Insert(slot, s.MinX, s.MinY, s.MaxX, s.MaxY);
        }
    }

    /// <summary>One book fewer holds it; the last to let go takes it out of the index.</summary>
    public void Release(object key, int book)
    {
        var h = _held[key];
        _holders[h.Slot] &= ~Bit(book);
        if (h.Holders > 1)
        {
            _held[key] = (h.Slot, h.Holders - 1);
            return;
        }
        _held.Remove(key);
        var item = _items[h.Slot]!;
        if (item.InGrid)
        {
            var s = item.Shape;
            _grid.Remove(h.Slot, s.MinX, s.MinY, s.MaxX, s.MaxY);
        }
        _items[h.Slot] = null;
    }

    /// <summary>Every slot whose box meets the given box, once each (held by any book).</summary>
    public void Query(double minX, double minY, double maxX, double maxY, List<int> into) => _grid.Query(minX, minY, maxX, maxY, into);

    public void Clear()
    {
        _grid.Clear();
        _items.Clear();
        _holders.Clear();
        _held.Clear();
        _books = 0;
    }
}
