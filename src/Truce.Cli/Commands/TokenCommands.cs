using System.CommandLine;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>API tokens of registered members: issued with a lifetime, revoked at will. Only their SHA-256 is stored.</summary>
static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens: issue, revoke");
        var data = Cli.Data();
        var member = new Option<string>("--member") { Description = "The member's id", Required = true };
        var days = new Option<int>("--days") { Description = "Lifetime in days (1 to 366)", DefaultValueFactory = _ => 30 };
        var output = new Option<string?>("--out") { Description = "Write the token to this file name in keys/ (mode 0600) instead of stdout" };
        token.Subcommands.Add(Cli.Command("issue", "Issue an API token for a member; it is shown once", async (pr, ct) =>
        {
            var lifetime = pr.GetValue(days);
            if (lifetime is < 1 or > 366)
            {
                throw new ValidationException("--days", "must be between 1 and 366");
            }
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var t = d.Ledger.IssueToken(pr.GetValue(member)!, TimeSpan.FromDays(lifetime));
            if (pr.GetValue(output) is { } name)
            {
                if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
                {
                    throw new ValidationException("--out", "is a plain file name inside keys/");
                }
                Deployment.WriteSecret(d.Directory, name, t);
                Console.WriteLine($"token for {pr.GetValue(member)} written to {Path.Combine(d.Directory, "keys", name)}, valid {lifetime} days");
            }
            else
            {
                Console.WriteLine(t);
            }
        }, data, member, days, output));
        var data2 = Cli.Data();
        var value = new Option<string?>("--token") { Description = "The token to revoke" };
        var file = new Option<string?>("--token-file") { Description = "A file holding the token to revoke" };
        token.Subcommands.Add(Cli.Command("revoke", "Revoke an API token", async (pr, ct) =>
        {
            var t = pr.GetValue(value) ?? (pr.GetValue(file) is { } f ? (await File.ReadAllTextAsync(f, ct)).Trim() : null)
                ?? throw new ValidationException("--token", "give the token, or --token-file");
            await using var d = Deployment.Open(pr.GetValue(data2)!, Cli.Time);
            if (!d.Ledger.RevokeToken(t))
            {
                throw new ValidationException("--token", "no such token was issued by this deployment");
            }
            Console.WriteLine("revoked");
        }, data2, value, file));
        return token;
    }
}
