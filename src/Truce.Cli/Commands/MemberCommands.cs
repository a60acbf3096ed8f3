using System.CommandLine;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>A party's members (the people its tokens are issued to), each added and removed by a signed entry of the
/// party (member.add, member.remove; mission-visible).</summary>
static class MemberCommands
{
    public static Command Create()
    {
        var member = new Command("member", "A party's members: add, list, remove (then 'token issue --member ID')");
        member.Subcommands.Add(Add());
        member.Subcommands.Add(List());
        member.Subcommands.Add(Remove());
        return member;
    }

    static Command Add()
    {
        var data = Cli.Data();
        var party = new Option<string>("--party") { Description = "The member's party (its key in keys/ signs the entry)", Required = true };
        var id = new Option<string>("--id") { Description = "The member's id, unique in the deployment (e.g. az-officer-2)", Required = true };
        var name = new Option<string>("--name") { Description = "The member's name or function", Required = true };
        var roles = new Option<string[]>("--role") { Description = $"A role (repeat for more): {string.Join(", ", Roles.All)}", Required = true };
        var through = new Through();
        return Cli.Command("add", "Add a member to a party, with roles", async (pr, ct) =>
        {
            var given = pr.GetValue(roles) ?? [];
            if (given.FirstOrDefault(r => !Roles.All.Contains(r)) is { } bad)
            {
                throw new ValidationException("--role", $"'{bad}' is not one of {string.Join(", ", Roles.All)}");
            }
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var memberId = pr.GetValue(id)!;
            if (d.Ledger.WithRegistry(r => r.FindMember(memberId)) is not null)
            {
                throw new ValidationException("--id", $"member '{memberId}' exists already");
            }
            var body = Deployment.MemberBody(pr.GetValue(party)!, memberId, pr.GetValue(name)!, given);
            await through.SubmitAsync(pr, d, pr.GetValue(party)!, EntryKinds.MemberAdd, body, Visibility.Mission, ct);
            Console.WriteLine($"member {memberId} of {pr.GetValue(party)} added ({string.Join(", ", given)}); issue a token with 'truce token issue --member {memberId}'");
        }, [data, party, id, name, roles, .. through.All]);
    }

    static Command List()
    {
        var data = Cli.Data();
        var party = new Option<string?>("--party") { Description = "Only this party's members" };
        return Cli.Command("list", "List members: id, party, roles, name", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var only = pr.GetValue(party);
            foreach (var m in d.Ledger.WithRegistry(r => r.Members.Where(m => only is null || m.Party == only).OrderBy(m => m.Party).ThenBy(m => m.Id).ToList()))
            {
                Console.WriteLine($"{m.Id,-24} {m.Party,-14} {string.Join(',', m.Roles.Order(StringComparer.Ordinal)),-40} {m.Name}{(m.Removed ? "  (removed)" : "")}");
            }
        }, data, party);
    }

    static Command Remove()
    {
        var data = Cli.Data();
        var id = new Option<string>("--id") { Description = "The member's id", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the signed entry)" };
        var through = new Through();
        return Cli.Command("remove", "Remove a member: their tokens stop working", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var memberId = pr.GetValue(id)!;
            var m = d.Ledger.WithRegistry(r => r.FindMember(memberId));
            if (m is null || m.Removed)
            {
                throw new ValidationException("--id", $"'{memberId}' is not a current member");
            }
            var body = new JsonObject { ["id"] = memberId };
            if (pr.GetValue(reason) is { } why)
            {
                body["reason"] = why;
            }
            var index = await through.SubmitAsync(pr, d, m.Party, EntryKinds.MemberRemove, body, Visibility.Mission, ct);
            Console.WriteLine($"member {memberId} of {m.Party} removed at entry {index}");
        }, [data, id, reason, .. through.All]);
    }
}
