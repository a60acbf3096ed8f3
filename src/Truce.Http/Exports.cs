using Truce.Core.Access;
using Truce.Core.Modules;
using Truce.Core.Services;

namespace Truce.Http;

/// <summary>
/// A way to write a whole collection to a file: GeoJSON, CSV and HXL for every collection (<see cref="StandardExports"/>),
/// and whatever a module adds for one of its own (<see cref="ModuleRegistration.Exports"/>: a module's format of the same
/// name replaces the standard one for that collection). <see cref="Write"/> pages through the collection and writes as
/// it goes, so memory stays flat at any size.
/// </summary>
public sealed record ExportFormat(string Name, string MediaType, string Extension, string Description, Func<ExportJob, Stream, Task> Write);

/// <summary>A format a module adds for one collection (e.g. incidents as UCDP GED).</summary>
public sealed record CollectionExport(string Collection, ExportFormat Format);

/// <summary>An endpoint whose work may take longer than the server's request budget (an export).</summary>
public sealed record RequestBudgetMetadata(TimeSpan Budget);

/// <summary>One export: which collection, for whom, named how; <see cref="Pages"/> reads it a page at a time.</summary>
public sealed class ExportJob
{
    /// <summary>Features per page: the most an export holds in memory at once.</summary>
    public const int PageSize = 5000;

    public required FeatureLayer Layer { get; init; }
    public required Reader Reader { get; init; }
    public required LedgerService Ledger { get; init; }

    /// <summary>Naming, nearest settlement and the stop; its paging fields are set per page.</summary>
    public required LayerQuery Query { get; init; }

    /// <summary>Told how many features were written so far.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The collection in its stable order, a page at a time (<see cref="FeatureLayer.Walk"/>: each page read
    /// under the book's lock, written after it).</summary>
    public IEnumerable<IReadOnlyList<LayerFeature>> Pages()
    {
        long done = 0;
        foreach (var page in Layer.Walk(Reader, Query with { Count = false }, PageSize))
        {
            done += page.Count;
            yield return page;
            Progress?.Report(done);
        }
    }

    /// <summary>How many features the export will hold (one counting pass, for a progress bar).</summary>
    public long Count() => Layer.Query(Reader, Query with { Limit = 1, Count = true }).Matched ?? 0;
}

/// <summary>Which formats each collection has: the standard ones, and the modules' own.</summary>
public sealed class ExportFormats(IEnumerable<CollectionExport> added)
{
    readonly List<CollectionExport> _added = [.. added];

    public IReadOnlyList<ExportFormat> For(string collection) =>
    [
        .. StandardExports.All.Where(s => !_added.Any(a => a.Collection == collection && a.Format.Name == s.Name)),
        .. _added.Where(a => a.Collection == collection).Select(a => a.Format),
    ];

    public ExportFormat? Find(string collection, string name) => For(collection).FirstOrDefault(f => f.Name == name);
}
