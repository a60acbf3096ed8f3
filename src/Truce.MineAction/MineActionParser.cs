using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;
using Dimension = Truce.MineAction.Records.Dimension;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>A hazard as its entry states it, before it is measured and indexed.</summary>
public sealed record HazardBody(string Id, string Type, string? Name, string? District, Point Benchmark, Geometry Perimeter, string Status,
    IReadOnlyList<string> Devices, IReadOnlyList<EvidenceItem> Evidence, IReadOnlyList<string> Blockages, int? Beneficiaries,
    IReadOnlyList<SourceRef> Sources, bool Synthetic);

/// <summary>A change to a hazard: status, type, perimeter, devices, evidence, each with the reason.</summary>
public sealed record HazardChange(string Hazard, string? Status, string? Type, Geometry? Perimeter, IReadOnlyList<string> Devices,
    IReadOnlyList<EvidenceItem> Evidence, IReadOnlyList<string> Blockages, int? Beneficiaries, IReadOnlyList<SourceRef> Sources, string Reason);

/// <summary>Reads the module's bodies, naming every bad field (docs/MINEACTION.md lists them).</summary>
public static class MineActionParser
{
    public const int MaxImport = 1000;

    static BodyReader.Scope Start(JsonElement body, out BodyReader r)
    {
        r = new BodyReader();
        return r.Root(body);
    }

    static Geometry? Geo(BodyReader.Scope s, string name, bool required, string what, params Type[] allowed)
    {
        if (!s.Has(name))
        {
            if (required)
            {
                s.Reader.Fail(s.At(name), $"is required: {what}");
            }
            return null;
        }
        var g = GeoJson.Read(s.Element.GetProperty(name), s.At(name), s.Reader.Fail);
        if (g is not null && !allowed.Any(t => t.IsInstanceOfType(g)))
        {
            s.Reader.Fail(s.At(name) + ".type", $"must be {string.Join(" or ", allowed.Select(t => t.Name))}: {what}");
            return null;
        }
        return g;
    }

    static Geometry? Area(BodyReader.Scope s, string name, bool required, string what) => Geo(s, name, required, what, typeof(Polygon), typeof(MultiPolygon));

    static Point? At(BodyReader.Scope s, string name, bool required, string what) => Geo(s, name, required, what, typeof(Point)) as Point;

    static IReadOnlyList<string> Words(BodyReader.Scope s, string name, string[] allowed, bool required = false)
    {
        var list = s.Strs(name, required, max: 50, maxLength: 64);
        for (int i = 0; i < list.Count; i++)
        {
            if (!allowed.Contains(list[i]))
            {
                s.Reader.Fail($"{s.At(name)}[{i}]", $"must be one of {string.Join(", ", allowed)}");
            }
        }
        return [.. list.Distinct().Where(allowed.Contains)];
    }

    static IReadOnlyList<EvidenceItem> Evidence(BodyReader.Scope s) => [.. s.Arr("evidence", max: 100).Select(e => new EvidenceItem(
        e.OneOf("type", Vocabulary.Evidence, required: true) ?? "", e.OneOf("reliability", Vocabulary.Reliability, required: true) ?? "",
        e.Str("note", max: 2000), e.Time("date")))];

    static IReadOnlyList<SourceRef> Sources(BodyReader.Scope s) => [.. s.Arr("sources", max: 100).Select(e => new SourceRef(
        e.OneOf("kind", Vocabulary.SourceKinds, required: true) ?? "", e.Str("ref", required: true, max: 100) ?? ""))];

    public static MinefieldRecord Minefield(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var m = Minefield(b, Origin.Of(index, env));
        r.ThrowIfAny();
        return m;
    }

