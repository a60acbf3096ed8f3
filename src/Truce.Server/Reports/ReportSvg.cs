using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Modules.Shared;

namespace Truce.Server.Reports;

/// <summary>
/// A report's map and chart as SVG drawn on the server, so the page needs no script and prints as it shows (HTML and
/// PDF alike). Text in them is escaped; numbers are written with the invariant culture, so the bytes are the same
/// wherever the report is made.
/// </summary>
public static class ReportSvg
{
    const double Width = 760;

    static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The period's events (filled) and the previous period's (hollow) over the bundled Natural Earth land,
    /// framed on the deployment's recorded area, or on the events when it has none.</summary>
    public static string Map(SituationReport r, RecordedArea? area)
    {
        var (minLon, minLat, maxLon, maxLat) = area is not null ? (area.MinLon, area.MinLat, area.MaxLon, area.MaxLat) : Frame(r);
        var k = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        var scale = Width / ((maxLon - minLon) * k);
        var height = Math.Max(200, (maxLat - minLat) * scale);
        (double X, double Y) P(double lat, double lon) => ((lon - minLon) * k * scale, (maxLat - lat) * scale);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-label=\"Map of the incidents of the period\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"#dfeaf2\"/>");
        foreach (var ring in Land(minLon, minLat, maxLon, maxLat))
        {
            svg.Append("<path fill=\"#f2efe9\" stroke=\"#8c8c8c\" stroke-width=\"0.8\" d=\"");
            for (int i = 0; i < ring.Length; i++)
            {
                var (x, y) = P(ring[i].Y, ring[i].X);
                svg.Append(i == 0 ? 'M' : 'L').Append(N(x)).Append(',').Append(N(y));
            }
            svg.Append("Z\"/>");
        }
        foreach (var e in r.Events.Where(e => r.Period.InPrevious(e.Time)))
        {
            var (x, y) = P(e.Lat, e.Lon);
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"3\" fill=\"none\" stroke=\"#6b6b6b\"/>");
        }
        foreach (var e in r.Events.Where(e => r.Period.Contains(e.Time)))
        {
            var (x, y) = P(e.Lat, e.Lon);
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"4\" fill=\"#b00020\" stroke=\"#fff\"><title>{E(e.Id)}: {E(e.Type)}</title></circle>");
        }
        return svg.Append("</svg>").ToString();
    }

    static (double, double, double, double) Frame(SituationReport r)
    {
        if (r.Events.Count == 0)
        {
            return (-10, -10, 10, 10);
        }
        var (a, b, c, d) = (r.Events.Min(e => e.Lon), r.Events.Min(e => e.Lat), r.Events.Max(e => e.Lon), r.Events.Max(e => e.Lat));
        var pad = Math.Max(0.1, Math.Max(c - a, d - b) * 0.1);
        return (a - pad, b - pad, c + pad, d + pad);
    }

    /// <summary>Counts per type, this period's bar above the previous one's, the most frequent first.</summary>
    public static string Chart(SituationReport r)
    {
        var rows = r.ByType.Take(12).ToList();
        const double label = 190, bar = 11, gap = 8;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(x => Math.Max(x.Now, x.Before)));
        var height = 30 + rows.Count * (2 * bar + gap);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-label=\"Incidents by type, this period and the previous one\">");
        svg.Append("<rect x=\"0\" y=\"4\" width=\"12\" height=\"10\" fill=\"#b00020\"/><text x=\"18\" y=\"13\" font-size=\"12\">this period</text>");
        svg.Append("<rect x=\"110\" y=\"4\" width=\"12\" height=\"10\" fill=\"#9a9a9a\"/><text x=\"128\" y=\"13\" font-size=\"12\">previous period</text>");
        for (int i = 0; i < rows.Count; i++)
        {
            var y = 26 + i * (2 * bar + gap);
            var (now, before) = ((Width - label - 40) * rows[i].Now / max, (Width - label - 40) * rows[i].Before / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(label - 6)}\" y=\"{N(y + bar + 3)}\" font-size=\"12\" text-anchor=\"end\">{E(rows[i].Key)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(label)}\" y=\"{N(y)}\" width=\"{N(now)}\" height=\"{N(bar)}\" fill=\"#b00020\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(label + now + 4)}\" y=\"{N(y + bar - 1)}\" font-size=\"11\">{rows[i].Now}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(label)}\" y=\"{N(y + bar)}\" width=\"{N(before)}\" height=\"{N(bar)}\" fill=\"#9a9a9a\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(label + before + 4)}\" y=\"{N(y + 2 * bar - 1)}\" font-size=\"11\">{rows[i].Before}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    static readonly Dictionary<(double, double, double, double), Coordinate[][]> Clipped = [];

    /// <summary>Frames whose land is kept. A deployment with a recorded area has one frame; without one, the frame follows
    /// the events of the period a reader asks for, and readers choose the period, so the kept frames are bounded.</summary>
    public const int MaxFrames = 32;

    /// <summary>How many frames' land is kept now (never more than <see cref="MaxFrames"/>).</summary>
    public static int FramesKept
    {
        get
        {
            lock (Clipped)
            {
                return Clipped.Count;
            }
        }
    }

    /// <summary>The land of the bundled basemap (wwwroot/basemap, built by scripts/web), clipped to the frame once per
    /// frame; none when the dashboard's files were not built. Under a lock: a new frame is rare (a report's period), and
    /// the bound holds exactly.</summary>
    static Coordinate[][] Land(double minLon, double minLat, double maxLon, double maxLat)
    {
        var frame = (minLon, minLat, maxLon, maxLat);
        lock (Clipped)
        {
            if (!Clipped.TryGetValue(frame, out var land))
            {
                if (Clipped.Count >= MaxFrames)
                {
                    // Clipping again is one parse of the basemap; an unbounded cache would be memory any reader could fill.
                    Clipped.Clear();
                }
                Clipped[frame] = land = Clip(minLon, minLat, maxLon, maxLat);
            }
            return land;
        }
    }

    static Coordinate[][] Clip(double minLon, double minLat, double maxLon, double maxLat)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "basemap", "countries.geojson");
        if (!File.Exists(path))
        {
            return [];
        }
        var factory = new GeometryFactory();
        var frame = factory.ToGeometry(new Envelope(minLon, maxLon, minLat, maxLat));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var rings = new List<Coordinate[]>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var g = f.GetProperty("geometry");
            var polygons = g.GetProperty("type").GetString() == "Polygon" ? [g.GetProperty("coordinates")] : g.GetProperty("coordinates").EnumerateArray().ToList();
            foreach (var p in polygons)
            {
                var shell = factory.CreateLinearRing([.. p[0].EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble()))]);
                var polygon = factory.CreatePolygon(shell);
                if (!polygon.EnvelopeInternal.Intersects(frame.EnvelopeInternal) || !polygon.IsValid)
                {
                    continue;
                }
                var cut = polygon.Intersection(frame);
                for (int i = 0; i < cut.NumGeometries; i++)
                {
                    if (cut.GetGeometryN(i) is Polygon { IsEmpty: false } piece && piece.ExteriorRing.NumPoints >= 4)
                    {
                        rings.Add(piece.ExteriorRing.Coordinates);
                    }
                }
            }
        }
        return [.. rings];
    }
}
