using Truce.Core.Modules;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;
using static Truce.Spatial.SpatialSnapshot;
using LineString = NetTopologySuite.Geometries.LineString;
using Visibility = Truce.Core.Access.Visibility;

namespace Truce.MineAction;

/// <summary>
/// The book's snapshot: every record as it stands, so start-up need not parse and project every import again. Each
/// dictionary is written in its own order, so a loaded book enumerates, answers and digests exactly as the replayed
/// one; a hazard that the books of several audience classes share is written once (<see cref="SnapshotWriter.Shared{T}"/>)
/// and shared again when loaded. The index is rebuilt from the hazards and records as the books load.
/// </summary>
public sealed partial class MineActionBook
{
    /// <summary>Bump when anything below changes what is written (2: one book per audience class, hazards shared).</summary>
    public const int SnapshotFormat = 2;

    public void Save(SnapshotWriter w)
    {
        // An import's thousand hazards share one origin, and the books of several audience classes share hazards: each is
        // written once, and shared again when loaded.
        void WriteOrigin(Origin o) => w.Shared(o, o =>
        {
            w.Long(o.Index);
            w.Str(o.Party);
            w.Int((int)o.Visibility);
            w.Strings(o.To);
            w.Time(o.Logged);
        });

        Write(w, Plane);
        w.List(Hazards.Values, h => w.Shared(h, h => WriteHazard(w, h, WriteOrigin)));
        w.List(Minefields.Values, m =>
        {
            WriteMinefield(w, m, WriteOrigin);
            Write(w, Index.ShapeOf(m));
        });
        w.List(Handovers.Values, h =>
        {
            w.Str(h.Id);
            WriteOrigin(h.Origin);
            w.Strings(h.Records);
            w.Str(h.From);
            w.Str(h.To);
            w.Time(h.At);
            w.Str(h.Through);
            w.Str(h.InExchangeFor);
            w.Int(h.MinesStated);
            w.Str(h.Note);
            w.Bool(h.Synthetic);
        });
        w.List(Tasks.Values, t =>
        {
            w.Str(t.Id);
            WriteOrigin(t.Origin);
            w.Strings(t.Hazards);
            w.Str(t.Organisation);
            w.Str(t.Activity);
            w.Time(t.Assigned);
            w.Time(t.Due);
            w.Str(t.Priority);
            w.Bool(t.Synthetic);
        });
        w.List(Activities.Values, a =>
        {
            w.Str(a.Id);
            WriteOrigin(a.Origin);
            w.Str(a.Type);
            w.Str(a.Hazard);
            w.Str(a.Task);
            w.Str(a.Organisation);
            w.Str(a.Method);
            w.Strings(a.Assets);
            w.Double(a.DepthCm);
            w.Time(a.Start);
            w.Time(a.End);
            w.Str(a.Status);
            w.Str(a.HandedTo);
            w.Bool(a.Present is not null);
            if (a.Present is { } p)
            {
                w.Int(p.Women);
                w.Int(p.Men);
                w.Int(p.Girls);
                w.Int(p.Boys);
            }
            w.Str(a.Note);
            w.Bool(a.Synthetic);
            w.List(a.Requested, r =>
            {
                w.Str(r.Kind);
                Write(w, r.Geometry);
            });
            w.List(a.Outcomes, o =>
            {
                w.Str(o.Kind);
                Write(w, o.Submitted);
                w.Double(o.SubmittedM2);
                w.Double(o.ReleasedM2);
            });
        });
        w.List(Visits.Values, v =>
        {
            w.Str(v.Id);
            WriteOrigin(v.Origin);
            w.Str(v.Activity);
            w.Str(v.Task);
            w.Str(v.Organisation);
            w.Time(v.At);
            w.Str(v.Result);
            w.List(v.Nonconformities, n =>
            {
                w.Str(n.Category);
                w.Str(n.Description);
                w.Str(n.CorrectiveAction);
            });
            w.Bool(v.Synthetic);
        });
        w.List(Ordnance.Values, o =>
        {
            w.Str(o.Id);
            WriteOrigin(o.Origin);
            w.Str(o.Category);
            w.Str(o.Model);
            w.Int(o.Quantity);
            w.Str(o.Condition);
            w.Str(o.FuzeState);
            w.Double(o.Lat);
            w.Double(o.Lon);
            w.Time(o.Found);
            w.Str(o.Action);
            w.Str(o.Hazard);
            w.Str(o.Activity);
            w.List(o.Incidents, w.Long);
            w.Str(o.Note);
            w.Bool(o.Synthetic);
        });
        w.List(Accidents.Values, a =>
        {
            w.Str(a.Id);
            WriteOrigin(a.Origin);
            w.Double(a.Lat);
            w.Double(a.Lon);
            w.Time(a.Time);
            w.Str(a.Device);
            w.Str(a.Kind);
            w.Bool(a.AreaMarked);
            w.Str(a.Activation);
            w.Str(a.Hazard);
            w.Str(a.Note);
            w.Bool(a.Synthetic);
        });
        w.List(Victims.Values, v =>
        {
            w.Str(v.Id);
            WriteOrigin(v.Origin);
            w.Str(v.Accident);
            w.Str(v.Sex);
            w.Int(v.Age);
            w.Str(v.Role);
            w.Str(v.Outcome);
            w.Str(v.Activity);
            w.Bool(v.KnewDangerous);
            w.Bool(v.HadRiskEducation);
            w.Bool(v.Synthetic);
        });
        w.List(Personal, p =>
        {
            w.Str(p.Key);
            w.List(p.Value, v =>
            {
                WriteOrigin(v.Origin);
                w.Str(v.Victim);
                w.Str(v.Name);
                w.Str(v.DateOfBirth);
                w.Str(v.Residence);
                w.Str(v.Contact);
                w.Str(v.Note);
            });
        });
        w.List(Skipped, s =>
        {
            w.Long(s.Index);
            w.Str(s.Why);
        });
    }

