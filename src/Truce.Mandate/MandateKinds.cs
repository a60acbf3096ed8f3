using Truce.Core.Modules;
using Truce.Mandate.Kinds;

namespace Truce.Mandate;

/// <summary>The entry kinds of the mandate module: agreements and drafts, corridors, movements, activities, flags.
/// Each is declared once, in <c>Kinds/</c>: its roles, its body, its checks and what it does to a book.</summary>
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

    public static readonly ModuleKinds<MandateBook> Declared = new("mandate", (book, index, why) => book.Skipped.Add((index, why.Message)),
        AgreementKind.InForce, AgreementKind.Draft, new ResponseKind(), new AmendKind(),
        new CorridorKind(), new CheckpointKind(),
        new NoticeKind(), new ConsentKind(), new TransitKind(), new ActivityKind(),
        new FlagResponseKind());

    /// <summary>Each kind with the roles any one of which lets a member submit it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> All => Declared.Roles;
}
