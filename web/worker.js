// The training worker: owns the wasm module, the data and the session. The page sends commands and
// draws what comes back; training runs in slices of about 40 ms so commands take effect at once.
// Protocol: docs/worker-protocol.md.

import { MNIST_FILES } from './ui/mnist-files.js';
import { labelEntries, withPathFindings } from './ui/image-files.js';
import { fetchBytes } from './shared/data-cache.js';
import { exportHandlers } from './deploy/worker-export.js';
import { importHandlers } from './deploy/worker-import.js';
import { quantizeHandlers } from './deploy/worker-quantize.js';

const SLICE_MS = 40;

// Threads: the cores, at most 8 (the parts the core splits its work into), or worker.js?threads=N (the
// benchmark's scaling table; 1 also for a page that wants the single-threaded build); any count computes
// the same numbers. The threaded build needs SharedArrayBuffer, which only a cross-origin isolated page has
// (the server sends COOP/COEP), and which WebKitGTK lacks even there; anywhere else the single-threaded build runs.
const asked = Number(new URL(self.location.href).searchParams.get('threads')) || navigator.hardwareConcurrency || 1;
const shared = self.crossOriginIsolated && typeof SharedArrayBuffer === 'function';
const threads = shared ? Math.max(1, Math.min(8, Math.floor(asked))) : 1;

// Every model splits its products (and the optimizer's step) over the pool's threads: on 2 cores in
// Chromium the MLP trains about 1.3x faster and the CNN about 1.7x than on the single-threaded build.
// The threaded module makes its pool of workers for `threads` as it loads (wasm_bindings/CMakeLists.txt): a
// thread cannot start later, while this worker is busy training.
const moduleName = threads > 1 ? 'nnplay-mt.mjs' : 'nnplay.mjs';
let loaded = null; // Promise of the instantiated module, loaded once
function wasm() {
  loaded ??= import(`./${moduleName}`).then(async (m) => {
    const instance = await m.default({ threads });
    if (threads > 1) instance.setThreads(threads);
    return instance;
  }).catch((e) => {
    loaded = null; // a later load tries again
    throw new Error(`the training module ${moduleName} could not start: ${e?.message ?? e}`);
  });
  return loaded;
}
const fetched = new Map(); // url -> Promise of its bytes: a second run, or a reset, never downloads again
let session = null;
let running = false;
let pace = null; // batches per second while training, or null for as fast as it goes
let trace = []; // [{layer, name}]: parameters copied after every batch (tiny models only)
let holdTest = false; // whether `finished` leaves the test set alone (the page asks with `score`)
let checkpoints = false; // whether each finished epoch posts the model's bytes (the page keeps the last)
let module = null; // the wasm module, for `state.memory`
let crashAt = null; // test only: {epoch, batch}, the point of training where the worker dies

const post = (type, body = {}, transfer = []) => self.postMessage({ type, ...body }, transfer);
const crashNow = () => setTimeout(() => {
  throw new Error('deliberate crash (test command)');
});

// A bundled file's bytes (inflated if gzip), with progress at every percent (not each of a cached file's thousand
// chunks: the page redraws for each); each is fetched once per worker.
async function download(url, label) {
  if (!fetched.has(url)) {
    let shown = -1;
    const onProgress = (loaded, total) => {
      const percent = total ? Math.floor((loaded / total) * 100) : Math.floor(loaded / 1e6);
      if (percent === shown) return;
      shown = percent;
      post('progress', { stage: 'download', label, file: url, loaded, total });
    };
    const bytes = fetchBytes(url, { onProgress })
      .catch((e) => {
        fetched.delete(url); // a later load tries again
        throw new Error(`${label}: ${e.message}`);
      });
    fetched.set(url, bytes);
  }
  return fetched.get(url);
}

// A folder's or a zip's images as the core takes them ([{label, name, bytes}]), and what the page's
// path rules set aside (hidden files, paths outside the root) for the report. fflate loads with the first zip.
async function imageFiles(data) {
  if (data.kind !== 'zip') return labelEntries(data.entries);
  const { unzipImages } = await import('./ui/unzip.js');
  return unzipImages(data.bytes, data.name, data.limit);
}

