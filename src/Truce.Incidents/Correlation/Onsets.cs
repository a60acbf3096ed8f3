namespace Truce.Incidents.Correlation;

/// <summary>
/// When an event began, as the precise reports of one incident give it. A post, a patrol or a UAV logs the minute it
/// first heard or saw the event; how long it watched varies (a patrol moves on, a post logs the end of the last round it
/// heard). So two windows that overlap say little in an exchange of fire, where events follow each other for an hour,
/// while two starts a minute apart say much. The time factor of a precise report against an incident with precise
/// reports is a mixture: with <see cref="InProgress"/> the report began watching an event already under way and only
/// its window's overlap counts; otherwise its start is the event's onset, read off a clock whose spread the book learns
/// (<see cref="OnsetSpread"/>), against the mean start of the incident's precise reports, each weighted by how surely
/// its own start was the onset when it joined (a patrol that arrived half an hour in does not drag the mean). A window
/// longer than <see cref="MaxWindowHours"/> is a span something happened in, not a watch from the onset: its start says
/// nothing (two shift logs that both begin at 06:00 are not one event), and only its overlap counts.
/// </summary>
public static class Onsets
{
    /// <summary>The share of precise reports taken to start after their event began (a patrol arriving, a camera
    /// switched on): their window's overlap alone counts.</summary>
    public const double InProgress = 0.1;

    /// <summary>The longest window whose start is read as the onset (the profiles' events last 1–30 minutes, a few
    /// hours at most; a post's log of a long exchange fits).</summary>
    public const double MaxWindowHours = 2;

    /// <summary>Whether a report's start is read as its event's onset: a precise report of a bounded watch.</summary>
    internal static bool Has(Seen v) => !v.Coarse && (v.End - v.Start).TotalHours <= MaxWindowHours;

    /// <summary>Whether a report is weighed on its onset against an incident: it has one, and so does the incident.</summary>
    internal static bool Between(Seen v, Incident i) => Has(v) && i.OnsetWeight > 0;

    /// <summary>A normal density's peak per hour for a σ of one minute: 60 / √(2π).</summary>
    const double PerHour = 23.936536824085962;

    /// <summary>Hours since 1970, the scale the incident's sum of starts is kept in.</summary>
    public static double Hours(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).TotalHours;

    /// <summary>How far (minutes) a report's start lies from the incident's mean start, and the standard deviation
    /// (minutes) of that difference when both are one onset read off clocks of spread <paramref name="spreadMinutes"/>.
    /// Only for an incident with an onset (<c>OnsetWeight</c> above zero).</summary>
    internal static (double Minutes, double SigmaMinutes) Apart(DateTimeOffset start, Incident i, double spreadMinutes) =>
        ((Hours(start) - i.OnsetSumHours / i.OnsetWeight) * 60, spreadMinutes * Math.Sqrt(1 + 1.0 / i.OnsetWeight));

    /// <summary>The time density (per hour) of a precise report against an incident with precise reports: the
    /// overlap term of windows (<paramref name="overlap"/>, per hour) for a report of an event in progress, mixed with
    /// the onset term; and the share of it that the onset term carries (what a join teaches the spread with).</summary>
    public static (double Density, double OnsetShare) Mix(double overlap, double minutesApart, double sigmaMinutes)
    {
        var z = minutesApart / sigmaMinutes;
        // Past 8σ the onset term is about 1e-14 of its peak: nothing, and no exponential to compute.
        var onset = z * z > 64 ? 0 : (1 - InProgress) * Math.Exp(-0.5 * z * z) * PerHour / sigmaMinutes;
        var density = InProgress * overlap + onset;
        return (density, density > 0 ? onset / density : 0);
    }
}

/// <summary>
/// How far apart the starts of one event's precise reports fall, learnt from the book's own joins in log order (so a
/// rebuild learns the same): the mean square of each joining report's distance from the incident's mean start, divided
/// by 1 + 1/n for the mean's own error, and weighted by how surely the onset term, not the overlap, explained the join.
/// Until there are joins it leans on the configured clock tolerance, counted as <see cref="PriorWeight"/> joins; a
/// mission whose posts keep time to the minute learns that, one whose clocks wander learns that too.
/// </summary>
public sealed class OnsetSpread
{
    const double PriorWeight = 20;

    /// <summary>Clocks are never taken to agree better than this (minutes are the unit reports give).</summary>
    const double FloorMinutes = 0.5;

    double _sum, _weight;

    // The answer for the prior of the last change, kept by the writer: every candidate scored reads it. Readers, who
    // may run side by side, only read it (a prior changed since is worked out, not stored).
    double _prior = double.NaN, _minutes;

    /// <summary>The spread (minutes, one standard deviation) of a precise report's start about its event's onset.</summary>
    public double Minutes(double priorMinutes) => priorMinutes == _prior ? _minutes : Learnt(priorMinutes);

    double Learnt(double priorMinutes) =>
        Math.Max(FloorMinutes, Math.Sqrt((PriorWeight * priorMinutes * priorMinutes + _sum) / (PriorWeight + _weight)));

    public void Clear() => (_sum, _weight, _prior) = (0, 0, double.NaN);

    /// <summary>Adds what a join teaches (its weighted square and weight), or with a negative sign takes it back; the
    /// prior in force is the one whose answer is kept.</summary>
    public void Add((double Squares, double Weight) taught, double priorMinutes, int sign = 1)
    {
        _sum = Math.Max(0, _sum + sign * taught.Squares);
        _weight = Math.Max(0, _weight + sign * taught.Weight);
        (_prior, _minutes) = (priorMinutes, Learnt(priorMinutes));
    }
}
