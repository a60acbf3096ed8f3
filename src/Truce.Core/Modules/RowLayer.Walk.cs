using Truce.Core.Access;

namespace Truce.Core.Modules;

public sealed partial class RowLayer<TRecord, TRow>
{
    /// <summary>
    /// Orders the references of the reader's records once, by key, then expands a page at a time under the book's lock:
    /// one pass over the book for the whole walk, where a page by <see cref="Page"/> costs one each. The walk holds the
    /// records as of its start (each as it is when its page is read); one merged or removed since is left out.
    /// </summary>
    public override IEnumerable<IReadOnlyList<LayerFeature>> Walk(Reader reader, LayerQuery query, int pageSize)
    {
        var order = (List<(string Key, TRecord Record)>?)scope(reader, records =>
        {
            if (records is IKeyOrdered<TRecord>)
            {
                return null; // each page seeks to its cursor: no order to make
            }
            var list = new List<(string, TRecord)>();
            foreach (var r in records)
            {
                Tick(list.Count, query.Stop);
                list.Add((spec.Key(r), r));
            }
            return list;
        });
        return order is null ? base.Walk(reader, query, pageSize) : WalkInOrder(reader, query, pageSize, order);
    }

    IEnumerable<IReadOnlyList<LayerFeature>> WalkInOrder(Reader reader, LayerQuery query, int pageSize, List<(string Key, TRecord Record)> order)
    {
        order.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var at = 0; at < order.Count; at += pageSize)
        {
            query.Stop.ThrowIfCancellationRequested();
            var from = at;
            yield return (List<LayerFeature>)scope(reader, _ =>
            {
                var page = new List<LayerFeature>(Math.Min(pageSize, order.Count - from));
                for (var i = from; i < Math.Min(order.Count, from + pageSize); i++)
                {
                    if (spec.Expand(order[i].Record) is { } row)
                    {
                        page.Add(spec.Feature(row, query));
                    }
                }
                return page;
            })!;
        }
    }
}
