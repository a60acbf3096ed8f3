using System.Text.Json.Nodes;
using Truce.Mandate;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// Random bodies of the mandate kinds (docs/MANDATE.md): agreements and drafts with typed rules on the corridors the
/// log holds, answers to drafts, amendments, movement notices with consents given and refused, transits under a notice,
/// matched to one, or with none, activities citing provisions or not, and answers to the flags they raise.
/// </summary>
public static class RandomMandate
{
    static readonly string[] Parties = ["az", "am", "pk", "ngo", "jmc"];

    public static IEnumerable<RandomKind> Kinds =>
    [
        new(MandateKinds.Agreement, 1, _ => true, w => Agreement(w, draft: false)),
        new(MandateKinds.Draft, 1.2, _ => true, w => Agreement(w, draft: true)),
        new(MandateKinds.Response, 2, w => w.Drafts.Count > 0, Response),
        new(MandateKinds.Amend, 1.2, w => w.Agreements.Count + w.Drafts.Count > 0, Amend),
        new(MandateKinds.Corridor, 1, _ => true, Corridor),
        new(MandateKinds.Checkpoint, 1.5, w => w.Corridors.Count > 0, Checkpoint),
        new(MandateKinds.Notice, 4, w => w.Corridors.Count > 0, Notice),
        new(MandateKinds.Consent, 4, w => w.Notices.Count > 0, Consent),
        new(MandateKinds.Transit, 6, w => w.Checkpoints.Count > 0, Transit),
        new(MandateKinds.Activity, 3, _ => true, Activity),
        new(MandateKinds.FlagResponse, 2.5, w => w.Judged > 0, FlagResponse),
    ];

    static Step Visible(RandomWorld w, Step s)
    {
        w.RandomVisibility(s);
        return s;
    }

