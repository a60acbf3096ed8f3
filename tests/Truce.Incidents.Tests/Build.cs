using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Ledger.Entries;

namespace Truce.Incidents.Tests;

/// <summary>Report bodies and envelopes for constructed cases: a point, a bearing, a time window, a source.</summary>
static class Build
{
    public static readonly DateTimeOffset T0 = new(2021, 6, 12, 8, 0, 0, TimeSpan.Zero);

    public static JsonObject Report(string type, DateTimeOffset start, double minutes, string source, string? sourceId = null,
        (double Lat, double Lon)? at = null, string precision = "near", double? radiusM = null,
        (string Id, double Lat, double Lon, double Bearing, double MinKm, double MaxKm)? observer = null, string? category = null,
        string? timePrecision = null)
    {
        var src = new JsonObject { ["kind"] = source };
        if (sourceId is not null)
        {
            src["id"] = sourceId;
        }
        var body = new JsonObject
        {
            ["category"] = category ?? (type == "explosion-unknown" ? "explosion" : "ceasefire-violation"),
            ["type"] = type,
            ["time"] = new JsonObject { ["start"] = Time(start), ["end"] = Time(start.AddMinutes(minutes)), ["precision"] = timePrecision ?? "minute" },
            ["source"] = src,
        };
        if (at is { } p)
        {
            var loc = new JsonObject { ["geometry"] = Point(p.Lat, p.Lon), ["precision"] = precision };
            if (radiusM is { } r)
            {
                loc["radius"] = r;
            }
            body["location"] = loc;
        }
        if (observer is { } o)
        {
            body["observer"] = new JsonObject
            {
                ["id"] = o.Id,
                ["position"] = Point(o.Lat, o.Lon),
                ["bearing"] = o.Bearing,
                ["bearingError"] = 3,
                ["distance"] = new JsonObject { ["min"] = o.MinKm, ["max"] = o.MaxKm },
            };
        }
        return body;
    }

    /// <summary>A point so many km north and east of another.</summary>
    public static (double Lat, double Lon) Offset((double Lat, double Lon) p, double northKm, double eastKm) =>
        Spatial.LocalFrame.Move(p.Lat, p.Lon, eastKm, northKm);

    /// <summary>An <c>incident.status</c> body.</summary>
    public static JsonObject Status(long incident, string status) => new() { ["incident"] = incident, ["status"] = status, ["reason"] = "test" };

    public static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Envelope Env(string kind, string party, DateTimeOffset time, Visibility vis = Visibility.Public, params string[] to) => new()
    {
        Log = "test.invalid/log",
        Kind = kind,
        Party = party,
        Key = "k0000000000000000",
        Time = time,
        Cid = Guid.NewGuid().ToString("n"),
        Body = new string('0', 64),
        Vis = vis.Label(),
        To = to,
    };

    public static JsonElement Json(JsonNode n) => JsonSerializer.SerializeToElement(n);

    /// <summary>An in-memory book fed entries in log order, as the module would be.</summary>
    public sealed class Log
    {
        public IncidentBook Book { get; } = new();
        public List<(Envelope Env, JsonElement Body)> Entries { get; } = [];
        public Core.Parties.Registry Registry { get; } = new();

        public Log()
        {
            foreach (var (id, kind) in new[] { ("mission", "mission"), ("jmc", "monitoring-centre"), ("pk", "peacekeeping-force"), ("az", "conflict-party"), ("am", "conflict-party"), ("public", "public") })
            {
                Registry.Apply(0, Env(Core.Entries.EntryKinds.PartyRegister, "mission", T0), Json(new JsonObject
                {
                    ["id"] = id,
                    ["kind"] = kind,
                    ["names"] = new JsonObject { ["en"] = id },
                    ["keys"] = new JsonArray(),
                }));
            }
        }

        public long Add(string kind, string party, JsonNode body, DateTimeOffset? time = null, Visibility vis = Visibility.Public, params string[] to)
        {
            var env = Env(kind, party, time ?? T0.AddDays(1), vis, to);
            var b = Json(body);
            var index = Entries.Count;
            Book.Check(index, env, b, Registry);
            Book.Apply(index, env, b);
            Entries.Add((env, b));
            return index;
        }

        /// <summary>A second book built from the same entries (what a rebuild does), or from those a reader may see (the
        /// book of that reader's audience class).</summary>
        public IncidentBook Replay(Core.Access.Reader? reader = null)
        {
            var book = new IncidentBook();
            for (int i = 0; i < Entries.Count; i++)
            {
                if (reader?.CanSee(Entries[i].Env) ?? true)
                {
                    book.Apply(i, Entries[i].Env, Entries[i].Body);
                }
            }
            return book;
        }
    }
}
