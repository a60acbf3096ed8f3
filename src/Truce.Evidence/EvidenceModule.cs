using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Evidence.Blobs;
using Truce.Evidence.Demo;

namespace Truce.Evidence;

/// <summary>
/// Evidence as a ledger module (docs/EVIDENCE.md): files stored by content in the deployment's <c>blobs/</c> folder with
/// their digests on the ledger, public copies without metadata, physical items with their chains of custody, and what
/// each is attached to. One book per audience class; a reader sees a file's bytes only if its book holds an
/// <c>evidence.add</c> for them. Other modules list a record's evidence through <see cref="IEvidenceHolder"/>.
/// </summary>
public sealed class EvidenceModule : InMemoryModule<EvidenceBook>, IDataFolderModule, IEvidenceHolder
{
    readonly EvidenceFiles _files;

    public EvidenceModule() : this(new EvidenceFiles())
    {
    }

    EvidenceModule(EvidenceFiles files) : base(EvidenceKinds.Declared, () => new EvidenceBook(files)) => _files = files;

    /// <summary>The deployment's blob store; null until <see cref="UseFolder"/>.</summary>
    public BlobStore? Store => _files.Store;

    /// <summary>The largest upload this deployment takes (<c>evidence.maxBytes</c> in deployment.json).</summary>
    public long MaxBytes => _files.MaxBytes;

    public void UseFolder(string dataFolder, JsonElement deploymentConfig)
    {
        _files.Store = new BlobStore(Path.Combine(dataFolder, "blobs"));
        if (deploymentConfig.TryGetProperty("evidence", out var e) && e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("maxBytes", out var m) && m.TryGetInt64(out var max) && max > 0)
        {
            _files.MaxBytes = max;
        }
    }

    public IEnumerable<(string Sha256, string Path)> FilesOf(string kind, JsonElement body) =>
        kind == EvidenceKinds.Add && body.TryGetProperty("sha256", out var d) && d.GetString() is { } sha && BlobStore.IsDigest(sha)
            ? [(sha, BlobStore.RelativePath(sha))] : [];

    /// <summary>A stored file's integrity against its digest ("missing" when this deployment keeps no files).</summary>
    public string Integrity(string sha256) => _files.Store?.Integrity(sha256) ?? Statuses.Missing;

    public IReadOnlyList<EvidenceRef> EvidenceOf(Reader reader, string targetType, string targetId)
    {
        var attached = Read(reader, b => b.Attached.TryGetValue((targetType, targetId), out var list)
            ? list.Select(a => (a, File: a.Kind == "file" ? b.ByDigest.GetValueOrDefault(a.Evidence) : null,
                Flags: a.Kind == "item" ? b.Items.GetValueOrDefault(a.Evidence)?.Flags() : null)).ToList()
            : []);
        // Files are hashed outside the lock: a large file must not hold up the writer.
        return [.. attached.Select(x => x.a.Kind == "file"
            ? new EvidenceRef("file", x.a.Evidence, x.File?.Type, Integrity(x.a.Evidence), [], x.a.Index, x.a.Party, x.a.Note, $"/api/evidence/{x.a.Evidence}")
            : new EvidenceRef("item", x.a.Evidence, null, x.Flags is { Count: > 0 } ? "gaps" : "complete",
                [.. (x.Flags ?? []).Select(f => f.Code).Distinct()], x.a.Index, x.a.Party, x.a.Note, $"/api/custody/{Uri.EscapeDataString(x.a.Evidence)}"))];
    }

    public override ModuleSummary? Summarise(Reader reader, IModuleHost host)
    {
        var (files, items, gaps) = Read(reader, b => (b.InOrder.Count, b.ItemsInOrder.Count, b.ItemsInOrder.Count(i => i.Flags().Count > 0)));
        if (files == 0 && items == 0)
        {
            return null;
        }
        return new ModuleSummary("Evidence",
            [$"{files} files on the ledger by their SHA-256; {items} physical items, {gaps} with gaps in their chain of custody."],
            [new SummaryLink("Files", "/api/evidence"), new SummaryLink("Physical items", "/api/custody")]);
    }

    public override Task LoadDemoAsync(IDemoWriter demo) => DemoEvidence.LoadAsync(demo, this);
}
