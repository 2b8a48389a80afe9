// npm run bench: the seeds' MNIST MLP and CNN natively (portable and -march=native), in wasm under Node,
// and in headless Chromium through the page's worker, next to TensorFlow.js on the same data in the same
// run; the data report of a generated 100,000 x 50 CSV next to Python's csv module (bench/csv_report.mjs);
// then your own data (that CSV and 5,000 images) to their reports in the page (bench/own-data.mjs), and the time to
// the first trained batch on a first and a cached visit (bench/first-batch.mjs).
// Then what a prediction costs (bench/inference.mjs): the MLP and the CNN, float32 and int8, natively, in the page's
// worker and next to onnxruntime-web in the page.
// With --soak, also the hour-long soak (bench/soak.mjs; SOAK_MINUTES shortens it).
// Prints a table, then one JSON line. Usage: node bench/run.mjs [MLP batches] [CNN batches] [--soak]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report as csvReport } from './csv_report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mlpBatches = positional[0] ?? '844';
const cnnBatches = positional[1] ?? '60';
const withSoak = process.argv.includes('--soak');
const lastJson = (out) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop());
const run = (label, cmd, args) => {
  console.error(`${label}…`);
  return lastJson(execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }).toString());
};
const native = (build, preset, batches, threads) => run(`${preset}, ${build}${threads ? `, ${threads} thread(s)` : ''}`,
  path.join(root, `build/${build}/nnplay_bench`), [preset, batches, build, ...(threads ? ['--threads', String(threads)] : [])]);
// 1, 2, ... threads up to the cores (at most 8), natively (-march=native); the page's come from bench/browser.mjs.
const cores = Math.min(8, os.availableParallelism());
const nativeScaling = (preset, batches) =>
  Object.fromEntries(Array.from({ length: cores }, (_, i) => [i + 1, native('native-fast', preset, batches, i + 1).samples_per_second]));

const mlp = {
  fast: native('native-fast', 'mnist-mlp', mlpBatches),
  scaling: nativeScaling('mnist-mlp', mlpBatches),
  portable: native('native', 'mnist-mlp', mlpBatches),
  node: run('mnist-mlp, wasm in Node', 'node', ['bench/wasm_node.mjs', 'mnist-mlp', '1000']),
  // Standardised pixels: no zeros to skip, so the step's GFLOP/s is the arithmetic really done.
  nodeDense: run('mnist-mlp, wasm in Node, dense input', 'node', ['bench/wasm_node.mjs', 'mnist-mlp', '1000', '--dense-input']),
  chromium: run('mnist-mlp, Chromium: nnplay worker and TensorFlow.js wasm', 'node',
    ['bench/browser.mjs', '--model', 'mlp', '--batches', '800', '--tfjs', 'wasm']),
};
const cnn = {
  fast: native('native-fast', 'mnist-cnn', cnnBatches),
  scaling: nativeScaling('mnist-cnn', cnnBatches),
  portable: native('native', 'mnist-cnn', cnnBatches),
  node: run('mnist-cnn, wasm in Node', 'node', ['bench/wasm_node.mjs', 'mnist-cnn', cnnBatches]),
  chromium: run('mnist-cnn, Chromium: nnplay worker and TensorFlow.js wasm, webgl, cpu', 'node',
    ['bench/browser.mjs', '--model', 'cnn', '--batches', cnnBatches, '--warmup', '5', '--tfjs', 'wasm,webgl,cpu']),
};

const EPOCH_SAMPLES = 54000; // the seeds' training split (60,000 less the 10% validation)

// TensorFlow.js's fastest backend that could train the model in this run.
function bestTfjs(result) {
  const backends = Object.keys(result).filter((k) => /^tfjs_.*_chromium_sps$/.test(k));
  const best = backends.sort((a, b) => result[b] - result[a])[0];
  return { sps: result[best], backend: best.replace(/^tfjs_|_chromium_sps$/g, '') };
}