    public static MinefieldRecord Minefield(BodyReader.Scope b, Origin origin)
    {
        var r = b.Reader;
        var refs = b.Arr("referencePoints", required: true, max: 20).Select(p =>
        {
            var at = At(p, "position", true, "the reference point as a GeoJSON Point");
            return new ReferencePoint(p.Str("name", required: true, max: 100) ?? "", at?.Y ?? 0, at?.X ?? 0, p.Str("description", max: 2000));
        }).ToList();
        if (b.Has("referencePoints") && refs.Count < 2)
        {
            r.Fail(b.At("referencePoints"), "needs at least two reference points (CCW APII technical annex 1(a))");
        }
        var names = refs.Select(p => p.Name).ToHashSet();
        var dims = b.Arr("dimensions", max: 200).Select(d =>
        {
            var from = d.Str("from", required: true, max: 100) ?? "";
            if (from.Length > 0 && !names.Contains(from))
            {
                r.Fail(d.At("from"), $"'{from}' is not one of the reference points");
            }
            return new Dimension(from, d.Str("to", required: true, max: 100) ?? "", d.Num("bearingDeg", required: true, min: 0, max: 360) ?? 0,
                d.Num("distanceM", required: true, min: 0, max: 100_000) ?? 0);
        }).ToList();
        var mines = b.Arr("mines", required: true, max: 50).Select(g =>
        {
            var type = g.OneOf("type", Vocabulary.MineTypes, required: true);
            return new MineGroup(type ?? "", g.Str("model", max: 64), (int)(g.Int("number", required: true, max: 10_000_000) ?? 0),
                g.OneOf("emplacing", Vocabulary.Emplacing, required: true) ?? "", g.OneOf("fuze", Vocabulary.Fuzes, required: true) ?? "",
                g.Num("lifetimeDays", min: 0, max: 100_000), g.Bool("antiHandling") ?? false, g.Num("selfDestructHours", min: 0, max: 100_000));
        }).ToList();
        if (b.Has("mines") && mines.Count == 0)
        {
            r.Fail(b.At("mines"), "lists at least one {type, number, emplacing, fuze}");
        }
        var from = b.Time("laidFrom");
        var until = b.Time("laidUntil");
        if (from is not null && until is not null && until < from)
        {
            r.Fail(b.At("laidUntil"), "is before laidFrom");
        }
        var pattern = b.OneOf("pattern", Vocabulary.MinefieldPatterns, required: true);
        RemoteDelivery? remote = null;
        if (b.Obj("remote") is { } rd)
        {
            remote = new RemoteDelivery(Geo(rd, "corners", true, "the corner points (MultiPoint or Polygon)", typeof(MultiPoint), typeof(Polygon)) ?? Polygon.Empty,
                (int?)rd.Int("total", max: 10_000_000), Words(rd, "types", Vocabulary.MineTypes), rd.Num("selfDestructHours", min: 0, max: 100_000),
                rd.Time("deliveredAt"));
        }
        else if (pattern == "remotely-delivered")
        {
            r.Fail(b.At("remote"), "is required for remotely delivered mines: corners, total, types, self-destruction period");
        }
        var rows = b.Arr("rows", max: 1000).Select(w => new MineRow(w.Str("id", required: true, max: 32) ?? "",
            Geo(w, "line", true, "the row as a LineString", typeof(LineString)) as LineString ?? LineString.Empty, (int?)w.Int("mines", max: 1_000_000))).ToList();
        var scans = b.Arr("scans", max: 100).Select(s =>
        {
            var sha = s.Str("sha256", required: true, max: 64);
            if (sha is not null && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                r.Fail(s.At("sha256"), "must be the file's SHA-256 as 64 hex digits");
            }
            return new Scan(sha?.ToLowerInvariant() ?? "", s.Str("mediaType", required: true, max: 100) ?? "", s.Str("name", max: 200), (int?)s.Int("pages", max: 10_000));
        }).ToList();
        return new MinefieldRecord
        {
            Id = b.Str("id", required: true, max: 64) ?? "",
            Origin = origin,
            LaidBy = b.Str("laidBy", max: 64) ?? origin.Party,
            District = b.Str("district", max: 100),
            Pattern = pattern ?? "",
            Perimeter = Area(b, "perimeter", true, "the mined area's perimeter") ?? Polygon.Empty,
            ReferencePoints = refs,
            Dimensions = dims,
            Mines = mines,
            LaidFrom = from,
            LaidUntil = until,
            Rows = rows,
            MinePositions = Geo(b, "minePositions", false, "each mine's position", typeof(MultiPoint), typeof(Point)),
            Remote = remote,
            Marking = b.Str("marking", max: 2000),
            Scans = scans,
            Synthetic = b.Bool("synthetic") ?? false,
        };
    }

