using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction.Import;

/// <summary>
/// Hazards and minefield records written as <see cref="MineImport"/> reads them, so that an export imports again as the
/// same records (docs/EXCHANGE.md, "Exports that import again"). A GeoJSON feature's properties are the record's
/// <c>hazard</c> or <c>minefield.record</c> body, its geometry the perimeter; a CSV row has the import's columns.
/// </summary>
public static class MineExport
{
    /// <summary>The CSV columns of hazards, in the import's order.</summary>
    public static IReadOnlyList<string> HazardColumns => MineImport.HazardColumns;

    /// <summary>A hazard as a GeoJSON feature whose properties are its body. Land released by activities recorded here
    /// is stated as released before the record (the activities themselves are entries of their own).</summary>
    public static JsonObject Feature(Hazard h)
    {
        var body = MineImport.Compact(new JsonObject
        {
            ["id"] = h.Id,
            ["type"] = h.Type,
            ["status"] = h.Status,
            ["name"] = h.Name,
            ["district"] = h.District,
            ["benchmark"] = Point(h.BenchmarkLon, h.BenchmarkLat),
            ["benchmarkDerived"] = h.BenchmarkDerived ? true : null,
            ["released"] = h.ReleasedM2.Values.Any(m2 => m2 > 0) ? Released(h) : null,
            ["devices"] = Words(h.Devices),
            ["evidence"] = new JsonArray([.. h.Evidence.Select(e => (JsonNode)MineImport.Compact(new JsonObject
            {
                ["type"] = e.Type,
                ["reliability"] = e.Reliability,
                ["note"] = e.Note,
                ["date"] = Time(e.Date),
            }))]),
            ["blockages"] = Words(h.Blockages),
            ["beneficiaries"] = h.Beneficiaries,
            ["sources"] = new JsonArray([.. h.Sources.Select(s => (JsonNode)new JsonObject { ["kind"] = s.Kind, ["ref"] = s.Ref })]),
            ["synthetic"] = h.Synthetic,
        });
        return Feature(h.Id, h.Perimeter, body);
    }

    /// <summary>A minefield record as a GeoJSON feature whose properties are its body: every field the entry had.
    /// Its handovers and accuracy assessments are entries of their own and are not in it.</summary>
    public static JsonObject Feature(MinefieldRecord m)
    {
        var body = MineImport.Compact(new JsonObject
        {
            ["id"] = m.Id,
            ["laidBy"] = m.LaidBy,
            ["district"] = m.District,
            ["pattern"] = m.Pattern,
            ["referencePoints"] = new JsonArray([.. m.ReferencePoints.Select(p => (JsonNode)MineImport.Compact(new JsonObject
            {
                ["name"] = p.Name,
                ["position"] = Point(p.Lon, p.Lat),
                ["description"] = p.Description,
            }))]),
            ["dimensions"] = new JsonArray([.. m.Dimensions.Select(d => (JsonNode)new JsonObject
            {
                ["from"] = d.From,
                ["to"] = d.To,
                ["bearingDeg"] = d.BearingDeg,
                ["distanceM"] = d.DistanceM,
            })]),
            ["mines"] = new JsonArray([.. m.Mines.Select(g => (JsonNode)MineImport.Compact(new JsonObject
            {
                ["type"] = g.Type,
                ["model"] = g.Model,
                ["number"] = g.Number,
                ["emplacing"] = g.Emplacing,
                ["fuze"] = g.Fuze,
                ["lifetimeDays"] = g.LifetimeDays,
                ["antiHandling"] = g.AntiHandling,
                ["selfDestructHours"] = g.SelfDestructHours,
            }))]),
            ["laidFrom"] = Time(m.LaidFrom),
            ["laidUntil"] = Time(m.LaidUntil),
            ["rows"] = new JsonArray([.. m.Rows.Select(r => (JsonNode)MineImport.Compact(new JsonObject { ["id"] = r.Id, ["line"] = Geo(r.Line), ["mines"] = r.Mines }))]),
            ["minePositions"] = m.MinePositions is { } positions ? Geo(positions) : null,
            ["remote"] = m.Remote is { } rd ? MineImport.Compact(new JsonObject
            {
                ["corners"] = Geo(rd.Corners),
                ["total"] = rd.Total,
                ["types"] = Words(rd.Types),
                ["selfDestructHours"] = rd.SelfDestructHours,
                ["deliveredAt"] = Time(rd.DeliveredAt),
            }) : null,
            ["marking"] = m.Marking,
            ["scans"] = new JsonArray([.. m.Scans.Select(s => (JsonNode)MineImport.Compact(new JsonObject
            {
                ["sha256"] = s.Sha256,
                ["mediaType"] = s.MediaType,
                ["name"] = s.Name,
                ["pages"] = s.Pages,
            }))]),
            ["synthetic"] = m.Synthetic,
        });
        return Feature(m.Id, m.Perimeter, body);
    }

    /// <summary>A hazard as a row of the import's CSV (<see cref="HazardColumns"/>). The CSV has no column for a derived
    /// benchmark, so one is left empty: the import derives the same point from the perimeter again and marks it derived.
    /// Evidence keeps its type and reliability only, and sources are left out (no column holds them). The perimeter's
    /// rings are in RFC 7946's orientation, as in GeoJSON and as the import stores them, so a record imported from
    /// this row is written as the same row.</summary>
    public static string[] Row(Hazard h) =>
    [
        h.Id, h.Type, h.Status, h.Name ?? "", h.District ?? "", string.Join(';', h.Devices),
        string.Join(';', h.Evidence.Select(e => $"{e.Type}:{e.Reliability}")), string.Join(';', h.Blockages),
        h.Beneficiaries?.ToString(CultureInfo.InvariantCulture) ?? "",
        h.BenchmarkDerived ? "" : Number(h.BenchmarkLon), h.BenchmarkDerived ? "" : Number(h.BenchmarkLat),
        new WKTWriter().Write(GeoJson.Read(GeoJson.Write(h.Perimeter), "perimeter", static (_, _) => { }) ?? h.Perimeter),
        .. Vocabulary.Outcomes.Select(o => h.ReleasedM2.GetValueOrDefault(o) is > 0 and var m2 ? Number(m2) : ""),
        h.Synthetic ? "true" : "false",
    ];

    static JsonObject Released(Hazard h)
    {
        var released = new JsonObject();
        // An activity that released nothing leaves a 0, which the import reads as no release (the same record).
        foreach (var outcome in Vocabulary.Outcomes.Where(o => h.ReleasedM2.GetValueOrDefault(o) > 0))
        {
            released[outcome] = h.ReleasedM2[outcome];
        }
        return released;
    }

    static JsonObject Feature(string id, Geometry perimeter, JsonObject properties) => new()
    {
        ["type"] = "Feature",
        ["id"] = id,
        ["geometry"] = Geo(perimeter),
        ["properties"] = properties,
    };

    static JsonNode? Geo(Geometry g) => JsonSerializer.SerializeToNode(GeoJson.Write(g));

    static JsonObject Point(double lon, double lat) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    static JsonArray Words(IEnumerable<string> words) => [.. words.Select(w => (JsonNode)w)];

    static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
