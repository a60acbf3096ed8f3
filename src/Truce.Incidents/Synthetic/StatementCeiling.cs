using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// The most any method could attach (issue 17): each statement about an observed event is given to the observed event
/// most likely to have produced it under the generator's own model, which no correlator knows — the village named is
/// the speaker's own village nearest the event (a Voronoi cell, not a circle), the time is the event's start read off a
/// clock a quarter of an hour out and cut to the hour, part of day or day, the type is the event's or the heavier of its
/// family, an offset ("4 km south-east of X") is the true one rounded and blurred as generated, the count is the true
/// one inflated by the party struck or deflated by the party blamed within the profile's factors, the statement is in
/// the party's first bulletin an hour after the event ended, and keener events are stated more often. The share for
/// which that most likely event is the statement's own is a ceiling for attachment given perfect observations: what
/// remains is events the statement cannot tell apart. Attaching asks more than being most likely: <see cref="Bound.AtBar"/>
/// says what the model would attach at a share of its posterior over every event, observed or not.
/// </summary>
public static partial class StatementCeiling
{
    /// <param name="observersFigures">Instead of each event's true count, what its observers' figures say of it under the
    /// generator's own model of how they count (the posterior over the true count, from the kind's prior and every
    /// observer's figure; an event nobody observed keeps the prior): the figures a live book has, read as well as they
    /// can be read.</param>
    /// <param name="redraws">Other draws of the same profile on the same front (<see cref="ProfileGenerator"/>'s
    /// <c>redraw</c>): with them, the events nobody observed are not known one by one but by their rate, as a correlator
    /// knows them: each is replaced by the events nobody observed in the redraws, each weighing one over their number,
    /// so their sum estimates the generator's density of unobserved events around the statement.</param>
    /// <param name="observersPlaces">Instead of each observed event's true place, where its observers' reports put it
    /// under the generator's own model of them and of where events of its kind fall (<see cref="PlacePosterior"/>): the
    /// places a live book has, read as well as they can be read. The events nobody observed keep theirs (a rate's sample).</param>
    /// <param name="figures">How the statements' figures are read: as the generator makes them, knowing which party was
    /// struck (<see cref="StatementFigures.ByRole"/>); not knowing it (<see cref="StatementFigures.WithoutRole"/>); or
    /// not at all (<see cref="StatementFigures.None"/>).</param>
    public static Bound Of(ProfileScenario scenario, bool observersFigures = false, IReadOnlyList<ProfileScenario>? redraws = null,
        StatementFigures figures = StatementFigures.ByRole, bool observersPlaces = false)
    {
        var (profile, front) = (scenario.Profile, scenario.Front);
        var observed = scenario.ObservedEvents();
        var counts = observersFigures ? CountPosteriors(scenario) : null;
        var places = observersPlaces ? PlacePosteriors(scenario) : null;
        var villages = front.Settlements.ToDictionary(v => v.Id);
        // Every event, observed or not, competes for a statement: one by one where the unobserved are known, else as
        // their rate. The redraws' events are marginal, not tied to this scenario's episodes, so neither bounds the other
        // exactly; on the held-out profiles they differ by about 0.01 (docs/BENCHMARKS.md).
        var events = scenario.Events.Where(e => redraws is null || observed.Contains(e.Id))
            .Select(e => new Rival(e, 1, observed.Contains(e.Id), counts?.GetValueOrDefault(e.Id), places?.GetValueOrDefault(e.Id))).ToList();
        foreach (var redraw in redraws ?? [])
        {
            var seen = redraw.ObservedEvents();
            events.AddRange(redraw.Events.Where(e => !seen.Contains(e.Id))
                .Select(e => new Rival(e, 1.0 / redraws!.Count, false, observersFigures && e.Kind.CountName is not null ? CountPosterior(e.Kind, []) : null)));
        }
        events.Sort((a, b) => a.Event.Start.CompareTo(b.Event.Start));
        var (n, right) = (0, 0);
        var bins = new (int N, int Own, int Other)[5];
        foreach (var s in scenario.Reports.Where(r => ProfileScenario.IsStatement(r) && observed.Contains(r.TrueEvent)))
        {
            n++;
            var time = s.Body["time"]!;
            var start = DateTimeOffset.Parse((string)time["start"]!, CultureInfo.InvariantCulture);
            var unit = (string)time["precision"]! switch { "hour" => 1.0, "day" => 24, _ => 6 };
            var end = start.AddHours(unit);
            var (type, place, text) = ((string)s.Body["type"]!, (string)s.Body["location"]!["place"]!, (string)s.Body["location"]!["text"]!);
            var offset = Offset().Match(text);
            var said = s.Body["counts"] as JsonObject;
            var scored = events.Where(x => x.Event.Start > start.AddHours(-1) && x.Event.Start < end.AddHours(1) && ProfileStatements.Bulletin(x.Event.End + ProfileStatements.PublishedAfter) == s.Signed)
                .Select(x => (x, p: x.Weight * Likelihood(x, s.Party, start, end, type, villages[place], text, offset, profile, front)))
                .Select(y => (y.x, p: y.p > 0 ? y.p * Figures(y.x.Event, s.Party, said, profile, y.x.Counts, figures) : 0))
                .Where(y => y.p > 0).ToList();
            var best = scored.Where(y => y.x.Observed).DefaultIfEmpty().MaxBy(y => y.p);
            right += best.x?.Event.Id == s.TrueEvent ? 1 : 0;
            // The events nobody observed compete as one: a method that knows only their rate cannot tell them apart.
            var unseen = scored.Where(y => !y.x.Observed);
            var top = redraws is null ? scored.MaxBy(y => y.p) : unseen.Sum(y => y.p) > best.p ? default : best;
            var total = scored.Sum(y => y.p);
            if (total > 0)
            {
                var share = top.x is null ? unseen.Sum(y => y.p) / total : top.p / total;
                var b = Math.Min(4, (int)(share * 5));
                var chosen = top.x is { Observed: true } x ? x.Event.Id : -1;
                var (own, other) = (chosen == s.TrueEvent, chosen != s.TrueEvent && chosen >= 0);
                bins[b] = (bins[b].N + 1, bins[b].Own + (own ? 1 : 0), bins[b].Other + (other ? 1 : 0));
            }
        }
        return new Bound(n, right, bins);
    }

