using Truce.Core.Parties;

namespace Truce.Incidents;

/// <summary>The entry kinds of the incidents module and who may submit them (SPEC §3.2 roles).</summary>
public static class IncidentKinds
{
    public const string Report = "report";
    public const string ReportRetract = "report.retract";
    public const string Link = "incident.link";
    public const string Merge = "incident.merge";
    public const string Split = "incident.split";
    public const string Status = "incident.status";
    public const string Recorrelate = "incident.recorrelate";
    public const string CorrelationConfig = "correlation.config";
    public const string Claim = "claim";
    public const string ClaimLink = "claim.link";
    public const string Restriction = "restriction";
    public const string Hotline = "hotline";
    public const string Place = "place";
    public const string TaxonomyExtend = "taxonomy.extend";

    static IReadOnlySet<string> R(params string[] roles) => new HashSet<string>(roles);

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> All = new Dictionary<string, IReadOnlySet<string>>
    {
        [Report] = R(Roles.Reporter, Roles.Verifier),
        [ReportRetract] = R(Roles.Reporter, Roles.Verifier),
        [Link] = R(Roles.Verifier),
        [Merge] = R(Roles.Verifier),
        [Split] = R(Roles.Verifier),
        [Status] = R(Roles.Verifier),
        [Recorrelate] = R(Roles.Verifier, Roles.MissionAdmin),
        [CorrelationConfig] = R(Roles.MissionAdmin),
        [Claim] = R(Roles.Reporter, Roles.Analyst, Roles.Verifier),
        [ClaimLink] = R(Roles.Analyst, Roles.Verifier),
        [Restriction] = R(Roles.Reporter, Roles.Verifier),
        [Hotline] = R(Roles.Reporter, Roles.Verifier, Roles.PartyAdmin, Roles.MissionAdmin),
        [Place] = R(Roles.MissionAdmin, Roles.Verifier),
        [TaxonomyExtend] = R(Roles.MissionAdmin),
    };

    /// <summary>Kinds only a mission party (the mission, the force, the monitoring centre) may submit: the assessment.</summary>
    public static readonly IReadOnlySet<string> MissionOnly = new HashSet<string>
        { Link, Merge, Split, Status, Recorrelate, CorrelationConfig, Place, TaxonomyExtend };
}
