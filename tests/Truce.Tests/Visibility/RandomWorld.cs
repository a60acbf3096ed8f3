using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Incidents;
using Truce.Ledger.Entries;
using Truce.Mandate;
using Truce.MineAction;
using Truce.Server.Hosting;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>Something an admitted entry created, with who may see it: later entries refer to it by <see cref="Id"/>.</summary>
public sealed record Ref(string Id, long Index, string Party, Visibility Visibility, IReadOnlyList<string> To);

/// <summary>An incident as the module holds it now (its id is the index of the report or split that made it).</summary>
public sealed record IncidentRef(long Id, string Status, IReadOnlyList<long> Reports);

/// <summary>One entry the generator means to submit, and what to remember of it if it is admitted.</summary>
public sealed class Step(string kind, string party, JsonObject body)
{
    public string Kind { get; } = kind;
    public string Party { get; } = party;
    public JsonObject Body { get; } = body;
    public Visibility Visibility { get; set; } = Visibility.Public;
    public IReadOnlyList<string>? To { get; set; }

    /// <summary>The id of what the entry creates; its log index when it creates something named by index.</summary>
    public string? Id { get; init; }
    public List<Ref>? Into { get; init; }
    public Action<Ref>? Then { get; init; }
}

/// <summary>
/// The generator's state: its random source, the entry time of the current step, and what admitted entries created.
/// Everything that steers a decision is kept in lists (never hash-ordered sets) or read from the modules in a fixed
/// order, so one seed gives one sequence of decisions.
/// </summary>
public sealed class RandomWorld
{
    /// <summary>How far back from the clock's time the entries are dated: within the keys' validity (a day).</summary>
    public static readonly TimeSpan Span = TimeSpan.FromHours(20);

    // Around the 2020 line of contact and the Lachin corridor.
    public const double MinLat = 39.65, MaxLat = 40.15, MinLon = 46.45, MaxLon = 46.95;

    readonly int _steps;
    int _serial;

    public RandomWorld(Deployment d, int seed, int steps, DateTimeOffset now)
    {
        D = d;
        Rng = new Random(seed);
        Seed = seed;
        _steps = Math.Max(1, steps);
        End = now;
        Start = now - Span;
        Time = Start;
    }

    public Deployment D { get; }
    public Random Rng { get; }
    public int Seed { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }

    /// <summary>The current step's entry time; it only grows, and never passes the clock's time.</summary>
    public DateTimeOffset Time { get; private set; }

    public List<Ref> Entries { get; } = [];
    public List<Ref> Notes { get; } = [];
    public List<Ref> Reports { get; } = [];
    public List<Ref> Claims { get; } = [];
    public List<Ref> Hotline { get; } = [];
    public List<Ref> Places { get; } = [];
    public List<(string Id, string Category)> CustomTypes { get; } = [];
    public List<Ref> Agreements { get; } = [];
    public List<Ref> Drafts { get; } = [];
    public Dictionary<string, List<string>> Provisions { get; } = new(StringComparer.Ordinal);
    public List<Ref> Corridors { get; } = [];
    public Dictionary<string, List<(double Lat, double Lon)>> Routes { get; } = new(StringComparer.Ordinal);
    public List<Ref> Checkpoints { get; } = [];
    public List<Ref> Notices { get; } = [];
    public Dictionary<long, NoticeWindow> Windows { get; } = [];
    public List<Ref> Minefields { get; } = [];
    public List<Ref> Hazards { get; } = [];
    public List<Ref> Tasks { get; } = [];
    public List<Ref> Releases { get; } = [];
    public List<Ref> Files { get; } = [];
    public List<Ref> Items { get; } = [];
    public List<Ref> Transfers { get; } = [];

    /// <summary>Hazards some land release was logged for: more release is likely to follow, and to finish them.</summary>
    public List<Ref> Worked { get; } = [];
    public List<Ref> Accidents { get; } = [];
    public List<Ref> Victims { get; } = [];
    public List<Ref> Personal { get; } = [];
    public List<(double Lat, double Lon, DateTimeOffset Time, string Type)> Events { get; } = [];

    /// <summary>Forgets what an erased entry created: the module no longer holds it, so referring to it again would only
    /// repeat the refusals that references to missing things already give.</summary>
    public void Forget(long index)
    {
        foreach (var list in (List<Ref>[])[Notes, Reports, Claims, Hotline, Places, Agreements, Drafts, Corridors, Checkpoints, Notices,
            Minefields, Hazards, Worked, Tasks, Releases, Accidents, Victims, Personal])
        {
            list.RemoveAll(r => r.Index == index);
        }
    }

    /// <summary>In the last share of a log's steps, where what it still lacks is chosen far more often.</summary>
    public bool Catching { get; set; }

    /// <summary>Whether an erasure of a victim's personal data was admitted.</summary>
    public bool PersonalErased { get; set; }

    /// <summary>Late in a log that holds personal data and has erased none yet: an erasure of it is owed, since every
    /// log must hold one (RandomLogTests).</summary>
    public bool OwesPersonalErasure => Catching && !PersonalErased && Personal.Count > 0;

    /// <summary>Transits and activities admitted: the entries that raise flags.</summary>
    public int Judged { get; set; }

    public sealed record NoticeWindow(DateTimeOffset From, DateTimeOffset Until, string Category, string? Corridor);

    /// <summary>Moves to step <paramref name="i"/>'s slot of the span, at a random moment within it.</summary>
    public void Tick(int i)
    {
        var slot = Span / _steps;
        var t = Start + slot * i + slot * (0.9 * Rng.NextDouble());
        Time = t > End ? End : t < Time ? Time : t;
    }

