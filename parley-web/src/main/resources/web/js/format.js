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
