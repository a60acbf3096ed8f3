using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Kinds;

/// <summary>What a body names, as the kinds look it up: at admission in the author's book, where a missing one is
/// refused; in <c>Apply</c> in each book the entry reaches, where a missing one (not among what that audience may see,
/// or changed by an earlier entry of the same batch) skips the entry there.</summary>
static class Targets
{
    public static ReportState ExistingReport(IncidentBook book, long index) =>
        book.Correlator.Reports.GetValueOrDefault(index) ?? throw new ValidationException("body.report", $"{index} is not a report");

    public static ReportState HeldReport(IncidentBook book, long index) =>
        book.Correlator.Reports.GetValueOrDefault(index) ?? throw new ValidationException("body.report", "gone");

    /// <summary>The incident that now holds a named one's reports (merges followed).</summary>
    public static Incident HeldIncident(IncidentBook book, IncidentRef named, string field) =>
        (named.Id is { } id ? book.Correlator.Find(id) : null) ?? throw new ValidationException(field, "gone");

    /// <summary>A step in an incident's history, made by this entry.</summary>
    public static IncidentEvent Step(this EntryContext ctx, string what, string? reason) =>
        new(ctx.Index, ctx.Party, ctx.Envelope.Time, what, reason);
}
