namespace Truce.Core.Modules;

/// <summary>
/// Work an entry needs in every audience class's book that is the same in each: parsing its body, projecting its
/// geometries. The module hands one memo to every book it applies the entry to, so a public import of a thousand
/// hazards is parsed and projected once, not once per class. What a book keeps from it must stay unchanged (it is
/// shared); what a book changes it makes its own.
/// </summary>
public sealed class EntryMemo
{
    // One memo per entry, and most entries need one value (their body): that one is held without a dictionary.
    object? _firstKey;
    object? _first;
    Dictionary<object, object>? _values;

    /// <summary>The value made for <paramref name="key"/> by the first book to ask; later books get the same object.</summary>
    public T Once<T>(object key, Func<T> make) where T : class
    {
        if (!TryGet(key, out var v))
        {
            Set(key, v = make());
        }
        return (T)v;
    }

    internal bool TryGet(object key, out object value)
    {
        if (_firstKey is not null && _firstKey.Equals(key))
        {
            value = _first!;
            return true;
        }
        value = null!;
        return _values is not null && _values.TryGetValue(key, out value!);
    }

    internal void Set(object key, object value)
    {
        if (_firstKey is null)
        {
            (_firstKey, _first) = (key, value);
        }
        else
        {
            (_values ??= [])[key] = value;
        }
    }
}
