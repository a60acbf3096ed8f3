using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>A hazard as its entry states it, before it is measured and indexed.</summary>
/// <param name="BenchmarkDerived">The benchmark was not surveyed but derived from the perimeter (an import of a file that had none).</param>
/// <param name="ReleasedBefore">Land released from the hazard before it was recorded here, in m² per outcome, as its source states.</param>
public sealed record HazardBody(string Id, string Type, string? Name, string? District, Point Benchmark, bool BenchmarkDerived, Geometry Perimeter,
    string Status, IReadOnlyDictionary<string, double> ReleasedBefore, IReadOnlyList<string> Devices, IReadOnlyList<EvidenceItem> Evidence,
    IReadOnlyList<string> Blockages, int? Beneficiaries, IReadOnlyList<SourceRef> Sources, bool Synthetic);

/// <summary>A change to a hazard: status, type, perimeter, devices, evidence, each with the reason.</summary>
public sealed record HazardChange(string Hazard, string? Status, string? Type, Geometry? Perimeter, IReadOnlyList<string> Devices,
    IReadOnlyList<EvidenceItem> Evidence, IReadOnlyList<string> Blockages, int? Beneficiaries, IReadOnlyList<SourceRef> Sources, string Reason);

/// <summary>A <c>mine.import</c> batch as read: the minefield records are templates each book copies
/// (<see cref="MinefieldRecord.Copy"/>), since later entries change a book's records.</summary>
public sealed record ImportBatch(IReadOnlyList<HazardBody> Hazards, IReadOnlyList<MinefieldRecord> Minefields, IReadOnlyList<HazardChange> Updates);

/// <summary>Reads the module's bodies, naming every bad field (docs/MINEACTION.md lists them).</summary>
public static partial class MineActionParser
{
    public const int MaxImport = 1000;

    static BodyReader.Scope Start(JsonElement body, out BodyReader r)
    {
        r = new BodyReader();
        return r.Root(body);
    }

    static Geometry? Geo(BodyReader.Scope s, string name, bool required, string what, params Type[] allowed)
    {
        if (!s.Has(name))
        {
            if (required)
            {
                s.Reader.Fail(s.At(name), $"is required: {what}");
            }
            return null;
        }
        var g = GeoJson.Read(s.Element.GetProperty(name), s.At(name), s.Reader.Fail);
        if (g is not null && !allowed.Any(t => t.IsInstanceOfType(g)))
        {
            s.Reader.Fail(s.At(name) + ".type", $"must be {string.Join(" or ", allowed.Select(t => t.Name))}: {what}");
            return null;
        }
        return g;
    }

    static Geometry? Area(BodyReader.Scope s, string name, bool required, string what) => Geo(s, name, required, what, typeof(Polygon), typeof(MultiPolygon));

    static Point? At(BodyReader.Scope s, string name, bool required, string what) => Geo(s, name, required, what, typeof(Point)) as Point;

    static IReadOnlyList<string> Words(BodyReader.Scope s, string name, string[] allowed, bool required = false)
    {
        var list = s.Strs(name, required, max: 50, maxLength: 64);
        for (int i = 0; i < list.Count; i++)
        {
            if (!allowed.Contains(list[i]))
            {
                s.Reader.Fail($"{s.At(name)}[{i}]", $"must be one of {string.Join(", ", allowed)}");
            }
        }
        return [.. list.Distinct().Where(allowed.Contains)];
    }

    static IReadOnlyList<EvidenceItem> Evidence(BodyReader.Scope s) => [.. s.Arr("evidence", max: 100).Select(e => new EvidenceItem(
        e.OneOf("type", Vocabulary.Evidence, required: true) ?? "", e.OneOf("reliability", Vocabulary.Reliability, required: true) ?? "",
        e.Str("note", max: 2000), e.Time("date")))];

    static IReadOnlyList<SourceRef> Sources(BodyReader.Scope s) => [.. s.Arr("sources", max: 100).Select(e => new SourceRef(
        e.OneOf("kind", Vocabulary.SourceKinds, required: true) ?? "", e.Str("ref", required: true, max: 100) ?? ""))];

    public static HazardBody Hazard(JsonElement body)
    {
        var b = Start(body, out var r);
        var h = Hazard(b);
        r.ThrowIfAny();
        return h;
    }

