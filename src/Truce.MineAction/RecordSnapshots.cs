using NetTopologySuite.Geometries;
using Truce.Core.Modules;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;
using Dimension = Truce.MineAction.Records.Dimension;
using Visibility = Truce.Core.Access.Visibility;

namespace Truce.MineAction;

/// <summary>
/// How each record of the mine action module is saved and loaded: one description per type, run both ways
/// (<see cref="SnapshotIo"/>), in the order of the bytes of <see cref="MineActionBook.SnapshotFormat"/>.
/// </summary>
static class RecordSnapshots
{
    /// <summary>An import's thousand hazards share one origin, and the books of several audience classes share records'
    /// origins: each is written once, and shared again when loaded.</summary>
    public static Origin Origin(SnapshotIo io, Origin o) => io.Shared(o, static (io, o) =>
        new Origin(io.Long(o.Index), io.Str(o.Party), (Visibility)io.Int((int)o.Visibility), io.Strings(o.To), io.Time(o.Logged)));

    public static Hazard Hazard(SnapshotIo io, Hazard h)
    {
        Geometry perimeter;
        var c = new Hazard
        {
            Id = io.Str(h.Id),
            Origin = Origin(io, h.Origin),
            Synthetic = io.Bool(h.Synthetic),
            Type = io.Str(h.Type),
            Name = io.NStr(h.Name),
            District = io.NStr(h.District),
            BenchmarkLat = io.Double(h.BenchmarkLat),
            BenchmarkLon = io.Double(h.BenchmarkLon),
            BenchmarkDerived = io.Bool(h.BenchmarkDerived),
            ReleasedBefore = io.List(io.Loading ? [] : h.ReleasedBefore.ToList(), static (io, r) => new KeyValuePair<string, double>(io.Str(r.Key), io.Double(r.Value))) is { Count: > 0 } before
                ? before.ToDictionary(StringComparer.Ordinal) : Hazards.Hazard.NoRelease,
            Perimeter = perimeter = io.Geometry(h.Perimeter),
            EstimatedM2 = io.Double(h.EstimatedM2),
            // Until land is released, what remains is the perimeter itself (one object, as the replay leaves it).
            Remaining = io.Bool(ReferenceEquals(h.Remaining, h.Perimeter)) ? perimeter : io.Geometry(h.Remaining),
            RemainingPlane = io.NGeometry(h.RemainingPlane),
            Shape = io.Shape(h.Shape),
            RemainingM2 = io.Double(h.RemainingM2),
            Status = io.Str(h.Status),
        };
        c.Devices.UnionWith(io.Strings(h.Devices));
        c.Evidence.AddRange(io.List(h.Evidence, static (io, e) => new EvidenceItem(io.Str(e.Type), io.Str(e.Reliability), io.NStr(e.Note), io.NTime(e.Date))));
        c.Blockages.UnionWith(io.Strings(h.Blockages));
        c.Beneficiaries = io.NInt(h.Beneficiaries);
        c.Sources.AddRange(io.List(h.Sources, static (io, s) => new SourceRef(io.Str(s.Kind), io.Str(s.Ref))));
        c.History.AddRange(io.List(h.History, static (io, e) => new HazardEvent(io.Long(e.Index), io.Time(e.Time), io.Str(e.Party), io.Str(e.What),
            io.NStr(e.Reason))));
        foreach (var (kind, m2) in io.List(h.ReleasedM2, static (io, r) => new(io.Str(r.Key), io.Double(r.Value))))
        {
            c.ReleasedM2.Add(kind, m2);
        }
        c.Activities.AddRange(io.Strings(h.Activities));
        return c;
    }

