using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.MineAction.Safety;
using Truce.Spatial;

namespace Truce.MineAction.Queries;

/// <summary>A safety question as the API and the CLI take it: a GeoJSON geometry, a buffer in metres, options.</summary>
public sealed record SafetyRequest(Geometry Geometry, double BufferM, bool IncludeClosed, bool IncludeRecords, bool Repaired)
{
    public static SafetyRequest Read(JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var repair = b.Bool("repair") ?? false;
        Geometry? g = null;
        var repaired = false;
        if (!b.Has("geometry"))
        {
            r.Fail("body.geometry", "is required: a GeoJSON Point, LineString (a route) or Polygon (a parcel)");
        }
        else
        {
            // Strict first; mend an invalid polygon only when asked, and say that it was mended.
            var strict = new BodyReader();
            g = GeoJson.Read(body.GetProperty("geometry"), "body.geometry", strict.Fail);
            if (strict.Errors.Count > 0 && repair)
            {
                g = GeoJson.Read(body.GetProperty("geometry"), "body.geometry", r.Fail, repair: true);
                repaired = g is not null;
            }
            foreach (var e in repaired ? [] : strict.Errors)
            {
                r.Fail(e.Field, e.Problem);
            }
        }
        var buffer = b.Num("bufferM", min: 0, max: SafetyQueries.MaxBufferM) ?? 50;
        var includeClosed = b.Bool("includeClosed") ?? false;
        var includeRecords = b.Bool("includeRecords") ?? true;
        r.ThrowIfAny();
        return new SafetyRequest(g!, buffer, includeClosed, includeRecords, repaired);
    }

    /// <summary>The most a question may span each way, in degrees: the metre plane's distances are exact within it.</summary>
    public const double MaxSpanDeg = 5;

    /// <summary>How far from the plane's central meridian a question may reach, in degrees: farther, the projection's
    /// series no longer gives metres, and "nothing within the buffer" could be false.</summary>
    public const double MaxFromMeridianDeg = 20;

    /// <summary>Answers from <paramref name="book"/>; a point outside the recorded <paramref name="area"/> is answered
    /// "no information here", and a question that leaves it, spans too much or lies far from the records is refused
    /// (<paramref name="field"/> names the geometry in the refusal): none of them may come back as a false "clear".</summary>
    public SafetyAnswer Ask(MineActionBook book, RecordedArea? area = null, string field = "body.geometry", CancellationToken stop = default)
    {
        var env = Geometry.EnvelopeInternal;
        if (env.Width > MaxSpanDeg || env.Height > MaxSpanDeg)
        {
            throw new ValidationException(field, string.Create(CultureInfo.InvariantCulture,
                $"spans {env.Width:0.##}° of longitude by {env.Height:0.##}° of latitude: a safety question covers at most {MaxSpanDeg}° each way, where its distances are exact; ask about a smaller area"));
        }
        if (area is not null && !(area.Contains(env.MinY, env.MinX) && area.Contains(env.MaxY, env.MaxX)))
        {
            return Geometry is Point
                ? new SafetyAnswer("point", BufferM, [], [], null, null) { NoInformation = $"no information here: the point is outside the area this deployment records, {area}" }
                : throw new ValidationException(field, $"leaves the area this deployment records, {area}: outside it there is no information, so no answer could say the way is clear");
        }
        if (book.Plane is { } tm && Math.Max(Math.Abs(env.MinX - tm.CentralMeridian), Math.Abs(env.MaxX - tm.CentralMeridian)) > MaxFromMeridianDeg)
        {
            throw new ValidationException(field, string.Create(CultureInfo.InvariantCulture,
                $"lies more than {MaxFromMeridianDeg}° of longitude from the records this deployment holds (about {tm.CentralMeridian}°E), where its distances would not be exact"));
        }
        var o = new SafetyOptions(IncludeClosed, IncludeRecords, stop);
        return Geometry switch
        {
            Point p => SafetyQueries.Point(book, p.Y, p.X, BufferM, o),
            LineString or MultiLineString => SafetyQueries.Route(book, Geometry, BufferM, o),
            Polygon or MultiPolygon => SafetyQueries.Parcel(book, Geometry, BufferM, o),
            _ => throw new ValidationException("body.geometry.type", "must be Point, LineString, MultiLineString, Polygon or MultiPolygon"),
        };
    }
}

