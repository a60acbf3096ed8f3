using System.Collections;
using System.Globalization;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

/// <summary>
/// Why a report matches an incident, in words a monitor can check against the map. Correlation keeps the figures it
/// weighed, as it weighed them (<see cref="Weighed"/>), and they are put in words when read: every join and suggestion
/// keeps its reasons, few are ever read, and writing them out at once took about a third of a batch's time and most of
/// what a book holds per report (docs/BENCHMARKS.md). The words are the same whenever they are read.
/// </summary>
public sealed class Reasons : IReadOnlyList<string>
{
    readonly string[] _head;
    readonly Weighed? _weighed;

    Reasons(string[] head, Weighed? weighed) => (_head, _weighed) = (head, weighed);

    internal Reasons(Weighed weighed) : this([], weighed)
    {
    }

    /// <summary><paramref name="line"/> first, then <paramref name="rest"/>: the step's own reason before the factors.</summary>
    public static IReadOnlyList<string> Led(string line, IReadOnlyList<string> rest) =>
        rest is Reasons r ? new Reasons([line, .. r._head], r._weighed) : [line, .. rest];

    public int Count => _head.Length + (_weighed?.Lines ?? 0);

    public string this[int index] => index < 0 ? throw new ArgumentOutOfRangeException(nameof(index))
        : index < _head.Length ? _head[index]
        : _weighed is { } w && index - _head.Length < w.Lines ? w.Line(index - _head.Length)
        : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        for (var k = 0; k < Count; k++)
        {
            yield return this[k];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The one factor that decided a candidate (<see cref="Weighed.Decisive"/>): its share and what it was
/// weighed against, and the factors of time and source as shares of what a perfect match would score (place, type
/// and count are read off <see cref="Weighed"/>).</summary>
internal sealed record Decision(double Share, double NewEvent, long? Leader, double LeaderShare, double Bar, double Time, double Source);

/// <summary>What correlation weighed for one report against one incident, when it weighed it: figures, not words.
/// The report is immutable, so it is kept whole; the incident changes, so what was read of it is copied.</summary>
internal sealed record Weighed(Report R, long Incident, bool Observed, bool SameSource, bool Coarse, double GapH, double TolH,
    double WindowH, double TolMinutes, double? OnsetApart, double Spread, double Sigmas, double Km, double Combined, double MeanSigma,
    double? SettlementRadiusKm, NamedSettlement? Cell, double CellWeight, string IncidentType, double TypeFactor, double Compatibility, string? Family,
    (LogCount Report, LogCount Incident)? Counts, (double Lean, double Reports)? CountLean, double CountAgree,
    (double Hours, double Factor, double MedianHours, double Reports)? Lag, (int Nearby, double Factor)? Busy, Decision? Decided)
{
    public int Lines => (Decided is null ? 0 : 1) + 4 + (SettlementRadiusKm is null ? 0 : 1) + (Cell is null ? 0 : 1)
        + (Counts is null ? 0 : 1) + (Busy is null ? 0 : 1) + (Coarse ? 1 : 0);

    /// <summary>The k-th line: the decisive factor (when weighed for a choice), time, place, the settlement's radius and
    /// cell, type, counts, how likely the alternative (a new event, an event nobody observed) was around the report, source,
    /// and what a coarse report may do.</summary>
    public string Line(int k)
    {
        if (Decided is { } d && k-- == 0)
        {
            return Decisive(d);
        }
        if (k-- == 0)
        {
            return TimeReason();
        }
        if (k-- == 0)
        {
            return R.Observer?.HasRay == true && R.Location is null
                ? $"bearing {F(R.Observer.Bearing!.Value)}° from {R.Observer.Id ?? "the observer"} passes {F(Sigmas)}σ from the incident's estimate"
                : $"{F(Km)} km apart, {F(Sigmas)}σ of the combined uncertainty (about {F(Combined)} km)";
        }
        if (SettlementRadiusKm is { } radius && k-- == 0)
        {
            return $"settlement radius {F(radius)} km for {R.SourceKind} reports (they name the nearest settlement, not the spot)";
        }
        if (Cell is { } cell && k-- == 0)
        {
            return CellWeight >= 0.5
                ? $"nearer to the settlement named than to the {cell.Rivals} other settlements {R.Party} names within reach (×{Factor(CellWeight / cell.Normaliser)})"
                : $"nearer to another settlement {R.Party} names than to the one named (×{Factor(CellWeight / cell.Normaliser)})";
        }
        if (k-- == 0)
        {
            if (R.Type == IncidentType)
            {
                return $"same type ({R.Type})";
            }
            var kin = Family is null ? $"{R.Type} is compatible with {IncidentType}" : $"{R.Type} and {IncidentType} are of one family ({Family})";
            var called = $"{kin}; {R.SourceKind} reports in this book have called {IncidentType} (as observed) {R.Type}";
            return TypeFactor == Compatibility ? kin
                : TypeFactor >= 1 ? $"{called} at least as often as {IncidentType}, so it weighs as the same type"
                : $"{called} ×{Factor(TypeFactor)} as often as {IncidentType} (learnt, the taxonomy's ×{Factor(Compatibility)} counting as three reports)";
        }
        if (Counts is { } counts && k-- == 0)
        {
            var said = CountAgree >= 0.5 ? $"counts agree ({CountWords(counts)})" : $"counts differ ({CountWords(counts)}: ×{Factor(CountAgree)} of counts that agree)";
            return CountLean is { } lean
                ? $"{said}; {R.SourceKind} figures in this book run ×{Factor(Math.Exp(lean.Lean))} of the observers' ({lean.Reports:0} attached), and are read so"
                : said;
        }
        if (Busy is { } busy && k-- == 0)
        {
            return $"{Alternative} ×{Factor(busy.Factor)} as likely here as {Setting} says: {BusyWords(busy.Nearby)}";
        }
        if (k-- == 0)
        {
            return SameSource
                ? $"the incident already has a report from the same source ({R.SourceKey}), so this is more likely another event"
                : $"independent source ({R.SourceKey})";
        }
        return Observed
            ? $"{Kind(R)} weighed against observed incident I-{Incident}: it may attach, never moving the incident's place, window, type or count"
            : $"I-{Incident} holds only coarse reports, which no observation explains yet";
    }

    /// <summary>
    /// The one factor that decided a candidate, first among its reasons. Each factor is read as a share of what a
    /// perfect match would score (the same spot, overlapping windows, the same type, agreeing counts, another source): a
    /// candidate left below the bar was held back by the furthest of them when one is under half, else by its rivals (a
    /// better candidate, or others sharing the posterior) or by the report's vagueness (a new event, or an event nobody observed, fits
    /// it about as well); a chosen one was carried by all of them together (the weakest is named). A second report of one
    /// source is a rule, not only a factor: it is named first.
    /// </summary>
    string Decisive(Decision d)
    {
        double[] ratios = [Math.Exp(-0.5 * Sigmas * Sigmas) * CellWeight, d.Time, TypeFactor, Counts is null ? 1 : CountAgree, d.Source];
        var w = 0;
        for (var k = 1; k < ratios.Length; k++)
        {
            w = ratios[k] < ratios[w] ? k : w;
        }
        if (d.Source < 1)
        {
            // A rule, not only a factor: a second report of one source is never joined automatically.
            return $"{Match.DecidedBy}{What(4)}: ×{Factor(d.Source)} of a perfect match, and never joined automatically";
        }
        if (d.Share >= d.Bar && d.Leader is null)
        {
            return $"{Match.DecidedBy}the factors together ({d.Share:0.00} of the posterior, {(Coarse ? "attach" : "join")} at {d.Bar:0.00}); the weakest, {What(w)}, ×{Factor(ratios[w])} of a perfect match";
        }
        // Every candidate's odds scale alike with the rate of a new event: at the configured rate this one would have
        // f·S / (N + f·(1 − N)) of the posterior, S its share and N the new event's now.
        if (Busy is { } busy && d.Leader is null && busy.Factor * d.Share / (d.NewEvent + busy.Factor * (1 - d.NewEvent)) is var quiet && quiet >= d.Bar)
        {
            return $"{Match.DecidedBy}a busy place and hour: {BusyWords(busy.Nearby)}, so {Alternative}, ×{Factor(busy.Factor)} as likely as {Setting} says, has {d.NewEvent:0.00} of the posterior; at {Setting} this would have {quiet:0.00}";
        }
        if (ratios[w] < 0.5)
        {
            return $"{Match.DecidedBy}{What(w)}: ×{Factor(ratios[w])} of a perfect match";
        }
        if (d.Leader is { } leader)
        {
            return $"{Match.DecidedBy}a better candidate: I-{leader} has {d.LeaderShare:0.00} of the posterior";
        }
        var rivals = 1 - d.Share - d.NewEvent;
        return rivals > d.NewEvent
            ? $"{Match.DecidedBy}rivals: other incidents share {rivals:0.00} of the posterior"
            : $"{Match.DecidedBy}vagueness: place, time{(Counts is null ? "" : ", count")} and type agree, but a report this vague (σ {F(MeanSigma)} km, {F(WindowH)} h) fits {Alternative} about as well ({d.NewEvent:0.00} of the posterior)";
    }

    string What(int k) => k switch
    {
        0 => $"place ({F(Sigmas)}σ apart{(Cell is not null && CellWeight < 0.5 ? $", nearer to another settlement {R.Party} names" : "")})",
        1 => Lag is { } lag ? $"time ({TimeWords()}; {Signed(lag.Hours)}, ×{Factor(lag.Factor)} against the window read evenly)" : $"time ({TimeWords()})",
        2 => $"type ({R.Type} against {IncidentType})",
        3 => $"count ({CountWords(Counts!.Value)})",
        _ => $"source ({R.SourceKey} already reported it)",
    };

    string TimeWords()
    {
        var windows = GapH <= 0 ? "windows overlap" : $"windows {F(GapH * 60)} min apart, tolerance {F(TolH * 60)} min";
        return OnsetApart is { } apart ? $"{windows}; starts {F(Math.Abs(apart))} min apart, clocks within about {F(Spread)} min in this book" : windows;
    }

    string TimeReason()
    {
        if (R.TimePrecision == "minute")
        {
            return Lag is { } minute ? $"time {TimeWords()}; {LagWords(minute)}" : $"time {TimeWords()}";
        }
        var span = $"time window of a {R.TimePrecision}-precision report ({F(WindowH)} h)";
        var window = GapH <= 0 ? $"{span} covers the incident's" : $"{span} ends {F(GapH * 60)} min from the incident's (tolerance {F(TolMinutes)} min for {R.TimePrecision} precision)";
        return Lag is { } lag ? $"{window}; {LagWords(lag)}" : window;
    }

    string LagWords((double Hours, double Factor, double MedianHours, double Reports) lag) =>
        $"{Signed(lag.Hours)}, and half of the {R.SourceKind} reports attached in this book ({lag.Reports:0}) within {F(lag.MedianHours)} h of theirs: ×{Factor(lag.Factor)} of the window read evenly";

    string BusyWords(int nearby) =>
        $"{nearby} observed incident{(nearby == 1 ? "" : "s")} within {F(Coarse ? LocalRate.CoarseKm : LocalRate.Km)} km and {F(Coarse ? LocalRate.CoarseHours : LocalRate.Hours)} h of it in this book";

    /// <summary>What every candidate of the report is weighed against, and the setting that gives its rate.</summary>
    string Alternative => Coarse ? "an event nobody observed" : "a new event";

    string Setting => Coarse ? "coarseEventDensity" : "eventDensity";

    static string Signed(double lagHours) =>
        lagHours >= 0 ? $"signed {F(lagHours)} h after the incident ended" : $"signed {F(-lagHours)} h before the incident ended";

    static string CountWords((LogCount Report, LogCount Incident) c) => $"{c.Report.Said} against {c.Incident.Said} {c.Report.Key}";

    static string F(double x) => x.ToString(x < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    static string Factor(double x) => x.ToString(x >= 10 ? "0" : "0.0##", CultureInfo.InvariantCulture);

    internal static string Kind(Report r) => Coarseness.IsStatement(r) ? $"a {r.SourceKind} report" : "a coarse report";
}
