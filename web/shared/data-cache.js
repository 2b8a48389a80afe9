// The bundled datasets (MNIST, 11 MB gzip) are kept in Cache Storage the first time they download, by whoever
// downloads them (the worker, or the lessons page for its workers), so later visits and the offline service worker
// (web/shared/service-worker.js) find them without a second download. The files never change, so the URL is the key.
export const DATA_CACHE = 'nnplay-data';

// fetch(url), answered from the cache when it holds the file; a good response is stored on the way. Storage that is
// refused or full (private windows, quota) only means no copy is kept: the download itself always proceeds.
export async function fetchData(url) {
  const cache = await globalThis.caches?.open(DATA_CACHE).catch(() => null);
  const hit = await cache?.match(url).catch(() => null);
  if (hit) return hit;
  const response = await fetch(url);
  if (response.ok && cache) cache.put(url, response.clone()).catch(() => {});
  return response;
}
