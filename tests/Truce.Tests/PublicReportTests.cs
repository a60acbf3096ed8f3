using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// The public report form on the real server over the demo: a report without a token, signed by the server with the
/// public party's server-held key and readable by the mission parties only; contact details in a note only the
/// mission party reads; bad fields refused by name with nothing stored; the page marks its required fields; a sixth
/// report from one address within ten minutes refused with 429, and behind a proxy the deployment trusts, the address
/// is the one the proxy forwards for.
/// </summary>
[Collection("processes")]
public sealed class PublicReportTests
{
    static object Report(string? description = "Shooting heard from the hill after dark.", string type = "small-arms") => new
    {
        category = "ceasefire-violation",
        type,
        start = "2021-03-05T19:30:00Z",
        lat = 39.95,
        lon = 46.62,
        place = "the road above the village",
        description,
        contact = "+000 555 0100 (synthetic)",
    };

    [Fact]
    public async Task The_public_reports_without_a_token_contact_stays_with_the_mission_and_abuse_is_limited()
    {
        var root = Directory.CreateTempSubdirectory("truce-public").FullName;
        try
        {
            await using var d = await DemoLoader.CreateAsync(Path.Combine(root, "data"));
            await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            HttpClient As(string? party)
            {
                var c = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                if (party is not null)
                {
                    c.DefaultRequestHeaders.Authorization = new("Bearer", d.ReadSecret($"{party}-admin.token"));
                }
                return c;
            }
            using var anyone = As(null);
            using var pk = As("pk");
            using var mission = As("mission");
            var page = await anyone.GetStringAsync("/report");
            Assert.Contains("Fields marked * are required.", page, StringComparison.Ordinal);
            Assert.Contains("<textarea id=\"p-description\" name=\"description\" rows=\"5\" maxlength=\"2000\" required", page, StringComparison.Ordinal);
            Assert.Contains("Only the mission reads this", page, StringComparison.Ordinal);

            using var sent = await anyone.PostAsJsonAsync("/api/public/reports", Report());
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var index = (long)JsonNode.Parse(await sent.Content.ReadAsStringAsync())!["index"]!;
            // The report is the mission parties' to triage: the public's API does not show it (its envelope is in the log).
            Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/entries/{index}")).StatusCode);
            var entry = JsonNode.Parse(await pk.GetStringAsync($"/api/entries/{index}"))!;
            Assert.Equal("server", (string?)entry["envelope"]!["signer"]);
            Assert.Equal("public", (string?)entry["envelope"]!["party"]);
            Assert.Equal("party", (string?)entry["envelope"]!["vis"]);
            var asPk = await pk.GetAsync($"/api/reports/{index}");
            Assert.True(asPk.IsSuccessStatusCode, $"{asPk.StatusCode} {await asPk.Content.ReadAsStringAsync()}");
            var missionView = JsonNode.Parse(await asPk.Content.ReadAsStringAsync())!;
            Assert.Equal("public", (string?)missionView["source"]);
            Assert.Equal("low", (string?)missionView["confidence"]);
            Assert.DoesNotContain("555 0100", missionView.ToJsonString(), StringComparison.Ordinal);
            // The contact is the next entry: the mission party reads it; a peacekeeper (a mission party not named) does not.
            var contact = JsonNode.Parse(await mission.GetStringAsync($"/api/entries/{index + 1}"))!;
            Assert.Contains("555 0100", (string?)contact["body"]!["text"], StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await pk.GetAsync($"/api/entries/{index + 1}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/entries/{index + 1}")).StatusCode);

            var size = d.Ledger.Sequencer.Size;
            foreach (var (bad, field) in new[] { (Report(description: null), "body.description"), (Report(type: "tank-battle"), "body.type") })
            {
                using var refused = await anyone.PostAsJsonAsync("/api/public/reports", bad);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Equal(field, (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["field"]);
            }
            Assert.Equal(size, d.Ledger.Sequencer.Size);

            // Three requests so far from this address; two more pass, the sixth is refused.
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await anyone.PostAsJsonAsync("/api/public/reports", Report())).StatusCode);
            }
            // The deployment names no proxy, so a client that says it forwards for another address is still itself.
            using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/public/reports") { Content = JsonContent.Create(Report()) };
            forged.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var limited = await anyone.SendAsync(forged);
            Assert.Equal((HttpStatusCode)429, limited.StatusCode);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(limited.Headers.RetryAfter);
            Assert.Contains("at most 5 public reports", (string?)JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A public report sent by a proxy, forwarding for the addresses <paramref name="chain"/> names.</summary>
    static async Task<HttpStatusCode> SendFor(HttpClient proxy, string chain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/public/reports") { Content = JsonContent.Create(Report()) };
        request.Headers.Add("X-Forwarded-For", chain);
        using var answer = await proxy.SendAsync(request);
        return answer.StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_limit_is_per_forwarded_address_and_a_bad_proxy_setting_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("truce-proxy").FullName;
        var data = Path.Combine(root, "data");
        try
        {
            await (await DemoLoader.CreateAsync(data)).DisposeAsync();
            void Set(JsonNode? proxies)
            {
                var path = Path.Combine(data, "deployment.json");
                var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                config["trustedProxies"] = proxies;
                File.WriteAllText(path, config.ToJsonString());
            }
            // A server on the deployment with these proxies named, checked through a client on loopback.
            async Task Behind(JsonNode proxies, Func<HttpClient, Task> check)
            {
                Set(proxies);
                await using var d = Deployment.Open(data);
                await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
                await app.StartAsync();
                using var proxy = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                await check(proxy);
            }
            await Behind(new JsonArray("127.0.0.1", "::1"), async proxy =>
            {
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, "198.51.100.7"));
                }
                Assert.Equal((HttpStatusCode)429, await SendFor(proxy, "198.51.100.7"));
                // Another client behind the same proxy has its own limit.
                Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, "198.51.100.8"));
            });
            // Behind a chain of named proxies (a load balancer at 192.0.2.10 in front of the proxy on loopback), the limit
            // counts against the client the first of them saw; addresses the client puts before its own change nothing.
            await Behind(new JsonArray("127.0.0.1", "192.0.2.10"), async proxy =>
            {
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, $"203.0.113.{i}, 198.51.100.30, 192.0.2.10"));
                }
                Assert.Equal((HttpStatusCode)429, await SendFor(proxy, "203.0.113.99, 198.51.100.30, 192.0.2.10"));
                Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, "198.51.100.31, 192.0.2.10"));
            });
            // A network named (a load balancer whose address changes): a proxy anywhere in it is believed, hop by hop.
            await Behind(new JsonArray("127.0.0.0/8"), async proxy =>
            {
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, $"198.51.100.40, 127.0.0.{5 + i}"));
                }
                Assert.Equal((HttpStatusCode)429, await SendFor(proxy, "198.51.100.40"));
                Assert.Equal(HttpStatusCode.Created, await SendFor(proxy, "198.51.100.41, 127.0.0.9"));
            });
            // With a proxy named that is not this client, its header is ignored again: loopback is not trusted by default.
            await Behind(new JsonArray("192.0.2.1"), async client =>
            {
                for (var i = 0; i < 6; i++)
                {
                    Assert.Equal(i < 5 ? HttpStatusCode.Created : (HttpStatusCode)429, await SendFor(client, $"198.51.100.{20 + i}"));
                }
            });
            foreach (var bad in new JsonNode[] { "127.0.0.1", new JsonArray("localhost"), new JsonArray("10.1"), new JsonArray("0x7f.0.0.1"), new JsonArray("::ffff:127.0.0.1"),
                new JsonArray("10.0.0.1/16"), new JsonArray("0.0.0.0/0"), new JsonArray("10.0.0.0/33"), new JsonArray("10.0.0.0/"), new JsonArray("10.0.0.0/+8"), new JsonArray("fe80::/8") })
            {
                Set(bad);
                var refused = Assert.Throws<Core.Entries.ValidationException>(() => Deployment.Open(data));
                Assert.Equal("deployment.json trustedProxies", refused.Field);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
