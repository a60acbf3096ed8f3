using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;
using Visibility = Truce.Core.Access.Visibility;

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

    // ---- admission ----

    public void Check(long index, Envelope env, JsonElement body, Registry registry)
    {
        switch (env.Kind)
        {
            case MineActionKinds.Minefield:
                Unique(Minefields, MineActionParser.Minefield(index, env, body).Id, "minefield record");
                return;
            case MineActionKinds.Handover:
                {
                    var h = MineActionParser.Handover(index, env, body);
                    Unique(Handovers, h.Id, "handover");
                    for (int i = 0; i < h.Records.Count; i++)
                    {
                        Exists(Minefields, h.Records[i], $"body.records[{i}]", "minefield record");
                    }
                    if (registry.FindParty(h.To) is null)
                    {
                        throw new ValidationException("body.to", $"'{h.To}' is not a registered party");
                    }
                    return;
                }
            case MineActionKinds.Accuracy:
                {
                    var a = MineActionParser.Accuracy(index, env, body);
                    Exists(Minefields, a.Record, "body.record", "minefield record");
                    if (a.Activity is { } act)
                    {
                        Exists(Activities, act, "body.activity", "land release activity");
                    }
                    return;
                }
            case MineActionKinds.Hazard:
                CheckHazard(MineActionParser.Hazard(body), "body", new HashSet<string>());
                return;
            case MineActionKinds.HazardUpdate:
                {
                    var c = MineActionParser.HazardUpdate(body);
                    Exists(Hazards, c.Hazard, "body.hazard", "hazard");
                    return;
                }
            case MineActionKinds.Task:
                {
                    var t = MineActionParser.Task(index, env, body);
                    Unique(Tasks, t.Id, "task");
                    for (int i = 0; i < t.Hazards.Count; i++)
                    {
                        Exists(Hazards, t.Hazards[i], $"body.hazards[{i}]", "hazard");
                    }
                    return;
                }
            case MineActionKinds.Release:
                {
                    var a = MineActionParser.Release(index, env, body);
                    Unique(Activities, a.Id, "land release activity");
                    var h = Exists(Hazards, a.Hazard, "body.hazard", "hazard");
                    if (a.Task is { } t)
                    {
                        Exists(Tasks, t, "body.task", "task");
                    }
                    if (a.Requested.Count > 0 && h.Status != "open")
                    {
                        throw new ValidationException("body.outcomes", $"hazard '{h.Id}' is {h.Status}: there is no hazardous land left to release");
                    }
                    return;
                }
            case MineActionKinds.QualityVisit:
                {
                    var v = MineActionParser.Visit(index, env, body);
                    Unique(Visits, v.Id, "quality visit");
                    if (v.Activity is { } a)
                    {
                        Exists(Activities, a, "body.activity", "land release activity");
                    }
                    if (v.Task is { } t)
                    {
                        Exists(Tasks, t, "body.task", "task");
                    }
                    return;
                }
            case MineActionKinds.Ordnance:
                {
                    var o = MineActionParser.Ordnance(index, env, body);
                    Unique(Ordnance, o.Id, "ordnance find");
                    if (o.Hazard is { } h)
                    {
                        Exists(Hazards, h, "body.hazard", "hazard");
                    }
                    if (o.Activity is { } a)
                    {
                        Exists(Activities, a, "body.activity", "land release activity");
                    }
                    return;
                }
            case MineActionKinds.Accident:
                {
                    var a = MineActionParser.Accident(index, env, body);
                    Unique(Accidents, a.Id, "accident");
                    if (a.Hazard is { } h)
                    {
                        Exists(Hazards, h, "body.hazard", "hazard");
                    }
                    return;
                }
            case MineActionKinds.Victim:
                {
                    if (env.Visibility == Visibility.Public)
                    {
                        throw new ValidationException("envelope.visibility", "a victim record is never public (SPEC §3.2): use mission, party or restricted; public views show counts");
                    }
                    var v = MineActionParser.Victim(index, env, body);
                    Unique(Victims, v.Id, "victim");
                    Exists(Accidents, v.Accident, "body.accident", "accident");
                    return;
                }
            case MineActionKinds.VictimPersonal:
                {
                    if (env.Visibility != Visibility.Restricted || env.To.Count == 0)
                    {
                        throw new ValidationException("envelope.visibility", "a victim's personal data is restricted: set visibility \"restricted\" and name the parties in \"to\"");
                    }
                    var p = MineActionParser.VictimPersonal(index, env, body);
                    Exists(Victims, p.Victim, "body.victim", "victim");
                    return;
                }
            case MineActionKinds.Import:
                {
                    var (hazards, minefields) = MineActionParser.Import(index, env, body);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (int i = 0; i < hazards.Count; i++)
                    {
                        CheckHazard(hazards[i], $"body.hazards[{i}]", seen);
                    }
                    seen.Clear();
                    for (int i = 0; i < minefields.Count; i++)
                    {
                        if (Minefields.ContainsKey(minefields[i].Id) || !seen.Add(minefields[i].Id))
                        {
                            throw new ValidationException($"body.minefields[{i}].id", $"minefield record '{minefields[i].Id}' exists already");
                        }
                    }
                    return;
                }
            default:
                throw new ValidationException("envelope.kind", $"'{env.Kind}' is not a mine action kind");
        }
    }

    void CheckHazard(HazardBody h, string path, HashSet<string> batch)
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

    static void Unique<T>(Dictionary<string, T> map, string id, string what)
    {
        if (map.ContainsKey(id))
        {
            throw new ValidationException("body.id", $"{what} '{id}' exists already");
        }
    }

    static T Exists<T>(Dictionary<string, T> map, string id, string field, string what) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not a {what}");

    // ---- apply: total and deterministic ----

    public void Apply(long index, Envelope env, JsonElement? body) => Apply(index, env, body, new EntryMemo());

    public void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo)
    {
        if (body is not { } b)
        {
            return; // erased or withheld: the record is gone from the derived state
        }
        try
        {
            ApplyBody(index, env, b, memo);
        }
        catch (Exception e) when (e is ValidationException or TopologyException)
        {
            // Refused in this book only: its target is not here (see Held), or the overlay cannot cut this geometry.
            // Anything else is a bug and stops the deployment (ModuleFailedException).
            Skipped.Add((index, e.Message));
        }
    }

    void ApplyBody(long index, Envelope env, JsonElement b, EntryMemo memo)
    {
        switch (env.Kind)
        {
            case MineActionKinds.Minefield:
                AddMinefield(MineActionParser.Minefield(index, env, b));
                break;
            case MineActionKinds.Handover:
                {
                    var h = MineActionParser.Handover(index, env, b);
                    New(Handovers, h.Id, "handover");
                    Handovers[h.Id] = h;
                    foreach (var id in h.Records)
                    {
                        Minefields.GetValueOrDefault(id)?.HandedOverIn.Add(index);
                    }
                    break;
                }
            case MineActionKinds.Accuracy:
                {
                    var a = MineActionParser.Accuracy(index, env, b);
                    Held(Minefields, a.Record, "body.record").Assessments.Add(a);
                    break;
                }
            case MineActionKinds.Hazard:
                {
                    // Parsed, projected and made once for every audience class that sees it; each book places it.
                    var h = memo.Once("hazard", () => MineActionParser.Hazard(b));
                    New(Hazards, h.Id, "hazard");
                    var plane = PlaneFor(h.Perimeter);
                    Place(memo.Once(PlaneKey(plane), () => NewHazard(h, Origin.Of(index, env), MetricShape.Of(h.Perimeter, plane), plane)));
                    break;
                }
            case MineActionKinds.HazardUpdate:
                UpdateHazard(MineActionParser.HazardUpdate(b), index, env, memo);
                break;
            case MineActionKinds.Task:
                {
                    var t = MineActionParser.Task(index, env, b);
                    New(Tasks, t.Id, "task");
                    Tasks[t.Id] = t;
                    break;
                }
            case MineActionKinds.Release:
                Release(MineActionParser.Release(index, env, b), env, memo);
                break;
            case MineActionKinds.QualityVisit:
                {
                    var v = MineActionParser.Visit(index, env, b);
                    New(Visits, v.Id, "quality visit");
                    Visits[v.Id] = v;
                    break;
                }
            case MineActionKinds.Ordnance:
                {
                    var o = MineActionParser.Ordnance(index, env, b);
                    New(Ordnance, o.Id, "ordnance find");
                    Ordnance[o.Id] = o;
                    break;
                }
            case MineActionKinds.Accident:
                {
                    var a = MineActionParser.Accident(index, env, b);
                    New(Accidents, a.Id, "accident");
                    Accidents[a.Id] = a;
                    break;
                }
            case MineActionKinds.Victim:
                {
                    var v = MineActionParser.Victim(index, env, b);
                    New(Victims, v.Id, "victim");
                    Victims[v.Id] = v;
                    break;
                }
            case MineActionKinds.VictimPersonal:
                {
                    var p = MineActionParser.VictimPersonal(index, env, b);
                    if (!Personal.TryGetValue(p.Victim, out var list))
                    {
                        Personal[p.Victim] = list = [];
                    }
                    list.Add(p);
                    break;
                }
            case MineActionKinds.Import:
                {
                    // The hazards are parsed, projected and measured once for every audience class that sees the import;
                    // minefield records (which handovers and assessments change later) are each book's own.
                    var hazards = memo.Once("import", () => MineActionParser.Import(index, env, b).Hazards);
                    foreach (var m in MineActionParser.ImportedMinefields(index, env, b).Where(m => !Minefields.ContainsKey(m.Id)))
                    {
                        AddMinefield(m);
                    }
                    if (hazards.Count > 0)
                    {
                        var plane = PlaneFor(hazards[0].Perimeter);
                        foreach (var h in memo.Once(PlaneKey(plane), () => NewHazards(hazards, Origin.Of(index, env), plane)))
                        {
                            // Ids this book holds already (from entries the importer could not see) keep their first record.
                            if (!Hazards.ContainsKey(h.Id))
                            {
                                Place(h);
                            }
                        }
                    }
                    break;
                }
        }
    }

    void AddMinefield(MinefieldRecord m)
    {
        New(Minefields, m.Id, "minefield record");
        var shape = MetricShape.Of(m.Perimeter, PlaneFor(m.Perimeter));
        m.AreaM2 = GroundM2(shape);
        Minefields[m.Id] = m;
        Index.Hold(new Indexed(null, m, shape), Book);
    }

    /// <summary>
    /// Admission checks an entry against its author's book; another audience's book may lack what it refers to, or
    /// already hold its id from an entry the author could not see. The entry is then skipped in that book (as a log
    /// holding only that audience's entries would skip it), before it changes anything there.
    /// </summary>
    static T Held<T>(Dictionary<string, T> map, string id, string field) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not in this book");

    static void New<T>(Dictionary<string, T> map, string id, string what)
    {
        if (map.ContainsKey(id))
        {
            throw new ValidationException("body.id", $"{what} '{id}' is in this book already, from an earlier entry");
        }
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
