// The dashboard's map. What is many (incidents, reports, hazards) is asked of /api/map/{collection}, which groups it
// on the server into the cells of the zoom level: the browser gets one answer per cell in view, never every feature.
// What is few (corridors, checkpoints, places) comes whole from the OGC items. Every request carries the member's
// token when one is signed in, so what is shown is what the server lets that reader see.
import { apiWith, translator } from './api.js';
import { showDetails, showView } from './details.js';
import { el } from './dom.js';
import { showCompliance, showMovements } from './mandate.js';
import { setUpSafety } from './safe.js';
import { setUpWriting } from './write.js';

const config = JSON.parse(document.getElementById('truce-config').textContent);
const t = translator();

const clustered = { incidents: 'incidents', reports: 'reports', hazards: 'hazards' };
const whole = { corridors: 'corridors', checkpoints: 'checkpoints', places: 'gazetteer' };
const colours = {
  incidents: { reported: '#8a5a00', verified: '#b00020', disputed: '#6a1b9a', unverifiable: '#555555', retracted: '#777777' },
  hazards: { open: '#c43c00', closed: '#2e7d32' },
};

let token = sessionStorage.getItem('truce-token');
// Place names in the reader's chosen convention (both sides' names by default): the places layer, and the nearest
// settlement an incident's details give. No convention is built in as the truth.
const namingSelect = document.getElementById('naming');
namingSelect.value = sessionStorage.getItem('truce-naming') ?? 'neutral';
const naming = () => namingSelect.value;

const api = apiWith(() => token);

const map = L.map("map", { zoomControl: true }).setView(config.center, config.zoom);
map.attributionControl.setPrefix(false);
window.truceMap = map; // for the browser tests and the console
const basemap = config.tiles
  ? Promise.resolve(L.tileLayer(config.tiles, { maxZoom: 18 }).addTo(map))
  : fetch('/ui/basemap/countries.geojson').then((r) => r.json()).then((land) => {
    L.geoJSON(land, { interactive: false, style: { color: '#8c8c8c', weight: 1, fillColor: '#f2efe9', fillOpacity: 1 } }).addTo(map).bringToBack();
  });

const groups = {};
for (const id of config.layers) groups[id] = L.layerGroup();

function shown(id) {
  return document.querySelector(`#layers input[value="${id}"]`)?.checked ?? false;
}

// A filter names, for each layer it applies to, the queryable it sets there (data-incidents="parties" data-reports="party").
function filtersOf(layer) {
  const params = new URLSearchParams();
  for (const select of document.querySelectorAll('#filters select')) {
    if (select.value && select.dataset[layer]) params.set(select.dataset[layer], select.value);
  }
  const from = document.getElementById('t-from').value;
  const to = document.getElementById('t-to').value;
  if (from || to) params.set('datetime', `${from ? `${from}T00:00:00Z` : '..'}/${to ? `${to}T23:59:59Z` : '..'}`);
  return params;
}

function colourOf(layer, properties) {
  return colours[layer]?.[properties.status] ?? '#0b4f8a';
}

function clusterMarker(layer, feature, latlng) {
  const n = feature.properties.count;
  const size = Math.min(56, 22 + Math.round(Math.log10(n) * 12));
  const icon = L.divIcon({ className: '', html: `<div class="cluster cluster-${layer}" style="width:${size}px;height:${size}px">${n}</div>`, iconSize: [size, size] });
  const m = L.marker(latlng, { icon, keyboard: true, title: t('map.cluster', n), alt: t('map.cluster', n) });
  m.on('click', () => {
    const [w, s, e, n2] = feature.properties.bbox;
    map.fitBounds([[s, w], [n2, e]], { maxZoom: map.getZoom() + 3, padding: [20, 20] });
  });
  return m;
}

function render(layer, collection) {
  return L.geoJSON(collection, {
    pointToLayer: (f, latlng) => f.properties.cluster
      ? clusterMarker(layer, f, latlng)
      : L.circleMarker(latlng, { radius: 6, color: '#fff', weight: 1, fillColor: colourOf(layer, f.properties), fillOpacity: 0.9 }),
    style: (f) => ({ color: colourOf(layer, f.properties), weight: 2, fillOpacity: 0.15 }),
    onEachFeature: (f, l) => { if (!f.properties.cluster) l.on('click', () => details(layer, f)); },
  });
}

let generation = 0;
let started = false;
const counts = {};

async function refresh() {
  const mine = ++generation;
  const b = map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
  const zoom = map.getZoom();
  const work = [];
  for (const [id, collection] of Object.entries(clustered)) {
    if (!groups[id]) continue;
    if (!shown(id)) { groups[id].clearLayers(); counts[id] = 0; continue; }
    const params = filtersOf(id);
    params.set('zoom', zoom);
    params.set('bbox', bbox);
    work.push(api(`/api/map/${collection}?${params}`).then((answer) => {
      if (mine !== generation) return;
      groups[id].clearLayers();
      groups[id].addLayer(render(id, answer));
      counts[id] = answer.numberMatched;
    }));
  }
  await Promise.all(work);
  if (mine !== generation) return;
  for (const id of config.layers) {
    if (shown(id)) groups[id].addTo(map); else groups[id].remove();
  }
  document.getElementById('counts').textContent = t('counts.shown', counts.incidents ?? 0, counts.reports ?? 0, counts.hazards ?? 0);
  // What the tests and the benchmark wait for: every layer drawn (the first time, the basemap and the rest too).
  if (started) document.body.dataset.mapState = `ready-${mine}`;
}

