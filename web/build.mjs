// Assembles dist/, what Truce serves under /ui/: the dashboard's own files (src/), the libraries it uses (from
// node_modules, installed by npm ci from the committed lockfile), and the Natural Earth basemap converted once from
// TopoJSON to GeoJSON, so the browser needs no converter. Plain Node.js, no bundler: the files are served as they are.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const modules = join(here, 'node_modules');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'vendor', 'leaflet'), { recursive: true });
mkdirSync(join(dist, 'basemap'), { recursive: true });

cpSync(join(here, 'src'), dist, { recursive: true });
for (const f of ['leaflet.js', 'leaflet.css', 'images']) {
  cpSync(join(modules, 'leaflet', 'dist', f), join(dist, 'vendor', 'leaflet', f), { recursive: true });
}
cpSync(join(modules, 'leaflet', 'LICENSE'), join(dist, 'vendor', 'leaflet', 'LICENSE'));

// Natural Earth's 1:50m countries (public domain), rounded to 4 decimals (about 10 m): land and coasts only, for
// orientation. Its boundaries are Natural Earth's, not Truce's, and the map says so.
const topo = JSON.parse(readFileSync(join(modules, 'world-atlas', 'countries-50m.json'), 'utf8'));
const land = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4] : c.map(round));
for (const f of land.features) {
  f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = {};
}
writeFileSync(join(dist, 'basemap', 'countries.geojson'), JSON.stringify(land));
console.log(`web/dist built: leaflet, basemap of ${land.features.length} shapes`);
