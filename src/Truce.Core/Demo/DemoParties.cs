using System.Text.Json.Nodes;

namespace Truce.Core.Demo;

/// <summary>
/// The parties of the 2020 ceasefire arrangement, for the demo. Each party's names are given in several languages,
/// none marked as the true one; ids are neutral short codes.
/// </summary>
public static class DemoParties
{
    public sealed record DemoParty(string Id, string Kind, JsonObject Names, string[] Roles);

    public static readonly IReadOnlyList<DemoParty> All =
    [
        new("az", "conflict-party", Names("Republic of Azerbaijan", az: "Azərbaycan Respublikası", hy: "Ադրբեջանի Հանրապետություն", ru: "Азербайджанская Республика"),
            ["party-admin", "reporter"]),
        new("am", "conflict-party", Names("Republic of Armenia", az: "Ermənistan Respublikası", hy: "Հայաստանի Հանրապետություն", ru: "Республика Армения"),
            ["party-admin", "reporter"]),
        new("pk", "peacekeeping-force", Names("Peacekeeping contingent of the Russian Federation", ru: "Российский миротворческий контингент"),
            ["party-admin", "reporter", "verifier"]),
        new("jmc", "monitoring-centre", Names("Russian–Turkish joint monitoring centre", ru: "Российско-турецкий совместный мониторинговый центр", tr: "Türk-Rus Ortak Merkezi"),
            ["party-admin", "reporter", "verifier"]),
        new("mine-agency", "mine-action-authority", Names("National mine action agency (ANAMA)", az: "Azərbaycan Respublikası Minatəmizləmə Agentliyi"),
            ["party-admin", "mine-action-officer"]),
        new("unhcr", "humanitarian-organisation", Names("UNHCR", ru: "УВКБ ООН"), ["party-admin", "reporter"]),
        new("public", "public", Names("The public"), ["reporter"]),
    ];

    static JsonObject Names(string en, string? az = null, string? hy = null, string? ru = null, string? tr = null)
    {
        var o = new JsonObject { ["en"] = en };
        foreach (var (lang, name) in new[] { ("az", az), ("hy", hy), ("ru", ru), ("tr", tr) })
        {
            if (name is not null)
            {
                o[lang] = name;
            }
        }
        return o;
    }
}