function table(title, r) {
  const best = bestTfjs(r.chromium);
  console.log(`\n${title}: training samples/s, batch 64`);
  const rows = [
    ['nnplay native -march=native', r.fast.samples_per_second, `${r.fast.epoch_seconds.toFixed(2)} s/epoch, ${(100 * r.fast.share_of_gemm_peak).toFixed(0)}% of GEMM peak`],
    ['nnplay native portable -O3', r.portable.samples_per_second, `${r.portable.epoch_seconds.toFixed(2)} s/epoch (bit-identical to wasm)`],
    ['nnplay wasm SIMD, Node', r.node.wasm_node_sps, r.nodeDense
      ? `${(100 * r.node.share_of_gemm_peak).toFixed(0)}% of the wasm GEMM peak, dense-equivalent (input zeros skipped)`
      : `${(100 * r.node.share_of_gemm_peak).toFixed(0)}% of the wasm GEMM peak`],
    ...(r.nodeDense ? [['nnplay wasm SIMD, Node, dense input', r.nodeDense.wasm_node_sps,
      `${(100 * r.nodeDense.share_of_gemm_peak).toFixed(0)}% of the wasm GEMM peak (standardised pixels: nothing to skip)`]] : []),
    ['nnplay wasm SIMD, Chromium worker', r.chromium.nnplay_wasm_chromium_sps, `the page's own path, ${r.chromium.threads} thread(s)`],
    ['nnplay wasm SIMD, Chromium, 1 thread', r.chromium.nnplay_wasm_chromium_single_thread_sps, 'the module for pages without COOP/COEP'],
  ];
  for (const k of Object.keys(r.chromium).filter((k) => k.startsWith('tfjs_'))) {
    const backend = k.replace(/^tfjs_|_chromium_sps$|_error$/g, '');
    if (k.endsWith('_error')) rows.push([`TensorFlow.js 4.22 ${backend}`, NaN, r.chromium[k]]);
    else rows.push([`TensorFlow.js 4.22 ${backend}`, r.chromium[k], 'same model, data, batch size']);
  }
  for (const [name, sps, note] of rows) console.log(`  ${name.padEnd(34)} ${Number.isNaN(sps) ? '     n/a' : sps.toFixed(0).padStart(8)}  ${note}`);
  const ratio = r.chromium.nnplay_wasm_chromium_sps / best.sps;
  console.log(`  nnplay in Chromium / TensorFlow.js's best (${best.backend}): ${ratio.toFixed(1)}x`);
  const counts = Object.keys(r.scaling);
  console.log(`  threads (the same bits for every count): ${counts.join(', ')}`);
  for (const [name, sc] of [['native -march=native', r.scaling], ['Chromium worker (the page)', r.chromium.scaling]]) {
    const cells = counts.map((t) => (sc[t] ? sc[t].toFixed(0) : 'n/a').padStart(8)).join('');
    console.log(`    ${name.padEnd(32)}${cells}  ${(sc[counts.at(-1)] / sc[1]).toFixed(2)}x on ${counts.at(-1)}`);
  }
  console.log(`  wasm memory of the page's worker: ${(r.chromium.wasm_memory_bytes / 1e6).toFixed(0)} MB` +
    `; one epoch of ${EPOCH_SAMPLES} samples in the page: ${(EPOCH_SAMPLES / r.chromium.nnplay_wasm_chromium_sps).toFixed(1)} s at this rate`);
  return {
    native_sps: r.fast.samples_per_second, native_portable_sps: r.portable.samples_per_second,
    native_epoch_seconds: r.fast.epoch_seconds, wasm_node_sps: r.node.wasm_node_sps,
    wasm_chromium_sps: r.chromium.nnplay_wasm_chromium_sps, tfjs_best_chromium_sps: best.sps, tfjs_best_backend: best.backend,
    ...(r.chromium.tfjs_wasm_chromium_sps ? { tfjs_wasm_chromium_sps: r.chromium.tfjs_wasm_chromium_sps } : {}),
    ratio, wasm_step_share_of_gemm_peak: (r.nodeDense ?? r.node).share_of_gemm_peak,
    ...(r.nodeDense ? { wasm_step_dense_equivalent_share_of_gemm_peak: r.node.share_of_gemm_peak,
      wasm_node_dense_input_sps: r.nodeDense.wasm_node_sps } : {}),
    wasm_chromium_threads: r.chromium.threads,
    wasm_chromium_single_thread_sps: r.chromium.nnplay_wasm_chromium_single_thread_sps,
    thread_speedup: r.chromium.nnplay_wasm_chromium_sps / r.chromium.nnplay_wasm_chromium_single_thread_sps,
    native_scaling: r.scaling, wasm_chromium_scaling: r.chromium.scaling, wasm_chromium_memory_bytes: r.chromium.wasm_memory_bytes,
    wasm_chromium_epoch_seconds: EPOCH_SAMPLES / r.chromium.nnplay_wasm_chromium_sps,
  };
}

