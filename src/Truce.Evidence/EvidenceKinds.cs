using Truce.Core.Modules;
using Truce.Evidence.Kinds;

namespace Truce.Evidence;

/// <summary>The entry kinds of the evidence module (docs/EVIDENCE.md): files by content, what they are attached to, and
/// each step of a physical item's chain of custody. Each is declared once, in <c>Kinds/</c>.</summary>
public static class EvidenceKinds
{
    public const string Add = "evidence.add";
    public const string Attach = "evidence.attach";
    public const string Collect = "custody.collect";
    public const string Seal = "custody.seal";
    public const string Transfer = "custody.transfer";
    public const string Receive = "custody.receive";
    public const string Examine = "custody.examine";
    public const string Store = "custody.store";
    public const string Return = "custody.return";
    public const string Destroy = "custody.destroy";

    public static readonly ModuleKinds<EvidenceBook> Declared = new("evidence", (book, index, why) => book.Skipped.Add((index, why.Message)),
        new AddKind(), new AttachKind(),
        new CustodyKind(Collect), new CustodyKind(Seal), new CustodyKind(Transfer), new CustodyKind(Receive),
        new CustodyKind(Examine), new CustodyKind(Store), new CustodyKind(Return), new CustodyKind(Destroy));

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> All => Declared.Roles;
}
