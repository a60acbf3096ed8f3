using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules;
using Truce.MineAction.Demo;

namespace Truce.MineAction;

/// <summary>
/// Mine action as a ledger module (docs/MINEACTION.md): minefield records and handovers, hazards and land release,
/// ordnance, accidents and victims, and the hazard index behind the safety queries. In memory, one book per audience
/// class; at start-up it loads its snapshot, if one fits the log, and replays the entries after it (otherwise the
/// whole log).
/// </summary>
public sealed class MineActionModule : InMemoryModule<MineActionBook>, ISnapshotModule
{
    /// <summary>One spatial index for every book (a hazard the books of several audience classes share is indexed once).</summary>
    readonly SharedIndex _index;

    public MineActionModule()
        : this(new SharedIndex())
    {
    }

    MineActionModule(SharedIndex index)
        : base(MineActionKinds.Declared, () => new MineActionBook(index)) => _index = index;

    protected override void Forget() => _index.Clear();

    public int SnapshotFormat => MineActionBook.SnapshotFormat;

    /// <summary>
    /// The module's one publication rule (docs/SECURITY.md): victims are counted for every reader as
    /// <paramref name="publisher"/> (the mission) counts them. A victim record is never public (SPEC §3.2), yet how many
    /// people mines killed and injured, by year, device, age group, sex and role, is what mine action reports publish;
    /// counts only, never a record. Every other part of an answer comes from the reader's own book.
    /// </summary>
    public T ReadWithPublishedCounts<T>(Reader reader, Reader publisher, Func<MineActionBook, MineActionBook, T> query) =>
        Read(reader, book => Read(publisher, published => query(book, published)));

    IReadOnlyList<FeatureLayer>? _layers;

    public override IReadOnlyList<FeatureLayer> Layers => _layers ??= Queries.MineLayers.Of(this);

    public override ModuleSummary? Summarise(Reader reader, IModuleHost host) => Read(reader, b =>
    {
        var open = b.Hazards.Values.Where(h => h.Status == "open").ToList();
        var byType = open.GroupBy(h => h.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        var km2 = (open.Sum(h => h.RemainingM2) / 1e6).ToString("0.##", CultureInfo.InvariantCulture);
        return new ModuleSummary("Mine action",
            [$"{open.Count} open hazards you may see ({string.Join(", ", byType)}), {km2} km² still suspected or confirmed; {b.Hazards.Count - open.Count} closed. Absence of a record is not safety: ask whether a place or route is safe, and read what the answer rests on."],
            [new SummaryLink("Hazards", "/api/hazards"), new SummaryLink("statistics", "/api/mine-action/stats")]);
    });

    public override Task LoadDemoAsync(IDemoWriter demo) => DemoMineAction.LoadAsync(demo, this);

    public void Save(SnapshotWriter to) => ReadAll(books => Books(to, books));

    public void Load(SnapshotReader from)
    {
        _index.Clear();
        ReplaceAll(Books(from, []));
    }

    /// <summary>The books in class order, saved or loaded (into new books on the module's index).</summary>
    List<MineActionBook> Books(SnapshotIo io, IReadOnlyList<MineActionBook> books) =>
        io.List(books, (io, b) => (io.Loading ? new MineActionBook(_index) : b).Snapshot(io));
}
