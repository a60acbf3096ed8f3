using System.Collections;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Queries;

/// <summary>
/// What the map reads of an incident on every pass, kept on the incident (each book has its own) until it changes:
/// where and when it lies, and its properties as a filter reads them, exactly as its view gives them. It is its own
/// properties dictionary, so a filtered pass over a million incidents allocates nothing per incident once warm.
/// <see cref="Stamp"/> is what a change moves: the incident's latest history step, its reports and active reports,
/// its status and whether it was merged (an erasure rebuilds the books, and with them every incident).
/// </summary>
sealed class IncidentSummary(
    (long, int, int, string, long?) stamp, double lat, double lon, DateTimeOffset start, DateTimeOffset end, string status, string type,
    string category, int reports, int independentSources, double sigmaKm, bool synthetic, IReadOnlyList<string> parties, IReadOnlyList<string> sources)
    : IReadOnlyDictionary<string, object?>
{
    public (long, int, int, string, long?) Stamp { get; } = stamp;
    public double Lat { get; } = lat;
    public double Lon { get; } = lon;
    public DateTimeOffset Start { get; } = start;
    public DateTimeOffset End { get; } = end;

    public static (long, int, int, string, long?) StampOf(Incident i) => (i.LastChanged, i.Reports.Count, i.ActiveReports, i.Status, i.MergedInto);

    static readonly string[] Names = ["status", "type", "category", "start", "end", "reports", "independentSources", "sigmaKm", "near", "synthetic", "parties", "sources"];

    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public bool TryGetValue(string key, out object? value)
    {
        (value, var found) = key switch
        {
            "status" => ((object?)status, true),
            "type" => (type, true),
            "category" => (category, true),
            "start" => (Start, true),
            "end" => (End, true),
            "reports" => (reports, true),
            "independentSources" => (independentSources, true),
            "sigmaKm" => (sigmaKm, true),
            "near" => (null, true),
            "synthetic" => (synthetic, true),
            "parties" => (parties, true),
            "sources" => (sources, true),
            _ => (null, false),
        };
        return found;
    }

    public bool ContainsKey(string key) => Names.Contains(key);

    public IEnumerable<string> Keys => Names;

    public IEnumerable<object?> Values => Names.Select(n => this[n]);

    public int Count => Names.Length;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Names.Select(n => new KeyValuePair<string, object?>(n, this[n])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