    static void WriteHazard(SnapshotWriter w, Hazard h, Action<Origin> origin)
    {
        w.Str(h.Id);
        origin(h.Origin);
        w.Bool(h.Synthetic);
        w.Str(h.Type);
        w.Str(h.Name);
        w.Str(h.District);
        w.Double(h.BenchmarkLat);
        w.Double(h.BenchmarkLon);
        Write(w, h.Perimeter);
        w.Double(h.EstimatedM2);
        // Until land is released, what remains is the perimeter itself (one object, as the replay leaves it).
        w.Bool(ReferenceEquals(h.Remaining, h.Perimeter));
        if (!ReferenceEquals(h.Remaining, h.Perimeter))
        {
            Write(w, h.Remaining);
        }
        Write(w, h.RemainingPlane);
        Write(w, h.Shape);
        w.Double(h.RemainingM2);
        w.Str(h.Status);
        w.Strings(h.Devices);
        w.List(h.Evidence, e =>
        {
            w.Str(e.Type);
            w.Str(e.Reliability);
            w.Str(e.Note);
            w.Time(e.Date);
        });
        w.Strings(h.Blockages);
        w.Int(h.Beneficiaries);
        w.List(h.Sources, s =>
        {
            w.Str(s.Kind);
            w.Str(s.Ref);
        });
        w.List(h.History, e =>
        {
            w.Long(e.Index);
            w.Time(e.Time);
            w.Str(e.Party);
            w.Str(e.What);
            w.Str(e.Reason);
        });
        w.List(h.ReleasedM2, r =>
        {
            w.Str(r.Key);
            w.Double(r.Value);
        });
        w.Strings(h.Activities);
    }

    static void WriteMinefield(SnapshotWriter w, MinefieldRecord m, Action<Origin> origin)
    {
        w.Str(m.Id);
        origin(m.Origin);
        w.Str(m.LaidBy);
        w.Str(m.District);
        w.Str(m.Pattern);
        Write(w, m.Perimeter);
        w.Double(m.AreaM2);
        w.List(m.ReferencePoints, p =>
        {
            w.Str(p.Name);
            w.Double(p.Lat);
            w.Double(p.Lon);
            w.Str(p.Description);
        });
        w.List(m.Dimensions, d =>
        {
            w.Str(d.From);
            w.Str(d.To);
            w.Double(d.BearingDeg);
            w.Double(d.DistanceM);
        });
        w.List(m.Mines, g =>
        {
            w.Str(g.Type);
            w.Str(g.Model);
            w.Int(g.Number);
            w.Str(g.Emplacing);
            w.Str(g.Fuze);
            w.Double(g.LifetimeDays);
            w.Bool(g.AntiHandling);
            w.Double(g.SelfDestructHours);
        });
        w.Time(m.LaidFrom);
        w.Time(m.LaidUntil);
        w.List(m.Rows, r =>
        {
            w.Str(r.Id);
            Write(w, r.Line);
            w.Int(r.Mines);
        });
        Write(w, m.MinePositions);
        w.Bool(m.Remote is not null);
        if (m.Remote is { } rd)
        {
            Write(w, rd.Corners);
            w.Int(rd.Total);
            w.Strings(rd.Types);
            w.Double(rd.SelfDestructHours);
            w.Time(rd.DeliveredAt);
        }
        w.Str(m.Marking);
        w.List(m.Scans, s =>
        {
            w.Str(s.Sha256);
            w.Str(s.MediaType);
            w.Str(s.Name);
            w.Int(s.Pages);
        });
        w.Bool(m.Synthetic);
        w.List(m.HandedOverIn, w.Long);
        w.List(m.Assessments, a =>
        {
            w.Long(a.Index);
            w.Str(a.Record);
            origin(a.Origin);
            w.Str(a.Activity);
            w.Int(a.Checked);
            w.Int(a.Confirmed);
            w.Int(a.Unrecorded);
            w.Double(a.ToleranceM);
            w.Str(a.Finding);
        });
    }

