// The review queue: comments newest first with their scores and highlighted text, filters kept in
// the address (#/queue?...), a decision per comment by button or key, undo, and bulk decisions.

import { api, query, ApiError, fillSources } from './api.js';
import { LABELS, renderDecision, renderHistory, renderItem } from './comment_card.js';
import { toast } from './toast.js';
import { $, el } from './dom.js';

const state = {
  items: [], // {comment, element}
  current: -1,
  cursor: null,
  undo: [], // [[{id, previous}], ...] newest last
  selected: new Set(),
  loading: false, // a load is in flight ("more" waits for it)
  view: 0, // bumped by each fresh load and comment view; an older answer is dropped
  filters: {},
};

// ---- filters <-> form <-> address --------------------------------------------------------------

const FILTER_FIELDS = ['source', 'state', 'scope', 'label', 'lang', 'from', 'to', 'min', 'q'];
const DEFAULTS = { state: 'review', scope: 'flagged' };

function readForm() {
  const f = {};
  for (const k of FILTER_FIELDS) {
    const v = $(`f-${k}`).value.trim();
    if (v !== '' && v !== DEFAULTS[k]) f[k] = v;
  }
  return f;
}

function writeForm(f) {
  for (const k of FILTER_FIELDS) $(`f-${k}`).value = f[k] ?? DEFAULTS[k] ?? '';
}

export function filtersFromHash(hash) {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  const f = {};
  for (const k of FILTER_FIELDS) if (params.get(k)) f[k] = params.get(k);
  return f;
}

function hashOf(f) {
  const params = new URLSearchParams(f).toString();
  return params ? `#/queue?${params}` : '#/queue';
}

function apiQuery(f, cursor) {
  const stateFilter = f.state ?? DEFAULTS.state;
  const scope = f.scope ?? DEFAULTS.scope;
  const nextDay = (d) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + 1);
    return t.toISOString().replace('.000Z', 'Z');
  };
  return query({
    source: f.source,
    flagged: scope === 'flagged' ? 'true' : undefined,
    unsupported: scope === 'scored' ? 'false' : undefined,
    reviewed: f.label ? undefined : stateFilter === 'review' ? 'false' : stateFilter === 'reviewed' ? 'true' : undefined,
    label: f.label,
    language: f.lang,
    since: f.from ? `${f.from}T00:00:00Z` : undefined,
    until: f.to ? nextDay(f.to) : undefined,
    min_score: f.min,
    q: f.q,
    limit: 50,
    cursor,
  });
}

function select(index, scroll = true) {
  if (!state.items.length) {
    state.current = -1;
    return;
  }
  index = Math.max(0, Math.min(index, state.items.length - 1));
  if (state.current >= 0 && state.items[state.current]) state.items[state.current].element.classList.remove('current');
  state.current = index;
  const e = state.items[index].element;
  e.classList.add('current');
  if (scroll) e.scrollIntoView({ block: 'nearest' });
  e.focus({ preventScroll: true });
}

function updateBulk() {
  const n = state.selected.size;
  $('bulk').hidden = n === 0;
  $('bulk-count').textContent = `${n} selected`;
}

// ---- loading ----------------------------------------------------------------------------------

// While a view loads, #queue is aria-busy; once shown, data-shows names the address it shows.
function busy(on) {
  const queue = $('queue');
  queue.setAttribute('aria-busy', String(on));
  if (on) delete queue.dataset.shows;
  else queue.dataset.shows = location.hash;
}

// A fresh load (new filters, a route change) supersedes one still in flight: its answer would show
// the old filters' comments under the new ones. Only "more" waits for the load before it.
async function load(append) {
  if (append && state.loading) return;
  const view = append ? state.view : ++state.view;
  state.loading = true;
  busy(true);
  $('queue-status').textContent = 'Loading…';
  try {
    const page = await api('GET', `/v1/comments${apiQuery(state.filters, append ? state.cursor : undefined)}`);
    if (view !== state.view) return;
    if (!append) {
      state.items = [];
      state.current = -1;
      state.selected.clear();
      $('queue').replaceChildren();
    }
    for (const c of page.comments) {
      const element = renderItem(c);
      const item = { comment: c, element };
      state.items.push(item);
      $('queue').append(element);
      renderDecision(item);
    }
    state.cursor = page.next_cursor;
    $('more').hidden = !state.cursor;
    $('queue-status').textContent = state.items.length
      ? `${state.items.length} comment${state.items.length === 1 ? '' : 's'}${state.cursor ? ' (more below)' : ''}`
      : 'Nothing to show with these filters.';
    if (state.current < 0 && state.items.length) select(0, false);
    updateBulk();
  } catch (e) {
    if (view === state.view)
      $('queue-status').textContent = e instanceof ApiError ? `Could not load: ${e.message}` : String(e);
  } finally {
    if (view === state.view) {
      state.loading = false;
      busy(false);
    }
  }
}

// ---- decisions --------------------------------------------------------------------------------

async function decide(items, label, note) {
  const done = [];
  for (const item of items) {
    try {
      const body = { label };
      if (note) body.note = note;
      const r = await api('POST', `/v1/comments/${item.comment.id}/review`, body);
      done.push({ item, previous: r.previous_label });
      item.comment.review = label === null ? null : { label, moderator: r.moderator, decided_at: r.decided_at };
      renderDecision(item);
    } catch (e) {
      toast(`Comment ${item.comment.id}: ${e.message}`, true);
      break;
    }
  }
  return done;
}

