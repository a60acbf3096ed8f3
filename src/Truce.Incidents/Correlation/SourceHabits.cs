namespace Truce.Incidents.Correlation;

/// <summary>
/// How each kind of coarse source speaks of what observers saw, learnt from this book's coarse reports attached to
/// observed incidents, in log order (so a rebuild learns the same): the types it names and the figures it gives.
/// Parties speak of an event as it suits them: a party struck by mortars may say "artillery" and seldom says "mortar"
/// of artillery fire, and its figure runs high. The taxonomy's compatibility (one family 0.7, an unknown explosion and
/// an explosive weapon 0.5) treats both directions alike, and a fixed spread for a party's figure (a factor of two
/// either way) neither leans nor narrows; what the book has seen does both. Until a kind has attachments the fixed
/// model stands, and it keeps the weight of <see cref="TypePriorWeight"/> and <see cref="CountPriorWeight"/> reports.
/// It learns too how long after an event a kind of source signs its report (<see cref="LagFactor"/>): a party's bulletin
/// speaks of what happened since its last one, so its "on 1 March" is about the hours before it, not the whole day.
/// </summary>
public sealed class SourceHabits
{
    /// <summary>Reports' worth of the taxonomy's compatibility in each row. On the tuning profiles 1 and 3 scored alike
    /// (1 a little better at the default density, 3 at ten times it) and 10 gave half the gain; 3 keeps a single
    /// attachment from moving a factor from 0.7 to 1.</summary>
    public const double TypePriorWeight = 3;

    /// <summary>Reports' worth of the fixed count model (no lean, the statement spread): a spread needs more reports to
    /// learn than a rate; on the tuning profiles 3 and 10 scored alike.</summary>
    public const double CountPriorWeight = 10;

    /// <summary>A kind's figures never seem surer than a factor of about 1.15 (σ of the log 0.14).</summary>
    const double FloorVariance = 0.02;

    // (source kind, observed type) → how many attached reports named each type.
    readonly Dictionary<(string Kind, string Seen), Dictionary<string, double>> _types = [];

    // Source kind → the attached reports' log figure less their incident's: how many, their sum, their squares.
    readonly Dictionary<string, (double N, double Sum, double Squares)> _counts = [];

    /// <summary>Bins of the time from an incident's end to the signing of a report about it: the first for a report
    /// signed before the incident ended (a clock out, or an event still under way when reported), then one for each
    /// hour from 0, the last holding every longer lag.</summary>
    public const int LagBins = 49;

    /// <summary>Reports' worth of "every lag alike" (the window read evenly, as before anything is learnt) in a kind's
    /// lags. On the tuning profiles 3, 10 and 30 scored alike.</summary>
    public const double LagPriorWeight = 10;

    // Each lesson is spread over five hours (1, 2, 3, 2, 1): one hour per bin alone scored worse on the tuning profiles
    // (too few attachments per hour), and whole numbers make taking a lesson back restore the row exactly. What would
    // fall below a lag of 0 is reflected back into the first hours, what falls beyond the last bin stays in it; a
    // lesson signed before its incident ended goes whole into the first bin.
    static readonly int[] LagKernel = [1, 2, 3, 2, 1];
    const int LagKernelSum = 9;

    // The prior's share of each bin, in the kernel's units.
    const double LagPrior = LagPriorWeight * LagKernelSum / LagBins;

    // Source kind → how many attachments taught it, and per hour of lag the kernel weight of their lags.
    readonly Dictionary<string, (double N, double[] Bins)> _lags = [];

    public void Clear()
    {
        _types.Clear();
        _counts.Clear();
        _lags.Clear();
    }

