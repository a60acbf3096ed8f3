using NetTopologySuite.Geometries;

namespace Truce.MineAction.Records;

/// <summary>A reference point of a minefield record (CCW APII technical annex 1(a)): a fixed, findable mark.</summary>
public sealed record ReferencePoint(string Name, double Lat, double Lon, string? Description);

/// <summary>A dimension of the mined area measured from a reference point: bearing and distance to a corner or row end.</summary>
public sealed record Dimension(string From, string To, double BearingDeg, double DistanceM);

/// <summary>One kind of mine in a record: type, number, how laid, fuze and life, anti-handling devices.</summary>
public sealed record MineGroup(string Type, string? Model, int Number, string Emplacing, string Fuze, double? LifetimeDays, bool AntiHandling,
    double? SelfDestructHours);

/// <summary>A row of mines (row minefields record each row's position).</summary>
public sealed record MineRow(string Id, LineString Line, int? Mines);

/// <summary>For remotely delivered mines: the corner points of the area, totals, types and self-destruction periods.</summary>
public sealed record RemoteDelivery(Geometry Corners, int? Total, IReadOnlyList<string> Types, double? SelfDestructHours, DateTimeOffset? DeliveredAt);

/// <summary>A scan of an original map, committed by its digest (the file itself is evidence kept apart).</summary>
public sealed record Scan(string Sha256, string MediaType, string? Name, int? Pages);

/// <summary>A minefield record as handed over by a party (CCW Amended Protocol II, technical annex).</summary>
public sealed class MinefieldRecord
{
    public required string Id { get; init; }
    public required Origin Origin { get; init; }
    public required string LaidBy { get; init; }
    public string? District { get; init; }
    public required string Pattern { get; init; }
    public required Geometry Perimeter { get; init; }
    public double AreaM2 { get; set; }
    public required IReadOnlyList<ReferencePoint> ReferencePoints { get; init; }
    public required IReadOnlyList<Dimension> Dimensions { get; init; }
    public required IReadOnlyList<MineGroup> Mines { get; init; }
    public int TotalMines => Mines.Sum(m => m.Number);
    public DateTimeOffset? LaidFrom { get; init; }
    public DateTimeOffset? LaidUntil { get; init; }
    public IReadOnlyList<MineRow> Rows { get; init; } = [];
    public Geometry? MinePositions { get; init; }
    public RemoteDelivery? Remote { get; init; }
    public string? Marking { get; init; }
    public IReadOnlyList<Scan> Scans { get; init; } = [];
    public bool Synthetic { get; init; }

    /// <summary>The handovers that included this record, in log order.</summary>
    public List<long> HandedOverIn { get; private set; } = [];
    public List<AccuracyAssessment> Assessments { get; private set; } = [];

    /// <summary>The record as its entry states it, for one book to hold: what later entries change (its area on the
    /// book's plane, handovers, assessments) starts afresh, since each audience class's book keeps its own.</summary>
    public MinefieldRecord Copy()
    {
        var c = (MinefieldRecord)MemberwiseClone();
        c.AreaM2 = 0;
        c.HandedOverIn = [];
        c.Assessments = [];
        return c;
    }

    /// <summary>Measured accuracy: mines found where recorded over all mines the checked parts held (recorded or not).</summary>
    public double? Accuracy
    {
        get
        {
            var denominator = Assessments.Sum(a => (double)a.Checked + a.Unrecorded);
            return denominator == 0 ? null : Assessments.Sum(a => (double)a.Confirmed) / denominator;
        }
    }
}

/// <summary>A handover of minefield records: who gave which records to whom, when, through whom, in exchange for what.</summary>
public sealed record Handover(string Id, Origin Origin, IReadOnlyList<string> Records, string From, string To, DateTimeOffset At, string? Through,
    string? InExchangeFor, int? MinesStated, string? Note, bool Synthetic);

/// <summary>
/// What survey or clearance found about a record: of the mines the record placed in the checked part, how many were
/// found where recorded (within the tolerance), and how many mines were found there that the record does not show.
/// </summary>
public sealed record AccuracyAssessment(long Index, string Record, Origin Origin, string? Activity, int Checked, int Confirmed, int Unrecorded,
    double? ToleranceM, string? Finding)
{
    public double? Accuracy => Checked + Unrecorded == 0 ? null : (double)Confirmed / (Checked + Unrecorded);
}
