using Microsoft.AspNetCore.Http.HttpResults;
using Truce.Core.Services;
using Truce.Http;
using Truce.Ledger.Notes;
using Truce.Server.Pages;

namespace Truce.Server.Endpoints;

/// <summary>A plain server-rendered page (<see cref="Home"/>): what this deployment is, its parties and keys, what each
/// module tells the reader, the latest entries the reader may see, the checkpoint and who cosigned it, and how to verify
/// the log yourself. Everything but the log's own section comes from the reader's audience class (a browser without a
/// token reads as the public).</summary>
public static class HomePage
{
    /// <summary>A page for people, not an API: left out of /openapi/v1.json.</summary>
    public static void MapHome(this IEndpointRouteBuilder app) => app.MapGet("/ledger", Render).ExcludeFromDescription();

    /// <summary>The latest 20 report.publish entries the reader may see, with what each body says (none when erased).</summary>
    static List<HomePublished> Published(LedgerService l, Core.Access.Reader reader)
    {
        // The latest 20: pages of a thousand (a daily report a day fills one in three years), keeping the last.
        var rows = new List<Core.Views.EntryRow>();
        for (long after = -1; ;)
        {
            var page = l.List(reader, after, 1000, Core.Entries.EntryKinds.ReportPublish);
            rows.AddRange(page);
            rows.RemoveRange(0, Math.Max(0, rows.Count - 20));
            if (page.Count < 1000)
            {
                break;
            }
            after = page[^1].Index;
        }
        var published = new List<HomePublished>();
        foreach (var row in Enumerable.Reverse(rows))
        {
            if (l.Read(row.Index, reader)?.Body is not { } text)
            {
                continue;
            }
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            var b = doc.RootElement;
            published.Add(new HomePublished(row.Index, row.Party, b.GetProperty("period").GetString()!, b.GetProperty("start").GetString()!,
                b.GetProperty("end").GetString()!, b.GetProperty("mediaType").GetString()!, b.GetProperty("sha256").GetString()!, b.GetProperty("logSize").GetInt64()));
        }
        return published;
    }

    static RazorComponentResult<Home> Render(LedgerService l, HttpContext ctx)
    {
        var note = SignedNote.Parse(l.Sequencer.CheckpointNote);
        var cp = Checkpoint.Parse(note.Text);
        var reader = Requests.ReaderOf(ctx, l);
        var parties = l.WithRegistry(r => r.Parties.OrderBy(p => p.RegisteredAt).Select(p => new HomeParty(p.Id, p.Kind,
            [.. p.Names.Select(n => (n.Key, n.Value))],
            [.. r.Keys.Where(k => k.Party == p.Id).Select(k => (k.Id, k.RevokedAt))])).ToList());
        var latest = l.List(reader, Math.Max(-1, cp.Size - 200), 200).TakeLast(20).Reverse()
            .Select(e => new HomeEntry(e.Index, e.Kind, e.Party, e.Time, e.Visibility.ToString().ToLowerInvariant())).ToList();
        var witnesses = l.WithRegistry(r => r.Parties.Where(p => p.WitnessKey is not null).Select(p => (p.Id, Name: p.WitnessKey!.Split('+')[0])).ToList());
        var model = new HomeModel(
            Name: l.WithRegistry(r => r.DeploymentName),
            Synthetic: l.WithRegistry(r => r.Synthetic),
            Parties: parties,
            Summaries: [.. l.Modules.Select(m => m.Summarise(reader, l)).OfType<Core.Modules.ModuleSummary>()],
            Latest: latest,
            Size: cp.Size,
            Cosigners: [.. witnesses.Where(w => note.Signatures.Any(sig => sig.Name == w.Name)).Select(w => w.Id)],
            CheckpointNote: l.Sequencer.CheckpointNote,
            Origin: $"{ctx.Request.Scheme}://{ctx.Request.Host}",
            LogKey: l.LogKey.ToString());
        return new RazorComponentResult<Home>(new { Model = model with { Published = Published(l, reader) } });
    }
}
