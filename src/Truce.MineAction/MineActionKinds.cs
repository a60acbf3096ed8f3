using Truce.Core.Parties;

namespace Truce.MineAction;

/// <summary>The entry kinds of the mine action module (docs/MINEACTION.md) and the roles that may submit each.</summary>
public static class MineActionKinds
{
    public const string Minefield = "minefield.record";
    public const string Handover = "minefield.handover";
    public const string Accuracy = "minefield.accuracy";
    public const string Hazard = "hazard";
    public const string HazardUpdate = "hazard.update";
    public const string Task = "mine.task";
    public const string Release = "release.activity";
    public const string QualityVisit = "qm.visit";
    public const string Ordnance = "ordnance.found";
    public const string Accident = "mine.accident";
    public const string Victim = "mine.victim";
    public const string VictimPersonal = "mine.victim.personal";
    public const string Import = "mine.import";

    static IReadOnlySet<string> R(params string[] roles) => new HashSet<string>(roles);

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> All = new Dictionary<string, IReadOnlySet<string>>
    {
        [Minefield] = R(Roles.PartyAdmin, Roles.MineActionOfficer),
        [Handover] = R(Roles.PartyAdmin, Roles.MineActionOfficer),
        [Accuracy] = R(Roles.MineActionOfficer, Roles.Verifier),
        [Hazard] = R(Roles.MineActionOfficer),
        [HazardUpdate] = R(Roles.MineActionOfficer),
        [Task] = R(Roles.MineActionOfficer),
        [Release] = R(Roles.MineActionOfficer),
        [QualityVisit] = R(Roles.MineActionOfficer, Roles.Verifier),
        [Ordnance] = R(Roles.MineActionOfficer, Roles.Reporter, Roles.Verifier),
        [Accident] = R(Roles.MineActionOfficer, Roles.Reporter),
        [Victim] = R(Roles.MineActionOfficer),
        [VictimPersonal] = R(Roles.MineActionOfficer),
        [Import] = R(Roles.MineActionOfficer, Roles.PartyAdmin),
    };
}
