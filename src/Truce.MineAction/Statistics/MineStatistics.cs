namespace Truce.MineAction.Statistics;

/// <summary>Land released (m²) by one key: a month, a method, a district, an organisation.</summary>
public sealed record Released(string Key, double CancelledM2, double ReducedM2, double ClearedM2)
{
    public double TotalM2 => CancelledM2 + ReducedM2 + ClearedM2;
}

/// <summary>Counts of victims by one dimension; never names, never a cross-table that could single a person out.</summary>
public sealed record VictimCounts(IReadOnlyDictionary<string, int> ByYear, IReadOnlyDictionary<string, int> ByDevice,
    IReadOnlyDictionary<string, int> ByAgeGroup, IReadOnlyDictionary<string, int> BySex, IReadOnlyDictionary<string, int> ByOutcome,
    IReadOnlyDictionary<string, int> ByRole, int Total);

public sealed record MineStats(IReadOnlyList<Released> ByMonth, IReadOnlyList<Released> ByActivity, IReadOnlyList<Released> ByMethod, IReadOnlyList<Released> ByDistrict,
    IReadOnlyList<Released> ByOrganisation, Released Total, Released BeforeRecord, IReadOnlyDictionary<string, int> OpenHazardsByType,
    IReadOnlyDictionary<string, int> OpenHazardsByDevice, double OpenHazardM2, IReadOnlyDictionary<string, int> OrdnanceByCategory,
    IReadOnlyDictionary<string, int> AccidentsByYear, VictimCounts Victims);

/// <summary>The module's statistics.</summary>
public static class MineStatistics
{
    /// <summary>
    /// The statistics from the reader's <paramref name="book"/>, but for the victim counts, which come from
    /// <paramref name="published"/>: the book they are published from (<see cref="MineActionModule.ReadWithPublishedCounts{T}"/>).
    /// </summary>
    public static MineStats Compute(MineActionBook book, MineActionBook published, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var activities = book.Activities.Values
            .Where(a => a.Outcomes.Count > 0 && (from is null || a.When >= from) && (to is null || a.When <= to))
            .OrderBy(a => a.Origin.Index).ToList();
        List<Released> By(Func<Records.ReleaseActivity, string> key) => [.. activities.GroupBy(key).Select(g => Sum(g.Key, g)).OrderBy(r => r.Key, StringComparer.Ordinal)];
        var hazards = book.Hazards.Values.Where(h => h.Status == "open").ToList();
        var victims = published.Victims.Values.ToList();
        static IReadOnlyDictionary<string, int> Count<T>(IEnumerable<T> items, Func<T, string> key) =>
            new SortedDictionary<string, int>(items.GroupBy(key).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        var accidentYear = published.Accidents.ToDictionary(a => a.Key, a => a.Value.Time.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var accidentDevice = published.Accidents.ToDictionary(a => a.Key, a => a.Value.Device);
        return new MineStats(
            By(a => a.When.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
            By(a => a.Type),
            By(a => a.Method ?? "unknown"),
            By(a => book.Hazards.GetValueOrDefault(a.Hazard)?.District ?? "unknown"),
            By(a => a.Organisation),
            Sum("total", activities),
            BeforeRecord(book.Hazards.Values),
            Count(hazards, h => h.Type),
            Count(hazards.SelectMany(h => h.Devices.DefaultIfEmpty("unknown")), d => d),
            Math.Round(hazards.Sum(h => h.RemainingM2), 2),
            new SortedDictionary<string, int>(book.Ordnance.Values.GroupBy(o => o.Category)
                .ToDictionary(g => g.Key, g => g.Sum(o => o.Quantity)), StringComparer.Ordinal),
            Count(book.Accidents.Values, a => a.Time.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new VictimCounts(Count(victims, v => accidentYear.GetValueOrDefault(v.Accident, "unknown")), Count(victims, v => accidentDevice.GetValueOrDefault(v.Accident, "unknown")),
                Count(victims, v => v.AgeGroup), Count(victims, v => v.Sex), Count(victims, v => v.Outcome), Count(victims, v => v.Role), victims.Count));
    }

    /// <summary>Land released before the hazards were recorded here, as their sources (imports) state it: not in any
    /// period or activity above, since the record does not say when or by whom.</summary>
    static Released BeforeRecord(IEnumerable<Hazards.Hazard> hazards)
    {
        double Of(string outcome) => Math.Round(hazards.Sum(h => h.ReleasedBefore.GetValueOrDefault(outcome)), 2);
        return new Released("before-record", Of("cancelled"), Of("reduced"), Of("cleared"));
    }

    static Released Sum(string key, IEnumerable<Records.ReleaseActivity> activities)
    {
        double c = 0, r = 0, cl = 0;
        foreach (var o in activities.SelectMany(a => a.Outcomes))
        {
            switch (o.Kind)
            {
                case "cancelled": c += o.ReleasedM2; break;
                case "reduced": r += o.ReleasedM2; break;
                default: cl += o.ReleasedM2; break;
            }
        }
        return new Released(key, Math.Round(c, 2), Math.Round(r, 2), Math.Round(cl, 2));
    }
}
