namespace Truce.Core.Entries;

/// <summary>
/// One shared copy of each short, much-repeated string a view keeps (party, checkpoint and provision ids): parsed
/// bodies give each record its own copies, and a view of a million records would hold a million of each. Bounded,
/// so unique values (names, free text) cannot grow it without limit; past the bound strings are kept as they come.
/// </summary>
public sealed class StringPool(int capacity = 100_000)
{
    readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(string s)
    {
        if (_strings.TryGetValue(s, out var kept))
        {
            return kept;
        }
        if (_strings.Count < capacity)
        {
            _strings[s] = s;
        }
        return s;
    }

    public string? GetOrNull(string? s) => s is null ? null : Get(s);

    public void Clear() => _strings.Clear();
}