    public static MinefieldRecord Minefield(SnapshotIo io, MinefieldRecord m)
    {
        var c = new MinefieldRecord
        {
            Id = io.Str(m.Id),
            Origin = Origin(io, m.Origin),
            LaidBy = io.Str(m.LaidBy),
            District = io.NStr(m.District),
            Pattern = io.Str(m.Pattern),
            Perimeter = io.Geometry(m.Perimeter),
            AreaM2 = io.Double(m.AreaM2),
            ReferencePoints = io.List(m.ReferencePoints, static (io, p) => new ReferencePoint(io.Str(p.Name), io.Double(p.Lat), io.Double(p.Lon),
                io.NStr(p.Description))),
            Dimensions = io.List(m.Dimensions, static (io, d) => new Dimension(io.Str(d.From), io.Str(d.To), io.Double(d.BearingDeg), io.Double(d.DistanceM))),
            Mines = io.List(m.Mines, static (io, g) => new MineGroup(io.Str(g.Type), io.NStr(g.Model), io.Int(g.Number), io.Str(g.Emplacing), io.Str(g.Fuze),
                io.NDouble(g.LifetimeDays), io.Bool(g.AntiHandling), io.NDouble(g.SelfDestructHours))),
            LaidFrom = io.NTime(m.LaidFrom),
            LaidUntil = io.NTime(m.LaidUntil),
            Rows = io.List(m.Rows, static (io, r) => new MineRow(io.Str(r.Id), io.Line(r.Line), io.NInt(r.Mines))),
            MinePositions = io.NGeometry(m.MinePositions),
            Remote = io.Maybe(m.Remote, static (io, r) => new RemoteDelivery(io.Geometry(r.Corners), io.NInt(r.Total), io.Strings(r.Types),
                io.NDouble(r.SelfDestructHours), io.NTime(r.DeliveredAt))),
            Marking = io.NStr(m.Marking),
            Scans = io.List(m.Scans, static (io, s) => new Scan(io.Str(s.Sha256), io.Str(s.MediaType), io.NStr(s.Name), io.NInt(s.Pages))),
            Synthetic = io.Bool(m.Synthetic),
        };
        c.HandedOverIn.AddRange(io.List(m.HandedOverIn, static (io, i) => io.Long(i)));
        c.Assessments.AddRange(io.List(m.Assessments, static (io, a) => new AccuracyAssessment(io.Long(a.Index), io.Str(a.Record), Origin(io, a.Origin),
            io.NStr(a.Activity), io.Int(a.Checked), io.Int(a.Confirmed), io.Int(a.Unrecorded), io.NDouble(a.ToleranceM), io.NStr(a.Finding))));
        return c;
    }

    public static Handover Handover(SnapshotIo io, Handover h) => new(io.Str(h.Id), Origin(io, h.Origin), io.Strings(h.Records), io.Str(h.From),
        io.Str(h.To), io.Time(h.At), io.NStr(h.Through), io.NStr(h.InExchangeFor), io.NInt(h.MinesStated), io.NStr(h.Note), io.Bool(h.Synthetic));

    public static LandTask Task(SnapshotIo io, LandTask t) => new(io.Str(t.Id), Origin(io, t.Origin), io.Strings(t.Hazards), io.Str(t.Organisation),
        io.Str(t.Activity), io.Time(t.Assigned), io.NTime(t.Due), io.NStr(t.Priority), io.Bool(t.Synthetic));

    public static ReleaseActivity Activity(SnapshotIo io, ReleaseActivity a)
    {
        var c = new ReleaseActivity
        {
            Id = io.Str(a.Id),
            Origin = Origin(io, a.Origin),
            Type = io.Str(a.Type),
            Hazard = io.Str(a.Hazard),
            Task = io.NStr(a.Task),
            Organisation = io.Str(a.Organisation),
            Method = io.NStr(a.Method),
            Assets = io.Strings(a.Assets),
            DepthCm = io.NDouble(a.DepthCm),
            Start = io.Time(a.Start),
            End = io.NTime(a.End),
            Status = io.Str(a.Status),
            HandedTo = io.NStr(a.HandedTo),
            Present = io.Maybe(a.Present, static (io, p) => new Present(io.Int(p.Women), io.Int(p.Men), io.Int(p.Girls), io.Int(p.Boys))),
            Note = io.NStr(a.Note),
            Synthetic = io.Bool(a.Synthetic),
            Requested = io.List(a.Requested, static (io, r) => (io.Str(r.Kind), io.Geometry(r.Geometry))),
        };
        c.Outcomes.AddRange(io.List(a.Outcomes, static (io, o) => new Outcome(io.Str(o.Kind), io.Geometry(o.Submitted), io.Double(o.SubmittedM2),
            io.Double(o.ReleasedM2))));
        return c;
    }

