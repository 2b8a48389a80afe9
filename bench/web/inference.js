// What a prediction costs in the page, for each model of ?models=[{model, kind, nnp, onnx}]: nnplay in the page's
// worker (the core's own timing, as `nnplay evaluate --json`), nnplay on the main thread (the embeddable predictor's
// module), and onnxruntime-web's wasm backend on the same model exported to ONNX. The last two share one timing loop,
// inputs and thread. The result lands in window.benchResult (read by bench/browser.mjs).
const models = JSON.parse(new URLSearchParams(location.search).get('models'));
const log = (line) => (document.getElementById('log').textContent += `\n${line}`);
const RUNS = 200;       // batch-1 predictions timed, after as many untimed
const MIN_ROWS = 4096;  // rows predicted in batches of 256

const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// Per-sample latency at batch 1 (median, p95) and samples/s at batch 256 of `predict(x, rows)` on `x` (rows of `width`).
async function timed(predict, x, width) {
  const rows = x.length / width;
  const row = (i) => x.subarray((i % rows) * width, (i % rows + 1) * width);
  for (let i = 0; i < RUNS; i++) await predict(row(i), 1);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await predict(row(i), 1);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const batch = x.subarray(0, 256 * width);
  await predict(batch, 256);
  const t0 = performance.now();
  let done = 0;
  while (done < MIN_ROWS) done += (await predict(batch, 256), 256);
  return { batch1_median_ms: quantile(times, 0.5), batch1_p95_ms: quantile(times, 0.95),
    batch256_samples_per_second: done / ((performance.now() - t0) / 1000) };
}

function worker() {
  const w = new Worker('worker.js', { type: 'module' });
  const waiting = new Map();
  w.onmessage = ({ data }) => {
    if (data.type === 'error' || data.type === 'fatal') for (const [, { reject }] of waiting) reject(new Error(data.message));
    waiting.get(data.type)?.resolve(data);
  };
  const ask = (message, reply) => new Promise((resolve, reject) => {
    waiting.set(reply, { resolve, reject });
    w.postMessage(message);
  });
  return { ask, terminate: () => w.terminate() };
}

// nnplay's inference-only module, as <nn-playground mode="predict"> runs it on the main thread.
const predictorModule = import('./nnplay-predict.mjs').then((m) => m.default());
async function loadPredictor(bytes, name) {
  const model = new (await predictorModule).Predictor(bytes, name);
  return { predict: (x) => model.predict(x), close: () => model.delete() };
}

try {
  const ort = await import('./ort/ort.wasm.min.mjs');
  ort.env.wasm.wasmPaths = new URL('ort/', location.href).href;
  ort.env.wasm.numThreads = 1; // as nnplay's predictor on the main thread
  const result = { models: [], ort_threads: 1 };
  for (const m of models) {
    const spec = await (await fetch(`presets/mnist-${m.model}.json`)).json();
    const w = worker();
    const { info } = await w.ask({ type: 'load', spec }, 'ready');
    result.threads = info.threads;
    const bytes = await bytesOf(m.nnp);
    await w.ask({ type: 'import', bytes: bytes.slice().buffer, name: m.nnp }, 'imported');
    const { x } = await w.ask({ type: 'samples', id: 1, split: 'test', start: 0, count: 256 }, 'samples');
    const width = x.length / 256;
    const shape = [28, 28, 1];
    const workerLatency = (await w.ask({ type: 'latency', id: 2 }, 'latency')).latency;
    w.terminate();

    const session = await ort.InferenceSession.create(await bytesOf(m.onnx), { executionProviders: ['wasm'] });
    const ortLatency = await timed((input, n) => session.run({ input: new ort.Tensor('float32', input, [n, ...shape]) }), x, width);
    await session.release();

    const predictor = await loadPredictor(bytes, m.nnp);
    const pageLatency = await timed((input) => predictor.predict(input), x, width);
    predictor.close();
    result.models.push({ worker: workerLatency, page: pageLatency, ort: ortLatency });
    log(`${m.model} ${m.kind}: worker ${workerLatency.batch1_median_ms.toFixed(3)} ms, page ${pageLatency.batch1_median_ms.toFixed(3)} ms, ` +
      `onnxruntime-web ${ortLatency.batch1_median_ms.toFixed(3)} ms at batch 1`);
  }
  window.benchResult = result;
} catch (e) {
  log(`failed: ${e.message}`);
  window.benchResult = { error: e.message };
}
