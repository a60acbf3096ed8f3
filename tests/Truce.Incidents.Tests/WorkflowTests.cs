using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Incidents.Correlation;
using Truce.Incidents.Queries;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Verification, merge, split, link, retraction, claims and re-correlation, as entries in log order.</summary>
public class WorkflowTests
{
    static readonly (double Lat, double Lon) Here = (39.95, 46.85);
    static readonly (double Lat, double Lon) There = (39.75, 46.70);


    [Fact]
    public void Verification_goes_through_review_and_each_step_names_its_reason()
    {
        var log = new Log();
        var r = log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p1", Here));
        var id = log.Book.Correlator.Reports[r].Incident;
        var skip = Assert.Throws<ValidationException>(() => log.Add("incident.status", "jmc", Status(id, "verified")));
        Assert.Equal("body.status", skip.Field);
        log.Add("incident.status", "jmc", Status(id, "under-review"));
        log.Add("incident.status", "jmc", Status(id, "disputed"));
        log.Add("incident.status", "jmc", Status(id, "under-review"));
        log.Add("incident.status", "jmc", Status(id, "verified"));
        Assert.Equal("verified", log.Book.Correlator.Incidents[id].Status);
        Assert.Equal(4, log.Book.Correlator.Incidents[id].History.Count(h => h.What.StartsWith("status", StringComparison.Ordinal)));
        var noReason = Assert.Throws<ValidationException>(() => log.Add("incident.status", "jmc", new JsonObject { ["incident"] = id, ["status"] = "retracted" }));
        Assert.Equal("body.reason", noReason.Field);
    }

    [Fact]
    public void Only_a_mission_party_may_assess_and_only_the_author_or_the_mission_may_retract()
    {
        var log = new Log();
        var r = log.Add("report", "az", Report("mortar", T0, 5, "party-statement", null, Here, "settlement"));
        var id = log.Book.Correlator.Reports[r].Incident;
        var refused = Assert.Throws<RefusedException>(() => log.Add("incident.status", "am", Status(id, "under-review")));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        Assert.Throws<RefusedException>(() => log.Add("report.retract", "am", new JsonObject { ["report"] = r, ["reason"] = "not theirs" }));
        log.Add("report.retract", "az", new JsonObject { ["report"] = r, ["reason"] = "wrong village" });
        Assert.True(log.Book.Correlator.Reports[r].Retracted);
        var view = IncidentQueries.Detail(log.Book, id)!;
        Assert.Equal("retracted", view.Incident.Status); // its only report was retracted
        Assert.Equal(0, view.Incident.Reports);
        Assert.Equal(1, view.Incident.RetractedReports);
    }

