using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using Truce.Core.Modules;
using Truce.MineAction.Hazards;
using Truce.MineAction.Kinds;
using Truce.MineAction.Records;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>
/// Hazards as the books of several audience classes share them. A hazard object is never changed once a book holds
/// it: an entry that changes a hazard makes a changed copy, once per object however many books hold that object
/// (<see cref="EntryMemo"/>), and each book that sees the entry puts the copy in its place. Books that saw the same
/// entries about a hazard therefore hold one object for it, indexed once (<see cref="SharedIndex"/>), and a hundred
/// thousand imported hazards cost each further audience class an entry in its dictionary, not a copy of every
/// geometry or of the index. Books share only objects made on planes with
/// the same parameters (<see cref="PlaneKey"/>), so what a hazard holds in metres is right for every book holding it.
/// </summary>
public sealed partial class MineActionBook
{
    /// <summary>Books whose planes are equal share what is made on them.</summary>
    static (string, double, double) PlaneKey(TransverseMercator plane) => ("plane", plane.CentralMeridian, plane.OriginLatitude);

    /// <summary>A new hazard (in no book yet) from its body, projected onto <paramref name="plane"/>.</summary>
    static Hazard NewHazard(HazardBody b, Origin origin, MetricShape shape, TransverseMercator plane)
    {
        var h = new Hazard
        {
            Id = b.Id,
            Origin = origin,
            Type = b.Type,
            Name = b.Name,
            District = b.District,
            BenchmarkLat = b.Benchmark.Y,
            BenchmarkLon = b.Benchmark.X,
            BenchmarkDerived = b.BenchmarkDerived,
            ReleasedBefore = b.ReleasedBefore.Count == 0 ? Hazard.NoRelease : b.ReleasedBefore,
            Status = b.Status,
            Perimeter = b.Perimeter,
            Remaining = b.Perimeter,
            RemainingPlane = null,
            Shape = shape,
            Beneficiaries = b.Beneficiaries,
            Synthetic = b.Synthetic,
        };
        h.EstimatedM2 = h.RemainingM2 = plane.GroundArea(shape);
        h.Devices.UnionWith(b.Devices);
        h.Evidence.AddRange(b.Evidence);
        h.Blockages.UnionWith(b.Blockages);
        h.Sources.AddRange(b.Sources);
        foreach (var (outcome, m2) in b.ReleasedBefore)
        {
            h.ReleasedM2[outcome] = m2;
        }
        h.History.Add(new HazardEvent(origin.Index, origin.Logged, origin.Party, Recorded(h), null));
        return h;
    }

