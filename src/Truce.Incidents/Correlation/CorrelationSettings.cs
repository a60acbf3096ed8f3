namespace Truce.Incidents.Correlation;

/// <summary>
/// The knobs of report-to-incident matching. They are set by <c>correlation.config</c> entries, not by a file on
/// the server, so that every party can see them and a rebuild reproduces every decision. docs/INCIDENTS.md explains
/// each and how the defaults were chosen (docs/BENCHMARKS.md has the measured quality).
/// </summary>
public sealed record CorrelationSettings
{
    /// <summary>A report joins its best incident when that incident's share of the posterior is at least this.</summary>
    public double Join { get; init; } = 0.65;

    /// <summary>Candidates with at least this share are kept as suggestions for a monitor to review.</summary>
    public double Suggest { get; init; } = 0.15;

    /// <summary>How far apart (minutes) two time windows may be and still be one event: clock error and rounding. Also
    /// where a book's learnt spread of precise reports' starts begins (<see cref="OnsetSpread"/>).</summary>
    public double ClockToleranceMinutes { get; init; } = 5;

    /// <summary>Expected unrelated events per km² per hour: the prior against "same event", a precise report's floor
    /// where the book's observed incidents around it are few, and the prior of their rate around any report
    /// (<see cref="LocalRate"/>). Higher is more cautious.</summary>
    public double EventDensity { get; init; } = 5e-4;

    /// <summary>Factor on the odds when the incident already has a report from the same source (a post rarely
    /// reports one event twice; idempotent client ids already absorb retries). Such a report is never joined
    /// automatically, only suggested; the factor ranks the suggestion.</summary>
    public double SameSourceFactor { get; init; } = 0.05;

    /// <summary>A coarse report (a statement; a settlement-level place or an hour-or-coarser time) attaches to its
    /// best incident at this share. Lower than <see cref="Join"/> because an attached coarse report moves nothing (not
    /// the incident's place, window or type), so a wrong attachment cannot pull other reports in; above 0.5 so that
    /// it is clearly more likely than every alternative together, "an event nobody observed" included.</summary>
    public double Attach { get; init; } = 0.6;

    /// <summary>Events per km² per hour that a coarse report may describe but that no observation explains: the prior
    /// of "an event nobody observed" against an observed incident, and between statements, where the book holds few
    /// observed incidents around the report (<see cref="UnobservedRatio"/>).</summary>
    public double CoarseEventDensity { get; init; } = 1e-4;

    /// <summary>Events nobody observed for each observed one around a coarse report: "an event nobody observed" is taken
    /// this many times as often as the book's observed incidents near it come (<see cref="LocalRate"/>), since observers
    /// who see many events miss many too; <see cref="CoarseEventDensity"/> stays the floor, so the rate rises only where
    /// the observed incidents come faster than the floor over this ratio. 0 keeps the floor everywhere. Chosen on the
    /// tuning profiles (docs/BENCHMARKS.md).</summary>
    public double UnobservedRatio { get; init; } = 0.15;

    /// <summary>The radius (km, taken as 2σ) of a settlement-level place, by source kind: parties and the media
    /// name the nearest (or best-known) settlement for events several km from it. Kinds not listed keep the
    /// taxonomy's settlement precision (2.5 km; the gazetteer's resolver gives a settlement 2 km).</summary>
    public IReadOnlyDictionary<string, double> SettlementRadiusKm { get; init; } = DefaultSettlementRadiusKm;

    /// <summary>Where a public report may say an event happened: on a grid of this many degrees (a point whose
    /// longitude and latitude are whole multiples of it, with a radius of at least half a cell north to south), and
    /// with no observer's position. Null: as precisely as the reporter chooses. The deployment's choice of how coarse
    /// the public's locations are (SPEC §3.8), held at the door rather than in the views: a public report's signed
    /// body is served as it is, and every view, export, feed and report the public gets derives from such bodies
    /// alone, so a grid there holds on every path at once.</summary>
    public double? PublicGridDegrees { get; init; }

    /// <summary>The least radius (metres) of a public report's location on the grid: half a cell north to south.</summary>
    public double? PublicRadiusM => PublicGridDegrees * 111_320 / 2;

    public static readonly IReadOnlyDictionary<string, double> DefaultSettlementRadiusKm = new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["party-statement"] = 6,
        ["media"] = 8,
        ["public"] = 4,
        ["hotline"] = 4,
    };

    /// <summary>Prints the radii too, so that the book's fingerprint (replay equality) covers them.</summary>
    bool PrintMembers(System.Text.StringBuilder b)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        b.Append(inv, $"Join = {Join}, Suggest = {Suggest}, ClockToleranceMinutes = {ClockToleranceMinutes}, EventDensity = {EventDensity}, ");
        b.Append(inv, $"SameSourceFactor = {SameSourceFactor}, Attach = {Attach}, CoarseEventDensity = {CoarseEventDensity}, UnobservedRatio = {UnobservedRatio}, ");
        b.Append("SettlementRadiusKm = ");
        b.AppendJoin(';', SettlementRadiusKm.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(inv, $"{kv.Key}:{kv.Value}")));
        if (PublicGridDegrees is { } grid)
        {
            b.Append(inv, $", PublicGridDegrees = {grid}");
        }
        return true;
    }
}
