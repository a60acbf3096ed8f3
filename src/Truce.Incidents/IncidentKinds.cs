using Truce.Core.Modules;
using Truce.Incidents.Kinds;

namespace Truce.Incidents;

/// <summary>The entry kinds of the incidents module. Each is declared once, in <c>Kinds/</c>: who may submit it (SPEC
/// §3.2 roles; the mission's assessment only a mission party), its body, its checks and what it does to a book.</summary>
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

    public static readonly ModuleKinds<IncidentBook> Declared = new("incidents", (book, index, why) => book.Skipped.Add((index, why.Message)),
        new ReportKind(), new RetractKind(),
        new LinkKind(), new MergeKind(), new SplitKind(), new StatusKind(),
        new RecorrelateKind(), new ConfigKind(),
        new ClaimKind(), new ClaimLinkKind(),
        new RestrictionKind(), new HotlineKind(), new PlaceKind(),
        new TaxonomyKind());

    /// <summary>Each kind with the roles any one of which lets a member submit it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> All => Declared.Roles;
}
