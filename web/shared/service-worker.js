// The offline service worker's logic. The site's sw.js, written by tools/site-manifest.mjs at build time, sets
// self.NNPLAY_MANIFEST = {version, files} (every file of the site but the big datasets, with a hash of them all as
// the version) and imports this. A new build therefore changes sw.js, and the browser installs the new version
// beside the old one: each version answers only from its own cache, so a page never mixes files of two builds.
// The new version waits until the page asks it to take over (the "updated" notice, web/shared/offline.js).
/* global self, caches, fetch */
const { version, files } = self.NNPLAY_MANIFEST;
const SHELL = `nnplay-shell-${version}`;
const DATA = 'nnplay-data'; // filled by the page's downloads (web/shared/data-cache.js); kept across versions
const scope = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(files.map((f) => new URL(f, scope)))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('nnplay-shell-') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

// Cache first, from this version's shell and then the data cache; anything else goes to the network. A page's
// address may carry a query (state, language): the page itself is the same file.
async function answer(request) {
  const ignoreSearch = request.mode === 'navigate';
  const own = await (await caches.open(SHELL)).match(request, { ignoreSearch });
  if (own) return own;
  const data = await (await caches.open(DATA)).match(request);
  return data ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope.href)) return;
  event.respondWith(answer(request));
});