    /// <summary>What one attachment taught (or, with <paramref name="sign"/> −1, takes it back).</summary>
    public void Add(Taught taught, int sign = 1)
    {
        if (taught.Kind is not { } kind)
        {
            return;
        }
        if (!_types.TryGetValue((kind, taught.Seen), out var row))
        {
            _types[(kind, taught.Seen)] = row = [];
        }
        row[taught.Said] = row.GetValueOrDefault(taught.Said) + sign;
        if (taught.CountApart is { } d)
        {
            var (n, sum, squares) = _counts.GetValueOrDefault(kind);
            _counts[kind] = (n + sign, sum + sign * d, squares + sign * d * d);
        }
        if (taught.LagHours is { } lag)
        {
            var (n, bins) = _lags.TryGetValue(kind, out var lags) ? lags : (0, new double[LagBins]);
            if (lag < 0)
            {
                bins[0] += sign * LagKernelSum;
            }
            else
            {
                for (var k = 0; k < LagKernel.Length; k++)
                {
                    var b = LagBin(lag) + k - LagKernel.Length / 2;
                    bins[Math.Min(b < 1 ? 1 - b : b, LagBins - 1)] += sign * LagKernel[k];
                }
            }
            _lags[kind] = (n + sign, bins);
        }
    }

    /// <summary>Bins 1 to <see cref="LagBins"/> − 2 hold an hour each from 0; the last bin every lag from this many hours.</summary>
    const int LongLag = LagBins - 2;

    static int LagBin(double hours) => hours < 0 ? 0 : hours >= LongLag ? LagBins - 1 : 1 + (int)hours;

    /// <summary>How much likelier it is that a report of <paramref name="kind"/> was signed <paramref name="lagHours"/> after
    /// its event ended than anywhere in its window read evenly, whose lags run from <paramref name="fromHours"/> to
    /// <paramref name="toHours"/>: the kind's learnt density of lags there over its mean across the window. The window as
    /// a whole weighs as before, so "an event nobody observed" keeps its rate; a lag outside it reads as the nearest end's,
    /// so the factor is bounded by the window's own. 1 before the kind has attachments.</summary>
    public double LagFactor(string kind, double lagHours, double fromHours, double toHours)
    {
        if (!_lags.TryGetValue(kind, out var row) || row.N <= 0 || toHours - fromHours < 1e-6)
        {
            return 1;
        }
        double Density(int bin) => row.Bins[bin] + LagPrior;
        // Lags below 0 read as the first bin, from the last hour on as the last, so a window of any length costs at most
        // LagBins steps.
        var sum = Density(0) * Math.Max(0, Math.Min(toHours, 0) - fromHours)
            + Density(LagBins - 1) * Math.Max(0, toHours - Math.Max(fromHours, LongLag));
        for (var h = Math.Max(0, Math.Floor(fromHours)); h < Math.Min(toHours, LongLag); h++)
        {
            sum += Density(1 + (int)h) * (Math.Min(h + 1, toHours) - Math.Max(h, fromHours));
        }
        return Density(LagBin(Math.Clamp(lagHours, fromHours, toHours))) / (sum / (toHours - fromHours));
    }

    /// <summary>The hours within which half of this kind's attached reports were signed after their incident ended (read
    /// off the spread bins), and how many taught it; null before any.</summary>
    public (double Hours, double Reports)? LagMedian(string kind)
    {
        if (!_lags.TryGetValue(kind, out var row) || row.N <= 0)
        {
            return null;
        }
        var (half, seen) = (row.N * LagKernelSum / 2, row.Bins[0]);
        if (seen >= half)
        {
            return (0, row.N);
        }
        for (var b = 1; b < LagBins; b++)
        {
            if (seen + row.Bins[b] >= half)
            {
                return (b - 1 + (half - seen) / row.Bins[b], row.N);
            }
            seen += row.Bins[b];
        }
        return (LongLag, row.N);
    }

    /// <summary>The type factor for a report of <paramref name="kind"/> that says <paramref name="said"/> against an
    /// incident observed as <paramref name="seen"/>, whose taxonomy compatibility is <paramref name="compatibility"/>:
    /// how often such reports said it, against how often they said the observed type itself (never above an exact
    /// match, never for types the taxonomy keeps apart).</summary>
    public double Factor(string kind, string said, string seen, double compatibility)
    {
        if (said == seen || compatibility <= 0 || !_types.TryGetValue((kind, seen), out var row))
        {
            return compatibility;
        }
        var (other, same) = (row.GetValueOrDefault(said), row.GetValueOrDefault(seen));
        // Exactly the prior with nothing learnt (all taken back): 2.1 / 3 is not 0.7 in floating point.
        return other == 0 && same == 0 ? compatibility : Math.Min(1, (other + TypePriorWeight * compatibility) / (same + TypePriorWeight));
    }