    public static Handover Handover(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var records = b.Strs("records", required: true, max: 10_000, maxLength: 64);
        if (b.Has("records") && records.Count == 0)
        {
            r.Fail("body.records", "lists the ids of the minefield records handed over");
        }
        var h = new Handover(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), records, b.Str("from", max: 64) ?? env.Party,
            b.Str("to", required: true, max: 64) ?? "", b.Time("at", required: true) ?? default, b.Str("through", max: 500), b.Str("inExchangeFor", max: 2000),
            (int?)b.Int("minesStated", max: 100_000_000), b.Str("note", max: 10_000), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return h;
    }

    public static AccuracyAssessment Accuracy(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var a = new AccuracyAssessment(index, b.Str("record", required: true, max: 64) ?? "", Origin.Of(index, env), b.Str("activity", max: 64),
            (int)(b.Int("checked", required: true, max: 10_000_000) ?? 0), (int)(b.Int("confirmed", required: true, max: 10_000_000) ?? 0),
            (int)(b.Int("unrecorded", required: true, max: 10_000_000) ?? 0), b.Num("toleranceM", min: 0, max: 10_000), b.Str("finding", max: 10_000));
        if (a.Confirmed > a.Checked)
        {
            r.Fail("body.confirmed", "cannot exceed checked (the mines the record placed in the checked part)");
        }
        r.ThrowIfAny();
        return a;
    }

    public static HazardBody Hazard(JsonElement body)
    {
        var b = Start(body, out var r);
        var h = Hazard(b);
        r.ThrowIfAny();
        return h;
    }

    public static HazardBody Hazard(BodyReader.Scope b)
    {
        var perimeter = Area(b, "perimeter", true, "the hazardous area's perimeter");
        var benchmark = At(b, "benchmark", true, "the benchmark, a fixed point the perimeter is surveyed from");
        var devices = Words(b, "devices", Vocabulary.DeviceCategories);
        var type = b.OneOf("type", Vocabulary.HazardTypes, required: true);
        var evidence = Evidence(b);
        if (type == "CHA" && b.Has("evidence") && !evidence.Any(e => e.Direct))
        {
            b.Reader.Fail(b.At("evidence"), "a confirmed hazardous area (CHA) rests on direct evidence (detonation, accident, reliable record, signs, sighting)");
        }
        return new HazardBody(b.Str("id", required: true, max: 64) ?? "", type ?? "", b.Str("name", max: 200), b.Str("district", max: 100),
            benchmark ?? Point.Empty, perimeter ?? Polygon.Empty, b.OneOf("status", ["open"]) ?? "open", devices, evidence,
            Words(b, "blockages", Vocabulary.Blockages), (int?)b.Int("beneficiaries", max: 100_000_000), Sources(b), b.Bool("synthetic") ?? false);
    }

    public static HazardChange HazardUpdate(JsonElement body)
    {
        var b = Start(body, out var r);
        var c = new HazardChange(b.Str("hazard", required: true, max: 64) ?? "", b.OneOf("status", Vocabulary.HazardStatuses),
            b.OneOf("type", Vocabulary.HazardTypes), Area(b, "perimeter", false, "the re-surveyed perimeter"), Words(b, "devices", Vocabulary.DeviceCategories),
            Evidence(b), Words(b, "blockages", Vocabulary.Blockages), (int?)b.Int("beneficiaries", max: 100_000_000), Sources(b),
            b.Str("reason", required: true, max: 10_000) ?? "");
        if (c.Status is null && c.Type is null && c.Perimeter is null && c.Devices.Count == 0 && c.Evidence.Count == 0 && c.Blockages.Count == 0
            && c.Beneficiaries is null && c.Sources.Count == 0 && r.Errors.Count == 0)
        {
            r.Fail("body", "changes nothing: give a status, type, perimeter, devices, evidence, blockages, beneficiaries or sources");
        }
        r.ThrowIfAny();
        return c;
    }

    public static LandTask Task(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var t = new LandTask(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Strs("hazards", required: true, max: 1000, maxLength: 64),
            b.Str("organisation", required: true, max: 200) ?? "", b.OneOf("activity", Vocabulary.ActivityTypes, required: true) ?? "",
            b.Time("assigned", required: true) ?? default, b.Time("due"), b.OneOf("priority", ["high", "medium", "low"]), b.Bool("synthetic") ?? false);
        if (b.Has("hazards") && t.Hazards.Count == 0)
        {
            r.Fail("body.hazards", "lists at least one hazard");
        }
        r.ThrowIfAny();
        return t;
    }

