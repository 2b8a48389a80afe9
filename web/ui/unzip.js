// A zip of image folders, unpacked in the worker with fflate (vendored by tools/build-site.mjs).
// Safety before a byte is inflated: entries whose paths lead outside the root are refused, hidden and
// system files are left out (image-files.js), and the sizes the zip's directory declares must fit the
// page's budget. fflate inflates each entry into a buffer of exactly its declared size, so an entry
// that lies about its size is cut short (and fails to decode) instead of growing past the budget.
import { unzipSync } from '../vendor/fflate.js';
import { bytes } from './format.js';
import { labelPaths } from './image-files.js';

// The directory of the zip without inflating anything: [{name, originalSize}].
function listing(data, name) {
  const list = [];
  try {
    unzipSync(data, { filter: (f) => (list.push({ name: f.name, originalSize: f.originalSize }), false) });
  } catch (e) {
    throw new Error(`${name}: not a readable zip file (${e.message})`);
  }
  return list;
}

// bytes: the zip (ArrayBuffer or Uint8Array); limit: the most it may unpack to. Returns the
// labelled files for the core, [{label, name, bytes}], and what the path rules set aside.
export function unzipImages(zipBytes, name, limit) {
  const data = new Uint8Array(zipBytes);
  const list = listing(data, name);
  const { files, skipped, ignored } = labelPaths(list.map((f) => f.name));
  const total = files.reduce((sum, f) => sum + list[f.index].originalSize, 0);
  if (total > limit) {
    throw new Error(`${name}: its files would take ${bytes(total)} unpacked, more than this page reads into memory ` +
      `(${bytes(limit)}); refused before unpacking (use a smaller zip)`);
  }
  const wanted = new Set(files.map((f) => list[f.index].name));
  let contents;
  try {
    contents = unzipSync(data, { filter: (f) => wanted.has(f.name) });
  } catch (e) {
    throw new Error(`${name}: the zip is damaged (${e.message})`);
  }
  return {
    files: files.map((f) => ({ label: f.label, name: f.name, bytes: contents[list[f.index].name] })),
    findings: { skipped, ignored },
  };
}
