// The moderator console in a real browser: Debian's chromium, driven by playwright-core, against the
// real daemon on loopback with a real SQLite file. Run by ctest (browser_console), or by hand:
//   HATEWATCH_BIN=build/dev/daemon/hatewatch node tests/browser/console.test.mjs
// Exit 0: passed; 1: failed; 77: skipped (no chromium or no playwright-core), with the reason;
// under CI=true a missing piece fails instead.
// HATEWATCH_SCREENSHOTS=dir keeps the screenshots the README shows. The daemon and its world are set
// up by harness.mjs; the queue's steps are in review_steps.mjs, the rest (overview, alerts, models,
// bulk decisions, languages, sessions) here.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import {
  api, base, chromium, chromiumPath, daemon, dir, fixReceiver, password, received, receiver, shots, step, waitReady,
} from './harness.mjs';
import { reviewSteps } from './review_steps.mjs';

let browser;
let failed = false;

try {
  await waitReady(base, daemon);
  step('comments arrive by webhook');
  const posted = await api('POST', '/webhooks/generic/forum', [
    { id: 'a1', text: 'what a lovely picture of the lake, thanks for sharing', author: 'ann', url: 'https://forum.example/t/1' },
    { id: 'a2', text: 'go back to africa you monkey, nobody wants your kind here', author: 'troll1', url: 'https://forum.example/t/2' },
    { id: 'a3', text: '<script>window.__xss = 1</script> those faggots should all burn <img src=x onerror="window.__xss = 2">', author: '<b>troll2</b>', url: 'javascript:alert(1)' },
    { id: 'a4', text: 'all of them are subhuman vermin and should be deported', author: 'troll3' },
    { id: 'a5', text: 'see you at the meeting on sunday', author: 'ben' },
    { id: 'a6', text: 'kill all the muslims, they are a plague', author: 'troll4' },
    // Characters of 2, 3 and 4 UTF-8 bytes before the slur: the explanation's byte offsets must land
    // on the same words in JavaScript's UTF-16 string.
    { id: 'a7', text: 'Ça 😀 «Zürich» — go back to africa you monkey', author: 'troll5' },
  ]);
  const ids = posted.results.map((r) => r.comment_id);
  await api('POST', '/webhooks/generic/news', [{ id: 'n1', text: 'the council votes on the new bridge today', author: 'ed' }]);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  // Goes to a queue address and waits until the queue shows it (not the list the page had before).
  const openQueue = async (hash) => {
    await page.goto(`${base}/console/${hash}`);
    await page.waitForFunction((h) => {
      const q = document.getElementById('queue');
      return q.dataset.shows === h && q.getAttribute('aria-busy') === 'false';
    }, hash);
  };

  const queueIds = await reviewSteps(page, ids, openQueue);

  step('the overview draws its charts; a late answer for the days chosen before is dropped');
  // The 14 days' answer is held back until the 7 days chosen after it are drawn.
  let releaseOverview;
  const overviewHeld = new Promise((ok) => { releaseOverview = ok; });
  const fortnight = (url) => url.pathname === '/v1/overview' && url.searchParams.get('days') === '14';
  await page.route(fortnight, async (route) => {
    await overviewHeld;
    await route.continue();
  });
  await page.goto(`${base}/console/#/overview`);
  await page.selectOption('#o-days', '7');
  const weekChart = '#o-flagged svg[aria-label="flagged comments per day over 7 days"]';
  await page.waitForSelector(weekChart);
  const lateOverview = page.waitForResponse((r) => fortnight(new URL(r.url())));
  releaseOverview();
  await lateOverview;
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200)));
  assert.equal(await page.$$eval(weekChart, (l) => l.length), 1, 'still the chart of 7 days');
  await page.unroute(fortnight);
  await page.selectOption('#o-days', '14');
  await page.waitForSelector('#o-flagged svg[aria-label="flagged comments per day over 14 days"]');
  await page.waitForSelector('#o-flagged svg rect');
  await page.waitForSelector('#o-agreement table');
  assert.match(await page.textContent('#o-reviewed'), /flagged comments reviewed/);
  if (shots) await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });

  step('dead alerts are sent again from the overview once the receiver is fixed');
  await page.waitForSelector('#o-alerts tr.alert-dead button.retry');
  const dead = (await api('GET', '/v1/alerts?state=dead')).alerts.length;
  assert.ok(dead > 0, 'the receiver refused the alerts: they are dead');
  fixReceiver();
  await page.click('#o-alerts tr.alert-dead button.retry');
  await page.waitForFunction(() => /will be sent again/.test(document.getElementById('toast').textContent));
  assert.match(await page.textContent('#toast'), new RegExp(`^${dead} dead alert`));
  // Pending again at once; delivered at the dispatcher's next rounds (every 100 ms here).
  const delivered = async () => (await api('GET', '/v1/alerts?state=delivered')).alerts.length;
  for (let i = 0; i < 100 && (await delivered()) < dead; ++i)
    await new Promise((ok) => setTimeout(ok, 100));
  assert.equal(await delivered(), dead, 'every dead alert was delivered');
  assert.equal((await api('GET', '/v1/alerts?state=dead')).alerts.length, 0, 'none is dead any more');
  assert.ok(received.filter((s) => s === 200).length >= 1, 'the receiver got them');
  await page.waitForFunction(() => !document.querySelector('#o-alerts tr.alert-dead'));

  step('a candidate is evaluated on the decisions, promoted, and rolled back');
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}/console/#/models`);
  await page.waitForSelector('#m-candidates li button');
  const liveBefore = await page.textContent('#m-live');
  await page.click('#m-candidates li button:text("Evaluate")');
  await page.waitForSelector('#m-evaluation table.evaluation');
  assert.match(await page.textContent('#m-evaluation'), /on 2 decisions/);
  await page.click('#m-candidates li button.promote');
  await page.waitForFunction((before) => document.getElementById('m-live').textContent !== before, liveBefore);
  assert.match(await page.textContent('#m-live'), /^davidson2017/);
  await page.waitForSelector('#m-promotions li table.evaluation');
  const served = await (await fetch(`${base}/`)).json();
  assert.match(served.model, /^davidson2017/, 'the daemon serves the promoted model');
  if (shots) await page.screenshot({ path: join(shots, 'models.png'), fullPage: true });
  await page.click('#m-rollback');
  await page.waitForFunction((before) => document.getElementById('m-live').textContent === before, liveBefore);
  assert.equal((await (await fetch(`${base}/`)).json()).model, liveBefore.split(' ')[0], 'the daemon serves the live model again');
  assert.equal(await page.$$eval('#m-promotions li', (l) => l.length), 2);

  step('a raid: x selects two comments, h decides both');
  await openQueue('#/queue?state=all');
  const all = await page.$$eval('#queue li.item', (lis) => lis.map((li) => Number(li.dataset.id)));
  assert.ok(all.length >= 3, `three comments to raid (${all})`);
  const thirdBefore = (await api('GET', `/v1/comments/${all[2]}`)).reviews.length;
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.waitForFunction(() => document.getElementById('bulk-count').textContent === '2 selected');
  await page.keyboard.press('h');
  await page.waitForSelector('#bulk[hidden]', { state: 'attached' });
  for (const id of all.slice(0, 2)) {
    const c = await api('GET', `/v1/comments/${id}`);
    assert.equal(c.review?.label, 'hate speech', `comment ${id} decided in bulk`);
    assert.equal(c.review?.moderator, 'carol');
  }
  assert.equal((await api('GET', `/v1/comments/${all[2]}`)).reviews.length, thirdBefore, 'the unselected comment is untouched');
  assert.equal(await page.$$eval('#queue input.pick:checked', (l) => l.length), 0, 'the selection is cleared');

  step('e writes a note that goes with the next decision');
  await page.keyboard.press('j');
  await page.waitForSelector(`#queue li.item[data-id="${all[2]}"].current`);
  await page.keyboard.press('e');
  await page.keyboard.type('raid from another board, same wording');
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  let noted;
  for (let tries = 0; tries < 100; tries++) { // the decision lands when the daemon answers the console
    noted = await api('GET', `/v1/comments/${all[2]}`);
    if (noted.reviews.length > thirdBefore) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(noted.reviews.length, thirdBefore + 1, 'one decision recorded');
  assert.equal(noted.review.label, 'neither');
  assert.equal(noted.reviews[0].note, 'raid from another board, same wording', 'the newest decision carries the note');
  // The console empties the field when its own request is answered, which may be just after the
  // decision is visible through the API.
  await page.waitForFunction((id) => document.querySelector(`#queue li.item[data-id="${id}"] .note`).value === '', all[2],
    { timeout: 5000 }).catch(() => {});
  assert.equal(await page.$eval(`#queue li.item[data-id="${all[2]}"] .note`, (n) => n.value), '', 'the note field is emptied');

  step('each comment shows its language, the queue filters by it, and a Danish score is neither / not neither');
  const foreign = await api('POST', '/webhooks/generic/news', [
    { id: 'de1', text: 'Alle Moslems sind Verbrecher und müssen raus aus Deutschland, dieses Pack gehört nicht zu uns', author: 'hans' },
    { id: 'da1', text: 'Hold kæft din lede taber', author: 'lars' },
  ]);
  const [germanId, danishId] = foreign.results.map((r) => r.comment_id);
  await openQueue('#/queue?state=all&lang=de');
  const germanShown = await page.$$eval('#queue li.item', (lis) => lis.map((li) => Number(li.dataset.id)));
  assert.deepEqual(germanShown, [germanId], 'only the German comment is listed');
  assert.equal(await page.$eval(`#queue li.item[data-id="${germanId}"] .meta .language`, (n) => n.textContent), 'de');
  assert.equal(await page.$eval('#f-lang', (n) => n.value), 'de', 'the form shows the filter');
  await page.fill('#f-lang', 'da');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction((id) => {
    const items = [...document.querySelectorAll('#queue li.item')];
    return items.length === 1 && Number(items[0].dataset.id) === id;
  }, danishId);
  const bars = await page.$$eval(`#queue li.item[data-id="${danishId}"] .score-name`, (ns) => ns.map((n) => n.textContent));
  assert.deepEqual(bars, ['not neither', 'neither'], 'no hate / offensive split is shown for a model that cannot tell it');
  if (shots) await page.screenshot({ path: join(shots, 'languages.png') });

  step('the help lists the keys');
  await openQueue('#/queue');
  await page.keyboard.press('?');
  await page.waitForSelector('#help[open]');
  if (shots) await page.screenshot({ path: join(shots, 'help.png') });
  await page.keyboard.press('Escape');

  step('logout ends the session');
  await page.click('#logout');
  await page.waitForSelector('#login-view:not([hidden])');
  assert.equal((await page.evaluate(() => fetch('/console/session').then((r) => r.status))), 401);

  step('a session ended elsewhere sends the console back to the login form');
  const again = await browser.newPage();
  await again.goto(`${base}/console/`);
  await again.fill('#login-name', 'carol');
  await again.fill('#login-password', password);
  await again.click('#login-form button[type=submit]');
  await again.waitForSelector('#queue li.item');
  const csrf = await again.evaluate(() => fetch('/console/session').then((r) => r.json()).then((s) => s.csrf));
  await again.evaluate((t) => fetch('/console/logout', { method: 'POST', headers: { 'X-CSRF-Token': t } }), csrf);
  await again.click('#filters button[type=submit]');
  await again.waitForSelector('#login-view:not([hidden])');
  assert.match(await again.textContent('#login-error'), /session has ended/);
  await again.close();

  step('wrong passwords are rate limited');
  const other = await browser.newPage();
  await other.goto(`${base}/console/`);
  let message = '';
  for (let i = 0; i < 6; i++) {
    await other.fill('#login-name', 'carol');
    await other.fill('#login-password', `guess ${i}`);
    await other.click('#login-form button[type=submit]');
    await other.waitForFunction((prev) => {
      const t = document.getElementById('login-error').textContent;
      return t.length > 0 && t !== prev;
    }, message === 'Wrong name or password.' ? '' : message).catch(() => {});
    message = await other.textContent('#login-error');
    await other.evaluate(() => { document.getElementById('login-error').textContent = ''; });
  }
  assert.match(message, /too many failed logins/);

  assert.deepEqual(problems.filter((p) => !p.includes('401') && !p.includes('403')), [],
    'no script errors and no CSP violations in the console');
  console.log('PASSED');
} catch (e) {
  failed = true;
  console.error('FAILED:', e);
} finally {
  if (browser) await browser.close();
  receiver.close();
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.exitCode !== null ? r() : daemon.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
