using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Correlation;
using Truce.Incidents.Records;
using Truce.Ledger.Entries;
using Truce.Places;

namespace Truce.Incidents;

/// <summary>
/// Everything the incidents module derives from the log for one audience class: reports and their incidents, claims,
/// restrictions, hotline messages, mission places, the deployment's taxonomy and correlation settings. Entries change it
/// through their kinds (<see cref="IncidentKinds"/>, <c>Kinds/</c>). Not thread-safe: <see cref="IncidentsModule"/>
/// guards it.
/// </summary>
public sealed class IncidentBook : IModuleBook
{
    // The build's settlements, loaded once for every book: statements name them (Correlator.Settlements).
    static readonly Lazy<Gazetteer> BuiltInSettlements = new(Gazetteer.LoadDefault);

    /// <summary>The build's gazetteer, which every book starts from and none changes.</summary>
    internal static Gazetteer Shipped => BuiltInSettlements.Value;

    public IncidentBook()
    {
        Correlator = new Correlator(Taxonomy) { Settlements = BuiltInSettlements.Value };
    }

    /// <summary>The settlements statements name: the build's gazetteer, or a scenario's own, with the settlements this
    /// book's <c>place</c> entries define.</summary>
    public Gazetteer? Settlements
    {
        get => Correlator.Settlements;
        set
        {
            Correlator.Settlements = value;
            (_given, _own, _defined) = (value, null, []);
        }
    }

    // The gazetteer the book was given (shared: never changed), the copy its first settlement entry made (changed by
    // this book alone, so no other book, another audience's, sees what it adds), and the ids its entries defined.
    Gazetteer? _given = BuiltInSettlements.Value;
    Gazetteer? _own;
    HashSet<string> _defined = [];

    /// <summary>A <c>place</c> entry: the mission's place, and for a settlement a village of this book's gazetteer, which
    /// statements may name from then on. A settlement redefined as another kind of place leaves the gazetteer (or is the
    /// given gazetteer's again, if it had that id).</summary>
    internal void Define(MissionPlace p)
    {
        Places[p.Id] = p;
        if (_given is null)
        {
            return;
        }
        var was = Correlator.Settlements?.Find(p.Id) is { Kind: PlaceKind.Settlement } before ? before : null;
        if (p.Kind == MissionPlace.Settlement && p.Geometry is NetTopologySuite.Geometries.Point at)
        {
            Own().Add(Place.DefinedSettlement(p.Id, at.Y, at.X, p.Names, p.Index, _given.Find(p.Id)));
            _defined.Add(p.Id);
        }
        else if (_defined.Remove(p.Id))
        {
            if (_given.Find(p.Id) is { } shipped)
            {
                Own().Add(shipped);
            }
            else
            {
                Own().Remove(p.Id);
            }
        }
        else
        {
            return;
        }
        var now = Correlator.Settlements?.Find(p.Id) is { Kind: PlaceKind.Settlement } after ? after : null;
        Correlator.SettlementsChanged(p.Index, [.. new[] { was, now }.OfType<Place>().Select(x => (x.Lat, x.Lon))],
            i => Queries.IncidentQueries.NamedAt(this, i));
    }

    Gazetteer Own()
    {
        if (_own is null)
        {
            _own = _given!.Copy();
            Correlator.Settlements = _own;
        }
        return _own;
    }

