using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>API tokens of registered members: issued with a lifetime, revoked at will. Only their SHA-256 is stored.</summary>
static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens: issue, revoke");
        token.Subcommands.Add(Issue());
        token.Subcommands.Add(Revoke());
        return token;
    }

    static Command Issue()
    {
        var data = Cli.Data();
        var member = new Option<string>("--member") { Description = "The member's id", Required = true };
        var days = new Option<int>("--days") { Description = "Lifetime in days (1 to 366)", DefaultValueFactory = _ => 30 };
        var output = new Option<string?>("--out") { Description = "Write the token to this file name in keys/ (mode 0600) instead of stdout" };
        var server = Server();
        var auth = Auth();
        return Cli.Command("issue", "Issue an API token for a member; it is shown once", async (pr, ct) =>
        {
            var lifetime = pr.GetValue(days);
            if (lifetime is < 1 or > 366)
            {
                throw new ValidationException("--days", "must be between 1 and 366");
            }
            var dir = pr.GetValue(data)!;
            string t;
            if (pr.GetValue(server) is { } url)
            {
                var answer = await PostAsync(url, AuthToken(pr, auth, dir), "/api/tokens", new JsonObject { ["member"] = pr.GetValue(member), ["days"] = lifetime }, ct);
                t = answer.GetProperty("token").GetString()!;
            }
            else
            {
                await using var d = Deployment.Open(dir, Cli.Time);
                t = d.Ledger.IssueToken(pr.GetValue(member)!, TimeSpan.FromDays(lifetime));
            }
            if (pr.GetValue(output) is { } name)
            {
                if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
                {
                    throw new ValidationException("--out", "is a plain file name inside keys/");
                }
                Deployment.WriteSecret(dir, name, t);
                Console.WriteLine($"token for {pr.GetValue(member)} written to {Path.Combine(dir, "keys", name)}, valid {lifetime} days");
            }
            else
            {
                Console.WriteLine(t);
            }
        }, data, member, days, output, server, auth);
    }

    static Command Revoke()
    {
        var data2 = Cli.Data();
        var value = new Option<string?>("--token") { Description = "The token to revoke" };
        var file = new Option<string?>("--token-file") { Description = "A file holding the token to revoke" };
        var server2 = Server();
        var auth2 = Auth();
        return Cli.Command("revoke", "Revoke an API token", async (pr, ct) =>
        {
            var t = pr.GetValue(value) ?? (pr.GetValue(file) is { } f ? (await File.ReadAllTextAsync(f, ct)).Trim() : null)
                ?? throw new ValidationException("--token", "give the token, or --token-file");
            if (pr.GetValue(server2) is { } url)
            {
                await PostAsync(url, AuthToken(pr, auth2, pr.GetValue(data2)!), "/api/tokens/revoke", new JsonObject { ["token"] = t }, ct);
                Console.WriteLine("revoked");
                return;
            }
            await using var d = Deployment.Open(pr.GetValue(data2)!, Cli.Time);
            if (!d.Ledger.RevokeToken(t))
            {
                throw new ValidationException("--token", "no such token was issued by this deployment");
            }
            Console.WriteLine("revoked");
        }, data2, value, file, server2, auth2);
    }

    static Option<string?> Server() => new("--server") { Description = "Manage tokens through this running server (POST /api/tokens) instead of the folder" };

    static Option<string?> Auth() => new("--auth") { Description = "For --server: an admin's API token, or a file in keys/ (default: keys/mission-admin.token)" };

    static string AuthToken(ParseResult pr, Option<string?> auth, string dir)
    {
        var given = pr.GetValue(auth) ?? "mission-admin.token";
        var file = Path.Combine(dir, "keys", given);
        return !given.Contains('/') && File.Exists(file) ? File.ReadAllText(file).Trim()
            : pr.GetValue(auth) ?? throw new ValidationException("--auth", $"give an admin's API token (there is no {file})");
    }

    static async Task<JsonElement> PostAsync(string url, string auth, string path, JsonObject body, CancellationToken ct) =>
        (await Cli.PostAsync(url, auth, path, body, "--server", ct)).Json;
}