/// <summary>The module's records as the API and the CLI show them (JSON-ready; metres rounded to centimetres).</summary>
public static class MineViews
{
    static double R(double v) => Math.Round(v, 2);

    public static HazardEvidenceView Evidence(EvidenceItem e) => new(e.Type, e.Direct, e.Reliability, e.Note, e.Date);

    public static HazardView Hazard(Hazard h, bool detail = false) => new(
        h.Id,
        h.Type,
        h.Status,
        h.Name,
        h.District,
        new BenchmarkView(h.BenchmarkLat, h.BenchmarkLon, h.BenchmarkDerived),
        R(h.EstimatedM2),
        R(h.RemainingM2),
        h.Parts,
        h.ReleasedM2.OrderBy(r => Array.IndexOf(Vocabulary.Outcomes, r.Key)).ToDictionary(r => r.Key, r => R(r.Value)),
        h.ReleasedBefore.OrderBy(r => Array.IndexOf(Vocabulary.Outcomes, r.Key)).ToDictionary(r => r.Key, r => R(r.Value)),
        [.. h.Devices],
        [.. h.Evidence.Select(Evidence)],
        [.. h.Blockages],
        h.Beneficiaries,
        h.Sources,
        h.Origin.Index,
        h.Origin.Party,
        h.Synthetic,
        h.Remaining.IsEmpty ? null : GeoJson.Write(h.Remaining),
        detail ? GeoJson.Write(h.Perimeter) : null,
        detail ? [.. h.History.Select(e => new HazardHistoryView(e.Index, e.Time, e.Party, e.What, e.Reason))] : null,
        detail ? h.Activities : null);

    public static MinefieldView Minefield(MinefieldRecord m, MineActionBook book, bool detail = false) => new(
        m.Id,
        m.LaidBy,
        m.District,
        m.Pattern,
        R(m.AreaM2),
        m.TotalMines,
        m.Mines,
        m.LaidFrom,
        m.LaidUntil,
        m.Accuracy is { } a ? Math.Round(a, 4) : null,
        [.. m.Assessments.Select(a => new AccuracyView(a.Index, a.Origin.Party, a.Checked, a.Confirmed, a.Unrecorded, a.ToleranceM, a.Finding, a.Activity))],
        [.. m.HandedOverIn.Select(i => book.Handovers.Values.FirstOrDefault(h => h.Origin.Index == i)?.Id)],
        GeoJson.Write(m.Perimeter),
        detail ? m.ReferencePoints : null,
        detail ? m.Dimensions : null,
        detail ? [.. m.Rows.Select(r => new MineRowView(r.Id, GeoJson.Write(r.Line), r.Mines))] : null,
        detail && m.MinePositions is { } mp ? GeoJson.Write(mp) : null,
        detail && m.Remote is { } rd ? new RemoteDeliveryView(GeoJson.Write(rd.Corners), rd.Total, rd.Types, rd.SelfDestructHours, rd.DeliveredAt) : null,
        m.Marking,
        m.Scans,
        m.Origin.Index,
        m.Origin.Party,
        m.Synthetic);

    public static HandoverView Handover(Handover h) =>
        new(h.Id, h.From, h.To, h.At, h.Through, h.InExchangeFor, h.MinesStated, h.Records, h.Note, h.Origin.Index, h.Synthetic);

