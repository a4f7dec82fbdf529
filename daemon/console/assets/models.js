// The Models page: the live model and the previous one, the candidates in model.candidates with
// their evaluation on moderators' decisions, promotion and rollback (for moderators allowed to),
// and every promotion with the evaluation shown when it was decided.

import { api } from './api.js';
import { toast } from './toast.js';
import { $, el } from './dom.js';

function pct(x) {
  return `${(100 * x).toFixed(1)}`;
}

/// One line per metric: candidate, live, difference [95 % interval].
function evaluationTable(e) {
  const table = el('table', undefined, 'evaluation');
  const head = el('tr');
  for (const h of [`on ${e.n} decisions`, 'candidate', 'live', 'difference (95 % interval)']) head.append(el('th', h));
  table.append(head);
  for (const [name, m] of [['macro-F1', e.macro_f1], ['accuracy', e.accuracy], ['hate-speech F1', e.hate_speech_f1]]) {
    const tr = el('tr');
    tr.append(el('th', name), el('td', pct(m.candidate)), el('td', pct(m.live)),
      el('td', `${m.difference >= 0 ? '+' : ''}${pct(m.difference)} [${pct(m.low)}, ${pct(m.high)}]`));
    table.append(tr);
  }
  const wrap = el('div');
  wrap.append(table, el('p', `Verdict: ${e.verdict}`, `verdict verdict-${e.verdict.split(' ')[0]}`));
  return wrap;
}

function reviewsFrom() {
  const d = $('m-from').value;
  return d ? `${d}T00:00:00Z` : undefined;
}

async function evaluate(file) {
  $('m-evaluation').replaceChildren(el('p', `Evaluating ${file}…`, 'muted'));
  try {
    const e = await api('POST', '/v1/models/evaluate', { candidate: file, reviews_from: reviewsFrom() });
    $('m-evaluation').replaceChildren(el('h3', `${e.candidate} against ${e.live}`), evaluationTable(e));
  } catch (err) {
    $('m-evaluation').replaceChildren(el('p', err.message, 'error'));
  }
}

async function promote(file, version, session) {
  if (!window.confirm(`Put ${version} (${file}) live? The live model is kept for a rollback.`)) return;
  try {
    const p = await api('POST', '/v1/models/promote', { candidate: file, reviews_from: reviewsFrom() });
    toast(`${p.to} is live`);
  } catch (err) {
    toast(err.message, true);
  }
  showModels(session);
}

async function rollback(session) {
  if (!window.confirm('Exchange the live model with the previous one?')) return;
  try {
    const p = await api('POST', '/v1/models/rollback', {});
    toast(`${p.to} is live again`);
  } catch (err) {
    toast(err.message, true);
  }
  showModels(session);
}

let shown = 0; // bumped per request: an answer older than the newest one is dropped

export async function showModels(session) {
  const mine = ++shown;
  let data;
  try {
    data = await api('GET', '/v1/models');
  } catch (err) {
    if (mine === shown) $('m-live').textContent = `Could not load the models: ${err.message}`;
    return;
  }
  if (mine !== shown) return;
  $('m-live').textContent = `${data.live.version} (${data.live.path})`;
  $('m-previous').textContent = data.previous
    ? `Previous: ${data.previous.version ?? data.previous.error}`
    : 'No previous model (none was promoted over).';
  const back = $('m-rollback');
  back.hidden = !(session.promote && data.previous && data.previous.version);
  back.onclick = () => rollback(session);

  const box = $('m-candidates');
  if (!data.candidates_dir) {
    box.replaceChildren(el('p', 'No candidates directory: set model.candidates in the config to promote from here.', 'muted'));
  } else if (!data.candidates.length) {
    box.replaceChildren(el('p', `No .hwm files in ${data.candidates_dir}.`, 'muted'));
  } else {
    const list = el('ul', undefined, 'candidates');
    for (const c of data.candidates) {
      const li = el('li');
      li.append(el('strong', c.file), document.createTextNode(` ${c.version ?? ''} `));
      if (c.error) {
        li.append(el('span', c.error, 'error'));
      } else {
        const ev = el('button', 'Evaluate');
        ev.type = 'button';
        ev.onclick = () => evaluate(c.file);
        li.append(ev);
        if (session.promote && c.version !== data.live.version) {
          const pr = el('button', 'Promote');
          pr.type = 'button';
          pr.className = 'promote';
          pr.onclick = () => promote(c.file, c.version, session);
          li.append(pr);
        }
      }
      list.append(li);
    }
    box.replaceChildren(list);
  }

  const history = $('m-promotions');
  if (!data.promotions.length) {
    history.replaceChildren(el('p', 'None yet.', 'muted'));
  } else {
    const list = el('ol', undefined, 'promotions');
    for (const p of data.promotions) {
      const li = el('li');
      li.append(el('strong', p.kind === 'promote' ? 'Promoted' : 'Rolled back'),
        document.createTextNode(` ${p.from} → ${p.to} by ${p.actor}, ${new Date(p.at).toLocaleString()}`));
      if (p.note) li.append(el('q', p.note, 'note-text'));
      if (p.evaluation) li.append(evaluationTable(p.evaluation));
      list.append(li);
    }
    history.replaceChildren(list);
  }
}
