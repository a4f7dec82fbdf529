// The console's first page, measured in Debian's chromium (playwright-core from tests/browser):
// logs in once, then loads /console/ 20 times and reports, per load, the time from the start of
// navigation until the first page of the queue is on screen and answers keys: the first item is
// selected (seen by a MutationObserver in the page, at the moment it happens) and the frame holding
// it has been painted (a task queued from the next animation frame). Measured inside the page: asking
// from outside (waitForSelector, then evaluate) adds playwright's polling and round trips, 100 ms and
// more here. For scale it first loads an empty page from a static server the same way.
//   node bench/console_first_page.mjs BASE_URL NAME PASSWORD      (bench/console.sh runs it)
import { createServer } from 'node:http';
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
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (window.__shown !== undefined || !document.querySelector('#queue li.item.current, #empty-page')) return;
      window.__shown = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
  const painted = () => page.waitForFunction(() => window.__painted !== undefined).then(() =>
    page.evaluate(() => ({ shown: window.__shown, painted: window.__painted })));

  // An empty page from a static server, for scale: what any navigation costs in this browser here.
  const empty = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-cache' });
    res.end('<!doctype html><title>empty</title><p id="empty-page">empty</p>');
  });
  await new Promise((resolve) => empty.listen(0, '127.0.0.1', resolve));
  const baseline = [];
  await page.goto(`http://127.0.0.1:${empty.address().port}/`);
  for (let i = 0; i < loads; i++) {
    await page.reload();
    baseline.push((await painted()).painted);
  }
  empty.close();

  await page.goto(`${base}/console/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#queue li.item.current');
  const times = [];
  const shown = [];
  const api = [];
  for (let i = 0; i < loads; i++) {
    await page.reload();
    const t = await painted();
    const more = await page.evaluate(() => {
      const list = performance.getEntriesByType('resource').filter((r) => r.name.includes('/v1/comments'));
      return { api: list.length ? list[0].duration : 0, items: document.querySelectorAll('#queue li.item').length };
    });
    if (more.items !== 50) throw new Error(`a page of ${more.items} comments, not 50`);
    times.push(t.painted);
    shown.push(t.shown);
    api.push(more.api);
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const q = (a, p) => sorted(a)[Math.min(a.length - 1, Math.floor(p * a.length))];
  const ms = (a) => `median ${q(a, 0.5).toFixed(0)} ms, p90 ${q(a, 0.9).toFixed(0)} ms, max ${Math.max(...a).toFixed(0)} ms`;
  console.log(`an empty page, painted:                          ${ms(baseline)} over ${loads} loads`);
  console.log(`console first page, 50 comments, first selected: ${ms(shown)}`);
  console.log(`  ... and painted (interactive):                 ${ms(times)}; ` +
    `the queue API call within it: median ${q(api, 0.5).toFixed(1)} ms`);
} finally {
  await browser.close();
}
