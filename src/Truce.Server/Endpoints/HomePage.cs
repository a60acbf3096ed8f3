using System.Net;
using System.Text;
using Truce.Core.Access;
using Truce.Core.Services;
using Truce.Ledger.Notes;

namespace Truce.Server.Endpoints;

/// <summary>A plain server-rendered page: what this deployment is, its parties and keys, the latest entries the reader
/// may see, the checkpoint and who cosigned it, and how to verify the log yourself. Everything but the log's own
/// section comes from the reader's audience class (a browser without a token reads as the public).</summary>
public static class HomePage
{
    public static void MapHome(this IEndpointRouteBuilder app) => app.MapGet("/", Render);

    static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Text a party wrote (a name, a title), isolated so that its direction (a U+202E in it, or a right-to-left
    /// script) cannot reorder the text around it.</summary>
    static string B(string? s) => $"<bdi>{E(s)}</bdi>";

    /// <summary>What the reader may see of the incidents and the mandate: counts that say what they count.</summary>
    static void Summaries(LedgerService l, Reader reader, StringBuilder sb)
    {
        if (l.Module<Incidents.IncidentsModule>() is { } incidents)
        {
            var page = incidents.Read(reader, b => Incidents.Queries.IncidentQueries.Incidents(b, new Incidents.Queries.IncidentFilter { Limit = 10_000 }));
            var byStatus = page.Items.GroupBy(i => i.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {E(g.Key)}");
            sb.Append($"<h2>Incidents</h2><p>{page.Total} incidents (events, each counted once) from {page.Items.Sum(i => i.Reports)} reports (observations) you may see: ")
              .Append(string.Join(", ", byStatus)).Append(". <a href=\"/api/incidents\">List</a>, <a href=\"/api/stats/daily\">daily counts</a>.</p>");
        }
        if (l.Module<Mandate.MandateModule>() is { } mandate)
        {
            var violations = MandateEndpoints.CeasefireViolations(l, reader);
            var view = mandate.Read(reader, b => Mandate.Compliance.ComplianceView.Evaluate(b, l.Time.GetUtcNow(), violations));
            sb.Append("<h2>The mandate</h2><table><tr><th>Framework</th><th>Kept</th><th>At risk</th><th>Breached</th><th>Unknown</th></tr>");
            foreach (var g in view.Provisions.GroupBy(p => (p.Framework, p.Draft)))
            {
                int N(string state) => g.Count(p => p.State == state);
                sb.Append($"<tr><td>{B(g.Key.Framework)}{(g.Key.Draft ? " <small>(draft)</small>" : "")}</td><td>{N("kept")}</td><td>{N("at-risk")}</td><td>{N("breached")}</td><td>{N("unknown")}</td></tr>");
            }
            sb.Append($"</table><p>{view.Parties.Sum(p => p.Open)} open flags ({view.Parties.Sum(p => p.Contested)} contested); each names the rule, the entries and every framework's verdict side by side. <a href=\"/api/compliance\">Compliance</a>.</p>");
        }
    }

    static IResult Render(LedgerService l, HttpContext ctx)
    {
        var note = SignedNote.Parse(l.Sequencer.CheckpointNote);
        var cp = Checkpoint.Parse(note.Text);
        var deployment = l.WithRegistry(r => r.Deployment);
        var name = deployment?.GetProperty("name").GetString() ?? "Truce";
        var synthetic = deployment?.TryGetProperty("synthetic", out var s) == true && s.GetBoolean();
        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(name)}</title>");
        sb.Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
          .Append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}")
          .Append("code,pre{background:#f4f4f4;padding:.1rem .3rem;overflow-x:auto}.banner{background:#fff3cd;padding:.6rem;border:1px solid #e0c36c}</style></head><body>");
        sb.Append($"<h1>{B(name)}</h1>");
        if (synthetic)
        {
            sb.Append("<p class=\"banner\"><strong>Synthetic demo data.</strong> Parties and places are real; every event, report and message here is invented for demonstration.</p>");
        }
        sb.Append("<p>Truce keeps one shared record for the parties to a ceasefire and the mission that keeps it: every entry is signed by its author and appended to a tamper-evident Merkle log that anyone can verify.</p>");
        sb.Append("<h2>Parties and their keys</h2><table><tr><th>Party</th><th>Kind</th><th>Names</th><th>Keys</th></tr>");
        foreach (var (p, keys) in l.WithRegistry(r => r.Parties.OrderBy(p => p.RegisteredAt)
                     .Select(p => (p, r.Keys.Where(k => k.Party == p.Id).ToList())).ToList()))
        {
            sb.Append($"<tr><td><code>{E(p.Id)}</code></td><td>{E(p.Kind)}</td><td>{string.Join("<br>", p.Names.Select(n => $"{B(n.Value)} <small>({E(n.Key)})</small>"))}</td><td>");
            sb.Append(string.Join("<br>", keys.Select(k => $"<code>{E(k.Id)}</code>{(k.RevokedAt is { } r ? $" revoked at entry {r}" : "")}")));
            sb.Append("</td></tr>");
        }
        sb.Append("</table>");
        var reader = EntryEndpoints.ReaderOf(ctx, l);
        Summaries(l, reader, sb);
        sb.Append("<h2>Latest entries you may see</h2><table><tr><th>#</th><th>Kind</th><th>Party</th><th>Time</th><th>Visibility</th></tr>");
        var size = cp.Size;
        foreach (var e in l.List(reader, Math.Max(-1, size - 200), 200).TakeLast(20).Reverse())
        {
            sb.Append($"<tr><td><a href=\"/api/entries/{e.Index}\">{e.Index}</a></td><td>{E(e.Kind)}</td><td>{E(e.Party)}</td><td>{E(e.Time)}</td><td>{E(e.Visibility.ToString().ToLowerInvariant())}</td></tr>");
        }
        var witnesses = l.WithRegistry(r => r.Parties.Where(p => p.WitnessKey is not null).Select(p => (p.Id, Name: p.WitnessKey!.Split('+')[0])).ToList());
        var cosigned = witnesses.Where(w => note.Signatures.Any(sig => sig.Name == w.Name)).Select(w => w.Id).ToList();
        // The log's section: every entry's envelope is public in the log (docs/SECURITY.md, publication rules).
        sb.Append($"</table><section id=\"log\"><h2>Current checkpoint</h2><p>Tree size {cp.Size}. ");
        sb.Append(cosigned.Count == 0 ? "No witness has cosigned it yet." : $"Cosigned by: {E(string.Join(", ", cosigned))}.");
        sb.Append($"</p><pre>{E(l.Sequencer.CheckpointNote)}</pre>");
        var origin = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        sb.Append("<h2>Verify it yourself</h2><p>The log is published as C2SP tlog-tiles under <a href=\"/log/checkpoint\"><code>/log/</code></a>; its key is at <a href=\"/log/key\"><code>/log/key</code></a>. Save the checkpoint now, and later check that the log never rewrote it:</p>");
        sb.Append($"<pre>curl -s {E(origin)}/log/checkpoint &gt; saved-checkpoint\n./truce verify --log {E(origin)}/log/ --key '{E(l.LogKey.ToString())}' --since saved-checkpoint</pre></section>");
        sb.Append("<p>API: <a href=\"/openapi/v1.json\">OpenAPI description</a>, <a href=\"/api/entries\">entries</a>, <a href=\"/api/parties\">parties</a>, ")
          .Append("<a href=\"/api/incidents\">incidents</a>, <a href=\"/api/stats/daily\">daily counts</a>, <a href=\"/api/agreements\">agreements</a>, ")
          .Append("<a href=\"/api/compliance\">compliance</a>, <a href=\"/api/places\">places</a>.</p></body></html>");
        return TypedResults.Content(sb.ToString(), "text/html; charset=utf-8");
    }
}
