// Side by side in one page: nnplay's real worker path and TensorFlow.js, same model, data and batch size.
// ?model=mlp|cnn&batches=N&tfjs=wasm,webgl,cpu. nnplay runs on 1, 2, ... threads up to the cores (at most 8),
// then as the page runs it (the thread count it picks). The result lands in window.benchResult (read by
// bench/browser.mjs).
const params = new URLSearchParams(location.search);
const MODEL = params.get('model') ?? 'mlp';
const BATCHES = Number(params.get('batches') ?? 300);
const WARMUP = Number(params.get('warmup') ?? 30);
const BACKENDS = (params.get('tfjs') ?? 'wasm').split(',').filter(Boolean);
// TensorFlow.js is slow enough on some backends that a few batches make a stable figure (and its
// batches are cut from the first 54,000 training images: at most 843 of 64).
const TFJS_BATCHES = { mlp: { wasm: Math.min(BATCHES, 400), webgl: 60, cpu: 20 }, cnn: { wasm: 4, webgl: 8, cpu: 3 } };
// Untimed batches first, as nnplay gets WARMUP: kernels compiled and optimised by V8, memory allocated.
const TFJS_WARMUP = { mlp: 20, cnn: 1 }[MODEL];
const log = (line) => (document.getElementById('log').textContent += `\n${line}`);

const spec = await (await fetch(`presets/mnist-${MODEL}.json`)).json();
spec.train.epochs = 1000; // never the limit: each run is paused after WARMUP + BATCHES batches

function nnplayWorker(threads) {
  const worker = new Worker(threads ? `worker.js?threads=${threads}` : 'worker.js', { type: 'module' });
  const handlers = new Map();
  let failure = null;
  worker.onmessage = ({ data }) => {
    if (data.type === 'error') failure?.(new Error(`${data.action}: ${data.message}`));
    handlers.get(data.type)?.(data);
  };
  const next = (type) =>
    new Promise((resolve, reject) => {
      handlers.set(type, resolve);
      failure = reject;
    });
  return { worker, next, on: (type, fn) => handlers.set(type, fn) };
}

// Samples/s of nnplay training in its worker, timed from the page between batch WARMUP and WARMUP + BATCHES,
// and the worker's wasm memory then (it only grows: the peak).
async function nnplay(w) {
  let seen = 0;
  let t0 = 0;
  let memory = 0;
  const done = new Promise((resolve) => {
    w.on('batches', ({ batches, state }) => {
      memory = Math.max(memory, state.memory ?? 0);
      for (const _ of batches) {
        seen++;
        if (seen === WARMUP) t0 = performance.now();
        if (seen === WARMUP + BATCHES) {
          w.worker.postMessage({ type: 'pause' });
          resolve(performance.now() - t0);
        }
      }
    });
  });
  w.worker.postMessage({ type: 'train' });
  const ms = await done;
  return { sps: (BATCHES * spec.train.batch_size) / (ms / 1000), memory };
}

function tfjsModel() {
  const layers =
    MODEL === 'cnn'
      ? [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 64, activation: 'relu' }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ]
      : [
          tf.layers.flatten({ inputShape: [28, 28, 1] }),
          tf.layers.dense({ units: 128, activation: 'relu' }),
          tf.layers.dropout({ rate: 0.2 }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ];
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function tfjs(backend, x, y) {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
  await tf.ready();
  const model = tfjsModel();
  const batch = spec.train.batch_size;
  const batches = TFJS_BATCHES[MODEL][backend];
  const n = (TFJS_WARMUP + batches) * batch;
  const xs = tf.tidy(() => tf.tensor4d(x.subarray(0, n * 784), [n, 28, 28, 1]).div(255));
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y.subarray(0, n)), 'int32'), 10));
  const fit = (from, count) => {
    const xb = xs.slice(from * batch, count * batch);
    const yb = ys.slice(from * batch, count * batch);
    return model.fit(xb, yb, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 }).finally(() => tf.dispose([xb, yb]));
  };
  try {
    await fit(0, TFJS_WARMUP);
    const t0 = performance.now();
    await fit(TFJS_WARMUP, batches);
    return (batches * batch) / ((performance.now() - t0) / 1000);
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}

try {
  tf.wasm.setWasmPaths(new URL('vendor/tfjs/', location.href).href);
  // 1, 2, ... threads (1: the single-threaded module, for pages without COOP/COEP), then the page's own choice.
  const scaling = {};
  for (let t = 1; t <= Math.min(8, navigator.hardwareConcurrency || 1); t++) {
    const wt = nnplayWorker(t);
    wt.worker.postMessage({ type: 'load', spec });
    // Keyed by the threads the worker really runs (it may run fewer than asked: see worker.js).
    const ran = (await wt.next('ready')).info.threads;
    scaling[ran] = (await nnplay(wt)).sps;
    wt.worker.terminate();
    log(`nnplay ${MODEL}, asked ${t}, ran ${ran} thread(s): ${scaling[ran].toFixed(0)} samples/s`);
  }
  const w = nnplayWorker();
  w.worker.postMessage({ type: 'load', spec });
  const { info } = await w.next('ready');
  const page = await nnplay(w);
  const result = {
    model: MODEL, threads: info.threads, nnplay_wasm_chromium_sps: page.sps, wasm_memory_bytes: page.memory,
    nnplay_wasm_chromium_single_thread_sps: scaling[1], scaling, batch_size: spec.train.batch_size, batches: BATCHES,
  };
  log(`nnplay ${MODEL} (wasm, worker, ${info.threads} threads): ${page.sps.toFixed(0)} samples/s, wasm memory ${(page.memory / 1e6).toFixed(0)} MB`);
  const count = (TFJS_WARMUP + Math.max(...BACKENDS.map((b) => TFJS_BATCHES[MODEL][b] ?? 0))) * spec.train.batch_size;
  w.worker.postMessage({ type: 'samples', id: 1, split: 'train', start: 0, count });
  const { x, y } = await w.next('samples');
  w.worker.terminate();
  for (const backend of BACKENDS) {
    try {
      result[`tfjs_${backend}_chromium_sps`] = await tfjs(backend, x, y);
      log(`tfjs ${backend}: ${result[`tfjs_${backend}_chromium_sps`].toFixed(0)} samples/s`);
    } catch (e) {
      result[`tfjs_${backend}_error`] = e.message; // e.g. the wasm backend has no Conv2DBackpropFilter
      log(`tfjs ${backend}: cannot train this model (${e.message})`);
    }
  }
  window.benchResult = result;
} catch (e) {
  log(`failed: ${e.message}`);
  window.benchResult = { error: e.message };
}
