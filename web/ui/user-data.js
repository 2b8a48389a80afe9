// Bring-your-own data: one CSV file (the target column is picked from its header line) or two IDX
// files (images and labels; gzip files are inflated here, off the main thread's critical path by
// the platform's DecompressionStream). Checking the contents is the worker's job; this module only
// refuses files over the upload budget before reading a byte of them.
import { bytes } from './format.js';

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
    throw new Error(`${file.name} is ${bytes(file.size)}, more than this page reads into memory (${bytes(UPLOAD_LIMIT)}); ` +
      'use a smaller file or a subset of the rows');
  }
}

export function csvHeader(text) {
  const end = text.search(/\r?\n/);
  const line = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')).filter((c) => c !== '');
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

// Reads the chosen files. Returns { kind: 'csv', name, text, header } or { kind: 'idx', name, images, labels }.
export async function readDataFiles(files) {
  files = [...files];
  files.forEach(checkSize);
  if (files.length === 1) {
    const [file] = files;
    if (/\.(idx|ubyte|gz)$|idx\d/i.test(file.name)) {
      throw new Error(`${file.name}: IDX data needs two files, the images and the labels; choose both at once`);
    }
    const text = await file.text();
    return { kind: 'csv', name: file.name, text, header: csvHeader(text) };
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
  throw new Error(`choose one CSV file, or two IDX files (images and labels); you chose ${files.length}`);
}
