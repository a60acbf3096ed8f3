using System.Text.Json;
using Truce.Core.Modules.Shared;
using Truce.MineAction.Records;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>Ordnance finds, mine accidents and their victims.</summary>
public static partial class MineActionParser
{
    public static OrdnanceFind Ordnance(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var at = At(b, "position", true, "where it was found, a GeoJSON Point");
        var o = new OrdnanceFind(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.OneOf("category", Vocabulary.OrdnanceCategories, required: true) ?? "",
            b.Str("model", max: 64), (int)(b.Int("quantity", min: 1, max: 1_000_000) ?? 1), b.OneOf("condition", Vocabulary.Conditions, required: true) ?? "",
            b.OneOf("fuzeState", Vocabulary.FuzeStates, required: true) ?? "", at?.Y ?? 0, at?.X ?? 0, b.Time("found", required: true) ?? default,
            b.OneOf("action", Vocabulary.OrdnanceActions, required: true) ?? "", b.Str("hazard", max: 64), b.Str("activity", max: 64), b.Ids("incidents", IncidentIds.Parse, "I-606", max: 50),
            b.Str("note", max: 10_000), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return o;
    }

    public static Accident Accident(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var at = At(b, "position", true, "where it happened, a GeoJSON Point");
        var a = new Accident(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), at?.Y ?? 0, at?.X ?? 0, b.Time("time", required: true) ?? default,
            b.OneOf("device", Vocabulary.DeviceCategories, required: true) ?? "", b.OneOf("kind", Vocabulary.AccidentKinds, required: true) ?? "",
            b.Bool("areaMarked"), b.OneOf("activation", Vocabulary.Activations, required: true) ?? "", b.Str("hazard", max: 64), b.Str("note", max: 10_000),
            b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return a;
    }

    public static Victim Victim(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        foreach (var personal in new[] { "name", "dateOfBirth", "residence", "contact", "address", "phone" })
        {
            if (b.Has(personal))
            {
                r.Fail(b.At(personal), "is personal data: put it in a mine.victim.personal entry (restricted, erasable), not in the counted record");
            }
        }
        var v = new Victim(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Str("accident", required: true, max: 64) ?? "",
            b.OneOf("sex", Vocabulary.Sexes, required: true) ?? "", (int?)b.Int("age", max: 120), b.OneOf("role", Vocabulary.VictimRoles, required: true) ?? "",
            b.OneOf("outcome", Vocabulary.VictimOutcomes, required: true) ?? "", b.OneOf("activity", Vocabulary.VictimActivities, required: true) ?? "",
            b.Bool("knewDangerous"), b.Bool("hadRiskEducation"), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return v;
    }

    public static VictimPersonal VictimPersonal(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var p = new VictimPersonal(Origin.Of(index, env), b.Str("victim", required: true, max: 64) ?? "", b.Str("name", required: true, max: 500) ?? "",
            b.Str("dateOfBirth", max: 40), b.Str("residence", max: 500), b.Str("contact", max: 500), b.Str("note", max: 10_000));
        r.ThrowIfAny();
        return p;
    }
}
