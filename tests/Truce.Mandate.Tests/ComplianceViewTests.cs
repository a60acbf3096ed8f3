using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Mandate.Compliance;

namespace Truce.Mandate.Tests;

/// <summary>
/// The compliance view is kept incrementally (each provision's own flags and activities, notices' tallies) and pages
/// its flags. Here it is checked against a direct evaluation over every flag and notice, in the books of readers of
/// every kind (each holds the entries its reader may see) and at several moments, on a random log with restricted
/// entries, answered flags and movements both ways.
/// </summary>
public class ComplianceViewTests
{
    static readonly DateTimeOffset T0 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly Reader[] Readers = [Reader.Anonymous, new("az"), new("am"), new("pk"), new("mission", IsMission: true)];

    static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };
    static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    static MandateLog RandomLog(int seed, int movements)
    {
        var rng = new Random(seed);
        var log = new MandateLog();
        log.Add("agreement", "mission", JsonNode.Parse("""
            {"id":"statement","title":"s","provisions":[
              {"number":"1","text":"t","actors":["pk"],"rules":[{"type":"corridor","corridor":"c1","widthKm":5},{"type":"permits","activities":["patrol","escort"],"corridor":"c1"}]},
              {"number":"2","text":"t","actors":["am"],"rules":[{"type":"deadline","due":"2021-03-01T00:00:00Z","metBy":"handover"}]},
              {"number":"3","text":"t","actors":["pk"],"rules":[{"type":"limit","measure":"troops","max":100}]}]}
            """)!);
        log.Add("agreement.draft", "az", JsonNode.Parse("""
            {"id":"draft-az","title":"d","provisions":[{"number":"A1","text":"t","actors":["pk"],"rules":[
              {"type":"consent","categories":["official","military"],"corridor":"c1","consentBy":["az"]},
              {"type":"permits","activities":["patrol","escort","construction"],"corridor":"c1"}]}]}
            """)!);
        log.Add("agreement.draft", "am", JsonNode.Parse("""
            {"id":"draft-am","title":"d","provisions":[{"number":"B1","text":"t","actors":["pk"],"rules":[{"type":"permits","activities":["construction","reconstruction"]}]}]}
            """)!);
        log.Add("corridor", "mission", JsonNode.Parse("""
            {"id":"c1","route":{"type":"LineString","coordinates":[[46.5,39.6],[46.5,40.1]]},"widthKm":5,"validFrom":"2020-01-01T00:00:00Z"}
            """)!);
        log.Add("checkpoint", "mission", new JsonObject { ["id"] = "cp", ["name"] = "cp", ["corridor"] = "c1", ["position"] = Point(39.6, 46.5) });

        var notices = new List<(long Index, string Party)>();
        (Visibility, IReadOnlyList<string>?) Vis() => rng.Next(5) switch
        {
            0 => (Visibility.Party, null),
            1 => (Visibility.Restricted, ["pk"]),
            2 => (Visibility.Mission, null),
            _ => (Visibility.Public, null),
        };
        for (var i = 0; i < movements; i++)
        {
            var t = T0.AddHours(i * 7);
            var (vis, to) = Vis();
            switch (rng.Next(6))
            {
                case 0:
                    {
                        var party = rng.Next(2) == 0 ? "am" : "az";
                        var body = new JsonObject
                        {
                            ["id"] = $"n{i}",
                            ["people"] = new JsonArray(new JsonObject { ["category"] = rng.Next(2) == 0 ? "official" : "civilian", ["count"] = 1 + rng.Next(4) }),
                            ["purpose"] = "p",
                            ["corridor"] = "c1",
                            ["from"] = Time(t),
                            ["until"] = Time(t.AddHours(10)),
                        };
                        if (rng.Next(3) == 0)
                        {
                            body["answerBy"] = Time(t.AddHours(-1 + rng.Next(3)));
                        }
                        if (rng.Next(4) == 0)
                        {
                            body["oneWay"] = true;
                        }
                        notices.Add((log.Add("movement.notice", party, body, t.AddDays(-1), vis, to), party));
                        break;
                    }
                case 1 when notices.Count > 0:
                    {
                        var (n, mover) = notices[rng.Next(notices.Count)];
                        var other = mover == "am" ? "az" : "am";
                        log.Add("movement.consent", other, new JsonObject { ["notice"] = n, ["decision"] = rng.Next(3) == 0 ? "refuse" : "give" }, t.AddDays(-1 + rng.Next(2)));
                        break;
                    }
                case 2 or 3:
                    {
                        var body = new JsonObject
                        {
                            ["checkpoint"] = "cp",
                            ["direction"] = rng.Next(3) == 0 ? "out" : "in",
                            ["time"] = Time(t.AddHours(-20 + rng.Next(30))),
                            ["people"] = new JsonArray(new JsonObject { ["category"] = rng.Next(2) == 0 ? "official" : "civilian", ["count"] = 1 + rng.Next(4) }),
                            ["position"] = Point(39.6 + rng.NextDouble() * 0.4, 46.5 + rng.NextDouble() * 0.06),
                        };
                        if (notices.Count > 0 && rng.Next(4) > 0)
                        {
                            body["notice"] = notices[rng.Next(notices.Count)].Index;
                        }
                        else
                        {
                            body["mover"] = rng.Next(2) == 0 ? "am" : "az";
                        }
                        log.Add("transit", "pk", body, t, vis, to);
                        break;
                    }
                case 4:
                    {
                        var kinds = new[] { "patrol", "escort", "construction", "reconstruction", "deployment", "withdrawal", "handover" };
                        var body = new JsonObject
                        {
                            ["kind"] = kinds[rng.Next(kinds.Length)],
                            ["actor"] = rng.Next(4) == 0 ? "am" : "pk",
                            ["start"] = Time(t),
                            ["where"] = Point(39.6 + rng.NextDouble() * 0.5, 46.45 + rng.NextDouble() * 0.1),
                        };
                        if (rng.Next(3) > 0)
                        {
                            body["authority"] = new JsonObject { ["agreement"] = "statement", ["provision"] = new[] { "1", "2", "3" }[rng.Next(3)] };
                        }
                        if (rng.Next(3) == 0)
                        {
                            body["counts"] = new JsonObject { ["troops"] = rng.Next(80) };
                        }
                        log.Add("activity", "pk", body, t, vis, to);
                        break;
                    }
                default:
                    {
                        var flags = log.Book.FlagsInOrder;
                        if (flags.Count > 0)
                        {
                            var f = flags[rng.Next(flags.Count)];
                            var contest = rng.Next(2) == 0;
                            log.Add("flag.response", contest ? (f.Party == "am" ? "az" : "am") : f.Party,
                                new JsonObject { ["flag"] = f.Id, ["response"] = contest ? "contest" : "acknowledge", ["reason"] = "r" }, t);
                        }
                        break;
                    }
            }
        }
        return log;
    }

    /// <summary>Every flag in a book as of a moment, by the definitions, over everything.</summary>
    static List<Flag> Direct(MandateBook book, DateTimeOffset asOf)
    {
        var flags = book.Flags.Values.Where(f => f.Time <= asOf).ToList();
        foreach (var n in book.Notices.Values)
        {
            var moves = book.TransitsByNotice.GetValueOrDefault(n.Index) ?? [];
            var peopleIn = moves.Where(t => t.Direction == "in").Sum(t => t.People.Sum(p => p.Count));
            var peopleOut = moves.Where(t => t.Direction == "out").Sum(t => t.People.Sum(p => p.Count));
            if (!n.OneWay && n.Until < asOf && moves.Any(t => t.Direction == "in") && peopleOut < peopleIn)
            {
                flags.Add(new Flag(n.Index, "overstay", n.Party, [n.Index], n.Until, "", []));
            }
            var silent = n.Required.Where(x => !n.Consents.TryGetValue(x.Party, out var c) || c.Time > n.AnswerBy).ToList();
            if (n.AnswerBy is { } by && by < asOf && silent.Count > 0)
            {
                flags.Add(new Flag(n.Index, "consent-unanswered", silent[0].Party, [n.Index], by, "",
                    [.. silent.Select(x => new Verdict(x.Framework, x.Draft, Verdict.Breach, x.Number, ""))]));
            }
        }
        return [.. flags.OrderBy(f => f.Index).ThenBy(f => f.Code == "overstay" || f.Code == "consent-unanswered" ? 0 : 1)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_incremental_view_equals_a_direct_evaluation_for_every_reader_and_moment(int seed)
    {
        var log = RandomLog(seed, 600);
        // The log exercises what the view must get right: hidden entries, time's flags, answered flags.
        var everything = Direct(log.For(Readers[^1]), T0.AddYears(3));
        Assert.True(Direct(log.For(Reader.Anonymous), T0.AddYears(3)).Count < everything.Count);
        Assert.Contains(everything, f => f.Code == "overstay");
        Assert.Contains(everything, f => f.Code == "consent-unanswered");
        Assert.Contains(everything, f => f.Contested);
        Assert.Contains(everything, f => !f.Open);
        foreach (var reader in Readers)
        {
            var book = log.For(reader);
            foreach (var asOf in new[] { T0.AddDays(20), T0.AddDays(90), T0.AddYears(3) })
            {
                var view = ComplianceView.Evaluate(book, asOf, query: new FlagQuery { Limit = 1000 });
                var direct = Direct(book, asOf);
                var why = $"reader {reader.Party}, as of {asOf:yyyy-MM-dd}";
                Assert.True(direct.Select(f => f.Id).SequenceEqual(view.Flags.Select(f => f.Id)), why);
                Assert.Equal(direct.Count, view.FlagsTotal);
                foreach (var p in view.Parties)
                {
                    Assert.Equal(direct.Count(f => f.Party == p.Party && (f.Code is "overstay" or "consent-unanswered" || f.Open)), p.Open);
                    Assert.Equal(direct.Count(f => f.Party == p.Party && f.Contested), p.Contested);
                }
                Assert.Equal(direct.Select(f => f.Party).Distinct().Order(StringComparer.Ordinal), view.Parties.Select(p => p.Party));
                foreach (var s in view.Provisions)
                {
                    var breaches = direct.Count(f => f.Verdicts.Any(v => v.Framework == s.Framework && v.Provision == s.Number && v.Outcome == Verdict.Breach)
                        && (f.Code != "consent-unanswered" || f.Verdicts.First(v => v.Framework == s.Framework).Provision == s.Number));
                    Assert.True(breaches == s.Breaches, $"{why}: provision {s.Framework}/{s.Number} has {s.Breaches} breaches, directly {breaches}");
                    Assert.True(breaches == 0 || s.State == "breached", $"{why}: {s.Framework}/{s.Number} is {s.State}");
                }
                var uncovered = direct.Where(f => f.Code is "activity-without-provision" or "activity-outside-provision"
                    && !f.Verdicts.Any(v => !v.Draft && v.Outcome == Verdict.Allowed)).Select(f => f.Entries[0]).ToList();
                Assert.Equal(uncovered, view.UncoveredActivities);
                Assert.Equal(uncovered.Count, view.UncoveredTotal);
            }
        }
    }

    [Fact]
    public void Pages_in_log_order_lose_and_repeat_nothing_and_filters_count_what_they_match()
    {
        var log = RandomLog(7, 500);
        var asOf = T0.AddYears(3);
        var mission = log.For(new Reader("mission", IsMission: true));
        var all = ComplianceView.Evaluate(mission, asOf, query: new FlagQuery { Limit = 1000 });
        Assert.True(all.FlagsTotal > 40);
        Assert.Null(all.NextAfter);

        var seen = new List<string>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = ComplianceView.Evaluate(mission, asOf, query: new FlagQuery { Limit = 7, After = after });
            Assert.Equal(all.FlagsTotal, page.FlagsTotal);
            Assert.True(page.Flags.Count >= Math.Min(7, all.FlagsTotal - seen.Count));
            seen.AddRange(page.Flags.Select(f => f.Id));
            after = page.NextAfter;
            pages++;
        }
        while (after is not null);
        Assert.True(pages > 5);
        Assert.Equal(all.Flags.Select(f => f.Id), seen);

        var code = all.Flags.GroupBy(f => f.Code).OrderByDescending(g => g.Count()).First().Key;
        var byCode = ComplianceView.Evaluate(mission, asOf, query: new FlagQuery { Code = code, Limit = 1000 });
        Assert.Equal(all.Flags.Where(f => f.Code == code).Select(f => f.Id), byCode.Flags.Select(f => f.Id));
        Assert.Equal(byCode.Flags.Count, byCode.FlagsTotal);
        var byParty = ComplianceView.Evaluate(mission, asOf, query: new FlagQuery { Party = "am", Limit = 1000 });
        Assert.All(byParty.Flags, f => Assert.Equal("am", f.Party));
        Assert.Equal(all.Flags.Count(f => f.Party == "am"), byParty.FlagsTotal);
        Assert.Equal("am", Assert.Single(byParty.Parties).Party);
    }

    [Fact]
    public void A_rebuild_gives_the_same_view()
    {
        var log = RandomLog(11, 400);
        var rebuilt = log.Replay();
        Assert.Equal(log.Book.Digest(), rebuilt.Digest());
        var a = ComplianceView.Evaluate(log.Book, T0.AddYears(2), query: new FlagQuery { Limit = 1000 });
        var b = ComplianceView.Evaluate(rebuilt, T0.AddYears(2), query: new FlagQuery { Limit = 1000 });
        Assert.Equal(a.Flags.Select(f => f.Id), b.Flags.Select(f => f.Id));
        Assert.Equal(a.Provisions.Select(p => (p.State, p.Breaches, string.Join('|', p.Why))), b.Provisions.Select(p => (p.State, p.Breaches, string.Join('|', p.Why))));
    }
}
