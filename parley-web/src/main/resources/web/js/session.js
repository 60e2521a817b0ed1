// The browser's log-in: one device for all its tabs (tabs.js). "Keep me signed in" keeps it in
// localStorage, so it outlives the browser. Without it, it is kept in the sessionStorage of each tab
// that has it (a reload keeps it) and handed to new tabs over the tab channel (main.js): it goes when
// the browser closes, and is never written where the next browser session would find it.
const SESSION_KEY = 'parley.session';
const OPEN_CONV_KEY = 'parley.openConv';

function read(storage) {
  try {
    return JSON.parse(storage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

/** @returns {{session: {userId:string, handle:string, deviceId:string, token:string}, keep: boolean}|null} */
export function loadSession() {
  const kept = read(localStorage);
  if (kept) return { session: kept, keep: true };
  const forNow = read(sessionStorage);
  return forNow ? { session: forNow, keep: false } : null;
}

export function saveSession(session, keep) {
  clearSession();
  (keep ? localStorage : sessionStorage).setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession() {
  localStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(OPEN_CONV_KEY);
}

/** The conversation shown in this tab, so that a reload comes back to it. */
export function loadOpenConv() {
  return sessionStorage.getItem(OPEN_CONV_KEY);
}

export function saveOpenConv(conv) {
  if (conv) sessionStorage.setItem(OPEN_CONV_KEY, conv);
  else sessionStorage.removeItem(OPEN_CONV_KEY);
}
