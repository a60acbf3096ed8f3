// "Is it safe?": a point, a route or a parcel, drawn on the map (a click for each vertex) or pasted as GeoJSON, put to
// POST /api/safety with a buffer. The answer lists every known hazard and recorded minefield within the buffer, with
// distances, and a route's stretches at risk. It is what is known to be dangerous, never a promise that a place is not.
import { el } from './dom.js';

export function setUpSafety(map, send, t) {
  const form = document.getElementById('safe');
  const status = document.getElementById('safe-answer');
  const vertices = [];
  let drawing = false;
  const drawn = L.layerGroup().addTo(map);
  // A parcel is the drawn shape closed: its first vertex joined to its last (three vertices at least).
  const parcel = () => document.getElementById('safe-parcel').checked;
  document.getElementById('safe-parcel').addEventListener('change', () => redraw());

  const redraw = () => {
    drawn.clearLayers();
    if (vertices.length === 1) L.circleMarker(vertices[0], { radius: 6, color: '#1b1b1b' }).addTo(drawn);
    if (vertices.length > 2 && parcel()) L.polygon(vertices, { color: '#1b1b1b', weight: 3, dashArray: '6 4', fillOpacity: 0.1 }).addTo(drawn);
    else if (vertices.length > 1) L.polyline(vertices, { color: '#1b1b1b', weight: 3, dashArray: '6 4' }).addTo(drawn);
  };
  map.on('click', (e) => {
    if (!drawing) return;
    vertices.push([e.latlng.lat, e.latlng.lng]);
    redraw();
  });
  document.getElementById('safe-draw').addEventListener('click', () => {
    drawing = !drawing;
    document.getElementById('safe-draw').setAttribute('aria-pressed', String(drawing));
    map.getContainer().style.cursor = drawing ? 'crosshair' : '';
  });
  document.getElementById('safe-clear').addEventListener('click', () => {
    vertices.length = 0;
    document.getElementById('safe-geometry').value = '';
    redraw();
    status.replaceChildren();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const pasted = document.getElementById('safe-geometry').value.trim();
    let geometry;
    if (pasted) {
      try { geometry = JSON.parse(pasted); } catch { status.replaceChildren(el('p', t('safe.badJson'))); return; }
      if (geometry.type === 'Feature') geometry = geometry.geometry;
    } else if (vertices.length === 1) {
      geometry = { type: 'Point', coordinates: [vertices[0][1], vertices[0][0]] };
    } else if (vertices.length > 2 && parcel()) {
      const ring = vertices.map(([lat, lon]) => [lon, lat]);
      geometry = { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
    } else if (vertices.length > 1) {
      geometry = { type: 'LineString', coordinates: vertices.map(([lat, lon]) => [lon, lat]) };
    } else {
      status.replaceChildren(el('p', t('safe.nothing')));
      return;
    }
    const bufferM = Number(document.getElementById('safe-buffer').value || 50);
    try {
      const answer = await send('/api/safety', { geometry, bufferM });
      show(answer);
      if (pasted) {
        drawn.clearLayers();
        L.geoJSON(geometry, { style: { color: '#1b1b1b', weight: 3, dashArray: '6 4' } }).addTo(drawn);
      }
    } catch (err) {
      status.replaceChildren(el('p', err.message));
    }
  });

  function show(a) {
    const parts = [el('p', a.summary)];
    if (a.hits.length) {
      const list = el('ul');
      for (const h of a.hits) {
        list.append(el('li', `${h.layer} ${h.id}: ${Math.round(h.distanceM)} m, ${h.status}${h.type ? ` (${h.type})` : ''}`));
      }
      parts.push(list);
    }
    for (const s of a.stretches ?? []) {
      parts.push(el('p', t('safe.stretch', Math.round(s.fromM), Math.round(s.toM), s.hazards.join(', '))));
    }
    status.replaceChildren(...parts);
    document.body.dataset.safeAnswer = a.atRisk ? 'at-risk' : 'none-known';
  }
}
