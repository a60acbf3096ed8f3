// Drives Debian's Chromium (playwright-core, never a browser of its own) through the dashboard of a running Truce
// server and prints what it saw as one JSON object: BrowserTests (xUnit) asserts on it. Screenshots go to OUT.
//   node dashboard.mjs URL OUT CONFIG
// CONFIG (JSON): {"tokens": {"am": "…", "az": "…"}, "probe": [lat, lon]}: the member whose token signs in first ("am"),
// and a place where only some readers have a feature: what each reader sees there is reported.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const [url, out, configText] = process.argv.slice(2);
const config = JSON.parse(configText);
mkdirSync(out, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const result = { consoleErrors: [], requestsOutside: [], failedRequests: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  // While a refusal is what the step expects, the browser's log line for the refused request is not an error.
  let refusalExpected = false;
  const expected = (u) => refusalExpected && new URL(u).pathname === '/api/entries';
  page.on('console', (m) => { if (m.type() === 'error' && !expected(m.location().url)) result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400 && !expected(r.url())) result.failedRequests.push(`${r.status()} ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) result.requestsOutside.push(r.url()); });

  const ready = async (after) => {
    await page.waitForFunction((n) => (document.body.dataset.mapState ?? '') !== n && (document.body.dataset.mapState ?? '').startsWith('ready'), after, { timeout: 20000 });
    return page.evaluate(() => document.body.dataset.mapState);
  };
  const seen = () => page.evaluate(() => ({
    counts: document.getElementById('counts').textContent,
    markers: document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length,
    clusters: document.querySelectorAll('.leaflet-marker-pane .cluster').length,
    clusterTotal: [...document.querySelectorAll('.leaflet-marker-pane .cluster')].reduce((n, c) => n + Number(c.textContent), 0),
    basemapShapes: document.querySelectorAll('.leaflet-overlay-pane path:not(.leaflet-interactive)').length,
  }));

  await page.goto(url, { waitUntil: 'load' });
  let state = await ready('');
  result.initial = await seen();
  await page.screenshot({ path: `${out}/map.png` });

  // Hazards and the corridor off: what remains is incidents, filtered by status.
  await page.uncheck('#layers input[value="hazards"]');
  await page.uncheck('#layers input[value="corridors"]');
  await page.uncheck('#layers input[value="checkpoints"]');
  state = await ready(state);
  result.incidentsOnly = await seen();
  await page.selectOption('#f-status', 'verified');
  state = await ready(state);
  result.verifiedOnly = await seen();
  await page.screenshot({ path: `${out}/map-verified.png` });
  await page.selectOption('#f-status', '');
  state = await ready(state);

  // A click on a single feature shows its details: one that is on screen and not under anything else.
  const target = await page.evaluate(() => {
    const map = document.getElementById('map').getBoundingClientRect();
    for (const p of document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')) {
      const r = p.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      if (x > map.left + 5 && x < map.right - 5 && y > map.top + 5 && y < map.bottom - 5 && document.elementFromPoint(x, y) === p) return { x, y };
    }
    return null;
  });
  result.clickTarget = target;
  if (target) {
    await page.mouse.click(target.x, target.y);
    result.details = await page.locator('#details-body h3').textContent({ timeout: 15000 }).catch(() => null);
    await page.locator('#details-body table').first().waitFor({ timeout: 15000 }).catch(() => null);
    result.detailTables = await page.locator('#details-body table caption').allTextContents();
    result.proofLinks = await page.locator('#details-body a[href^="/log/proof/inclusion"]').count();
    // Why each report is in the incident: the last column of the reports table.
    result.reportsTable = await page.evaluate(() => {
      const t = [...document.querySelectorAll('#details-body table')].find((x) => x.querySelector('caption')?.textContent === 'Reports');
      return t ? { headers: [...t.querySelectorAll('th')].map((h) => h.textContent), why: [...t.querySelectorAll('tr')].slice(1).map((r) => r.lastElementChild.textContent) } : null;
    });
    await page.screenshot({ path: `${out}/incident-details.png` });
    // Its address opens the same details in a new page.
    const address = page.url();
    const shared = await context.newPage();
    await shared.goto(address, { waitUntil: 'load' });
    result.sharedAddress = { address: new URL(address).hash, details: await shared.locator('#details-body h3').textContent({ timeout: 15000 }).catch(() => null) };
    await shared.close();
  }

  // The mandate in the details panel: compliance per provision under each framework side by side, then movements.
  await page.click('#show-compliance');
  await page.waitForFunction(() => document.querySelector('#details-body h3')?.textContent === 'Compliance', null, { timeout: 15000 });
  result.compliance = { heading: await page.locator('#details-body h3').textContent(), columns: await page.locator('#details-body table').first().locator('th').count(),
    tables: await page.locator('#details-body table caption').allTextContents() };
  await page.screenshot({ path: `${out}/compliance.png` });
  await page.click('#show-movements');
  await page.waitForFunction(() => document.querySelector('#details-body h3')?.textContent.startsWith('Movements'), null, { timeout: 15000 });
  result.movements = { tables: await page.locator('#details-body table caption').allTextContents(), rows: await page.locator('#details-body tr').count() };

  // Signed in, the same page reads as the token's member.
  const signIn = async (token) => {
    if (token) {
      await page.fill('#token', token);
      await page.click('#signin button[type=submit]');
    } else {
      await page.click('#signout');
    }
    state = await ready(state);
  };
  await signIn(config.tokens.am);
  result.signedIn = { whoami: await page.locator('#whoami').textContent(), ...(await seen()) };

  // The forms: the member loads the party's key (it stays in the page), signs a report at the written point and
  // submits it; the answer names the incident correlation put it in, which is then on the map. A verification step by
  // the peacekeepers' member follows, and a refused entry shows the server's problem.
  const write = async (kind, fields) => {
    await page.selectOption('#w-kind', kind);
    for (const [id, v] of Object.entries(fields)) {
      if (await page.locator(`#${id}`).evaluate((e) => e.tagName) === 'SELECT') await page.selectOption(`#${id}`, v);
      else await page.fill(`#${id}`, v);
    }
    await page.evaluate(() => { delete document.body.dataset.written; });
    await page.click('#w-form button[type=submit]');
    await page.waitForFunction(() => document.body.dataset.written, null, { timeout: 15000 });
    return page.evaluate(() => document.body.dataset.written);
  };
  const useKey = async (seed) => {
    await page.fill('#w-key', seed);
    await page.click('#w-keyform button[type=submit]');
    await page.waitForFunction(() => /^Key k/.test(document.getElementById('w-key-state').textContent), null, { timeout: 10000 });
  };
  await useKey(config.keys.am);
  const [wlat, wlon] = config.written;
  result.written = await write('report', {
    'w-report-category': 'ceasefire-violation', 'w-report-type': 'mortar', 'w-report-start': '2021-04-02T06:30',
    'w-report-lat': String(wlat), 'w-report-lon': String(wlon), 'w-report-locationPrecision': 'near', 'w-report-sourceId': 'browser-form',
    'w-report-description': 'Shelling heard north of the post (written in the browser test).',
  });
  result.writtenAnswer = await page.locator('#w-answer').textContent();
  await page.screenshot({ path: `${out}/write-report.png` });
  state = await ready(state);
  await page.evaluate(([lat, lon]) => window.truceMap.setView([lat, lon], 14), config.written);
  state = await ready(state);
  result.writtenOnMap = (await seen()).markers;
  refusalExpected = true;
  result.refused = await write('incident.status', { 'w-incident-status-incident': result.written, 'w-incident-status-reason': 'checking' });
  refusalExpected = false;
  await signIn(config.tokens.pk);
  await useKey(config.keys.pk);
  result.verified = await write('incident.status', {
    'w-incident-status-incident': result.written, 'w-incident-status-status': 'under-review', 'w-incident-status-reason': 'two sources; assessing',
  });

  // Place names follow the reader's choice: the written incident's nearest settlement in both sides' names, then as one
  // side names it (the details open from their address, and open again when the choice changes).
  const near = async () => page.evaluate(() => {
    const dt = [...document.querySelectorAll('#details-body dt')].find((x) => x.textContent === 'Near');
    return dt?.nextElementSibling?.textContent ?? null;
  });
  await page.evaluate((id) => history.replaceState(null, '', `#incidents/${id}`), result.written);
  await page.reload({ waitUntil: 'load' });
  state = await ready('');
  await page.waitForFunction((id) => document.querySelector('#details-body h3')?.textContent.endsWith(id), result.written, { timeout: 15000 }).catch(() => null);
  result.naming = { neutral: await near() };
  await page.selectOption('#naming', 'az');
  await page.waitForFunction((before) => {
    const dt = [...document.querySelectorAll('#details-body dt')].find((x) => x.textContent === 'Near');
    return (dt?.nextElementSibling?.textContent ?? null) !== before;
  }, result.naming.neutral, { timeout: 10000 }).catch(() => null);
  result.naming.az = await near();
  // A naming changes no feature on the map (only names in the details and the places layer): no redraw to wait for.
  await page.selectOption('#naming', 'neutral');
  // The reload showed the default layers again: back to incidents alone.
  for (const layer of ['hazards', 'corridors', 'checkpoints']) await page.uncheck(`#layers input[value="${layer}"]`);
  state = await ready(state);

  // What each reader sees at the probe: the member of the party that logged it there, another party's, the public.
  result.probe = {};
  await page.evaluate(([lat, lon]) => window.truceMap.setView([lat, lon], 14), config.probe);
  state = await ready(state);
  for (const who of ['am', 'az', 'public']) {
    await signIn(who === 'public' ? null : config.tokens[who]);
    const s = await seen();
    result.probe[who] = s.markers + s.clusterTotal;
  }
  await page.screenshot({ path: `${out}/map-probe-public.png` });

  // "Is it safe?": a pasted point beside a known hazard, then a route drawn with two clicks on the map.
  await page.fill('#safe-geometry', JSON.stringify({ type: 'Point', coordinates: [config.safePoint[1], config.safePoint[0]] }));
  await page.click('#safe button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.safeAnswer, null, { timeout: 10000 });
  result.safePasted = { answer: await page.evaluate(() => document.body.dataset.safeAnswer), hits: await page.locator('#safe-answer li').count() };
  await page.screenshot({ path: `${out}/safe.png` });
  await page.click('#safe-clear');
  await page.evaluate(() => { delete document.body.dataset.safeAnswer; });
  await page.click('#safe-draw');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.55);
  await page.click('#safe-draw');
  await page.click('#safe button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.safeAnswer, null, { timeout: 10000 });
  result.safeDrawn = { answer: await page.evaluate(() => document.body.dataset.safeAnswer), summary: await page.locator('#safe-answer p').first().textContent() };
  // A parcel: three clicks and the shape closed.
  await page.click('#safe-clear');
  await page.evaluate(() => { delete document.body.dataset.safeAnswer; });
  await page.check('#safe-parcel');
  await page.click('#safe-draw');
  for (const [fx, fy] of [[0.4, 0.4], [0.6, 0.4], [0.5, 0.6]]) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  await page.click('#safe-draw');
  const asked = page.waitForRequest((r) => r.url().endsWith('/api/safety') && r.method() === 'POST');
  await page.click('#safe button[type=submit]');
  result.safeParcel = { sent: JSON.parse((await asked).postData()).geometry.type };
  await page.waitForFunction(() => document.body.dataset.safeAnswer, null, { timeout: 10000 });
  result.safeParcel.summary = await page.locator('#safe-answer p').first().textContent();
  await page.uncheck('#safe-parcel');

  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations);
  result.axe = axe.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target?.join(' ') }));

  // The daily situation report the header links to: it renders, with its map and chart, passes axe, and prints.
  // The page's policy forbids scripts; axe-core is let in by the test's context alone (bypassCSP).
  const reportContext = await browser.newContext({ bypassCSP: true });
  const report = await reportContext.newPage();
  report.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(`report: ${m.text()}`); });
  await report.goto(`${origin}/reports/daily?date=${config.reportDate}`, { waitUntil: 'load' });
  result.report = { title: await report.locator('h1').textContent(), figures: await report.locator('figure svg').count() };
  await report.addScriptTag({ content: axeSource }).catch(() => null);
  result.report.axe = await report.evaluate(async () => (window.axe ? (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations.map((v) => v.id) : ['axe not loaded']));
  await report.screenshot({ path: `${out}/report-daily.png`, fullPage: true });
  const printed = await report.request.get(`${origin}/reports/daily.pdf?date=${config.reportDate}`);
  result.report.pdf = { status: printed.status(), type: printed.headers()['content-type'], head: (await printed.body()).subarray(0, 5).toString() };
  await reportContext.close();

  // The public report form: required fields marked, a place clicked on its map, sent without a token.
  const form = await context.newPage();
  form.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(`report form: ${m.text()}`); });
  await form.goto(`${origin}/report`, { waitUntil: 'load' });
  await form.waitForFunction(() => document.querySelectorAll('#p-type option').length > 0, null, { timeout: 10000 });
  result.publicForm = { required: await form.locator('#public-report [required]').count() };
  await form.selectOption('#p-category', 'explosion');
  await form.fill('#p-start', '2021-03-05T19:30');
  const mapBox = await form.locator('#public-map').boundingBox();
  await form.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  await form.fill('#p-description', 'A loud explosion near the school (browser test).');
  await form.fill('#p-contact', 'synthetic contact');
  await form.click('#public-report button[type=submit]');
  await form.waitForFunction(() => document.body.dataset.sent, null, { timeout: 10000 });
  result.publicForm.sent = await form.evaluate(() => document.body.dataset.sent);
  result.publicForm.lat = await form.inputValue('#p-lat');
  await form.addScriptTag({ content: axeSource });
  result.publicForm.axe = (await form.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations))
    .map((v) => ({ id: v.id, target: v.nodes[0]?.target?.join(' ') }));
  await form.screenshot({ path: `${out}/public-report.png`, fullPage: true });
  await form.close();

  // The written incident's page of its own, read as the am member signed in on the map (the token in sessionStorage),
  // and compliance on a page of its own: each as the panel shows it, axe clean.
  const detail = await context.newPage();
  detail.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(`detail page: ${m.text()}`); });
  await detail.addInitScript((token) => sessionStorage.setItem('truce-token', token), config.tokens.am);
  const detailPage = async (path) => {
    await detail.goto(`${origin}${path}`, { waitUntil: 'load' });
    await detail.waitForFunction(() => document.body.dataset.detailState === 'ready', null, { timeout: 15000 });
  };
  await detailPage(`/incidents/${encodeURIComponent(result.written)}`);
  result.detailPage = {
    title: await detail.locator('h1').textContent(), heading: await detail.locator('#details-body h3').textContent(),
    tables: await detail.locator('#details-body table caption').allTextContents(),
    proofLinks: await detail.locator('#details-body a[href^="/log/proof/inclusion"]').count(),
    onMap: await detail.locator('main > p a').getAttribute('href'),
  };
  await detail.addScriptTag({ content: axeSource });
  result.detailPage.axe = (await detail.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations))
    .map((v) => ({ id: v.id, target: v.nodes[0]?.target?.join(' ') }));
  await detail.screenshot({ path: `${out}/incident-page.png`, fullPage: true });
  await detailPage('/compliance');
  result.compliancePage = { heading: await detail.locator('#details-body h3').textContent(), columns: await detail.locator('#details-body table').first().locator('th').count() };
  await detail.close();

  // A phone's width: the page still lays out (the panel above the map), with no horizontal scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  await page.screenshot({ path: `${out}/map-phone.png`, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
