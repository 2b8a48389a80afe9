// Bring-your-own data: one CSV file, a folder of images (one subfolder per class) or a .zip of one,
// or two IDX files (images and labels; gzip files are inflated here, off the main thread's critical
// path by the platform's DecompressionStream). Reading the contents is the worker's job (the core's
// CSV reader and image decoders, fflate for zips); this module only refuses files over the upload
// budget before reading a byte of them.
import { bytes } from './format.js';
import { hasFolder, pickedFolder, walkEntries } from './folder-files.js';
import { t } from '../shared/i18n.js';

// The largest file the page reads into memory (bytes). `?uploadLimit=N` in the address lowers it
// (for tests, or a machine with little memory); it cannot be raised above the default.
export const UPLOAD_LIMIT_DEFAULT = 2 ** 30; // 1 GiB
export const UPLOAD_LIMIT = (() => {
  const asked = Number(new URLSearchParams(globalThis.location?.search ?? '').get('uploadLimit'));
  return asked > 0 ? Math.min(asked, UPLOAD_LIMIT_DEFAULT) : UPLOAD_LIMIT_DEFAULT;
})();

// Throws, naming the file and its size, if a file is over the budget.
export function checkSize(file) {
  if (file.size > UPLOAD_LIMIT) {
    throw new Error(t('data.errors.fileTooBig', { name: file.name, size: bytes(file.size), limit: bytes(UPLOAD_LIMIT) }));
  }
}

async function bytesOf(file) {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const stream = file.stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }
  return file.arrayBuffer();
}

// IDX byte 3 is the rank: labels have rank 1, images more. Unreadable files fall back to their names.
function rankOf(buffer) {
  const b = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  return b.length === 4 && b[0] === 0 && b[1] === 0 ? b[3] : -1;
}

// A zip by its first bytes (PK\3\4, or PK\5\6 for an empty one) or its name.
async function isZip(file) {
  const b = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5)) || /\.zip$/i.test(file.name);
}

// A folder's files, read once their sum is known to fit the budget: { kind: 'images', name, entries: [{path, bytes}] }.
async function readFolder(items) {
  const name = items[0]?.path.split('/')[0] || 'folder';
  if (!items.length) throw new Error(t('data.errors.emptyFolder', { name }));
  const total = items.reduce((sum, { file }) => sum + file.size, 0);
  if (total > UPLOAD_LIMIT) {
    throw new Error(t('data.errors.folderTooBig', { name, size: bytes(total), limit: bytes(UPLOAD_LIMIT) }));
  }
  const entries = await Promise.all(items.map(async ({ path, file }) => ({ path, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return { kind: 'images', name, entries };
}

// Reads the chosen files (and, for a drop, its entries, which tell folders from files). Returns
// { kind: 'csv', name, text }, { kind: 'images', name, entries }, { kind: 'zip', name, bytes, limit }
// or { kind: 'idx', name, images, labels }.
export async function readDataFiles(files, entries = null) {
  files = [...files];
  if (hasFolder(entries)) return readFolder(await walkEntries(entries));
  const folder = pickedFolder(files);
  if (folder) return readFolder(folder);
  files.forEach(checkSize);
  if (files.length === 1) {
    const [file] = files;
    if (/\.(idx|ubyte|gz)$|idx\d/i.test(file.name)) {
      throw new Error(t('data.errors.oneIdx', { name: file.name }));
    }
    // The worker unzips, within the same budget for what the zip holds.
    if (await isZip(file)) return { kind: 'zip', name: file.name, bytes: await file.arrayBuffer(), limit: UPLOAD_LIMIT };
    return { kind: 'csv', name: file.name, text: await file.text() };
  }
  if (files.length === 2) {
    const buffers = await Promise.all(files.map(bytesOf));
    const ranks = buffers.map(rankOf);
    let order = [0, 1];
    if (ranks[0] === 1 && ranks[1] > 1) order = [1, 0];
    else if (!(ranks[1] === 1 && ranks[0] > 1) && /label/i.test(files[0].name) && !/label/i.test(files[1].name)) order = [1, 0];
    const [i, l] = order;
    return {
      kind: 'idx',
      name: files[i].name.replace(/[-_.]?(images?|idx\d?|ubyte|gz)+.*$/i, '') || files[i].name,
      imagesName: files[i].name,
      labelsName: files[l].name,
      images: buffers[i],
      labels: buffers[l],
    };
  }
  throw new Error(t('data.errors.tooMany', { count: files.length }));
}
