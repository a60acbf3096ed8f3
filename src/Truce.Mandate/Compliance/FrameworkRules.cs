using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;

namespace Truce.Mandate.Compliance;

/// <summary>What a framework's typed rules require of a movement: whose consent, under which provision, and whether it
/// was given in time. Pure functions of a framework and a movement, shared by the engine and the notices it files.</summary>
public static class FrameworkRules
{
    /// <summary>Whose consent a framework requires for these people moving through this corridor at that time (never
    /// the mover's own), and under which provision.</summary>
    public static IReadOnlyList<(string Party, string Number)> RequiredConsents(Agreement f, IReadOnlyList<string> categories, string? corridorId,
        string mover, DateTimeOffset time)
    {
        List<(string Party, string Number)>? required = null;
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                var r = p.Rules[i];
                if (r.Type != "consent" || (r.Corridor is not null && r.Corridor != corridorId) || !InForce(r, time) || !Covers(r.Categories, categories))
                {
                    continue;
                }
                foreach (var party in r.ConsentBy)
                {
                    if (party != mover && (required is null || !required.Exists(x => x.Party == party)))
                    {
                        (required ??= []).Add((party, p.Number));
                    }
                }
            }
        }
        return required ?? (IReadOnlyList<(string, string)>)[];
    }

    /// <summary>A consent rule covers every movement when it names no categories, else those of any category it names.</summary>
    static bool Covers(IReadOnlyList<string> ruleCategories, IReadOnlyList<string> categories)
    {
        if (ruleCategories.Count == 0)
        {
            return true;
        }
        for (var i = 0; i < categories.Count; i++)
        {
            for (var j = 0; j < ruleCategories.Count; j++)
            {
                if (ruleCategories[j] == categories[i])
                {
                    return true;
                }
            }
        }
        return false;
    }

    static bool InForce(Rule r, DateTimeOffset t) => (r.From is null || r.From <= t) && (r.Until is null || t <= r.Until);

    /// <summary>The first of the required consents not given before <paramref name="time"/> (refused, late or missing),
    /// or null if all were given.</summary>
    public static (string Party, string Number)? Missing(IReadOnlyList<(string Party, string Number)> required, Notice? notice, DateTimeOffset time)
    {
        for (var i = 0; i < required.Count; i++)
        {
            if (notice is null || !notice.Consents.TryGetValue(required[i].Party, out var c) || !c.Given || c.Time > time)
            {
                return required[i];
            }
        }
        return null;
    }

    public static Verdict ConsentVerdict(Agreement f, IReadOnlyList<(string Party, string Number)> required, Notice? notice, DateTimeOffset time,
        IReadOnlyList<string> categories, string? corridorId)
    {
        if (required.Count == 0)
        {
            return new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"no provision of {f.Id} requires consent for {string.Join(", ", categories)} moving{Through(corridorId)}");
        }
        if (Missing(required, notice, time) is not { } first)
        {
            return new Verdict(f.Id, f.Draft, Verdict.Allowed, required[0].Number, $"consent given by {string.Join(", ", required.Select(x => x.Party))} before the transit");
        }
        var missing = required.Where(x => notice is null || !notice.Consents.TryGetValue(x.Party, out var c) || !c.Given || c.Time > time).Select(x => x.Party).ToList();
        var refused = required.Where(x => notice is not null && notice.Consents.TryGetValue(x.Party, out var c) && !c.Given).Select(x => x.Party).ToList();
        return new Verdict(f.Id, f.Draft, Verdict.Breach, first.Number, notice is null
            ? $"no movement notice, so no consent from {string.Join(", ", missing)} as provision {first.Number} of {f.Id} requires"
            : refused.Count > 0 ? $"consent refused by {string.Join(", ", refused)} (provision {first.Number} of {f.Id})"
            : $"no consent from {string.Join(", ", missing)} before the transit (provision {first.Number} of {f.Id})");
    }

    static string Through(string? corridor) => corridor is null ? "" : $" through corridor {corridor}";

    /// <summary>The first rule of a type in a framework that matches, with its provision.</summary>
    public static (Provision Provision, Rule Rule)? FirstRule(Agreement f, string type, Func<Provision, Rule, bool> match)
    {
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                if (p.Rules[i].Type == type && match(p, p.Rules[i]))
                {
                    return (p, p.Rules[i]);
                }
            }
        }
        return null;
    }
}
