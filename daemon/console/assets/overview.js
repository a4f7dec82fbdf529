// The overview: flagged comments per day and source (a stacked bar chart drawn as SVG), the share
// of flagged comments reviewed, the model against moderators (a confusion matrix) and the alert
// outbox by channel and state, with a button that sends a channel's dead alerts again.

import { api, query, fillSources } from './api.js';
import { $, el } from './dom.js';
import { toast } from './toast.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#c0392b', '#2980b9', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#7f8c8d'];

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function daysBetween(since, count) {
  const out = [];
  const start = new Date(since);
  for (let i = 0; i < count; i++) {
    const d = new Date(start.getTime() + i * 86400000);
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function flaggedChart(into, data, dayCount) {
  const days = daysBetween(data.since, dayCount);
  const sources = [...new Set(data.days.map((d) => d.source))].sort();
  const counts = new Map(); // day -> source -> flagged
  for (const d of data.days) {
    if (!counts.has(d.day)) counts.set(d.day, new Map());
    counts.get(d.day).set(d.source, d.flagged);
  }
  const totals = days.map((day) => sources.reduce((s, src) => s + (counts.get(day)?.get(src) ?? 0), 0));
  const max = Math.max(1, ...totals);
  const width = 1000, height = 240, left = 40, bottom = 30, top = 10;
  const barW = (width - left) / days.length;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'bars',
    'aria-label': `flagged comments per day over ${dayCount} days` });
  const y = (v) => height - bottom - ((height - bottom - top) * v) / max;
  for (const tick of [0, Math.round(max / 2), max]) {
    chart.append(svg('line', { x1: left, x2: width, y1: y(tick), y2: y(tick), class: 'grid' }));
    chart.append(svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' }, String(tick)));
  }
  days.forEach((day, i) => {
    let base = 0;
    sources.forEach((src, s) => {
      const v = counts.get(day)?.get(src) ?? 0;
      if (!v) return;
      const rect = svg('rect', { x: left + i * barW + 2, width: Math.max(1, barW - 4), y: y(base + v),
        height: y(base) - y(base + v), fill: COLORS[s % COLORS.length] });
      rect.append(svg('title', {}, `${day} · ${src}: ${v} flagged`));
      chart.append(rect);
      base += v;
    });
    if (days.length <= 16 || i % Math.ceil(days.length / 12) === 0)
      chart.append(svg('text', { x: left + i * barW + barW / 2, y: height - 10, 'text-anchor': 'middle', class: 'tick' },
        day.slice(5)));
  });
  const legend = el('div', undefined, 'legend');
  sources.forEach((src, s) => {
    const key = el('span', src, 'legend-key');
    key.style.setProperty('--swatch', COLORS[s % COLORS.length]);
    legend.append(key);
  });
  into.replaceChildren(chart, legend);
  if (!sources.length) into.append(el('p', 'No comments in this period.', 'muted'));
}

function agreementTable(into, a) {
  const table = el('table', undefined, 'matrix');
  const head = el('tr');
  head.append(el('th', 'moderators ↓ / model →'));
  for (const l of a.labels) head.append(el('th', l));
  table.append(head);
  const max = Math.max(1, ...a.matrix.flat());
  let agree = 0, total = 0;
  a.matrix.forEach((row, r) => {
    const tr = el('tr');
    tr.append(el('th', a.labels[r]));
    row.forEach((v, c) => {
      const td = el('td', String(v), r === c ? 'diag' : '');
      td.style.setProperty('--shade', (v / max).toFixed(2));
      tr.append(td);
      total += v;
      if (r === c) agree += v;
    });
    table.append(tr);
  });
  into.replaceChildren(table,
    el('p', total ? `The model's most probable class matches the moderators' label on ${agree} of ${total} decisions (${Math.round((100 * agree) / total)} %).`
      : 'No decisions in this period yet.', 'muted'));
}

// Dead alerts of a channel made due again (POST /v1/alerts/retry), once their cause is fixed: a
// channel configured again, a receiver repaired. `done` redraws the overview.
async function retryDead(channel, button, done) {
  button.disabled = true;
  try {
    const { retried } = await api('POST', '/v1/alerts/retry', { channel });
    toast(`${retried} dead alert${retried === 1 ? '' : 's'} of ${channel} will be sent again`);
    done();
  } catch (e) {
    button.disabled = false;
    toast(`Could not retry: ${e.message}`, true);
  }
}

function alertsTable(into, alerts, redraw) {
  if (!alerts.length) return into.replaceChildren(el('p', 'No alerts in this period.', 'muted'));
  const table = el('table', undefined, 'alerts');
  const head = el('tr');
  for (const h of ['channel', 'state', 'count', 'last error', '']) head.append(el('th', h));
  table.append(head);
  for (const a of alerts) {
    const tr = el('tr', undefined, `alert-${a.state}`);
    const action = el('td');
    if (a.state === 'dead') {
      const b = el('button', 'Retry', 'retry');
      b.type = 'button';
      b.title = `Send the dead alerts of ${a.channel} again (every source, all time)`;
      b.addEventListener('click', () => retryDead(a.channel, b, redraw));
      action.append(b);
    }
    tr.append(el('td', a.channel), el('td', a.state), el('td', String(a.count)), el('td', a.last_error ?? ''), action);
    table.append(tr);
  }
  into.replaceChildren(table);
}

let shown = 0; // bumped per request: an answer for the days or source chosen before is dropped

export async function showOverview(sources) {
  const source = $('o-source');
  fillSources(source, sources);
  const days = Number($('o-days').value);
  const mine = ++shown;
  try {
    const data = await api('GET', `/v1/overview${query({ days, source: source.value })}`);
    if (mine !== shown) return;
    flaggedChart($('o-flagged'), data, days);
    $('o-reviewed').textContent = data.flagged
      ? `${data.flagged_reviewed} of ${data.flagged} flagged comments reviewed (${Math.round((100 * data.flagged_reviewed) / data.flagged)} %).`
      : 'No flagged comments in this period.';
    agreementTable($('o-agreement'), data.agreement);
    alertsTable($('o-alerts'), data.alerts, () => showOverview(sources));
  } catch (e) {
    if (mine === shown) $('o-flagged').replaceChildren(el('p', `Could not load the overview: ${e.message}`, 'error'));
  }
}

export function initOverview(sources) {
  $('o-days').addEventListener('change', () => showOverview(sources()));
  $('o-source').addEventListener('change', () => showOverview(sources()));
}
