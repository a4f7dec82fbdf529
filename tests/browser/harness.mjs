// The browser test's world: the daemon with its config, models and SQLite file in a temporary
// directory, the moderators' alert receiver, the API client and the skip rules. Imported by
// console.test.mjs, which drives the console; nothing here opens a browser.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
export const chromiumPath = process.env.HATEWATCH_CHROMIUM || '/usr/bin/chromium';
const binary = resolve(process.env.HATEWATCH_BIN || join(root, 'build/dev/daemon/hatewatch'));

// Skipped (77) where a piece is missing, except under CI (CI=true), which installs them all: there
// a skip would let the suite pass without ever opening the console, so it fails.
function skip(why) {
  if (process.env.CI === 'true') {
    console.error(`FAILED: the browser test cannot run under CI: ${why}`);
    process.exit(1);
  }
  console.log(`SKIPPED: ${why}`);
  process.exit(77);
}

if (!existsSync(chromiumPath)) skip(`no browser at ${chromiumPath} (apt-get install chromium; scripts/setup does)`);
export let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core is not installed (cd tests/browser && npm ci; scripts/setup does)');
}
if (!existsSync(binary)) {
  console.error(`FAILED: no daemon binary at ${binary} (set HATEWATCH_BIN)`);
  process.exit(1);
}

export const password = 'correct horse battery staple';
export const readToken = 'browser-test-read-token-0123';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export async function waitReady(base, daemon) {
  for (let i = 0; i < 200; i++) {
    if (daemon.exitCode !== null) throw new Error(`the daemon exited with ${daemon.exitCode}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the daemon did not become ready in 10 s');
}

// The moderators' alert receiver: it answers 410 (a dead alert) until the test "fixes" it.
let receiverFixed = false;
export const fixReceiver = () => { receiverFixed = true; };
export const received = [];
export const receiver = createHttpServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received.push(receiverFixed ? 200 : 410);
    res.writeHead(receiverFixed ? 200 : 410).end();
  });
});
await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

export const dir = mkdtempSync(join(tmpdir(), 'hatewatch-browser-'));
const port = await freePort();
export const base = `http://127.0.0.1:${port}`;
const hash = execFileSync(binary, ['hash-password', '--cost', '10'], { input: `${password}\n` }).toString().trim();
copyFileSync(join(root, 'models/forums.hwm'), join(dir, 'live.hwm'));
mkdirSync(join(dir, 'candidates'));
copyFileSync(join(root, 'models/davidson2017.hwm'), join(dir, 'candidates', 'davidson.hwm'));
writeFileSync(join(dir, 'hatewatch.yaml'), `
server: {listen: "127.0.0.1:${port}", threads: 2, drain_timeout: 2s}
log: {level: warn}
model:
  path: "${join(dir, 'live.hwm')}"
  candidates: "${join(dir, 'candidates')}"
  by_language: {de: "${join(root, 'models/de.hwm')}", da: "${join(root, 'models/da.hwm')}"}
auth: {read_tokens: ["${readToken}"]}
console:
  users:
    - {name: carol, password: "${hash}", promote: true}
storage: {path: "${join(dir, 'hatewatch.db')}"}
alerts: {interval: 100ms}
channels:
  mods: {kind: webhook, url: "${hookUrl}"}
sources:
  - {name: forum, kind: generic, thresholds: {hate_speech: 0.5}, notify: [mods]}
  - {name: news, kind: generic, thresholds: {hate_speech: 0.5}}
`);
export const daemon = spawn(binary, ['serve', '--config', join(dir, 'hatewatch.yaml')], { stdio: ['ignore', 'inherit', 'inherit'] });
export const shots = process.env.HATEWATCH_SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });

export const step = (name) => console.log(`-- ${name}`);

export async function api(method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${readToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}
