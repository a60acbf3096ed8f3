using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.MineAction.Records;
using Dimension = Truce.MineAction.Records.Dimension;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>Minefield records (CCW Amended Protocol II, technical annex), their handovers and measured accuracy.</summary>
public static partial class MineActionParser
{
    public static MinefieldRecord Minefield(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var m = Minefield(b, Origin.Of(index, env));
        r.ThrowIfAny();
        return m;
    }

    /// <summary>A minefield record's fields, read in the order its problems are reported.</summary>
    public static MinefieldRecord Minefield(BodyReader.Scope b, Origin origin)
    {
        var refs = ReferencePoints(b);
        var dims = Dimensions(b, refs);
        var mines = Mines(b);
        var from = b.Time("laidFrom");
        var until = b.Time("laidUntil");
        if (from is not null && until is not null && until < from)
        {
            b.Reader.Fail(b.At("laidUntil"), "is before laidFrom");
        }
        var pattern = b.OneOf("pattern", Vocabulary.MinefieldPatterns, required: true);
        var remote = Remote(b, pattern);
        var rows = b.Arr("rows", max: 1000).Select(w => new MineRow(w.Str("id", required: true, max: 32) ?? "",
            Geo(w, "line", true, "the row as a LineString", typeof(LineString)) as LineString ?? LineString.Empty, (int?)w.Int("mines", max: 1_000_000))).ToList();
        var scans = Scans(b);
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

    static List<ReferencePoint> ReferencePoints(BodyReader.Scope b)
    {
        var refs = b.Arr("referencePoints", required: true, max: 20).Select(p =>
        {
            var at = At(p, "position", true, "the reference point as a GeoJSON Point");
            return new ReferencePoint(p.Str("name", required: true, max: 100) ?? "", at?.Y ?? 0, at?.X ?? 0, p.Str("description", max: 2000));
        }).ToList();
        if (b.Has("referencePoints") && refs.Count < 2)
        {
            b.Reader.Fail(b.At("referencePoints"), "needs at least two reference points (CCW APII technical annex 1(a))");
        }
        return refs;
    }

    static List<Dimension> Dimensions(BodyReader.Scope b, List<ReferencePoint> refs)
    {
        var names = refs.Select(p => p.Name).ToHashSet();
        return [.. b.Arr("dimensions", max: 200).Select(d =>
        {
            var from = d.Str("from", required: true, max: 100) ?? "";
            if (from.Length > 0 && !names.Contains(from))
            {
                b.Reader.Fail(d.At("from"), $"'{from}' is not one of the reference points");
            }
            return new Dimension(from, d.Str("to", required: true, max: 100) ?? "", d.Num("bearingDeg", required: true, min: 0, max: 360) ?? 0,
                d.Num("distanceM", required: true, min: 0, max: 100_000) ?? 0);
        })];
    }

    static List<MineGroup> Mines(BodyReader.Scope b)
    {
        var mines = b.Arr("mines", required: true, max: 50).Select(g =>
        {
            var type = g.OneOf("type", Vocabulary.MineTypes, required: true);
            return new MineGroup(type ?? "", g.Str("model", max: 64), (int)(g.Int("number", required: true, max: 10_000_000) ?? 0),
                g.OneOf("emplacing", Vocabulary.Emplacing, required: true) ?? "", g.OneOf("fuze", Vocabulary.Fuzes, required: true) ?? "",
                g.Num("lifetimeDays", min: 0, max: 100_000), g.Bool("antiHandling") ?? false, g.Num("selfDestructHours", min: 0, max: 100_000));
        }).ToList();
        if (b.Has("mines") && mines.Count == 0)
        {
            b.Reader.Fail(b.At("mines"), "lists at least one {type, number, emplacing, fuze}");
        }
        return mines;
    }

    /// <summary>Remotely delivered mines: required when the pattern says so (CCW APII technical annex 1(b)).</summary>
    static RemoteDelivery? Remote(BodyReader.Scope b, string? pattern)
    {
        if (b.Obj("remote") is { } rd)
        {
            return new RemoteDelivery(Geo(rd, "corners", true, "the corner points (MultiPoint or Polygon)", typeof(MultiPoint), typeof(Polygon)) ?? Polygon.Empty,
                (int?)rd.Int("total", max: 10_000_000), Words(rd, "types", Vocabulary.MineTypes), rd.Num("selfDestructHours", min: 0, max: 100_000),
                rd.Time("deliveredAt"));
        }
        if (pattern == "remotely-delivered")
        {
            b.Reader.Fail(b.At("remote"), "is required for remotely delivered mines: corners, total, types, self-destruction period");
        }
        return null;
    }

    static List<Scan> Scans(BodyReader.Scope b) => [.. b.Arr("scans", max: 100).Select(s =>
    {
        var sha = s.Str("sha256", required: true, max: 64);
        if (sha is not null && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
        {
            b.Reader.Fail(s.At("sha256"), "must be the file's SHA-256 as 64 hex digits");
        }
        return new Scan(sha?.ToLowerInvariant() ?? "", s.Str("mediaType", required: true, max: 100) ?? "", s.Str("name", max: 200), (int?)s.Int("pages", max: 10_000));
    })];

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
}