// The data a session is given: the spec's bundled source, or files the user brought. Resolves to a
// function that gives it to a session, so that downloads run while the module compiles.
async function gather(spec, userData) {
  if (userData?.kind === 'mnist') {
    // The spec's own MNIST data, downloaded (and maybe cut to a subset) by the page: IDX bytes.
    return (next) => {
      for (const role of ['train', 'test']) {
        const part = userData[role];
        if (part) next.setIdx(role, new Uint8Array(part.images), new Uint8Array(part.labels), `MNIST ${role}`);
      }
    };
  }
  if (userData?.kind === 'csv') return (next) => next.setCsv('train', userData.text, userData.name, userData.target ?? '');
  if (userData?.kind === 'images' || userData?.kind === 'zip') {
    const { files } = await imageFiles(userData);
    return (next) => next.setImages('train', files);
  }
  if (userData?.kind === 'idx') {
    return (next) => next.setIdx('train', new Uint8Array(userData.images), new Uint8Array(userData.labels), userData.name);
  }
  if (spec.data?.source === 'csv') {
    const bytes = await download(`data/${spec.data.path}`, spec.data.path);
    return (next) => next.setCsv('train', new TextDecoder().decode(bytes), spec.data.path.split('/').pop(), '');
  }
  // All four MNIST files at once (the test set is in before the training set).
  const files = await Promise.all(['train', 'test'].map((role) =>
    Promise.all(MNIST_FILES[role].map((url) => download(url, `MNIST ${role}`)))));
  return (next) => ['train', 'test'].forEach((role, i) => {
    post('progress', { stage: 'parse', label: `MNIST ${role}`, loaded: 1, total: 1 });
    next.setIdx(role, ...files[i], `MNIST ${role}`);
  });
}

let current = null; // { spec, userData } of the live session, for reset

async function load({ spec, userData, options = {} }) {
  running = false;
  const data = gather(spec, userData);
  data.catch(() => {}); // awaited below, unless the spec is refused first
  const m = await wasm();
  const next = new m.Session(JSON.stringify(spec)); // throws on a bad spec: the old session stays
  try {
    (await data)(next);
    post('progress', { stage: 'prepare', label: 'preparing', loaded: 1, total: 1 });
    // A user's own files shape the model's input; the page's MNIST bytes are the spec's own data.
    const info = JSON.parse(next.prepare(Boolean(userData) && userData.kind !== 'mnist'));
    const preview = { x: next.samples('test', 0, 32), y: next.targets('test', 0, 32) };
    session?.delete();
    session = next;
    trace = options.trace ?? [];
    holdTest = Boolean(options.holdTest);
    checkpoints = Boolean(options.checkpoint);
    module = m;
    current = { spec: JSON.parse(next.spec()), userData, options };
    post('ready', { spec: current.spec, info: { ...info, module: moduleName, threads: m.threads() }, preview, state: state() });
  } catch (e) {
    next.delete();
    throw e;
  }
}

// The wasm memory's size in bytes (it only ever grows), or 0 if the module does not expose it.
// (HEAP8 is replaced when the memory grows, so it is looked up each time.)
function memoryBytes(m = module) {
  return (m?.wasmMemory?.buffer ?? m?.HEAP8?.buffer)?.byteLength ?? 0;
}

// The core's data report on the user's files, before anything trains: the CSV's columns (the
// target, when given, is the spec's data.target; with a spec, its loss fixes the task) or the
// images' classes and sizes.
async function inspect({ id, spec, data }) {
  const m = await wasm();
  const specJson = spec ? JSON.stringify(spec) : ''; // no spec: the core infers target and task from the data
  const before = memoryBytes(m);
  let report;
  if (data.kind === 'csv') {
    report = JSON.parse(m.inspectCsv(data.text, data.name, data.target ?? '', specJson));
  } else {
    const { files, findings } = await imageFiles(data);
    // The folder's or zip's name, which only the page knows.
    report = { ...withPathFindings(JSON.parse(m.inspectImages(files, specJson)), findings), name: data.name };
  }
  post('inspected', { id, report, memory: { before, after: memoryBytes(m) } });
}

function state() {
  const s = JSON.parse(session.state());
  s.status = running ? 'training' : s.finished ? 'finished' : s.epoch === 0 && s.batch === 0 ? 'idle' : 'paused';
  s.memory = memoryBytes();
  return s;
}