    public static QualityVisit Visit(SnapshotIo io, QualityVisit v) => new(io.Str(v.Id), Origin(io, v.Origin), io.NStr(v.Activity), io.NStr(v.Task),
        io.Str(v.Organisation), io.Time(v.At), io.Str(v.Result),
        io.List(v.Nonconformities, static (io, n) => new Nonconformity(io.Str(n.Category), io.Str(n.Description), io.NStr(n.CorrectiveAction))),
        io.Bool(v.Synthetic));

    public static OrdnanceFind Ordnance(SnapshotIo io, OrdnanceFind o) => new(io.Str(o.Id), Origin(io, o.Origin), io.Str(o.Category), io.NStr(o.Model),
        io.Int(o.Quantity), io.Str(o.Condition), io.Str(o.FuzeState), io.Double(o.Lat), io.Double(o.Lon), io.Time(o.Found), io.Str(o.Action),
        io.NStr(o.Hazard), io.NStr(o.Activity), io.List(o.Incidents, static (io, i) => io.Long(i)), io.NStr(o.Note), io.Bool(o.Synthetic));

    public static Accident Accident(SnapshotIo io, Accident a) => new(io.Str(a.Id), Origin(io, a.Origin), io.Double(a.Lat), io.Double(a.Lon),
        io.Time(a.Time), io.Str(a.Device), io.Str(a.Kind), io.NBool(a.AreaMarked), io.Str(a.Activation), io.NStr(a.Hazard), io.NStr(a.Note),
        io.Bool(a.Synthetic));

    public static Victim Victim(SnapshotIo io, Victim v) => new(io.Str(v.Id), Origin(io, v.Origin), io.Str(v.Accident), io.Str(v.Sex), io.NInt(v.Age),
        io.Str(v.Role), io.Str(v.Outcome), io.Str(v.Activity), io.NBool(v.KnewDangerous), io.NBool(v.HadRiskEducation), io.Bool(v.Synthetic));

    public static VictimPersonal VictimPersonal(SnapshotIo io, VictimPersonal p) => new(Origin(io, p.Origin), io.Str(p.Victim), io.Str(p.Name),
        io.NStr(p.DateOfBirth), io.NStr(p.Residence), io.NStr(p.Contact), io.NStr(p.Note));
}

/// <summary>Spatial's own codec for geometries, shapes and planes (<see cref="SpatialSnapshot"/>), as descriptions.</summary>
static class SpatialIo
{
    public static Geometry Geometry(this SnapshotIo io, Geometry g) => io.Binary(g, SpatialSnapshot.Write, SpatialSnapshot.ReadRequiredGeometry);

    public static Geometry? NGeometry(this SnapshotIo io, Geometry? g) => io.Binary(g, SpatialSnapshot.Write, SpatialSnapshot.ReadGeometry);

    public static LineString Line(this SnapshotIo io, LineString l) =>
        io.Geometry(l) as LineString ?? throw new InvalidDataException("a mine row is not a line");

    public static MetricShape Shape(this SnapshotIo io, MetricShape s) => io.Binary(s, SpatialSnapshot.Write, SpatialSnapshot.ReadShape);

    public static TransverseMercator? Plane(this SnapshotIo io, TransverseMercator? p) => io.Binary(p, SpatialSnapshot.Write, SpatialSnapshot.ReadPlane);
}
