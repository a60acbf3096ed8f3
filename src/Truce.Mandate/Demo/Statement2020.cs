using System.Text.Json.Nodes;

namespace Truce.Mandate.Demo;

/// <summary>
/// The 10 November 2020 trilateral statement, point by point, in our own summary (SPEC §3.6), with each point's typed
/// rules (deadlines, ceilings, the corridor's width, the term). Its facts are public; the wording here is a summary,
/// not the text, and says so. What the text leaves open (who consents to whose transit, what the contingent may build)
/// is left open here too: the parties' drafts say it, side by side.
/// </summary>
public static class Statement2020
{
    public const string Id = "statement-2020-11-10";

    public static JsonObject Body() => new()
    {
        ["id"] = Id,
        ["title"] = "Statement of 10 November 2020 on the ceasefire (summary)",
        ["date"] = "2020-11-10",
        ["signatories"] = new JsonArray("az", "am", "Russian Federation"),
        ["textNote"] = "A summary in Truce's words of the public statement, point by point; not the official text.",
        ["provisions"] = new JsonArray(
            P(1, "Complete ceasefire and end of all hostilities in the conflict zone from 00:00 Moscow time on 10 November 2020; the sides' forces stop at the positions they hold.",
                ["az", "am"], R("ceasefire", ("from", "2020-11-09T21:00:00Z"))),
            P(2, "The Aghdam district returns to one side by 20 November 2020.",
                ["am"], R("deadline", ("due", "2020-11-20T20:59:59Z"), ("metBy", "handover"))),
            P(3, "A peacekeeping contingent of the mediating state deploys along the line of contact and the Lachin corridor: 1,960 troops with small arms, 90 armoured personnel carriers, 380 vehicles and special equipment.",
                ["pk"], R("limit", ("measure", "troops"), ("max", 1960)), R("limit", ("measure", "apcs"), ("max", 90)),
                R("limit", ("measure", "vehicles"), ("max", 380)), R("permits", ("activities", new JsonArray("deployment", "withdrawal", "patrol", "escort", "inspection")))),
            P(4, "The contingent deploys as the other side's forces withdraw; its term is 5 years, renewed automatically for further 5-year terms unless a party gives notice 6 months before the term ends.",
                ["pk"], R("term", ("from", "2020-11-10T00:00:00Z"), ("years", 5), ("noticeMonths", 6))),
            P(5, "A peacekeeping centre is set up to monitor the ceasefire (in practice a joint monitoring centre, opened 30 January 2021, closed 26 April 2024).",
                ["jmc"], R("permits", ("activities", new JsonArray("patrol", "inspection")), ("from", "2021-01-30T00:00:00Z"), ("until", "2024-04-26T23:59:59Z"))),
            P("6a", "The Kalbajar district returns by 15 November 2020 (extended to 25 November).",
                ["am"], R("deadline", ("due", "2020-11-25T20:59:59Z"), ("metBy", "handover"))),
            P("6b", "The Lachin district returns by 1 December 2020, except the Lachin corridor.",
                ["am"], R("deadline", ("due", "2020-12-01T20:59:59Z"), ("metBy", "handover"))),
            P("6c", "The Lachin corridor, 5 km wide, links Karabakh with Armenia, bypasses Shusha and stays under the contingent's control; safe passage of people, vehicles and goods is guaranteed both ways.",
                ["pk"], R("corridor", ("corridor", "lachin"), ("widthKm", 5)),
                R("permits", ("activities", new JsonArray("patrol", "escort", "inspection")), ("actors", new JsonArray("pk")), ("corridor", "lachin"))),
            P("6d", "A plan for a new route along the corridor is agreed within 3 years; the contingent then moves to guard it.",
                [], R("deadline", ("due", "2023-11-10T00:00:00Z"), ("metBy", "construction"))),
            P(7, "Displaced persons and refugees return under the supervision of UNHCR.",
                ["unhcr"], R("permits", ("activities", new JsonArray("humanitarian-delivery", "inspection")))),
            P(8, "Prisoners of war, hostages, other detainees and the bodies of the dead are exchanged.",
                ["az", "am"], R("permits", ("activities", new JsonArray("exchange")))),
            P(9, "All economic and transport links are unblocked; a route between the western regions of one side and Nakhchivan is guaranteed, its traffic controlled by the mediator's border guards.",
                ["az", "am"])),
    };

    static JsonObject P(JsonNode n, string text, string[] actors, params JsonObject[] rules) => new()
    {
        ["number"] = n,
        ["text"] = text,
        ["actors"] = new JsonArray([.. actors.Select(a => (JsonNode)a)]),
        ["rules"] = new JsonArray([.. rules]),
    };

    static JsonObject R(string type, params (string Key, JsonNode Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in fields)
        {
            o[k] = v;
        }
        return o;
    }
}
