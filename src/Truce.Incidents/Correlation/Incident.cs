using Truce.Core.Modules.Shared;

namespace Truce.Incidents.Correlation;

/// <summary>One step in an incident's life, as an entry made it: a report joined, a merge, a status change. (A book
/// holds only the steps its audience class may see, so a step needs no visibility of its own.)</summary>
public sealed record IncidentEvent(long Entry, string Party, DateTimeOffset Time, string What, string? Reason, double? Score = null,
    IReadOnlyList<string>? Reasons = null);

/// <summary>
/// The real event behind one or more reports. Its id is the index of the entry that created it (the first report,
/// or the split that cut it out), so ids are stable across rebuilds. Derived fields (estimate, window, type) come
/// from its active reports; status comes only from verifiers' entries.
/// </summary>
public sealed class Incident(long id)
{
    public long Id { get; } = id;
    public string Key => IncidentIds.Format(Id);
    public List<long> Reports { get; } = [];
    public Gaussian Estimate { get; set; }

    /// <summary>The best time window: where every active report's window overlaps, or if they do not all overlap,
    /// the span of them all.</summary>
    public DateTimeOffset Start => IntersectStart <= IntersectEnd ? IntersectStart : UnionStart;
    public DateTimeOffset End => IntersectStart <= IntersectEnd ? IntersectEnd : UnionEnd;
    internal DateTimeOffset IntersectStart { get; set; }
    internal DateTimeOffset IntersectEnd { get; set; }
    internal DateTimeOffset UnionStart { get; set; }
    internal DateTimeOffset UnionEnd { get; set; }

    /// <summary>The weighted sum (hours since 1970) of its precise reports' starts, and the sum of their weights: their
    /// mean is the event's onset (<see cref="Correlation.Onsets"/>); no weight, no onset.</summary>
    internal double OnsetSumHours { get; set; }
    internal double OnsetWeight { get; set; }

    /// <summary>The type most reports give, preferring a specific type to "explosion of unknown origin".</summary>
    public string Type { get; set; } = "other";
    public Dictionary<string, int> TypeCounts { get; } = [];
    public HashSet<string> Sources { get; } = [];

    /// <summary>What its shaping reports count (explosions, bursts), fused on a log scale: observations only, once it has one.</summary>
    public IncidentCounts Counts { get; } = new();
    public int ActiveReports { get; set; }

    /// <summary>Active precise reports (posts, patrols, cameras, UAVs): they anchor the incident's place, window and
    /// type. An incident without any holds only coarse reports (statements) until an observation explains them.</summary>
    public int Observations { get; set; }
    public bool Observed => Observations > 0;
    public string Status { get; set; } = Statuses.Reported;

    /// <summary>A monitor has taken it up (under review, or an outcome): correlation no longer takes its reports out of it
    /// on its own (regrouping, re-attachment, a same-source swap), since what the monitor weighed would change under
    /// them. Reports may still join it.</summary>
    public bool Assessed => Status != Statuses.Reported;
    public long? MergedInto { get; set; }
    public IncidentHistory History { get; } = new();

    /// <summary>The log index of the latest entry that changed it: its creation, or its history's latest step (every
    /// change is a step: a report joined or left, a merge, a status; an erasure rewrites history, and the change feed
    /// answers that apart), or a stamp where nothing happened to it but what it is shown with changed (<see
    /// cref="Renamed"/>, <see cref="Resuggested"/>). What the change feed selects by, for every incident: kept, not
    /// worked out each time.</summary>
    public long LastChanged => Math.Max(Math.Max(Id, History.Latest), Math.Max(Renamed, Resuggested));

    /// <summary>The latest entry that defined, moved or removed a settlement near it: what it is named after may have
    /// changed, though it did not (Correlator.SettlementsChanged); -1 for none.</summary>
    public long Renamed { get; internal set; } = -1;

    /// <summary>The latest entry after which what a reader is shown of its reports' suggestions changed, though they
    /// stayed in it (Correlator.Resuggested); -1 for none.</summary>
    public long Resuggested { get; internal set; } = -1;

    /// <summary>What the map last read of it (Queries/IncidentSummary), valid while its stamp holds.</summary>
    internal object? Summary { get; set; }

    /// <summary>Index keys the incident is filed under, to remove it when it changes.</summary>
    internal List<long> IndexKeys { get; } = [];

    /// <summary>The index it is filed in: observed incidents and statement-only ones are kept apart.</summary>
    internal CandidateIndex? IndexedIn { get; set; }

    public bool Active => MergedInto is null && Reports.Count > 0;

    /// <summary>Created by a monitor (split) rather than by a report; kept even while it has no active report.</summary>
    public bool Manual { get; init; }
}

/// <summary>An incident's steps in the order they were taken, with the latest entry among them.</summary>
public sealed class IncidentHistory : IReadOnlyList<IncidentEvent>
{
    readonly List<IncidentEvent> _steps = [];

    /// <summary>The largest log index of any step; -1 when there is none.</summary>
    public long Latest { get; private set; } = -1;

    public int Count => _steps.Count;

    public IncidentEvent this[int index] => _steps[index];

    /// <summary>Where the correlator holding the incident notes each step (null for a scratch incident).</summary>
    internal ChangeJournal? Journal { get; set; }

    internal long Owner { get; set; }

    public void Add(IncidentEvent step)
    {
        _steps.Add(step);
        Latest = Math.Max(Latest, step.Entry);
        Journal?.Add(step.Entry, Owner);
    }

    public void AddRange(IEnumerable<IncidentEvent> steps)
    {
        foreach (var s in steps)
        {
            Add(s);
        }
    }

    public void Clear()
    {
        _steps.Clear();
        Latest = -1;
    }

    public IEnumerator<IncidentEvent> GetEnumerator() => _steps.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The verification workflow of SPEC §3.3. Every move is an entry by a verifier with a reason.</summary>
public static class Statuses
{
    public const string Reported = "reported";
    public const string UnderReview = "under-review";
    public const string Verified = "verified";
    public const string Unconfirmed = "unconfirmed";
    public const string Disputed = "disputed";
    public const string Unfounded = "unfounded";
    public const string Retracted = "retracted";

    public static readonly string[] All = [Reported, UnderReview, Verified, Unconfirmed, Disputed, Unfounded, Retracted];
    static readonly string[] Outcomes = [Verified, Unconfirmed, Disputed, Unfounded];

    /// <summary>Null if a verifier may move an incident from one status to the other; otherwise why not.</summary>
    public static string? CheckTransition(string from, string to)
    {
        if (from == to)
        {
            return $"the incident is already {to}";
        }
        return (from, to) switch
        {
            (_, Retracted) => null,
            (_, Reported) => "no step leads back to reported; put it under review instead",
            (Reported or Retracted, UnderReview) => null,
            (_, UnderReview) when Outcomes.Contains(from) => null,
            (UnderReview, _) when Outcomes.Contains(to) => null,
            _ => $"an incident that is {from} goes to under-review first, then to {string.Join(", ", Outcomes)}",
        };
    }
}