    public static ReleaseActivity Release(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var type = b.OneOf("type", Vocabulary.ActivityTypes, required: true);
        var start = b.Time("start", required: true);
        var end = b.Time("end");
        if (start is not null && end is not null && end < start)
        {
            r.Fail("body.end", "is before the start");
        }
        var status = b.OneOf("status", Vocabulary.ActivityStatuses, required: true);
        var requested = new List<(string, Geometry)>();
        if (b.Obj("outcomes") is { } o)
        {
            foreach (var kind in Vocabulary.Outcomes)
            {
                if (Area(o, kind, false, $"the {kind} land") is { } g)
                {
                    requested.Add((kind, g));
                }
            }
            foreach (var p in o.Element.EnumerateObject().Where(p => !Vocabulary.Outcomes.Contains(p.Name)))
            {
                r.Fail(o.At(p.Name), $"is not an outcome: use {string.Join(", ", Vocabulary.Outcomes)}");
            }
        }
        if (requested.Count > 0 && status != "completed" && status != "ongoing")
        {
            r.Fail("body.status", "land is released only by an ongoing or completed activity");
        }
        if (type == "non-technical-survey" && requested.Any(q => q.Item1 == "cleared"))
        {
            r.Fail("body.outcomes.cleared", "non-technical survey cancels land; it does not clear it");
        }
        if (type == "technical-survey" && requested.Any(q => q.Item1 == "cancelled"))
        {
            r.Fail("body.outcomes.cancelled", "technical survey reduces land; cancellation is by non-technical survey");
        }
        Present? present = null;
        if (b.Obj("present") is { } p2)
        {
            present = new Present((int)(p2.Int("women", max: 1_000_000) ?? 0), (int)(p2.Int("men", max: 1_000_000) ?? 0),
                (int)(p2.Int("girls", max: 1_000_000) ?? 0), (int)(p2.Int("boys", max: 1_000_000) ?? 0));
        }
        var handedTo = b.Str("handedTo", required: type == "handover-certificate", max: 500);
        var a = new ReleaseActivity
        {
            Id = b.Str("id", required: true, max: 64) ?? "",
            Origin = Origin.Of(index, env),
            Type = type ?? "",
            Hazard = b.Str("hazard", required: true, max: 64) ?? "",
            Task = b.Str("task", max: 64),
            Organisation = b.Str("organisation", required: true, max: 200) ?? "",
            Method = b.OneOf("method", Vocabulary.Methods),
            Assets = b.Strs("assets", max: 50, maxLength: 100),
            DepthCm = b.Num("depthCm", min: 0, max: 1000),
            Start = start ?? default,
            End = end,
            Status = status ?? "",
            HandedTo = handedTo,
            Present = present,
            Note = b.Str("note", max: 10_000),
            Synthetic = b.Bool("synthetic") ?? false,
            Requested = requested,
        };
        r.ThrowIfAny();
        return a;
    }

    public static QualityVisit Visit(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var v = new QualityVisit(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Str("activity", max: 64), b.Str("task", max: 64),
            b.Str("organisation", required: true, max: 200) ?? "", b.Time("at", required: true) ?? default,
            b.OneOf("result", Vocabulary.VisitResults, required: true) ?? "",
            [.. b.Arr("nonconformities", max: 100).Select(n => new Nonconformity(n.OneOf("category", Vocabulary.Nonconformities, required: true) ?? "",
                n.Str("description", required: true, max: 2000) ?? "", n.Str("correctiveAction", max: 2000)))],
            b.Bool("synthetic") ?? false);
        if (v.Activity is null && v.Task is null && r.Errors.Count == 0)
        {
            r.Fail("body.activity", "a visit is to an activity or a task: give activity or task");
        }
        r.ThrowIfAny();
        return v;
    }

