// The forms of the daily work (WriteForms.razor): each kind's fields made into its body (docs/PROTOCOL.md §6), signed
// here with the party's key (sign.js) and posted to /api/entries with the member's token. The server checks it as it
// checks any client's entry, and its refusal (a problem naming the field) is shown as it comes.
import { categoryAndTypes, el } from './dom.js';
import { importSeed, signEntry } from './sign.js';

const value = (form, name) => form.querySelector(`[name="${name}"]`)?.value.trim() ?? '';
const number = (form, name) => (value(form, name) === '' ? undefined : Number(value(form, name)));
const time = (form, name) => (value(form, name) === '' ? undefined : new Date(`${value(form, name)}Z`).toISOString().replace('.000Z', 'Z'));
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const point = (lat, lon) => ({ type: 'Point', coordinates: [lon, lat] });

/**
 * A public report placed on the deployment's grid for public reports, when correlation.config sets one: its point moved
 * to the nearest grid point, its radius made half a cell at least, and the observer's position left out, as the server
 * requires (docs/INCIDENTS.md, "Public locations on a grid"). Gives the grid, or null when there is none.
 */
async function onPublicGrid(api, body) {
  const settings = await api('/api/correlation/settings');
  const grid = settings.publicGridDegrees;
  if (!grid) return null;
  const snap = (v) => Math.round(Math.round(v / grid) * grid * 1e6) / 1e6;
  if (body.location?.geometry?.coordinates) {
    const [lon, lat] = body.location.geometry.coordinates;
    body.location.geometry.coordinates = [snap(lon), snap(lat)];
    body.location.radius = Math.max(body.location.radius ?? 0, Math.ceil(settings.publicRadiusM));
  }
  delete body.observer;
  return grid;
}

/** Each kind's body from its fieldset. An empty field is left out; the server names what is missing or wrong. */
const bodies = {
  report: (f) => {
    const body = {
      category: value(f, 'category'), type: value(f, 'type'),
      time: { start: time(f, 'start'), precision: value(f, 'precision') },
      source: { kind: value(f, 'source'), id: value(f, 'sourceId') || undefined },
      confidence: value(f, 'confidence'), description: value(f, 'description') || undefined,
    };
    const [lat, lon] = [number(f, 'lat'), number(f, 'lon')];
    if (lat !== undefined || lon !== undefined) {
      body.location = { geometry: point(lat, lon), precision: value(f, 'locationPrecision') };
    }
    const [olat, olon] = [number(f, 'observerLat'), number(f, 'observerLon')];
    if (olat !== undefined || olon !== undefined || number(f, 'bearing') !== undefined) {
      // A distance band is how an observer says how far: "1–3 km", never a false point.
      const band = value(f, 'band');
      const [min, max] = band ? band.split('-').map(Number) : [undefined, undefined];
      body.observer = { position: point(olat, olon), bearing: number(f, 'bearing'), distance: band ? { min, max } : undefined };
    }
    return body;
  },
  'incident.status': (f) => ({ incident: value(f, 'incident'), status: value(f, 'status'), reason: value(f, 'reason') }),
  claim: (f) => ({
    actor: { name: value(f, 'actorName'), kind: value(f, 'actorKind'), party: value(f, 'actorParty') || undefined },
    stance: value(f, 'stance'),
    incidents: list(value(f, 'incidents')).length ? list(value(f, 'incidents')) : undefined,
    attributedTo: value(f, 'attributedTo') || undefined, fact: value(f, 'fact') || undefined, quote: value(f, 'quote'),
    source: { title: value(f, 'sourceTitle') || undefined, url: value(f, 'sourceUrl') || undefined },
  }),
  'hazard.update': (f) => ({
    hazard: value(f, 'hazard'), status: value(f, 'status') || undefined, beneficiaries: number(f, 'beneficiaries'), reason: value(f, 'reason'),
  }),
  'movement.notice': (f) => ({
    id: value(f, 'id'), people: [{ category: value(f, 'category'), count: number(f, 'count') }], vehicles: number(f, 'vehicles'),
    purpose: value(f, 'purpose'), corridor: value(f, 'corridor') || undefined,
    from: time(f, 'from'), until: time(f, 'until'), answerBy: time(f, 'answerBy'),
  }),
  'movement.consent': (f) => ({ notice: number(f, 'notice'), decision: value(f, 'decision'), reason: value(f, 'reason') || undefined }),
};

