using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Http;
using Truce.Server.Hosting;
using Truce.Server.Pages;
using Truce.Server.Reports;

namespace Truce.Cli.Commands;

/// <summary>
/// <c>truce report daily|weekly --date D --out FILE</c>: a situation report as HTML, or as PDF when FILE ends in .pdf
/// (or <c>--format pdf</c>), made from the local deployment as <c>--reader</c> sees it (default: the public), or fetched
/// from a server (<c>--server</c>, <c>--token</c>). <c>--publish PARTY</c> then logs a <c>report.publish</c> entry,
/// signed with that mission party's key, holding the file's SHA-256, its period and the log size it reflects.
/// </summary>
static class ReportCommand
{
    public static Command Create()
    {
        var report = new Command("report", "Situation reports, daily or weekly, as HTML or PDF");
        foreach (var kind in SituationReports.Kinds)
        {
            report.Subcommands.Add(For(kind));
        }
        return report;
    }

    static Command For(string kind)
    {
        var date = new Option<string?>("--date") { Description = "The period's first day, YYYY-MM-DD (default: the latest period that has ended)" };
        var hour = new Option<int>("--hour") { Description = "The hour (UTC) at which days are cut", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The file to write (.html, or .pdf for a PDF)", Required = true };
        var format = new Option<string?>("--format") { Description = "html or pdf (default: from the file's extension)" };
        var naming = new Option<string>("--naming") { Description = "How places are named: neutral, az, am or a language code", DefaultValueFactory = _ => "neutral" };
        var reader = new Option<string?>("--reader") { Description = "Make it as this party sees the record (default: the public)" };
        var publish = new Option<string?>("--publish") { Description = "Log it as published, signed by this mission party's key in the folder (a report.publish entry)" };
        var through = new Through();
        var data = Cli.Data();
        return Cli.Command(kind, $"Write the {kind} situation report", async (pr, ct) =>
        {
            var file = pr.GetValue(output)!;
            var pdf = (pr.GetValue(format) ?? (file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? "pdf" : "html")) switch
            {
                "pdf" => true,
                "html" => false,
                _ => throw new ValidationException("--format", "must be html or pdf"),
            };
            var period = SituationReports.PeriodOf(kind, pr.GetValue(date), pr.GetValue(hour), Cli.Time.GetUtcNow(), ("--date", "--hour"));
            var day = DateOnly.FromDateTime(period.From.UtcDateTime);
            await using var dep = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            byte[] bytes;
            long size;
            if (pr.GetValue(through.Server) is { } url)
            {
                var token = pr.GetValue(through.Token) is { } given ? dep.ReadSecret(given) ?? given : null;
                (bytes, size) = await FetchAsync(url, token, kind, day, period.From.UtcDateTime.Hour, pr.GetValue(naming)!, pdf, ct);
            }
            else
            {
                var who = pr.GetValue(reader) is { } party ? new Reader(party, dep.Ledger.Registry.IsMissionParty(party)) : Reader.Anonymous;
                string html;
                (html, size) = await ReportRenderer.HtmlAsync(dep.Ledger, ReadersGazetteer.For(dep.Ledger, who, dep.LoadGazetteer()), who, period, pr.GetValue(naming)!, Texts.For(null));
                bytes = pdf ? await ReportRenderer.PdfAsync(html, ct) : System.Text.Encoding.UTF8.GetBytes(html);
            }
            await File.WriteAllBytesAsync(file, bytes, ct);
            var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Console.WriteLine($"{file}: {bytes.Length} bytes, sha256 {digest}");
            if (pr.GetValue(publish) is { } publisher)
            {
                var body = new JsonObject
                {
                    ["period"] = kind,
                    ["start"] = period.From.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    ["end"] = period.To.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    ["sha256"] = digest,
                    ["mediaType"] = pdf ? "application/pdf" : "text/html",
                    ["logSize"] = size,
                    ["title"] = $"{kind} situation report from {day:yyyy-MM-dd}",
                };
                var index = await through.SubmitAsync(pr, dep, publisher, EntryKinds.ReportPublish, body, Visibility.Public, ct);
                Console.WriteLine($"published as entry {index}");
            }
        }, [date, hour, output, format, naming, reader, publish, data, .. through.All]);
    }

    /// <summary>The report from a server, and the log size it reflects (its Truce-Log-Size header).</summary>
    static async Task<(byte[] Bytes, long Size)> FetchAsync(string url, string? token, string kind, DateOnly day, int hour, string naming, bool pdf,
        CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        var path = string.Create(CultureInfo.InvariantCulture, $"/reports/{kind}{(pdf ? ".pdf" : "")}?date={day:yyyy-MM-dd}&hour={hour}&naming={Uri.EscapeDataString(naming)}");
        using var resp = await http.GetAsync(path, ct);
        var bytes = await resp.Content.ReadAsByteArrayAsync(ct);
        if (!resp.IsSuccessStatusCode)
        {
            throw new ValidationException("--server", $"{(int)resp.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(300, bytes.Length)])}");
        }
        var size = resp.Headers.TryGetValues("Truce-Log-Size", out var v) && long.TryParse(v.First(), CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (bytes, size);
    }
}
