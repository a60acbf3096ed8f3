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
        var ordered = cells.OrderBy(c => c.Key.Y).ThenBy(c => c.Key.X).Select(c => c.Value).ToList();
        return new LayerClusters(
            [.. ordered.Where(t => t.Count > 1).Select(t => t.Cluster())],
            [.. ordered.Where(t => t.Count == 1).Select(t => spec.Feature(spec.Expand((TRecord)t.Single!)!, query))],
            matched);
    })!;

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