    /// <summary>An event that may have produced a statement: its weight (one, or one over the redraws for a sample of the
    /// events nobody observed), whether an observer of the scenario reported it (a redraw's never counts as observed), and
    /// the posterior over its count if read from figures.</summary>
    sealed record Rival(SyntheticEvent Event, double Weight, bool Observed, double[]? Counts, PlacePoint[]? Places = null);

    /// <param name="Right">Statements whose own event is the most likely of the observed events.</param>
    /// <param name="Bins">By the most likely event's share of the posterior over every event, observed or not, in fifths:
    /// how many statements, how many of those have their own event most likely, and how many another observed event.</param>
    public sealed record Bound(int Statements, int Right, (int N, int Own, int Other)[] Bins)
    {
        /// <summary>Were each statement attached to the most likely event once that has <paramref name="bar"/> of the
        /// posterior (a multiple of a fifth), and left alone when that event is one nobody observed: the shares of all
        /// statements attached to their own event's incident and to another's.</summary>
        public (double Right, double Wrong) AtBar(double bar)
        {
            var (right, wrong) = (0, 0);
            for (var b = StatementOracle.FirstBin(bar); b < Bins.Length; b++)
            {
                (right, wrong) = (right + Bins[b].Own, wrong + Bins[b].Other);
            }
            return Statements == 0 ? (1, 0) : ((double)right / Statements, (double)wrong / Statements);
        }
    }

    static double Likelihood(Rival x, string party, DateTimeOffset start, DateTimeOffset end, string type, SyntheticSettlement village,
        string text, Match offset, ScenarioProfile profile, SyntheticFront front)
    {
        var e = x.Event;
        var heavier = ProfileStatements.Heavier(e.Kind.Type);
        var typeP = type == e.Kind.Type ? (heavier == type ? 1 : 1 - profile.TypeConfusion) : type == heavier ? profile.TypeConfusion : 0;
        var timeP = Phi((end - e.Start).TotalMinutes / 15) - Phi((start - e.Start).TotalMinutes / 15);
        if (typeP * timeP <= 0)
        {
            return 0;
        }
        var placeP = 0.0;
        if (x.Places is null)
        {
            placeP = front.NearestOn(party, e.X, e.Y).Id == village.Id ? PlaceLikelihood(e.X, e.Y, village, text, offset, profile) : 0;
        }
        else
        {
            foreach (var p in x.Places)
            {
                placeP += p.Near(party) == village.Id ? p.W * PlaceLikelihood(p.X, p.Y, village, text, offset, profile) : 0;
            }
        }
        return e.Kind.StatementWeight * typeP * timeP * placeP;
    }

