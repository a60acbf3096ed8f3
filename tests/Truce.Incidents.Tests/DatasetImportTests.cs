using System.Text.Json.Nodes;
using Truce.Core.Exchange;
using Truce.Incidents.Exchange;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>UCDP GED and ACLED rows as reports (docs/EXCHANGE.md), on sample files written from the codebooks with the
/// awkward rows: date ranges, precision 6 and 7, unknown actors, zero fatalities, quoted commas and line breaks.</summary>
public class DatasetImportTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    static List<DatasetRow> Rows(EventDataset dataset, string file)
    {
        using var text = new StreamReader(Sample(file));
        var rows = new List<DatasetRow>();
        foreach (var (row, errors) in DatasetImport.Read(dataset, text, "jmc", Now))
        {
            Assert.True(errors.Count == 0, string.Join("; ", errors));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Each row submitted as the report it is, through the incidents book.</summary>
    static Dictionary<string, Reports.Report> Import(EventDataset dataset, string file)
    {
        var log = new Log();
        var reports = new Dictionary<string, Reports.Report>(StringComparer.Ordinal);
        foreach (var row in Rows(dataset, file))
        {
            var i = log.Add("report", "jmc", row.Body, Now);
            reports[row.Id] = log.Book.Correlator.Reports[i].Report;
        }
        return reports;
    }

    [Fact]
    public void Ged_rows_become_reports_with_their_windows_precisions_and_deaths()
    {
        var r = Import(EventDataset.UcdpGed, "ucdp-ged-sample.csv");
        Assert.Equal(5, r.Count);
        var one = r["101"];
        Assert.Equal(("dataset", "UCDP GED", "101"), (one.SourceKind, one.SourceName, one.SourceId));
        Assert.Equal(("armed-clash", "settlement"), (one.Type, one.LocationPrecision));
        Assert.Equal((DateTimeOffset.Parse("2020-10-02T00:00:00Z"), DateTimeOffset.Parse("2020-10-02T23:59:59Z")), (one.Start, one.End));
        Assert.Equal([("Government of A", "military", 2.0), ("Group B", "military", 1.0)], one.Casualties.Select(c => (c.Side, c.Status, c.Killed!.Best!.Value)));
        // Every column is kept as the dataset wrote it, quotes and commas too.
        Assert.Equal(49, one.SourceFields!.Count);
        Assert.Equal("Clashes near Village One, \"heavy\" fighting reported", one.SourceFields["source_headline"]);

        // A date range is the window; a one-sided event is an attack on civilians; a line break inside quotes is kept.
        var two = r["102"];
        Assert.Equal((DateTimeOffset.Parse("2020-10-01T00:00:00Z"), DateTimeOffset.Parse("2020-10-05T23:59:59Z")), (two.Start, two.End));
        Assert.Equal(("attack-on-civilians", 25_000.0), (two.Type, two.RadiusM!.Value));
        Assert.Equal(("civilian", 4.0), (two.Casualties.Single().Status, two.Casualties.Single().Killed!.Best!.Value));
        Assert.Contains("river,\nexact place", two.Description, StringComparison.Ordinal);

        // Country level (6), unknown actors, a month, no deaths: coarse, and "0 killed" rather than nothing.
        var three = r["103"];
        Assert.Equal(500_000, three.RadiusM);
        Assert.Equal("low", three.Confidence);
        Assert.Equal(("unknown", "unknown", 0.0), (three.Casualties.Single().Side, three.Casualties.Single().Status, three.Casualties.Single().Killed!.Best!.Value));
        Assert.True(Correlation.Coarseness.Of(three, new Correlation.CorrelationSettings()).Coarse);

        // Over water (7), dated to a year: the window is the year.
        var four = r["104"];
        Assert.Equal(500_000, four.RadiusM);
        Assert.Equal(DateTimeOffset.Parse("2020-12-31T23:59:59Z"), four.End);
        Assert.Equal("district", r["105"].LocationPrecision);
    }

    [Fact]
    public void Acled_rows_become_reports_with_week_and_month_windows()
    {
        var r = Import(EventDataset.Acled, "acled-sample.csv");
        Assert.Equal(5, r.Count);
        Assert.Equal(("armed-clash", "settlement", 5.0), (r["TST1001"].Type, r["TST1001"].LocationPrecision, r["TST1001"].Casualties.Single().Killed!.Best!.Value));
        var week = r["TST1002"];
        Assert.Equal(("artillery", "district"), (week.Type, week.LocationPrecision));
        Assert.Equal((DateTimeOffset.Parse("2020-10-04T00:00:00Z"), DateTimeOffset.Parse("2020-10-10T23:59:59Z")), (week.Start, week.End));
        Assert.Equal(0, week.Casualties.Single().Killed!.Best);
        var month = r["TST1003"];
        Assert.Equal(("demonstration", "unrest", "region"), (month.Type, month.Category, month.LocationPrecision));
        Assert.Equal((DateTimeOffset.Parse("2020-10-01T00:00:00Z"), DateTimeOffset.Parse("2020-10-31T23:59:59Z")), (month.Start, month.End));
        Assert.Equal("civilian", r["TST1004"].Casualties.Single().Status);
        Assert.Equal("air-strike", r["TST1005"].Type);
        Assert.Equal("Unidentified Armed Group (Testland)", week.SourceFields!["actor1"]);
    }

    [Fact]
    public void Reading_a_file_again_gives_the_same_client_ids_and_bodies()
    {
        var first = Rows(EventDataset.UcdpGed, "ucdp-ged-sample.csv");
        var again = Rows(EventDataset.UcdpGed, "ucdp-ged-sample.csv");
        Assert.Equal(first.Select(r => r.Cid), again.Select(r => r.Cid));
        Assert.Equal("ucdp-ged:101", first[0].Cid);
        Assert.Equal(first.Select(r => r.Body.ToJsonString()), again.Select(r => r.Body.ToJsonString()));
        // A non-public row's nonce comes from the party's secret and the row, so it is the same each time.
        var secret = new byte[32];
        DatasetImport.Seal(first[0].Body, secret, first[0].Cid);
        DatasetImport.Seal(again[0].Body, secret, again[0].Cid);
        Assert.Equal(first[0].Body["nonce"]!.ToString(), again[0].Body["nonce"]!.ToString());
        Assert.StartsWith("acled:sha256-", DatasetImport.CidOf(EventDataset.Acled, "id with spaces"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_row_is_named_by_row_and_column()
    {
        var lines = File.ReadAllText(Sample("ucdp-ged-sample.csv")).Replace("39.82,46.75,POINT", "north,46.75,POINT", StringComparison.Ordinal)
            .Replace("2020-01-01,2020-12-31", "2020-01-01,2022-12-31", StringComparison.Ordinal);
        var check = DatasetImport.Check(EventDataset.UcdpGed, new StringReader(lines), "jmc", Now);
        Assert.False(check.Ok);
        Assert.Equal((5L, 2L), (check.Rows, check.BadRows));
        Assert.Contains(check.Errors, e => e.Row == 1 && e.Column == "latitude" && e.Problem.Contains("must be a number", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Row == 4 && e.Column == "date_end" && e.Problem.Contains("366 days", StringComparison.Ordinal));

        var missing = Assert.Throws<Core.Entries.ValidationException>(() => DatasetImport.Check(EventDataset.Acled, new StringReader("event_id_cnty,event_date\nX,2020-01-01\n"), "jmc", Now));
        Assert.Contains("no column 'time_precision'", missing.Message, StringComparison.Ordinal);
        var twice = File.ReadAllText(Sample("acled-sample.csv")).Replace("TST1002", "TST1001", StringComparison.Ordinal);
        Assert.Contains(DatasetImport.Check(EventDataset.Acled, new StringReader(twice), "jmc", Now).Errors, e => e.Row == 2 && e.Column == "event_id_cnty");
        var unknownType = File.ReadAllText(Sample("acled-sample.csv")).Replace("Protests,Peaceful protest", "Festivities,Parade", StringComparison.Ordinal);
        Assert.Contains(DatasetImport.Check(EventDataset.Acled, new StringReader(unknownType), "jmc", Now).Errors, e => e.Row == 3 && e.Column == "sub_event_type");
    }

    [Fact]
    public void The_csv_reader_reads_what_the_writer_writes_and_bounds_what_it_holds()
    {
        var fields = new[] { "plain", "a, comma", "a \"quote\"", "two\r\nlines", "", " spaced " };
        var text = new StringWriter();
        new CsvWriter(text).Write(fields);
        new CsvWriter(text).Write(["x"]);
        var reader = new CsvReader(new StringReader(text.ToString()));
        Assert.Equal(fields, reader.Read()!);
        Assert.Equal(["x"], reader.Read()!);
        Assert.Equal(3, reader.RecordLine); // the first record's quoted line break is a line of the file
        Assert.Null(reader.Read());

        var r2 = new CsvReader(new StringReader("a,b\n1,\"never closed\n2,3\n"));
        r2.Read();
        Assert.Contains("line 2: a quoted field is not closed", Assert.Throws<Core.Entries.ValidationException>(() => r2.Read()).Message, StringComparison.Ordinal);
        Assert.Throws<Core.Entries.ValidationException>(() => new CsvReader(new StringReader(new string('x', 20) + "\n"), maxFieldChars: 10).Read());
        Assert.Throws<Core.Entries.ValidationException>(() => new CsvReader(new StringReader("a,b,c\n"), maxColumns: 2).Read());
    }

    [Fact]
    public void Source_fields_belong_to_a_dataset_report_only()
    {
        var log = new Log();
        var body = Report("mortar", T0, 5, "patrol", "p1", (39.95, 46.85));
        body["source"]!["fields"] = new JsonObject { ["x"] = "y" };
        var e = Assert.Throws<Core.Entries.ValidationException>(() => log.Add("report", "pk", body));
        Assert.Equal("body.source.fields", e.Field);
        var dataset = Report("mortar", T0, 5, "dataset", "1", (39.95, 46.85));
        Assert.Equal("body.source.name", Assert.Throws<Core.Entries.ValidationException>(() => log.Add("report", "pk", dataset)).Field);
    }
}