const yieldToMessages = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });

// Trains in slices until paused, finished or failed; each slice posts its batches and epochs.
// With a pace, a slice is one batch and slices are spaced out; with a trace, each batch carries
// copies of the traced parameters. A newer loop (pause, then train again at once) retires this one.
let loops = 0;
async function trainLoop(maxBatches = Infinity) {
  const me = ++loops;
  running = true;
  post('state', { state: state() });
  let left = maxBatches;
  while (running && me === loops && left > 0) {
    const start = performance.now();
    const batches = [];
    const epochs = [];
    let result;
    // With checkpoints, a call stops at an epoch's end and so does the slice: the checkpoint is that epoch's model.
    let room = checkpoints ? JSON.parse(session.state()) : null;
    do {
      const upTo = room ? room.batches - room.batch : Infinity;
      result = JSON.parse(session.train(Math.min(trace.length || pace ? 1 : 4, left, upTo)));
      room = checkpoints ? result.state : null;
      if (crashAt && (result.state.epoch > crashAt.epoch || (result.state.epoch === crashAt.epoch && result.state.batch >= crashAt.batch))) {
        running = false; // dies with the slice unposted, as a real crash loses it
        return crashNow();
      }
      if (trace.length && result.batches.length) result.batches[0].trace = trace.map(({ layer, name }) => Array.from(session.weights(layer, name)));
      batches.push(...result.batches);
      epochs.push(...result.epochs);
      left -= result.batches.length;
    } while (!result.error && !result.state.finished && left > 0 && !pace && !(checkpoints && result.epochs.length) &&
      performance.now() - start < SLICE_MS);
    post('batches', { batches, epochs, state: { ...result.state, status: result.state.finished ? 'finished' : 'training', memory: memoryBytes() } });
    if (checkpoints && epochs.length) checkpoint(epochs.at(-1).epoch);
    if (result.error) {
      running = false;
      post('error', { action: 'train', message: result.error, code: result.code });
    } else if (result.state.finished) {
      running = false;
      finish();
    }
    await (pace && running && left > 0 ? new Promise((r) => setTimeout(r, 1000 / pace)) : yieldToMessages());
  }
  if (me !== loops) return;
  running = false;
  post('state', { state: state() });
}

// The model after a finished epoch, so the page can bring it back if this worker dies.
function checkpoint(epoch) {
  const bytes = session.exportModel();
  post('checkpoint', { epoch, bytes }, [bytes.buffer]);
}

function finish() {
  const history = JSON.parse(session.history());
  if (holdTest) return post('finished', { history, test: null, report: null });
  post('finished', {
    history,
    test: JSON.parse(session.evaluate('test')),
    report: JSON.parse(session.report(64)),
  });
}