// Your own data in the page: a 100,000 x 50 CSV to its report, 5,000 images decoded and resized.
const ownData = run('own data in Chromium: a 100,000-row CSV and 5,000 images to their reports', 'node', ['bench/own-data.mjs']);
console.log('\nYour own data in Chromium (file to report in the page)');
console.log(`  CSV ${ownData.csv_rows} rows x ${ownData.csv_columns} columns (${(ownData.csv_bytes / 1e6).toFixed(1)} MB): ` +
  `${ownData.csv_seconds_to_report.toFixed(2)} s, wasm memory ${(ownData.csv_wasm_memory_bytes / 1e6).toFixed(0)} MB ` +
  `(${ownData.csv_wasm_memory_per_file_byte.toFixed(1)}x the file)`);
console.log(`  ${ownData.images} images in a zip: ${ownData.images_seconds_to_report.toFixed(2)} s, ${ownData.images_per_second.toFixed(0)} images/s`);
// The same decoding natively (portable: the build whose pixels equal the page's).
const nativeImages = run('5,000 images decoded and resized, native portable', path.join(root, 'build/native/nnplay_bench'), ['images', '5000', 'native']);
console.log(`  natively (portable): ${nativeImages.images_per_second.toFixed(0)} images/s; page / native ` +
  `${(ownData.images_per_second / nativeImages.images_per_second).toFixed(2)}x`);

// Time to the first trained batch: a first visit at 10 Mbit/s, then the same browser again from the offline copy.
const firstBatch = run('time to the first trained batch, Chromium, 10 Mbit/s', 'node', ['bench/first-batch.mjs', '10']);
console.log('\nTime to the first trained batch (MNIST MLP, Chromium, network at 10 Mbit/s)');
console.log(`  first visit: ${(firstBatch.first_visit_ms / 1000).toFixed(1)} s for ${(firstBatch.first_visit_bytes / 1e6).toFixed(1)} MB; ` +
  `the bytes alone take ${(firstBatch.first_visit_floor_ms / 1000).toFixed(1)} s at that speed (${firstBatch.first_over_floor}x)`);
console.log(`  second visit, from the offline copy: ${(firstBatch.cached_visit_ms / 1000).toFixed(2)} s ` +
  `(${(firstBatch.first_visit_ms / firstBatch.cached_visit_ms).toFixed(1)}x faster), ${firstBatch.cached_visit_bytes} bytes from the network`);

// Inference: prints its own table; its JSON joins the summary.
const inference = JSON.parse(execFileSync('node', ['bench/inference.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 })
  .toString().trim().split('\n').map((line) => (line.startsWith('{') ? line : (console.log(line), null))).filter(Boolean).pop());

// The soak, only when asked for: an hour of MNIST training in the page.
const soak = withSoak ? run('soak: MNIST MLP training in the page with its charts', 'node', ['bench/soak.mjs']) : null;
if (soak) {
  console.log(`\nSoak: ${soak.minutes} min of MNIST MLP training in Chromium (${soak.epochs} epochs, ${soak.saves} autosaves)`);
  for (const [when, r] of [['start', soak.start], ['end', soak.end]]) {
    console.log(`  ${when.padEnd(5)} JS heap ${r.js_heap_mb} MB, wasm memory ${r.wasm_memory_mb} MB, longest main-thread task ${r.longest_task_ms.toFixed(0)} ms`);
  }
}

const summary = {
  first_batch: firstBatch,
  inference,
  ...(soak ? { soak } : {}),
  mlp: table("seeds' MNIST MLP (784-128-10, dropout 0.2, Adam)", mlp),
  cnn: table("seeds' MNIST CNN (3 conv + 2 pool + 2 dense, Adam)", cnn),
  csv_report: csvReport(),
  own_data: ownData,
  native_images_per_second: nativeImages.images_per_second,
  gemm: { native_gflops: mlp.fast.gemm_gflops, native_portable_gflops: mlp.portable.gemm_gflops, wasm_gflops: mlp.node.gemm_gflops },
};
console.log(JSON.stringify(summary));
