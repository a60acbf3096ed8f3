using System.Globalization;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;
using Truce.Spatial;

namespace Truce.Mandate.Compliance;

/// <summary>What one framework says of an activity: by the provision it cites, or, when it cites another framework or
/// none, by whatever in this one regulates it. With <c>explain</c> false only the outcome counts, and shared verdicts
/// without reasons are returned: the first pass over the frameworks allocates nothing per activity.</summary>
static class ActivityVerdicts
{
    static readonly Verdict QuietBreach = new("", false, Verdict.Breach, null, "");
    static readonly Verdict QuietAllowed = new("", false, Verdict.Allowed, null, "");
    static readonly Verdict QuietNoRule = new("", false, Verdict.NoRule, null, "");

    public static Verdict Of(MandateBook book, Agreement f, Activity a, bool explain) =>
        a.Agreement == f.Id ? Cited(book, f, a, explain) : Uncited(book, f, a, explain);

    static Verdict Cited(MandateBook book, Agreement f, Activity a, bool explain)
    {
        if (a.Provision is null || !f.Provisions.TryGetValue(a.Provision, out var p))
        {
            return !explain ? QuietBreach : new Verdict(f.Id, f.Draft, Verdict.Breach, a.Provision, $"{f.Id} has no provision {a.Provision}");
        }
        var permits = 0;
        string? problem = null;
        for (var i = 0; i < p.Rules.Count; i++)
        {
            var r = p.Rules[i];
            if (r.Type == "deadline" && r.MetBy == a.Kind && (r.Actors.Count > 0 ? r.Actors : p.Actors) is var who && (who.Count == 0 || who.Contains(a.Actor)))
            {
                return !explain ? QuietAllowed : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} asks for this {a.Kind}");
            }
            if (r.Type == "permits")
            {
                permits++;
                var x = Problem(book, r, p, a, explain);
                if (x is null)
                {
                    return !explain ? QuietAllowed
                        : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} permits {a.Kind} by {a.Actor} there and then");
                }
                problem ??= x;
            }
        }
        return !explain ? QuietBreach : permits == 0
            ? new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, $"provision {p.Number} of {f.Id} permits no activity")
            : new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, $"provision {p.Number} of {f.Id}: {problem}");
    }

    /// <summary>An activity judged by a framework it does not cite: allowed if some provision permits it; a breach if
    /// provisions regulate that kind of activity by that actor and it falls outside all of them ("only within the
    /// corridor"); no rule if the framework says nothing about it.</summary>
    static Verdict Uncited(MandateBook book, Agreement f, Activity a, bool explain)
    {
        string? outside = null;
        string? number = null;
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                var r = p.Rules[i];
                if (r.Type != "permits")
                {
                    continue;
                }
                var problem = Problem(book, r, p, a, explain);
                if (problem is null)
                {
                    return !explain ? QuietAllowed : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} would permit it");
                }
                var actors = r.Actors.Count > 0 ? r.Actors : p.Actors;
                if (outside is null && r.Activities.Contains(a.Kind) && (actors.Count == 0 || actors.Contains(a.Actor)))
                {
                    (outside, number) = (problem, p.Number);
                }
            }
        }
        return outside is not null
            ? (!explain ? QuietBreach : new Verdict(f.Id, f.Draft, Verdict.Breach, number, $"provision {number} of {f.Id} regulates {a.Kind} by {a.Actor}, and {outside}"))
            : (!explain ? QuietNoRule : new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"no provision of {f.Id} covers {a.Kind} by {a.Actor} there and then"));
    }

    /// <summary>Null if the rule permits the activity; otherwise what is outside it, in words (or "" when not
    /// <paramref name="explain"/>ing).</summary>
    static string? Problem(MandateBook book, Rule r, Provision p, Activity a, bool explain)
    {
        if (!r.Activities.Contains(a.Kind))
        {
            return explain ? $"permits {string.Join(", ", r.Activities)}, not {a.Kind}" : "";
        }
        var actors = r.Actors.Count > 0 ? r.Actors : p.Actors;
        if (actors.Count > 0 && !actors.Contains(a.Actor))
        {
            return explain ? $"permits it to {string.Join(", ", actors)}, not {a.Actor}" : "";
        }
        if ((r.From is { } from && a.Start < from) || (r.Until is { } until && a.End > until))
        {
            return explain ? $"permits it from {r.From:yyyy-MM-dd} until {r.Until:yyyy-MM-dd}, not on {a.Start:yyyy-MM-dd}" : "";
        }
        if (r.Area is { } area && !area.Covers(a.Where))
        {
            return "the activity is outside the provision's area";
        }
        return r.Corridor is { } cid ? OutsideCorridor(book, cid, a, explain) : null;
    }

    static string? OutsideCorridor(MandateBook book, string cid, Activity a, bool explain)
    {
        var corridor = book.CorridorAt(cid, a.Start);
        if (corridor is null)
        {
            return $"corridor {cid} is not defined at that time";
        }
        var worst = a.Where is NetTopologySuite.Geometries.Point pt ? LocalFrame.DistanceToLinesKm(corridor.Route, pt.Y, pt.X)
            : a.Where.Coordinates.Max(c => LocalFrame.DistanceToLinesKm(corridor.Route, c.Y, c.X));
        if (worst > corridor.WidthKm / 2)
        {
            return explain ? string.Create(CultureInfo.InvariantCulture, $"the activity is {worst:0.0} km from corridor {cid}, which is {corridor.WidthKm:0.#} km wide") : "";
        }
        return null;
    }
}