/** The kinds whose bodies may be marked synthetic (the others have no such field). */
const markable = new Set(['report', 'claim', 'movement.notice']);

/** Drops what was left empty, so the body holds only what the member gave. */
function prune(v) {
  if (Array.isArray(v)) return v.map(prune);
  if (v === null || typeof v !== 'object') return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    const p = prune(x);
    if (p !== undefined && !(typeof p === 'number' && Number.isNaN(p))) out[k] = p;
  }
  return out;
}

export function setUpWriting({ map, api, t, who, onWritten }) {
  const section = document.getElementById('write');
  const kindSelect = document.getElementById('w-kind');
  const answer = document.getElementById('w-answer');
  let key = null;
  let origin = null;

  const fieldset = () => document.querySelector(`#w-form fieldset[data-kind="${kindSelect.value}"]`);
  kindSelect.addEventListener('change', () => {
    for (const f of document.querySelectorAll('#w-form fieldset')) f.hidden = f.dataset.kind !== kindSelect.value;
  });

  // The report's types follow its category (the taxonomy the reader may see).
  api('/api/taxonomy')
    .then((taxonomy) => categoryAndTypes(taxonomy, document.getElementById('w-report-category'), document.getElementById('w-report-type')))
    .catch(() => {});

  // "Pick on the map": the next click on the map fills that pair of fields.
  let picking = null;
  for (const b of document.querySelectorAll('#w-form button.pick')) {
    b.addEventListener('click', () => { picking = b.dataset; map.getContainer().style.cursor = 'crosshair'; });
  }
  map.on('click', (e) => {
    if (!picking) return;
    document.getElementById(picking.lat).value = e.latlng.lat.toFixed(5);
    document.getElementById(picking.lon).value = e.latlng.lng.toFixed(5);
    picking = null;
    map.getContainer().style.cursor = '';
  });

  document.getElementById('w-key-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (file) document.getElementById('w-key').value = (await file.text()).trim();
    e.target.value = '';
  });
  document.getElementById('w-keyform').addEventListener('submit', async (e) => {
    e.preventDefault();
    const state = document.getElementById('w-key-state');
    const input = document.getElementById('w-key');
    try {
      const candidate = await importSeed(input.value);
      const me = who();
      const parties = await api('/api/parties?limit=1000');
      const registered = parties.items.find((p) => p.id === me.party)?.keys.find((k) => k.id === candidate.id && k.publicKey === candidate.publicKey && k.revokedAt == null);
      if (!registered) throw new Error(t('write.keyNotParty', candidate.id, me.party));
      key = candidate;
      state.textContent = t('write.keyLoaded', key.id, me.party);
    } catch (err) {
      key = null;
      state.textContent = err.message;
    } finally {
      input.value = '';
    }
  });

  document.getElementById('w-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const me = who();
    if (!key) { answer.replaceChildren(el('p', t('write.noKey'))); return; }
    const kind = kindSelect.value;
    const vis = document.getElementById('w-vis').value;
    const body = prune(bodies[kind](fieldset()));
    if (document.getElementById('w-synthetic')?.checked && markable.has(kind)) body.synthetic = true;
    try {
      const gridded = kind === 'report' && vis === 'public' ? await onPublicGrid(api, body) : null;
      origin ??= (await (await fetch('/log/checkpoint')).text()).split('\n')[0];
      const to = vis === 'restricted' ? list(document.getElementById('w-to').value) : undefined;
      const entry = await signEntry({ origin, kind, party: me.party, key, body, vis, to });
      const logged = await api('/api/entries', entry);
      const parts = [el('p', t('write.logged', logged.index))];
      if (gridded) parts.push(el('p', t('write.gridded', gridded)));
      if (kind === 'report') {
        const report = await api(`/api/reports/${logged.index}`);
        parts.push(el('p', t('write.correlated', report.incident)));
        document.body.dataset.written = report.incident;
      } else {
        document.body.dataset.written = `#${logged.index}`;
      }
      answer.replaceChildren(...parts);
      onWritten();
    } catch (err) {
      answer.replaceChildren(el('p', err.message));
      document.body.dataset.written = `refused: ${err.message}`;
    }
  });

  return {
    /** Shown to a member who is signed in; a change of reader forgets the key. */
    show(signedIn) {
      section.hidden = !signedIn;
      key = null;
      document.getElementById('w-key-state').textContent = t('write.noKey');
    },
  };
}
