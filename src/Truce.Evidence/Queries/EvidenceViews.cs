using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Evidence.Custody;

namespace Truce.Evidence.Queries;

public sealed record TargetView(string Type, string Id);

public sealed record AttachmentView(long Entry, string Party, string Kind, string Evidence, TargetView Target, string? Note);

public sealed record CollectedView(string By, DateTimeOffset At, LatLon? Where, string? Place);

/// <summary>A file on the ledger, with its stored blob's integrity ("intact", "missing", "altered").</summary>
public sealed record FileView(string Sha256, string Type, long Size, string? Name, string? Description, CollectedView Collected,
    string Party, long Entry, string Visibility, DateTimeOffset Logged, string Integrity, string? PublicCopyOf,
    IReadOnlyList<string> PublicCopies, IReadOnlyList<AttachmentView> AttachedTo, bool Synthetic);

public sealed record FlagView(string Code, long Entry, string Detail);

public sealed record StepView(long Entry, string Step, string Party, DateTimeOffset At, string? Note)
{
    public string? Description { get; init; }
    public LatLon? Where { get; init; }
    public string? Place { get; init; }
    public string? Seal { get; init; }
    public string? Photo { get; init; }
    public string? To { get; init; }
    public string? SealCondition { get; init; }
    public long? Transfer { get; init; }
    public string? Method { get; init; }
    public string? Findings { get; init; }
    public string? Report { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<string>? Witnesses { get; init; }
}

/// <summary>A physical item: who collected it, who holds it now, whether its chain of custody has gaps ("complete" or
/// "gaps") and which, its steps (in the item's own view) and what it is attached to.</summary>
public sealed record ItemView(string Id, string Description, string CollectedBy, long Entry, string? Holder, string Chain,
    IReadOnlyList<FlagView> Flags, IReadOnlyList<StepView>? Steps, IReadOnlyList<AttachmentView> AttachedTo, bool Synthetic);

public sealed record AttachedList(TargetView Target, IReadOnlyList<EvidenceRef> Evidence);

/// <summary>What an upload stored: the digest to put in an <c>evidence.add</c> entry.</summary>
public sealed record UploadAnswer(string Sha256, string Type, long Size);

/// <summary>The views of the evidence module, read from one book.</summary>
public static class EvidenceQueries
{
    public static AttachmentView Attachment(Attachment a) => new(a.Index, a.Party, a.Kind, a.Evidence, new TargetView(a.TargetType, a.TargetId), a.Note);

    static IReadOnlyList<AttachmentView> AttachedTo(EvidenceBook b, string id) =>
        b.AttachedTo.TryGetValue(id, out var list) ? [.. list.Select(Attachment)] : [];

    /// <summary>A file with its integrity to fill in (hashing happens outside the book's lock).</summary>
    public static FileView File(EvidenceBook b, EvidenceFile f)
    {
        var c = f.Body.Collected;
        return new FileView(f.Sha256, f.Type, f.Size, f.Body.Name, f.Body.Description,
            new CollectedView(c.By, c.At, c.Lat is { } lat && c.Lon is { } lon ? new LatLon(lat, lon) : null, c.Place),
            f.Party, f.Index, f.Visibility, f.Logged, "", f.PublicCopyOf,
            b.CopiesOf.TryGetValue(f.Sha256, out var copies) ? [.. copies] : [], AttachedTo(b, f.Sha256), f.Body.Synthetic);
    }

    /// <summary>Files and items in log order: the order of the entry that put each on the ledger.</summary>
    public static readonly ListOrder<EvidenceFile, long> FileOrder = ListOrders.ByIndex<EvidenceFile>(f => f.Index);

    public static readonly ListOrder<CustodyItem, long> ItemOrder = ListOrders.ByIndex<CustodyItem>(i => i.Collected.Index);

    public static Page<FileView> Files(EvidenceBook b, PageStart<long> start) => Paging.Seek(b.InOrder, FileOrder, start, _ => true, f => File(b, f));

    public static ItemView Item(EvidenceBook b, CustodyItem i, bool steps) => new(i.Id, i.Collected.Body.Description ?? "", i.Collected.Party,
        i.Collected.Index, i.Holder, i.Flags().Count > 0 ? "gaps" : "complete", [.. i.Flags().Select(f => new FlagView(f.Code, f.Entry, f.Detail))],
        steps ? [.. i.Steps.Select(Step)] : null, AttachedTo(b, i.Id), i.Collected.Body.Synthetic);

    public static Page<ItemView> Items(EvidenceBook b, PageStart<long> start) =>
        Paging.Seek(b.ItemsInOrder, ItemOrder, start, _ => true, i => Item(b, i, steps: false));

    static StepView Step(CustodyStep s)
    {
        var x = s.Body;
        return new StepView(s.Index, x.Step, s.Party, x.At, x.Note)
        {
            Description = x.Step == "collect" ? x.Description : null,
            Where = x.Lat is { } lat && x.Lon is { } lon ? new LatLon(lat, lon) : null,
            Place = x.Place,
            Seal = x.Seal,
            Photo = x.Photo,
            To = x.To,
            SealCondition = x.SealCondition,
            Transfer = x.Transfer,
            Method = x.Method,
            Findings = x.Findings,
            Report = x.Report,
            Location = x.Location,
            Witnesses = x.Witnesses.Count > 0 ? x.Witnesses : null,
        };
    }
}
