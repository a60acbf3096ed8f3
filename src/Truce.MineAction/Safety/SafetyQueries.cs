using NetTopologySuite.Geometries;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction.Safety;

/// <summary>A hazard or recorded minefield within the buffer of the queried place, with its distance in metres.</summary>
public sealed record SafetyHit(string Layer, string Id, double DistanceM, Hazard? Hazard, MinefieldRecord? Record)
{
    /// <summary>For a parcel: how much of the parcel lies in the hazard (m²).</summary>
    public double? OverlapM2 { get; init; }
}

/// <summary>A stretch of a route within the buffer of one or more hazards, in metres from the route's start.</summary>
public sealed record Stretch(double FromM, double ToM, IReadOnlyList<string> Hazards, double NearestM);

/// <summary>The answer to "is this place safe": what is known to be dangerous near it, never a promise that it is not.</summary>
public sealed record SafetyAnswer(string Query, double BufferM, IReadOnlyList<SafetyHit> Hits, IReadOnlyList<Stretch> Stretches, double? LengthM,
    double? AreaM2)
{
    public bool AtRisk => Hits.Count > 0;

    /// <summary>Why nothing can be said here (the place is outside the area the deployment records), or null.</summary>
    public string? NoInformation { get; init; }
}

/// <summary>What to consider: whether closed hazards and minefield records count. (Whose records: those in the book
/// asked, which is the reader's.)</summary>
/// <param name="Stop">Fires when the asker has gone (or its time is up): a long route stops between pieces.</param>
public sealed record SafetyOptions(bool IncludeClosed = false, bool IncludeRecords = true, CancellationToken Stop = default);

/// <summary>
/// "Is this point, route or parcel safe?" answered from the hazard index on the metre plane: candidates from the grid,
/// then exact plane distances divided by the projection's scale, so the metres are metres on the ground.
/// </summary>
public static class SafetyQueries
{
    public const double MaxBufferM = 10_000;

    /// <summary>Routes are cut into pieces no longer than this for the index, so a long straight leg does not query a huge box.</summary>
    const double PieceM = 500;

    static bool Counts(Indexed item, SafetyOptions o) => item.Hazard is { } h
        ? o.IncludeClosed || h.Status == "open"
        : o.IncludeRecords;

    static SafetyHit Hit(Indexed item, double d) => item.Hazard is { } h
        ? new SafetyHit("hazard", h.Id, d, h, null)
        : new SafetyHit("minefield-record", item.Record!.Id, d, null, item.Record);

    static IReadOnlyList<SafetyHit> Sorted(IEnumerable<SafetyHit> hits) =>
        [.. hits.OrderBy(h => h.DistanceM).ThenBy(h => h.Layer, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal)];

    public static SafetyAnswer Point(MineActionBook book, double lat, double lon, double bufferM, SafetyOptions o)
    {
        if (book.Plane is not { } tm)
        {
            return new SafetyAnswer("point", bufferM, [], [], null, null);
        }
        var (x, y) = tm.Forward(lat, lon);
        var k = tm.Scale(x, y);
        var b = bufferM * k;
        var candidates = new List<int>();
        book.Query(x - b, y - b, x + b, y + b, candidates);
        var hits = new List<SafetyHit>();
        foreach (var slot in candidates)
        {
            var item = book.Item(slot);
            var s = item.Shape;
            if (x < s.MinX - b || x > s.MaxX + b || y < s.MinY - b || y > s.MaxY + b || !Counts(item, o))
            {
                continue;
            }
            var d = Planar.DistanceToPoint(s, x, y) / k;
            if (d <= bufferM)
            {
                hits.Add(Hit(item, d));
            }
        }
        return new SafetyAnswer("point", bufferM, Sorted(hits), [], null, null);
    }

