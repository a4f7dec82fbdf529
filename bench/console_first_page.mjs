// The console's first page, measured in Debian's chromium (playwright-core from tests/browser):
// logs in once, then loads /console/ 20 times and reports, per load, the time from the start of
// navigation until the first page of the queue is on screen and answers keys (the first item is
// selected), with the queue API's share of it.
//   node bench/console_first_page.mjs BASE_URL NAME PASSWORD      (bench/console.sh runs it)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../tests/browser/package.json'));
const { chromium } = require('playwright-core');
const [base, name, password] = process.argv.slice(2);
const loads = 20;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${base}/console/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#queue li.item.current');
  const times = [];
  const api = [];
  for (let i = 0; i < loads; i++) {
    await page.reload();
    await page.waitForSelector('#queue li.item.current');
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const list = performance.getEntriesByType('resource').filter((r) => r.name.includes('/v1/comments'));
      return { ready: performance.now() - nav.startTime, api: list.length ? list[0].duration : 0,
        items: document.querySelectorAll('#queue li.item').length };
    });
    if (t.items !== 50) throw new Error(`a page of ${t.items} comments, not 50`);
    times.push(t.ready);
    api.push(t.api);
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const q = (a, p) => sorted(a)[Math.min(a.length - 1, Math.floor(p * a.length))];
  console.log(`first page interactive (50 comments, first selected): median ${q(times, 0.5).toFixed(0)} ms, ` +
    `p90 ${q(times, 0.9).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${loads} loads; ` +
    `the queue API call within it: median ${q(api, 0.5).toFixed(1)} ms`);
} finally {
  await browser.close();
}
