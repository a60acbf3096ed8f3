using Truce.Core.Access;

namespace Truce.Core.Modules.Shared;

/// <summary>
/// What a record can have evidence attached to: the type names every module's views use for <see cref="IEvidenceHolder.EvidenceOf"/>.
/// A report, a claim, a hazard, a minefield record and an accident are named by the log index of the entry that made
/// them (or the id their module gives them), an incident by its <see cref="IncidentIds"/> form.
/// </summary>
public static class EvidenceTargets
{
    public const string Report = "report";
    public const string Incident = "incident";
    public const string Claim = "claim";
    public const string Hazard = "hazard";
    public const string Minefield = "minefield";
    public const string Accident = "accident";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Report, Incident, Claim, Hazard, Minefield, Accident], StringComparer.Ordinal);
}

/// <summary>One piece of evidence attached to a record, as a reader may see it.</summary>
/// <param name="Kind">"file" (digital, by content) or "item" (physical, with a chain of custody).</param>
/// <param name="Id">The file's SHA-256 (hex) or the item's id.</param>
/// <param name="Integrity">For a file: "intact" (the stored blob hashes to its digest), "missing" or "altered"; for an
/// item: "complete" or "gaps" (its chain of custody's flags in <paramref name="Flags"/>).</param>
/// <param name="Attached">The log index of the <c>evidence.attach</c> entry.</param>
/// <param name="Link">Where to read it: a file's bytes (<c>/api/evidence/{sha256}</c>) or an item's chain of custody (<c>/api/custody/{id}</c>).</param>
public sealed record EvidenceRef(string Kind, string Id, string? Type, string Integrity, IReadOnlyList<string> Flags, long Attached, string AttachedBy, string? Note,
    string Link);

/// <summary>A module that keeps evidence and what it is attached to (the evidence module). Other modules' views list a
/// record's evidence through it, without knowing that module.</summary>
public interface IEvidenceHolder
{
    /// <summary>The evidence attached to the record, from what <paramref name="reader"/> may see only.</summary>
    IReadOnlyList<EvidenceRef> EvidenceOf(Reader reader, string targetType, string targetId);
}

public static class EvidenceHolderExtensions
{
    /// <summary>Every piece of evidence attached to a record that the reader may see, from every module that keeps evidence.</summary>
    public static IReadOnlyList<EvidenceRef> EvidenceOf(this IModuleHost host, Reader reader, string targetType, string targetId) =>
        [.. host.Modules.OfType<IEvidenceHolder>().SelectMany(m => m.EvidenceOf(reader, targetType, targetId))];
}
