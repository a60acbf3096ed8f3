namespace Truce.Incidents.Synthetic;

/// <summary>
/// What happened, as the ground truth of a synthetic scenario: where (km east and north of the front's centre), when,
/// what type, how many rounds, bursts or flares, which party fired and on whose side it landed.
/// </summary>
public sealed record SyntheticEvent(int Id, DateTimeOffset Start, double Minutes, double X, double Y, EventKind Kind, int Count, string Firing,
    string Struck)
{
    public DateTimeOffset End => Start + TimeSpan.FromMinutes(Minutes);
}

/// <summary>
/// A type of event as the generator needs it: how often it happens, how far a post hears or sees it, how long it lasts,
/// how many rounds it has, what a post counts and perceives, where it lands, and how keen the parties are to state it.
/// </summary>
/// <param name="CountName">The counts field ("explosions", "bursts"); null when there is nothing to count.</param>
/// <param name="Perception">What a post perceives, from the taxonomy's perceptions; null for none.</param>
/// <param name="Placement">Where it lands relative to the line (<see cref="Placement"/>).</param>
public sealed record EventKind(string Type, double Weight, double RangeKm, double MinMinutes, double MaxMinutes, double MeanCount,
    string? CountName, string? Perception, Placement Placement, double StatementWeight)
{
    public bool Explosive => Perception == "explosion";

    /// <summary>The mix of a front line where small arms and mortars dominate, as monitoring missions' reports show.</summary>
    public static readonly IReadOnlyList<EventKind> Mix =
    [
        new("small-arms", 26, 5, 1, 15, 6, "bursts", "burst", Placement.AtTheLine, 1.5),
        new("heavy-machine-gun", 12, 6, 1, 15, 5, "bursts", "burst", Placement.AtTheLine, 1.5),
        new("sniper", 3, 3, 1, 5, 2, "shots", "shot", Placement.AtTheLine, 1),
        new("grenade-launcher", 7, 7, 2, 20, 5, "explosions", "explosion", Placement.Shelling, 2.5),
        new("mortar", 16, 12, 2, 30, 6, "explosions", "explosion", Placement.Shelling, 3),
        new("artillery", 7, 15, 2, 30, 8, "explosions", "explosion", Placement.Shelling, 3),
        new("rocket-launcher", 2, 18, 1, 5, 20, "explosions", "explosion", Placement.Shelling, 3),
        new("tank", 2, 10, 1, 10, 3, "explosions", "explosion", Placement.Shelling, 2),
        new("anti-tank-missile", 2, 7, 1, 3, 1, "explosions", "explosion", Placement.Shelling, 2),
        new("drone-strike", 4, 10, 1, 5, 1, "explosions", "explosion", Placement.Deep, 3),
        new("explosion-unknown", 3, 12, 1, 10, 2, "explosions", "explosion", Placement.Shelling, 1),
        new("illumination-flare", 8, 15, 1, 5, 2, "flares", "flare", Placement.OverTheLine, 0.3),
        new("drone-overflight", 5, 6, 5, 30, 1, "drones", "aircraft", Placement.Deep, 2),
        new("fortification", 2, 3, 60, 240, 0, null, null, Placement.OwnSide, 1.5),
    ];
}

/// <summary>Where events of a kind happen, relative to the line and to the side they strike.</summary>
public enum Placement
{
    /// <summary>Small arms across the line: within a kilometre or so of it, on the side fired at.</summary>
    AtTheLine,

    /// <summary>Rounds landing up to about 12 km into the side fired at, most within 3 km.</summary>
    Shelling,

    /// <summary>Drones: one to eight km into the other side.</summary>
    Deep,

    /// <summary>Flares: over the line, on either side.</summary>
    OverTheLine,

    /// <summary>Works on the firing (acting) party's own side, a few km back.</summary>
    OwnSide,
}
