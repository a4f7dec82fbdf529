// The console's calls to the daemon's JSON API: same origin, the session cookie, and the session's
// CSRF token on every state change. Errors carry the problem+json detail.

let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(detail);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : null;
  if (res.status === 401 && !path.startsWith('/console/')) {
    // The session expired or was ended elsewhere: back to the login form.
    window.dispatchEvent(new CustomEvent('session-lost'));
  }
  if (!res.ok) {
    throw new ApiError(res.status, (data && data.detail) || res.statusText, res.headers.get('Retry-After'));
  }
  return data;
}

/// Adds an option per source to a <select> that holds only its "all" option (once per page).
export function fillSources(select, sources) {
  if (select.options.length !== 1) return;
  for (const name of sources) {
    const o = document.createElement('option');
    o.value = name;
    o.textContent = name;
    select.append(o);
  }
}

/// A query string from an object, leaving out empty values.
export function query(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
