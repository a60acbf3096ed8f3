namespace Truce.Incidents.Correlation;

/// <summary>How likely "a new event" is where and when a precise report fell, as the book has seen so far: the rate of
/// unrelated events per km² per hour (<see cref="Density"/>), from the <see cref="Nearby"/> observed incidents around it,
/// and the configured rate it was raised from (<see cref="Floor"/>, <c>eventDensity</c> then).</summary>
public readonly record struct Background(double Density, int Nearby, double Floor)
{
    /// <summary>How many times as likely as the configured rate says a new event is here.</summary>
    public double Factor => Density / Floor;
}

/// <summary>
/// The rate of events near a precise report, read off the book (docs/INCIDENTS.md, Correlation: **a new event**). The
/// configured <c>eventDensity</c> is one rate for every place and hour; inside an exchange of fire events come many times
/// faster, and a post's first report of the next salvo, meeting the last salvo's incident with only "a new event"
/// against it, joined it. So the rate is estimated from the observed incidents within <see cref="Km"/> and
/// <see cref="Hours"/> of the report's window: a Poisson count over that area and time, with the configured rate as
/// a prior worth <see cref="PriorEvents"/> of an event (a Gamma prior of that shape and mean), so that one incident
/// nearby raises the rate a little, a busy hour a lot, and an empty neighbourhood leaves it where the setting puts it.
/// Only this book's incidents count, in log order: the visibility rule and a rebuild's equality hold.
/// </summary>
public static class LocalRate
{
    /// <summary>How far around the report incidents count (km, from the centres of the two estimates).</summary>
    public const double Km = 5;

    /// <summary>How long before and after the report's window incidents count (hours).</summary>
    public const double Hours = 2;

    /// <summary>What the configured rate weighs, as so many events seen: a quarter. Chosen on the tuning profiles
    /// (docs/BENCHMARKS.md: 3, 1, 0.5, 0.25, 0.1 and 0.01 events; 3 to 10 km, 1 to 6 hours).</summary>
    public const double PriorEvents = 0.25;

    /// <summary>The rate near a precise report's estimate and window, from the observed incidents in
    /// <paramref name="index"/>.</summary>
    public static Background Of(Seen v, CandidateIndex index, double configured)
    {
        var around = TimeSpan.FromHours(Hours);
        var (from, to) = (v.Start - around, v.End + around);
        var nearby = index.CountNear(from, to, v.Where, Km, (v.Where, from, to), static (i, q) =>
            i.Active && i.Observed && i.End >= q.from && i.Start <= q.to && q.Where.DistanceKm(i.Estimate) <= Km);
        // The index looks a week past a window's start at most (CandidateIndex.MaxHours): the exposure stops there too.
        var exposure = Math.PI * Km * Km * Math.Min((to - from).TotalHours, CandidateIndex.MaxHours + 1);
        // The setting is a floor: an empty neighbourhood, in a book's first hours as much as in a quiet sector, says little.
        return new Background(Math.Max(configured, (nearby + PriorEvents) / (exposure + PriorEvents / configured)), nearby, configured);
    }
}
