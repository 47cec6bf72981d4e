// The service worker: ConvLab works offline after the first visit.
//
// At install it caches every file the app needs (the list and the version come from
// pkg/precache.js, written by scripts/precache.mjs at build time) in a cache named after the
// version; at activation it deletes every older ConvLab cache. Requests for those files are
// answered from the cache first (fast on a projector's flaky Wi-Fi, and offline); anything else
// goes to the network. A rebuilt app changes precache.js, so the browser installs the new worker;
// an open page keeps running the version it started with (no mix of old and new modules) and
// offers "Update", which activates the new worker, drops the old cache and reloads. Nothing here
// ever talks to another origin: only this site's own files are cached or fetched.
/* eslint-env serviceworker */
importScripts('pkg/precache.js');

const { version, files } = self.CONVLAB_PRECACHE;
const PREFIX = 'convlab-';
const CACHE = `${PREFIX}${version}`;
const SCOPE = new URL('./', self.location).href;
const URLS = new Set(files.map((f) => new URL(f, SCOPE).href));
const INDEX = new URL('index.html', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'no-cache' makes the browser check with the server, so the cache gets this build's bytes.
    await cache.addAll([...URLS].map((u) => new Request(u, { cache: 'no-cache' })));
    // The first install takes over at once; an update waits until the page asks (see below).
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // The page itself, whatever its query (`?present` opens presenter mode) or hash.
  const page = url.origin + url.pathname;
  const isPage = req.mode === 'navigate' && (page === SCOPE || page === INDEX);
  url.hash = '';
  const key = isPage ? INDEX : url.href.split('?')[0];
  if (!URLS.has(key)) return;
  event.respondWith((async () => {
    const hit = await caches.match(key, { cacheName: CACHE });
    return hit || fetch(req);
  })());
});

// The page asks which version this worker serves, or tells a waiting worker to take over.
self.addEventListener('message', (event) => {
  if (event.data === 'version' && event.ports[0]) event.ports[0].postMessage(version);
  if (event.data === 'update') self.skipWaiting();
});
