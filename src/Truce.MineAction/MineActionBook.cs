using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.MineAction.Hazards;
using Truce.MineAction.Kinds;
using Truce.MineAction.Records;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>
/// The mine action module's derived state: minefield records and their handovers and measured accuracy, hazards with
/// their remaining area and history, tasks, land release, quality visits, ordnance, accidents and victims; and the
/// hazard index on a metre plane that answers "is it safe". Applied in log order; not thread-safe (the module guards it).
/// </summary>
public sealed partial class MineActionBook(SharedIndex? index = null) : IModuleBook
{
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    static readonly GeometryFactory PlaneFactory = new(new PrecisionModel(), 0);

    /// <summary>Slivers smaller than this left by overlay are not hazardous area.</summary>
    public const double SliverM2 = 0.5;

    public Dictionary<string, MinefieldRecord> Minefields { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Handover> Handovers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Hazard> Hazards { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LandTask> Tasks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ReleaseActivity> Activities { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, QualityVisit> Visits { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, OrdnanceFind> Ordnance { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Accident> Accidents { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Victim> Victims { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<VictimPersonal>> Personal { get; } = new(StringComparer.Ordinal);
    public List<(long Index, string Why)> Skipped { get; } = [];

    /// <summary>The metre plane: a transverse Mercator about the whole degree of the first geometry the book holds.</summary>
    public TransverseMercator? Plane { get; private set; }

    /// <summary>The index of this book's hazards and records, shared with the module's other books (a book of its own
    /// when made alone, as tests do).</summary>
    readonly (SharedIndex Index, int Book) _in = Join(index ?? new SharedIndex());

    static (SharedIndex, int) Join(SharedIndex index) => (index, index.NewBook());

    SharedIndex Index => _in.Index;

    /// <summary>This book's number in the shared index (its bit in each slot's holders).</summary>
    int Book => _in.Book;

    /// <summary>The slots of the hazards and records this book holds whose boxes meet the given box, once each.</summary>
    public void Query(double minX, double minY, double maxX, double maxY, List<int> into)
    {
        var from = into.Count;
        Index.Query(minX, minY, maxX, maxY, into);
        var kept = from;
        for (int i = from; i < into.Count; i++)
        {
            if (Index.Holds(into[i], Book) ?? Holds(Index.Item(into[i])))
            {
                into[kept++] = into[i];
            }
        }
        into.RemoveRange(kept, into.Count - kept);
    }

    /// <summary>What a slot holds (one <see cref="Query"/> gave).</summary>
    public Indexed Item(int slot) => Index.Item(slot);

    bool Holds(Indexed item) => item.Hazard is { } h
        ? Hazards.TryGetValue(h.Id, out var mine) && ReferenceEquals(mine, h)
        : Minefields.TryGetValue(item.Record!.Id, out var m) && ReferenceEquals(m, item.Record);

    TransverseMercator PlaneFor(Geometry g) => Plane ??= new TransverseMercator(TransverseMercator.MeridianFor(g.Coordinate.X), Math.Round(g.Coordinate.Y));

    /// <summary>Area on the ground (m²) of a plane geometry (an overlay's result).</summary>
    public double GroundM2(Geometry plane) => plane.IsEmpty || Plane is null ? 0 : GroundM2(MetricShape.OfPlane(plane));

    public double GroundM2(MetricShape s) => Plane!.GroundArea(s);

    public Geometry ToPlane(Geometry wgs84) => MetricShape.Of(wgs84, PlaneFor(wgs84)).ToPlane(PlaneFactory);

    // Entries change the book through their kinds (MineActionKinds, Kinds/). A book driven on its own (tests) reads its
    // entries through them too; inside a module these are not called (InMemoryModule dispatches, reading each entry
    // once for all its books).
    readonly KindDispatch<MineActionBook> _alone = new(MineActionKinds.Declared);

    public void Check(long index, Envelope env, JsonElement body, Registry registry) => _alone.Check(this, index, env, body, registry);

    public void Apply(long index, Envelope env, JsonElement? body) => _alone.Apply(this, index, env, body, new EntryMemo());

    public void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo) => _alone.Apply(this, index, env, body, memo);

    /// <summary>Admission of a hazard, alone or in an import's <paramref name="batch"/>: its id is new, and the records
    /// and accidents it rests on are in the author's book.</summary>
    internal void CheckHazard(HazardBody h, string path, HashSet<string> batch)
    {
        if (Hazards.ContainsKey(h.Id) || !batch.Add(h.Id))
        {
            throw new ValidationException($"{path}.id", $"hazard '{h.Id}' exists already; change it with hazard.update");
        }
        for (int i = 0; i < h.Sources.Count; i++)
        {
            if (h.Sources[i].Kind == "minefield-record" && !Minefields.ContainsKey(h.Sources[i].Ref))
            {
                throw new ValidationException($"{path}.sources[{i}].ref", $"'{h.Sources[i].Ref}' is not a minefield record");
            }
            if (h.Sources[i].Kind == "accident" && !Accidents.ContainsKey(h.Sources[i].Ref))
            {
                throw new ValidationException($"{path}.sources[{i}].ref", $"'{h.Sources[i].Ref}' is not an accident");
            }
        }
    }

    /// <summary>Puts a minefield record (this book's own copy) into the book and the index, measured on its plane.</summary>
    internal void AddMinefield(MinefieldRecord m)
    {
        Refs.New(Minefields, m.Id, "minefield record");
        var shape = MetricShape.Of(m.Perimeter, PlaneFor(m.Perimeter));
        m.AreaM2 = GroundM2(shape);
        Minefields[m.Id] = m;
        Index.Hold(new Indexed(null, m, shape), Book);
    }

    public string Digest()
    {
        var sb = new StringBuilder();
        string M2(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        foreach (var h in Hazards.Values.OrderBy(h => h.Id, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"h {h.Id} {h.Type} {h.Status} {M2(h.EstimatedM2)} {M2(h.RemainingM2)} {h.Parts} {h.History.Count} {string.Join(',', h.Devices)}\n");
        }
        foreach (var m in Minefields.Values.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"m {m.Id} {m.TotalMines} {M2(m.AreaM2)} {m.HandedOverIn.Count} {m.Accuracy}\n");
        }
        foreach (var a in Activities.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"a {a.Id} {a.Hazard} {string.Join(',', a.Outcomes.Select(o => $"{o.Kind}:{M2(o.ReleasedM2)}"))}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"x {Handovers.Count} {Tasks.Count} {Visits.Count} {Ordnance.Count} {Accidents.Count} {Victims.Count} {Personal.Sum(p => p.Value.Count)}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
