namespace Truce.Core.Entries;

/// <summary>
/// One shared copy of each much-repeated value a view keeps (party, checkpoint and provision ids, the same verdict on
/// thousands of flags): parsed bodies give each record its own copies, and a view of a million records would hold a
/// million of each. Bounded, so unique values (names, free text) cannot grow it without limit; past the bound values
/// are kept as they come.
/// </summary>
public class Pool<T>(int capacity = 100_000, IEqualityComparer<T>? comparer = null) where T : notnull
{
    readonly Dictionary<T, T> _values = new(comparer);

    public T Get(T value)
    {
        if (_values.TryGetValue(value, out var kept))
        {
            return kept;
        }
        if (_values.Count < capacity)
        {
            _values[value] = value;
        }
        return value;
    }

    public void Clear() => _values.Clear();
}

/// <summary>A <see cref="Pool{T}"/> of strings, compared ordinally.</summary>
public sealed class StringPool(int capacity = 100_000) : Pool<string>(capacity, StringComparer.Ordinal)
{
    public string? GetOrNull(string? s) => s is null ? null : Get(s);
}
