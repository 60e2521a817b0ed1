// The login of this tab. sessionStorage (not localStorage) so that every tab is a device of its own,
// as the brief asks: a reload keeps the session, a second tab logs in separately.
const SESSION_KEY = 'parley.session';
const OPEN_CONV_KEY = 'parley.openConv';

/** @returns {{userId:string, handle:string, deviceId:string, token:string}|null} */
export function loadSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession() {
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
