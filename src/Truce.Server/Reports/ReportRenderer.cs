using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Truce.Core.Access;
using Truce.Core.Services;
using Truce.Places;
using Truce.Server.Pages;

namespace Truce.Server.Reports;

/// <summary>
/// A situation report made into its file: the page as HTML (one Razor component rendered to a string, the same for the
/// server and <c>truce report</c>), and the PDF printed from that HTML by headless Chromium.
/// </summary>
public static class ReportRenderer
{
    /// <summary>What the page's renderer needs, made once: the pages' encoder, UTF-8 as the other pages' (names in
    /// Armenian, Azerbaijani and Russian stay readable, not numeric references).</summary>
    static readonly ServiceProvider Services = new ServiceCollection()
        .AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All)).BuildServiceProvider();

    /// <summary>The page, and the log size it reflects (what a <c>report.publish</c> entry records).</summary>
    public static async Task<(string Html, long LogSize)> HtmlAsync(LedgerService l, Gazetteer g, Reader reader, Core.Modules.ReportPeriod period,
        string naming, Texts texts)
    {
        var report = SituationReports.Build(l, g, reader, period, naming);
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var page = await renderer.RenderComponentAsync<SituationReportPage>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                ["R"] = report,
                ["T"] = texts,
                ["Map"] = ReportSvg.Map(report, l.Area),
                ["Chart"] = ReportSvg.Chart(report),
            }));
            return page.ToHtmlString();
        });
        return (html, report.LogSize);
    }

    /// <summary>Debian's Chromium, or the one TRUCE_CHROMIUM names; null when there is none.</summary>
    public static string? Chromium =>
        Environment.GetEnvironmentVariable("TRUCE_CHROMIUM") is { Length: > 0 } given ? given : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    /// <summary>One PDF at a time: a Chromium takes a few hundred megabytes and most of a core.</summary>
    static readonly SemaphoreSlim One = new(1);

    /// <summary>
    /// Prints the page to PDF with headless Chromium, in a private temporary folder (0700) removed afterwards. Every
    /// host name fails to resolve and the page's own policy allows no script and nothing fetched (its
    /// Content-Security-Policy), so a report's text cannot make the browser run or fetch anything.
    /// </summary>
    public static async Task<byte[]> PdfAsync(string html, CancellationToken ct)
    {
        var chromium = Chromium ?? throw new IOException("PDF reports need Chromium: apt-get install chromium, or set TRUCE_CHROMIUM");
        await One.WaitAsync(ct).ConfigureAwait(false);
        DirectoryInfo? dir = null;
        try
        {
            dir = Directory.CreateTempSubdirectory("truce-report-");
            var page = Path.Combine(dir.FullName, "report.html");
            var pdf = Path.Combine(dir.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, ct).ConfigureAwait(false);
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[]
            {
                "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                $"--user-data-dir={Path.Combine(dir.FullName, "profile")}", "--no-pdf-header-footer", $"--print-to-pdf={pdf}",
            })
            {
                psi.ArgumentList.Add(a);
            }
            if (Environment.UserName == "root")
            {
                // Chromium's sandbox refuses to run as root; the page is our own, static and without scripts.
                psi.ArgumentList.Add("--no-sandbox");
            }
            psi.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var p = Process.Start(psi) ?? throw new IOException("Chromium did not start");
            var output = p.StandardOutput.ReadToEndAsync(ct);
            var errors = p.StandardError.ReadToEndAsync(ct);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await p.WaitForExitAsync(budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw;
            }
            await output.ConfigureAwait(false);
            var log = await errors.ConfigureAwait(false);
            return File.Exists(pdf) && new FileInfo(pdf).Length > 0 ? await File.ReadAllBytesAsync(pdf, ct).ConfigureAwait(false)
                : throw new IOException($"Chromium made no PDF (exit {p.ExitCode}): {log.Split('\n').FirstOrDefault(x => x.Length > 0)}");
        }
        finally
        {
            One.Release();
            dir?.Delete(recursive: true);
        }
    }
}
