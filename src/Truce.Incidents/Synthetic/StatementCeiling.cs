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
/// remains is events the statement cannot tell apart.
/// </summary>
public static partial class StatementCeiling
{
    public static (int Statements, int Right) Of(ProfileScenario scenario)
    {
        var (profile, front) = (scenario.Profile, scenario.Front);
        var observed = scenario.Reports.Where(r => !ProfileScenario.IsStatement(r)).Select(r => r.TrueEvent).ToHashSet();
        var events = scenario.Events.Where(e => observed.Contains(e.Id)).OrderBy(e => e.Start).ToList();
        var (n, right) = (0, 0);
        foreach (var s in scenario.Reports.Where(r => ProfileScenario.IsStatement(r) && observed.Contains(r.TrueEvent)))
        {
            n++;
            var time = s.Body["time"]!;
            var start = DateTimeOffset.Parse((string)time["start"]!, CultureInfo.InvariantCulture);
            var unit = (string)time["precision"]! switch { "hour" => 1.0, "day" => 24, _ => 6 };
            var end = start.AddHours(unit);
            var (type, place, text) = ((string)s.Body["type"]!, (string)s.Body["location"]!["place"]!, (string)s.Body["location"]!["text"]!);
            var offset = Offset().Match(text);
            var counts = s.Body["counts"] as JsonObject;
            var best = events.Where(e => e.Start > start.AddHours(-1) && e.Start < end.AddHours(1) && ProfileStatements.Bulletin(e.End + ProfileStatements.PublishedAfter) == s.Signed)
                .Select(e => (e, p: Likelihood(e, s.Party, start, end, type, place, text, offset, profile, front)))
                .Select(x => (x.e, p: x.p > 0 ? x.p * CountLikelihood(x.e, s.Party, counts, profile) : 0))
                .Where(x => x.p > 0).MaxBy(x => x.p);
            right += best.e?.Id == s.TrueEvent ? 1 : 0;
        }
        return (n, right);
    }

    static double Likelihood(SyntheticEvent e, string party, DateTimeOffset start, DateTimeOffset end, string type, string place,
        string text, Match offset, ScenarioProfile profile, SyntheticFront front)
    {
        var village = front.NearestOn(party, e.X, e.Y);
        if (village.Id != place)
        {
            return 0;
        }
        var heavier = ProfileStatements.Heavier(e.Kind.Type);
        var typeP = type == e.Kind.Type ? (heavier == type ? 1 : 1 - profile.TypeConfusion) : type == heavier ? profile.TypeConfusion : 0;
        var timeP = Phi((end - e.Start).TotalMinutes / 15) - Phi((start - e.Start).TotalMinutes / 15);
        var (dx, dy) = (e.X - village.X, e.Y - village.Y);
        var km = Math.Sqrt(dx * dx + dy * dy);
        double formP;
        if (offset.Success)
        {
            var said = double.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture);
            var distP = km < 1.5 ? 0 : Phi(Math.Log((said + 0.5) / km) / 0.3) - (said <= 1 ? 0 : Phi(Math.Log((said - 0.5) / km) / 0.3));
            var centre = Points.IndexOf(offset.Groups[2].Value) * 45.0;
            var bearing = Math.Atan2(dx, dy) * 180 / Math.PI;
            var off = ((bearing - centre) % 360 + 540) % 360 - 180;
            formP = profile.OffsetShare * distP * (Phi((22.5 - off) / 20) - Phi((-22.5 - off) / 20));
        }
        else
        {
            formP = text.StartsWith("near ", StringComparison.Ordinal) ? profile.NearShare
                : 1 - profile.NearShare - profile.OffsetShare + (km < 1.5 ? profile.OffsetShare : 0);
        }
        return e.Kind.StatementWeight * typeP * timeP * formP;
    }

    /// <summary>How likely the statement's count is if this event is its own: the party struck multiplies the true count by
    /// a factor drawn evenly from 1 to the profile's inflation, the party blamed by one from its deflation to 1, and the
    /// result is rounded (at least 1) and stated as a number, a best with low and high, or low and high alone.</summary>
    internal static double CountLikelihood(SyntheticEvent e, string party, JsonObject? counts, ScenarioProfile profile)
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
        b = Math.Max(b, a + 1e-6);
        double P(int v)
        {
            var (lo, hi) = (v == 1 ? double.NegativeInfinity : (v - 0.5) / e.Count, (v + 0.5) / e.Count);
            return Math.Max(0, Math.Min(hi, b) - Math.Max(lo, a)) / (b - a);
        }
        if (said is JsonValue number)
        {
            return P((int)number.GetValue<double>());
        }
        if (said["best"] is { } best)
        {
            return P((int)best.GetValue<double>());
        }
        var (low, high) = (said["low"]!.GetValue<double>(), said["high"]!.GetValue<double>());
        var p = 0.0;
        for (var v = 1; v <= 1000; v++)
        {
            p += Math.Max(1, Math.Floor(v * 0.7)) == low && Math.Ceiling(v * 1.4) + 1 == high ? P(v) : 0;
        }
        return p;
    }

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
