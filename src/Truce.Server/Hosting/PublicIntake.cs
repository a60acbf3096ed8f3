using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;

namespace Truce.Server.Hosting;

/// <summary>A report from a member of the public, as the form gives it.</summary>
public sealed record PublicReport(string Category, string Type, DateTimeOffset Start, double Lat, double Lon, string? Place,
    string Description, string? Contact);

/// <summary>
/// The public report form's way into the log. Nobody from the public holds a key, so the deployment's party of kind
/// <c>public</c> leaves one with the server (<c>serverHeld</c>, so every entry it signs says <c>"signer": "server"</c>),
/// and the server signs what the form gives with it. The report is logged for the mission parties (vis <c>party</c>):
/// unverified words from anyone are triaged before anyone relies on them. The contact details, when given, go in a
/// separate note that only the mission party may read (vis <c>restricted</c> to it), so no reader of the report sees them
/// and they can be erased on their own.
/// </summary>
public sealed class PublicIntake(Deployment d)
{
    /// <summary>The intake key as last read from the folder: read and imported once (libsodium guards each imported
    /// key's pages), and used while the registry still has it as a current server-held key of a public party.</summary>
    SigningKey? _loaded;

    /// <summary>The intake key: a current server-held key of a party of kind public, whose seed this folder holds; null
    /// when the deployment takes no public reports.</summary>
    public SigningKey? Key() => d.Ledger.WithRegistry(r =>
    {
        bool Current(SigningKey key) => r.Keys.Any(k => k.Id == key.KeyId && k.Party == key.Party && k.ServerHeld && k.RevokedAt is null)
            && r.FindParty(key.Party)?.Kind == "public";
        if (Volatile.Read(ref _loaded) is { } kept && Current(kept))
        {
            return kept;
        }
        // The folder is read only for a public party the registry says left a key with the server.
        foreach (var party in r.Parties.Where(p => p.Kind == "public" && r.Keys.Any(k => k.Party == p.Id && k.ServerHeld && k.RevokedAt is null))
            .OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(d.Directory, "keys", $"{party.Id}.key")) && Deployment.LoadKey(d.Directory, party.Id) is var key && Current(key))
            {
                Volatile.Write(ref _loaded, key);
                return key;
            }
        }
        return null;
    });

    /// <summary>Logs the report (and the contact note); the report's index. Bad input is named by the form's fields.</summary>
    public async Task<long> SubmitAsync(PublicReport report, CancellationToken ct)
    {
        var key = Key() ?? throw new RefusedException(RefusalKind.Forbidden, "this deployment takes no public reports (no public party has left a key with the server)");
        var synthetic = d.Ledger.WithRegistry(r => r.Synthetic);
        var body = new JsonObject
        {
            ["category"] = report.Category,
            ["type"] = report.Type,
            ["time"] = new JsonObject { ["start"] = Envelope(report.Start), ["precision"] = "hour" },
            ["location"] = new JsonObject
            {
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(report.Lon, report.Lat) },
                ["precision"] = "near",
                ["text"] = report.Place,
            },
            ["source"] = new JsonObject { ["kind"] = "public" },
            ["confidence"] = "low",
            ["description"] = report.Description,
        };
        if (synthetic)
        {
            body["synthetic"] = true;
        }
        var now = d.Ledger.Time.GetUtcNow();
        var caller = d.SystemCaller(key.Party);
        var (env, b) = EntryBuilder.Build(d.Ledger.Origin, "report", key, body, now, Visibility.Party, serverHeld: true);
        long index;
        try
        {
            index = (await d.Ledger.SubmitAsync(env, b, caller, ct).ConfigureAwait(false)).Index;
        }
        catch (ValidationException e)
        {
            throw new ValidationException([.. e.Errors.Select(x => x with { Field = FormField(x.Field) })]);
        }
        if (report.Contact is { } contact)
        {
            var note = new JsonObject { ["text"] = $"Contact given with public report {index}: {contact}" };
            var (nenv, nb) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.Note, key, note, now, Visibility.Restricted,
                [d.Ledger.WithRegistry(r => r.MissionParty) ?? "mission"], serverHeld: true);
            await d.Ledger.SubmitAsync(nenv, nb, caller, ct).ConfigureAwait(false);
        }
        return index;
    }

    static string Envelope(DateTimeOffset t) => Ledger.Entries.Envelope.FormatTime(t);

    /// <summary>The report kind names its own fields (body.time.start); the form's request has its own (body.start).</summary>
    static string FormField(string field) => field switch
    {
        _ when field.StartsWith("body.time", StringComparison.Ordinal) => "body.start",
        _ when field.StartsWith("body.location.text", StringComparison.Ordinal) => "body.place",
        _ when field.StartsWith("body.location", StringComparison.Ordinal) => "body.lat",
        _ => field,
    };
}
