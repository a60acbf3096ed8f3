// The dashboard's map timed in Debian's Chromium (bench/Truce.LoadDriver's map command):
//   node map-bench.mjs URL ROUNDS
// Each round opens a fresh page: firstRender is navigation to every layer drawn (body[data-map-state] ready), filtered
// is an incident type chosen to every layer redrawn. Prints {"firstRender": [ms...], "filtered": [ms...]}.
import { chromium } from 'playwright-core';

const [url, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const result = { firstRender: [], filtered: [] };
try {
  for (let r = 0; r < rounds; r++) {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 850 } })).newPage();
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (document.body?.dataset.mapState ?? '').startsWith('ready'), null, { polling: 'raf', timeout: 60000 });
    result.firstRender.push(Date.now() - t0);
    const before = await page.evaluate(() => document.body.dataset.mapState);
    const t1 = Date.now();
    await page.selectOption('#f-type', 'mortar');
    await page.waitForFunction((b) => document.body.dataset.mapState !== b, before, { polling: 'raf', timeout: 60000 });
    result.filtered.push(Date.now() - t1);
    await page.context().close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
