// Keeps the app's own files so the page loads while the server is unreachable. Network first, so a
// new version is picked up as soon as the server is back; the API and WebSocket are never cached.
// Every file the page loads must be in SHELL (a missing module breaks the offline reload that
// OfflineOutboxTest makes); bump CACHE when the list changes.
const CACHE = 'parley-shell-v5';
const SHELL = [
  './', 'index.html', 'app.css',
  'js/main.js', 'js/app.js', 'js/session.js', 'js/http.js', 'js/emitter.js', 'js/socket.js', 'js/db.js',
  'js/store.js', 'js/outbox.js', 'js/client.js', 'js/format.js', 'js/leader.js', 'js/tabs.js',
  'js/views/dom.js', 'js/views/login.js', 'js/views/list.js', 'js/views/chat.js', 'js/views/banner.js',
  'js/views/names.js', 'js/views/grouperrors.js', 'js/views/newgroup.js', 'js/views/members.js', 'js/views/readby.js',
  'js/views/body.js', 'js/views/jump.js', 'js/views/notify.js',
  'js/views/bodylimit.js', 'js/views/failed.js',
];
const SHELL_PATHS = new Set(SHELL.map((file) => new URL(file, self.registration.scope).pathname));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !SHELL_PATHS.has(url.pathname)) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(event.request, copy));
    }
    return response;
  }).catch(() => caches.match(event.request).then((cached) => cached ?? Response.error())));
});
