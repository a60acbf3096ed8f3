using Truce.Core.Modules;
using Truce.MineAction.Kinds;

namespace Truce.MineAction;

/// <summary>The entry kinds of the mine action module (docs/MINEACTION.md).</summary>
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

    /// <summary>Each kind declared once, in <c>Kinds/</c>: who may submit it (SPEC §3.2 roles), its body, what it must
    /// find in the author's book, and what it does to a book.</summary>
    public static readonly ModuleKinds<MineActionBook> Declared = new("mine-action", (book, index, why) => book.Skipped.Add((index, why.Message)),
        new MinefieldKind(), new HandoverKind(), new AccuracyKind(),
        new HazardKind(), new HazardUpdateKind(), new ImportKind(),
        new TaskKind(), new ReleaseKind(), new QualityVisitKind(),
        new OrdnanceKind(), new AccidentKind(), new VictimKind(), new VictimPersonalKind());

    /// <summary>Each kind with the roles any one of which lets a member submit it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> All => Declared.Roles;
}
