using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Evidence.Custody;

namespace Truce.Evidence.Tests;

/// <summary>Every gap rule of a chain of custody, each on a constructed case, and a complete chain with none.</summary>
public sealed class CustodyTests : IDisposable
{
    readonly EvidenceLog _log = new();

    public void Dispose() => _log.Dispose();

    static DateTimeOffset T(int hour) => new(2021, 1, 1, hour, 0, 0, TimeSpan.Zero);

    long Step(string kind, string party, JsonObject body, int hour, Visibility vis = Visibility.Public)
    {
        body["item"] ??= "remains-1";
        body["at"] = T(hour).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return _log.Add(kind, party, body, T(hour), vis);
    }

    void Collect(string party = "az") => Step(EvidenceKinds.Collect, party, new JsonObject { ["description"] = "missile remains (synthetic)" }, 1);

    long Transfer(string from, string to, int hour, string seal = "S-1", string condition = "intact") =>
        Step(EvidenceKinds.Transfer, from, new JsonObject { ["to"] = to, ["seal"] = seal, ["sealCondition"] = condition }, hour);

    long Receive(string by, long transfer, int hour, string seal = "S-1", string condition = "intact") =>
        Step(EvidenceKinds.Receive, by, new JsonObject { ["transfer"] = transfer, ["seal"] = seal, ["sealCondition"] = condition }, hour);

    void Examine(string by, int hour) =>
        Step(EvidenceKinds.Examine, by, new JsonObject { ["method"] = "visual inspection, markings", ["findings"] = "fragments of a rocket motor" }, hour);

    IReadOnlyList<CustodyFlag> Flags() => _log.Book.Items["remains-1"].Flags();

    [Fact]
    public void A_complete_chain_has_no_flags_and_the_receiver_holds_the_item()
    {
        Collect();
        Step(EvidenceKinds.Seal, "az", new JsonObject { ["seal"] = "S-1" }, 2);
        Receive("pk", Transfer("az", "pk", 3), 4);
        Examine("pk", 5);
        Step(EvidenceKinds.Store, "pk", new JsonObject { ["location"] = "evidence room, Stepanakert HQ (synthetic)" }, 6);
        Assert.Empty(Flags());
        Assert.Equal("pk", _log.Book.Items["remains-1"].Holder);
        Assert.Equal(_log.Book.Digest(), _log.Replay().Digest());
    }

    [Fact]
    public void A_transfer_without_a_receipt_is_flagged()
    {
        Collect();
        var t = Transfer("az", "pk", 3);
        Assert.Equal((Gaps.TransferWithoutReceipt, t), Flags().Select(f => (f.Code, f.Entry)).Single());
    }

    [Fact]
    public void A_broken_seal_is_flagged_where_it_was_found()
    {
        Collect();
        Step(EvidenceKinds.Seal, "az", new JsonObject { ["seal"] = "S-1" }, 2);
        var r = Receive("pk", Transfer("az", "pk", 3), 4, condition: "broken");
        Assert.Equal((Gaps.BrokenSeal, r), Flags().Select(f => (f.Code, f.Entry)).Single());
    }

    [Fact]
    public void A_seal_other_than_the_one_put_on_is_flagged()
    {
        Collect();
        Step(EvidenceKinds.Seal, "az", new JsonObject { ["seal"] = "S-1" }, 2);
        var t = Transfer("az", "pk", 3, seal: "S-2");
        Receive("pk", t, 4, seal: "S-2");
        Assert.Equal([Gaps.SealMismatch, Gaps.SealMismatch], Flags().Select(f => f.Code));
    }

    [Fact]
    public void An_examination_by_a_party_that_never_received_the_item_is_flagged()
    {
        Collect();
        Transfer("az", "pk", 3);
        Examine("pk", 5);
        Assert.Equal([Gaps.TransferWithoutReceipt, Gaps.ExaminedWithoutCustody], Flags().Select(f => f.Code));
    }

    [Fact]
    public void Steps_dated_out_of_order_are_flagged()
    {
        Collect();
        var t = Transfer("az", "pk", 5);
        Receive("pk", t, 4); // received before it was sent
        Examine("pk", 3); // and examined before that
        Assert.Equal([Gaps.OutOfOrder, Gaps.OutOfOrder, Gaps.OutOfOrder], Flags().Select(f => f.Code));
    }

    [Fact]
    public void A_step_after_the_item_was_destroyed_is_flagged()
    {
        Collect();
        Step(EvidenceKinds.Destroy, "az", new JsonObject { ["method"] = "demolition by the mine action centre" }, 2);
        Examine("az", 3);
        Assert.Equal([Gaps.AfterDisposal], Flags().Select(f => f.Code));
    }

    [Fact]
    public void Only_the_receiver_countersigns_a_transfer_and_only_once()
    {
        Collect();
        var t = Transfer("az", "pk", 3);
        Assert.Throws<RefusedException>(() => Receive("am", t, 4));
        Receive("pk", t, 4);
        Assert.Equal("body.transfer", Assert.Throws<ValidationException>(() => Receive("pk", t, 5)).Field);
        Assert.Equal("body.item", Assert.Throws<ValidationException>(() => Step(EvidenceKinds.Seal, "az", new JsonObject { ["item"] = "nothing", ["seal"] = "S" }, 6)).Field);
        Assert.Equal("body.to", Assert.Throws<ValidationException>(() => Transfer("pk", "nobody", 7)).Field);
    }

    [Fact]
    public void A_reader_who_sees_the_transfer_but_not_the_receipt_sees_the_gap()
    {
        Collect();
        var t = Transfer("az", "pk", 3);
        Step(EvidenceKinds.Receive, "pk", new JsonObject { ["transfer"] = t, ["sealCondition"] = "intact" }, 4, Visibility.Party);
        Assert.Empty(Flags());
        Assert.Equal([Gaps.TransferWithoutReceipt], _log.For(new Reader("am", false)).Items["remains-1"].Flags().Select(f => f.Code));
    }
}
