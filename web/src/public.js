// The public report form (/report): the taxonomy's types for the chosen category, a click on the map as the place,
// and one POST to /api/public/reports without a token. The answer is the entry's index; a refusal (a bad field, too
// many reports from this address) is shown as the server words it.
import { translator } from './api.js';
import { categoryAndTypes, el } from './dom.js';

const t = translator();
const form = document.getElementById('public-report');

if (form) {
  const taxonomy = await fetch('/api/taxonomy').then((r) => r.json());
  const fillTypes = categoryAndTypes(taxonomy, document.getElementById('p-category'), document.getElementById('p-type'));

  const map = L.map('public-map').setView([39.8, 46.75], 8);
  map.attributionControl.setPrefix(false);
  fetch('/ui/basemap/countries.geojson').then((r) => r.json()).then((land) => {
    L.geoJSON(land, { interactive: false, style: { color: '#8c8c8c', weight: 1, fillColor: '#f2efe9', fillOpacity: 1 } }).addTo(map);
  });
  const marker = L.circleMarker([0, 0], { radius: 7, color: '#b00020' });
  map.on('click', (e) => {
    document.getElementById('p-lat').value = e.latlng.lat.toFixed(5);
    document.getElementById('p-lon').value = e.latlng.lng.toFixed(5);
    marker.setLatLng(e.latlng).addTo(map);
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = document.getElementById('p-answer');
    const value = (id) => document.getElementById(id).value.trim();
    const body = {
      category: value('p-category'), type: value('p-type'),
      start: value('p-start') ? new Date(`${value('p-start')}Z`).toISOString() : undefined,
      lat: value('p-lat') === '' ? undefined : Number(value('p-lat')), lon: value('p-lon') === '' ? undefined : Number(value('p-lon')),
      place: value('p-place') || undefined, description: value('p-description'), contact: value('p-contact') || undefined,
    };
    const r = await fetch('/api/public/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (r.ok) {
      answer.replaceChildren(el('p', t('public.thanks', json.index)));
      document.body.dataset.sent = String(json.index);
      form.reset();
      fillTypes();
      marker.remove();
    } else {
      answer.replaceChildren(el('p', json.detail ?? String(r.status)));
      document.body.dataset.sent = `refused ${r.status}`;
    }
  });
}
