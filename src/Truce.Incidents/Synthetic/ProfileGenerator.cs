using static Truce.Incidents.Synthetic.SyntheticBody;

namespace Truce.Incidents.Synthetic;

/// <summary>A generated scenario: the true events and the labelled reports about them, in log order.</summary>
public sealed record ProfileScenario(ScenarioProfile Profile, SyntheticFront Front, IReadOnlyList<SyntheticEvent> Events,
    IReadOnlyList<LabelledReport> Reports)
{
    public static bool IsStatement(LabelledReport r) => (string?)r.Body["source"]?["kind"] == "party-statement";

    /// <summary>The events some observer (any report but a party's statement) reported.</summary>
    public HashSet<int> ObservedEvents() => [.. Reports.Where(r => !IsStatement(r)).Select(r => r.TrueEvent)];
}

/// <summary>
/// The second, independently written generator of labelled scenarios (issue 17): a front line of the family
/// <see cref="ScenarioProfile"/> describes. Events happen near the line, mostly at night and often in episodes (an
/// exchange of fire: several events within minutes and kilometres); the mission's observation posts report bearings
/// and distance bands (<see cref="ProfileObservers"/>), its patrols and UAVs points, patrols visiting the site later
/// the craters, over a loose window, and the parties publish statements naming their nearest village and a coarse time
/// (<see cref="ProfileStatements"/>). Every body is a real report body that <c>POST /api/entries</c> accepts, says it
/// is synthetic, and travels with its true event outside the body. Deterministic for a profile: events, observers and
/// statements each draw from their own stream, so the profile's statement knobs never change what the posts saw.
/// </summary>
/// <param name="redraw">0 for the profile's scenario; another number draws other events and other observers' reports on
/// the same front (the same settlements and posts): a sample of what the profile's events could have been.</param>
public sealed class ProfileGenerator(ScenarioProfile profile, int redraw = 0)
{
    // Night-heavy, as ceasefire violations are: weights by local hour 0–23.
    static readonly double[] ByHour = [5, 4, 3, 2, 1.5, 1, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.6, 0.7, 0.8, 1, 1.5, 2.5, 4, 5, 6, 6, 5.5];

    readonly Random _rng = new(unchecked(profile.Seed * 7919 + 1 + redraw * 1_000_003));

    public ScenarioProfile Profile => profile;

    public SyntheticFront Front { get; } = new(unchecked(profile.Seed * 7919 + 2), profile.SettlementSpacingKm, profile.PostSpacingKm);

    /// <summary>The scenario over <paramref name="span"/> from <paramref name="start"/> (taken as local midnight).</summary>
    public ProfileScenario Generate(DateTimeOffset start, TimeSpan span)
    {
        var taxonomy = Taxonomy.Taxonomy.Default();
        var events = Events(start, span);
        var observed = new ProfileObservers(profile, Front, taxonomy, unchecked(profile.Seed * 7919 + 3 + redraw * 1_000_003)).Reports(events);
        var stated = new ProfileStatements(profile, Front, taxonomy, unchecked(profile.Seed * 7919 + 4 + redraw * 1_000_003)).Reports(events, observed.Count);
        // Log order: by signing time; the generation order breaks ties, so the order is the same on every run.
        var reports = observed.Concat(stated).Select((r, i) => (r, i)).OrderBy(x => x.r.Signed).ThenBy(x => x.i).Select(x => x.r).ToList();
        return new ProfileScenario(profile, Front, events, reports);
    }

    List<SyntheticEvent> Events(DateTimeOffset start, TimeSpan span)
    {
        var target = (int)Math.Round(profile.EventsPerDay * span.TotalDays);
        var end = start + span;
        var events = new List<SyntheticEvent>(target);
        while (events.Count < target)
        {
            var first = Opening(start, span, events.Count);
            events.Add(first);
            if (_rng.NextDouble() >= profile.EpisodeShare)
            {
                continue;
            }
            // An episode: further events within the profile's minutes and km, some of them the other side firing back.
            var more = Geometric(profile.EpisodeSize - 1);
            var t = first.Start;
            for (var k = 0; k < more && events.Count < target; k++)
            {
                t += TimeSpan.FromMinutes(profile.EpisodeMinutes * _rng.NextDouble() / Math.Max(1, more) * 2);
                if (t >= end)
                {
                    break;
                }
                var y = Math.Clamp(first.Y + profile.EpisodeKm * Normal(_rng), -SyntheticFront.HalfLengthKm, SyntheticFront.HalfLengthKm);
                var kind = _rng.NextDouble() < 0.6 ? first.Kind : PickKind();
                var firing = _rng.NextDouble() < 0.5 ? first.Firing : SyntheticFront.Other(first.Firing);
                events.Add(Happen(events.Count, t, y, kind, firing));
            }
        }
        return [.. events.OrderBy(e => e.Start).ThenBy(e => e.Id)];
    }

    /// <summary>An event at a random moment (by the hour's weight) and a random place along the line.</summary>
    SyntheticEvent Opening(DateTimeOffset start, TimeSpan span, int id)
    {
        var max = ByHour.Max();
        while (true)
        {
            var t = start + TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds * _rng.NextDouble()));
            // start is local midnight, so the offset from it is local time of day.
            if (_rng.NextDouble() * max < ByHour[(int)((t - start).TotalHours % 24)])
            {
                var y = Uniform(_rng, -SyntheticFront.HalfLengthKm, SyntheticFront.HalfLengthKm);
                return Happen(id, t, y, PickKind(), _rng.NextDouble() < 0.5 ? SyntheticFront.PartyA : SyntheticFront.PartyB);
            }
        }
    }

    SyntheticEvent Happen(int id, DateTimeOffset t, double y, EventKind kind, string firing)
    {
        var struck = SyntheticFront.Other(firing);
        var x = kind.Placement switch
        {
            Placement.AtTheLine => Front.Behind(struck, y, Math.Abs(0.8 * Normal(_rng))),
            Placement.Shelling => Front.Behind(struck, y, Math.Min(12, 0.3 + Math.Abs(3 * Normal(_rng)))),
            Placement.Deep => Front.Behind(struck, y, Uniform(_rng, 1, 8)),
            Placement.OverTheLine => Front.LineX(y) + 0.8 * Normal(_rng),
            _ => Front.Behind(firing, y, Uniform(_rng, 0.5, 3)),
        };
        var minutes = Uniform(_rng, kind.MinMinutes, kind.MaxMinutes);
        var count = kind.MeanCount <= 0 ? 0 : 1 + Geometric(kind.MeanCount - 1);
        return new SyntheticEvent(id, t, minutes, x, y, kind, count, firing, struck);
    }

    EventKind PickKind()
    {
        var x = _rng.NextDouble() * EventKind.Mix.Sum(k => k.Weight);
        foreach (var k in EventKind.Mix)
        {
            if ((x -= k.Weight) < 0)
            {
                return k;
            }
        }
        return EventKind.Mix[0];
    }

    /// <summary>A count with the given mean, from 0 up, with the long tail that salvos and episodes have.</summary>
    int Geometric(double mean)
    {
        var p = 1 / (1 + Math.Max(mean, 0));
        return (int)Math.Min(1000, Math.Floor(Math.Log(1 - _rng.NextDouble()) / Math.Log(1 - p + 1e-12)));
    }
}
