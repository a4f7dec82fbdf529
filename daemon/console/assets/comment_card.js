// One comment as the console shows it, in the queue and alone (#/comment/<id>): its source, author,
// time and link, its text with the n-grams that drove its score highlighted, its score bars, its
// decision and the buttons to decide, and the history of decisions. Rendering only: queue.js wires it.

import { renderHighlighted } from './highlight.js';
import { el } from './dom.js';

export const LABELS = { h: 'hate speech', o: 'offensive language', n: 'neither' };
export const SHORT = { 'hate speech': 'hate', 'offensive language': 'offensive', neither: 'neither' };

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// One formatter for every date shown: toLocaleString with options builds a new one per call.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '';
}

function scoreBar(name, p) {
  const row = el('div', undefined, 'score');
  row.append(el('span', name, 'score-name'));
  const bar = el('span', undefined, 'score-bar');
  const fill = el('span', undefined, `score-fill ${name.replace(' ', '-')}`);
  fill.style.width = `${Math.round((p ?? 0) * 100)}%`;
  bar.append(fill);
  row.append(bar, el('span', p === null || p === undefined ? '–' : p.toFixed(2), 'score-value'));
  return row;
}

export function renderDecision(item) {
  const c = item.comment;
  const box = item.element.querySelector('.decision-state');
  box.replaceChildren();
  item.element.classList.toggle('decided', !!c.review);
  for (const b of item.element.querySelectorAll('button[data-label]'))
    b.setAttribute('aria-pressed', String(!!c.review && c.review.label === b.dataset.label));
  if (c.review) {
    box.append(el('span', c.review.label, `label-chip ${SHORT[c.review.label]}`));
    box.append(document.createTextNode(` by ${c.review.moderator}, ${formatTime(c.review.decided_at)}`));
  } else {
    box.append(el('span', 'to review', 'label-chip none'));
  }
}

export function renderItem(c) {
  const li = el('li', undefined, 'item');
  li.tabIndex = -1;
  li.dataset.id = c.id;
  const meta = el('div', undefined, 'meta');
  const pick = document.createElement('input');
  pick.type = 'checkbox';
  pick.className = 'pick';
  pick.setAttribute('aria-label', `select comment ${c.id}`);
  meta.append(pick, el('span', c.source, 'source'), el('span', c.author ?? 'unknown author', 'author'));
  meta.append(el('time', formatTime(c.created_at ?? c.received_at), 'when'));
  const link = c.url && safeUrl(c.url);
  if (link) {
    const a = el('a', 'open post ↗', 'post-link');
    a.href = link;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    meta.append(a);
  }
  const s = c.score;
  if (s && s.language) meta.append(el('span', s.language.code, 'language'));
  if (s) meta.append(el('span', `model ${s.model}`, 'model'));
  li.append(meta);
  const text = el('p', undefined, 'text');
  if (c.text === null || c.text === undefined) {
    text.append(el('em', 'text purged (retention)'));
  } else {
    renderHighlighted(text, c.text, s && s.explanation);
  }
  li.append(text);
  if (s) {
    const scores = el('div', undefined, 'scores');
    if (s.distinguishes) {
      // A model that tells only neither from the rest (Danish): no hate / offensive split to show.
      scores.append(scoreBar('not neither', s['not neither']), scoreBar('neither', s.neither));
    } else {
      scores.append(scoreBar('hate speech', s['hate speech']), scoreBar('offensive language', s['offensive language']),
        scoreBar('neither', s.neither));
    }
    li.append(scores);
  }
  const decision = el('div', undefined, 'decision');
  decision.append(el('span', undefined, 'decision-state'));
  for (const [key, label] of Object.entries(LABELS)) {
    const b = el('button', `${SHORT[label]} (${key})`, `decide ${SHORT[label]}`);
    b.type = 'button';
    b.dataset.label = label;
    decision.append(b);
  }
  const note = document.createElement('input');
  note.className = 'note';
  note.placeholder = 'note for the next decision (e)';
  note.maxLength = 500;
  decision.append(note);
  li.append(decision);
  return li;
}

export function renderHistory(reviews) {
  const box = el('div', undefined, 'history');
  box.append(el('h3', 'Decisions'));
  if (!reviews.length) box.append(el('p', 'None yet.', 'muted'));
  const list = el('ol', undefined, 'history-list');
  for (const r of reviews) {
    const li = el('li');
    li.append(el('span', r.label ?? 'withdrawn', `label-chip ${r.label ? SHORT[r.label] : 'none'}`));
    li.append(document.createTextNode(` by ${r.moderator}, ${formatTime(r.decided_at)}`));
    if (r.note) li.append(el('q', r.note, 'note-text'));
    list.append(li);
  }
  box.append(list);
  return box;
}
