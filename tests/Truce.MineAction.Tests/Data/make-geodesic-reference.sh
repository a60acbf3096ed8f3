#!/usr/bin/env bash
# Writes geodesic-reference.json beside this script: areas, distances and lengths of shapes in the 2020 Karabakh
# ceasefire zone (about 45.0-48.0 E, 38.8-40.8 N), measured by PostGIS `geography` on the WGS 84 spheroid:
#   areaM2 = ST_Area(g::geography), distanceM = ST_Distance(a::geography, b::geography), lengthM = ST_Length(g::geography).
# These are the independently computed values that our own metre arithmetic (a local Transverse Mercator
# projection in C#) is tested against; nothing of ours takes part in making them.
#
#   tests/Truce.MineAction.Tests/Data/make-geodesic-reference.sh
#
# Starts a throwaway PostgreSQL + PostGIS with scripts/postgis (which installs them if missing) in a temporary
# folder on port ${GEOREF_PORT:-55441}, and stops and removes it afterwards. Takes a few seconds.
#
# How the shapes are laid out: each vertex is given in metres east (e) and north (n) of an origin (lon, lat) and
# put at the end of the geodesic of length sqrt(e^2+n^2) at azimuth atan2(e, n) from it (ST_Project). That is
# only a convenient way to draw "a 100 m square" or "a point 40 m from the edge"; the reference numbers are
# measured afterwards, on the finished coordinates. Those are rounded to 9 decimals of a degree (about 0.1 mm)
# and read back from that very GeoJSON text before measuring, so the JSON holds exactly what was measured.
# Each case also has a nominal value and a tolerance; the script fails if PostGIS's value is not within it
# (a check that each shape is what its name says, not a source of the numbers).
#
# What PostGIS computes (3.x with PROJ >= 4.9): areas are GeographicLib geodesic polygon areas (edges are
# geodesics); lengths are sums of GeographicLib geodesic segment lengths; point-to-point distances are geodesic
# distances; for a distance involving a line or polygon, the closest pair of points is found on a sphere (edges
# as great-circle arcs) and the geodesic distance between that pair is returned.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$here/geodesic-reference.json
port=${GEOREF_PORT:-55441}