    public static OrdnanceFind Ordnance(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var at = At(b, "position", true, "where it was found, a GeoJSON Point");
        var o = new OrdnanceFind(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.OneOf("category", Vocabulary.OrdnanceCategories, required: true) ?? "",
            b.Str("model", max: 64), (int)(b.Int("quantity", min: 1, max: 1_000_000) ?? 1), b.OneOf("condition", Vocabulary.Conditions, required: true) ?? "",
            b.OneOf("fuzeState", Vocabulary.FuzeStates, required: true) ?? "", at?.Y ?? 0, at?.X ?? 0, b.Time("found", required: true) ?? default,
            b.OneOf("action", Vocabulary.OrdnanceActions, required: true) ?? "", b.Str("hazard", max: 64), b.Str("activity", max: 64), b.Indexes("incidents", max: 50),
            b.Str("note", max: 10_000), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return o;
    }

    public static Accident Accident(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var at = At(b, "position", true, "where it happened, a GeoJSON Point");
        var a = new Accident(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), at?.Y ?? 0, at?.X ?? 0, b.Time("time", required: true) ?? default,
            b.OneOf("device", Vocabulary.DeviceCategories, required: true) ?? "", b.OneOf("kind", Vocabulary.AccidentKinds, required: true) ?? "",
            b.Bool("areaMarked"), b.OneOf("activation", Vocabulary.Activations, required: true) ?? "", b.Str("hazard", max: 64), b.Str("note", max: 10_000),
            b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return a;
    }

    public static Victim Victim(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        foreach (var personal in new[] { "name", "dateOfBirth", "residence", "contact", "address", "phone" })
        {
            if (b.Has(personal))
            {
                r.Fail(b.At(personal), "is personal data: put it in a mine.victim.personal entry (restricted, erasable), not in the counted record");
            }
        }
        var v = new Victim(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Str("accident", required: true, max: 64) ?? "",
            b.OneOf("sex", Vocabulary.Sexes, required: true) ?? "", (int?)b.Int("age", max: 120), b.OneOf("role", Vocabulary.VictimRoles, required: true) ?? "",
            b.OneOf("outcome", Vocabulary.VictimOutcomes, required: true) ?? "", b.OneOf("activity", Vocabulary.VictimActivities, required: true) ?? "",
            b.Bool("knewDangerous"), b.Bool("hadRiskEducation"), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return v;
    }

    public static VictimPersonal VictimPersonal(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var p = new VictimPersonal(Origin.Of(index, env), b.Str("victim", required: true, max: 64) ?? "", b.Str("name", required: true, max: 500) ?? "",
            b.Str("dateOfBirth", max: 40), b.Str("residence", max: 500), b.Str("contact", max: 500), b.Str("note", max: 10_000));
        r.ThrowIfAny();
        return p;
    }

    /// <summary>
    /// Reads each item of an array with its own reader, in parallel (an import holds up to 1,000 geometries, and start-up
    /// replays them all), then reports the problems in item order, as a sequential read would.
    /// </summary>
    static List<T> InParallel<T>(BodyReader.Scope b, string name, Func<BodyReader.Scope, T> read)
    {
        var items = b.Arr(name, max: MaxImport);
        var readers = new BodyReader[items.Count];
        var results = new T[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            readers[i] = new BodyReader();
            results[i] = read(new BodyReader.Scope(readers[i], items[i].Element, items[i].Path));
        });
        foreach (var e in readers.SelectMany(x => x.Errors))
        {
            b.Reader.Fail(e.Field, e.Problem);
        }
        return [.. results];
    }

    /// <summary>An import batch: hazards and minefield records, each item read as its own entry would be.</summary>
    /// <summary>The minefield records of an admitted import alone (each audience class's book holds its own copies).</summary>
    public static IReadOnlyList<MinefieldRecord> ImportedMinefields(long index, Envelope env, JsonElement body) =>
        body.TryGetProperty("minefields", out var m) && m.GetArrayLength() > 0 ? Import(index, env, body).Minefields : [];

    public static (IReadOnlyList<HazardBody> Hazards, IReadOnlyList<MinefieldRecord> Minefields) Import(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var origin = Origin.Of(index, env);
        var hazards = InParallel(b, "hazards", Hazard);
        var minefields = InParallel(b, "minefields", m => Minefield(m, origin));
        if (hazards.Count + minefields.Count == 0 && r.Errors.Count == 0)
        {
            r.Fail("body", "imports nothing: give hazards or minefields");
        }
        b.Str("source", max: 500);
        r.ThrowIfAny();
        return (hazards, minefields);
    }
}
