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

    /// <summary>How far apart (minutes) two time windows may be and still be one event: clock error and rounding.</summary>
    public double ClockToleranceMinutes { get; init; } = 5;

    /// <summary>Expected unrelated events per km² per hour: the prior against "same event". Higher is more cautious.</summary>
    public double EventDensity { get; init; } = 5e-4;

    /// <summary>Factor on the odds when the incident already has a report from the same source (a post rarely
    /// reports one event twice; idempotent client ids already absorb retries). Such a report is never joined
    /// automatically, only suggested; the factor ranks the suggestion.</summary>
    public double SameSourceFactor { get; init; } = 0.05;
}