    /// <summary>Loads a snapshot into a reset book; throws <see cref="InvalidDataException"/> if it does not read.</summary>
    public void Load(SnapshotReader r)
    {
        Origin ReadOrigin() => r.Shared(() => new Origin(r.Long(), r.Str(), (Visibility)r.Int(), r.Strings(), r.Time()));

        Plane = SpatialSnapshot.Plane(r);
        foreach (var h in r.List(() => r.Shared(() => ReadHazard(r, ReadOrigin))))
        {
            Hazards.Add(h.Id, h);
            Index.Hold(new Indexed(h, null, h.Shape), Book);
        }
        foreach (var (m, shape) in r.List(() => (ReadMinefield(r, ReadOrigin), Shape(r))))
        {
            Minefields.Add(m.Id, m);
            Index.Hold(new Indexed(null, m, shape), Book);
        }
        foreach (var h in r.List(() => new Handover(r.Str(), ReadOrigin(), r.Strings(), r.Str(), r.Str(), r.Time(), r.NStr(), r.NStr(), r.NInt(),
            r.NStr(), r.Bool())))
        {
            Handovers.Add(h.Id, h);
        }
        foreach (var t in r.List(() => new LandTask(r.Str(), ReadOrigin(), r.Strings(), r.Str(), r.Str(), r.Time(), r.NTime(), r.NStr(), r.Bool())))
        {
            Tasks.Add(t.Id, t);
        }
        foreach (var a in r.List(() => ReadActivity(r, ReadOrigin)))
        {
            Activities.Add(a.Id, a);
        }
        foreach (var v in r.List(() => new QualityVisit(r.Str(), ReadOrigin(), r.NStr(), r.NStr(), r.Str(), r.Time(), r.Str(),
            r.List(() => new Nonconformity(r.Str(), r.Str(), r.NStr())), r.Bool())))
        {
            Visits.Add(v.Id, v);
        }
        foreach (var o in r.List(() => new OrdnanceFind(r.Str(), ReadOrigin(), r.Str(), r.NStr(), r.Int(), r.Str(), r.Str(), r.Double(), r.Double(),
            r.Time(), r.Str(), r.NStr(), r.NStr(), r.List(r.Long), r.NStr(), r.Bool())))
        {
            Ordnance.Add(o.Id, o);
        }
        foreach (var a in r.List(() => new Accident(r.Str(), ReadOrigin(), r.Double(), r.Double(), r.Time(), r.Str(), r.Str(), r.NBool(), r.Str(),
            r.NStr(), r.NStr(), r.Bool())))
        {
            Accidents.Add(a.Id, a);
        }
        foreach (var v in r.List(() => new Victim(r.Str(), ReadOrigin(), r.Str(), r.Str(), r.NInt(), r.Str(), r.Str(), r.Str(), r.NBool(), r.NBool(),
            r.Bool())))
        {
            Victims.Add(v.Id, v);
        }
        foreach (var (victim, list) in r.List(() => (r.Str(), r.List(() => new VictimPersonal(ReadOrigin(), r.Str(), r.Str(), r.NStr(), r.NStr(),
            r.NStr(), r.NStr())))))
        {
            Personal.Add(victim, list);
        }
        Skipped.AddRange(r.List(() => (r.Long(), r.Str())));
    }

