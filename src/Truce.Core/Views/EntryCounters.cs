using Truce.Core.Access;

namespace Truce.Core.Views;

/// <summary>
/// The running counts a view store keeps so that a reader's number of entries is not a walk of every row it may see
/// (<see cref="IViewStore.Count"/>): a reader's count is the sum of a few counters that together hold exactly the rows
/// <see cref="IViewStore.List"/> admits for it. Every public entry; for a party's reader every mission entry too, the
/// mission's reader every party entry, its own party and restricted entries, and the restricted entries naming it (not
/// its own: those are counted once, as its own). Each counter exists for all kinds (kind "") and per kind. The keys are
/// text so that every store can hold them in one two-column table.
/// </summary>
public static class EntryCounters
{
    const char Sep = '\u001f';

    static string Everyone(Visibility vis, string kind) => $"v{(int)vis}{Sep}{kind}";

    static string Own(Visibility vis, string party, string kind) => $"o{(int)vis}{Sep}{party}{Sep}{kind}";

    static string Named(string party, string kind) => $"a{Sep}{party}{Sep}{kind}";

    /// <summary>The counters an entry adds one to.</summary>
    public static IEnumerable<string> Of(Visibility vis, string party, IEnumerable<string> to, string kind)
    {
        foreach (var k in new[] { "", kind })
        {
            yield return Everyone(vis, k);
            if (vis is Visibility.Party or Visibility.Restricted)
            {
                yield return Own(vis, party, k);
            }
            if (vis == Visibility.Restricted)
            {
                foreach (var r in to.Where(r => r != party).Distinct(StringComparer.Ordinal))
                {
                    yield return Named(r, k);
                }
            }
        }
    }

    /// <summary>What each counter grows by when these entries are applied.</summary>
    public static Dictionary<string, long> Deltas(IEnumerable<(Visibility Vis, string Party, IEnumerable<string> To, string Kind)> entries)
    {
        var deltas = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (vis, party, to, kind) in entries)
        {
            foreach (var c in Of(vis, party, to, kind))
            {
                deltas[c] = deltas.GetValueOrDefault(c) + 1;
            }
        }
        return deltas;
    }

    public static Dictionary<string, long> Deltas(IEnumerable<EntryRow> entries) =>
        Deltas(entries.Select(e => (e.Visibility, e.Party, (IEnumerable<string>)e.To, e.Kind)));

    /// <summary>The counters whose sum is what the reader may see.</summary>
    public static string[] For(Reader reader, string? kind)
    {
        var k = kind ?? "";
        if (reader.Party is not { } me)
        {
            return [Everyone(Visibility.Public, k)];
        }
        return [Everyone(Visibility.Public, k), Everyone(Visibility.Mission, k),
            reader.IsMission ? Everyone(Visibility.Party, k) : Own(Visibility.Party, me, k), Own(Visibility.Restricted, me, k), Named(me, k)];
    }
}
