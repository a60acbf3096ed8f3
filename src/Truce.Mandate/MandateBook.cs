using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Agreements;
using Truce.Mandate.Compliance;
using Truce.Mandate.Movements;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Mandate;

/// <summary>
/// The mandate module's derived state for one audience class: agreements and drafts with their provisions and typed
/// rules, corridors, checkpoints, movement notices and consents, transits, activities, and the flags its
/// <see cref="ComplianceEngine"/> raises as each entry arrives (in log order, so a rebuild raises the same flags).
/// Entries change it through their kinds (<see cref="MandateKinds"/>, <c>Kinds/</c>). Time-dependent findings (a
/// deadline passed, an overstay) are evaluated for a given moment by <see cref="ComplianceView"/>. Not thread-safe:
/// the module guards it.
/// </summary>
public sealed class MandateBook : IModuleBook
{
    public MandateBook() => Engine = new ComplianceEngine(this);

    public Dictionary<string, Agreement> Agreements { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<Corridor>> Corridors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Checkpoint> Checkpoints { get; } = new(StringComparer.Ordinal);
    public LogDictionary<Notice> Notices { get; } = new();
    public LogDictionary<Transit> Transits { get; } = new();
    public LogDictionary<Activity> Activities { get; } = new();

    /// <summary>Transits by the notice they moved under, in log order.</summary>
    public Dictionary<long, List<Transit>> TransitsByNotice { get; } = [];

    /// <summary>Entries whose target this book lacks (its audience may not see it), and why.</summary>
    public List<(long Index, string Why)> Skipped { get; } = [];

    internal ComplianceEngine Engine { get; }

    public FlagIndex Flags => Engine.Flags;

    /// <summary>Every flag the entries raised, in log order.</summary>
    public IReadOnlyList<Flag> FlagsInOrder => Engine.InOrder;

    /// <summary>Flags about activities that no provision in force allows, in log order.</summary>
    public IReadOnlyList<Flag> Uncovered => Engine.Uncovered;

    /// <summary>What each provision of each framework has seen so far, kept as entries arrive, so that a compliance
    /// view is a walk over a provision's own flags and activities, not over all of them.</summary>
    public IReadOnlyDictionary<(string Framework, string Provision), ProvisionRecord> ByProvision => Engine.ByProvision;

    public Dictionary<(string Actor, string Measure), double> Deployed => Engine.Deployed;

    List<Agreement>? _frameworks;

    /// <summary>Every framework: agreements in force first (by log order), then drafts.</summary>
    public IReadOnlyList<Agreement> Frameworks => _frameworks ??= [.. Agreements.Values.OrderBy(a => a.Draft).ThenBy(a => a.Index)];

    /// <summary>An agreement or draft was added: <see cref="Frameworks"/> is ordered again when next asked for.</summary>
    internal void FrameworksChanged() => _frameworks = null;

    public Corridor? CorridorAt(string id, DateTimeOffset t) => Corridors.TryGetValue(id, out var list)
        ? list.Where(c => c.ValidFrom <= t && (c.ValidUntil is null || t < c.ValidUntil)).OrderByDescending(c => c.ValidFrom).FirstOrDefault()
        : null;

    /// <summary>The record an entry refers to. It may be missing from a book whose audience may not see it (the author
    /// could): the entry is then skipped in that book, as it would be in a log holding only that audience's entries.</summary>
    internal static T Held<T>(Dictionary<string, T> map, string id, string field) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not in this book");

    // A book driven on its own (tests, benchmarks) reads its entries through the same kinds as the module does; inside
    // a module these are not called (InMemoryModule dispatches, reading each entry once for all its books).
    readonly KindDispatch<MandateBook> _alone = new(MandateKinds.Declared);

    public void Check(long index, Envelope env, JsonElement body, Registry registry) => _alone.Check(this, index, env, body, registry);

    public void Apply(long index, Envelope env, JsonElement? body) => _alone.Apply(this, index, env, body, new EntryMemo());

    public void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo) => _alone.Apply(this, index, env, body, memo);

    public string Digest()
    {
        var sb = new StringBuilder();
        foreach (var a in Frameworks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"a {a.Id} {a.Index} {a.Draft} {string.Join(',', a.Provisions.Keys.Order(StringComparer.Ordinal))} {string.Join(',', a.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value.Decision}"))}\n");
        }
        foreach (var f in FlagsInOrder)
        {
            sb.Append(CultureInfo.InvariantCulture, $"f {f.Id} {f.Party} {string.Join(',', f.Entries)} {string.Join('|', f.Verdicts.Select(v => $"{v.Framework}:{v.Outcome}:{v.Provision}"))} {f.Responses.Count}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"x {Corridors.Count} {Checkpoints.Count} {Notices.Count} {Transits.Count} {Activities.Count} {string.Join(',', Deployed.OrderBy(d => d.Key.Actor, StringComparer.Ordinal).ThenBy(d => d.Key.Measure, StringComparer.Ordinal).Select(d => $"{d.Key}:{d.Value}"))}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
