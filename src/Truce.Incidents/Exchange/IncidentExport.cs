using System.Globalization;
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

    /// <summary>Writes every incident <paramref name="reader"/> may see in <paramref name="dataset"/>'s layout;
    /// <paramref name="name"/> fills each incident's nearest settlement (the reader's naming). Returns how many.</summary>
    public static async Task<long> WriteAsync(IncidentsModule module, Reader reader, EventDataset dataset, TextWriter text,
        Func<IncidentView, IncidentView>? name = null, IProgress<long>? progress = null, CancellationToken stop = default)
    {
        var csv = dataset.WriteHeader(text);
        long after = -1, written = 0;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var page = module.Read(reader, b => IncidentQueries.Incidents(b, new IncidentFilter { After = after, Limit = PageSize }));
            foreach (var v in page.Items)
            {
                csv.Write(dataset.Row(name is null ? v : name(v)));
            }
            written += page.Items.Count;
            progress?.Report(written);
            await text.FlushAsync(stop).ConfigureAwait(false);
            if (page.Next is null)
            {
                return written;
            }
            after = long.Parse(page.Next, CultureInfo.InvariantCulture);
        }
    }
}
