namespace Truce.Incidents.Records;

/// <summary>
/// A book's claims in log order, and which claims are about each incident. Every incident's view counts its claims
/// and a layer makes a view of every incident, so the count must not pass over every claim: the index by incident is
/// kept with each change, and a claim's incidents change only through <see cref="Set"/>.
/// </summary>
public sealed class ClaimBook
{
    readonly SortedDictionary<long, Claim> _byIndex = [];
    readonly Dictionary<long, SortedSet<long>> _byIncident = [];

    public int Count => _byIndex.Count;

    /// <summary>In log order.</summary>
    public IEnumerable<Claim> Values => _byIndex.Values;

    public bool Contains(long index) => _byIndex.ContainsKey(index);

    public Claim? Find(long index) => _byIndex.GetValueOrDefault(index);

    /// <summary>Adds a claim, or replaces the one logged at its index (a copy with other incidents).</summary>
    public void Set(Claim claim)
    {
        if (_byIndex.TryGetValue(claim.Index, out var old))
        {
            foreach (var id in old.Incidents)
            {
                if (_byIncident.TryGetValue(id, out var set) && set.Remove(claim.Index) && set.Count == 0)
                {
                    _byIncident.Remove(id);
                }
            }
        }
        _byIndex[claim.Index] = claim;
        foreach (var id in claim.Incidents)
        {
            (_byIncident.TryGetValue(id, out var set) ? set : _byIncident[id] = []).Add(claim.Index);
        }
    }

    /// <summary>The claims about an incident (by the id it has in this book), in log order.</summary>
    public IEnumerable<Claim> About(long incident) =>
        _byIncident.TryGetValue(incident, out var set) ? set.Select(i => _byIndex[i]) : [];

    public int CountAbout(long incident) => _byIncident.TryGetValue(incident, out var set) ? set.Count : 0;

    /// <summary>The claims about any of several incidents (one and its aliases), each once, in log order.</summary>
    public IEnumerable<Claim> About(IReadOnlyList<long> incidents)
    {
        var indices = new SortedSet<long>();
        foreach (var id in incidents)
        {
            if (_byIncident.TryGetValue(id, out var set))
            {
                indices.UnionWith(set);
            }
        }
        return indices.Select(i => _byIndex[i]);
    }

    /// <summary>Gives every claim about <paramref name="incident"/> its incidents through <paramref name="change"/>.</summary>
    public void Rewrite(long incident, Func<IReadOnlyList<long>, IReadOnlyList<long>> change)
    {
        foreach (var claim in About(incident).ToList())
        {
            Set(claim with { Incidents = change(claim.Incidents) });
        }
    }

    /// <summary>Gives every claim its incidents through <paramref name="change"/>.</summary>
    public void RewriteAll(Func<IReadOnlyList<long>, IReadOnlyList<long>> change)
    {
        foreach (var claim in _byIndex.Values.ToList())
        {
            Set(claim with { Incidents = change(claim.Incidents) });
        }
    }
}
