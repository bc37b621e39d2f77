// Cuadra's service worker, registered by the static page only (an embedding never
// registers it). After one visit the page and both workers are served from one cache per
// build, so the page works with no network. The build hook (scripts/postbuild.mjs) writes
// BUILD and FILES below; a new build is a new script, which installs beside the old one
// and waits: the page offers "Nueva versión disponible — Actualizar" and posts SKIP_WAITING
// on click. Until then the old build's pages and workers keep coming from the old cache, so
// an old page never talks to new workers (they exchange postcard messages of one build).
const BUILD = 'dev';
const FILES = [];

// Caches belong to the origin, not to the scope: two Cuadra copies on one origin (or a
// portal's own caches) must not delete each other's, so the name carries the scope.
const SCOPE = self.registration.scope;
const PREFIX = `cuadra:${SCOPE}:`;
const CACHE = `${PREFIX}${BUILD}`;

self.addEventListener('install', (event) => {
  // `reload`: the new build's files from the server, never from the HTTP cache.
  const requests = FILES.map((file) => new Request(new URL(file, SCOPE), { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
    )),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith(cachedOrNetwork(request));
});

/** This build's copy; the network only for what the build did not list. */
async function cachedOrNetwork(request) {
  const cache = await caches.open(CACHE);
  // Every navigation inside the scope is the page (its query, e.g. ?limite_ms=, is read by
  // the page itself).
  const key = request.mode === 'navigate' ? new URL('./', SCOPE).href : request;
  const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
  return cached ?? fetch(request);
}