async function loadWhole() {
  for (const [id, collection] of Object.entries(whole)) {
    if (!groups[id]) continue;
    const answer = await api(`/ogc/collections/${collection}/items?limit=1000&naming=${encodeURIComponent(naming())}`);
    groups[id].clearLayers();
    groups[id].addLayer(render(id, answer));
  }
}

namingSelect.addEventListener('change', () => {
  sessionStorage.setItem('truce-naming', naming());
  loadWhole();
  fromAddress();
});

function details(layer, feature) {
  // The address says what the panel shows, so it can be shared or reloaded (#incidents/I-12, #hazards/CHA-1).
  history.replaceState(null, '', `#${layer}/${encodeURIComponent(feature.id)}`);
  return showDetails(api, t, layer, feature, clustered[layer] ?? whole[layer], naming());
}

const views = { compliance: (size) => showCompliance(api, t, size), movements: (size) => showMovements(api, t, size) };
async function view(name) {
  history.replaceState(null, '', `#${name}`);
  await showView(api, views[name]);
  document.getElementById('details-body').append(el('p', null, {}), el('a', t('details.page'), { href: `/${name}` }));
}

/** Opens what the address names: a feature's details or a view. */
function fromAddress() {
  const [layer, id] = location.hash.slice(1).split('/');
  if (views[layer] && id === undefined) return view(layer);
  if (id && (clustered[layer] || whole[layer])) return details(layer, { id: decodeURIComponent(id), properties: {} });
  return null;
}

async function fillFilters() {
  const taxonomy = await api('/api/taxonomy').catch(() => null);
  const parties = await api('/api/parties?limit=1000').catch(() => null);
  const fill = (id, values) => {
    const select = document.getElementById(id);
    for (const v of values) select.add(new Option(v, v));
  };
  if (taxonomy) {
    fill('f-type', taxonomy.types.map((x) => x.id));
    fill('f-status', taxonomy.statuses);
    fill('f-source', taxonomy.sources);
  }
  if (parties) fill('f-party', parties.items.map((p) => p.id));
}

let me = null;
async function whoAmI() {
  const who = document.getElementById('whoami');
  document.getElementById('signout').hidden = !token;
  me = null;
  if (token) {
    try {
      const answer = await api('/api/tokens/me');
      if (!answer.public) me = answer;
    } catch {
      who.textContent = t('signin.bad');
      writing.show(false);
      return;
    }
  }
  who.textContent = me ? t('signin.as', `${me.member} (${me.party})`) : t('signin.public');
  writing.show(me !== null);
}

/** Reads from now on as this token (null: the public), and redraws what it sees. */
async function readAs(newToken) {
  token = newToken;
  if (token) sessionStorage.setItem('truce-token', token); else sessionStorage.removeItem('truce-token');
  await whoAmI();
  await loadWhole();
  await refresh();
}
document.getElementById('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const given = document.getElementById('token').value.trim() || null;
  document.getElementById('token').value = '';
  await readAs(given);
});
document.getElementById('signout').addEventListener('click', () => readAs(null));

// The slider moves the end of the time window across the incidents' extent, a day at a step.
let extent = null;
async function loadExtent() {
  const c = await api('/ogc/collections/incidents').catch(() => null);
  const [start, end] = c?.extent?.temporal?.interval?.[0] ?? [];
  extent = start && end ? { start: Date.parse(start), end: Date.parse(end) } : null;
  const slider = document.getElementById('t-slider');
  slider.disabled = !extent;
  if (extent) {
    slider.max = Math.max(1, Math.ceil((extent.end - extent.start) / 864e5));
    slider.value = slider.max;
  }
}
document.getElementById('t-slider').addEventListener('input', (e) => {
  if (!extent) return;
  const day = new Date(extent.start + Number(e.target.value) * 864e5);
  document.getElementById('t-to').value = day.toISOString().slice(0, 10);
  document.getElementById('t-slider').setAttribute('aria-valuetext', day.toISOString().slice(0, 10));
});

let timer = 0;
const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 150); };
// A pan or zoom may come in a burst: wait for it to settle. A choice of layer, filter or time is one change: redraw at
// once. The rest of the panel (the naming, the forms) does not change what the map asks.
map.on('moveend', soon);
document.getElementById('panel').addEventListener('change', (e) => {
  if (!e.target.closest('#layers, #filters, #time')) return;
  clearTimeout(timer);
  refresh();
});

setUpSafety(map, api, t);
document.getElementById('show-compliance').addEventListener('click', () => view('compliance'));
document.getElementById('show-movements').addEventListener('click', () => view('movements'));
const writing = setUpWriting({ map, api, t, who: () => me, onWritten: () => refresh() });
// The map first: the rest (who is signed in, the filters' choices, the time extent, the few whole layers) at the same
// time, not one after another.
await Promise.all([refresh(), whoAmI(), fillFilters(), loadExtent(), loadWhole(), basemap, fromAddress()]);
started = true;
document.body.dataset.mapState = `ready-${generation}`;
