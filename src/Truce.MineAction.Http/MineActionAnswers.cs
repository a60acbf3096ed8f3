using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.MineAction.Records;

namespace Truce.MineAction.Http;

// The answers MineActionEndpoints wraps around the module's views (Truce.MineAction.Queries.MineViews): the handlers
// return these types, so /openapi/v1.json describes what is sent.

/// <summary>A task assigned to an organisation, and the activities done under it.</summary>
public sealed record TaskView(string Id, IReadOnlyList<string> Hazards, string Organisation, string Activity, DateTimeOffset Assigned, DateTimeOffset? Due,
    string? Priority, [property: Description("The ids of the land release activities done under the task.")] IReadOnlyList<string> Activities, long Entry, bool Synthetic);

/// <summary>A quality management visit and what it found.</summary>
public sealed record VisitView(string Id, string? Activity, string? Task, string Organisation, DateTimeOffset At, string Result,
    IReadOnlyList<Nonconformity> Nonconformities, long Entry, bool Synthetic);

/// <summary>The dry run of an import: every bad row, or, when all are good, the <c>mine.import</c> bodies to sign.</summary>
public sealed record ImportCheck(string What, [property: Description("Rows (CSV) or features (GeoJSON) read.")] int Rows, bool Ok,
    IReadOnlyList<ImportRowError> Errors,
    [property: Description("When `ok`: the bodies of the `mine.import` entries to sign and submit, at most 1,000 records each; null otherwise.")] IReadOnlyList<JsonObject>? Batches);

public sealed record ImportRowError([property: Description("1 is the first data row or feature.")] int Row, string Field, string Problem);

/// <summary>The request body of POST /api/safety.</summary>
public sealed record SafetyQuestion(
    [property: Description("A GeoJSON Point, LineString or MultiLineString (a route), or Polygon or MultiPolygon (a parcel), in WGS 84; at most 5° across.")] JsonElement Geometry,
    [property: Description("How far around the geometry to look, in metres: 0 to 10000, default 50.")] double? BufferM = null,
    [property: Description("Count closed hazards too (default false).")] bool? IncludeClosed = null,
    [property: Description("Count recorded minefields, not only hazards (default true).")] bool? IncludeRecords = null,
    [property: Description("Mend an invalid polygon rather than refuse it (default false); the answer's `repaired` says it was mended.")] bool? Repair = null);
