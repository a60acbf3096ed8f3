using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Truce.Server;

namespace Truce.Tests;

/// <summary>
/// The endpoints that take a file or a large body, through the real server: the import check (CSV and GeoJSON, hazards
/// and minefields), the safety query for a route or parcel, and entry submission. Mutated valid uploads, random bytes,
/// wrong content types and bodies over the 1 MiB limit: every answer is a 2xx or a 4xx problem with a message, never a
/// 5xx; an oversize body is cut off at the limit (413), and the heap stops growing once buffer pools have filled.
/// </summary>
public class UploadFuzzTests(ServerFixture f, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    static readonly int Cases = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly" ? 20_000 : 1_500;

    const string Square = "POLYGON ((46.701 39.801, 46.702 39.801, 46.702 39.802, 46.701 39.802, 46.701 39.801))";

    static readonly (string Path, string Body)[] Samples =
    [
        ("api/mine-action/import/check?what=hazards&format=csv",
            "id,type,name,district,devices,evidence,blockages,beneficiaries,benchmark_lon,benchmark_lat,perimeter_wkt,synthetic\n"
            + $"FUZZ-H1,SHA,Field by the road,Aghdam,ap-mine;uxo,sighting:high;hearsay:low,road,40,46.70,39.80,\"{Square}\",true\n"
            + $"FUZZ-H2,CHA,Orchard,Aghdam,at-mine,sighting:medium,,5,46.71,39.81,\"{Square.Replace("46.70", "46.71", StringComparison.Ordinal)}\",true\n"),
        ("api/mine-action/import/check?what=minefields&format=csv",
            "id,laid_by,district,pattern,perimeter_wkt,rp1_name,rp1_lon,rp1_lat,rp2_name,rp2_lon,rp2_lat,mine_type,mine_model,mine_number,emplacing,fuze,anti_handling,laid_from,laid_until,marking,synthetic\n"
            + $"FUZZ-MF1,am,Aghdam,row,\"{Square}\",RP1,46.69,39.79,RP2,46.695,39.795,ap,PMN-2,12,hand,pressure,false,2020-10-01T00:00:00Z,,fenced,true\n"),
        ("api/mine-action/import/check?what=hazards&format=geojson",
            """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"FUZZ-G1","type":"SHA","district":"Aghdam","benchmark":{"type":"Point","coordinates":[46.7,39.8]},"devices":["uxo"],"evidence":[{"type":"sighting","reliability":"high"}]},"geometry":{"type":"Polygon","coordinates":[[[46.701,39.801],[46.702,39.801],[46.702,39.802],[46.701,39.802],[46.701,39.801]]]}}]}"""),
        ("api/mine-action/import/check?what=minefields&format=geojson",
            """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"FUZZ-GM1","laidBy":"am","district":"Aghdam","pattern":"row","referencePoints":[{"name":"RP1","position":{"type":"Point","coordinates":[46.69,39.79]}},{"name":"RP2","position":{"type":"Point","coordinates":[46.695,39.795]}}],"mines":[{"type":"ap","number":12,"emplacing":"hand","fuze":"pressure"}],"laidFrom":"2020-10-01T00:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[46.701,39.801],[46.702,39.801],[46.702,39.802],[46.701,39.802],[46.701,39.801]]]}}]}"""),
        ("api/safety", """{"geometry":{"type":"LineString","coordinates":[[46.70,39.80],[46.75,39.82],[46.76,39.83]]},"bufferM":50}"""),
        ("api/safety", """{"geometry":{"type":"Polygon","coordinates":[[[46.70,39.80],[46.71,39.80],[46.71,39.81],[46.70,39.80]]]},"bufferM":10,"includeClosed":true}"""),
    ];

    static readonly string?[] ContentTypes = [null, "text/csv", "application/json", "application/geo+json", "multipart/form-data; boundary=----x",
        "application/x-www-form-urlencoded", "application/octet-stream", "text/plain; charset=utf-16", "image/png"];

    static readonly string[] Tokens = ["", "\"", ",", "\n", "\r\n", "\"\"", ";", ":", "NaN", "-1e309", "1e400", "99999999999999999999", "-0", "[", "]", "{", "}",
        "null", "true", "\u0000", "\uFEFF", "🙂", "POLYGON EMPTY", "POLYGON ((0 0, 1 1, 0 0))", "MULTIPOLYGON (((", "GEOMETRYCOLLECTION (POINT (1 2))",
        "\"type\":\"Point\"", "\"coordinates\":[]", "\"features\":{}", "\\u", "\\ud800"];

    static byte[] Mutate(Random rng, string sample)
    {
        var text = sample;
        for (int m = rng.Next(1, 4); m > 0; m--)
        {
            var at = rng.Next(text.Length + 1);
            text = rng.Next(9) switch
            {
                0 => text[..at],
                1 => text.Insert(at, Tokens[rng.Next(Tokens.Length)]),
                2 when text.Length > 0 => text.Remove(Math.Min(at, text.Length - 1), Math.Min(rng.Next(1, 20), text.Length - Math.Min(at, text.Length - 1))),
                3 => text.Insert(at, new string(Tokens[rng.Next(Tokens.Length)] is { Length: > 0 } t ? t[0] : 'x', rng.Next(1, 5000))),
                4 => text.Insert(at, string.Concat(Enumerable.Repeat("[", rng.Next(60, 400)))),
                5 => string.Concat(Enumerable.Repeat(text, rng.Next(2, 30))),
                6 when text.Split('\n').Length > 2 => text + string.Concat(Enumerable.Repeat(text.Split('\n')[1] + "\n", rng.Next(1, 400))),
                7 => text.Replace(",", rng.Next(2) == 0 ? ";" : ",,", StringComparison.Ordinal),
                _ => text.Insert(at, rng.Next(-1000, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (rng.Next(8) == 0 && bytes.Length > 0)
        {
            bytes[rng.Next(bytes.Length)] = (byte)rng.Next(0x80, 0x100); // not UTF-8
        }
        return bytes;
    }

    async Task<int> Send(HttpClient http, string path, byte[] body, string? contentType, bool chunked, List<string> failures, bool expectContinue = false)
    {
        using HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        // An oversize body is refused before it is read: with "Expect: 100-continue" the client waits for that answer
        // instead of writing into a connection the server has closed.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        using var r = await http.SendAsync(request);
        var status = (int)r.StatusCode;
        var text = await r.Content.ReadAsStringAsync();
        if (status >= 500 || status is >= 300 and < 400)
        {
            failures.Add($"POST {path} ({body.Length} bytes, {contentType}) → {status} {text[..Math.Min(300, text.Length)]}");
        }
        else if (status >= 400)
        {
            string? detail = null;
            try
            {
                detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }
            if (r.Content.Headers.ContentType?.MediaType != "application/problem+json" || string.IsNullOrWhiteSpace(detail) || text.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"POST {path} → {status} without a problem naming the problem: {text[..Math.Min(300, text.Length)]}");
            }
        }
        return status;
    }

    [Fact]
    public async Task No_upload_gets_a_server_error_and_oversize_ones_are_cut_off_at_the_limit()
    {
        using var agency = f.Client("mine-agency");
        agency.Timeout = TimeSpan.FromSeconds(60);
        var failures = new List<string>();
        foreach (var (path, body) in Samples)
        {
            using var r = await agency.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.IsSuccessStatusCode, $"the unmutated sample for {path} is refused: {text}");
            Assert.True(!path.Contains("import", StringComparison.Ordinal) || JsonDocument.Parse(text).RootElement.GetProperty("ok").GetBoolean(), $"{path}: {text}");
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var rng = new Random(2021_06_12);
        var statuses = new SortedDictionary<int, int>();
        var (origin, key) = (f.Deployment.Ledger.Origin, f.Deployment.LoadKey("mine-agency"));
        var heapHalfway = 0L;
        for (int i = 0; i < Cases; i++)
        {
            if (i == Cases / 2)
            {
                heapHalfway = GC.GetTotalMemory(forceFullCollection: true);
            }
            string path;
            byte[] body;
            switch (rng.Next(10))
            {
                case 0:
                    path = Samples[rng.Next(Samples.Length)].Path;
                    body = new byte[rng.Next(0, 4000)];
                    rng.NextBytes(body);
                    break;
                case 1:
                    var (env, b) = Core.Entries.EntryBuilder.Build(origin, "note", key, new System.Text.Json.Nodes.JsonObject { ["text"] = "synthetic upload fuzz" }, DateTimeOffset.UtcNow);
                    path = "api/entries";
                    body = Mutate(rng, JsonSerializer.Serialize(new { envelope = env, body = b }));
                    break;
                default:
                    var sample = Samples[rng.Next(Samples.Length)];
                    path = rng.Next(12) == 0 ? sample.Path.Replace("csv", "geojson", StringComparison.Ordinal) : sample.Path;
                    body = Mutate(rng, sample.Body);
                    break;
            }
            // A mutation may grow a body past the limit: then it goes as the oversize ones below do.
            var oversize = body.Length > TruceServer.MaxRequestBytes;
            var status = await Send(agency, path, body, ContentTypes[rng.Next(ContentTypes.Length)], !oversize && rng.Next(4) == 0, failures, expectContinue: oversize);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(failures.Count < 20, string.Join("\n", failures));
        }

        // Over the limit, with and without a Content-Length: refused at 1 MiB, not read to the end.
        foreach (var path in Samples.Select(s => s.Path).Append("api/entries").Append("log/cosign"))
        {
            foreach (var chunked in new[] { false, true })
            {
                var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("x,", (int)(TruceServer.MaxRequestBytes / 2) + 8192)));
                var status = await Send(agency, path, big, "text/csv", chunked, failures, expectContinue: true);
                Assert.True(status == 413, $"{path} with {big.Length} bytes ({(chunked ? "chunked" : "with a length")}): {status}");
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{Cases} fuzzed uploads and {Samples.Length * 2 + 4} oversize ones: " + string.Join(", ", statuses.Select(s => $"{s.Value} × {s.Key}"))
            + $"; managed heap {heapBefore / 1e6:0.0} MB before, {heapHalfway / 1e6:0.0} MB halfway, {heapAfter / 1e6:0.0} MB after");
        // Buffer pools and caches fill in the first half; a leak would go on growing in the second.
        Assert.True(heapAfter - heapHalfway < 64L << 20, $"the second half of the fuzz left {(heapAfter - heapHalfway) / 1e6:0.0} MB more on the heap");
    }
}
