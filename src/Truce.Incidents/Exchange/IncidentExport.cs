using Truce.Core.Access;
using Truce.Incidents.Queries;

namespace Truce.Incidents.Exchange;

/// <summary>
/// The incidents a reader may see, in id order, a page at a time, for an export of any size: each page is read under
/// the module's lock and written out before the next is read, so memory stays flat and writers are not held up.
/// </summary>
public static class IncidentExport
{
    public const int PageSize = 1000;

    /// <summary>The next page of incidents after <paramref name="after"/>, as the list shows them (not counting every
    /// match, which the list's total does and an export does not need), and the id to continue after (null at the end).</summary>
    static (List<IncidentView> Page, long? Last) Page(IncidentBook book, long after)
    {
        var page = new List<IncidentView>(PageSize);
        long? last = null;
        // OrderBy then Take sorts only the page (a partial sort): one pass over the book per page, not a sort of it all.
        var batch = book.Correlator.Incidents.Values.Where(i => i.MergedInto is null && i.Id > after).OrderBy(i => i.Id).Take(PageSize + 1).ToList();
        foreach (var i in batch.Take(PageSize))
        {
            var visible = i.Reports.Select(x => book.Correlator.Reports[x]).ToList();
            if (visible.Count > 0 && IncidentQueries.View(book, i, visible) is { } v)
            {
                page.Add(v);
            }
            last = i.Id;
        }
        return (page, batch.Count > PageSize ? last : null);
    }

    /// <summary>Writes every incident <paramref name="reader"/> may see in <paramref name="dataset"/>'s layout;
    /// <paramref name="name"/> fills each incident's nearest settlement (the reader's naming). Returns how many.</summary>
    public static async Task<long> WriteAsync(IncidentsModule module, Reader reader, EventDataset dataset, TextWriter text,
        Func<IncidentView, IncidentView>? name = null, IProgress<long>? progress = null, CancellationToken stop = default)
    {
        // A page is written into memory, then to the stream asynchronously: a server's response refuses synchronous
        // writes, which a TextWriter over it makes whenever its buffer fills.
        var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var csv = dataset.WriteHeader(buffer);
        long after = -1, written = 0;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var (page, last) = module.Read(reader, b => Page(b, after));
            foreach (var v in page)
            {
                csv.Write(dataset.Row(name is null ? v : name(v)));
            }
            written += page.Count;
            progress?.Report(written);
            await text.WriteAsync(buffer.GetStringBuilder(), stop).ConfigureAwait(false);
            buffer.GetStringBuilder().Clear();
            await text.FlushAsync(stop).ConfigureAwait(false);
            if (last is not { } id)
            {
                return written;
            }
            after = id;
        }
    }
}