    /// <summary>Re-correlation puts each linked report back into the incident of a later report's id before it reaches
    /// that report, which fits there no more and needs an incident of its own. Those ids used to be the highest id held
    /// plus one: after a split's high id the second was 11, the index of the very next entry, whose split then wrote its
    /// incident over it (report 6 named an incident that no longer listed it). They are now entries that began nothing.</summary>
    [Fact]
    public void Reports_re_correlation_gives_an_incident_of_their_own_take_ids_no_later_entry_claims()
    {
        var log = new Log();
        (double Lat, double Lon) At(double eastKm) => Offset(Here, 0, eastKm);
        var (r, r2, r3) = (log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p1", At(0))),
            log.Add("report", "jmc", Report("mortar", T0, 5, "patrol", "p2", At(0))), log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p3", At(0.1))));
        var q1 = log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p4", At(20)));
        var x1 = log.Add("report", "jmc", Report("mortar", T0, 5, "patrol", "p5", At(40)));
        var q2 = log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p6", At(60)));
        var x2 = log.Add("report", "jmc", Report("mortar", T0, 5, "patrol", "p7", At(80)));
        var c = log.Book.Correlator;
        Assert.Equal([r, r2, r3], c.Incidents[r].Reports);
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = q1, ["incident"] = x1, ["reason"] = "the same salvo" });
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = q2, ["incident"] = x2, ["reason"] = "the same salvo" });
        log.Add("incident.split", "jmc", new JsonObject { ["incident"] = r, ["reports"] = new JsonArray(r2), ["reason"] = "two events" });
        var run = log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "new thresholds" });
        c = log.Book.Correlator;
        var (own1, own2) = (c.Reports[x1].Incident, c.Reports[x2].Incident);
        Assert.NotEqual(x1, own1); // the linked report holds x1's id
        Assert.NotEqual(x2, own2);
        Assert.Equal(run, own1);
        Assert.True(own2 < run && !c.Reports.ContainsKey(own2), $"I-{own2}");
        var split = log.Add("incident.split", "jmc", new JsonObject { ["incident"] = r, ["reports"] = new JsonArray(r), ["reason"] = "three events" });
        Assert.Equal(split, c.Reports[r].Incident);
        Assert.All(c.Reports.Values, s => Assert.Contains(s.Report.Index, c.Incidents[s.Incident].Reports));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void Monitors_merge_split_and_link_and_a_rebuild_reproduces_every_decision()
    {
        var log = new Log();
        var a = log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "p1", Here));
        var b = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(1), 5, "fixed-camera", "c1", Here, "exact"));
        var c = log.Add("report", "pk", Report("mortar", T0.AddMinutes(40), 5, "patrol", "p2", There));
        var reports = log.Book.Correlator.Reports;
        var i1 = reports[a].Incident;
        var i2 = reports[c].Incident;
        Assert.Equal(i1, reports[b].Incident);
        Assert.NotEqual(i1, i2);

        log.Add("incident.merge", "jmc", new JsonObject { ["into"] = i1, ["from"] = i2, ["reason"] = "one salvo walked south" });
        Assert.Equal(i1, reports[c].Incident);
        Assert.Equal(i1, log.Book.Correlator.Find(i2)!.Id); // the old id leads to the merged incident
        var split = log.Add("incident.split", "jmc", new JsonObject { ["incident"] = i1, ["reports"] = new JsonArray(c), ["reason"] = "two events after all" });
        Assert.Equal(split, reports[c].Incident);
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = b, ["incident"] = split, ["reason"] = "the camera saw the second" });
        Assert.Equal(split, reports[b].Incident);
        Assert.All(new[] { a, b, c }, x => Assert.True(reports[x].Pinned));

        var badSplit = Assert.Throws<ValidationException>(() => log.Add("incident.split", "jmc",
            new JsonObject { ["incident"] = i1, ["reports"] = new JsonArray(c), ["reason"] = "x" }));
        Assert.Equal("body.reports[0]", badSplit.Field);

        // Re-correlation keeps what the monitors decided; a rebuild from the log reproduces all of it.
        var d = log.Add("report", "pk", Report("mortar", T0.AddMinutes(2), 5, "patrol", "p3", Here));
        log.Add("correlation.config", "mission", new JsonObject { ["join"] = 0.9 }, vis: Visibility.Public);
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "new thresholds" });
        Assert.Equal(split, log.Book.Correlator.Reports[b].Incident);
        Assert.Equal(split, log.Book.Correlator.Reports[c].Incident);
        Assert.Equal(i1, log.Book.Correlator.Reports[a].Incident);
        Assert.Equal(0.9, log.Book.Correlator.Settings.Join);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
        Assert.Contains(log.Book.Correlator.Reports[d].Incident, log.Book.Correlator.Incidents.Keys);
    }

    [Fact]
    public void Claims_sit_beside_the_assessment_and_follow_merges()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("artillery", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var b = log.Add("report", "pk", Report("artillery", T0.AddHours(2), 5, "patrol", "p1", There));
        var (i1, i2) = (log.Book.Correlator.Reports[a].Incident, log.Book.Correlator.Reports[b].Incident);
        log.Add("claim", "az", new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "Ministry A", ["kind"] = "ministry", ["party"] = "az" },
            ["stance"] = "attributes",
            ["attributedTo"] = "side B",
            ["incidents"] = new JsonArray(i1, i2),
            ["quote"] = "They fired first.",
            ["source"] = new JsonObject { ["title"] = "Statement", ["url"] = "https://example.org/s" },
        });
        log.Add("claim", "am", new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "Ministry B", ["kind"] = "ministry" },
            ["stance"] = "denies",
            ["incidents"] = new JsonArray(i1),
            ["quote"] = "No fire was opened.",
            ["source"] = new JsonObject { ["outlet"] = "TV" },
        });
        var bad = Assert.Throws<ValidationException>(() => log.Add("claim", "am", new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "X", ["kind"] = "alien" },
            ["stance"] = "attributes",
            ["quote"] = "q",
            ["source"] = new JsonObject { ["url"] = "ftp://x" },
        }));
        Assert.Equal(["body.actor.kind", "body.attributedTo", "body.incidents", "body.source.url"], bad.Errors.Select(e => e.Field).Order(StringComparer.Ordinal).ToArray());

        var detail = IncidentQueries.Detail(log.Book, i1)!;
        Assert.Equal(["attributes", "denies"], detail.Claims.Select(c => c.Stance).Order().ToArray());
        log.Add("incident.merge", "jmc", new JsonObject { ["into"] = i2, ["from"] = i1, ["reason"] = "same" });
        Assert.Equal(2, IncidentQueries.Claims(log.Book, i2, 10).Count);
    }

    /// <summary>An incident is named I-606 in every answer; a body may name it so or by the number alone.</summary>
    [Fact]
    public void Incidents_are_named_in_bodies_as_answers_name_them_or_by_number_and_answers_use_one_form()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("artillery", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var b = log.Add("report", "pk", Report("artillery", T0.AddHours(2), 5, "patrol", "p1", There));
        var (i1, i2) = (log.Book.Correlator.Reports[a].Incident, log.Book.Correlator.Reports[b].Incident);
        var shown = IncidentQueries.Detail(log.Book, i1)!.Incident.Id;
        Assert.Equal($"I-{i1}", shown);
        log.Add("incident.status", "jmc", new JsonObject { ["incident"] = shown, ["status"] = "under-review", ["reason"] = "test" });
        Assert.Equal("under-review", log.Book.Correlator.Incidents[i1].Status);
        log.Add("claim", "az", new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "Ministry A", ["kind"] = "ministry" },
            ["stance"] = "asserts",
            ["incidents"] = new JsonArray(shown, $"{i2}", i2 + 0),
            ["quote"] = "q",
            ["source"] = new JsonObject { ["outlet"] = "TV" },
        });
        var claim = Assert.Single(IncidentQueries.Claims(log.Book, i1, 10));
        Assert.Equal([$"I-{i1}", $"I-{i2}"], claim.Incidents); // the same incident named twice, in both forms, once
        Assert.Equal(log.Entries[(int)a].Env.Cid, IncidentQueries.Report(log.Book, a)!.Cid);

        var bad = Assert.Throws<ValidationException>(() => log.Add("incident.merge", "jmc", new JsonObject
        {
            ["into"] = "X-1",
            ["from"] = "I--3",
            ["reason"] = "same",
        }));
        Assert.Equal(["body.into", "body.into", "body.from", "body.from"], bad.Errors.Select(e => e.Field).ToArray());
        Assert.Contains("I-606", bad.Errors[0].Problem, StringComparison.Ordinal);
    }

    /// <summary>Re-correlated under a lower <c>join</c>, twelve patrols' reports of a camera's shelling join the
    /// camera's incident: that incident's history says which reports joined it and from where (ten, then how many more;
    /// a retracted one is not news), and each incident they left becomes an alias that says where its reports went.
    /// </summary>
    [Fact]
    public void Re_correlation_says_which_reports_joined_an_incident_and_from_where()
    {
        var log = new Log();
        log.Add("correlation.config", "mission", new JsonObject { ["join"] = 1 });
        var a = log.Add("report", "jmc", Report("mortar", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var patrols = Enumerable.Range(1, 12).Select(k => log.Add("report", "pk", Report("mortar", T0.AddSeconds(10 * k), 5, "patrol", $"p{k}", Here))).ToList();
        var c = log.Book.Correlator;
        Assert.All(patrols, b => Assert.Equal(b, c.Reports[b].Incident));
        log.Add("report.retract", "pk", new JsonObject { ["report"] = patrols[^1], ["reason"] = "sent twice" });
        log.Add("correlation.config", "mission", new JsonObject { ["join"] = 0.65 });
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "a lower threshold" });
        c = log.Book.Correlator;
        Assert.All(patrols[..^1], b => Assert.Equal(a, c.Reports[b].Incident));
        var listed = string.Join(", ", patrols.Take(10).Select(b => $"report {b} from I-{b}"));
        var step = c.Incidents[a].History[^1].What;
        Assert.Equal($"re-correlated over all reports; joined: {listed} and 1 more", step);
        Assert.Equal($"re-correlation put its reports into I-{a}", c.Incidents[patrols[0]].History[^1].What);
        Assert.Equal(step, log.Replay().Correlator.Incidents[a].History[^1].What); // the digest counts steps, not their words
    }

    /// <summary>The book's digest, which a rebuild and a store migration compare, covers what each step of an incident's
    /// history says, not only how many steps there are.</summary>
    [Fact]
    public void The_digest_covers_the_words_of_each_step()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("mortar", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var digest = log.Book.Digest();
        var history = log.Book.Correlator.Incidents[a].History;
        List<IncidentEvent> steps = [.. history];
        steps[^1] = steps[^1] with { What = steps[^1].What + ", said otherwise" };
        history.Clear();
        history.AddRange(steps);
        Assert.NotEqual(digest, log.Book.Digest());
    }

    /// <summary>A monitor links an earlier report into the incident a later one started. Re-correlated, the pinned report
    /// brings that incident back first; the later report, which does not fit it, starts an incident under another id
    /// rather than overwrite it, and every incident lists exactly its reports.</summary>
    [Fact]
    public void Re_correlation_never_gives_two_incidents_one_id()
    {
        var log = new Log();
        var early = log.Add("report", "jmc", Report("artillery", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var later = log.Add("report", "pk", Report("small-arms", T0.AddHours(6), 5, "patrol", "p1", There));
        var c = log.Book.Correlator;
        Assert.Equal(later, c.Reports[later].Incident);
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = early, ["incident"] = later, ["reason"] = "the monitor's call" });
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "again" });
        c = log.Book.Correlator;
        Assert.Equal(later, c.Reports[early].Incident);
        Assert.NotEqual(later, c.Reports[later].Incident);
        // The incident's history says which report left it and where to, not only that correlation ran again.
        Assert.Equal($"re-correlated over all reports; left: report {later} for I-{c.Reports[later].Incident}", c.Incidents[later].History[^1].What);
        foreach (var s in c.Reports.Values)
        {
            Assert.Contains(s.Report.Index, c.Incidents[s.Incident].Reports);
        }
        Assert.Equal(c.Reports.Count, c.Incidents.Values.Sum(i => i.Reports.Count));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void A_claim_names_parties_only_by_registered_ids_and_whom_it_blames_in_the_actors_words_too()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("artillery", T0, 5, "fixed-camera", "c1", Here, "exact"));
        var incident = log.Book.Correlator.Reports[a].Incident;
        JsonObject Claim(string actorParty, string? words, string? party)
        {
            var o = new JsonObject
            {
                ["actor"] = new JsonObject { ["name"] = "Ministry A", ["kind"] = "ministry", ["party"] = actorParty },
                ["stance"] = "attributes",
                ["incidents"] = new JsonArray(incident),
                ["quote"] = "They fired first.",
                ["source"] = new JsonObject { ["outlet"] = "TV" },
            };
            foreach (var (name, value) in new[] { ("attributedTo", words), ("attributedToParty", party) })
            {
                if (value is not null)
                {
                    o[name] = value;
                }
            }
            return o;
        }
        var size = log.Entries.Count;
        var bad = Assert.Throws<ValidationException>(() => log.Add("claim", "az", Claim("zz", "the other side", "server")));
        Assert.Equal(["body.actor.party", "body.attributedToParty"], bad.Errors.Select(e => e.Field).ToArray());
        Assert.Contains("'server' is not a registered party", bad.Message);
        Assert.Equal(size, log.Entries.Count);
        Assert.Equal("body.attributedTo", Assert.Throws<ValidationException>(() => log.Add("claim", "az", Claim("az", null, null))).Field);

        // The actor's words are kept as said and never read as a party, beside the party they name if they name one.
        var words = log.Add("claim", "az", Claim("az", "zz's units", null));
        var linked = log.Add("claim", "az", Claim("az", "the other side's units", "am"));
        var claims = IncidentQueries.Claims(log.Book, incident, 10);
        Assert.Equal(("zz's units", (string?)null), claims.Where(c => c.Index == words).Select(c => (c.AttributedTo, c.AttributedToParty)).Single());
        Assert.Equal(("the other side's units", "am"), claims.Where(c => c.Index == linked).Select(c => (c.AttributedTo, c.AttributedToParty)).Single());
    }

    [Fact]
    public void A_party_only_report_neither_shows_nor_shapes_what_others_see()
    {
        var log = new Log();
        var open = log.Add("report", "pk", Report("mortar", T0, 10, "patrol", "p1", Here, "settlement"));
        var hidden = log.Add("report", "az", Report("mortar", T0.AddMinutes(1), 5, "party-statement", "x", Here, "exact"), vis: Visibility.Party);
        var id = log.Book.Correlator.Reports[open].Incident;
        Assert.Equal(id, log.Book.Correlator.Reports[hidden].Incident);

        // Each audience class has its own book: what a party sees is what a book of its entries alone gives.
        var am = IncidentQueries.Detail(log.Replay(new Reader("am")), id)!;
        Assert.Single(am.Reports);
        Assert.DoesNotContain(am.History, h => h.Entry == hidden);
        Assert.True(am.Incident.Location.SigmaKm > 1, "the precise party-only fix must not sharpen what others see");
        Assert.Null(IncidentQueries.Report(log.Replay(new Reader("am")), hidden));
        var az = IncidentQueries.Detail(log.Replay(new Reader("az")), id)!;
        Assert.Equal(2, az.Reports.Count);
        Assert.True(az.Incident.Location.SigmaKm < 0.2);
        var mission = IncidentQueries.Detail(log.Replay(new Reader("jmc", IsMission: true)), id)!;
        Assert.Equal(2, mission.Reports.Count);
    }

    [Fact]
    public void Bad_reports_name_every_bad_field_at_once()
    {
        var log = new Log();
        var body = Report("mortar", T0, 5, "patrol", "p1", Here);
        body["category"] = "airspace";
        body["time"]!["end"] = Time(T0.AddMinutes(-5));
        body["location"]!["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(200, 40) };
        body["source"]!["kind"] = "rumour";
        body["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 5, ["best"] = 2, ["high"] = 9 } };
        var e = Assert.Throws<ValidationException>(() => log.Add("report", "pk", body));
        var fields = e.Errors.Select(x => x.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "body.type", "body.time.end", "body.location.geometry.coordinates", "body.source.kind", "body.counts.explosions" }, fields);
        Assert.Empty(log.Book.Correlator.Reports);

        var noPlace = Report("mortar", T0, 5, "patrol", "p1");
        Assert.Equal("body.location", Assert.Throws<ValidationException>(() => log.Add("report", "pk", noPlace)).Field);
    }

    [Fact]
    public void Deployments_extend_the_taxonomy_by_entry()
    {
        var log = new Log();
        Assert.Throws<ValidationException>(() => log.Add("report", "pk", Report("loitering-munition", T0, 5, "patrol", "p", Here)));
        log.Add("taxonomy.extend", "mission", new JsonObject
        {
            ["types"] = new JsonArray(new JsonObject { ["id"] = "loitering-munition", ["category"] = "ceasefire-violation", ["family"] = "aerial", ["label"] = "Loitering munition" }),
        });
        var r = log.Add("report", "pk", Report("loitering-munition", T0, 5, "patrol", "p", Here));
        var d = log.Add("report", "jmc", Report("drone-strike", T0.AddMinutes(1), 5, "fixed-camera", "c", Here, "exact"));
        Assert.Equal(log.Book.Correlator.Reports[r].Incident, log.Book.Correlator.Reports[d].Incident);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }
}
