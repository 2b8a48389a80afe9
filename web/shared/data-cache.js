// The bundled datasets (MNIST, 11 MB gzip) are kept in Cache Storage the first time they download, by whoever
// downloads them (the worker, or the lessons page for its workers), so later visits and the offline service worker
// (web/shared/service-worker.js) find them without a second download. The files never change, so the URL is the key.
export const DATA_CACHE = 'nnplay-data';

// A gzip file is kept inflated, under its name without `.gz`: reading 47 MB back from the cache takes a fraction of
// inflating 10 MB again (Chromium, MNIST's training images), and a visit from the cache is one to the first batch.
const keptAs = (url) => url.replace(/\.gz$/, '');

// The bytes of a bundled file (inflated when it is gzip), from the cache when it holds them; a download is stored on
// the way. onProgress(loaded, total) follows the bytes as they arrive. Storage that is refused or full (private
// windows, quota) only means no copy is kept: the download itself always proceeds.
export async function fetchBytes(url, { onProgress = () => {} } = {}) {
  const cache = await globalThis.caches?.open(DATA_CACHE).catch(() => null);
  const hit = await cache?.match(keptAs(url)).catch(() => null);
  const response = hit ?? (await fetch(url));
  if (!response.ok) throw new Error(`could not download ${url} (HTTP ${response.status})`);
  const total = Number(response.headers.get('content-length')) || 0;
  let loaded = 0;
  let stream = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      onProgress(loaded, total);
      controller.enqueue(chunk);
    },
  }));
  if (!hit && url.endsWith('.gz')) stream = stream.pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (!hit && cache) {
    const kept = new Response(bytes, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) } });
    cache.put(keptAs(url), kept).then(() => keptAs(url) !== url && cache.delete(url)).catch(() => {}); // an older site kept the .gz
  }
  return bytes;
}
