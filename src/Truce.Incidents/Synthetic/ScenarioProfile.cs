using System.Globalization;

namespace Truce.Incidents.Synthetic;

/// <summary>A closed interval a profile's knob is drawn from, uniformly.</summary>
public readonly record struct KnobRange(double Min, double Max)
{
    public bool Contains(double x) => x >= Min && x <= Max;

    public double Draw(Random rng) => Min + (Max - Min) * rng.NextDouble();
}

/// <summary>
/// One member of a family of synthetic front lines for <see cref="ProfileGenerator"/> (issue 17, item 3): how much of
/// what reaches the log is the parties' statements, how vaguely they name places and how coarsely they give times, how
/// the mission's posts are spaced and how well they take bearings, how events bunch in space and time, and how the
/// parties inflate or deflate counts. <see cref="Draw"/> picks every knob at random from its range, so each seed is
/// another profile; correlation settings are chosen on <see cref="TuningSeeds"/> and quality reported on
/// <see cref="HeldOutSeeds"/>, never the other way round.
/// </summary>
public sealed record ScenarioProfile
{
    /// <summary>Events a day along the whole front at the default density (one an hour, most of them at night).</summary>
    public const double DefaultEventsPerDay = 24;

    public static readonly IReadOnlyList<int> TuningSeeds = [1, 2, 3, 4, 5];
    public static readonly IReadOnlyList<int> HeldOutSeeds = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];

    public static readonly KnobRange StatementShareRange = new(0.15, 0.45);
    public static readonly KnobRange BothPartiesRange = new(0.2, 0.6);
    public static readonly KnobRange SettlementSpacingRange = new(3, 9);
    public static readonly KnobRange NearShareRange = new(0, 0.35);
    public static readonly KnobRange OffsetShareRange = new(0, 0.35);
    public static readonly KnobRange HourShareRange = new(0.1, 0.5);
    public static readonly KnobRange DayShareRange = new(0.05, 0.35);
    public static readonly KnobRange PostSpacingRange = new(3, 12);
    public static readonly KnobRange BearingErrorRange = new(2, 12);
    public static readonly KnobRange DistanceErrorRange = new(0.15, 0.5);
    public static readonly KnobRange EpisodeShareRange = new(0, 0.6);
    public static readonly KnobRange EpisodeSizeRange = new(2, 6);
    public static readonly KnobRange EpisodeKmRange = new(1, 5);
    public static readonly KnobRange EpisodeMinutesRange = new(10, 120);
    public static readonly KnobRange InflationRange = new(1, 3);
    public static readonly KnobRange DeflationRange = new(0.3, 1);
    public static readonly KnobRange TypeConfusionRange = new(0.05, 0.3);
    public static readonly KnobRange UavShareRange = new(0.05, 0.25);
    public static readonly KnobRange PatrolShareRange = new(0.05, 0.2);
    public static readonly KnobRange CraterShareRange = new(0, 0.3);

    public required int Seed { get; init; }
    public double EventsPerDay { get; init; } = DefaultEventsPerDay;

    /// <summary>Share of all reports that are the parties' statements.</summary>
    public required double StatementShare { get; init; }

    /// <summary>Share of the events stated at all that both parties state, each in its own words.</summary>
    public required double BothParties { get; init; }

    /// <summary>Mean distance (km) between neighbouring settlements: how far from an event the nearest one may be.</summary>
    public required double SettlementSpacingKm { get; init; }

    /// <summary>Share of statements that say "near X"; <see cref="OffsetShare"/> say "4 km south-east of X"; the rest name X alone.</summary>
    public required double NearShare { get; init; }
    public required double OffsetShare { get; init; }

    /// <summary>Share of statements giving an hour; <see cref="DayShare"/> give only the day; the rest a part of the day.</summary>
    public required double HourShare { get; init; }
    public required double DayShare { get; init; }
    public double PartOfDayShare => Math.Max(0, 1 - HourShare - DayShare);

    public required double PostSpacingKm { get; init; }

    /// <summary>Standard deviation (degrees) of the posts' real bearing error; what they write down is their own guess of it.</summary>
    public required double BearingErrorDeg { get; init; }

    /// <summary>Standard deviation of the log of a post's estimated over the true distance.</summary>
    public required double DistanceError { get; init; }

    /// <summary>Share of events that open an episode (an exchange of fire), its mean size, spread in km and in minutes.</summary>
    public required double EpisodeShare { get; init; }
    public required double EpisodeSize { get; init; }
    public required double EpisodeKm { get; init; }
    public required double EpisodeMinutes { get; init; }

    /// <summary>The party struck multiplies counts by up to this; the party blamed multiplies them by down to <see cref="Deflation"/>.</summary>
    public required double Inflation { get; init; }
    public required double Deflation { get; init; }

    /// <summary>Chance that an observer or a party names another type than the one fired.</summary>
    public required double TypeConfusion { get; init; }

    /// <summary>Chance that a mission UAV, a patrol on the spot, or a patrol visiting the craters later reports an event.</summary>
    public required double UavShare { get; init; }
    public required double PatrolShare { get; init; }
    public required double CraterShare { get; init; }

    /// <summary>The profile of a seed: every knob drawn from its range.</summary>
    public static ScenarioProfile Draw(int seed)
    {
        var rng = new Random(seed);
        return new ScenarioProfile
        {
            Seed = seed,
            StatementShare = StatementShareRange.Draw(rng),
            BothParties = BothPartiesRange.Draw(rng),
            SettlementSpacingKm = SettlementSpacingRange.Draw(rng),
            NearShare = NearShareRange.Draw(rng),
            OffsetShare = OffsetShareRange.Draw(rng),
            HourShare = HourShareRange.Draw(rng),
            DayShare = DayShareRange.Draw(rng),
            PostSpacingKm = PostSpacingRange.Draw(rng),
            BearingErrorDeg = BearingErrorRange.Draw(rng),
            DistanceError = DistanceErrorRange.Draw(rng),
            EpisodeShare = EpisodeShareRange.Draw(rng),
            EpisodeSize = EpisodeSizeRange.Draw(rng),
            EpisodeKm = EpisodeKmRange.Draw(rng),
            EpisodeMinutes = EpisodeMinutesRange.Draw(rng),
            Inflation = InflationRange.Draw(rng),
            Deflation = DeflationRange.Draw(rng),
            TypeConfusion = TypeConfusionRange.Draw(rng),
            UavShare = UavShareRange.Draw(rng),
            PatrolShare = PatrolShareRange.Draw(rng),
            CraterShare = CraterShareRange.Draw(rng),
        };
    }

    /// <summary>Every drawn knob with its value and the range it was drawn from.</summary>
    public IReadOnlyList<(string Name, double Value, KnobRange Range)> Drawn =>
    [
        (nameof(StatementShare), StatementShare, StatementShareRange), (nameof(BothParties), BothParties, BothPartiesRange),
        (nameof(SettlementSpacingKm), SettlementSpacingKm, SettlementSpacingRange), (nameof(NearShare), NearShare, NearShareRange),
        (nameof(OffsetShare), OffsetShare, OffsetShareRange), (nameof(HourShare), HourShare, HourShareRange), (nameof(DayShare), DayShare, DayShareRange),
        (nameof(PostSpacingKm), PostSpacingKm, PostSpacingRange), (nameof(BearingErrorDeg), BearingErrorDeg, BearingErrorRange),
        (nameof(DistanceError), DistanceError, DistanceErrorRange), (nameof(EpisodeShare), EpisodeShare, EpisodeShareRange),
        (nameof(EpisodeSize), EpisodeSize, EpisodeSizeRange), (nameof(EpisodeKm), EpisodeKm, EpisodeKmRange),
        (nameof(EpisodeMinutes), EpisodeMinutes, EpisodeMinutesRange), (nameof(Inflation), Inflation, InflationRange),
        (nameof(Deflation), Deflation, DeflationRange), (nameof(TypeConfusion), TypeConfusion, TypeConfusionRange),
        (nameof(UavShare), UavShare, UavShareRange), (nameof(PatrolShare), PatrolShare, PatrolShareRange), (nameof(CraterShare), CraterShare, CraterShareRange),
    ];

    /// <summary>The same front with <paramref name="factor"/> times as many events.</summary>
    public ScenarioProfile Denser(double factor) => this with { EventsPerDay = EventsPerDay * factor };

    /// <summary>Every drawn knob, in one line.</summary>
    public string Knobs() => string.Join(", ", Drawn.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Name} {k.Value:0.##}")));
}
