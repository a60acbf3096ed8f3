namespace Truce.Incidents.Correlation;

/// <summary>
/// How coarse sources name the type of an event the observers saw, learnt from this book's coarse reports attached to
/// observed incidents, in log order (so a rebuild learns the same). Parties speak of the weapon as it suits them: a
/// party struck by mortars may say "artillery", and seldom says "mortar" of artillery fire. The taxonomy's
/// compatibility (one family 0.7, an unknown explosion and an explosive weapon 0.5) treats both directions alike;
/// this learns, per source kind and observed type, how often each other type is said against the type itself, and
/// weighs a coarse report's type by that ratio. Until a kind has attached reports the taxonomy's compatibility
/// stands: it counts as <see cref="PriorWeight"/> reports of each observed type.
/// </summary>
public sealed class TypeNaming
{
    /// <summary>Reports' worth of the taxonomy's compatibility in each row. On the tuning profiles 1 and 3 scored alike
    /// (1 a little better at the default density, 3 at ten times it) and 10 gave half the gain; 3 keeps a single
    /// attachment from moving a factor from 0.7 to 1.</summary>
    public const double PriorWeight = 3;

    // (source kind, observed type) → how many attached reports named each type.
    readonly Dictionary<(string Kind, string Seen), Dictionary<string, double>> _rows = [];

    public void Clear() => _rows.Clear();

    /// <summary>What one attachment taught (or, with <paramref name="sign"/> −1, takes it back).</summary>
    public void Add(Taught taught, int sign = 1)
    {
        if (taught.Kind is null)
        {
            return;
        }
        if (!_rows.TryGetValue((taught.Kind, taught.Seen), out var row))
        {
            _rows[(taught.Kind, taught.Seen)] = row = [];
        }
        row[taught.Said] = row.GetValueOrDefault(taught.Said) + sign;
    }

    /// <summary>The factor for a report of <paramref name="kind"/> that says <paramref name="said"/> against an
    /// incident observed as <paramref name="seen"/>, whose taxonomy compatibility is <paramref name="compatibility"/>:
    /// how often such reports said it, against how often they said the observed type itself (never above an exact
    /// match, never for types the taxonomy keeps apart).</summary>
    public double Factor(string kind, string said, string seen, double compatibility)
    {
        if (said == seen || compatibility <= 0)
        {
            return compatibility;
        }
        if (!_rows.TryGetValue((kind, seen), out var row))
        {
            return compatibility;
        }
        var (other, same) = (row.GetValueOrDefault(said), row.GetValueOrDefault(seen));
        // Exactly the prior with nothing learnt (all taken back): 2.1 / 3 is not 0.7 in floating point.
        return other == 0 && same == 0 ? compatibility : Math.Min(1, (other + PriorWeight * compatibility) / (same + PriorWeight));
    }

    /// <summary>One attachment: the source kind (null for nothing taught), the type observed, the type said.</summary>
    public readonly record struct Taught(string? Kind, string Seen, string Said);
}
