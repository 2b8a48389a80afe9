// MNIST for the lesson page: downloaded and inflated once per page, then cut into IDX subsets that
// each training worker gets as its data (userData kind 'mnist'), so several workers never download
// or hold the full set more than they need.

import { MNIST_FILES } from '../ui/mnist-files.js';
import { fetchBytes } from '../shared/data-cache.js';

const cache = new Map(); // url -> Promise<Uint8Array> (inflated)

function inflate(url) {
  if (!cache.has(url)) {
    const p = fetchBytes(url);
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return cache.get(url);
}

// The first n items of an IDX file (images: 16-byte header, labels: 8), as a new buffer.
function head(bytes, n, headerSize) {
  const total = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4);
  const count = Math.min(n ?? total, total);
  const item = (bytes.byteLength - headerSize) / total;
  const out = bytes.slice(0, headerSize + count * item);
  new DataView(out.buffer).setUint32(4, count);
  return out.buffer;
}

// userData for the worker: the first `train` training and `test` test digits.
export async function mnistData({ train, test } = {}) {
  const parts = {};
  for (const [role, n] of [['train', train], ['test', test]]) {
    const [images, labels] = await Promise.all(MNIST_FILES[role].map(inflate));
    parts[role] = { images: head(images, n, 16), labels: head(labels, n, 8) };
  }
  return { kind: 'mnist', name: 'MNIST', ...parts };
}