const handlers = {
  load,
  inspect,
  async reset() {
    await load(current);
  },
  train({ pace: p }) {
    if (p !== undefined) pace = p > 0 ? p : null;
    if (!running) trainLoop();
  },
  pause() {
    running = false;
  },
  step() {
    if (!running) return trainLoop(1);
  },
  stop() {
    running = false;
    finish();
  },
  set({ learning_rate: lr, epochs, pace: p }) {
    if (lr !== undefined) session.setLearningRate(lr);
    if (epochs !== undefined) session.setEpochs(epochs);
    if (p !== undefined) pace = p > 0 ? p : null;
    post('state', { state: state() });
  },
  evaluate() {
    finish();
  },
  predict({ id, input }) {
    const output = session.predict(input);
    post('prediction', { id, output }, [output.buffer]);
  },
  predictSplit({ id, split }) {
    const output = session.predictSplit(split);
    post('prediction', { id, output }, [output.buffer]);
  },
  score({ id, split }) {
    post('score', { id, split, values: JSON.parse(session.evaluate(split)) });
  },
  // The core's named choices and limits (activations, optimizers, padding..., max_epochs...), for the editor.
  async choices({ id }) {
    const m = await wasm();
    post('choices', { id, choices: JSON.parse(m.choices()) });
  },
  // The current weights on a split whose images are shifted, turned or zoomed (seeded; spec.augmentation's fields).
  scoreAugmented({ id, split, augmentation, seed }) {
    post('score', { id, split, values: JSON.parse(session.evaluateAugmented(split, JSON.stringify(augmentation), seed)) });
  },
  augmentedSamples({ id, split, augmentation, seed, start, count }) {
    post('samples', { id, x: session.augmentedSamples(split, JSON.stringify(augmentation), seed, start, count), y: session.targets(split, start, count) });
  },
  // k-fold: this session's scores on its held-out fold; and the core's mean and spread of many folds' scores.
  foldScores({ id }) {
    post('folds', { id, values: JSON.parse(session.foldScores()) });
  },
  summarizeFolds({ id, folds }) {
    post('folds', { id, values: JSON.parse(module.summarizeFolds(JSON.stringify(folds))) });
  },
  // What a prediction of the current model costs, timed here by the core (batch 1 median/p95, batch 256 rate).
  latency({ id }) {
    post('latency', { id, latency: JSON.parse(session.latency()) });
  },
  normalEquation({ id }) {
    post('normalEquation', { id, fit: JSON.parse(session.normalEquation()) });
  },
  samples({ id, split, start, count }) {
    post('samples', { id, x: session.samples(split, start, count), y: session.targets(split, start, count) });
  },
  activations({ id, layer, input }) {
    const values = session.layerOutput(layer, input);
    post('activations', { id, layer, values }, [values.buffer]);
  },
  weights({ id, layer, name }) {
    const values = session.weights(layer, name);
    post('weights', { id, layer, name, values }, [values.buffer]);
  },
  // With `training: false`, the model alone (no optimizer state): what a deployed model needs.
  export({ training = true } = {}) {
    const bytes = training ? session.exportModel() : session.exportInferenceModel();
    post('exported', { bytes }, [bytes.buffer]);
  },
  // Test only: the worker dies the way a crash would (an exception nobody catches), for the page's recovery: at
  // once, or with `epoch` and `batch` once training reaches that batch (a crash at a known point mid-epoch).
  crash({ epoch, batch = 0 } = {}) {
    if (epoch === undefined) crashNow();
    else crashAt = { epoch, batch };
  },
  // Test only: the worker stops answering (a busy loop holds its event loop), for the page's watchdog.
  hang({ ms }) {
    const end = performance.now() + ms;
    while (performance.now() < end);
  },
  import({ bytes, name }) {
    running = false;
    const result = JSON.parse(session.importModel(new Uint8Array(bytes), name));
    post('imported', { ...result, state: state() });
    finish();
  },
};

Object.assign(handlers, exportHandlers(() => session, post), importHandlers(() => module, post),
  quantizeHandlers(() => session, post));

// Commands run one at a time, in order: a second load waits for the first (training itself runs
// outside this queue, in slices, so pause and set are never held up by it).
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data.type === 'ping') return post('pong'); // the page's watchdog: answered at once, outside the queue
  queue = queue.then(async () => {
    const handler = handlers[data.type];
    try {
      if (!handler) throw new Error(`unknown command '${data.type}'`);
      if (!session && !['load', 'inspect', 'choices'].includes(data.type)) throw new Error('no data loaded yet');
      await handler(data);
    } catch (e) {
      running = false;
      if (isFatal(e)) return die(e);
      post('error', { action: data.type, id: data.id, message: e instanceof Error ? e.message : String(e), code: codeOf(e) });
    }
  });
};

// The kind of a core error ('csv.ragged_row', ...: the module's Errors carry it), or '' for any other error
// (a DOMException's numeric code is not one).
function codeOf(e) {
  return typeof e?.code === 'string' ? e.code : '';
}

// A wasm trap or abort (out of memory in the module itself, a bug) leaves the module unusable: the
// worker says so once and stops; the page offers to restart from the last checkpoint.
function isFatal(e) {
  return e instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(e?.message ?? '');
}

function die(e) {
  running = false;
  const message = e instanceof Error ? e.message : String(e);
  // An abort because memory could not grow is the tab's memory running out, as a bad_alloc in the core is.
  post('fatal', { message, code: /^Aborted\(OOM\)|Cannot enlarge memory/.test(message) ? 'memory.out' : codeOf(e) });
  self.close();
}

// Training runs outside the queue: whatever escapes it is fatal too.
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  die(event.reason);
});