    /// <summary>How far this kind's figures lean above the observers' (the mean of the log of the ratio, shrunk towards
    /// none), and how many attachments taught it; null before any.</summary>
    public (double Lean, double Reports)? CountLean(string kind) =>
        _counts.TryGetValue(kind, out var c) && c.N > 0 ? (Lean(c), c.N) : null;

    static double Lean((double N, double Sum, double Squares) c) => c.Sum / (c.N + CountPriorWeight);

    /// <summary>A report's figure as its kind's habit reads it against an incident's: less the kind's lean, as spread as
    /// the attached reports' figures were about theirs (the fixed spread counting as <see cref="CountPriorWeight"/>
    /// reports). <paramref name="floor"/> is the least variance an incident's figure is given.</summary>
    public LogCount Stated(string kind, LogCount report, LogCount incident, double floor)
    {
        if (!_counts.TryGetValue(kind, out var c) || c.N <= 0)
        {
            return report;
        }
        var lean = Lean(c);
        var incidentVariance = Math.Max(incident.Variance, floor);
        var scatter = Math.Max(0, c.Squares - 2 * lean * c.Sum + c.N * lean * lean);
        var apart = (CountPriorWeight * (report.Variance + incidentVariance) + scatter) / (c.N + CountPriorWeight);
        return report with { Mean = report.Mean - lean, Variance = Math.Max(FloorVariance, apart - incidentVariance) };
    }

    /// <summary>What it has learnt of types: each (kind, observed type, type said) with how many said it, sorted.</summary>
    public IEnumerable<(string Kind, string Seen, string Said, double Reports)> TypeRows() => _types
        .SelectMany(row => row.Value.Where(x => x.Value != 0).Select(x => (row.Key.Kind, row.Key.Seen, Said: x.Key, Reports: x.Value)))
        .OrderBy(x => x.Kind, StringComparer.Ordinal).ThenBy(x => x.Seen, StringComparer.Ordinal).ThenBy(x => x.Said, StringComparer.Ordinal);

    /// <summary>What it has learnt of figures: each kind's reports, their sum and their squares, sorted.</summary>
    public IEnumerable<(string Kind, double Reports, double Sum, double Squares)> CountRows() => _counts
        .Where(c => c.Value.N != 0).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.N, c.Value.Sum, c.Value.Squares));

    /// <summary>What it has learnt of lags: each kind's reports and a copy of its spread bins, sorted.</summary>
    public IEnumerable<(string Kind, double Reports, IReadOnlyList<double> Bins)> LagRows() => _lags
        .Where(l => l.Value.N != 0).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value.N, (IReadOnlyList<double>)[.. l.Value.Bins]));

    /// <summary>What a coarse report attached to incident <paramref name="i"/> teaches: the incident's type, figure and end
    /// as they stand then against the report's (of <paramref name="counts"/>, as correlation read them, the first the
    /// incident counts too; and its signing).</summary>
    public static Taught Lesson(Reports.Report r, LogCount[]? counts, Incident i) =>
        new(r.SourceKind, i.Type, r.Type, CountEvidence.Shared(counts, i.Counts) is { } both ? both.Report.Mean - both.Incident.Mean : null,
            (r.Logged - i.End).TotalHours);

    /// <summary>One attachment: the source kind (null for nothing taught), the type observed, the type said, the log of
    /// the report's figure less the incident's when both count the same thing, and the hours from the incident's end to
    /// the report's signing.</summary>
    public readonly record struct Taught(string? Kind, string Seen, string Said, double? CountApart = null, double? LagHours = null);
}
