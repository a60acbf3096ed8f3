using System.Text.Json.Nodes;

namespace Truce.Core.Demo;

/// <summary>
/// The 10 November 2020 trilateral statement, point by point, in our own summary (SPEC §3.6). Its facts are public;
/// the wording here is a summary, not the text, and says so.
/// </summary>
public static class Statement2020
{
    public static JsonObject Body() => new()
    {
        ["id"] = "statement-2020-11-10",
        ["title"] = "Statement of 10 November 2020 on the ceasefire (summary)",
        ["date"] = "2020-11-10",
        ["signatories"] = new JsonArray("az", "am", "Russian Federation"),
        ["textNote"] = "A summary in Truce's words of the public statement, point by point; not the official text.",
        ["provisions"] = new JsonArray(
            P(1, "Complete ceasefire and end of all hostilities in the conflict zone from 00:00 Moscow time on 10 November 2020; the sides' forces stop at the positions they hold.", from: "2020-11-09T21:00:00Z"),
            P(2, "The Aghdam district returns to one side by 20 November 2020.", deadline: "2020-11-20"),
            P(3, "A peacekeeping contingent of the mediating state deploys along the line of contact and the Lachin corridor: 1,960 troops with small arms, 90 armoured personnel carriers, 380 vehicles and special equipment.",
                limits: new JsonObject { ["troops"] = 1960, ["apcs"] = 90, ["vehicles"] = 380 }),
            P(4, "The contingent deploys as the other side's forces withdraw; its term is 5 years, renewed automatically for further 5-year terms unless a party gives notice 6 months before the term ends.",
                term: new JsonObject { ["years"] = 5, ["noticeMonths"] = 6, ["autoRenew"] = true }),
            P(5, "A peacekeeping centre is set up to monitor the ceasefire (in practice a joint monitoring centre, opened 30 January 2021, closed 26 April 2024)."),
            P(6, "The Kalbajar district returns by 15 November 2020 (extended to 25 November) and the Lachin district by 1 December 2020, except the Lachin corridor, 5 km wide, under the contingent's control; a new route within 3 years; safe passage guaranteed both ways.",
                deadline: "2020-12-01", limits: new JsonObject { ["corridorWidthKm"] = 5, ["newRouteYears"] = 3 }),
            P(7, "Displaced persons and refugees return under the supervision of UNHCR."),
            P(8, "Prisoners of war, hostages, other detainees and the bodies of the dead are exchanged."),
            P(9, "All economic and transport links are unblocked; a route between the western regions of one side and Nakhchivan is guaranteed, its traffic controlled by the mediator's border guards.")),
    };

    static JsonObject P(int n, string text, string? deadline = null, string? from = null, JsonObject? limits = null, JsonObject? term = null)
    {
        var o = new JsonObject { ["number"] = n, ["text"] = text };
        if (deadline is not null)
        {
            o["deadline"] = deadline;
        }
        if (from is not null)
        {
            o["inForceFrom"] = from;
        }
        if (limits is not null)
        {
            o["limits"] = limits;
        }
        if (term is not null)
        {
            o["term"] = term;
        }
        return o;
    }
}
