namespace Truce.Incidents.Correlation;

/// <summary>How likely the alternative to every candidate is where and when a report fell, as the book has seen so far:
/// "a new event" for a precise report, "an event nobody observed" for a coarse one, per km² per hour
/// (<see cref="Density"/>), from the <see cref="Nearby"/> observed incidents around it, and the configured rate it was
/// raised from (<see cref="Floor"/>: <c>eventDensity</c> or <c>coarseEventDensity</c>).</summary>
public readonly record struct Background(double Density, int Nearby, double Floor)
{
    /// <summary>How many times as likely as the configured rate says the alternative is here.</summary>
    public double Factor => Density / Floor;
}

/// <summary>
/// The rate of events near a report, read off the book (docs/INCIDENTS.md, Correlation: **eventDensity**, and Coarse
/// reports). The configured rates are one for every place and hour; inside an exchange of fire events come many times
/// faster, and a post's first report of the next salvo, meeting the last salvo's incident with only "a new event"
/// against it, joined it. So the rate is estimated from the observed incidents near the report's estimate and window:
/// a Poisson count over that area and time, with <c>eventDensity</c> as a prior worth <see cref="PriorEvents"/> of an
/// event (a Gamma prior of that shape and mean), so that one incident nearby raises the rate a little, a busy hour a
/// lot, and an empty neighbourhood leaves it where the setting puts it. A coarse report (a statement, the media, a crater
/// visit, a settlement-level or hour-precision observation) is weighed the same way against "an event nobody
/// observed", at <c>unobservedRatio</c> of that rate: where observers see many events, they miss many too, and a
/// statement there is likelier to be about one of those than one rate for the sector says.
/// Only this book's incidents count, in log order: the visibility rule and a rebuild's equality hold.
/// </summary>
public static class LocalRate
{
    /// <summary>How far around a precise report incidents count (km, from the centres of the two estimates).</summary>
    public const double Km = 5;

    /// <summary>How long before and after a precise report's window incidents count (hours).</summary>
    public const double Hours = 2;

    /// <summary>How far around a coarse report's place incidents count (km): near the radius of a party's circle about the
    /// village it names.</summary>
    public const double CoarseKm = 10;

    /// <summary>How long before and after a coarse report's window incidents count (hours).</summary>
    public const double CoarseHours = 1;

    /// <summary>What the configured rate weighs, as so many events seen: a quarter. Chosen on the tuning profiles
    /// (docs/BENCHMARKS.md: 3, 1, 0.5, 0.25, 0.1 and 0.01 events; 3 to 10 km, 1 to 6 hours).</summary>
    public const double PriorEvents = 0.25;

    /// <summary>The rate of a new event near a precise report's estimate and window, from the observed incidents in
    /// <paramref name="index"/>, never below <paramref name="configured"/>.</summary>
    public static Background Of(Seen v, CandidateIndex index, double configured) => Rate(v, index, Km, Hours, configured, 1, configured);

    /// <summary>The rate of an event nobody observed near a coarse report: <c>unobservedRatio</c> of the observed
    /// incidents' around it, never below <c>coarseEventDensity</c>.</summary>
    public static Background OfUnobserved(Seen v, CandidateIndex index, CorrelationSettings s) => s.UnobservedRatio > 0
        ? Rate(v, index, CoarseKm, CoarseHours, s.EventDensity, s.UnobservedRatio, s.CoarseEventDensity)
        : new Background(s.CoarseEventDensity, 0, s.CoarseEventDensity);

    static Background Rate(Seen v, CandidateIndex index, double km, double hours, double prior, double ratio, double floor)
    {
        var around = TimeSpan.FromHours(hours);
        var (from, to) = (v.Start - around, v.End + around);
        var nearby = index.CountNear(from, to, v.Where, km, (v.Where, from, to, km), static (i, q) =>
            i.Active && i.Observed && i.End >= q.from && i.Start <= q.to && q.Where.DistanceKm(i.Estimate) <= q.km);
        // The index looks a week past a window's start at most (CandidateIndex.MaxHours): the exposure stops there too.
        var exposure = Math.PI * km * km * Math.Min((to - from).TotalHours, CandidateIndex.MaxHours + 1);
        // The setting is a floor: an empty neighbourhood, in a book's first hours as much as in a quiet sector, says little.
        return new Background(Math.Max(floor, ratio * (nearby + PriorEvents) / (exposure + PriorEvents / prior)), nearby, floor);
    }
}
