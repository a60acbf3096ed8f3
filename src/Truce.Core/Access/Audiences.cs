using System.Collections.Frozen;
using Truce.Ledger.Entries;

namespace Truce.Core.Access;

/// <summary>
/// Readers grouped by what they may see: two readers are in one audience class while they may see exactly the same
/// module entries so far. Each module keeps one book (its derived state) per class and applies an entry only to the
/// classes that may see it, so whatever a reader is told is computed from that reader's entries alone — the
/// visibility rule of docs/SECURITY.md, held by construction instead of by a filter in every view.
/// </summary>
/// <remarks>
/// <para>Members are the anonymous reader, each registered party, and two stand-ins for parties not registered yet
/// (<see cref="NewParty"/>, <see cref="NewMissionParty"/>): a party sees, before anything is its own, what a stand-in
/// sees, so a new party joins a stand-in's class instead of needing a replay.</para>
/// <para>Classes only ever split: an entry seen by some members of a class and not others moves those who see it to
/// a new class (the next id), whose books start as copies of the old ones. Ids therefore follow from the log alone,
/// and a replay gives the same classes as the live path. When every entry is public there is one class.</para>
/// <para>The sequencer's thread changes the classes; request threads map a reader to its class through a published
/// copy (<see cref="Publish"/>), which the projector replaces only once the new class's books exist.</para>
/// </remarks>
public sealed class Audiences
{
    const string AnonymousMember = "";
    public const string NewParty = "@party";
    public const string NewMissionParty = "@mission";

    readonly Dictionary<string, Reader> _readers = new(StringComparer.Ordinal);
    readonly List<List<string>> _classes = [];
    readonly Dictionary<string, int> _classOf = new(StringComparer.Ordinal);
    // Which classes see an entry depends only on its (visibility, author, recipients); remembered until classes change.
    readonly Dictionary<(Visibility, string, string), int[]> _seeing = [];
    int[] _all = [];
    volatile FrozenDictionary<string, int> _published = FrozenDictionary<string, int>.Empty;

    public Audiences() => Reset();

    public int Count => _classes.Count;

    public void Reset()
    {
        _readers.Clear();
        _classes.Clear();
        _classOf.Clear();
        _readers[AnonymousMember] = Reader.Anonymous;
        _readers[NewParty] = new Reader(NewParty);
        _readers[NewMissionParty] = new Reader(NewMissionParty, IsMission: true);
        _classes.Add([.. _readers.Keys]);
        foreach (var m in _readers.Keys)
        {
            _classOf[m] = 0;
        }
        Changed();
        Publish();
    }

    /// <summary>The class whose books answer this reader (any thread). A party the classes do not know yet reads as a
    /// new party would.</summary>
    public int ClassOf(Reader reader)
    {
        var map = _published;
        if (reader.Party is null)
        {
            return map[AnonymousMember];
        }
        return map.TryGetValue(reader.Party, out var c) ? c : map[reader.IsMission ? NewMissionParty : NewParty];
    }

    /// <summary>A reader who may see exactly what every member of the class may see.</summary>
    public Reader Representative(int cls) => _readers[_classes[cls][0]];

    /// <summary>
    /// The classes that may see this entry, splitting first any class whose members disagree about it; each split is
    /// added to <paramref name="forks"/> as (the class split, the new class of those who see the entry).
    /// </summary>
    public int[] Admit(Envelope env, List<(int From, int To)> forks)
    {
        if (env.Visibility == Visibility.Public)
        {
            return _all;
        }
        var key = (env.Visibility, env.Visibility is Visibility.Party or Visibility.Restricted ? env.Party : "",
            env.Visibility == Visibility.Restricted ? string.Join('\n', env.To) : "");
        if (_seeing.TryGetValue(key, out var known))
        {
            return known;
        }
        var seeing = new List<int>();
        var split = false;
        for (int c = 0, n = _classes.Count; c < n; c++)
        {
            var members = _classes[c];
            var yes = members.Where(m => _readers[m].CanSee(env)).ToList();
            if (yes.Count == members.Count)
            {
                seeing.Add(c);
            }
            else if (yes.Count > 0)
            {
                var id = _classes.Count;
                _classes.Add(yes);
                members.RemoveAll(yes.Contains);
                foreach (var m in yes)
                {
                    _classOf[m] = id;
                }
                forks.Add((c, id));
                seeing.Add(id);
                split = true;
            }
        }
        if (split)
        {
            Changed();
        }
        return _seeing[key] = [.. seeing];
    }

    /// <summary>
    /// A party registered: it joins the class of the stand-in it is like. Before its registration no entry was its own
    /// and none named it (admission refuses recipients that are not registered), so it may see just what the stand-in
    /// may see, and no book needs building.
    /// </summary>
    public void Join(string party, bool isMission)
    {
        if (_readers.ContainsKey(party))
        {
            return;
        }
        _readers[party] = new Reader(party, isMission);
        var cls = _classOf[isMission ? NewMissionParty : NewParty];
        _classes[cls].Add(party);
        _classOf[party] = cls;
        Changed();
    }

    /// <summary>Makes the current classes the ones readers are mapped to; called once the books of every class exist.</summary>
    public void Publish() => _published = _classOf.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The classes and their members, in a fixed form: equal descriptions, equal classes.</summary>
    public string Describe() => string.Join(';', _classes.Select(c => string.Join(',', c.Order(StringComparer.Ordinal))));

    void Changed()
    {
        _seeing.Clear();
        _all = [.. Enumerable.Range(0, _classes.Count)];
    }
}
