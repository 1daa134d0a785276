/**
 * The dashboard's calls to its JSON API (docs/ui-api.md), and the sign-in of secured mode: any answer 401 shows
 * the sign-in form (#signin), whose success loads the page (the first time) or reloads it (after a later 401).
 */
import {el} from './dom.js';

const API = '/ui/api/';
const MAX_PARALLEL = 6; // what a browser opens to one HTTP/1.1 origin anyway; the rest wait their turn here

/** An API call that failed: status 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** The URL of an API path with its query (null/undefined parameters left out; arrays repeat the parameter). */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach((v) => query.append(key, String(v)));
    } else if (value != null) {
      query.append(key, String(value));
    }
  }
  const text = query.toString();
  return API + path + (text ? `?${text}` : '');
}

let running = 0;
const waiting = [];

async function limited(task) {
  if (running >= MAX_PARALLEL) {
    await new Promise((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await task();
  } finally {
    running--;
    const next = waiting.shift();
    if (next) {
      next();
    }
  }
}

async function messageOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body.message === 'string' && body.message) {
      return body.message;
    }
  } catch {
    // Not JSON: fall back on the status line.
  }
  return `${response.status} ${response.statusText}`.trim();
}

/** GET an API path as JSON; throws ApiError (and shows the sign-in form on 401). */
export async function getJson(path, params = {}) {
  let response;
  try {
    response = await limited(() => fetch(apiUrl(path, params), {
      credentials: 'same-origin',
      headers: {Accept: 'application/json'},
      cache: 'no-store',
    }));
  } catch (e) {
    throw new ApiError(0, `The server cannot be reached (${e.message}).`);
  }
  if (!response.ok) {
    const message = await messageOf(response);
    if (response.status === 401) {
      showSignIn();
    }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

/** POST a JSON body to an API path and read its JSON answer; throws ApiError (and shows the sign-in form on 401). */
export async function postJson(path, body) {
  let response;
  try {
    response = await limited(() => fetch(API + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json'},
      body: JSON.stringify(body),
      cache: 'no-store',
    }));
  } catch (e) {
    throw new ApiError(0, `The server cannot be reached (${e.message}).`);
  }
  if (!response.ok) {
    const message = await messageOf(response);
    if (response.status === 401) {
      showSignIn();
    }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

// ---- Sign-in (secured mode) ----

let afterSignIn = () => location.reload();
let signInShown = false;

/** Whether the page waits for a sign-in (refresh loops skip their turn meanwhile). */
export function signInPending() {
  return signInShown;
}

function byId(id) {
  return document.getElementById(id);
}

/** Shows the sign-in form and hides the page's content until it succeeds. */
export function showSignIn() {
  const form = byId('signin');
  if (!form || signInShown) {
    return;
  }
  signInShown = true;
  form.hidden = false;
  const content = byId('content');
  if (content) {
    content.hidden = true;
  }
  byId('signout')?.setAttribute('hidden', '');
  byId('access-key-id')?.focus();
}

function hideSignIn() {
  signInShown = false;
  byId('signin').hidden = true;
  byId('signin-error').hidden = true;
  byId('secret-access-key').value = '';
  const content = byId('content');
  if (content) {
    content.hidden = false;
  }
}

function showSignedIn(account) {
  const who = byId('who');
  if (who) {
    who.replaceChildren(account ? el('span', {}, 'Account ', el('strong', {}, account)) : '');
    who.hidden = !account;
  }
  const signOut = byId('signout');
  if (signOut) {
    signOut.hidden = false;
  }
}

async function submitSignIn(event) {
  event.preventDefault();
  const error = byId('signin-error');
  const submit = byId('signin-submit');
  const accessKeyId = byId('access-key-id').value.trim();
  const secretAccessKey = byId('secret-access-key').value;
  error.hidden = true;
  submit.disabled = true;
  try {
    const response = await fetch(API + 'session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json'},
      body: JSON.stringify({accessKeyId, secretAccessKey}),
    });
    if (!response.ok) {
      error.textContent = await messageOf(response);
      error.hidden = false;
      byId('secret-access-key').select();
      return;
    }
    const body = await response.json();
    hideSignIn();
    showSignedIn(body.account);
    const next = afterSignIn;
    afterSignIn = () => location.reload();
    next();
  } catch (e) {
    error.textContent = `The server cannot be reached (${e.message}).`;
    error.hidden = false;
  } finally {
    submit.disabled = false;
  }
}

async function signOut() {
  try {
    await fetch(API + 'session', {method: 'DELETE', credentials: 'same-origin'});
  } finally {
    location.reload();
  }
}

/**
 * Starts a page: asks for the session, shows the sign-in form when secured mode needs one, then runs load().
 * A session that cannot be asked for is reported in #page-error and asked again a few seconds later.
 */
export async function startPage(load) {
  byId('signin')?.addEventListener('submit', submitSignIn);
  byId('signout')?.addEventListener('click', signOut);
  for (;;) {
    try {
      const session = await getJson('session');
      byId('page-error')?.setAttribute('hidden', '');
      if (session.mode === 'secured' && !session.signedIn) {
        afterSignIn = load;
        showSignIn();
        return;
      }
      if (session.mode === 'secured') {
        showSignedIn(session.account);
      }
      load();
      return;
    } catch (e) {
      const pageError = byId('page-error');
      if (pageError) {
        pageError.textContent = `${e.message} Trying again…`;
        pageError.hidden = false;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
}
