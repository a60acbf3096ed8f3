namespace Truce.Core.Modules;

/// <summary>
/// Work an entry needs in every audience class's book that is the same in each: parsing its body, projecting its
/// geometries. The module hands one memo to every book it applies the entry to, so a public import of a thousand
/// hazards is parsed and projected once, not once per class. What a book keeps from it must stay unchanged (it is
/// shared); what a book changes it makes its own.
/// </summary>
public sealed class EntryMemo
{
    Dictionary<object, object>? _values;

    /// <summary>The value made for <paramref name="key"/> by the first book to ask; later books get the same object.</summary>
    public T Once<T>(object key, Func<T> make) where T : class
    {
        _values ??= [];
        if (!_values.TryGetValue(key, out var v))
        {
            _values[key] = v = make();
        }
        return (T)v;
    }
}
