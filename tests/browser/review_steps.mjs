// The console's queue in the browser: login, the flagged comments with their highlighted n-grams,
// inert HTML, decisions by keyboard and their undo, the alert link, filters (with a late answer
// dropped) and CSRF. Run by console.test.mjs on its page, in order, before the other steps.

import assert from 'node:assert/strict';
import { join } from 'node:path';

import { api, base, password, shots, step } from './harness.mjs';

// `ids`: the comments console.test.mjs posted; `openQueue(hash)`: goes to a queue and waits for it.
// Returns the ids of the first three flagged comments, in the queue's order, as they were decided.
export async function reviewSteps(page, ids, openQueue) {
  step('a wrong password is refused');
  await page.goto(`${base}/console/`);
  await page.fill('#login-name', 'carol');
  await page.fill('#login-password', 'not the password');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  assert.equal(await page.textContent('#login-error'), 'Wrong name or password.');
  if (shots) await page.screenshot({ path: join(shots, 'login.png') });

  step('log in; the queue shows the flagged comments, newest first');
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#queue li.item');
  assert.equal(await page.textContent('#who'), 'carol');
  const shown = await page.$$eval('#queue li.item', (lis) => lis.map((li) => Number(li.dataset.id)));
  assert.ok(shown.length >= 2, `flagged comments shown: ${shown}`);
  assert.ok(shown.includes(ids[1]), 'the slur is in the queue');
  assert.ok(!shown.includes(ids[0]) && !shown.includes(ids[4]), 'clean comments are not flagged');
  assert.deepEqual(shown, [...shown].sort((a, b) => b - a), 'newest first');

  step('the n-grams that drove the score are highlighted in place');
  const marks = await page.$$eval(`#queue li.item[data-id="${ids[1]}"] .text mark`, (ms) => ms.map((m) => [m.textContent, m.title]));
  assert.ok(marks.length > 0, 'the slur has highlighted spans');
  for (const [text, title] of marks) {
    assert.ok(title.toLowerCase().includes(text.toLowerCase().split(/\s+/)[0]), `the span '${text}' is one of its n-grams (${title})`);
  }
  const slurText = await page.textContent(`#queue li.item[data-id="${ids[1]}"] .text`);
  assert.equal(slurText, 'go back to africa you monkey, nobody wants your kind here', 'highlighting keeps the text whole');

  step('highlights land on whole words after multi-byte characters');
  const wide = await page.$$eval(`#queue li.item[data-id="${ids[6]}"] .text mark`, (ms) => ms.map((m) => ({
    text: m.textContent,
    before: m.previousSibling ? m.previousSibling.textContent.slice(-1) : '',
    after: m.nextSibling ? m.nextSibling.textContent.slice(0, 1) : '',
    ngrams: m.title.replace(/ \(\+[0-9.]+\)$/, '').split(', '),
  })));
  assert.ok(wide.length > 0, 'the slur after emoji and accents has highlighted spans');
  for (const m of wide) {
    assert.ok(!/\p{L}/u.test(m.before) && !/\p{L}/u.test(m.after), `'${m.text}' starts and ends on a word's edge`);
    const words = m.text.toLowerCase().split(/\s+/);
    assert.ok(m.ngrams.some((g) => g.split(' ')[0] === words[0]), `'${m.text}' begins with one of its n-grams ${m.ngrams}`);
  }
  assert.equal(await page.textContent(`#queue li.item[data-id="${ids[6]}"] .text`), 'Ça 😀 «Zürich» — go back to africa you monkey');

  step('a comment with <script> and <img onerror> renders as inert text');
  const xss = await page.$(`#queue li.item[data-id="${ids[2]}"]`);
  if (xss) {
    const text = await xss.$eval('.text', (p) => p.textContent);
    assert.ok(text.includes('<script>window.__xss = 1</script>') && text.includes('<img src=x onerror='), text);
    assert.equal(await xss.$$eval('.text img, .text script', (e) => e.length), 0);
    assert.equal(await xss.$eval('.author', (a) => a.textContent), '<b>troll2</b>');
    assert.equal(await xss.$$eval('a.post-link', (a) => a.length), 0, 'a javascript: address is no link');
  } else {
    // Not flagged by this model: look at it among all scored comments.
    await openQueue('#/queue?scope=scored&state=all');
    const text = await page.textContent(`#queue li.item[data-id="${ids[2]}"] .text`);
    assert.ok(text.includes('<script>window.__xss = 1</script>'), text);
    await openQueue('#/queue');
  }
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script of a comment ran');

  step('three decisions by keyboard: h, n, o');
  if (shots) await page.screenshot({ path: join(shots, 'queue.png'), fullPage: false });
  const queueIds = await page.$$eval('#queue li.item', (lis) => lis.map((li) => Number(li.dataset.id)));
  assert.ok(queueIds.length >= 3, `at least three flagged comments to review (${queueIds})`);
  await page.keyboard.press('h');
  await page.waitForSelector(`#queue li.item[data-id="${queueIds[0]}"].decided`);
  await page.keyboard.press('n');
  await page.waitForSelector(`#queue li.item[data-id="${queueIds[1]}"].decided`);
  await page.keyboard.press('o');
  await page.waitForSelector(`#queue li.item[data-id="${queueIds[2]}"].decided`);
  const current = await api('GET', '/v1/reviews?current=true');
  const byComment = new Map(current.reviews.map((r) => [r.comment_id, r]));
  assert.equal(byComment.get(queueIds[0])?.label, 'hate speech');
  assert.equal(byComment.get(queueIds[1])?.label, 'neither');
  assert.equal(byComment.get(queueIds[2])?.label, 'offensive language');
  for (const r of current.reviews) assert.equal(r.moderator, 'carol');

  step('u undoes the last decision');
  await page.keyboard.press('u');
  await page.waitForSelector(`#queue li.item[data-id="${queueIds[2]}"]:not(.decided)`);
  const after = await api('GET', `/v1/comments/${queueIds[2]}`);
  assert.equal(after.review, null, 'the third comment is back to review');
  assert.equal(after.reviews.length, 2, 'the decision and its withdrawal both stay in the audit trail');

  step('an alert\'s link opens the comment with its decisions');
  await openQueue(`#/comment/${queueIds[2]}`);
  assert.equal(await page.$$eval('.history-list li', (l) => l.length), 2, 'the decision and its withdrawal');
  assert.match(await page.textContent('.history-list li'), /withdrawn by carol/);

  step('filters: reviewed, by label, by text; a late answer for the old filters is dropped');
  // The queue's own answer (reviewed=false) is held back until the filtered one has been shown: the
  // console must not let it replace the reviewed list, nor drop the filtered load while it waits.
  let releaseHeld;
  const held = new Promise((ok) => { releaseHeld = ok; });
  let heldOnce = false;
  const unreviewed = (url) => url.pathname === '/v1/comments' && url.searchParams.get('reviewed') === 'false';
  await page.route(unreviewed, async (route) => {
    if (heldOnce) return route.continue();
    heldOnce = true;
    await held;
    await route.continue();
  });
  await page.goto(`${base}/console/#/queue`);
  await page.waitForFunction(() => document.getElementById('queue-status').textContent === 'Loading…');
  await page.selectOption('#f-state', 'reviewed');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('state=reviewed'));
  await page.waitForFunction((n) => document.querySelectorAll('#queue li.item').length === n, 2);
  const lateAnswer = page.waitForResponse((r) => unreviewed(new URL(r.url())));
  releaseHeld();
  await lateAnswer;
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200)));
  assert.equal(await page.$$eval('#queue li.item', (l) => l.length), 2, 'still the two reviewed comments');
  assert.equal(await page.textContent('#queue-status'), '2 comments');
  await page.unroute(unreviewed);
  await page.selectOption('#f-label', 'hate speech');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction((id) => {
    const items = [...document.querySelectorAll('#queue li.item')];
    return items.length === 1 && Number(items[0].dataset.id) === id;
  }, queueIds[0]);
  await openQueue('#/queue?scope=scored&state=all&q=bridge');
  const bridge = await page.$$eval('#queue li.item', (l) => l.map((li) => li.textContent));
  assert.equal(bridge.length, 1, 'one comment mentions the bridge');
  assert.match(bridge[0], /new bridge/);
  await page.selectOption('#f-source', 'forum');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => document.getElementById('queue-status').textContent.startsWith('Nothing'));

  step('a forged POST without the CSRF token is refused');
  const forged = await page.evaluate(async (id) => {
    const r = await fetch(`/v1/comments/${id}/review`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ label: 'neither' }),
    });
    return r.status;
  }, queueIds[0]);
  assert.equal(forged, 403);
  assert.equal((await api('GET', `/v1/comments/${queueIds[0]}`)).review.label, 'hate speech', 'nothing changed');
  return queueIds;
}