    public static ReleaseActivityView Activity(ReleaseActivity a) => new(
        a.Id,
        a.Type,
        a.Hazard,
        a.Task,
        a.Organisation,
        a.Method,
        a.Assets,
        a.DepthCm,
        a.Start,
        a.End,
        a.Status,
        [.. a.Outcomes.Select(o => new OutcomeView(o.Kind, R(o.SubmittedM2), R(o.ReleasedM2), GeoJson.Write(o.Submitted)))],
        a.HandedTo,
        a.Present is { } p ? new PresentView(p.Women, p.Men, p.Girls, p.Boys, p.Total) : null,
        a.Note,
        a.Origin.Index,
        a.Synthetic);

    public static OrdnanceView Ordnance(OrdnanceFind o) => new(
        o.Id,
        o.Category,
        o.Model,
        o.Quantity,
        o.Condition,
        o.FuzeState,
        new LatLon(o.Lat, o.Lon),
        o.Found,
        o.Action,
        o.Hazard,
        o.Activity,
        [.. o.Incidents.Select(IncidentIds.Format)],
        o.Note,
        o.Origin.Index,
        o.Synthetic);

    /// <summary>
    /// An accident from the reader's <paramref name="book"/>, with the victim records (and personal data) that book holds,
    /// and the killed and injured counted in <paramref name="published"/>: the book the victim counts are published
    /// from (<see cref="MineActionModule.ReadWithPublishedCounts{T}"/>).
    /// </summary>
    public static AccidentView Accident(Accident a, MineActionBook book, MineActionBook published)
    {
        var victims = book.Victims.Values.Where(v => v.Accident == a.Id).ToList();
        var counted = published.Accidents.TryGetValue(a.Id, out var same) && same.Origin.Index == a.Origin.Index
            ? published.Victims.Values.Where(v => v.Accident == a.Id).ToList() : [];
        return new AccidentView(
            a.Id,
            new LatLon(a.Lat, a.Lon),
            a.Time,
            a.Device,
            a.Kind,
            a.AreaMarked,
            a.Activation,
            a.Hazard,
            a.Note,
            counted.Count(v => v.Outcome == "killed"),
            counted.Count(v => v.Outcome == "injured"),
            [.. victims.Select(v => new VictimView(v.Id, v.Sex, v.Age, v.AgeGroup, v.Role, v.Outcome, v.Activity, v.KnewDangerous, v.HadRiskEducation,
                book.Personal.GetValueOrDefault(v.Id) is { } personal
                    ? [.. personal.Select(p => new VictimPersonalView(p.Name, p.DateOfBirth, p.Residence, p.Contact, p.Note, p.Origin.Index))] : null))],
            a.Origin.Index,
            a.Synthetic);
    }

    public static SafetyView Safety(SafetyAnswer a, bool repaired = false) => new(
        a.Query,
        a.BufferM,
        a.AtRisk,
        a.NoInformation is null,
        a.NoInformation ?? (a.AtRisk
            ? $"{a.Hits.Count} known hazard{(a.Hits.Count == 1 ? "" : "s")} within {a.BufferM} m"
            : $"no recorded hazard within {a.BufferM} m. This is not a guarantee of safety: only surveyed and reported areas are recorded."),
        a.LengthM is { } l ? R(l) : null,
        a.AreaM2 is { } m2 ? R(m2) : null,
        repaired,
        [.. a.Hits.Select(h => new SafetyHitView(
            h.Layer,
            h.Id,
            R(h.DistanceM),
            h.OverlapM2 is { } o ? R(o) : null,
            h.Hazard?.Type,
            h.Hazard?.Status ?? "recorded",
            h.Hazard is { } hd ? [.. hd.Devices] : [.. h.Record!.Mines.Select(m => m.Type + "-mine").Distinct()],
            h.Hazard is { } he ? [.. he.Evidence.Select(Evidence)] : null,
            h.Hazard?.Sources,
            h.Hazard is { } hz ? R(hz.RemainingM2) : null,
            h.Record?.Accuracy,
            h.Record?.TotalMines,
            h.Hazard?.Origin.Index ?? h.Record!.Origin.Index))],
        [.. a.Stretches.Select(s => new StretchView(R(s.FromM), R(s.ToM), R(s.ToM - s.FromM), s.Hazards, R(s.NearestM)))]);
}
