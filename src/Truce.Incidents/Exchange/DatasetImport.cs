using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Exchange;
using Truce.Incidents.Reports;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Incidents.Exchange;

/// <summary>What a check of a whole file found: how many rows, and the problems (at most <see cref="DatasetImport.MaxErrors"/>
/// listed, every bad row counted).</summary>
public sealed record DatasetCheck(long Rows, long BadRows, IReadOnlyList<DatasetRowError> Errors)
{
    public bool Ok => BadRows == 0 && Rows > 0;
}

/// <summary>
/// Reads an event dataset's CSV (docs/EXCHANGE.md) as report bodies, one row at a time: each row is checked with the
/// report's own rules (the rules admission applies), and a problem is named by row and column. A caller checks the
/// whole file first and stores nothing unless every row is good, then reads it again to submit.
/// </summary>
public static class DatasetImport
{
    public const int MaxErrors = 100;
    public const long MaxFileBytes = 2L << 30;

    public static DatasetCheck Check(EventDataset dataset, TextReader text, string party, DateTimeOffset now,
        IProgress<long>? progress = null, CancellationToken stop = default)
    {
        var errors = new List<DatasetRowError>();
        long rows = 0, bad = 0;
        foreach (var (row, rowErrors) in Read(dataset, text, party, now))
        {
            stop.ThrowIfCancellationRequested();
            rows++;
            if (rowErrors.Count > 0)
            {
                bad++;
                errors.AddRange(rowErrors.Take(Math.Max(0, MaxErrors - errors.Count)));
            }
            if (rows % 1000 == 0)
            {
                progress?.Report(rows);
            }
        }
        if (rows == 0)
        {
            errors.Add(new DatasetRowError(0, "file", "holds no rows"));
        }
        return new DatasetCheck(rows, bad, errors);
    }

    /// <summary>Every row as a report body, in file order; a row with a problem comes with its errors (and no body
    /// fit to submit). A header without a column the mapping needs is refused at once.</summary>
    public static IEnumerable<(DatasetRow Row, List<DatasetRowError> Errors)> Read(EventDataset dataset, TextReader text, string party, DateTimeOffset now)
    {
        var csv = new CsvReader(text);
        var header = csv.Read() ?? throw new ValidationException("file", "is empty: the first line names the columns");
        var columns = Columns(dataset, header);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long row = 0;
        while (csv.Read() is { } cells)
        {
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue; // a blank line
            }
            row++;
            var errors = new List<DatasetRowError>();
            if (cells.Length != header.Length)
            {
                errors.Add(new DatasetRowError(row, "row", $"has {cells.Length} cells; the header has {header.Length}"));
                yield return (new DatasetRow(row, "", "", []), errors);
                continue;
            }
            var c = new DatasetCells(row, columns, cells, errors);
            var id = c.Text(dataset.IdColumn, required: true) ?? "";
            if (id.Length > 0 && !seen.Add(id))
            {
                c.Fail(dataset.IdColumn, $"'{id}' appears twice in the file");
            }
            var body = dataset.Body(c);
            var cid = CidOf(dataset, id);
            if (errors.Count == 0)
            {
                errors.AddRange(Admission(dataset, body, party, cid, now).Select(e => new DatasetRowError(row, dataset.ColumnOf(e.Field), e.Problem)));
            }
            yield return (new DatasetRow(row, id, cid, body), errors);
        }
    }

    static Dictionary<string, int> Columns(EventDataset dataset, string[] header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (name.Length > 0 && !columns.TryAdd(name, i))
            {
                throw new ValidationException("file", $"column '{name}' appears twice in the header");
            }
        }
        if (dataset.Required.FirstOrDefault(r => !columns.ContainsKey(r)) is { } missing)
        {
            throw new ValidationException("file", $"has no column '{missing}': a {dataset.Title} file needs {string.Join(", ", dataset.Required)}");
        }
        return columns;
    }

    /// <summary>The row's body read as admission reads a report: every bad field, then every field the kind lacks.</summary>
    static List<FieldError> Admission(EventDataset dataset, JsonObject body, string party, string cid, DateTimeOffset now)
    {
        using var fields = FieldTracker.Begin();
        var element = JsonSerializer.SerializeToElement(body);
        var env = new Envelope { Log = "import", Kind = IncidentKinds.Report, Party = party, Key = "import", Time = now, Cid = cid, Body = "" };
        var read = ReportParser.Read(0, env, element);
        var errors = read.Errors.ToList();
        if (errors.Count == 0)
        {
            try
            {
                read.Resolve(Taxonomy.Taxonomy.Shipped);
            }
            catch (ValidationException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        return [.. errors, .. fields.Unknown(element, IncidentKinds.Report)];
    }

    /// <summary>The client id of a row: the dataset's name and the row's id, so importing the file again finds the same
    /// entries (the same id and body are the same entry). An id with characters a client id may not hold is hashed.</summary>
    public static string CidOf(EventDataset dataset, string id) =>
        id.Length is > 0 and <= 100 && id.All(IsIdChar) ? $"{dataset.Name}:{id}"
            : $"{dataset.Name}:sha256-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32]}";

    static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '-';

    /// <summary>A non-public body carries a nonce so its digest cannot be guessed; an import derives it from the party's
    /// secret and the row's client id, so that the same row signed again has the same body and stays one entry.</summary>
    public static void Seal(JsonObject body, byte[] secret, string cid) =>
        body["nonce"] = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("truce-import-nonce\n" + cid))[..18]);
}
