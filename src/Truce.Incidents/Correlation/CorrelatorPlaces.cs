using Truce.Incidents.Reports;
using Truce.Places;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>The settlements statements name (the build's gazetteer; a test or a scenario may give its own): with
    /// them, a settlement a statement names is a cell among its rivals (<see cref="NamedSettlement"/>), not only a
    /// circle. Read only here: the books of every audience class share the build's until a <c>place</c> entry defines a
    /// settlement, when the book that sees it takes a copy of its own (<see cref="IncidentBook"/>).</summary>
    public Gazetteer? Settlements { get; set; }

    // The settlements each party has named in this book's statements so far, in log order. A party names the
    // settlement nearest an event among those it speaks of (its own side's, in practice), so those are the rivals of
    // the one it names now; learnt from the book's own entries, the rule holds no map of sides and leaks nothing
    // another audience's entries would tell.
    readonly Dictionary<string, HashSet<string>> _named = new(StringComparer.Ordinal);

    // How much events differ in their counts, from the observations' counts so far (CountSpread).
    readonly CountSpread _countSpread = new();

    /// <summary>The variance of the log of events' counts, as this book has learnt it so far.</summary>
    public double CountSpreadVariance => _countSpread.Variance;

    /// <summary>What a report re-correlation puts back where a monitor pinned it teaches, as <see cref="Add"/> learns
    /// from a new one: the settlement it names among those its party names, and, unless it was retracted (a retraction
    /// takes its figure back), an observation's count.</summary>
    internal void Learn(Report r, bool retracted)
    {
        NoteNamed(r);
        if (!retracted)
        {
            NoteCount(r, CountEvidence.Of(r));
        }
    }

    /// <summary>Notes what a report's count teaches of how events differ (only reports that observe teach it), or with
    /// <paramref name="forget"/> takes it back.</summary>
    void NoteCount(Report r, LogCount? count, bool forget = false)
    {
        if (!Coarseness.IsStatement(r) && count is { } c)
        {
            if (forget)
            {
                _countSpread.Forget(c);
            }
            else
            {
                _countSpread.Note(c);
            }
        }
    }

    /// <summary>Notes the settlement a report names among those its party names, and the report among the party's that
    /// name one; one named for the first time is also noted for the party's statements to be read again by (<see
    /// cref="Reread(Report, Func{Incident, bool})"/>).</summary>
    internal void NoteNamed(Report r)
    {
        if (NamedPlace(r) is { } place)
        {
            if (!_named.TryGetValue(r.Party, out var mine))
            {
                _named[r.Party] = mine = new HashSet<string>(StringComparer.Ordinal);
            }
            if (mine.Add(place.Id))
            {
                _newlyNamed.Add((r.Party, place));
            }
            if (!_naming.TryGetValue(r.Party, out var naming))
            {
                _naming[r.Party] = naming = [];
            }
            naming.Add(r.Index);
        }
    }

    /// <summary>A settlement-precision point this close to a settlement of the gazetteer names it, when the sender gave
    /// no place id (a client that resolved the name itself, or an import).</summary>
    const double SettlementPointM = 100;

    /// <summary>The settlement a report names as the nearest to its event: only from sources that name places rather
    /// than stand in them (those with a settlement radius), and only without an observer's bearing. By its place id,
    /// or, without one, by a settlement-precision point on the settlement.</summary>
    Place? NamedPlace(Report r)
    {
        if (Settlements is not { } gazetteer || !Settings.SettlementRadiusKm.ContainsKey(r.SourceKind) || r.Observer?.HasRay == true)
        {
            return null;
        }
        if (r.Place is { } id)
        {
            return gazetteer.Find(id) is { Kind: PlaceKind.Settlement } place ? place : null;
        }
        return r.LocationPrecision == "settlement" && r.Location is NetTopologySuite.Geometries.Point p
            && gazetteer.Near(p.Y, p.X, SettlementPointM, PlaceKind.Settlement) is [var nearest, ..] ? nearest.Place : null;
    }

    /// <summary>Whether a report's point is away from the settlement it names, at `near` precision: a distance and
    /// direction from it, as the resolver places "4 km south-east of X" (a settlement-precision point off the village is
    /// a client's pin, and keeps its kind's radius).</summary>
    static bool IsOffset(Report r, Place place) => r.LocationPrecision == "near" && r.Location is NetTopologySuite.Geometries.Point p
        && Geo.Distance(p.Y, p.X, place.Lat, place.Lon) > SettlementPointM;

    /// <summary>What correlation takes from a report, with its settlement's cell. The writer keeps each cell it builds
    /// (<paramref name="keep"/>); a reader, who may run beside other readers, builds it and lets it go.</summary>
    Seen SeenOf(Report r, bool keep = true)
    {
        var seen = PlaceOf(r, keep);
        return seen with { Background = seen.Coarse ? LocalRate.OfUnobserved(seen, _index, Settings) : LocalRate.Of(seen, _index, Settings.EventDensity) };
    }

    /// <summary>Where and when, with the settlement's cell.</summary>
    Seen PlaceOf(Report r, bool keep)
    {
        var named = NamedPlace(r);
        var offset = named is { } n && IsOffset(r, n);
        if (named is not { } place || Settlements is not { } gazetteer || !_named.TryGetValue(r.Party, out var mine) || mine.Count < 2)
        {
            return Coarseness.Of(r, Settings, offset);
        }
        var seen = InCell(r, place);
        var rivals = gazetteer.Near(place.Lat, place.Lon, NamedSettlement.Reach(place, seen.Where) * 1000, PlaceKind.Settlement)
            .Select(n => n.Place).Where(p => p.Id != place.Id && mine.Contains(p.Id)).ToList();
        if (rivals.Count == 0)
        {
            return Coarseness.Of(r, Settings, offset);
        }
        // A party's set of settlements only grows, so its size within reach says which set it is: the cell's
        // quadrature (hundreds of points per rival) is done once per village and set, not once per statement.
        var key = (r.Party, place.Id, seen.Where, rivals.Count);
        if (!keep)
        {
            return seen with { Cell = _cells.TryGetValue(key, out var kept) ? kept : NamedSettlement.Of(place, seen.Where, rivals) };
        }
        if (!_cells.TryGetValue(key, out var cell))
        {
            if (_cells.Count >= MaxCells)
            {
                _cells.Clear();
            }
            _cells[key] = cell = NamedSettlement.Of(place, seen.Where, rivals);
        }
        return seen with { Cell = cell };
    }

    /// <summary>A report naming <paramref name="place"/> read as in a cell: among rivals the circle about the settlement is
    /// wider, since the cell bounds the event towards them. Its rivals are looked for within its reach.</summary>
    Seen InCell(Report r, Place place) => Coarseness.Of(r, Settings, IsOffset(r, place), NamedSettlement.CircleWidening);

    /// <summary>The gazetteer gained, moved or lost a settlement at these points, by the entry at <paramref name="entry"/>:
    /// every cell is built again from it as statements need them, and the incidents a reader may now see named after
    /// another settlement ("near X", the nearest within <see cref="NamingReachKm"/> of where <paramref name="namedAt"/>
    /// says their features are named) changed at that entry, so the change feed sends them again (<see
    /// cref="Incident.Renamed"/>).</summary>
    internal void SettlementsChanged(long entry, IReadOnlyList<(double Lat, double Lon)> at, Func<Incident, IEnumerable<Gaussian>> namedAt)
    {
        _cells.Clear();
        if (at.Count == 0)
        {
            return;
        }
        foreach (var i in _incidents.Values)
        {
            if (i.Reports.Count > 0 && namedAt(i).Any(x => at.Any(p => Geo.Distance(p.Lat, p.Lon, x.Lat, x.Lon) <= NamingReachKm * 1000)))
            {
                i.Renamed = Math.Max(i.Renamed, entry);
                _incidentChanges.Add(entry, i.Id);
            }
        }
    }

    /// <summary>How far from an incident the settlement it is named after may be (Truce.Http's Naming).</summary>
    public const double NamingReachKm = 10;

    const int MaxCells = 50_000;

    readonly Dictionary<(string Party, string Place, Gaussian Where, int Rivals), NamedSettlement?> _cells = [];
}
