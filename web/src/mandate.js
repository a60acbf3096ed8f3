// The mandate in the details panel: compliance per provision under each framework side by side, the flags with every
// framework's verdict, and the movements (notices with their consents, transits) and activities, each with the flags
// raised on it. Everything comes from /api/compliance, /api/movements, /api/transits and /api/activities as the
// signed-in reader may see them; every entry links to its inclusion proof.
import { el } from './dom.js';
import { entryLinks, table, when } from './details.js';

/** The flags raised on an entry, as their codes. */
function flagsOn(flags, index) {
  return flags.filter((f) => f.entries.includes(index) || f.index === index).map((f) => f.code).join(', ');
}

function verdicts(f) {
  return f.verdicts.map((v) => `${v.framework}${v.draft ? ' (draft)' : ''}: ${v.outcome}${v.provision ? ` (${v.provision})` : ''}`).join('; ');
}

export async function showCompliance(api, t, size) {
  const c = await api('/api/compliance?limit=1000');
  const frameworks = [...new Set(c.provisions.map((p) => `${p.framework}${p.draft ? ' (draft)' : ''}`))];
  const byNumber = new Map();
  for (const p of c.provisions) {
    const row = byNumber.get(p.number) ?? { text: p.text, states: {} };
    row.states[`${p.framework}${p.draft ? ' (draft)' : ''}`] = `${p.state}${p.breaches ? ` (${p.breaches})` : ''}`;
    byNumber.set(p.number, row);
  }
  return [
    el('h3', t('mandate.compliance')),
    el('p', t('mandate.asOf', when(c.asOf), c.flagsTotal)),
    table(t('mandate.provisions'), [t('mandate.provision'), ...frameworks],
      [...byNumber.entries()].map(([n, r]) => [`${n}: ${r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text}`, ...frameworks.map((f) => r.states[f] ?? '—')])),
    table(t('mandate.flags'), [t('details.entry'), t('details.party'), t('details.when'), t('details.what'), t('mandate.verdicts')],
      c.flags.map((f) => [entryLinks(f.index, size), f.party, when(f.time), `${f.code}: ${f.summary}`, verdicts(f)])),
  ];
}

export async function showMovements(api, t, size) {
  const [c, notices, transits, activities] = await Promise.all([
    api('/api/compliance?limit=1000'), api('/api/movements?limit=1000'), api('/api/transits?limit=1000'), api('/api/activities?limit=1000')]);
  const people = (list) => list.map((p) => `${p.count} ${p.category}`).join(', ');
  return [
    el('h3', t('mandate.movements')),
    table(t('mandate.notices'), [t('details.entry'), t('details.party'), t('mandate.who'), t('mandate.corridor'), t('details.when'), t('mandate.consents'), t('mandate.flags')],
      notices.items.map((n) => [entryLinks(n.index, size), n.party, `${n.id}: ${people(n.people)}`, n.corridor ?? '', `${when(n.from)} – ${when(n.until)}`,
        n.consents.map((x) => `${x.party}: ${x.given ? t('mandate.given') : t('mandate.refused')}`).join(', '), flagsOn(c.flags, n.index)])),
    table(t('mandate.transits'), [t('details.entry'), t('details.party'), t('mandate.checkpoint'), t('details.when'), t('mandate.who'), t('mandate.flags')],
      transits.items.map((x) => [entryLinks(x.index, size), x.party, `${x.checkpoint} (${x.direction})`, when(x.time), people(x.people ?? []), flagsOn(c.flags, x.index)])),
    table(t('mandate.activities'), [t('details.entry'), t('details.party'), t('details.what'), t('details.when'), t('mandate.authority'), t('mandate.flags')],
      activities.items.map((a) => [entryLinks(a.index, size), a.party, `${a.kind} (${a.actor})`, when(a.start),
        a.authority ? `${a.authority.agreement}${a.authority.provision ? ` ${a.authority.provision}` : ''}` : '', flagsOn(c.flags, a.index)])),
  ];
}
