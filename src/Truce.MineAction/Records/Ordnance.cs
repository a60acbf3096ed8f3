namespace Truce.MineAction.Records;

/// <summary>Explosive ordnance found: what, where, in what state, and what was done with it.</summary>
public sealed record OrdnanceFind(string Id, Origin Origin, string Category, string? Model, int Quantity, string Condition, string FuzeState,
    double Lat, double Lon, DateTimeOffset Found, string Action, string? Hazard, string? Activity, IReadOnlyList<long> Incidents, string? Note,
    bool Synthetic);

/// <summary>A mine or ordnance accident: place, time, device, civilian or demining, how the device was set off.</summary>
public sealed record Accident(string Id, Origin Origin, double Lat, double Lon, DateTimeOffset Time, string Device, string Kind, bool? AreaMarked,
    string Activation, string? Hazard, string? Note, bool Synthetic);

/// <summary>
/// A victim as counted: no name, no exact date of birth. Never public (the entry's visibility is checked); public
/// views see only counts. Names and personal data are a separate <see cref="VictimPersonal"/> entry that can be erased.
/// </summary>
public sealed record Victim(string Id, Origin Origin, string Accident, string Sex, int? Age, string Role, string Outcome, string Activity,
    bool? KnewDangerous, bool? HadRiskEducation, bool Synthetic)
{
    public string AgeGroup => Vocabulary.AgeGroup(Age);
}

/// <summary>A victim's name and personal data: restricted to named parties, erasable by a signed erasure entry.</summary>
public sealed record VictimPersonal(Origin Origin, string Victim, string Name, string? DateOfBirth, string? Residence, string? Contact, string? Note);
