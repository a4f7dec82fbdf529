// The console's entry point: the session (login, logout), the views by address (#/queue,
// #/overview) and the keys every view shares.

import { api, setCsrf, ApiError } from './api.js';
import { initQueue, showQueue, showComment, queueKey } from './queue.js';
import { initOverview, showOverview } from './overview.js';
import { showModels } from './models.js';
import { $ } from './dom.js';

let session = null;

function show(view) {
  for (const v of ['login-view', 'queue-view', 'overview-view', 'models-view']) $(v).hidden = v !== view;
  $('nav').hidden = $('who').hidden = $('logout').hidden = view === 'login-view';
  $('nav-queue').classList.toggle('active', view === 'queue-view');
  $('nav-overview').classList.toggle('active', view === 'overview-view');
  $('nav-models').classList.toggle('active', view === 'models-view');
}

function route() {
  if (!session) return show('login-view');
  const hash = location.hash || '#/queue';
  const comment = /^#\/comment\/(\d+)$/.exec(hash);
  if (hash.startsWith('#/models')) {
    show('models-view');
    showModels(session);
  } else if (hash.startsWith('#/overview')) {
    show('overview-view');
    showOverview(session.sources);
  } else if (comment) {
    show('queue-view');
    showComment(comment[1]);
  } else {
    show('queue-view');
    showQueue(hash, session.sources);
  }
}

function started(s) {
  session = s;
  setCsrf(s.csrf);
  $('who').textContent = s.name;
  route();
}

async function login(e) {
  e.preventDefault();
  const error = $('login-error');
  error.textContent = '';
  const button = e.target.querySelector('button');
  button.disabled = true;
  try {
    started(await api('POST', '/console/login', { name: $('login-name').value, password: $('login-password').value }));
    $('login-password').value = '';
  } catch (err) {
    error.textContent = err instanceof ApiError && err.status === 401 ? 'Wrong name or password.' : err.message;
  } finally {
    button.disabled = false;
  }
}

async function logout() {
  try {
    await api('POST', '/console/logout');
  } finally {
    session = null;
    setCsrf(null);
    show('login-view');
  }
}

function keys(e) {
  if (!session) return;
  const help = $('help');
  if (e.key === '?' && !(e.target instanceof HTMLInputElement)) {
    if (help.open) help.close();
    else help.showModal();
    e.preventDefault();
    return;
  }
  if (help.open) return;
  if (!$('queue-view').hidden && queueKey(e)) e.preventDefault();
}

async function boot() {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  document.addEventListener('keydown', keys);
  window.addEventListener('hashchange', route);
  window.addEventListener('session-lost', () => {
    session = null;
    setCsrf(null);
    $('login-error').textContent = 'Your session has ended; please log in again.';
    show('login-view');
  });
  initQueue();
  initOverview(() => (session ? session.sources : []));
  try {
    started(await api('GET', '/console/session'));
  } catch {
    show('login-view');
    $('login-name').focus();
  }
}

boot();