    // ---- random choices ----

    public bool Chance(double p) => Rng.NextDouble() < p;
    public int Int(int min, int maxInclusive) => Rng.Next(min, maxInclusive + 1);
    public double Range(double min, double max) => min + (max - min) * Rng.NextDouble();
    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];

    /// <summary>A reference that should fail: an id that names nothing.</summary>
    public bool Bogus() => Chance(0.06);

    /// <summary>A fresh id, unique within this feed and distinct between seeds.</summary>
    public string NewId(string prefix) => $"{prefix}-{Seed}-{++_serial}";

    public DateTimeOffset Before(double maxMinutes, double minMinutes = 0) => Time - TimeSpan.FromMinutes(Range(minMinutes, maxMinutes));

    public static string Iso(DateTimeOffset t) => Envelope.FormatTime(t);

    public static string Text(string what) => $"SYNTHETIC: {what}";

    // ---- parties and visibility ----

    public string AnyParty() => Pick(TestParties.Ids);
    public string MissionParty() => Pick(TestParties.MissionParties);
    public string OtherParty(string than) => Pick(TestParties.Ids.Where(p => p != than).ToList());

    /// <summary>Mostly <paramref name="usual"/>, sometimes anyone.</summary>
    public string Mostly(string usual, double p = 0.6) => Chance(p) ? usual : AnyParty();

    public static bool CanSee(string reader, Ref r) =>
        new Reader(reader, TestParties.IsMission(reader)).CanSee(r.Visibility, r.Party, r.To);

    /// <summary>Public, mission, party or restricted to some of the other parties, at random.</summary>
    public void RandomVisibility(Step s, bool allowPublic = true)
    {
        var roll = Rng.NextDouble();
        s.Visibility = allowPublic && roll < 0.35 ? Visibility.Public : roll < 0.55 ? Visibility.Mission : roll < 0.78 ? Visibility.Party : Visibility.Restricted;
        s.To = s.Visibility == Visibility.Restricted ? RandomAudience(s.Party) : null;
    }

    public void Restricted(Step s)
    {
        s.Visibility = Visibility.Restricted;
        s.To = RandomAudience(s.Party);
    }

    List<string> RandomAudience(string author)
    {
        var others = TestParties.Ids.Where(p => p != author).ToList();
        var n = Int(1, 3);
        var to = new List<string>();
        while (to.Count < n)
        {
            var p = Pick(others);
            if (!to.Contains(p))
            {
                to.Add(p);
            }
        }
        return to;
    }

    /// <summary>An earlier creation at random, or (none yet, or now and then on purpose) none.</summary>
    public Ref? MaybePick(IReadOnlyList<Ref> items) => items.Count == 0 || Bogus() ? null : Pick(items);

    /// <summary>An earlier creation at random; now and then, on purpose, one the author may not see.</summary>
    public Ref? PickRef(IReadOnlyList<Ref> items, string author)
    {
        if (items.Count == 0)
        {
            return null;
        }
        if (Chance(0.15) && items.Where(r => !CanSee(author, r)).ToList() is { Count: > 0 } hidden)
        {
            return Pick(hidden);
        }
        return Pick(items);
    }

    /// <summary>The id of an earlier creation, or one that names nothing (none yet, or on purpose).</summary>
    public string RefId(IReadOnlyList<Ref> items, string author, string prefix) =>
        !Bogus() && PickRef(items, author) is { } r ? r.Id : $"{prefix}-missing-{Int(1, 999)}";

    /// <summary>The log index of an earlier creation, or one that is no such thing.</summary>
    public long RefIndex(IReadOnlyList<Ref> items, string author) =>
        !Bogus() && PickRef(items, author) is { } r ? r.Index : Chance(0.5) && Entries.Count > 0 ? Pick(Entries).Index : 1_000_000 + Int(0, 999);

    // ---- what the modules hold now, as the mission sees it (entries refer to what it sees, and now and then beyond) ----

    public IReadOnlyList<IncidentRef> Incidents() => D.Ledger.Module<IncidentsModule>()!.Read(Reader.Mission, b => b.Correlator.Incidents.Values
        .Where(i => i.Active).OrderBy(i => i.Id).Select(i => new IncidentRef(i.Id, i.Status, [.. i.Reports])).ToList());

    /// <summary>An incident id, or (now and then) the index of something that is not an incident.</summary>
    public long IncidentId(IReadOnlyList<IncidentRef> incidents) =>
        incidents.Count > 0 && !Bogus() ? Pick(incidents).Id : RefIndex(Notes, "mission");

    public IReadOnlyList<(string Id, string Party)> Flags() => D.Ledger.Module<MandateModule>()!.Read(Reader.Mission, b => b.FlagsInOrder
        .Select(f => (f.Id, f.Party)).ToList());

    /// <summary>A hazard's status and the box (west, south, east, north) of its remaining area; null if the module has no such hazard.</summary>
    public (string Status, double W, double S, double E, double N)? Hazard(string id) => D.Ledger.Module<MineActionModule>()!.Read(Reader.Mission, b =>
        b.Hazards.TryGetValue(id, out var h) ? (h.Status, h.Remaining.EnvelopeInternal.MinX, h.Remaining.EnvelopeInternal.MinY,
            h.Remaining.EnvelopeInternal.MaxX, h.Remaining.EnvelopeInternal.MaxY) : ((string, double, double, double, double)?)null);
}