    public Taxonomy.Taxonomy Taxonomy { get; } = Incidents.Taxonomy.Taxonomy.Default();
    public Correlator Correlator { get; private set; }
    public ClaimBook Claims { get; } = new();
    public SortedDictionary<long, Restriction> Restrictions { get; } = [];
    public SortedDictionary<long, HotlineMessage> Hotline { get; } = [];
    public Dictionary<string, MissionPlace> Places { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries whose target this book lacks (its audience may not see it, or an earlier entry of the same
    /// batch changed it), and why.</summary>
    public List<(long Index, string Why)> Skipped { get; } = [];

    // A book driven on its own (tests) reads its entries through the same kinds as the module does; inside a module
    // these are not called (InMemoryModule dispatches, reading each entry once for all its books).
    readonly KindDispatch<IncidentBook> _alone = new(IncidentKinds.Declared);

    public void Check(long index, Envelope env, JsonElement body, Registry registry) => _alone.Check(this, index, env, body, registry);

    public void Apply(long index, Envelope env, JsonElement? body) => _alone.Apply(this, index, env, body, new EntryMemo());

    public void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo) => _alone.Apply(this, index, env, body, memo);

    /// <summary>A merge moved the reports of incident <paramref name="from"/> into <paramref name="into"/>: claims
    /// about the one are about the other.</summary>
    internal void ClaimsMerged(long from, long into)
    {
        Claims.Rewrite(from, old =>
        {
            var incidents = old.ToList();
            incidents.Remove(from);
            if (!incidents.Contains(into))
            {
                incidents.Add(into);
            }
            return incidents;
        });
    }

    /// <summary>Runs correlation again over every report (<see cref="Recorrelation"/>); claims follow their incidents.</summary>
    internal void Recorrelate(IncidentEvent why)
    {
        Correlator = Recorrelation.Run(Correlator, Taxonomy, why);
        Claims.RewriteAll(old => [.. old.Select(x => Correlator.Find(x)?.Id ?? x).Distinct()]);
    }

    /// <summary>SHA-256 over the derived state in a fixed order (for rebuild checks).</summary>
    public string Digest()
    {
        // Hashed as it is written, a line at a time, so that a book of a million incidents is not one string first.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder();
        void Flush(int above)
        {
            if (sb.Length > above)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
                sb.Clear();
            }
        }
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in Correlator.Reports.Values.OrderBy(s => s.Report.Index))
        {
            sb.Append(inv, $"r {s.Report.Index} {s.Incident} {s.Retracted} {s.Pinned} {string.Join(',', s.Suggestions.Select(m => $"{m.Incident}:{m.Score:F6}"))}\n");
            Flush(1 << 20);
        }
        foreach (var i in Correlator.Incidents.Values.OrderBy(i => i.Id))
        {
            sb.Append(inv, $"i {i.Id} {i.Status} {i.MergedInto} {string.Join(',', i.Reports)} {i.Estimate.Lat:F6} {i.Estimate.Lon:F6} {i.Estimate.MeanSigma:F4} {i.Start:O} {i.End:O} {i.Type} {i.History.Count} {i.Renamed} {i.Resuggested}\n");
            // The steps' words too: a replay must tell the same story, not only as many steps.
            foreach (var h in i.History)
            {
                sb.Append(inv, $"  {h.Entry} {h.What} {h.Reason}\n");
            }
            Flush(1 << 20);
        }
        foreach (var claim in Claims.Values)
        {
            sb.Append(inv, $"c {claim.Index} {string.Join(',', claim.Incidents)}\n");
        }
        sb.Append(inv, $"x {string.Join(',', Restrictions.Keys)} {string.Join(',', Hotline.Keys)} {string.Join(',', Places.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => $"{p.Id}@{p.Index}"))} {Taxonomy.Types.Count} {Correlator.Settings}\n");
        // What the book learnt from its own entries (how events' counts differ, how its clocks agree) is state too.
        sb.Append(inv, $"l {Correlator.CountSpreadVariance:R} {Correlator.OnsetSpreadMinutes:R}\n");
        foreach (var (kind, seen, said, n) in Correlator.Habits.TypeRows())
        {
            sb.Append(inv, $"h {kind} {seen} {said} {n:R}\n");
        }
        foreach (var (kind, n, sum, squares) in Correlator.Habits.CountRows())
        {
            sb.Append(inv, $"h {kind} {n:R} {sum:R} {squares:R}\n");
        }
        foreach (var (kind, n, bins) in Correlator.Habits.LagRows())
        {
            sb.Append(inv, $"lag {kind} {n:R} {string.Join(',', bins.Select(b => b.ToString("R", inv)))}\n");
        }
        Flush(0);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
