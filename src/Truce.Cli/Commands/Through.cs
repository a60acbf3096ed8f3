using System.CommandLine;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>
/// Where a command's entries go. By default into the local deployment, whose writer this process then becomes; with
/// <c>--server URL</c> through the server that holds the folder (one writer per deployment): the entry is still signed
/// here, with the party's key in the folder, and posted to <c>POST /api/entries</c> with the party's token, so the server
/// never signs for a party and shows the change at once.
/// </summary>
sealed class Through
{
    public Option<string?> Server { get; } = new("--server") { Description = "Send the entries through this running server (e.g. http://127.0.0.1:5080), which holds the folder" };
    public Option<string?> Token { get; } = new("--token") { Description = "API token for --server: the token itself, or a file in keys/ (default: keys/<party>-admin.token)" };

    public Option[] All => [Server, Token];

    /// <summary>Signs <paramref name="body"/> as <paramref name="party"/> and submits it where the command was told to;
    /// returns its log index.</summary>
    public Task<long> SubmitAsync(ParseResult pr, Deployment d, string party, string kind, JsonNode body, Visibility visibility, CancellationToken ct,
        IReadOnlyList<string>? to = null) =>
        SubmitAsync(pr, d, d.LoadKey(party), kind, body, visibility, ct, to);

    /// <summary>With a client id of the caller's (an import's row id, so that importing again finds the same entry).</summary>
    public Task<long> SubmitAsync(ParseResult pr, Deployment d, SigningKey signer, string kind, JsonNode body, Visibility visibility, string cid, CancellationToken ct) =>
        SubmitAsync(pr, d, signer, kind, body, visibility, ct, cid: cid);

    /// <summary>Signed with <paramref name="signer"/> (a key not yet saved in the folder: a rotation's new key).</summary>
    public async Task<long> SubmitAsync(ParseResult pr, Deployment d, SigningKey signer, string kind, JsonNode body, Visibility visibility, CancellationToken ct,
        IReadOnlyList<string>? to = null, string? cid = null)
    {
        var party = signer.Party;
        var now = pr.GetValue(Server) is null ? d.Ledger.Time.GetUtcNow() : Cli.Time.GetUtcNow();
        var (env, b) = EntryBuilder.Build(d.Ledger.Origin, kind, signer, body, now, visibility, to, cid,
            serverHeld: d.HeldByServer(signer));
        if (pr.GetValue(Server) is not { } url)
        {
            return (await d.Ledger.SubmitAsync(env, b, d.SystemCaller(party), ct)).Index;
        }
        var token = TokenFor(pr, d, party);
        var (_, answer) = await Cli.PostAsync(url, token, "/api/entries", new { envelope = env, body = b }, "--server", ct);
        return answer.GetProperty("index").GetInt64();
    }

    /// <summary>The token for --server: as given, a file in keys/, or keys/&lt;party&gt;-admin.token.</summary>
    public string TokenFor(ParseResult pr, Deployment d, string party)
    {
        var given = pr.GetValue(Token);
        return (given is null ? d.ReadSecret($"{party}-admin.token") : d.ReadSecret(given) ?? given)
            ?? throw new ValidationException("--token", $"give the token of a member of '{party}' (there is no keys/{party}-admin.token)");
    }
}
