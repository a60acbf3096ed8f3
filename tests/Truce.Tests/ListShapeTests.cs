using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>
/// Every list of the JSON API answers {items, next, total}: walked a few at a time by following `next`, as two readers
/// whose books differ, the pages put together are the whole list (what one page of all of it holds), with nothing
/// twice, and `total` is that many on every page. Bad paging arguments are refused, naming the argument.
/// </summary>
public class ListShapeTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    /// <summary>The demo's lists, and the gazetteer's (shipped data) near a point and by kind.</summary>
    public static TheoryData<string> Lists()
    {
        var lists = new TheoryData<string>();
        foreach (var list in Requests.Lists.Append("/api/places/?kind=region"))
        {
            lists.Add(list);
        }
        return lists;
    }

    static string With(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_list_walked_in_small_pages_is_the_whole_list_once(string list)
    {
        foreach (var reader in new string?[] { null, "az", "mission" }.Where(r => r is not null || !list.StartsWith("/api/hotline", StringComparison.Ordinal)))
        {
            using var c = f.Client(reader);
            var first = await Page(c, With(list, "limit=1"));
            var total = first["total"]!.GetValue<long>();
            // Pages of two for a small list, about 30 pages for a large one.
            var limit = (int)Math.Max(2, (total + 29) / 30);
            var walked = new List<string>();
            string? next = null;
            var pages = 0;
            do
            {
                var page = await Page(c, With(list, $"limit={limit}") + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}"));
                Assert.Equal(total, page["total"]!.GetValue<long>());
                var items = page["items"]!.AsArray();
                Assert.True(items.Count <= limit, $"{list}: {items.Count} items on a page of {limit}");
                walked.AddRange(items.Select(i => i!.ToJsonString()));
                next = page["next"]?.GetValue<string>();
                Assert.True(next is null || items.Count == limit, $"{list}: a page short of {limit} says there is more");
                pages++;
            }
            while (next is not null && pages < 2000);
            Assert.Equal(total, walked.Count);
            Assert.Equal(walked.Count, walked.Distinct(StringComparer.Ordinal).Count());
            if (total <= 1000)
            {
                var whole = await Page(c, With(list, "limit=1000"));
                Assert.Null(whole["next"]);
                Assert.Equal(whole["items"]!.AsArray().Select(i => i!.ToJsonString()), walked);
            }
        }
    }

    [Fact]
    public async Task The_demo_lists_are_not_empty_and_readers_see_different_lists()
    {
        using var anon = f.Client();
        using var az = f.Client("az");
        foreach (var list in new[] { "/api/entries", "/api/parties", "/api/incidents", "/api/reports", "/api/hazards", "/api/corridors", "/api/checkpoints",
            "/api/movements", "/api/transits", "/api/agreements", "/api/places/defined", "/api/evidence", "/api/custody" })
        {
            Assert.True((await Page(anon, list))["total"]!.GetValue<long>() > 0, $"{list} is empty in the demo");
        }
        var (pub, own) = ((await Page(anon, "/api/entries"))["total"]!.GetValue<long>(), (await Page(az, "/api/entries"))["total"]!.GetValue<long>());
        Assert.True(own > pub, $"az sees {own} entries, the public {pub}");
        Assert.Equal(0, (await Page(anon, "/api/minefields"))["total"]!.GetValue<long>());
        Assert.True((await Page(az, "/api/minefields"))["total"]!.GetValue<long>() > 0);
    }

    [Theory]
    [InlineData("/api/entries?limit=0", "limit")]
    [InlineData("/api/incidents?limit=1001", "limit")]
    [InlineData("/api/hazards?limit=ten", "limit")]
    [InlineData("/api/parties?limit=1&limit=2", "limit")]
    [InlineData("/api/entries?after=x", "after")]
    [InlineData("/api/reports?after=1.5", "after")]
    [InlineData("/api/incidents?after=I-", "after")]
    [InlineData("/api/corridors?after=12", "after")]
    [InlineData("/api/places/defined?after=~", "after")]
    [InlineData("/api/transits?after=", "after")]
    [InlineData("/api/evidence?after=next", "after")]
    [InlineData("/api/custody?limit=1001", "limit")]
    public async Task Bad_paging_is_refused_naming_the_argument(string url, string field)
    {
        using var c = f.Client();
        using var resp = await c.GetAsync(url.TrimStart('/'));
        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        Assert.Equal("application/problem+json", resp.Content.Headers.ContentType?.MediaType);
        var problem = await resp.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    static async Task<JsonNode> Page(HttpClient c, string url)
    {
        using var resp = await c.GetAsync(url.TrimStart('/'));
        var text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == HttpStatusCode.OK, $"{url}: {(int)resp.StatusCode} {text}");
        var page = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["items", "next", "total"], page.Select(p => p.Key).Where(k => k is "items" or "next" or "total").Order(StringComparer.Ordinal));
        return page;
    }
}
