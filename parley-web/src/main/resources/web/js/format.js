// Times as people read them: "14:05" today, "Mon 14:05" this week, "21 Nov" before.
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const DAY_MS = 86_400_000;

function startOfToday() {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

export function clockTime(ts) {
  return timeOfDay.format(ts);
}

/** Short form for the conversation list. */
export function listTime(ts) {
  if (!ts) return '';
  const today = startOfToday();
  if (ts >= today) return timeOfDay.format(ts);
  if (ts >= today - 6 * DAY_MS) return weekday.format(ts);
  return day.format(ts);
}

export function fullTime(ts) {
  return full.format(ts);
}

export function lastSeen(ts) {
  if (!ts) return 'offline';
  const today = startOfToday();
  if (ts >= today) return `last seen today at ${timeOfDay.format(ts)}`;
  if (ts >= today - DAY_MS) return `last seen yesterday at ${timeOfDay.format(ts)}`;
  return `last seen ${day.format(ts)} at ${timeOfDay.format(ts)}`;
}

const dateThisYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });
const dateOtherYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** "2024-03-15": the local calendar day of a timestamp, to tell whether two messages share a day. */
export function dayKey(ts) {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The line between messages of different days: "Today", "Yesterday", else the date in the browser's
 * locale (with the year when it is not this year). Calendar days, not 24-hour spans, so a
 * daylight-saving change does not move the boundary.
 */
export function dayLabel(ts, now = Date.now()) {
  const today = new Date(now);
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  const key = dayKey(ts);
  if (key === dayKey(today)) return 'Today';
  if (key === dayKey(yesterday)) return 'Yesterday';
  return (new Date(ts).getFullYear() === today.getFullYear() ? dateThisYear : dateOtherYear).format(ts);
}

// A URL starts at http:// or https:// and a host (not "https:///x", which browsers would read as
// https://x/) and runs to whitespace or a character that cannot be in one unescaped. Closing punctuation at its end belongs to the sentence ("see https://x.org/a.").
const URL_START = /(?<![\p{L}\p{N}])https?:\/\/(?![\/\\])[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?'"\u2019\u201d]$/u;
const CLOSERS = { ')': '(', ']': '[', '}': '{' };

function trimUrl(candidate) {
  let url = candidate;
  for (;;) {
    const last = url.at(-1);
    if (TRAILING.test(last)) {
      url = url.slice(0, -1);
    } else if (CLOSERS[last] && url.split(CLOSERS[last]).length <= url.split(last).length - 1) {
      url = url.slice(0, -1); // an unbalanced closing bracket: "(see https://x.org)"
    } else {
      return url;
    }
  }
}

/**
 * Splits a message body into text and links: [{text}, {text, href}, …]. Only absolute http(s) URLs
 * become links; `javascript:`, `data:` and every other scheme stay text. `href` is the parsed URL
 * (so it is always http: or https:); `text` is exactly what was written, so joining every `text`
 * gives the body back.
 */
export function linkParts(body) {
  const parts = [];
  let at = 0;
  for (const match of body.matchAll(URL_START)) {
    const written = trimUrl(match[0]);
    let href = null;
    try {
      const url = new URL(written);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) href = url.href;
    } catch {
      // not a URL after all: stays text
    }
    if (!href) continue;
    if (match.index > at) parts.push({ text: body.slice(at, match.index) });
    parts.push({ text: written, href });
    at = match.index + written.length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

const LONG_CHARS = 1_000;
const LONG_LINES = 15;

/** Whether a body is long enough to be shown folded, with "Read more". */
export function isLong(body) {
  if (body.length > LONG_CHARS) return true;
  let lines = 1;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) if (++lines > LONG_LINES) return true;
  return false;
}

/** The tab's title: "(3) Parley" while messages are unread, "Parley" otherwise. */
export function tabTitle(unread, name = 'Parley') {
  return unread > 0 ? `(${unread}) ${name}` : name;
}