    public static SafetyAnswer Route(MineActionBook book, Geometry route, double bufferM, SafetyOptions o)
    {
        if (book.Plane is not { } tm)
        {
            return new SafetyAnswer("route", bufferM, [], [], null, null);
        }
        var line = MetricShape.Of(route, tm);
        var nearest = new Dictionary<int, double>();
        var spans = new List<(double From, double To, int Slot)>();
        var candidates = new List<int>();
        var within = new List<(double T0, double T1)>();
        var chain = 0.0;
        for (int p = 0; p < line.Paths; p++)
        {
            for (int i = line.PathStart[p]; i < line.PathStart[p + 1] - 1; i++)
            {
                double ax = line.X[i], ay = line.Y[i], bx = line.X[i + 1], by = line.Y[i + 1];
                var planeLength = Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
                var pieces = Math.Max(1, (int)Math.Ceiling(planeLength / PieceM));
                for (int q = 0; q < pieces; q++)
                {
                    o.Stop.ThrowIfCancellationRequested();
                    double px = ax + (bx - ax) * q / pieces, py = ay + (by - ay) * q / pieces;
                    double qx = ax + (bx - ax) * (q + 1) / pieces, qy = ay + (by - ay) * (q + 1) / pieces;
                    var k = tm.Scale((px + qx) / 2, (py + qy) / 2);
                    var b = bufferM * k;
                    var groundLength = tm.GroundLength(px, py, qx, qy);
                    candidates.Clear();
                    book.Query(Math.Min(px, qx) - b, Math.Min(py, qy) - b, Math.Max(px, qx) + b, Math.Max(py, qy) + b, candidates);
                    foreach (var slot in candidates)
                    {
                        var item = book.Item(slot);
                        var s = item.Shape;
                        if (!Planar.SegmentNearBox(px, py, qx, qy, s.MinX, s.MinY, s.MaxX, s.MaxY, b) || !Counts(item, o))
                        {
                            continue;
                        }
                        var d = Planar.DistanceToSegment(s, px, py, qx, qy) / k;
                        if (d > bufferM)
                        {
                            continue;
                        }
                        nearest[slot] = Math.Min(nearest.GetValueOrDefault(slot, double.PositiveInfinity), d);
                        within.Clear();
                        Planar.WithinIntervals(s, px, py, qx, qy, b, within);
                        foreach (var (t0, t1) in within)
                        {
                            spans.Add((chain + t0 * groundLength, chain + t1 * groundLength, slot));
                        }
                    }
                    chain += groundLength;
                }
            }
        }
        var hits = Sorted(nearest.Select(n => Hit(book.Item(n.Key), n.Value)));
        return new SafetyAnswer("route", bufferM, hits, Merge(book, spans, nearest), chain, null);
    }

    /// <summary>Overlapping or touching spans (from any hazards) become one stretch naming every hazard in it.</summary>
    static List<Stretch> Merge(MineActionBook book, List<(double From, double To, int Slot)> spans, Dictionary<int, double> nearest)
    {
        spans.Sort((a, b) => a.From.CompareTo(b.From));
        var stretches = new List<Stretch>();
        var i = 0;
        while (i < spans.Count)
        {
            var (from, to) = (spans[i].From, spans[i].To);
            var slots = new SortedSet<int>();
            while (i < spans.Count && spans[i].From <= to + 1e-6)
            {
                to = Math.Max(to, spans[i].To);
                slots.Add(spans[i].Slot);
                i++;
            }
            var ids = slots.Select(s => book.Item(s).Hazard?.Id ?? book.Item(s).Record!.Id).Order(StringComparer.Ordinal).ToList();
            stretches.Add(new Stretch(from, to, ids, slots.Min(s => nearest[s])));
        }
        return stretches;
    }

    public static SafetyAnswer Parcel(MineActionBook book, Geometry parcel, double bufferM, SafetyOptions o)
    {
        if (book.Plane is not { } tm)
        {
            return new SafetyAnswer("parcel", bufferM, [], [], null, null);
        }
        var shape = MetricShape.Of(parcel, tm);
        var (cx, cy) = Planar.Centre(shape);
        var k = tm.Scale(cx, cy);
        var b = bufferM * k;
        var candidates = new List<int>();
        book.Query(shape.MinX - b, shape.MinY - b, shape.MaxX + b, shape.MaxY + b, candidates);
        var hits = new List<SafetyHit>();
        foreach (var slot in candidates)
        {
            o.Stop.ThrowIfCancellationRequested();
            var item = book.Item(slot);
            var s = item.Shape;
            if (shape.MaxX < s.MinX - b || shape.MinX > s.MaxX + b || shape.MaxY < s.MinY - b || shape.MinY > s.MaxY + b || !Counts(item, o))
            {
                continue;
            }
            var d = Planar.Distance(s, shape) / k;
            if (d > bufferM)
            {
                continue;
            }
            double? overlap = d == 0 && shape.HasArea ? tm.GroundOverlap(s, shape) : null;
            hits.Add(Hit(item, d) with { OverlapM2 = overlap });
        }
        return new SafetyAnswer("parcel", bufferM, Sorted(hits), [], null, shape.HasArea ? book.GroundM2(shape) : null);
    }
}
