using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Tests.Shared;

namespace Truce.Mandate.Tests;

/// <summary>The mandate's kinds as declared (Kinds/): the module's kinds and roles come from them, and a record read
/// once is shared by the books an entry reaches, each book building its own object for what it changes later.</summary>
public class KindTests
{
    [Fact]
    public void The_modules_kinds_and_roles_are_the_declared_kinds()
    {
        string[] names = [MandateKinds.Agreement, MandateKinds.Draft, MandateKinds.Response, MandateKinds.Amend, MandateKinds.Corridor, MandateKinds.Checkpoint,
            MandateKinds.Notice, MandateKinds.Consent, MandateKinds.Transit, MandateKinds.Activity, MandateKinds.FlagResponse];
        Assert.Equal(names.Order(StringComparer.Ordinal), new MandateModule().Kinds.Keys.Order(StringComparer.Ordinal));
        Assert.Same(MandateKinds.All, MandateKinds.Declared.Roles);
        Assert.Equal(new HashSet<string> { Roles.MissionAdmin }, MandateKinds.All[MandateKinds.Agreement]);
        Assert.Equal(new HashSet<string> { Roles.CheckpointOfficer, Roles.Reporter }, MandateKinds.All[MandateKinds.Transit]);
    }

    /// <summary>Two audience classes' books fed as the module feeds them: one memo per entry, shared by both.</summary>
    sealed class TwoBooks
    {
        public MandateBook A { get; } = new();
        public MandateBook B { get; } = new();
        long _next = ModuleLog<MandateBook>.FirstIndex;

        public long Add(string kind, string party, JsonNode body, bool onlyA = false)
        {
            var index = _next++;
            var env = ModuleLog<MandateBook>.Env(kind, party, new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero));
            var b = JsonSerializer.SerializeToElement(body);
            var memo = new EntryMemo();
            A.Apply(index, env, b, memo);
            if (!onlyA)
            {
                B.Apply(index, env, b, memo);
            }
            return index;
        }
    }

    [Fact]
    public void Books_share_what_an_entry_states_and_keep_their_own_objects_for_what_later_entries_change()
    {
        var books = new TwoBooks();
        books.Add("agreement", "mission", JsonNode.Parse("""{"id":"s","title":"s","provisions":[{"number":"1","text":"t","rules":[]}]}""")!);
        books.Add("checkpoint", "mission", JsonNode.Parse("""{"id":"cp","name":"cp","position":{"type":"Point","coordinates":[46.5,39.6]}}""")!);
        var notice = books.Add("movement.notice", "am", JsonNode.Parse("""{"id":"n","people":[{"category":"official","count":2}],"purpose":"p","from":"2021-06-01T00:00:00Z","until":"2021-06-02T00:00:00Z"}""")!);
        var transit = books.Add("transit", "pk", new JsonObject
        {
            ["checkpoint"] = "cp",
            ["direction"] = "in",
            ["time"] = "2021-06-01T10:00:00Z",
            ["notice"] = notice,
            ["people"] = new JsonArray(new JsonObject { ["category"] = "official", ["count"] = 2 }),
        });
        Assert.Same(books.A.Transits[transit], books.B.Transits[transit]);
        Assert.Same(books.A.Checkpoints["cp"], books.B.Checkpoints["cp"]);
        Assert.Same(books.A.Agreements["s"].Provisions["1"], books.B.Agreements["s"].Provisions["1"]);

        // Consents, tallies and amendments change a book's own notice and agreement, never the other book's.
        Assert.NotSame(books.A.Notices[notice], books.B.Notices[notice]);
        Assert.Equal((2, 2), (books.A.Notices[notice].PeopleIn, books.B.Notices[notice].PeopleIn));
        var consent = books.Add("movement.consent", "az", new JsonObject { ["notice"] = notice, ["decision"] = "give" }, onlyA: true);
        var amend = books.Add("provision.amend", "mission", JsonNode.Parse("""{"agreement":"s","provision":{"number":"1","text":"amended","rules":[]},"reason":"r"}""")!, onlyA: true);
        Assert.Equal(consent, books.A.Notices[notice].Consents["az"].Index);
        Assert.Empty(books.B.Notices[notice].Consents);
        var (amended, kept) = (books.A.Agreements["s"].Provisions["1"], books.B.Agreements["s"].Provisions["1"]);
        Assert.Equal("amended", amended.Text);
        Assert.Equal([amend], amended.AmendedBy);
        Assert.Equal("t", kept.Text);
        Assert.Empty(kept.AmendedBy);
    }
}
