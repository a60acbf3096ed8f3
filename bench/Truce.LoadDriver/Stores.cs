namespace Truce.LoadDriver;

/// <summary>
/// The deployments an append run writes to: one (SQLite, or PostgreSQL with --store), or with --compare one of each,
/// holding the same demo log and keys, that take every round in turn, SQLite first, with the same entries. Interleaved
/// so that both figures of a round's ratio come from the same minutes of a shared machine.
/// </summary>
sealed class Stores : IAsyncDisposable
{
    Stores(IReadOnlyList<Workload> all) => All = all;

    public IReadOnlyList<Workload> All { get; }

    public bool Comparing => All.Count > 1;

    public static async Task<Stores> CreateAsync(Options o) =>
        new(o.Compare ? await Workload.CreatePairAsync(o, o.Store!) : [await Workload.CreateAsync(o, o.Store)]);

    /// <summary>A store's figures are named, but for a plain SQLite run, which prints as before there was a choice.</summary>
    bool Named(Workload w) => Comparing || w.Database is not null;

    /// <summary>What a store's part of a round's line starts with.</summary>
    public string Label(Workload w) => Named(w) ? $"{w.Store}: " : "";

    /// <summary>What a store's closing line starts with: "RESULT command[ store]:".</summary>
    public string Result(string command, Workload w) => $"RESULT {command}{(Named(w) ? " " + w.Store : "")}:";

    /// <summary>"; postgres/sqlite R" for round <paramref name="r"/> when comparing: the rates of <paramref name="rates"/>, a list per store.</summary>
    public string RoundRatio(IReadOnlyList<List<Reading>> rates, int r) =>
        Comparing ? $"; postgres/sqlite {Stats.Ratio(rates[1][r].Rate / rates[0][r].Rate)}" : "";

    /// <summary>The closing line of a comparison: the PostgreSQL/SQLite ratio of every round and their median.</summary>
    public void PrintRatios(string command, IReadOnlyList<List<Reading>> rates)
    {
        if (Comparing)
        {
            var ratios = rates[1].Zip(rates[0], (p, s) => p.Rate / s.Rate).ToList();
            // By rate only: the CPU this process measures leaves out the PostgreSQL server's, which runs in processes of its own.
            Console.WriteLine($"RESULT {command} postgres/sqlite: median {Stats.Ratio(Stats.Median(ratios))} by rate " +
                $"[{string.Join(", ", ratios.Select(Stats.Ratio))}]");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in All)
        {
            await w.DisposeAsync();
        }
    }
}
