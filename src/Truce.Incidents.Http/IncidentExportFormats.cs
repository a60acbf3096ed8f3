using System.Text;
using Truce.Http;
using Truce.Incidents.Exchange;

namespace Truce.Incidents.Http;

/// <summary>
/// Incidents in the column layouts of the event datasets (UCDP GED, ACLED; docs/EXCHANGE.md), as formats of the general
/// export (<c>GET /api/export/incidents?format=ucdp-ged</c>, <c>truce export incidents --format acled</c>): the general
/// endpoint does the reader, the budget and the errors; these write the rows.
/// </summary>
public static class IncidentExportFormats
{
    public static IReadOnlyList<CollectionExport> All { get; } =
    [
        .. EventDataset.All.Select(d => new CollectionExport("incidents", new ExportFormat(d.Name, "text/csv", "csv",
            $"every incident the reader may see, one row each, in the column layout of {d.Title}, oldest first",
            (job, to) => WriteAsync(job, d, to)))),
    ];

    static async Task WriteAsync(ExportJob job, EventDataset dataset, Stream to)
    {
        var module = Requests.Module<IncidentsModule>(job.Ledger, "incidents");
        await using var text = new StreamWriter(to, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var near = job.Query.NearestSettlement;
        await IncidentExport.WriteAsync(module, job.Reader, dataset, text,
            near is null ? null : v => v with { Near = near(v.Location.Lat, v.Location.Lon) }, job.Progress, job.Query.Stop).ConfigureAwait(false);
    }
}
