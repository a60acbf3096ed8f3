using Truce.Core.Parties;

namespace Truce.Mandate;

/// <summary>The entry kinds of the mandate module: agreements and drafts, corridors, movements, activities, flags.</summary>
public static class MandateKinds
{
    public const string Agreement = "agreement";
    public const string Draft = "agreement.draft";
    public const string Response = "agreement.response";
    public const string Amend = "provision.amend";
    public const string Corridor = "corridor";
    public const string Checkpoint = "checkpoint";
    public const string Notice = "movement.notice";
    public const string Consent = "movement.consent";
    public const string Transit = "transit";
    public const string Activity = "activity";
    public const string FlagResponse = "flag.response";

    static IReadOnlySet<string> R(params string[] roles) => new HashSet<string>(roles);

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> All = new Dictionary<string, IReadOnlySet<string>>
    {
        [Agreement] = R(Roles.MissionAdmin),
        [Draft] = R(Roles.PartyAdmin, Roles.MissionAdmin),
        [Response] = R(Roles.PartyAdmin, Roles.MissionAdmin),
        [Amend] = R(Roles.MissionAdmin, Roles.PartyAdmin),
        [Corridor] = R(Roles.MissionAdmin),
        [Checkpoint] = R(Roles.MissionAdmin),
        [Notice] = R(Roles.PartyAdmin, Roles.CheckpointOfficer, Roles.Reporter),
        [Consent] = R(Roles.PartyAdmin),
        [Transit] = R(Roles.CheckpointOfficer, Roles.Reporter),
        [Activity] = R(Roles.Reporter, Roles.PartyAdmin, Roles.Verifier),
        [FlagResponse] = R(Roles.PartyAdmin, Roles.Verifier, Roles.Analyst),
    };
}
