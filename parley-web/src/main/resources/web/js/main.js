// Entry point: the login screen, or the app for the session this tab already has.
import { startApp } from './app.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { showLogin } from './views/login.js';

const root = document.getElementById('app');

function boot(message) {
  const session = loadSession();
  if (!session) {
    showLogin(root, { message, onSession: (s) => { saveSession(s); boot(); } });
    return;
  }
  startApp(root, session, { onLoggedOut: (why) => { clearSession(); boot(why); } }).catch((e) => {
    root.textContent = `Parley could not start: ${e.message}`;
  });
}

// The service worker keeps the app's own files so that a reload works while the server is away.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready).then(() => {
    document.documentElement.dataset.offlineReady = 'true';
  }, () => {});
}
boot();