    static Hazard ReadHazard(SnapshotReader r, Func<Origin> origin)
    {
        var id = r.Str();
        var o = origin();
        var synthetic = r.Bool();
        var type = r.Str();
        var name = r.NStr();
        var district = r.NStr();
        var (lat, lon) = (r.Double(), r.Double());
        var perimeter = Geometry(r);
        var estimated = r.Double();
        var remaining = r.Bool() ? perimeter : Geometry(r);
        var remainingPlane = ReadGeometry(r);
        var shape = Shape(r);
        var h = new Hazard
        {
            Id = id,
            Origin = o,
            Synthetic = synthetic,
            Type = type,
            Name = name,
            District = district,
            BenchmarkLat = lat,
            BenchmarkLon = lon,
            Perimeter = perimeter,
            EstimatedM2 = estimated,
            Remaining = remaining,
            RemainingPlane = remainingPlane,
            Shape = shape,
            RemainingM2 = r.Double(),
            Status = r.Str(),
        };
        h.Devices.UnionWith(r.Strings());
        h.Evidence.AddRange(r.List(() => new EvidenceItem(r.Str(), r.Str(), r.NStr(), r.NTime())));
        h.Blockages.UnionWith(r.Strings());
        h.Beneficiaries = r.NInt();
        h.Sources.AddRange(r.List(() => new SourceRef(r.Str(), r.Str())));
        h.History.AddRange(r.List(() => new HazardEvent(r.Long(), r.Time(), r.Str(), r.Str(), r.NStr())));
        foreach (var (kind, m2) in r.List(() => (r.Str(), r.Double())))
        {
            h.ReleasedM2.Add(kind, m2);
        }
        h.Activities.AddRange(r.Strings());
        return h;
    }

    static MinefieldRecord ReadMinefield(SnapshotReader r, Func<Origin> origin)
    {
        var m = new MinefieldRecord
        {
            Id = r.Str(),
            Origin = origin(),
            LaidBy = r.Str(),
            District = r.NStr(),
            Pattern = r.Str(),
            Perimeter = Geometry(r),
            AreaM2 = r.Double(),
            ReferencePoints = r.List(() => new ReferencePoint(r.Str(), r.Double(), r.Double(), r.NStr())),
            Dimensions = r.List(() => new Dimension(r.Str(), r.Str(), r.Double(), r.Double())),
            Mines = r.List(() => new MineGroup(r.Str(), r.NStr(), r.Int(), r.Str(), r.Str(), r.NDouble(), r.Bool(), r.NDouble())),
            LaidFrom = r.NTime(),
            LaidUntil = r.NTime(),
            Rows = r.List(() => new MineRow(r.Str(), Geometry(r) as LineString ?? throw new InvalidDataException("a mine row is not a line"), r.NInt())),
            MinePositions = ReadGeometry(r),
            Remote = r.Bool() ? new RemoteDelivery(Geometry(r), r.NInt(), r.Strings(), r.NDouble(), r.NTime()) : null,
            Marking = r.NStr(),
            Scans = r.List(() => new Scan(r.Str(), r.Str(), r.NStr(), r.NInt())),
            Synthetic = r.Bool(),
        };
        m.HandedOverIn.AddRange(r.List(r.Long));
        m.Assessments.AddRange(r.List(() => new AccuracyAssessment(r.Long(), r.Str(), origin(), r.NStr(), r.Int(), r.Int(), r.Int(), r.NDouble(),
            r.NStr())));
        return m;
    }

    static ReleaseActivity ReadActivity(SnapshotReader r, Func<Origin> origin)
    {
        var a = new ReleaseActivity
        {
            Id = r.Str(),
            Origin = origin(),
            Type = r.Str(),
            Hazard = r.Str(),
            Task = r.NStr(),
            Organisation = r.Str(),
            Method = r.NStr(),
            Assets = r.Strings(),
            DepthCm = r.NDouble(),
            Start = r.Time(),
            End = r.NTime(),
            Status = r.Str(),
            HandedTo = r.NStr(),
            Present = r.Bool() ? new Present(r.Int(), r.Int(), r.Int(), r.Int()) : null,
            Note = r.NStr(),
            Synthetic = r.Bool(),
            Requested = r.List(() => (r.Str(), Geometry(r))),
        };
        a.Outcomes.AddRange(r.List(() => new Outcome(r.Str(), Geometry(r), r.Double(), r.Double())));
        return a;
    }
}
