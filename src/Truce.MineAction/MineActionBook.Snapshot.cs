using Truce.Core.Modules;

namespace Truce.MineAction;

/// <summary>
/// The book's snapshot: every record as it stands, so start-up need not parse and project every import again,
/// described once for both saving and loading (<see cref="SnapshotIo"/>). Each dictionary is written in its own order,
/// so a loaded book enumerates, answers and digests exactly as the replayed one; a hazard that the books of several
/// audience classes share is written once (<see cref="SnapshotIo.Shared{T}"/>) and shared again when loaded. The index
/// is rebuilt from the hazards and records as the books load.
/// </summary>
/// <remarks><c>SnapshotFieldTests</c> compares every field of a loaded book with the replayed one, so a field left out
/// here fails it.</remarks>
public sealed partial class MineActionBook
{
    /// <summary>Bump when anything below changes what is written (2: one book per audience class, hazards shared; 3:
    /// coordinates keep their heights).</summary>
    public const int SnapshotFormat = 4;

    /// <summary>Saves the book, or loads a snapshot into a reset one (throwing <see cref="InvalidDataException"/> if it
    /// does not read).</summary>
    public MineActionBook Snapshot(SnapshotIo io)
    {
        Plane = io.Plane(Plane);
        foreach (var h in io.List(Hazards.Values, static (io, h) => io.Shared(h, RecordSnapshots.Hazard)))
        {
            if (io.Loading)
            {
                Hazards.Add(h.Id, h);
                Index.Hold(new Indexed(h, null, h.Shape), Book);
            }
        }
        // A record is indexed by its perimeter's shape on the plane, saved with it rather than projected again.
        var minefields = Minefields.Values.Select(m => (m, Index.ShapeOf(m))).ToList();
        foreach (var (m, shape) in io.List(minefields, static (io, m) => (RecordSnapshots.Minefield(io, m.Item1), io.Shape(m.Item2))))
        {
            if (io.Loading)
            {
                Minefields.Add(m.Id, m);
                Index.Hold(new Indexed(null, m, shape), Book);
            }
        }
        Each(io, Handovers, RecordSnapshots.Handover, h => h.Id);
        Each(io, Tasks, RecordSnapshots.Task, t => t.Id);
        Each(io, Activities, RecordSnapshots.Activity, a => a.Id);
        Each(io, Visits, RecordSnapshots.Visit, v => v.Id);
        Each(io, Ordnance, RecordSnapshots.Ordnance, o => o.Id);
        Each(io, Accidents, RecordSnapshots.Accident, a => a.Id);
        Each(io, Victims, RecordSnapshots.Victim, v => v.Id);
        foreach (var (victim, list) in io.List(Personal, static (io, p) => new(io.Str(p.Key), io.List(p.Value, RecordSnapshots.VictimPersonal))))
        {
            if (io.Loading)
            {
                Personal.Add(victim, list);
            }
        }
        var skipped = io.List(Skipped, static (io, s) => (io.Long(s.Index), io.Str(s.Why)));
        if (io.Loading)
        {
            Skipped.AddRange(skipped);
        }
        return this;
    }

    /// <summary>A dictionary of records by id, in its own order.</summary>
    static void Each<T>(SnapshotIo io, Dictionary<string, T> map, Func<SnapshotIo, T, T> describe, Func<T, string> id)
    {
        foreach (var item in io.List(map.Values, describe))
        {
            if (io.Loading)
            {
                map.Add(id(item), item);
            }
        }
    }
}