    static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);

    static List<string> Some(RandomWorld w, IReadOnlyList<string> from, int min, int max) =>
        [.. from.OrderBy(_ => w.Rng.Next()).Take(w.Int(min, max))];

    static Step Agreement(RandomWorld w, bool draft)
    {
        var party = draft ? w.Pick(Parties) : w.MissionParty();
        var existing = w.Agreements.Concat(w.Drafts).ToList();
        var id = existing.Count > 0 && w.Chance(0.08) ? w.Pick(existing).Id : w.NewId(draft ? "DR" : "AG");
        var numbers = Enumerable.Range(1, w.Int(1, 4)).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var body = new JsonObject
        {
            ["id"] = id,
            ["title"] = Text(draft ? $"{party}'s proposed mandate" : "arrangement in force"),
            ["provisions"] = new JsonArray([.. numbers.Select(n => (JsonNode)Provision(w, n))]),
            ["synthetic"] = true,
        };
        return Visible(w, new Step(draft ? MandateKinds.Draft : MandateKinds.Agreement, party, body)
        {
            Id = id,
            Into = draft ? w.Drafts : w.Agreements,
            Then = _ => w.Provisions[id] = numbers,
        });
    }

    static JsonObject Provision(RandomWorld w, string number)
    {
        var rules = new JsonArray();
        for (int i = w.Int(0, 2); i > 0; i--)
        {
            rules.Add(Rule(w));
        }
        return new JsonObject
        {
            ["number"] = number,
            ["text"] = Text($"provision {number}"),
            ["actors"] = Strings(Some(w, Parties, 0, 2)),
            ["rules"] = rules,
        };
    }

    static JsonObject Rule(RandomWorld w)
    {
        var corridor = w.Corridors.Count > 0 ? w.Pick(w.Corridors).Id : w.NewId("COR");
        return w.Pick<string>(["permits", "permits", "consent", "consent", "corridor", "limit", "deadline", "term", "ceasefire"]) switch
        {
            "permits" => w.Chance(0.6)
                ? new JsonObject { ["type"] = "permits", ["activities"] = Strings(Some(w, MandateParser.ActivityKinds, 1, 3)), ["corridor"] = corridor }
                : new JsonObject { ["type"] = "permits", ["activities"] = Strings(Some(w, MandateParser.ActivityKinds, 1, 3)), ["area"] = RandomGeo.Square(RandomGeo.AnyPlace(w), 30) },
            "consent" => new JsonObject
            {
                ["type"] = "consent",
                ["categories"] = Strings(Some(w, MandateParser.PeopleCategories, 0, 2)),
                ["corridor"] = corridor,
                ["consentBy"] = Strings(Some(w, ["az", "am"], 1, 2)),
            },
            "corridor" => new JsonObject { ["type"] = "corridor", ["corridor"] = corridor, ["widthKm"] = w.Int(2, 6) },
            "limit" => new JsonObject { ["type"] = "limit", ["measure"] = w.Pick(MandateParser.Measures), ["max"] = w.Int(10, 500), ["actors"] = Strings(["pk"]) },
            "deadline" => new JsonObject { ["type"] = "deadline", ["due"] = Iso(w.Before(900)), ["metBy"] = w.Pick(MandateParser.ActivityKinds) },
            "term" => new JsonObject { ["type"] = "term", ["from"] = "2020-11-10T00:00:00Z", ["years"] = 5, ["noticeMonths"] = 6 },
            _ => new JsonObject { ["type"] = "ceasefire", ["from"] = "2020-11-09T21:00:00Z" },
        };
    }

    static Step Response(RandomWorld w)
    {
        var draft = w.MaybePick(w.Drafts);
        var party = draft is not null && w.Chance(0.9) ? w.OtherParty(draft.Party) : draft?.Party ?? w.AnyParty();
        var decision = w.Pick<string>(["accept", "reject"]);
        return Visible(w, new Step(MandateKinds.Response, party, new JsonObject
        {
            ["agreement"] = draft?.Id ?? (w.Agreements.Count > 0 && w.Chance(0.5) ? w.Pick(w.Agreements).Id : "DR-missing"),
            ["decision"] = decision,
            ["reason"] = Text($"{party} would {decision} it"),
        }));
    }

    static Step Amend(RandomWorld w)
    {
        var all = w.Agreements.Concat(w.Drafts).ToList();
        var target = w.MaybePick(all);
        var draft = target is not null && w.Drafts.Contains(target);
        var party = target is null || w.Chance(0.12) ? w.AnyParty() : draft ? target.Party : w.MissionParty();
        List<string> numbers = target is null ? [] : w.Provisions.GetValueOrDefault(target.Id) ?? [];
        var number = numbers.Count > 0 && w.Chance(0.6) ? w.Pick(numbers) : $"{w.Int(5, 20)}";
        return Visible(w, new Step(MandateKinds.Amend, party, new JsonObject
        {
            ["agreement"] = target?.Id ?? "AG-missing",
            ["provision"] = Provision(w, number),
            ["reason"] = Text("the parties' talks changed it"),
        })
        {
            Then = _ =>
            {
                if (!numbers.Contains(number))
                {
                    numbers.Add(number);
                }
            },
        });
    }

    static Step Corridor(RandomWorld w)
    {
        var isNew = w.Corridors.Count == 0 || w.Chance(0.8);
        var id = isNew ? w.NewId("COR") : w.Pick(w.Corridors).Id;
        var route = RandomGeo.Route(w, RandomGeo.AnyPlace(w));
        var body = new JsonObject
        {
            ["id"] = id,
            ["route"] = RandomGeo.Line(route),
            ["widthKm"] = w.Int(2, 6),
            ["controlledBy"] = "pk",
            ["validFrom"] = isNew ? "2020-11-12T00:00:00Z" : Iso(w.Before(300)),
            ["approximate"] = w.Chance(0.5),
            ["synthetic"] = true,
        };
        var party = w.MissionParty();
        return Visible(w, new Step(MandateKinds.Corridor, party, body) { Id = id, Into = isNew ? w.Corridors : null, Then = _ => w.Routes[id] = route });
    }

    static Step Checkpoint(RandomWorld w)
    {
        var party = w.MissionParty();
        var corridor = w.RefId(w.Corridors, party, "COR");
        var at = w.Routes.TryGetValue(corridor, out var route) ? RandomGeo.Near(w, w.Pick(route), 1) : RandomGeo.AnyPlace(w);
        var id = w.Checkpoints.Count > 0 && w.Chance(0.1) ? w.Pick(w.Checkpoints).Id : w.NewId("CP");
        var body = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Checkpoint {id} (synthetic)",
            ["position"] = RandomGeo.Point(at),
            ["controlledBy"] = "pk",
            ["synthetic"] = true,
        };
        if (w.Chance(0.9))
        {
            body["corridor"] = corridor;
        }
        return Visible(w, new Step(MandateKinds.Checkpoint, party, body) { Id = id, Into = w.Checkpoints.Any(c => c.Id == id) ? null : w.Checkpoints });
    }

    static Step Notice(RandomWorld w)
    {
        var party = w.AnyParty();
        var category = w.Pick(MandateParser.PeopleCategories);
        var from = Earlier(w.Time + TimeSpan.FromMinutes(w.Range(-60, 120)), w.End);
        var until = Earlier(from + TimeSpan.FromMinutes(w.Range(60, 480)), w.End);
        var corridor = w.Chance(0.9) ? w.RefId(w.Corridors, party, "COR") : null;
        var body = new JsonObject
        {
            ["id"] = w.NewId("N"),
            ["people"] = new JsonArray(new JsonObject { ["category"] = category, ["count"] = w.Int(1, 40) }),
            ["vehicles"] = w.Int(0, 6),
            ["purpose"] = Text($"{category} movement"),
            ["from"] = Iso(from),
            ["until"] = Iso(until),
            ["synthetic"] = true,
        };
        if (corridor is not null)
        {
            body["corridor"] = corridor;
        }
        if (w.Chance(0.3))
        {
            body["answerBy"] = Iso(from - TimeSpan.FromMinutes(30));
        }
        if (w.Chance(0.2))
        {
            body["oneWay"] = true;
        }
        return Visible(w, new Step(MandateKinds.Notice, party, body)
        {
            Into = w.Notices,
            Then = r => w.Windows[r.Index] = new NoticeWindow(from, until, category, corridor),
        });
    }

    static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    static Step Consent(RandomWorld w)
    {
        var notice = w.Bogus() ? null : w.PickRef(w.Notices, w.AnyParty());
        var party = notice is null ? w.AnyParty() : w.Chance(0.9) ? w.OtherParty(notice.Party) : notice.Party;
        var give = w.Chance(0.6);
        var index = notice?.Index ?? w.RefIndex(w.Notes, party);
        return Visible(w, new Step(MandateKinds.Consent, party, new JsonObject
        {
            ["notice"] = index,
            ["decision"] = give ? "give" : "refuse",
            ["reason"] = Text(give ? "no objection" : "not agreed for this movement"),
        }));
    }

    static Step Transit(RandomWorld w)
    {
        var party = w.Mostly("pk");
        var open = w.Notices.Where(n => w.Windows.TryGetValue(n.Index, out var win) && win.From <= w.Time).ToList();
        var notice = open.Count > 0 && w.Chance(0.6) ? w.Pick(open) : null;
        var win = notice is null ? null : w.Windows[notice.Index];
        var time = win is null ? w.Before(120) : win.From + (Earlier(win.Until, w.Time) - win.From) * w.Rng.NextDouble();
        var body = new JsonObject
        {
            ["checkpoint"] = w.RefId(w.Checkpoints, party, "CP"),
            ["direction"] = w.Chance(0.7) ? "in" : "out",
            ["time"] = Iso(time),
            ["people"] = new JsonArray(new JsonObject { ["category"] = win?.Category ?? w.Pick(MandateParser.PeopleCategories), ["count"] = w.Int(1, 40) }),
            ["vehicles"] = w.Int(0, 6),
            ["synthetic"] = true,
        };
        if (notice is not null && w.Chance(0.6))
        {
            body["notice"] = notice.Index;
        }
        else if (notice is not null || w.Chance(0.5))
        {
            // Without a notice number the engine looks for the mover's notice whose window holds the transit.
            body["mover"] = notice?.Party ?? w.AnyParty();
        }
        else if (w.Chance(0.06))
        {
            body["notice"] = w.RefIndex(w.Notes, party);
        }
        if (w.Chance(0.15))
        {
            body["position"] = RandomGeo.Point(RandomGeo.AnyPlace(w));
        }
        if (w.Chance(0.3))
        {
            body["cargo"] = w.Pick<string>(["food", "medicine", "building materials", "personal belongings"]);
        }
        return Visible(w, new Step(MandateKinds.Transit, party, body) { Then = _ => w.Judged++ });
    }

    static Step Activity(RandomWorld w)
    {
        var party = w.AnyParty();
        var kind = w.Pick(MandateParser.ActivityKinds);
        var start = w.Before(600);
        var body = new JsonObject
        {
            ["kind"] = kind,
            ["actor"] = w.Mostly(party, 0.8),
            ["where"] = w.Chance(0.8) ? RandomGeo.Point(RandomGeo.AnyPlace(w)) : RandomGeo.Square(RandomGeo.AnyPlace(w), 2),
            ["start"] = Iso(start),
            ["end"] = Iso(Earlier(start + TimeSpan.FromMinutes(w.Range(0, 240)), w.Time)),
            ["description"] = Text($"{kind} by {party}"),
            ["synthetic"] = true,
        };
        var frameworks = w.Agreements.Concat(w.Drafts).ToList();
        if (w.Chance(0.65))
        {
            var cites = frameworks.Count > 0 && !w.Bogus() ? w.Pick(frameworks).Id : "AG-missing";
            var numbers = w.Provisions.GetValueOrDefault(cites);
            body["authority"] = new JsonObject { ["agreement"] = cites, ["provision"] = numbers is { Count: > 0 } && w.Chance(0.9) ? w.Pick(numbers) : "99" };
        }
        if (kind is "deployment" or "withdrawal")
        {
            body["counts"] = new JsonObject { ["troops"] = w.Int(10, 300), ["apcs"] = w.Int(0, 10), ["vehicles"] = w.Int(0, 40) };
        }
        return Visible(w, new Step(MandateKinds.Activity, party, body) { Then = _ => w.Judged++ });
    }

    static Step FlagResponse(RandomWorld w)
    {
        var flags = w.Flags();
        var flag = flags.Count > 0 && !w.Bogus() ? w.Pick(flags) : (Id: "F-999999-none", Party: "az");
        var own = w.Chance(0.5);
        var response = own && w.Chance(0.6) ? "acknowledge" : "contest";
        return Visible(w, new Step(MandateKinds.FlagResponse, own ? flag.Party : w.AnyParty(), new JsonObject
        {
            ["flag"] = flag.Id,
            ["response"] = response,
            ["reason"] = Text(response == "acknowledge" ? "the movement was not notified in time" : "no rule in force requires it"),
        }));
    }
}
