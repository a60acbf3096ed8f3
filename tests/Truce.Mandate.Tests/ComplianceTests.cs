using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Mandate.Compliance;

namespace Truce.Mandate.Tests;

/// <summary>Each rule of the compliance engine on constructed cases, and the frameworks side by side.</summary>
public class ComplianceTests
{
    // A straight corridor running north from (39.60, 46.50), 5 km wide.
    const double Lat0 = 39.60, Lon0 = 46.50;

    static JsonArray A(params string[] s) => new([.. s.Select(x => (JsonNode)x)]);
    static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    static JsonObject Rule(string type, params (string K, JsonNode V)[] f)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in f)
        {
            o[k] = v;
        }
        return o;
    }

    static JsonObject Agreement(string id, params (string Number, string[] Actors, JsonObject[] Rules)[] provisions) => new()
    {
        ["id"] = id,
        ["title"] = id,
        ["provisions"] = new JsonArray([.. provisions.Select(p => (JsonNode)new JsonObject
        {
            ["number"] = p.Number, ["text"] = $"provision {p.Number}", ["actors"] = A(p.Actors), ["rules"] = new JsonArray([.. p.Rules]),
        })]),
    };

    static MandateLog World()
    {
        var log = new MandateLog();
        log.Add("agreement", "mission", Agreement("statement",
            ("1", ["pk"], [Rule("corridor", ("corridor", "c1"), ("widthKm", 5)),
                Rule("permits", ("activities", A("patrol", "escort")), ("corridor", "c1"))]),
            ("2", ["am"], [Rule("deadline", ("due", "2021-03-01T00:00:00Z"), ("metBy", "handover"))]),
            ("3", ["pk"], [Rule("limit", ("measure", "troops"), ("max", 100))])));
        log.Add("corridor", "mission", new JsonObject
        {
            ["id"] = "c1",
            ["route"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(Lon0, Lat0), new JsonArray(Lon0, Lat0 + 0.5)) },
            ["widthKm"] = 5,
            ["validFrom"] = "2020-01-01T00:00:00Z",
        });
        log.Add("checkpoint", "mission", new JsonObject { ["id"] = "cp", ["name"] = "south end", ["corridor"] = "c1", ["position"] = Point(Lat0, Lon0) });
        return log;
    }

    static long Notice(MandateLog log, string party, string category, string until = "2021-06-02T00:00:00Z") => log.Add("movement.notice", party, new JsonObject
    {
        ["id"] = $"n-{category}",
        ["people"] = new JsonArray(new JsonObject { ["category"] = category, ["count"] = 3 }),
        ["purpose"] = "visit",
        ["corridor"] = "c1",
        ["from"] = "2021-06-01T00:00:00Z",
        ["until"] = until,
    });

    static long Transit(MandateLog log, long? notice, string time = "2021-06-01T10:00:00Z", (double, double)? at = null, string direction = "in")
    {
        var body = new JsonObject
        {
            ["checkpoint"] = "cp",
            ["direction"] = direction,
            ["time"] = time,
            ["people"] = new JsonArray(new JsonObject { ["category"] = "official", ["count"] = 3 }),
        };
        if (notice is { } n)
        {
            body["notice"] = n;
        }
        else
        {
            body["mover"] = "am";
        }
        if (at is { } p)
        {
            body["position"] = Point(p.Item1, p.Item2);
        }
        return log.Add("transit", "pk", body);
    }

    static Flag? FlagOf(MandateLog log, long entry, string code) => log.Book.Flags.GetValueOrDefault($"F-{entry}-{code}");

    [Fact]
    public void A_transit_off_the_corridor_is_flagged_and_one_inside_it_is_not()
    {
        var log = World();
        var n = Notice(log, "am", "civilian");
        var inside = Transit(log, n, at: (Lat0 + 0.2, Lon0 + 0.02)); // ~1.7 km east of the route
        var outside = Transit(log, n, at: (Lat0 + 0.2, Lon0 + 0.04)); // ~3.4 km east: beyond half the width
        Assert.Null(FlagOf(log, inside, "off-corridor"));
        var flag = FlagOf(log, outside, "off-corridor")!;
        Assert.Equal("breach", flag.Verdicts.Single().Outcome);
        Assert.Contains("5 km wide", flag.Verdicts.Single().Why);
    }

    [Fact]
    public void A_transit_without_notice_is_flagged()
    {
        var log = World();
        var t = Transit(log, null);
        Assert.NotNull(FlagOf(log, t, "transit-without-notice"));
    }

    [Fact]
    public void Consent_given_refused_missing_and_late_each_read_as_such_under_the_framework_that_requires_it()
    {
        var log = World();
        log.Add("agreement.draft", "az", Agreement("draft-az", ("A1", ["pk"], [Rule("consent", ("categories", A("official")), ("consentBy", A("az")))])));
        var given = Notice(log, "am", "official");
        log.Add("movement.consent", "az", new JsonObject { ["notice"] = given, ["decision"] = "give" }, new DateTimeOffset(2021, 5, 30, 0, 0, 0, TimeSpan.Zero));
        var refused = Notice(log, "am", "official");
        log.Add("movement.consent", "az", new JsonObject { ["notice"] = refused, ["decision"] = "refuse", ["reason"] = "no" });
        var missing = Notice(log, "am", "official");
        var late = Notice(log, "am", "official");
        log.Add("movement.consent", "az", new JsonObject { ["notice"] = late, ["decision"] = "give" }, new DateTimeOffset(2021, 6, 5, 0, 0, 0, TimeSpan.Zero));

        Assert.Null(FlagOf(log, Transit(log, given), "transit-without-consent"));
        var r = FlagOf(log, Transit(log, refused), "transit-without-consent")!;
        Assert.Contains("refused by az", r.Verdicts.Single(v => v.Framework == "draft-az").Why);
        Assert.Equal("no-rule", r.Verdicts.Single(v => v.Framework == "statement").Outcome); // the statement is silent: shown, not collapsed
        Assert.Contains("no consent from az", FlagOf(log, Transit(log, missing), "transit-without-consent")!.Verdicts.Single(v => v.Draft).Why);
        Assert.NotNull(FlagOf(log, Transit(log, late), "transit-without-consent")); // consent after the transit does not count

        Assert.Throws<RefusedException>(() => log.Add("movement.consent", "am", new JsonObject { ["notice"] = given, ["decision"] = "give" }));
    }

    [Fact]
    public void A_transit_without_a_notice_number_is_matched_to_the_movers_notice_and_unanswered_notices_are_flagged()
    {
        var log = World();
        log.Add("agreement.draft", "az", Agreement("draft-az", ("A1", ["pk"], [Rule("consent", ("categories", A("official")), ("consentBy", A("az")))])));
        var n = log.Add("movement.notice", "am", new JsonObject
        {
            ["id"] = "n1",
            ["people"] = new JsonArray(new JsonObject { ["category"] = "official", ["count"] = 3 }),
            ["purpose"] = "visit",
            ["corridor"] = "c1",
            ["from"] = "2021-06-01T00:00:00Z",
            ["until"] = "2021-06-02T00:00:00Z",
            ["answerBy"] = "2021-05-30T00:00:00Z",
        });
        var t = Transit(log, null); // mover am, officials, inside the window: the engine finds notice n
        Assert.Equal(n, log.Book.Transits[t].Notice);
        Assert.True(log.Book.Transits[t].MatchedNotice);
        Assert.Null(FlagOf(log, t, "transit-without-notice"));
        Assert.NotNull(FlagOf(log, t, "transit-without-consent"));

        Compliance.Compliance At(int day) => ComplianceView.Evaluate(log.For(Reader.Anonymous), new DateTimeOffset(2021, 5, day, 12, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(At(29).Flags, f => f.Code == "consent-unanswered");
        var unanswered = At(31).Flags.Single(f => f.Code == "consent-unanswered");
        Assert.Equal("az", unanswered.Party);
        Assert.Equal("breach", unanswered.Verdicts.Single(v => v.Framework == "draft-az").Outcome);
        Assert.Equal("no-rule", unanswered.Verdicts.Single(v => v.Framework == "statement").Outcome);
    }

    [Fact]
    public void Deadlines_are_unknown_at_risk_breached_or_kept_as_of_a_moment()
    {
        var log = World();
        ProvisionState Two(DateTimeOffset asOf) => ComplianceView.Evaluate(log.For(Reader.Anonymous), asOf).Provisions.Single(p => p.Number == "2");
        Assert.Equal("unknown", Two(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero)).State);
        Assert.Equal("at-risk", Two(new DateTimeOffset(2021, 2, 20, 0, 0, 0, TimeSpan.Zero)).State);
        Assert.Equal("breached", Two(new DateTimeOffset(2021, 3, 2, 0, 0, 0, TimeSpan.Zero)).State);
        var h = log.Add("activity", "am", new JsonObject
        {
            ["kind"] = "handover",
            ["where"] = Point(Lat0, Lon0),
            ["start"] = "2021-02-25T00:00:00Z",
            ["authority"] = new JsonObject { ["agreement"] = "statement", ["provision"] = "2" },
        });
        var kept = Two(new DateTimeOffset(2021, 3, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("kept", kept.State);
        Assert.Contains(h, kept.Entries);
    }

    [Fact]
    public void Activities_outside_their_provision_or_citing_none_are_flagged_and_each_framework_speaks_for_itself()
    {
        var log = World();
        log.Add("agreement.draft", "am", Agreement("draft-am", ("B1", ["pk"], [Rule("permits", ("activities", A("construction")))])));
        log.Add("agreement.draft", "az", Agreement("draft-az", ("A1", ["pk"], [Rule("permits", ("activities", A("construction")), ("corridor", "c1"))])));
        JsonObject Act(string kind, double lat, double lon, string? provision) => provision is null
            ? new JsonObject { ["kind"] = kind, ["actor"] = "pk", ["where"] = Point(lat, lon), ["start"] = "2021-06-01T00:00:00Z" }
            : new JsonObject
            {
                ["kind"] = kind,
                ["actor"] = "pk",
                ["where"] = Point(lat, lon),
                ["start"] = "2021-06-01T00:00:00Z",
                ["authority"] = new JsonObject { ["agreement"] = "statement", ["provision"] = provision }
            };

        var patrol = log.Add("activity", "pk", Act("patrol", Lat0 + 0.1, Lon0, "1"));
        Assert.DoesNotContain(log.Book.Flags.Values, f => f.Entries.Contains(patrol));
        var farPatrol = log.Add("activity", "pk", Act("patrol", Lat0 + 0.1, Lon0 + 0.2, "1"));
        Assert.Contains("km from corridor c1", FlagOf(log, farPatrol, "activity-outside-provision")!.Verdicts.First(v => v.Framework == "statement").Why);

        var barracks = log.Add("activity", "pk", Act("construction", Lat0 + 0.1, Lon0 + 0.2, null));
        var flag = FlagOf(log, barracks, "activity-without-provision")!;
        Assert.Equal("no-rule", flag.Verdicts.Single(v => v.Framework == "statement").Outcome);
        Assert.Equal("allowed", flag.Verdicts.Single(v => v.Framework == "draft-am").Outcome);
        Assert.Equal("breach", flag.Verdicts.Single(v => v.Framework == "draft-az").Outcome); // builds only within the corridor
        Assert.Contains(barracks, ComplianceView.Evaluate(log.For(Reader.Anonymous), DateTimeOffset.UtcNow).UncoveredActivities);
    }

    [Fact]
    public void Ceilings_are_checked_as_deployments_and_withdrawals_add_up()
    {
        var log = World();
        JsonObject Deploy(string kind, int troops) => new()
        {
            ["kind"] = kind,
            ["actor"] = "pk",
            ["where"] = Point(Lat0, Lon0),
            ["start"] = "2021-06-01T00:00:00Z",
            ["counts"] = new JsonObject { ["troops"] = troops },
            ["authority"] = new JsonObject { ["agreement"] = "statement", ["provision"] = "3" },
        };
        Assert.Null(FlagOf(log, log.Add("activity", "pk", Deploy("deployment", 90)), "over-limit-troops"));
        Assert.NotNull(FlagOf(log, log.Add("activity", "pk", Deploy("deployment", 20)), "over-limit-troops"));
        Assert.Null(FlagOf(log, log.Add("activity", "pk", Deploy("withdrawal", 20)), "over-limit-troops"));
    }

    [Fact]
    public void Flags_are_acknowledged_or_contested_by_signed_entries_and_a_rebuild_raises_the_same_flags()
    {
        var log = World();
        var t = Transit(log, null);
        var id = $"F-{t}-transit-without-notice";
        log.Add("flag.response", "am", new JsonObject { ["flag"] = id, ["response"] = "contest", ["reason"] = "we sent a notice by hotline" });
        Assert.True(log.Book.Flags[id].Contested);
        Assert.True(log.Book.Flags[id].Open);
        log.Add("flag.response", "am", new JsonObject { ["flag"] = id, ["response"] = "acknowledge", ["reason"] = "found: it was not logged" });
        Assert.False(log.Book.Flags[id].Open);
        Assert.Equal("body.flag", Assert.Throws<ValidationException>(() => log.Add("flag.response", "am",
            new JsonObject { ["flag"] = "F-0-nothing", ["response"] = "contest", ["reason"] = "x" })).Field);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void Only_the_mission_logs_agreements_in_force_and_bad_bodies_name_their_fields()
    {
        var log = World();
        Assert.Throws<RefusedException>(() => log.Add("agreement", "az", Agreement("x", ("1", [], []))));
        var e = Assert.Throws<ValidationException>(() => log.Add("agreement.draft", "az", new JsonObject
        {
            ["id"] = "d",
            ["title"] = "t",
            ["provisions"] = new JsonArray(new JsonObject { ["number"] = 1, ["text"] = "x", ["rules"] = new JsonArray(new JsonObject { ["type"] = "deadline" }) }),
        }));
        Assert.Contains("body.provisions[0].rules[0].due", e.Errors.Select(x => x.Field));
        Assert.Contains("body.provisions[0].rules[0].metBy", e.Errors.Select(x => x.Field));
        Assert.Equal("body.checkpoint", Assert.Throws<ValidationException>(() => log.Add("transit", "pk", new JsonObject
        {
            ["checkpoint"] = "nowhere",
            ["direction"] = "in",
            ["time"] = "2021-06-01T00:00:00Z",
        })).Field);
        // where a transit was seen is a point; any other geometry was once dropped without a word
        Assert.Contains("body.position.type", Assert.Throws<ValidationException>(() => log.Add("transit", "pk", new JsonObject
        {
            ["checkpoint"] = "nowhere",
            ["direction"] = "in",
            ["time"] = "2021-06-01T00:00:00Z",
            ["position"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(46.7, 39.8), new JsonArray(46.8, 39.9)) },
        })).Errors.Select(x => x.Field));
    }

    [Fact]
    public void A_term_renews_and_is_judged_at_any_moment_the_calendar_holds()
    {
        var log = new MandateLog();
        log.Add("agreement", "mission", Agreement("truce", ("4", ["pk"],
            [Rule("term", ("from", "2020-11-10T00:00:00Z"), ("years", 5), ("noticeMonths", 6))])));
        ProvisionState Four(DateTimeOffset asOf) => ComplianceView.Evaluate(log.For(Reader.Anonymous), asOf).Provisions.Single();
        Assert.Equal("unknown", Four(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)).State);
        Assert.Contains("the current term ends 2025-11-10; the notice period began 2025-05-10", Four(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)).Why);
        Assert.Contains("the current term ends 2030-11-10; notice is due by 2030-05-10", Four(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Why);
        // Renewals run to the calendar's end without overflowing it; past the last one the calendar holds, no term is named.
        Assert.Contains("the current term ends 9995-11-10; notice is due by 9995-05-10", Four(new DateTimeOffset(9991, 1, 1, 0, 0, 0, TimeSpan.Zero)).Why);
        Assert.Empty(Four(DateTimeOffset.MaxValue).Why);
        Assert.Equal("unknown", Four(DateTimeOffset.MinValue).State);
    }

    [Fact]
    public void The_ceasefire_is_kept_at_risk_or_breached_by_the_incidents_the_reader_sees()
    {
        var log = new MandateLog();
        log.Add("agreement", "mission", Agreement("truce", ("1", ["az", "am"], [Rule("ceasefire", ("from", "2020-11-10T00:00:00Z"))])));
        var asOf = new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero);
        string State(params CeasefireEvent[] events) =>
            ComplianceView.Evaluate(log.For(Reader.Anonymous), asOf, events).Provisions.Single(p => p.Number == "1").State;
        var before = new CeasefireEvent("I-1", new DateTimeOffset(2020, 11, 1, 0, 0, 0, TimeSpan.Zero), "verified", "shelling", 3, 2);
        var reported = new CeasefireEvent("I-2", new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero), "reported", "small-arms", 1, 1);
        var verified = new CeasefireEvent("I-3", new DateTimeOffset(2021, 4, 1, 0, 0, 0, TimeSpan.Zero), "verified", "mortar", 4, 3);
        var unfounded = reported with { Id = "I-4", Status = "unfounded" };
        var later = verified with { Id = "I-5", Time = asOf.AddDays(1) };
        Assert.Equal("kept", State());
        Assert.Equal("kept", State(before, unfounded, later)); // before the ceasefire, found unfounded, after the moment asked
        Assert.Equal("at-risk", State(reported));
        Assert.Equal("breached", State(reported, verified));
        var why = ComplianceView.Evaluate(log.For(Reader.Anonymous), asOf, [reported, verified]).Provisions.Single().Why;
        Assert.Contains(why, w => w.Contains("I-3", StringComparison.Ordinal) && w.Contains("1 verified", StringComparison.Ordinal));
        Assert.Contains(why, w => w.Contains("1 more reported", StringComparison.Ordinal));
    }
}
