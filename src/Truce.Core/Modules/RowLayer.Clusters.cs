using Truce.Core.Access;

namespace Truce.Core.Modules;

public sealed partial class RowLayer<TRecord, TRow>
{
    /// <summary>
    /// One pass over the reader's records: each match is tallied in the cell of its centre; only a cell's first record
    /// is kept, and made a feature if the cell ends with one. A layer that can <see cref="RowSpec{TRecord, TRow}.Locate"/>
    /// its records makes rows only for a filter that reads them. Cells come in grid order (rows, then columns), so equal books
    /// give equal answers.
    /// </summary>
    public override LayerClusters Clusters(Reader reader, LayerQuery query, MapGrid grid) => (LayerClusters)scope(reader, records =>
    {
        if (PointsOf(records, readsProperties: query.Where is not null) is { } points)
        {
            return ClustersOf(points, query, grid);
        }
        var cells = new Dictionary<(long X, long Y), CellTally>();
        long matched = 0;
        var n = 0;
        foreach (var r in records)
        {
            Tick(n++, query.Stop);
            if (Place(r, query) is not { } box)
            {
                continue;
            }
            matched++;
            var cell = grid.Cell((box.MinLon + box.MaxLon) / 2, (box.MinLat + box.MaxLat) / 2);
            if (!cells.TryGetValue(cell, out var tally))
            {
                cells[cell] = tally = new CellTally();
            }
            tally.Add(box);
            tally.Single = tally.Count == 1 ? r : null;
        }
        return Answer(cells, matched, query);
    })!;

    /// <summary>The same pass over a book's kept points: arrays, not records.</summary>
    LayerClusters ClustersOf(PointIndex<TRecord> points, LayerQuery query, MapGrid grid)
    {
        var cells = new Dictionary<(long X, long Y), CellTally>();
        var units = grid.OfUnits;
        long matched = 0;
        for (var slot = 0; slot < points.Slots; slot++)
        {
            Tick(slot, query.Stop);
            if (!points.Live(slot) || !Holds(points, slot, query))
            {
                continue;
            }
            matched++;
            var (x, y) = points.Unit(slot);
            var cell = units.Cell(x, y);
            if (!cells.TryGetValue(cell, out var tally))
            {
                cells[cell] = tally = new CellTally();
            }
            tally.Add(points.Lon(slot), points.Lat(slot));
            tally.Single = tally.Count == 1 ? points.Record(slot) : null;
        }
        return Answer(cells, matched, query);
    }

    /// <summary>Where and when a book's kept points lie.</summary>
    static LayerExtent ExtentOf(PointIndex<TRecord> points, CancellationToken stop)
    {
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        DateTimeOffset? start = null, end = null;
        for (var slot = 0; slot < points.Slots; slot++)
        {
            Tick(slot, stop);
            if (!points.Live(slot))
            {
                continue;
            }
            (minLon, maxLon) = (Math.Min(minLon, points.Lon(slot)), Math.Max(maxLon, points.Lon(slot)));
            (minLat, maxLat) = (Math.Min(minLat, points.Lat(slot)), Math.Max(maxLat, points.Lat(slot)));
            var (s, e) = points.Time(slot);
            start = s is { } x && (start is null || x < start) ? x : start;
            end = e is { } y && (end is null || y > end) ? y : end;
        }
        return new LayerExtent(points.Count == 0 ? null : new BoundingBox(minLon, minLat, maxLon, maxLat), start, end);
    }

    /// <summary>Cells in grid order (rows, then columns): clusters, and the features of cells holding one.</summary>
    LayerClusters Answer(Dictionary<(long X, long Y), CellTally> cells, long matched, LayerQuery query)
    {
        var ordered = cells.OrderBy(c => c.Key.Y).ThenBy(c => c.Key.X).Select(c => c.Value).ToList();
        return new LayerClusters(
            [.. ordered.Where(t => t.Count > 1).Select(t => t.Cluster())],
            [.. ordered.Where(t => t.Count == 1).Select(t => spec.Feature(spec.Expand((TRecord)t.Single!)!, query))],
            matched);
    }

    /// <summary>The book's kept points when it keeps them and they answer the pass: a layer of points that can
    /// <see cref="RowSpec{TRecord, TRow}.Locate"/> its records, and read their properties without rows if the pass
    /// filters on them. Null: pass over the records.</summary>
    PointIndex<TRecord>? PointsOf(IEnumerable<TRecord> records, bool readsProperties) =>
        records is IPointIndexed<TRecord> indexed && GeometryType == "Point" && spec.Locate is not null
            && (!readsProperties || spec.RecordProperties is not null)
            ? indexed.Points(_place ??= Placed)
            : null;

    /// <summary>What the kept index holds of a record: one delegate per layer, so the book makes its index once.</summary>
    Func<TRecord, IndexedPoint?>? _place;

    IndexedPoint? Placed(TRecord r) => spec.Locate!(r) is { } at
        ? new IndexedPoint((at.Box.MinLon + at.Box.MaxLon) / 2, (at.Box.MinLat + at.Box.MaxLat) / 2, at.Time.Start, at.Time.End, spec.RecordProperties?.Invoke(r))
        : null;

    /// <summary>Whether a kept point passes the query's box, time window and filter, as <see cref="Place"/> decides for a record.</summary>
    static bool Holds(PointIndex<TRecord> points, int slot, LayerQuery q) =>
        (q.Bbox is not { } box || box.Contains(points.Lon(slot), points.Lat(slot)))
        && ((q.From is null && q.To is null) || During(points.Time(slot), q))
        && (q.Where is null || (points.Properties(slot) is { } p && q.Where(p)));

    /// <summary>Whether the query's filter holds for a record: from <see cref="RowSpec{TRecord, TRow}.RecordProperties"/>
    /// when the layer has it, else from its row.</summary>
    bool WhereHolds(TRecord r, LayerQuery q) => spec.RecordProperties is { } properties
        ? properties(r) is { } p && q.Where!(p)
        : spec.Expand(r) is { } shown && MatchesWhere(shown, q);

    /// <summary>Where a record lies if it matches the query (its box), or null.</summary>
    BoundingBox? Place(TRecord r, LayerQuery q)
    {
        if (spec.Locate is { } locate)
        {
            return locate(r) is { } at && InPlace(at.Box, at.Time, q) && (q.Where is null || WhereHolds(r, q)) ? at.Box : null;
        }
        return spec.Expand(r) is { } row && Matches(row, q) ? spec.Box(row) : null;
    }
}
