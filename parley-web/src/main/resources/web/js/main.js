// Entry point: the log-in screen, or the app for the browser's session. All tabs of the browser share
// that session (one device, tabs.js): a new tab asks the open ones for it, and logging in or signing
// out in one tab does it in all of them.
import { startApp } from './app.js';
import { DeviceDb } from './db.js';
import { Leadership } from './leader.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { Tabs } from './tabs.js';
import { showLogin } from './views/login.js';

/** How long a new tab waits for the open tabs to hand it a browser-session log-in. */
const ASK_TABS_MS = 1_000;

const root = document.getElementById('app');
const tabs = new Tabs();
const leadership = new Leadership();
/** {session, keep} while this tab runs the app */
let current = null;
/** The running app: a promise of {leave} */
let app = null;
let cleaning = Promise.resolve();

function boot(message) {
  current = loadSession();
  if (!current) {
    // Alone in this browser and signed out: every database of this app is of a session that is over.
    cleaning = Leadership.tabsInLine().then((n) => n <= 1 && DeviceDb.removeStale(null)).catch(() => {});
    showLogin(root, {
      message,
      onSession: (session, keep) => cleaning.then(() => {
        saveSession(session, keep);
        tabs.post('signed-in', { session, keep });
        boot();
      }),
    });
    return;
  }
  app = startApp(root, current.session, {
    tabs,
    leadership,
    onLoggedOut: (why) => {
      app = null;
      clearSession();
      boot(why);
    },
  });
  app.catch((e) => {
    root.textContent = `Parley could not start: ${e.message}`;
  });
}

/** Asks the open tabs for a log-in that lives in their sessionStorage; resolves to {session, keep} or null. */
function askTabs() {
  return new Promise((resolve) => {
    const done = (found) => {
      clearTimeout(timer);
      off();
      resolve(found);
    };
    const timer = setTimeout(() => done(null), ASK_TABS_MS);
    const off = tabs.on('session', (m) => m.to === tabs.id && done(m));
    tabs.post('who');
  });
}

tabs.on('who', (m) => current && tabs.post('session', { to: m.from, session: current.session, keep: current.keep }));
tabs.on('signed-in', (m) => {
  if (current) return;
  if (!m.keep) saveSession(m.session, false); // a kept one is in localStorage already
  boot();
});
tabs.on('signed-out', () => app?.then((running) => running.leave()));

async function start() {
  const othersOpen = (await Leadership.tabsInLine().catch(() => 0)) > 0;
  leadership.start();
  if (!loadSession() && othersOpen) {
    const found = await askTabs();
    if (found) saveSession(found.session, false);
  }
  boot();
}

// The service worker keeps the app's own files so that a reload works while the server is away.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready).then(() => {
    document.documentElement.dataset.offlineReady = 'true';
  }, () => {});
}
start();