    /// <summary>How likely the statement's words of place (the village alone, "near" it, or a distance and direction
    /// from it) are for an event at (x, y) in the village's cell.</summary>
    static double PlaceLikelihood(double x, double y, SyntheticSettlement village, string text, Match offset, ScenarioProfile profile)
    {
        var (dx, dy) = (x - village.X, y - village.Y);
        var km = Math.Sqrt(dx * dx + dy * dy);
        if (offset.Success)
        {
            var said = double.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture);
            var distP = km < 1.5 ? 0 : Phi(Math.Log((said + 0.5) / km) / 0.3) - (said <= 1 ? 0 : Phi(Math.Log((said - 0.5) / km) / 0.3));
            var centre = Points.IndexOf(offset.Groups[2].Value) * 45.0;
            var bearing = Math.Atan2(dx, dy) * 180 / Math.PI;
            var off = ((bearing - centre) % 360 + 540) % 360 - 180;
            return profile.OffsetShare * distP * (Phi((22.5 - off) / 20) - Phi((-22.5 - off) / 20));
        }
        return text.StartsWith("near ", StringComparison.Ordinal) ? profile.NearShare
            : 1 - profile.NearShare - profile.OffsetShare + (km < 1.5 ? profile.OffsetShare : 0);
    }

    /// <summary>How likely the statement's count is if this event is its own, read as <paramref name="figures"/> says.
    /// Without the role, a mixture of the two: when one party alone speaks of an event it is the party struck at <see
    /// cref="ProfileStatements.StruckAlone"/> (a), and both parties speak of <see cref="ScenarioProfile.BothParties"/> (B)
    /// of the events stated, so (B + a (1 − B)) / (1 + B) of the statements are the struck party's.</summary>
    static double Figures(SyntheticEvent e, string party, JsonObject? counts, ScenarioProfile profile, double[]? posterior, StatementFigures figures)
    {
        if (figures == StatementFigures.None)
        {
            return (e.Kind.CountName is null) == (counts is null) ? 1 : 0;
        }
        if (figures == StatementFigures.ByRole)
        {
            return CountLikelihood(e, party, counts, profile, posterior);
        }
        var (a, b) = (ProfileStatements.StruckAlone, profile.BothParties);
        var struck = (b + a * (1 - b)) / (1 + b);
        return struck * CountLikelihood(e, e.Struck, counts, profile, posterior) + (1 - struck) * CountLikelihood(e, e.Firing, counts, profile, posterior);
    }

    /// <summary>How likely the statement's count is if this event is its own: the party struck multiplies the true count by
    /// a factor drawn evenly from 1 to the profile's inflation, the party blamed by one from its deflation to 1, and the
    /// result is rounded (at least 1) and stated as a number, a best with low and high, or low and high alone. With
    /// <paramref name="posterior"/>, the true count is not known but weighed by it (index: the count).</summary>
    internal static double CountLikelihood(SyntheticEvent e, string party, JsonObject? counts, ScenarioProfile profile, double[]? posterior = null)
    {
        if (e.Kind.CountName is not { } name || counts is null)
        {
            return (e.Kind.CountName is null) == (counts is null) ? 1 : 0;
        }
        if (counts[name] is not { } said)
        {
            return 0;
        }
        var (a, b) = party == e.Struck ? (1.0, profile.Inflation) : (profile.Deflation, 1.0);
        var values = Written(said);
        if (posterior is null)
        {
            return values.Sum(v => Figure(v, e.Count, a, b));
        }
        var p = 0.0;
        for (var c = 1; c < posterior.Length; c++)
        {
            p += posterior[c] == 0 ? 0 : posterior[c] * values.Sum(v => Figure(v, c, a, b));
        }
        return p;
    }

    /// <summary>The figures (rounded, at least 1) that are written so: the number or the best, or every figure whose low
    /// and high these are.</summary>
    static List<int> Written(JsonNode said)
    {
        if (said is JsonValue number)
        {
            return [(int)number.GetValue<double>()];
        }
        if (said["best"] is { } best)
        {
            return [(int)best.GetValue<double>()];
        }
        var (low, high) = (said["low"]!.GetValue<double>(), said["high"]!.GetValue<double>());
        return [.. Enumerable.Range(1, 1000).Where(v => Math.Max(1, Math.Floor(v * 0.7)) == low && Math.Ceiling(v * 1.4) + 1 == high)];
    }

    /// <summary>How likely the figure <paramref name="v"/> is when <paramref name="count"/> is multiplied by a factor drawn
    /// evenly from <paramref name="a"/> to <paramref name="b"/> and rounded, at least 1.</summary>
    static double Figure(int v, double count, double a, double b)
    {
        b = Math.Max(b, a + 1e-6);
        var (lo, hi) = (v == 1 ? double.NegativeInfinity : (v - 0.5) / count, (v + 0.5) / count);
        return Math.Max(0, Math.Min(hi, b) - Math.Max(lo, a)) / (b - a);
    }

    /// <summary>Counts above this are left out of a posterior (the generator's counts are geometric, the largest mean 20).</summary>
    const int MaxCount = 400;

    static Dictionary<int, double[]> CountPosteriors(ProfileScenario scenario)
    {
        var figures = scenario.Reports.Where(r => !ProfileScenario.IsStatement(r)).ToLookup(r => r.TrueEvent);
        return scenario.Events.Where(e => e.Kind.CountName is not null).ToDictionary(e => e.Id, e => CountPosterior(e.Kind, figures[e.Id]));
    }

    /// <summary>The posterior over an event's true count (index: the count, up to 400) given its observers' reports, as
    /// the generator makes their figures: a post counts ×0.5–1 of it, a patrol ×0.6–1.1, a UAV all of it, a patrol at the
    /// craters ×0.3–1; the prior is the generator's, 1 + a geometric number of mean <see cref="EventKind.MeanCount"/> − 1.</summary>
    public static double[] CountPosterior(EventKind kind, IEnumerable<LabelledReport> observers)
    {
        var name = kind.CountName ?? throw new ArgumentException($"'{kind.Type}' has nothing to count", nameof(kind));
        var q = 1 - 1 / Math.Max(1, kind.MeanCount);
        var p = new double[MaxCount + 1];
        for (var c = 1; c <= MaxCount; c++)
        {
            p[c] = Math.Pow(q, c - 1);
        }
        foreach (var r in observers)
        {
            var (said, a, b) = ObserverFigure(r, name);
            if (said is not null)
            {
                var values = Written(said);
                for (var c = 1; c <= MaxCount; c++)
                {
                    p[c] *= p[c] == 0 ? 0 : values.Sum(v => Figure(v, c, a, b));
                }
            }
        }
        var sum = p.Sum();
        return sum > 0 ? [.. p.Select(x => x / sum)] : p;
    }

    static (JsonNode? Said, double A, double B) ObserverFigure(LabelledReport r, string name) => MadeBy(r) switch
    {
        Observer.Craters => (r.Body["perceptions"]![0]!["count"], 0.3, 1),
        Observer.Uav => (r.Body["counts"]?[name], 1, 1),
        Observer.Patrol => (r.Body["counts"]?[name], 0.6, 1.1),
        _ => (r.Body["counts"]?[name], 0.5, 1),
    };

    /// <summary>Which of <see cref="ProfileObservers"/>' ways of reporting made an observer's report: each counts and
    /// places an event in its own way.</summary>
    enum Observer { Post, Patrol, Uav, Craters }

    static Observer MadeBy(LabelledReport r) =>
        r.Body["perceptions"]?[0]?["kind"]?.GetValue<string>() == "crater" ? Observer.Craters
        : r.Body["observer"] is JsonObject ? Observer.Post
        : (string?)r.Body["source"]?["kind"] switch { "drone" => Observer.Uav, "patrol" => Observer.Patrol, _ => Observer.Post };

    static readonly List<string> Points = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"];

    /// <summary>The standard normal's distribution function (Abramowitz and Stegun 7.1.26; error below 1.5e-7).</summary>
    static double Phi(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    [GeneratedRegex(@"^(\d+) km ([a-z-]+) of ")]
    private static partial Regex Offset();
}

/// <summary>How <see cref="StatementCeiling"/> reads a statement's figure.</summary>
public enum StatementFigures
{
    /// <summary>As the generator makes it: inflated by the party struck, deflated by the party blamed.</summary>
    ByRole,

    /// <summary>Either, not knowing whether the speaker was struck or blamed, at the share of statements each makes.</summary>
    WithoutRole,

    /// <summary>Not at all: whether it counts at all must agree, and nothing more.</summary>
    None,
}
