using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Evidence.Blobs;

namespace Truce.Evidence.Tests;

public sealed class FileKindTests : IDisposable
{
    readonly EvidenceLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public void An_added_file_is_on_the_book_with_who_collected_it_and_replays_the_same()
    {
        var stored = _log.Store.Write(Samples.Jpeg());
        var i = _log.Add(EvidenceKinds.Add, "az", Samples.AddBody(stored.Sha256, stored.Type, stored.Size), visibility: Visibility.Party);
        var f = _log.Book.ByDigest[stored.Sha256];
        Assert.Equal((i, "az", "patrol 7 (synthetic)"), (f.Index, f.Party, f.Body.Collected.By));
        Assert.Equal(39.8, f.Body.Collected.Lat);
        Assert.Equal(_log.Book.Digest(), _log.Replay().Digest());
        Assert.Empty(_log.For(new Reader("am", false)).ByDigest);
        Assert.Single(_log.For(new Reader("pk", true)).ByDigest);
    }

    [Fact]
    public void The_stored_file_itself_is_checked_at_admission()
    {
        var stored = _log.Store.Write(Samples.Jpeg());
        var missing = new string('a', 64);
        Assert.Equal("body.sha256", Refused(Samples.AddBody(missing, MediaTypes.Jpeg, 10)).Field);
        Assert.Equal("body.size", Refused(Samples.AddBody(stored.Sha256, stored.Type, stored.Size + 1)).Field);
        Assert.Equal("body.type", Refused(Samples.AddBody(stored.Sha256, MediaTypes.Png, stored.Size)).Field);
        // Altered on disk between the upload and the entry: refused, since the bytes no longer hash to the digest.
        var path = _log.Store.PathOf(stored.Sha256);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = Refused(Samples.AddBody(stored.Sha256, stored.Type, stored.Size));
        Assert.Equal("body.sha256: the stored file no longer hashes to this digest", e.Message);
        Assert.Empty(_log.Book.ByDigest);
    }

    [Fact]
    public void Bad_fields_are_each_named()
    {
        var e = Refused(new JsonObject { ["sha256"] = "ABC", ["type"] = "text/html", ["size"] = 0, ["collected"] = new JsonObject { ["at"] = "yesterday" } });
        Assert.Equal(["body.sha256", "body.type", "body.size", "body.collected.by", "body.collected.at"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void A_file_added_twice_is_refused_the_second_time()
    {
        var stored = _log.Store.Write(Samples.Pdf());
        var first = _log.Add(EvidenceKinds.Add, "az", Samples.AddBody(stored.Sha256, stored.Type, stored.Size));
        Assert.Equal($"body.sha256: is on the ledger already, as entry {first}", Refused(Samples.AddBody(stored.Sha256, stored.Type, stored.Size)).Message);
    }

    [Fact]
    public void Evidence_is_attached_only_if_it_is_on_the_ledger_and_lists_under_its_target()
    {
        var stored = _log.Store.Write(Samples.Pdf());
        _log.Add(EvidenceKinds.Add, "az", Samples.AddBody(stored.Sha256, stored.Type, stored.Size), visibility: Visibility.Party);
        var attach = new JsonObject { ["sha256"] = stored.Sha256, ["target"] = new JsonObject { ["type"] = "incident", ["id"] = "606" } };
        var unknown = new JsonObject { ["sha256"] = new string('b', 64), ["target"] = new JsonObject { ["type"] = "incident", ["id"] = "606" } };
        Assert.Equal("body.sha256", Assert.Throws<ValidationException>(() => _log.Add(EvidenceKinds.Attach, "am", unknown)).Field);
        _log.Add(EvidenceKinds.Attach, "az", attach, visibility: Visibility.Party);
        Assert.Equal(stored.Sha256, Assert.Single(_log.Book.Attached[("incident", "I-606")]).Evidence);
    }

    ValidationException Refused(JsonObject body) => Assert.Throws<ValidationException>(() => _log.Add(EvidenceKinds.Add, "az", body));
}
