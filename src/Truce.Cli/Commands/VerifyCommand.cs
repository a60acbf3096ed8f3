using System.CommandLine;
using System.Text.Json;
using Truce.Core.Services;
using Truce.Ledger.Notes;
using Truce.Ledger.Verification;

namespace Truce.Cli.Commands;

/// <summary>The auditor's tool: checks a log (on a server or in a folder) against its key and a saved checkpoint.</summary>
static class VerifyCommand
{
    public static Command Create()
    {
        var log = new Option<string?>("--log") { Description = "The log: a URL (…/log/) or a folder holding checkpoint and tile/" };
        var store = Cli.Store();
        store.Description = "Or the log in a PostgreSQL database (a postgres:// URL or an Npgsql connection string), read directly";
        var key = new Option<string>("--key") { Description = "The log's verifier key (name+id+key)", Required = true };
        var since = new Option<string?>("--since") { Description = "A checkpoint saved earlier that the log must still be consistent with" };
        var generic = new Option<bool>("--generic") { Description = "Check only the log layer (any C2SP tlog-tiles log)" };
        var evidence = new Option<string?>("--evidence") { Description = "A folder of downloaded evidence files to check against the log's evidence.add entries" };
        return Cli.Command("verify", "Verify a log: checkpoint signature, every tile and entry, consistency with a saved checkpoint", async (pr, ct) =>
        {
            NoteVerifier verifier;
            try
            {
                verifier = NoteKeys.ParseVerifier(pr.GetValue(key)!.Trim());
            }
            catch (FormatException e)
            {
                throw new Core.Entries.ValidationException("--key", e.Message);
            }
            using var http = new HttpClient();
            using var database = pr.GetValue(store) is { } connection ? Server.Hosting.DeploymentStore.OpenPostgres(Server.Hosting.DeploymentStore.Parse(connection)) : null;
            var (source, bodies) = Source(pr.GetValue(log), database, http);
            var saved = pr.GetValue(since) is { } path ? await ReadSavedAsync(path, verifier, ct) : null;
            var files = EvidenceCheck.For(pr.GetValue(evidence), pr.GetValue(generic));
            var checker = pr.GetValue(generic) ? null : new TruceEntryChecker(verifier.Name, bodies) { Checked = files is null ? null : files.Seen };
            var auditor = new LogAuditor(source, verifier, checker) { Progress = new Cli.ProgressBar("verify") };
            var report = await auditor.AuditAsync(saved, ct);
            if (!report.Ok)
            {
                foreach (var p in report.Problems)
                {
                    Console.Error.WriteLine($"FAIL {p}");
                }
                Console.Error.WriteLine($"truce verify: {report.Problems.Count} problem(s) in the log of size {report.Size}");
                throw new VerificationFailed();
            }
            Console.WriteLine($"OK: {report.Size} entries verified against {verifier.Name}" +
                (checker is null ? " (log layer only)" : $"; {checker.BodiesChecked} bodies checked") +
                (saved is null ? "" : "; consistent with the saved checkpoint"));
            if (files is not null && files.Run(pr.GetValue(evidence)!) is > 0 and var failed)
            {
                Console.Error.WriteLine($"truce verify: {failed} evidence file(s) do not match the log");
                throw new VerificationFailed();
            }
        }, log, key, since, generic, evidence, store);
    }

    /// <summary>Where the tiles and bodies come from: the database (--store), a server (a URL) or a folder.</summary>
    static (ITileSource Source, Func<long, byte[]?> Bodies) Source(string? target, Server.Hosting.DeploymentStore? database, HttpClient http)
    {
        ITileSource source;
        Func<long, byte[]?> bodies;
        if (database is not null)
        {
            source = new Server.Hosting.StoreTileSource(database.Log);
            bodies = database.Log.ReadBody;
        }
        else if (target is null)
        {
            throw new Core.Entries.ValidationException("--log", "is required (or --store)");
        }
        else if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal))
        {
            var baseUri = new Uri(target.EndsWith('/') ? target : target + "/");
            source = new HttpTileSource(http, baseUri);
            bodies = i => FetchBody(http, new Uri(baseUri, $"../api/entries/{i}"));
        }
        else
        {
            if (!Directory.Exists(target))
            {
                throw new FileNotFoundException($"--log: {target} is neither a URL nor a folder");
            }
            source = new DirectoryTileSource(target);
            bodies = i => File.Exists(Path.Combine(target, "bodies", $"{i}.json")) ? File.ReadAllBytes(Path.Combine(target, "bodies", $"{i}.json")) : null;
        }
        return (source, bodies);
    }

    /// <summary>
    /// The saved checkpoint must itself be one this log's key signed: anything else is a mistake in --since, named
    /// in one line, rather than a problem of the log.
    /// </summary>
    static async Task<string> ReadSavedAsync(string path, NoteVerifier verifier, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new Core.Entries.ValidationException("--since", $"{path} does not exist");
        }
        if (new FileInfo(path).Length > SignedNote.MaxSize)
        {
            throw new Core.Entries.ValidationException("--since", $"{path} is larger than a signed note can be ({SignedNote.MaxSize} bytes)");
        }
        var text = await File.ReadAllTextAsync(path, ct);
        try
        {
            SignedCheckpoint.Open(text, verifier);
        }
        catch (Exception e) when (e is FormatException or NoteVerificationException)
        {
            throw new Core.Entries.ValidationException("--since", $"{path} is not a checkpoint signed by {verifier.Name}: {e.Message}");
        }
        return text;
    }

    /// <summary>
    /// An entry's body as the server serves it to the public: the body, or null where the server says it was erased.
    /// Any other answer (an error such as a damaged store's 500, a 404 for an entry the log holds as public, a reply
    /// that is not an entry) is a body the auditor was owed and did not get, and fails the entry.
    /// </summary>
    static byte[]? FetchBody(HttpClient http, Uri uri)
    {
        using var resp = http.GetAsync(uri).GetAwaiter().GetResult();
        var text = resp.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!resp.IsSuccessStatusCode)
        {
            throw new BodyUnavailableException($"GET {uri} answered {(int)resp.StatusCode}{Detail(text)}");
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                return System.Text.Encoding.UTF8.GetBytes(b.GetRawText());
            }
            if (root.TryGetProperty("bodyState", out var state) && state.ValueKind == JsonValueKind.String && state.GetString() == "erased")
            {
                return null;
            }
        }
        catch (JsonException)
        {
        }
        throw new BodyUnavailableException($"GET {uri} answered 200 with neither a body nor the word that it was erased");
    }

    /// <summary>The problem's detail, when the answer is a problem (RFC 9457) that has one.</summary>
    internal static string Detail(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            // The server's words go to the auditor's terminal: one line, printable, bounded.
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String
                ? ": " + new string([.. d.GetString()!.Take(300).Select(c => char.IsControl(c) ? ' ' : c)]) : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