async function decideCurrent(label) {
  const item = state.items[state.current];
  if (!item) return;
  const noteInput = item.element.querySelector('.note');
  const note = noteInput.value.trim();
  const done = await decide([item], label, note);
  if (done.length) {
    noteInput.value = '';
    state.undo.push(done);
    toast(`${label} — u to undo`);
    select(state.current + 1);
  }
}

async function decideSelected(label) {
  const items = state.items.filter((i) => state.selected.has(i.comment.id));
  if (!items.length) return;
  const done = await decide(items, label);
  if (done.length) state.undo.push(done);
  for (const i of items) i.element.querySelector('.pick').checked = false;
  state.selected.clear();
  updateBulk();
  toast(`${done.length} comment${done.length === 1 ? '' : 's'}: ${label} — u to undo`);
}

async function undo() {
  const last = state.undo.pop();
  if (!last) return toast('Nothing to undo');
  for (const { item, previous } of last.reverse()) {
    try {
      const r = await api('POST', `/v1/comments/${item.comment.id}/review`, { label: previous });
      item.comment.review = previous === null ? null : { label: previous, moderator: r.moderator, decided_at: r.decided_at };
      renderDecision(item);
    } catch (e) {
      toast(`Undo on comment ${item.comment.id}: ${e.message}`, true);
      return;
    }
  }
  const first = state.items.indexOf(last[last.length - 1].item);
  if (first >= 0) select(first);
  toast(previousText(last));
}

function previousText(list) {
  return list.length === 1 ? 'Undone' : `Undone for ${list.length} comments`;
}

function toggleSelected(item) {
  const id = item.comment.id;
  const box = item.element.querySelector('.pick');
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  box.checked = state.selected.has(id);
  updateBulk();
}

// ---- one comment (the links in alerts: #/comment/<id>) ---------------------------------------

export async function showComment(id) {
  const view = ++state.view;
  state.loading = false;
  busy(true);
  state.items = [];
  state.current = -1;
  state.selected.clear();
  $('queue').replaceChildren();
  $('more').hidden = true;
  updateBulk();
  $('queue-status').textContent = 'Loading…';
  try {
    const c = await api('GET', `/v1/comments/${encodeURIComponent(id)}`);
    if (view !== state.view) return;
    c.score = c.scores.length ? c.scores[c.scores.length - 1] : null;
    const element = renderItem(c);
    const item = { comment: c, element };
    state.items.push(item);
    $('queue').append(element);
    renderDecision(item);
    element.append(renderHistory(c.reviews));
    if (c.scores.length > 1)
      element.append(el('p', `Scored ${c.scores.length} times; the latest score is shown.`, 'muted'));
    $('queue-status').textContent = `Comment ${c.id} of ${c.source}`;
    select(0, false);
  } catch (e) {
    if (view === state.view) $('queue-status').textContent = `Could not load comment ${id}: ${e.message}`;
  } finally {
    if (view === state.view) busy(false);
  }
}

// ---- wiring -----------------------------------------------------------------------------------

export function showQueue(hash, sources) {
  fillSources($('f-source'), sources);
  state.filters = filtersFromHash(hash);
  writeForm(state.filters);
  load(false);
}

function inField(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

export function queueKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (inField(e.target)) {
    if (e.key === 'Escape') {
      e.target.blur();
      if (state.current >= 0) select(state.current, false);
      return true;
    }
    return false;
  }
  const item = state.items[state.current];
  switch (e.key) {
    case 'j': select(state.current + 1); break;
    case 'k': select(state.current - 1); break;
    case 'h': case 'o': case 'n':
      if (state.selected.size) decideSelected(LABELS[e.key]);
      else decideCurrent(LABELS[e.key]);
      break;
    case 'u': undo(); break;
    case 'x': if (item) toggleSelected(item); break;
    case 'e': if (item) item.element.querySelector('.note').focus(); break;
    case '/': $('f-q').focus(); break;
    default: return false;
  }
  return true;
}

export function initQueue() {
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = readForm();
    if (location.hash === hashOf(f)) load(false);
    else location.hash = hashOf(f);
  });
  $('more').addEventListener('click', () => load(true));
  $('queue').addEventListener('click', (e) => {
    const li = e.target.closest('li.item');
    if (!li) return;
    const index = state.items.findIndex((i) => i.element === li);
    if (index < 0) return;
    if (index !== state.current) select(index, false);
    const button = e.target.closest('button[data-label]');
    if (button) decideCurrent(button.dataset.label);
    if (e.target.classList.contains('pick')) {
      e.target.checked = !e.target.checked; // toggleSelected sets it
      toggleSelected(state.items[index]);
    }
  });
  for (const b of document.querySelectorAll('button[data-bulk]'))
    b.addEventListener('click', () => decideSelected(b.dataset.bulk));
  $('bulk-clear').addEventListener('click', () => {
    for (const i of state.items) i.element.querySelector('.pick').checked = false;
    state.selected.clear();
    updateBulk();
  });
}
