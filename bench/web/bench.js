// Side by side in one page: nnplay's real worker path and TensorFlow.js, same model, data and batch size.
// The result lands in window.benchResult (read by bench/browser.mjs).
const params = new URLSearchParams(location.search);
const BATCHES = Number(params.get('batches') ?? 300);
const WARMUP = Number(params.get('warmup') ?? 30);
const BACKENDS = (params.get('tfjs') ?? 'wasm').split(',');
const log = (line) => (document.getElementById('log').textContent += `\n${line}`);

const spec = await (await fetch('presets/mnist-mlp.json')).json();
spec.train.epochs = 1;

function nnplayWorker() {
  const worker = new Worker('worker.js', { type: 'module' });
  const waiters = new Map();
  worker.onmessage = ({ data }) => {
    if (data.type === 'error') throw new Error(`${data.action}: ${data.message}`);
    waiters.get(data.type)?.(data);
  };
  const next = (type) => new Promise((resolve) => waiters.set(type, resolve));
  return { worker, next, on: (type, fn) => waiters.set(type, fn) };
}

// Samples/s of nnplay training in its worker, timed from the page between batch WARMUP and WARMUP + BATCHES.
async function nnplay(w) {
  let seen = 0;
  let t0 = 0;
  const done = new Promise((resolve) => {
    w.on('batches', ({ batches }) => {
      for (const b of batches) {
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
  return (BATCHES * spec.train.batch_size) / (ms / 1000);
}

async function tfjs(backend, x, y) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const batch = spec.train.batch_size;
  const batches = backend === 'wasm' ? BATCHES : Math.min(BATCHES, 60); // the slow backends get fewer
  const n = (WARMUP + batches) * batch;
  const xs = tf.tidy(() => tf.tensor4d(x.subarray(0, n * 784), [n, 28, 28, 1]).div(255));
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y.subarray(0, n)), 'int32'), 10));
  const fit = (from, count) => {
    const xb = xs.slice(from * batch, count * batch);
    const yb = ys.slice(from * batch, count * batch);
    return model.fit(xb, yb, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 }).finally(() => tf.dispose([xb, yb]));
  };
  await fit(0, WARMUP);
  const t0 = performance.now();
  await fit(WARMUP, batches);
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([xs, ys]);
  model.dispose();
  return (batches * batch) / seconds;
}

try {
  tf.wasm.setWasmPaths(new URL('vendor/tfjs/', location.href).href);
  const w = nnplayWorker();
  w.worker.postMessage({ type: 'load', spec });
  await w.next('ready');
  const result = { nnplay_wasm_chromium_sps: await nnplay(w), batch_size: spec.train.batch_size, batches: BATCHES };
  log(`nnplay (wasm, worker): ${result.nnplay_wasm_chromium_sps.toFixed(0)} samples/s`);
  const count = (WARMUP + BATCHES) * spec.train.batch_size;
  w.worker.postMessage({ type: 'samples', id: 1, split: 'train', start: 0, count });
  const { x, y } = await w.next('samples');
  w.worker.terminate();
  for (const backend of BACKENDS) {
    result[`tfjs_${backend}_chromium_sps`] = await tfjs(backend, x, y);
    log(`tfjs ${backend}: ${result[`tfjs_${backend}_chromium_sps`].toFixed(0)} samples/s`);
  }
  window.benchResult = result;
} catch (e) {
  log(`failed: ${e.message}`);
  window.benchResult = { error: e.message };
}
