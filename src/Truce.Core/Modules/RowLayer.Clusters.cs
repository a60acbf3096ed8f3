using Truce.Core.Access;

namespace Truce.Core.Modules;

public sealed partial class RowLayer<TRecord, TRow>
{
    /// <summary>
    /// One pass over the reader's records: each match is tallied in the cell of its centre; only a cell's first row is
    /// kept, and made a feature if the cell ends with one. Cells come in grid order (rows, then columns), so equal books
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
            if (spec.Expand(r) is not { } row || !Matches(row, query))
            {
                continue;
            }
            matched++;
            var box = spec.Box(row);
            var cell = grid.Cell((box.MinLon + box.MaxLon) / 2, (box.MinLat + box.MaxLat) / 2);
            if (!cells.TryGetValue(cell, out var tally))
            {
                cells[cell] = tally = new CellTally();
            }
            tally.Add(box);
            tally.Single = tally.Count == 1 ? row : null;
        }
        var ordered = cells.OrderBy(c => c.Key.Y).ThenBy(c => c.Key.X).Select(c => c.Value).ToList();
        return new LayerClusters(
            [.. ordered.Where(t => t.Count > 1).Select(t => t.Cluster())],
            [.. ordered.Where(t => t.Count == 1).Select(t => spec.Feature((TRow)t.Single!, query))],
            matched);
    })!;
}
