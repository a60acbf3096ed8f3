// A feature's details in the side panel, from the module's own API as the signed-in reader may see it: an incident's
// assessment beside each party's claims, its reports, evidence and the history of its entries; a hazard's state, land
// released, history and evidence. Every entry links to itself and to its inclusion proof in the current checkpoint.
// Text goes in with textContent only: a party's words never become markup.
import { el } from './dom.js';

/** An RFC 3339 time as "YYYY-MM-DD HH:MM UTC" (the API's times are UTC). */
export function when(time) {
  return time ? `${String(time).slice(0, 16).replace('T', ' ')} UTC` : '';
}

function link(href, text) {
  return el('a', text, { href });
}

function facts(pairs) {
  const dl = el('dl');
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(el('dt', k), el('dd', v));
  }
  return dl;
}

export function table(caption, headers, rows) {
  const t = el('table');
  t.append(el('caption', caption));
  const head = el('tr');
  for (const h of headers) head.append(el('th', h, { scope: 'col' }));
  t.append(head);
  for (const row of rows) {
    const tr = el('tr');
    for (const cell of row) {
      const td = el('td');
      if (cell instanceof Node) td.append(cell); else td.textContent = cell ?? '';
      tr.append(td);
    }
    t.append(tr);
  }
  return t;
}

/** The links of an entry: the entry as signed, and its inclusion proof in the tree of the given size. */
export function entryLinks(index, size) {
  const span = el('span');
  span.append(link(`/api/entries/${index}`, `#${index}`), ' (', link(`/log/proof/inclusion?index=${index}&size=${size}`, 'proof'), ')');
  return span;
}

function evidence(t, items) {
  if (!items?.length) return [];
  return [table(t('details.evidence'), [t('details.what'), t('details.digest')],
    items.map((e) => [e.title ?? e.name ?? e.kind ?? '', e.sha256 ? link(`/api/evidence/${e.sha256}/record`, e.sha256.slice(0, 12)) : (e.id ?? '')]))];
}

/** Why a report is in its incident: its share of the posterior and the factor that decided it, or that it began the
 * incident (with where else it could belong, for a monitor to link or split). */
function whyHere(t, r) {
  if (r.pinned) return t('details.pinned');
  const elsewhere = (r.suggestions ?? []).map((m) => `${m.incident} (${m.score.toFixed(2)})`).join(', ');
  if (!r.joinedBy) return elsewhere ? `${t('details.began')}; ${t('details.couldBe')} ${elsewhere}` : t('details.began');
  return `${r.joinedBy.score.toFixed(2)}: ${r.joinedBy.decided ?? r.joinedBy.reasons[0] ?? ''}`;
}

function incident(t, d, size) {
  const i = d.incident;
  const a = d.assessment;
  const parts = [
    el('h3', `${t('layer.incidents')}: ${i.id}`),
    facts([[t('details.type'), `${i.type} (${i.category})`], [t('details.status'), i.status], [t('details.when'), `${when(i.time.start)} – ${when(i.time.end)}`],
      [t('details.near'), i.near], [t('details.reports'), i.reports], [t('details.sources'), i.independentSources],
      [t('details.parties'), (i.parties ?? []).join(', ')], [t('details.synthetic'), i.synthetic ? t('details.yes') : null]]),
    table(t('details.sideBySide'), [t('details.who'), t('details.says')], [
      [t('details.assessment'), `${a.status}${a.reason ? `: ${a.reason}` : ''}${a.by ? ` (${a.by})` : ''}`],
      ...d.claims.map((c) => [`${c.party}: ${c.actorName}`, `${c.stance}: “${c.quote}”`]),
    ]),
    table(t('details.reportsHeading'), [t('details.entry'), t('details.party'), t('details.source'), t('details.when'), t('details.confidence'), t('details.why')],
      d.reports.map((r) => [entryLinks(r.index, size), r.party, r.sourceName ?? r.source, when(r.time.start), r.confidence, whyHere(t, r)])),
    ...evidence(t, d.attachedEvidence),
    table(t('details.history'), [t('details.entry'), t('details.party'), t('details.what')],
      d.history.map((h) => [entryLinks(h.entry, size), h.party, `${h.what}${h.reason ? `: ${h.reason}` : ''}`])),
  ];
  return parts;
}

function hazard(t, h, size) {
  const released = Object.entries(h.releasedM2 ?? {}).map(([how, m2]) => `${how} ${Math.round(m2).toLocaleString()} m²`).join(', ');
  return [
    el('h3', `${t('layer.hazards')}: ${h.id}${h.name ? ` (${h.name})` : ''}`),
    facts([[t('details.type'), h.type], [t('details.status'), h.status], [t('details.district'), h.district],
      [t('details.estimated'), `${Math.round(h.estimatedM2).toLocaleString()} m²`], [t('details.remaining'), `${Math.round(h.remainingM2).toLocaleString()} m²`],
      [t('details.released'), released], [t('details.devices'), (h.devices ?? []).join(', ')], [t('details.party'), h.party],
      [t('details.synthetic'), h.synthetic ? t('details.yes') : null]]),
    ...evidence(t, h.attachedEvidence),
    table(t('details.history'), [t('details.entry'), t('details.party'), t('details.what')],
      (h.history ?? []).map((x) => [entryLinks(x.entry, size), x.party, `${x.what}${x.reason ? `: ${x.reason}` : ''}`])),
  ];
}

/** Fills the details panel with what <paramref name="make"/> builds (a view of many records, not one feature). */
export async function showView(api, make) {
  const body = document.getElementById('details-body');
  const size = (await api('/healthz').catch(() => ({ size: 0 }))).size;
  let parts;
  try {
    parts = await make(size);
  } catch (e) {
    parts = [el('p', String(e.message))];
  }
  body.replaceChildren(...parts);
  document.getElementById('details-heading').focus?.();
}

/** Fills the details panel with the feature's record; falls back to its map properties for other layers. On the map
 * an incident's or a hazard's details also link to their page of their own (`{ page: true }` is that page). */
export async function showDetails(api, t, layer, feature, collection, naming = 'neutral', { page = false } = {}) {
  const body = document.getElementById('details-body');
  const size = (await api('/healthz').catch(() => ({ size: 0 }))).size;
  let parts;
  try {
    if (layer === 'incidents') parts = incident(t, await api(`/api/incidents/${encodeURIComponent(feature.id)}?naming=${encodeURIComponent(naming)}`), size);
    else if (layer === 'hazards') parts = hazard(t, await api(`/api/hazards/${encodeURIComponent(feature.id)}`), size);
  } catch (e) {
    parts = [el('p', String(e.message))];
  }
  if (!parts) {
    parts = [el('h3', `${t(`layer.${layer}`)}: ${feature.id}`),
      facts(Object.entries(feature.properties).filter(([, v]) => v === null || typeof v !== 'object'))];
  }
  parts.push(el('p', null), link(`/ogc/collections/${collection}/items/${encodeURIComponent(feature.id)}`, t('details.open')));
  if (!page && (layer === 'incidents' || layer === 'hazards')) {
    parts.push(el('p', null), link(`/${layer}/${encodeURIComponent(feature.id)}`, t('details.page')));
  }
  body.replaceChildren(...parts);
  document.getElementById('details-heading').focus?.();
}
