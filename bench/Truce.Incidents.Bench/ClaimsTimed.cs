using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Ledger.Entries;

namespace Truce.Incidents.Bench;

/// <summary>
/// What claims cost the views: the whole GeoJSON export of N incidents (every incident's view counts its claims), ROUNDS
/// times with no claims (the baseline) and again after CLAIMS claims about random incidents are applied, in one process.
/// The claims go straight into the public's book, the one the export reads (the bench holds no log to append them to).
/// docs/BENCHMARKS.md, "Claims and the views".
/// </summary>
static class ClaimsTimed
{
    public static async Task<int> RunAsync(int n, int claims, int rounds)
    {
        var book = new ExchangeBook(n);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{book.Count:N0} incidents, no claims"));
        for (var r = 0; r < rounds; r++)
        {
            await ExchangeTimed.ExportAsync(book);
        }
        var rng = new Random(7);
        book.Module.Read(Reader.Anonymous, b =>
        {
            for (var k = 0; k < claims; k++)
            {
                var body = new JsonObject
                {
                    ["actor"] = new JsonObject { ["name"] = "Ministry A", ["kind"] = "ministry" },
                    ["stance"] = "asserts",
                    ["incidents"] = new JsonArray(rng.NextInt64(n)),
                    ["quote"] = "synthetic",
                    ["source"] = new JsonObject { ["outlet"] = "TV" },
                };
                var env = new Envelope
                {
                    Log = "synthetic.invalid/bench",
                    Kind = IncidentKinds.Claim,
                    Party = "az",
                    Key = "k0000000000000000",
                    Time = DateTimeOffset.UnixEpoch,
                    Cid = $"claim-{k}",
                    Body = new string('0', 64),
                };
                b.Apply(n + k, env, JsonSerializer.SerializeToElement(body));
            }
            return b.Claims.Count;
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{book.Count:N0} incidents, {claims:N0} claims"));
        for (var r = 0; r < rounds; r++)
        {
            await ExchangeTimed.ExportAsync(book);
        }
        return 0;
    }
}
