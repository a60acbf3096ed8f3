using NetTopologySuite.Geometries;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

/// <summary>What correlation takes from a report: where (after the settlement radius of its source kind), when (after
/// its time precision), and whether it is coarse.</summary>
/// <param name="ToleranceMinutes">How far outside its window the event may be: a quarter of the time precision's unit
/// (an event near a boundary is put in the neighbouring hour or part of the day), 0 for minute precision (the clock
/// tolerance of the settings applies).</param>
/// <param name="Cell">The settlement a statement names, as a cell among its rivals (<see cref="NamedSettlement"/>).</param>
/// <param name="Counts">Its counts of what it observed, on a log scale, in key order (<see cref="CountEvidence.All"/>).</param>
/// <param name="Background">How likely a new event (for a precise report) or an event nobody observed (for a coarse one)
/// was where and when it fell, when it came (<see cref="LocalRate"/>).</param>
public readonly record struct Seen(Gaussian Where, DateTimeOffset Start, DateTimeOffset End, bool Coarse, double? SettlementRadiusKm, double ToleranceMinutes = 0,
    NamedSettlement? Cell = null, LogCount[]? Counts = null, Background? Background = null)
{
    /// <summary>Its first count: what the book learns how events differ from.</summary>
    public LogCount? Count => Counts is [var first, ..] ? first : null;
}

/// <summary>
/// The model for coarse reports (docs/INCIDENTS.md, "Coarse reports"). A report is coarse when its source states
/// rather than observes (a party's statement, the media, the public, the hotline), when it places the event by a
/// settlement or larger area, or when its time is given to the hour or coarser. Coarse reports never shape an
/// incident that observations anchor; they attach to it.
/// </summary>
public static class Coarseness
{
    /// <summary>Sources that relay what someone says rather than what the source itself observed (an event dataset
    /// codes what the media and others reported).</summary>
    public static readonly string[] StatementSources = ["party-statement", "media", "public", "hotline", "dataset"];

    static readonly string[] CoarsePlaces = ["settlement", "district", "region"];

    /// <summary>A radius at or above a settlement's (2.5 km) names an area, not a point.</summary>
    const double CoarseRadiusM = 2500;

    /// <summary>"Approximate" gives no unit; "about 14:00" is usually right to the hour, so a window is widened to at
    /// least this long, evenly on each side. A longer window the sender gave ("approximately 06:00–12:00", a part of the
    /// day) is its own bound: widening it an hour each side spread its weight a quarter thinner.</summary>
    const double ApproximateHours = 2;

    public static bool IsStatement(Report r) => StatementSources.Contains(r.SourceKind);

    /// <param name="offset">The report places the event at a distance and direction from the settlement it names ("4 km
    /// south-east of X"): a spot, whose uncertainty the resolver's radius gives (it grows with the distance stated), not
    /// the settlement a source kind's radius is about.</param>
    /// <param name="widening">How much wider than its source kind's radius the circle about a settlement named is
    /// taken: more than 1 where the speaker's other settlements bound the event (<see cref="NamedSettlement"/>).</param>
    public static Seen Of(Report r, CorrelationSettings settings, bool offset = false, double widening = 1)
    {
        var ray = r.Observer?.HasRay == true;
        var coarsePlace = !ray && (CoarsePlaces.Contains(r.LocationPrecision) || r.RadiusM >= CoarseRadiusM);
        var coarse = IsStatement(r) || coarsePlace || r.TimePrecision != "minute";
        var (start, end) = Window(r);
        double? radius = null;
        var where = r.Estimate;
        // A place resolved through the gazetteer carries the settlement's own radius; how far from it the event
        // was depends on who names it, so a source kind's radius is a floor, never a narrowing.
        if (!ray && !offset && r.LocationPrecision is "settlement" or "near" && r.Location is Point p
            && settings.SettlementRadiusKm.TryGetValue(r.SourceKind, out var kind) && kind * widening / 2 > r.Estimate.MeanSigma)
        {
            radius = kind * widening;
            where = Gaussian.Round(p.Y, p.X, radius.Value / 2);
        }
        var tolerance = r.TimePrecision switch
        {
            "hour" => 15.0,
            "part-of-day" => 90,
            "day" => 360,
            "approximate" => 15,
            _ => 0,
        };
        return new Seen(where, start, end, coarse, radius, tolerance, Counts: CountEvidence.All(r));
    }

    /// <summary>The window a time precision means: a time given to the hour, part of the day or day is somewhere in
    /// that unit from its start (a sender truncates, it does not round), so the window is at least one unit long — but
    /// never past the moment the report was signed, since nobody reports an event that has not yet happened. A party's
    /// 09:00 bulletin saying "on 1 March" means the nine hours before it, not the whole day: widening it to 24 h spread
    /// its time likelihood thin and left most statements below the attach share. An end the sender gave stays.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(Report r) => r.TimePrecision switch
    {
        "hour" => (r.Start, Later(r.End, Signed(r, r.Start.AddHours(1)))),
        "part-of-day" => (r.Start, Later(r.End, Signed(r, r.Start.AddHours(6)))),
        "day" => (r.Start, Later(r.End, Signed(r, r.Start.AddDays(1)))),
        "approximate" => (r.Start - Widening(r), Later(r.End, Signed(r, r.End + Widening(r)))),
        _ => (r.Start, r.End),
    };

    /// <summary>How much an approximate window is widened on each side: to <see cref="ApproximateHours"/> long at least.</summary>
    static TimeSpan Widening(Report r) => TimeSpan.FromHours(Math.Max(0, (ApproximateHours - (r.End - r.Start).TotalHours) / 2));

    /// <summary>A widened end, cut at the signing time (a signer's clock that runs early is the clock tolerance's to absorb).</summary>
    static DateTimeOffset Signed(Report r, DateTimeOffset end) => r.Logged < end ? r.Logged : end;

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
