using System.CommandLine;
using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Incidents;
using Truce.Incidents.Exchange;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>UCDP GED and ACLED: <c>truce import ucdp-ged|acled FILE</c> (each row a report) and <c>truce export incidents
/// --format ucdp-ged|acled</c>. The mapping is the incidents module's (Truce.Incidents.Exchange); this is the glue.</summary>
static class ExchangeCommands
{
    public static Option<string> ImportVisibility() => new("--visibility")
    {
        Description = "ucdp-ged and acled: who may read the reports (public, mission or party)",
        DefaultValueFactory = _ => "public",
    };

    public static Argument<string> ImportWhat() => new("what")
    {
        Description = "hazards, minefields, or hazard-updates (changes to hazards recorded before: status, type, perimeter, devices …); "
            + "or ucdp-ged or acled: an event dataset's CSV, each row a report (docs/EXCHANGE.md)",
    };

    public static void CheckFile(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ValidationException("file", $"'{path}' does not exist");
        }
        if (info.Length > maxBytes)
        {
            throw new ValidationException("file", $"is {info.Length} bytes; at most {maxBytes}");
        }
    }

    /// <summary>Imports <paramref name="what"/> if it names an event dataset (true), or leaves it to the mine action
    /// import (false): whose records are public, so a visibility other than public is a mistake, not ignored.</summary>
    public static async Task<bool> ImportedDatasetAsync(ParseResult pr, Through through, string what, string path, string data, string party,
        string visibility, bool dry, CancellationToken ct)
    {
        if (EventDataset.Find(what) is { } dataset)
        {
            await ImportAsync(pr, through, dataset, path, data, party, visibility, dry, ct);
            return true;
        }
        if (visibility != "public")
        {
            throw new ValidationException("--visibility", "applies to ucdp-ged and acled imports; hazards and minefield records are public");
        }
        return false;
    }

    static Visibility VisibilityOf(string text) => text switch
    {
        "public" => Visibility.Public,
        "mission" => Visibility.Mission,
        "party" => Visibility.Party,
        _ => throw new ValidationException("--visibility", "must be public, mission or party"),
    };

    static async Task ImportAsync(ParseResult pr, Through through, EventDataset dataset, string path, string data, string party,
        string visibility, bool dry, CancellationToken ct)
    {
        var vis = VisibilityOf(visibility);
        CheckFile(path, DatasetImport.MaxFileBytes);
        await using var d = Deployment.Open(data, Cli.Time);
        _ = d.Ledger.Module<IncidentsModule>() ?? throw new ValidationException("--data", "this deployment does not run the incidents module");
        var key = d.LoadKey(party);
        var now = pr.GetValue(through.Server) is null ? d.Ledger.Time.GetUtcNow() : Cli.Time.GetUtcNow();
        DatasetCheck check;
        using (var text = new StreamReader(path))
        {
            check = DatasetImport.Check(dataset, text, party, now, new Rows("checking"), ct);
        }
        foreach (var e in check.Errors)
        {
            Console.WriteLine(e);
        }
        if (!check.Ok)
        {
            var first = check.Errors.Count > 0 ? check.Errors[0] : null;
            throw new ValidationException("file", string.Create(CultureInfo.InvariantCulture,
                $"{first}; {check.BadRows} of {check.Rows} rows are bad (listed above); nothing was stored"));
        }
        if (dry)
        {
            Console.WriteLine($"dry run: all {check.Rows} {dataset.Title} rows are good; {check.Rows} reports would be stored");
            return;
        }
        var before = d.Ledger.Sequencer.Size;
        long done = 0, existing = 0;
        var bar = new Cli.ProgressBar("importing");
        using (var text = new StreamReader(path))
        {
            foreach (var (row, errors) in DatasetImport.Read(dataset, text, party, now))
            {
                if (errors.Count > 0)
                {
                    throw new ValidationException("file", $"{errors[0]} (the file changed while it was imported; rows before it were stored)");
                }
                if (vis != Visibility.Public)
                {
                    DatasetImport.Seal(row.Body, key.Seed, row.Cid);
                }
                var index = await through.SubmitAsync(pr, d, key, IncidentKinds.Report, row.Body, vis, row.Cid, ct);
                existing += index < before ? 1 : 0;
                bar.Report((++done, check.Rows));
            }
        }
        Console.WriteLine($"imported {check.Rows} {dataset.Title} rows as reports: {check.Rows - existing} new, {existing} already recorded");
    }

    /// <summary>Rows checked so far, on the progress bar's line (the total is not known until the end).</summary>
    sealed class Rows(string label) : IProgress<long>
    {
        readonly Cli.ProgressBar _bar = new(label);

        public void Report(long value) => _bar.Report((value, value + 1));
    }
}