    public static HazardBody Hazard(BodyReader.Scope b)
    {
        var perimeter = Area(b, "perimeter", true, "the hazardous area's perimeter");
        var benchmark = At(b, "benchmark", true, "the benchmark, a fixed point the perimeter is surveyed from");
        var devices = Words(b, "devices", Vocabulary.DeviceCategories);
        var type = b.OneOf("type", Vocabulary.HazardTypes, required: true);
        var evidence = Evidence(b);
        if (type == "CHA" && !evidence.Any(e => e.Direct))
        {
            b.Reader.Fail(b.At("evidence"), "a confirmed hazardous area (CHA) rests on direct evidence (detonation, accident, reliable record, signs, sighting): give it, or record an SHA");
        }
        return new HazardBody(b.Str("id", required: true, max: 64) ?? "", type ?? "", b.Str("name", max: 200), b.Str("district", max: 100),
            benchmark ?? Point.Empty, b.Bool("benchmarkDerived") ?? false, perimeter ?? Polygon.Empty, b.OneOf("status", Vocabulary.HazardStatuses) ?? "open",
            Released(b), devices, evidence, Words(b, "blockages", Vocabulary.Blockages), (int?)b.Int("beneficiaries", max: 100_000_000), Sources(b),
            b.Bool("synthetic") ?? false);
    }

    /// <summary>A hazard's land release before its record here: <c>{cancelled, reduced, cleared}</c> in m², each optional.</summary>
    static IReadOnlyDictionary<string, double> Released(BodyReader.Scope b)
    {
        var released = new Dictionary<string, double>(StringComparer.Ordinal);
        if (b.Obj("released") is { } o)
        {
            foreach (var outcome in Vocabulary.Outcomes)
            {
                if (o.Num(outcome, min: 0, max: 1e11) is { } m2 && m2 > 0)
                {
                    released[outcome] = m2;
                }
            }
        }
        return released;
    }

    public static HazardChange HazardUpdate(JsonElement body)
    {
        var b = Start(body, out var r);
        var c = HazardUpdate(b);
        r.ThrowIfAny();
        return c;
    }

    public static HazardChange HazardUpdate(BodyReader.Scope b)
    {
        var r = b.Reader;
        var errorsBefore = r.Errors.Count;
        var c = new HazardChange(b.Str("hazard", required: true, max: 64) ?? "", b.OneOf("status", Vocabulary.HazardStatuses),
            b.OneOf("type", Vocabulary.HazardTypes), Area(b, "perimeter", false, "the re-surveyed perimeter"), Words(b, "devices", Vocabulary.DeviceCategories),
            Evidence(b), Words(b, "blockages", Vocabulary.Blockages), (int?)b.Int("beneficiaries", max: 100_000_000), Sources(b),
            b.Str("reason", required: true, max: 10_000) ?? "");
        if (c.Status is null && c.Type is null && c.Perimeter is null && c.Devices.Count == 0 && c.Evidence.Count == 0 && c.Blockages.Count == 0
            && c.Beneficiaries is null && c.Sources.Count == 0 && r.Errors.Count == errorsBefore)
        {
            r.Fail(b.Path, "changes nothing: give a status, type, perimeter, devices, evidence, blockages, beneficiaries or sources");
        }
        return c;
    }

    /// <summary>
    /// Reads each item of an array with its own reader, in parallel (an import holds up to 1,000 geometries, and start-up
    /// replays them all), then reports the problems in item order, as a sequential read would.
    /// </summary>
    static List<T> InParallel<T>(BodyReader.Scope b, string name, Func<BodyReader.Scope, T> read)
    {
        var items = b.Arr(name, max: MaxImport);
        var readers = new BodyReader[items.Count];
        var results = new T[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            readers[i] = new BodyReader();
            results[i] = read(new BodyReader.Scope(readers[i], items[i].Element, items[i].Path));
        });
        foreach (var e in readers.SelectMany(x => x.Errors))
        {
            b.Reader.Fail(e.Field, e.Problem);
        }
        return [.. results];
    }

    /// <summary>An import batch: hazards and minefield records, each item read as its own entry would be.</summary>
    public static ImportBatch Import(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var origin = Origin.Of(index, env);
        var hazards = InParallel(b, "hazards", Hazard);
        var minefields = InParallel(b, "minefields", m => Minefield(m, origin));
        var updates = InParallel(b, "updates", HazardUpdate);
        if (hazards.Count + minefields.Count + updates.Count == 0 && r.Errors.Count == 0)
        {
            r.Fail("body", "imports nothing: give hazards, minefields or updates");
        }
        b.Str("source", max: 500);
        r.ThrowIfAny();
        return new ImportBatch(hazards, minefields, updates);
    }
}