    static string Recorded(Hazard h)
    {
        static string M2(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        var what = $"recorded as {h.Type}, {M2(h.EstimatedM2)} m²";
        what += h.Status == "open" ? "" : $", {h.Status}";
        what += h.ReleasedBefore.Count == 0 ? "" : $"; released before: {string.Join(", ", h.ReleasedBefore.Select(r => $"{M2(r.Value)} m² {r.Key}"))}";
        return h.BenchmarkDerived ? what + "; benchmark derived from the perimeter" : what;
    }

    /// <summary>An import's hazards, projected and measured in parallel on one plane, in the import's order.</summary>
    static Hazard[] NewHazards(IReadOnlyList<HazardBody> bodies, Origin origin, TransverseMercator plane)
    {
        var made = new Hazard[bodies.Count];
        Parallel.For(0, bodies.Count, i => made[i] = NewHazard(bodies[i], origin, MetricShape.Of(bodies[i].Perimeter, plane), plane));
        return made;
    }

    /// <summary>A hazard new to this book: made (projected and measured) once for every book on the same plane.</summary>
    internal void AddHazard(HazardBody h, EntryContext ctx)
    {
        Refs.New(Hazards, h.Id, "hazard");
        var plane = PlaneFor(h.Perimeter);
        Place(ctx.Memo.Once(PlaneKey(plane), () => NewHazard(h, Origin.Of(ctx.Index, ctx.Envelope), MetricShape.Of(h.Perimeter, plane), plane)));
    }

    /// <summary>An import: its hazards made once for every book on the same plane (a thousand geometries, in parallel);
    /// its minefield records each book's own copies, since handovers and assessments change them later.</summary>
    internal void Import(ImportBatch batch, EntryContext ctx)
    {
        // A book that lacks a hazard the import updates skips the whole import, before it changes anything (as a log
        // of only this audience's entries would refuse it); admission has checked them all in the author's book.
        for (int i = 0; i < batch.Updates.Count; i++)
        {
            Refs.Held(Hazards, batch.Updates[i].Hazard, $"body.updates[{i}].hazard");
        }
        foreach (var m in batch.Minefields.Where(m => !Minefields.ContainsKey(m.Id)))
        {
            AddMinefield(m.Copy());
        }
        if (batch.Hazards.Count > 0)
        {
            var plane = PlaneFor(batch.Hazards[0].Perimeter);
            foreach (var h in ctx.Memo.Once(PlaneKey(plane), () => NewHazards(batch.Hazards, Origin.Of(ctx.Index, ctx.Envelope), plane)))
            {
                // Ids this book holds already (from entries the importer could not see) keep their first record.
                if (!Hazards.ContainsKey(h.Id))
                {
                    Place(h);
                }
            }
        }
        foreach (var u in batch.Updates)
        {
            UpdateHazard(u, ctx);
        }
    }

    /// <summary>Puts a hazard new to this book into it and the index.</summary>
    void Place(Hazard h)
    {
        Hazards[h.Id] = h;
        Index.Hold(new Indexed(h, null, h.Shape), Book);
    }

    /// <summary>Puts a changed copy of a hazard where this book held the hazard (in the dictionary's same place); the
    /// index follows its remaining area (a hazard with none left leaves the index).</summary>
    void Replace(Hazard before, Hazard after)
    {
        Hazards[after.Id] = after;
        Index.Hold(new Indexed(after, null, after.Shape), Book);
        Index.Release(before, Book);
    }

    /// <summary>Sets what remains of a hazard (a copy no book holds yet): on the plane, or (null) the whole shape.</summary>
    void SetRemaining(Hazard h, Geometry? plane, MetricShape? shape)
    {
        h.RemainingPlane = plane;
        h.Shape = shape ?? MetricShape.OfPlane(plane!);
        h.Remaining = plane is null ? h.Remaining : MetricShape.ToWgs84(plane, Plane!, Wgs84);
        h.RemainingM2 = plane is null ? GroundM2(h.Shape) : GroundM2(plane);
    }

    /// <summary>A change to a hazard: made once for every book that holds the same hazard object.</summary>
    internal void UpdateHazard(HazardChange c, EntryContext ctx)
    {
        var before = Refs.Held(Hazards, c.Hazard, "body.hazard");
        Replace(before, ctx.Memo.Once(before, () => Updated(before.Copy(), c, ctx.Index, ctx.Envelope)));
    }

    Hazard Updated(Hazard h, HazardChange c, long index, Envelope env)
    {
        var what = new List<string>();
        if (c.Type is { } t && t != h.Type)
        {
            what.Add($"reclassified {h.Type} → {t}");
            h.Type = t;
        }
        if (c.Perimeter is { } p)
        {
            h.Perimeter = p;
            SetRemaining(h, null, MetricShape.Of(p, PlaneFor(p)));
            h.Remaining = p;
            h.EstimatedM2 = h.RemainingM2;
            what.Add($"perimeter re-surveyed: {h.EstimatedM2.ToString("N0", CultureInfo.InvariantCulture)} m²");
        }
        if (c.Status is { } s && s != h.Status)
        {
            what.Add($"status {h.Status} → {s}");
            h.Status = s;
        }
        foreach (var d in c.Devices.Where(h.Devices.Add))
        {
            what.Add($"device {d}");
        }
        foreach (var e in c.Evidence)
        {
            h.Evidence.Add(e);
            what.Add($"evidence {e.Type} ({e.Reliability})");
        }
        h.Blockages.UnionWith(c.Blockages);
        h.Beneficiaries = c.Beneficiaries ?? h.Beneficiaries;
        h.Sources.AddRange(c.Sources);
        h.History.Add(new HazardEvent(index, env.Time, env.Party, what.Count == 0 ? "updated" : string.Join("; ", what), c.Reason));
        return h;
    }

    /// <summary>Land released from a hazard: the activity's outcomes are what was still hazardous of each part submitted.</summary>
    /// <param name="a">This book's own copy of the activity (its outcomes are this book's).</param>
    internal void Release(ReleaseActivity a, EntryContext ctx)
    {
        var before = Refs.Held(Hazards, a.Hazard, "body.hazard");
        Refs.New(Activities, a.Id, "land release activity");
        var (after, outcomes) = ctx.Memo.Once(before, () => Released(before.Copy(), a, ctx.Envelope));
        Activities[a.Id] = a;
        a.Outcomes.AddRange(outcomes);
        Replace(before, after);
    }

    Tuple<Hazard, List<Outcome>> Released(Hazard h, ReleaseActivity a, Envelope env)
    {
        h.Activities.Add(a.Id);
        var outcomes = new List<Outcome>();
        var notes = new List<string>();
        if (a.Requested.Count > 0)
        {
            var partsBefore = h.Parts;
            var remaining = h.RemainingPlane ?? h.Shape.ToPlane(PlaneFactory);
            foreach (var (kind, g) in a.Requested)
            {
                var plane = ToPlane(g);
                var released = OverlayNGRobust.Overlay(remaining, plane, SpatialFunction.Intersection);
                var m2 = GroundM2(released);
                outcomes.Add(new Outcome(kind, g, GroundM2(plane), m2));
                h.ReleasedM2[kind] = h.ReleasedM2.GetValueOrDefault(kind) + m2;
                remaining = OverlayNGRobust.Overlay(remaining, plane, SpatialFunction.Difference);
                notes.Add($"{kind} {m2.ToString("N0", CultureInfo.InvariantCulture)} m²");
            }
            remaining = WithoutSlivers(remaining);
            SetRemaining(h, remaining, remaining.IsEmpty ? h.Shape : null);
            notes.Add($"remaining {h.RemainingM2.ToString("N0", CultureInfo.InvariantCulture)} m²");
            if (remaining.IsEmpty)
            {
                h.Status = "closed";
                notes.Add("closed: no hazardous land remains");
            }
            else if (h.Parts > partsBefore)
            {
                notes.Add($"split into {h.Parts} parts");
            }
        }
        if (a.Type == "handover-certificate" && a.Status == "completed" && h.Status == "closed")
        {
            h.Status = "handed-over";
            notes.Add($"handed over to {a.HandedTo}");
        }
        h.History.Add(new HazardEvent(a.Origin.Index, env.Time, env.Party, $"{a.Type} {a.Id} by {a.Organisation} ({a.Status})"
            + (notes.Count > 0 ? ": " + string.Join(", ", notes) : ""), a.Note));
        return Tuple.Create(h, outcomes);
    }

    Geometry WithoutSlivers(Geometry g)
    {
        var keep = new List<Polygon>();
        for (int i = 0; i < g.NumGeometries; i++)
        {
            if (g.GetGeometryN(i) is Polygon p && GroundM2(p) >= SliverM2)
            {
                keep.Add(p);
            }
        }
        return keep.Count == 1 ? keep[0] : PlaneFactory.CreateMultiPolygon([.. keep]);
    }
}
