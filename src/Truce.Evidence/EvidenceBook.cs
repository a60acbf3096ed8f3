using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Evidence.Custody;
using Truce.Evidence.Kinds;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Evidence;

/// <summary>
/// The evidence module's state for one audience class: the files on the ledger by digest (and the public copies of
/// each), the physical items with their chains of custody, and what each is attached to. Entries change it through
/// their kinds (<see cref="EvidenceKinds"/>). Not thread-safe: the module guards it.
/// </summary>
public sealed class EvidenceBook(EvidenceFiles files) : IModuleBook
{
    public EvidenceBook() : this(new EvidenceFiles())
    {
    }

    internal EvidenceFiles Files => files;

    /// <summary>Each file by its SHA-256, as its first <c>evidence.add</c> in this book put it on the ledger.</summary>
    public Dictionary<string, EvidenceFile> ByDigest { get; } = new(StringComparer.Ordinal);

    public List<EvidenceFile> InOrder { get; } = [];

    /// <summary>The public copies of each original, by the original's digest, in log order.</summary>
    public Dictionary<string, List<string>> CopiesOf { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CustodyItem> Items { get; } = new(StringComparer.Ordinal);

    public List<CustodyItem> ItemsInOrder { get; } = [];

    /// <summary>What is attached to each record, by (target type, target id), in log order.</summary>
    public Dictionary<(string Type, string Id), List<Attachment>> Attached { get; } = [];

    /// <summary>Where each file or item is attached, by its id, in log order.</summary>
    public Dictionary<string, List<Attachment>> AttachedTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries whose target this book lacks (its audience may not see it), and why.</summary>
    public List<(long Index, string Why)> Skipped { get; } = [];

    readonly KindDispatch<EvidenceBook> _alone = new(EvidenceKinds.Declared);

    // A book driven on its own (tests, benchmarks) reads its entries through the same kinds as the module does.
    public void Check(long index, Envelope env, JsonElement body, Registry registry) => _alone.Check(this, index, env, body, registry);

    public void Apply(long index, Envelope env, JsonElement? body) => _alone.Apply(this, index, env, body, new EntryMemo());

    public void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo) => _alone.Apply(this, index, env, body, memo);

    public string Digest()
    {
        var sb = new StringBuilder();
        foreach (var f in InOrder)
        {
            sb.Append(CultureInfo.InvariantCulture, $"f {f.Index} {f.Sha256} {f.Type} {f.Size} {f.PublicCopyOf}\n");
        }
        foreach (var i in ItemsInOrder)
        {
            sb.Append(CultureInfo.InvariantCulture, $"i {i.Id} {string.Join(',', i.Steps.Select(s => $"{s.Index}:{s.Body.Step}"))} {string.Join(',', i.Flags().Select(g => $"{g.Code}@{g.Entry}"))}\n");
        }
        foreach (var (target, list) in Attached.OrderBy(a => a.Key.Type, StringComparer.Ordinal).ThenBy(a => a.Key.Id, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"a {target.Type}:{target.Id} {string.Join(',', list.Select(a => $"{a.Index}:{a.Evidence}"))}\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

/// <summary>A file on the ledger: what its <c>evidence.add</c> says, with the entry's author, time and visibility.</summary>
public sealed record EvidenceFile(long Index, string Party, string Visibility, DateTimeOffset Logged, FileBody Body)
{
    public string Sha256 => Body.Sha256;
    public string Type => Body.Type;
    public long Size => Body.Size;
    public string? PublicCopyOf => Body.PublicCopyOf;
}

/// <summary>A file or item attached to a record by an <c>evidence.attach</c> entry.</summary>
/// <param name="Evidence">The file's digest or the item's id.</param>
public sealed record Attachment(long Index, string Party, string Kind, string Evidence, string TargetType, string TargetId, string? Note);
