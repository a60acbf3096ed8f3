using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;

namespace Truce.MineAction.Kinds;

/// <summary><c>hazard</c>: a suspected or confirmed hazardous area, measured and indexed once for every book that
/// sees it (<see cref="MineActionBook.AddHazard"/>).</summary>
sealed class HazardKind() : MineKind<HazardBody>(MineActionKinds.Hazard, Roles.MineActionOfficer)
{
    public override HazardBody Read(EntryContext ctx, JsonElement body) => MineActionParser.Hazard(body);

    public override void Check(MineActionBook book, CheckContext ctx, HazardBody body) => book.CheckHazard(body, "body", new HashSet<string>());

    protected override void Change(MineActionBook book, EntryContext ctx, HazardBody body) => book.AddHazard(body, ctx);
}

/// <summary><c>hazard.update</c>: a hazard's status, type, perimeter, devices or evidence changed, with the reason.</summary>
sealed class HazardUpdateKind() : MineKind<HazardChange>(MineActionKinds.HazardUpdate, Roles.MineActionOfficer)
{
    public override HazardChange Read(EntryContext ctx, JsonElement body) => MineActionParser.HazardUpdate(body);

    public override void Check(MineActionBook book, CheckContext ctx, HazardChange body) => Refs.Exists(book.Hazards, body.Hazard, "body.hazard", "hazard");

    protected override void Change(MineActionBook book, EntryContext ctx, HazardChange body) => book.UpdateHazard(body, ctx);
}

/// <summary><c>mine.import</c>: up to <see cref="MineActionParser.MaxImport"/> hazards, minefield records and updates of
/// hazards recorded earlier, at once.</summary>
sealed class ImportKind() : MineKind<ImportBatch>(MineActionKinds.Import, Roles.MineActionOfficer, Roles.PartyAdmin)
{
    public override ImportBatch Read(EntryContext ctx, JsonElement body) => MineActionParser.Import(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, ImportBatch body)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < body.Hazards.Count; i++)
        {
            book.CheckHazard(body.Hazards[i], $"body.hazards[{i}]", seen);
        }
        seen.Clear();
        for (int i = 0; i < body.Minefields.Count; i++)
        {
            if (book.Minefields.ContainsKey(body.Minefields[i].Id) || !seen.Add(body.Minefields[i].Id))
            {
                throw new ValidationException($"body.minefields[{i}].id", $"minefield record '{body.Minefields[i].Id}' exists already");
            }
        }
        for (int i = 0; i < body.Updates.Count; i++)
        {
            Refs.Exists(book.Hazards, body.Updates[i].Hazard, $"body.updates[{i}].hazard", "hazard recorded before this import");
        }
    }

    protected override void Change(MineActionBook book, EntryContext ctx, ImportBatch body) => book.Import(body, ctx);
}
