using System.Globalization;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;
using Truce.Server.Pages;
using Truce.Server.Reports;

namespace Truce.Server.Endpoints;

/// <summary>
/// Situation reports: <c>/reports/daily?date=YYYY-MM-DD</c> and <c>/reports/weekly?date=…</c> as HTML, the same with
/// <c>.pdf</c> as PDF (headless Chromium), as the reader may see the record. <c>hour</c> is the cut hour (UTC, default
/// 0); without a date, the latest period that has ended.
/// </summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app) => app.MapGet("/reports/{name}", Get).ExcludeFromDescription();

    static async Task<IResult> Get(string name, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var pdf = name.EndsWith(".pdf", StringComparison.Ordinal);
        var kind = pdf ? name[..^4] : name;
        if (!SituationReports.Kinds.Contains(kind))
        {
            return TypedResults.Problem(detail: "there are daily and weekly reports: /reports/daily, /reports/weekly (and .pdf)", statusCode: 404);
        }
        var q = new QueryArgs(ctx.Request.Query);
        var period = SituationReports.PeriodOf(kind, q.Str("date", 10), q.Long("hour") ?? 0, l.Time.GetUtcNow(), ("date", "hour"));
        var texts = Texts.For(ctx.Request.Query["lang"].FirstOrDefault());
        var (html, size) = await ReportRenderer.HtmlAsync(l, g, Requests.ReaderOf(ctx, l), period, Naming.Of(q), texts);
        // What a publisher records with the file's digest: the log size the report was made from.
        ctx.Response.Headers["Truce-Log-Size"] = size.ToString(CultureInfo.InvariantCulture);
        if (!pdf)
        {
            return TypedResults.Text(html, "text/html; charset=utf-8");
        }
        if (ReportRenderer.Chromium is null)
        {
            return TypedResults.Problem(detail: "PDF reports need Chromium on the server (apt-get install chromium, or set TRUCE_CHROMIUM); the HTML report is at the same address without .pdf",
                statusCode: 503);
        }
        var bytes = await ReportRenderer.PdfAsync(html, ctx.RequestAborted);
        return TypedResults.File(bytes, "application/pdf", $"truce-{kind}-{period.From.UtcDateTime:yyyy-MM-dd}.pdf");
    }
}