tmp=$(mktemp -d /tmp/geodesic-ref.XXXXXX)
chmod 755 "$tmp" # when we are root, the server runs as the postgres user, which must reach the cluster in here
pgdir=$tmp/pg
cleanup() {
  "$root/scripts/postgis" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if ! "$root/scripts/postgis" start "$pgdir" "$port" >/dev/null 2>"$tmp/postgis.log"; then
  cat "$tmp/postgis.log" >&2
  exit 1
fi

"$root/scripts/postgis" psql "$pgdir" "$port" -v ON_ERROR_STOP=1 -q -t -A -o "$tmp/out.json" <<'SQL'
SET client_min_messages = notice;
SET extra_float_digits = 1; -- float8 as text: the shortest string that reads back to the same double

CREATE SCHEMA ref;

-- ---------------------------------------------------------------------------------------------------------------
-- Drawing in metres.

-- The point e metres east and n metres north of (lon, lat), at the end of the geodesic from it.
CREATE FUNCTION ref.off(lon float8, lat float8, e float8, n float8) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN e = 0 AND n = 0 THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         ELSE ST_Project(ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, sqrt(e * e + n * n), atan2(e, n))::geometry END
$$;

-- A LineString through the offsets xy = ARRAY[e1,n1, e2,n2, ...] from (lon, lat).
CREATE FUNCTION ref.line(lon float8, lat float8, xy float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ST_MakeLine(ARRAY(
    SELECT ref.off(lon, lat, xy[2 * i - 1], xy[2 * i]) FROM generate_series(1, array_length(xy, 1) / 2) i ORDER BY i))
$$;

-- The same, closed back to its first point.
CREATE FUNCTION ref.ring(lon float8, lat float8, xy float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ref.line(lon, lat, xy || xy[1:2]) $$;

-- A Polygon with the outer ring xy (and optionally one hole).
CREATE FUNCTION ref.poly(lon float8, lat float8, xy float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ST_MakePolygon(ref.ring(lon, lat, xy)) $$;
CREATE FUNCTION ref.poly(lon float8, lat float8, xy float8[], hole float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ST_MakePolygon(ref.ring(lon, lat, xy), ARRAY[ref.ring(lon, lat, hole)]) $$;

-- The corners of a w x h rectangle centred on the offset (ce, cn), its w sides turned rot degrees anticlockwise
-- from east (rot = 0: sides east-west and north-south).
CREATE FUNCTION ref.rect_xy(w float8, h float8, rot float8 DEFAULT 0, ce float8 DEFAULT 0, cn float8 DEFAULT 0)
RETURNS float8[] LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ARRAY[ce + x1 * c - y1 * s, cn + x1 * s + y1 * c,
               ce + x2 * c - y1 * s, cn + x2 * s + y1 * c,
               ce + x2 * c - y2 * s, cn + x2 * s + y2 * c,
               ce + x1 * c - y2 * s, cn + x1 * s + y2 * c]
  FROM (SELECT -w / 2 AS x1, w / 2 AS x2, -h / 2 AS y1, h / 2 AS y2, cos(radians(rot)) AS c, sin(radians(rot)) AS s) q
$$;
CREATE FUNCTION ref.rect(lon float8, lat float8, w float8, h float8, rot float8 DEFAULT 0, ce float8 DEFAULT 0, cn float8 DEFAULT 0)
RETURNS geometry LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ref.poly(lon, lat, ref.rect_xy(w, h, rot, ce, cn)) $$;

-- A polygon whose k-th of n vertices lies radii[k] metres from the offset (ce, cn), at 360*(k-1)/n degrees
-- anticlockwise from east.
CREATE FUNCTION ref.ngon(lon float8, lat float8, radii float8[], ce float8 DEFAULT 0, cn float8 DEFAULT 0)
RETURNS geometry LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ref.poly(lon, lat, (
    SELECT array_agg(v ORDER BY k, j) FROM (
      SELECT k, j, CASE j WHEN 1 THEN ce + radii[k] * cos(2 * pi() * (k - 1) / n)
                          ELSE cn + radii[k] * sin(2 * pi() * (k - 1) / n) END AS v
      FROM (SELECT cardinality(radii) AS n) c, generate_series(1, cardinality(radii)) k, generate_series(1, 2) j) q))
$$;

-- A winding polyline from (lon, lat): nseg steps of step metres, the i-th at azimuth az0 + amp*sin(i*freq) degrees
-- (clockwise from north).
CREATE FUNCTION ref.winding(lon float8, lat float8, nseg int, step float8, az0 float8, amp float8, freq float8)
RETURNS geometry LANGUAGE sql IMMUTABLE STRICT AS $$
  WITH s AS (SELECT i, radians(az0 + amp * sin(i * freq)) AS az FROM generate_series(1, nseg) i),
       c AS (SELECT i, sum(step * sin(az)) OVER w AS e, sum(step * cos(az)) OVER w AS n FROM s WINDOW w AS (ORDER BY i))
  SELECT ST_MakeLine(ARRAY(
    SELECT p FROM (SELECT 0 AS i, ref.off(lon, lat, 0, 0) AS p UNION ALL SELECT i, ref.off(lon, lat, e, n) FROM c) q
    ORDER BY i))
$$;

-- The geometry exactly as its GeoJSON text (9 decimals) reads back; polygons with anticlockwise outer rings and
-- clockwise holes, as RFC 7946 asks. (Only polygons: PostGIS 3.3's ST_ForcePolygonCCW reverses a LineString.)
CREATE FUNCTION ref.exact(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ST_SetSRID(ST_GeomFromGeoJSON(ST_AsGeoJSON(CASE WHEN ST_Dimension(g) = 2 THEN ST_ForcePolygonCCW(g) ELSE g END, 9)), 4326)
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Places (lon, lat) used as origins:
--   Khankendi 46.75 39.82, Shusha 46.75 39.76, Agdam 46.93 39.99, Fuzuli 47.15 39.60, Jabrayil 47.03 39.40,
--   Lachin 46.55 39.64, Kalbajar 46.04 40.10, Zangilan 46.65 39.08, Gubadly 46.58 39.34,
--   and the edges of the region: 45.1 E / 47.9 E, 38.9 N / 40.7 N (corners and mid-edges).

CREATE TABLE ref.areas (ord serial, name text NOT NULL, g geometry NOT NULL, nominal float8 NOT NULL, tol float8 NOT NULL);
INSERT INTO ref.areas (name, g, nominal, tol) VALUES
  ('square 100 m x 100 m, Khankendi 46.75E 39.82N',           ref.rect(46.75, 39.82, 100, 100),  1e4, 20),
  ('square 100 m x 100 m, north-west corner 45.1E 40.7N',     ref.rect(45.10, 40.70, 100, 100),  1e4, 20),
  ('square 100 m x 100 m, south-east corner 47.9E 38.9N',     ref.rect(47.90, 38.90, 100, 100),  1e4, 20),
  ('square 1 km x 1 km, south-west corner 45.1E 38.9N',       ref.rect(45.10, 38.90, 1000, 1000), 1e6, 2000),
  ('square 1 km x 1 km, north-east corner 47.9E 40.7N',       ref.rect(47.90, 40.70, 1000, 1000), 1e6, 2000),
  ('square 1 km x 1 km, Agdam 46.93E 39.99N',                 ref.rect(46.93, 39.99, 1000, 1000), 1e6, 2000),
  ('square 1 km x 1 km, west edge 45.1E 39.8N',               ref.rect(45.10, 39.80, 1000, 1000), 1e6, 2000),
  ('tiny square 10 m x 10 m, Shusha 46.75E 39.76N',           ref.rect(46.75, 39.76, 10, 10),    100, 0.2),
  ('tiny square 10 m x 10 m, north-east corner 47.9E 40.7N',  ref.rect(47.90, 40.70, 10, 10),    100, 0.2),
  ('irregular 12-gon about 300 m across, Fuzuli 47.15E 39.6N',
     ref.ngon(47.15, 39.60, ARRAY[150, 120, 165, 135, 110, 155, 140, 125, 160, 115, 145, 130]), 56150, 150),
  ('irregular 12-gon about 300 m across, north-west 45.3E 40.5N',
     ref.ngon(45.30, 40.50, ARRAY[140, 160, 120, 150, 130, 170, 125, 145, 115, 155, 135, 150]), 59312.5, 150),
  ('polygon with a hole: 1 km square less a central 400 m square, Lachin 46.55E 39.64N',
     ref.poly(46.55, 39.64, ref.rect_xy(1000, 1000), ref.rect_xy(400, 400)), 840000, 2000),
  ('polygon with a hole: 600 m x 400 m less an off-centre 100 m square, south-east 47.7E 39.1N',
     ref.poly(47.70, 39.10, ref.rect_xy(600, 400), ref.rect_xy(100, 100, 0, 150, 50)), 230000, 600),
  ('MultiPolygon: 200 m square and a triangle 400-700 m east of its centre, Jabrayil 47.03E 39.4N',
     ST_Collect(ref.rect(47.03, 39.40, 200, 200), ref.poly(47.03, 39.40, ARRAY[400, -100, 700, -100, 550, 160])), 79000, 200),
  ('MultiPolygon: two 1 km squares 3 km apart, north edge 46.5E 40.7N',
     ST_Collect(ref.rect(46.50, 40.70, 1000, 1000, 0, -2000, -500), ref.rect(46.50, 40.70, 1000, 1000, 0, 2000, -500)), 2e6, 4000),
  ('strip 5 km x 50 m, long axis south-west to north-east, Kalbajar 46.04E 40.1N',
     ref.rect(46.04, 40.10, 5000, 50, 45), 250000, 600),
  ('strip 5 km x 50 m, long axis north-west to south-east, south-east 47.8E 39.0N',
     ref.rect(47.80, 39.00, 5000, 50, -30), 250000, 600),
  ('large irregular 10-gon about 20 km across, centre of the region 46.7E 39.7N',
     ref.ngon(46.70, 39.70, ARRAY[10000, 9000, 11000, 9500, 10500, 8500, 10000, 9000, 11000, 9500]), 280961350, 7e5),
  ('large square 20 km x 20 km, west edge 45.25E 40.0N',    ref.rect(45.25, 40.00, 20000, 20000), 4e8, 1e6),
  ('triangle with 500 m sides, Zangilan 46.65E 39.08N',
     ref.poly(46.65, 39.08, ARRAY[0, 0, 500, 0, 250, 433.0127]), 108253.2, 300),
  ('small scalene triangle, east edge 47.9E 40.0N',
     ref.poly(47.90, 40.00, ARRAY[0, 0, 60, 10, 20, 50]), 1400, 4);

CREATE TABLE ref.distances (ord serial, name text NOT NULL, a geometry NOT NULL, b geometry NOT NULL, nominal float8 NOT NULL, tol float8 NOT NULL);
INSERT INTO ref.distances (name, a, b, nominal, tol) VALUES
  ('point 40 m east of a 100 m square, Khankendi',
     ref.off(46.75, 39.82, 90, 0), ref.rect(46.75, 39.82, 100, 100), 40, 0.1),
  ('point 60 m north of a 100 m square, Khankendi',
     ref.off(46.75, 39.82, 0, 110), ref.rect(46.75, 39.82, 100, 100), 60, 0.1),
  ('point 40 m from the north-east corner of a 100 m square, on the diagonal, Khankendi',
     ref.off(46.75, 39.82, 50 + 40 / sqrt(2), 50 + 40 / sqrt(2)), ref.rect(46.75, 39.82, 100, 100), 40, 0.1),
  ('point 60 m from the south-west corner of a 100 m square, on the diagonal, Khankendi',
     ref.off(46.75, 39.82, -50 - 60 / sqrt(2), -50 - 60 / sqrt(2)), ref.rect(46.75, 39.82, 100, 100), 60, 0.1),
  ('point 60 m east of a 100 m square, south-east corner 47.9E 38.9N',
     ref.off(47.90, 38.90, 110, 20), ref.rect(47.90, 38.90, 100, 100), 60, 0.1),
  ('point 40 m west of a 1 km square, west edge 45.1E 39.8N',
     ref.off(45.10, 39.80, -540, 120), ref.rect(45.10, 39.80, 1000, 1000), 40, 0.3),
  ('point 60 m south of a 1 km square, north-east corner 47.9E 40.7N',
     ref.off(47.90, 40.70, -200, -560), ref.rect(47.90, 40.70, 1000, 1000), 60, 0.3),
  ('point 40 m beyond a convex vertex of the irregular 12-gon, Fuzuli',
     ref.off(47.15, 39.60, 205 * cos(pi() / 3), 205 * sin(pi() / 3)),
     ref.ngon(47.15, 39.60, ARRAY[150, 120, 165, 135, 110, 155, 140, 125, 160, 115, 145, 130]), 40, 0.2),
  ('point inside a 100 m square, Khankendi',
     ref.off(46.75, 39.82, 10, -20), ref.rect(46.75, 39.82, 100, 100), 0, 0),
  ('point inside the polygon with a hole, between hole and outer ring, Lachin',
     ref.off(46.55, 39.64, 350, 0), ref.poly(46.55, 39.64, ref.rect_xy(1000, 1000), ref.rect_xy(400, 400)), 0, 0),
  ('point in the hole of the polygon with a hole, 40 m from the hole''s edge, Lachin',
     ref.off(46.55, 39.64, 160, 30), ref.poly(46.55, 39.64, ref.rect_xy(1000, 1000), ref.rect_xy(400, 400)), 40, 0.1),
  ('point 40 m from the square part of a two-part MultiPolygon, between the parts, Jabrayil',
     ref.off(47.03, 39.40, 140, 0),
     ST_Collect(ref.rect(47.03, 39.40, 200, 200), ref.poly(47.03, 39.40, ARRAY[400, -100, 700, -100, 550, 160])), 40, 0.1),
  ('points 1 m apart east-west, Shusha',
     ref.off(46.75, 39.76, 0, 0), ref.off(46.75, 39.76, 1, 0), 1, 1e-3),
  ('points 1 m apart north-south, north-west corner 45.1E 40.7N',
     ref.off(45.10, 40.70, 0, 0), ref.off(45.10, 40.70, 0, 1), 1, 1e-3),
  ('points 100 m apart diagonally (south-west to north-east), south-east corner 47.9E 38.9N',
     ref.off(47.90, 38.90, 0, 0), ref.off(47.90, 38.90, 100 / sqrt(2), 100 / sqrt(2)), 100, 1e-3),
  ('points 100 m apart east-west, north-east corner 47.9E 40.7N',
     ref.off(47.90, 40.70, 0, 0), ref.off(47.90, 40.70, -100, 0), 100, 1e-3),
  ('points 10 km apart north-south, Zangilan',
     ref.off(46.65, 39.08, 0, 0), ref.off(46.65, 39.08, 0, 10000), 1e4, 1e-3),
  ('points 10 km apart east-west, north-west corner 45.1E 40.7N',
     ref.off(45.10, 40.70, 0, 0), ref.off(45.10, 40.70, 10000, 0), 1e4, 1e-3),
  ('points 10 km apart diagonally (south-west to north-east), Gubadly',
     ref.off(46.58, 39.34, 0, 0), ref.off(46.58, 39.34, 10000 / sqrt(2), 10000 / sqrt(2)), 1e4, 1e-3),
  ('points 100 km apart east-west, from the north-west corner 45.1E 40.7N',
     ref.off(45.10, 40.70, 0, 0), ref.off(45.10, 40.70, 100000, 0), 1e5, 1e-2),
  ('points 100 km apart north-south, from the south-east corner 47.9E 38.9N',
     ref.off(47.90, 38.90, 0, 0), ref.off(47.90, 38.90, 0, 100000), 1e5, 1e-2),
  ('points 100 km apart diagonally (south-west to north-east), from the south-west corner 45.1E 38.9N',
     ref.off(45.10, 38.90, 0, 0), ref.off(45.10, 38.90, 100000 / sqrt(2), 100000 / sqrt(2)), 1e5, 1e-2),
  ('line 40 m east of a 100 m square, parallel to its east side, Khankendi',
     ref.line(46.75, 39.82, ARRAY[90, -100, 90, 100]), ref.rect(46.75, 39.82, 100, 100), 40, 0.1),
  ('line 60 m from the north-east corner of a 1 km square, across its diagonal, Agdam',
     ref.line(46.93, 39.99, ARRAY[500 + 60 / sqrt(2) - 300, 500 + 60 / sqrt(2) + 300, 500 + 60 / sqrt(2) + 300, 500 + 60 / sqrt(2) - 300]),
     ref.rect(46.93, 39.99, 1000, 1000), 60, 0.5),
  ('line 60 m south of a 1 km square, south-west corner 45.1E 38.9N',
     ref.line(45.10, 38.90, ARRAY[-800, -560, 0, -560, 800, -560]), ref.rect(45.10, 38.90, 1000, 1000), 60, 0.3),
  ('two 100 m squares 25 m apart east-west, Shusha',
     ref.rect(46.75, 39.76, 100, 100), ref.rect(46.75, 39.76, 100, 100, 0, 125, 0), 25, 0.1),
  ('two 100 m squares 25 m apart corner to corner, north edge 46.5E 40.7N',
     ref.rect(46.50, 40.70, 100, 100), ref.rect(46.50, 40.70, 100, 100, 0, 100 + 25 / sqrt(2), 100 + 25 / sqrt(2)), 25, 0.1),
  ('line crossing a 1 km square, Agdam',
     ref.line(46.93, 39.99, ARRAY[-800, -300, 800, 200]), ref.rect(46.93, 39.99, 1000, 1000), 0, 0),
  ('line crossing the 5 km x 50 m strip, Kalbajar',
     ref.line(46.04, 40.10, ARRAY[-100, 100, 100, -100]), ref.rect(46.04, 40.10, 5000, 50, 45), 0, 0);

CREATE TABLE ref.lengths (ord serial, name text NOT NULL, g geometry NOT NULL, nominal float8 NOT NULL, tol float8 NOT NULL);
INSERT INTO ref.lengths (name, g, nominal, tol) VALUES
  ('1 km east-west, Khankendi',                       ref.line(46.75, 39.82, ARRAY[-500, 0, 500, 0]), 1000, 1e-3),
  ('1 km north-south, south-west corner 45.1E 38.9N', ref.line(45.10, 38.90, ARRAY[0, 0, 0, 1000]), 1000, 1e-3),
  ('1 km diagonal, north-east corner 47.9E 40.7N',    ref.line(47.90, 40.70, ARRAY[0, 0, -1000 / sqrt(2), -1000 / sqrt(2)]), 1000, 1e-3),
  ('10 m east-west, Shusha',                          ref.line(46.75, 39.76, ARRAY[0, 0, 10, 0]), 10, 1e-3),
  ('10 km east-west, north-west corner 45.1E 40.7N',  ref.line(45.10, 40.70, ARRAY[0, 0, 10000, 0]), 1e4, 1e-2),
  ('10 km north-south, south-east corner 47.9E 38.9N', ref.line(47.90, 38.90, ARRAY[0, 0, 0, 10000]), 1e4, 1e-2),
  ('10 km diagonal north-west to south-east, Fuzuli', ref.line(47.15, 39.60, ARRAY[-3535.53, 3535.53, 3535.53, -3535.53]), 1e4, 1),
  ('zigzag of five 100 m segments, east edge 47.9E 39.8N',
     ref.line(47.90, 39.80, ARRAY[0, 0, 60, 80, 120, 0, 180, 80, 240, 0, 300, 80]), 500, 0.05),
  ('outline of a 1 km square (closed LineString), Lachin', ref.ring(46.55, 39.64, ref.rect_xy(1000, 1000)), 4000, 4),
  ('100 km east-west, one segment, from the south-west corner 45.1E 38.9N',
     ref.line(45.10, 38.90, ARRAY[0, 0, 100000, 0]), 1e5, 1e-2),
  ('100 km north-south, one segment, from the north-west corner 45.1E 40.7N',
     ref.line(45.10, 40.70, ARRAY[0, 0, 0, -100000]), 1e5, 1e-2),
  ('about 100 km east along the parallel 40.7N, 50 vertices',
     (SELECT ST_MakeLine(ARRAY(SELECT ST_SetSRID(ST_MakePoint(45.10 + i * 0.02415, 40.70), 4326) FROM generate_series(0, 49) i ORDER BY i))),
     1e5, 200),
  ('about 100 km north along the meridian 47.9E, 50 vertices',
     (SELECT ST_MakeLine(ARRAY(SELECT ST_SetSRID(ST_MakePoint(47.90, 38.90 + i * 0.01838), 4326) FROM generate_series(0, 49) i ORDER BY i))),
     1e5, 200),
  ('about 100 km winding polyline, 50 vertices, from 45.95E 39.35N towards the north-east',
     ref.winding(45.95, 39.35, 49, 100000.0 / 49, 60, 55, 0.45), 1e5, 100),
  ('about 100 km winding polyline, 50 vertices, along the north edge from 45.15E 40.6N',
     ref.winding(45.15, 40.60, 49, 100000.0 / 49, 95, 40, 0.8), 1e5, 100),
  ('about 100 km winding polyline, 50 vertices, along the south edge from 47.85E 39.0N towards the west',
     ref.winding(47.85, 39.00, 49, 100000.0 / 49, 275, 70, 0.3), 1e5, 100);

-- ---------------------------------------------------------------------------------------------------------------
-- Freeze the coordinates to what the JSON will say, measure, check.

UPDATE ref.areas SET g = ref.exact(g);
UPDATE ref.distances SET a = ref.exact(a), b = ref.exact(b);
UPDATE ref.lengths SET g = ref.exact(g);

CREATE VIEW ref.results AS
  SELECT 'areas' AS kind, ord, name, ST_Area(g::geography) AS value, nominal, tol, ARRAY[g] AS geoms,
         format('{"name": %s, "geometry": %s, "areaM2": %s}', to_json(name), ST_AsGeoJSON(g, 9), ST_Area(g::geography)) AS json
  FROM ref.areas
  UNION ALL
  SELECT 'distances', ord, name, ST_Distance(a::geography, b::geography), nominal, tol, ARRAY[a, b],
         format('{"name": %s, "a": %s, "b": %s, "distanceM": %s}', to_json(name), ST_AsGeoJSON(a, 9), ST_AsGeoJSON(b, 9),
                ST_Distance(a::geography, b::geography))
  FROM ref.distances
  UNION ALL
  SELECT 'lengths', ord, name, ST_Length(g::geography), nominal, tol, ARRAY[g],
         format('{"name": %s, "line": %s, "lengthM": %s}', to_json(name), ST_AsGeoJSON(g, 9), ST_Length(g::geography))
  FROM ref.lengths;

DO $$
DECLARE
  r record;
  g geometry;
  problems text := '';
  region CONSTANT geometry := ST_MakeEnvelope(44.9, 38.75, 48.1, 40.85, 4326);
BEGIN
  FOR r IN SELECT * FROM ref.results ORDER BY kind, ord LOOP
    IF NOT abs(r.value - r.nominal) <= r.tol THEN
      problems := problems || format(E'\n  %s "%s": %s, nominal %s +- %s', r.kind, r.name, r.value, r.nominal, r.tol);
    END IF;
    FOREACH g IN ARRAY r.geoms LOOP
      IF NOT ST_IsValid(g) THEN
        problems := problems || format(E'\n  %s "%s": invalid geometry (%s)', r.kind, r.name, ST_IsValidReason(g));
      END IF;
      IF NOT ST_CoveredBy(g, region) THEN
        problems := problems || format(E'\n  %s "%s": outside the region', r.kind, r.name);
      END IF;
      IF ST_AsBinary(ref.exact(g)) <> ST_AsBinary(g) THEN
        problems := problems || format(E'\n  %s "%s": coordinates do not survive a GeoJSON round trip', r.kind, r.name);
      END IF;
    END LOOP;
  END LOOP;
  IF (SELECT count(DISTINCT name) <> count(*) FROM ref.results) THEN
    problems := problems || E'\n  case names are not unique';
  END IF;
  IF problems <> '' THEN
    RAISE EXCEPTION 'reference cases failed their checks:%', problems;
  END IF;
END
$$;

-- The cast to json checks the syntax and keeps the text as it is.
SELECT concat(
  '{ "source": ', to_json('PostGIS ' || postgis_lib_version() || ' geography (WGS 84 spheroid), computed by make-geodesic-reference.sh'), E',\n',
  E'  "areas": [\n',
  (SELECT string_agg('    ' || json, E',\n' ORDER BY ord) FROM ref.results WHERE kind = 'areas'), E'\n  ],\n',
  E'  "distances": [\n',
  (SELECT string_agg('    ' || json, E',\n' ORDER BY ord) FROM ref.results WHERE kind = 'distances'), E'\n  ],\n',
  E'  "lengths": [\n',
  (SELECT string_agg('    ' || json, E',\n' ORDER BY ord) FROM ref.results WHERE kind = 'lengths'), E'\n  ]\n',
  '}')::json;
SQL

mv "$tmp/out.json" "$out"
echo "wrote $out: $(grep -c '"areaM2"' "$out") areas, $(grep -c '"distanceM"' "$out") distances, $(grep -c '"lengthM"' "$out") lengths" >&2
