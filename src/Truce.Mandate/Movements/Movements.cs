using Truce.Core.Access;

namespace Truce.Mandate.Movements;

public sealed record Headcount(string Category, int Count);

/// <summary>A party's announcement of a movement (who, vehicles, purpose, route, dates). Personal data stays in the
/// entry's body and is read under its visibility; the engine needs only categories and counts.</summary>
public sealed record Notice(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Id, IReadOnlyList<Headcount> People,
    int Vehicles, string Purpose, string? Corridor, DateTimeOffset From, DateTimeOffset Until, DateTimeOffset? AnswerBy, bool Synthetic)
{
    /// <summary>People going to stay (residents returning home): no return is expected, so no overstay.</summary>
    public bool OneWay { get; init; }

    Dictionary<string, (bool Given, string? Reason, long Index, DateTimeOffset Time)>? _consents; // most notices get none or one

    static readonly Dictionary<string, (bool Given, string? Reason, long Index, DateTimeOffset Time)> NoConsents = [];

    public IReadOnlyDictionary<string, (bool Given, string? Reason, long Index, DateTimeOffset Time)> Consents => _consents ?? NoConsents;

    /// <summary>A party's answer; a later answer of the same party replaces its earlier one.</summary>
    public void Answer(string party, (bool Given, string? Reason, long Index, DateTimeOffset Time) answer) =>
        (_consents ??= new(1, StringComparer.Ordinal))[party] = answer;

    /// <summary>The distinct categories of people, in order of first mention.</summary>
    public IReadOnlyList<string> CategorySet => field ??= MandateParser.CategoriesOf(People);

    /// <summary>Whose answer each framework required when the notice arrived (for <c>consent-unanswered</c>).</summary>
    public IReadOnlyList<RequiredConsent> Required { get; set; } = [];

    /// <summary>People in and out under this notice so far, and whether anyone went in (for <c>overstay</c>).</summary>
    public int PeopleIn { get; private set; }
    public int PeopleOut { get; private set; }
    public bool Entered { get; private set; }

    public void Tally(Transit t)
    {
        var people = 0;
        foreach (var p in t.People)
        {
            people += p.Count;
        }
        if (t.Direction == "in")
        {
            PeopleIn += people;
            Entered = true;
        }
        else if (t.Direction == "out")
        {
            PeopleOut += people;
        }
    }

    /// <summary>People who went in and had not come out when the notice ended (not for one-way movements).</summary>
    public bool OverstayedAt(DateTimeOffset asOf) => !OneWay && Until < asOf && Entered && PeopleOut < PeopleIn;
}

/// <summary>A party whose consent a framework requires for a movement, and the provision that requires it.</summary>
public sealed record RequiredConsent(string Framework, bool Draft, string Party, string Number);

public sealed record Transit(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Checkpoint, string Direction,
    DateTimeOffset Time, long? Notice, string? Mover, IReadOnlyList<Headcount> People, int Vehicles, string? Cargo, double? Lat, double? Lon, bool Synthetic)
{
    /// <summary>The notice was found by the engine (mover, window, corridor, people), not named by the officer.</summary>
    public bool MatchedNotice { get; init; }
}

/// <summary>An activity of the force or a party (patrol, escort, demining, construction …) with the provision it
/// claims as authority.</summary>
public sealed record Activity(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Kind, string Actor,
    NetTopologySuite.Geometries.Geometry Where, DateTimeOffset Start, DateTimeOffset End, string? Agreement, string? Provision,
    IReadOnlyDictionary<string, double> Counts, string? Description, bool Synthetic);
