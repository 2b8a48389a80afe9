// nnplay's page: UI state only. The worker (worker.js) owns the wasm core, the data and training;
// this module sends it commands and draws what comes back (docs/worker-protocol.md). Work per
// message is kept small; charts redraw at most once per animation frame.
import { WorkerClient } from './ui/worker-client.js';
import { TrainingCharts } from './ui/charts.js';
import { ModelEditor } from './ui/model-editor.js';
import { renderImages, renderTable, splitSummary } from './ui/dataset-view.js';
import { confusionMatrix, gallery, metricsList, misclassifiedList, perClassTable, scatter } from './ui/results.js';
import { DigitPad, renderProbabilities } from './ui/draw-digit.js';
import { checkSize, readDataFiles } from './ui/user-data.js';
import { dataReport } from './ui/data-report.js';
import { specForData, suggestPreset } from './ui/suggest-preset.js';
import { dropZone } from './ui/drop-zone.js';
import { Recovery } from './ui/recovery.js';
import { bytes, duration, el, imageShape, int, num, showError } from './ui/format.js';
import { exportButtons } from './deploy/export-buttons.js';

const $ = (id) => document.getElementById(id);

const ui = {
  presets: [],
  lessonFile: null,
  spec: null, // the live session's normalised spec
  info: null,
  userData: null, // the live session's own data, if any
  status: 'loading', // idle/training/paused/finished from the worker, or loading
  state: null,
  pending: null, // { source, spec, userData, lessonFile } while a load runs
  generation: 0, // bumps with every new session, so late replies for an old one are dropped
  lastBatch: null,
  download: new Map(),
  chosenData: null,
  predicting: false,
  nextImage: undefined,
};

// A worker silent for 20 s counts as dead (`?watchdog=MS` in the address shortens that, for tests).
const worker = new WorkerClient('./worker.js', { watchdog: Number(new URLSearchParams(location.search).get('watchdog')) || true });
const recovery = new Recovery();
const charts = new TrainingCharts($('chart-loss'), $('chart-metric'));
const editor = new ModelEditor($('editor'), {
  onApply: (spec) => load(spec, { source: 'editor', userData: ui.userData }),
  onApplyJson: (text) => {
    let spec;
    try {
      spec = JSON.parse(text);
    } catch (e) {
      return showError($('editor-error'), `The spec is not valid JSON: ${e.message}`);
    }
    load(spec, { source: 'editor', userData: ui.userData });
  },
});
const pad = new DigitPad($('draw-canvas'), { onImage: (image) => predictDrawing(image) });
window.nnplayLastPrediction = null;
// For tests, the benchmark and the console: the worker client (e.g. nnplay.worker.send("crash")), the
// last state, and the wasm memory before and after the last data report ({before, after}, bytes).
window.nnplay = { worker, state: () => ui.state, inspected: () => ui.inspectMemory };

// Where each command's errors are shown.
const ERROR_PLACES = {
  lesson: 'lesson-error', editor: 'editor-error', data: 'data-error', reset: 'train-error',
  train: 'train-error', pause: 'train-error', step: 'train-error', stop: 'train-error', evaluate: 'results-error',
  set: 'train-error', predict: 'draw-error', samples: 'dataset-error', export: 'file-error', exportFormat: 'file-error', import: 'file-error',
  weights: 'results-error', worker: 'lesson-error',
};

function fail(place, message) {
  showError($(ERROR_PLACES[place] ?? 'train-error'), message);
}

// ---- loading -------------------------------------------------------------------------------

async function loadPresets() {
  try {
    const res = await fetch('presets/index.json');
    if (!res.ok) throw new Error(`could not read presets/index.json (HTTP ${res.status})`);
    ui.presets = await res.json();
  } catch (e) {
    fail('lesson', `No lessons: ${e.message}`);
    return;
  }
  const select = $('lesson');
  select.replaceChildren(...ui.presets.map((p) => el('option', { value: p.file, text: p.title })));
  select.append(el('option', { value: '', text: 'Your own data', disabled: true, hidden: true }));
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = ui.presets.find((p) => p.name === wanted || p.file === wanted) ??
    ui.presets.find((p) => p.name === 'mnist-mlp') ?? ui.presets[0];
  if (first) pickLesson(first.file);
}

async function pickLesson(file) {
  if (ui.pending) return;
  const preset = ui.presets.find((p) => p.file === file);
  $('lesson').value = file;
  describeLesson(preset?.title, preset?.description);
  showError($('lesson-error'), '');
  ui.pending = { source: 'lesson', lessonFile: file };
  setStatus('loading');
  let spec;
  try {
    const res = await fetch(`presets/${file}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    spec = await res.json();
  } catch (e) {
    ui.pending = null;
    fail('lesson', `Could not read the lesson ${file}: ${e.message}`);
    restoreLessonPicker();
    setStatus(ui.state ? statusOf(ui.state) : 'empty');
    return;
  }
  ui.pending = null;
  load(spec, { source: 'lesson', lessonFile: file });
}

function describeLesson(title, description) {
  $('lesson-title').textContent = title ?? '';
  $('lesson-desc').textContent = description ?? '';
}

function restoreLessonPicker() {
  $('lesson').value = ui.userData ? '' : ui.lessonFile ?? '';
  if (ui.spec) describeLesson(ui.userData ? `${ui.spec.title} — on ${ui.userData.name}` : ui.spec.title, ui.spec.description);
}

function load(spec, { source, userData = null, lessonFile = null, files = null, report = null }) {
  if (ui.pending) return;
  ui.pending = { source, spec, userData, lessonFile, files, report };
  for (const id of ['lesson-error', 'editor-error', 'data-error']) showError($(id), '');
  ui.download.clear();
  if (!ui.state) $('dataset-summary').textContent = 'Loading the data…';
  setStatus('loading');
  if (worker.dead) worker.restart(); // a new lesson or data set after a crash starts a fresh worker
  // userData is copied, not transferred: the page keeps it for Apply and the worker for Reset.
  // `checkpoint` asks for the model after every epoch, for a restart after a crash.
  worker.send('load', { spec, ...(userData ? { userData } : {}), options: { checkpoint: true } });
}

worker.on('checkpoint', ({ epoch, bytes: data }) => recovery.keepEpoch(epoch, data));

// After a crash: a fresh worker, the same spec and data, then the saved model.
function restart() {
  showError($('train-error'), '');
  $('btn-restart').hidden = true;
  if (!ui.spec) {
    if (worker.dead) worker.restart();
    setStatus('loading');
    return $('lesson').value ? pickLesson($('lesson').value) : loadPresets();
  }
  ui.pending = null;
  load(ui.spec, { source: 'restart', userData: ui.userData, lessonFile: ui.lessonFile });
}

worker.on('progress', ({ stage, label, file, loaded, total }) => {
  const box = $('data-progress');
  box.hidden = false;
  let text;
  let fraction;
  if (stage === 'download') {
    // A lesson can download two files under one label (MNIST images and labels): sum them.
    ui.download.set(file, { label, loaded, total });
    let l = 0, t = 0;
    for (const d of ui.download.values()) if (d.label === label) (l += d.loaded), (t += d.total);
    fraction = t ? l / t : 0;
    text = `Downloading ${label}: ${bytes(l)}${t ? ` of ${bytes(t)}` : ''}`;
  } else {
    fraction = total ? loaded / total : 1;
    text = stage === 'parse' ? `Reading ${label}…` : 'Preparing the model…';
  }
  $('data-progress-fill').style.width = `${Math.round(fraction * 100)}%`;
  $('data-progress-text').textContent = text;
  box.dataset.stage = stage;
});

worker.on('ready', ({ spec, info, preview, state }) => {
  const p = ui.pending ?? { source: 'reset', userData: ui.userData, lessonFile: ui.lessonFile };
  ui.pending = null;
  ui.generation++;
  ui.spec = spec;
  ui.info = info;
  ui.userData = p.userData ?? null;
  if (p.source === 'lesson') {
    ui.lessonFile = p.lessonFile;
    history.replaceState(null, '', `#${spec.name || p.lessonFile}`);
  }
  restoreLessonPicker();
  $('data-progress').hidden = true;
  for (const id of ['train-error', 'results-error', 'dataset-error', 'draw-error', 'file-error']) showError($(id), '');
  if (p.source !== 'reset' && p.source !== 'restart') editor.setSpec(spec);
  if (p.source !== 'restart') recovery.clear();
  renderSummary(info.model);
  if (p.report) showReport(p.report, true);
  else if (p.source === 'lesson' && ui.reportLoaded) $('report-panel').hidden = true;
  const metric = spec.metrics?.[0] ?? null;
  $('log-loss').checked = info.task === 'regression';
  charts.reset(metric, { logScale: info.task === 'regression', validation: info.validation_rows > 0 });
  $('epoch-logs').replaceChildren();
  clearResults();
  ui.lastBatch = null;
  renderDataset(info, preview);
  setupDrawing(info);
  $('file-info').textContent = '';
  $('train-info').textContent = '';
  $('btn-restart').hidden = true;
  const saved = p.source === 'restart' ? recovery.take() : null;
  if (saved) {
    ui.pending = { source: 'restore', label: saved.name };
    worker.send('import', saved, [saved.bytes]);
  }
  onState(state);
});

worker.on('error', ({ action, message }) => {
  if (action === 'load') {
    const source = ui.pending?.source ?? 'lesson';
    // Your own files: the message names them (the core's usually does already).
    const files = ui.pending?.files;
    if (files && !files.some((f) => message.includes(f))) message = `${files.join(' and ')}: ${message}`;
    ui.pending = null;
    $('data-progress').hidden = true;
    fail(source, message);
    if (source === 'lesson') restoreLessonPicker();
    if (source === 'restart') {
      $('btn-restart').hidden = false;
      return setStatus('broken');
    }
    setStatus(ui.state ? statusOf(ui.state) : 'empty');
    return;
  }
  if (action === 'reset') {
    ui.pending = null;
    $('data-progress').hidden = true;
  }
  if (action === 'import' && ui.pending?.source === 'restore') {
    ui.pending = null;
    action = 'train';
  }
  if (action === 'worker') {
    ui.pending = null;
    $('data-progress').hidden = true;
    setStatus('broken');
    $('btn-restart').hidden = false;
    fail('train', recovery.message(message));
    return updateControls();
  }
  fail(action, message);
  updateControls();
});

// ---- state and progress --------------------------------------------------------------------

function statusOf(state) {
  return state?.status ?? 'idle';
}

function setStatus(status) {
  ui.status = status;
  const pill = $('status');
  pill.textContent = { loading: 'loading…', empty: 'no data', broken: 'worker failed' }[status] ?? status;
  pill.dataset.status = status;
  updateControls();
}

function onState(state) {
  ui.state = state;
  charts.setPlan(state.epochs, state.batches);
  if (state.status === 'training') markResultsStale();
  setStatus(ui.pending ? 'loading' : state.status);
  renderProgress();
  const lr = $('live-lr'), ep = $('live-epochs');
  if (document.activeElement !== lr) lr.value = String(Number(state.learning_rate.toPrecision(6)));
  if (document.activeElement !== ep) ep.value = String(state.epochs);
}

function trainedBatches(s) {
  if (!s) return 0;
  return s.epoch * s.batches + (s.batch === s.batches ? 0 : s.batch);
}

function renderProgress() {
  const s = ui.state;
  if (!s) return;
  const done = trainedBatches(s);
  const total = s.epochs * s.batches;
  $('train-progress-fill').style.width = `${total ? Math.min(100, (done / total) * 100) : 0}%`;
  const inEpoch = s.batch > 0 && s.batch < s.batches;
  const shown = Math.min(s.epochs, inEpoch ? s.epoch + 1 : Math.max(1, s.epoch));
  $('progress-epoch').textContent = `Epoch ${shown}/${s.epochs}`;
  $('progress-batch').textContent = `batch ${int(s.epoch > 0 && !inEpoch ? s.batches : s.batch)}/${int(s.batches)}`;
  const counter = $('batch-counter');
  counter.textContent = int(done);
  counter.dataset.value = String(done);
  const b = ui.lastBatch;
  const sps = b?.samples_per_second ?? 0;
  $('progress-speed').textContent = sps ? `${int(Math.round(sps))} samples/s` : '– samples/s';
  if (s.status === 'training' && sps && b) {
    $('progress-eta').textContent = `ETA ${duration(((total - done) * b.size) / sps)}`;
  } else {
    $('progress-eta').textContent = s.status === 'finished' ? 'done' : 'ETA –';
  }
}

function updateControls() {
  const st = ui.status;
  const ready = Boolean(ui.state) && !ui.pending && st !== 'broken';
  const set = (id, on) => ($(id).disabled = !on);
  set('btn-train', ready && st === 'idle');
  set('btn-pause', ready && st === 'training');
  set('btn-resume', ready && st === 'paused');
  set('btn-step', ready && (st === 'idle' || st === 'paused'));
  set('btn-stop', ready && (st === 'training' || st === 'paused'));
  set('btn-reset', ready);
  set('btn-restart', st === 'broken');
  set('btn-export', ready);
  set('btn-export-onnx', ready);
  set('btn-export-tfjs', ready);
  set('live-lr', ready && st !== 'training');
  set('live-epochs', ready && st !== 'training');
  $('import-file').disabled = !ready;
  $('lesson').disabled = Boolean(ui.pending);
  editor.setEnabled(!ui.pending);
  const c = ui.chosenData;
  $('btn-load-data').disabled = Boolean(ui.pending) || !c || (c.kind !== 'idx' && (!ui.report || Boolean(ui.inspecting)));
}

worker.on('state', ({ state }) => onState(state));

worker.on('batches', ({ batches, epochs, state }) => {
  if (batches.length) ui.lastBatch = batches.at(-1);
  charts.addBatches(batches, epochs);
  if (epochs.length) renderEpochLogs(epochs.at(-1));
  onState(state);
});

function renderEpochLogs({ epoch, logs, seconds }) {
  const keys = Object.keys(logs).sort((a, b) => (a.startsWith('val_') - b.startsWith('val_')) || a.localeCompare(b));
  $('epoch-logs').replaceChildren(
    el('span', { class: 'epoch-no', text: `After epoch ${epoch + 1} (${seconds.toFixed(1)} s):` }),
    ...keys.map((k) => el('span', { class: `log${k.startsWith('val_') ? ' val' : ''}` },
      `${k} `, el('strong', { 'data-testid': `log-${k}`, dataset: { value: String(logs[k]) }, text: num(logs[k]) }))),
  );
}

function renderSummary(model) {
  if (!model) return $('model-summary').replaceChildren();
  $('model-summary').replaceChildren(
    el('table', { class: 'summary-table' },
      el('thead', {}, el('tr', {}, el('th', { text: 'layer' }), el('th', { text: 'output' }), el('th', { text: 'params' }))),
      el('tbody', {}, model.layers.map((l) => el('tr', {},
        el('td', { text: l.type }), el('td', { text: `[${l.output_shape.join(', ')}]` }), el('td', { text: int(l.params) }))))),
    el('p', { class: 'hint' }, 'Parameters: ', el('strong', { 'data-testid': 'total-params', text: int(model.total_params) })),
  );
}

// ---- controls ------------------------------------------------------------------------------

function command(type, body) {
  showError($('train-error'), '');
  worker.send(type, body);
}

$('btn-train').addEventListener('click', () => command('train'));
$('btn-resume').addEventListener('click', () => command('train'));
$('btn-pause').addEventListener('click', () => command('pause'));
$('btn-step').addEventListener('click', () => command('step'));
$('btn-stop').addEventListener('click', () => command('stop'));
$('btn-restart').addEventListener('click', restart);
$('btn-reset').addEventListener('click', () => {
  if (ui.pending) return;
  ui.pending = { source: 'reset', spec: ui.spec, userData: ui.userData, lessonFile: ui.lessonFile };
  setStatus('loading');
  command('reset');
});
$('lesson').addEventListener('change', (e) => {
  if (e.target.value) pickLesson(e.target.value);
});
$('log-loss').addEventListener('change', (e) => charts.setLogScale(e.target.checked));

for (const [id, key] of [['live-lr', 'learning_rate'], ['live-epochs', 'epochs']]) {
  $(id).addEventListener('change', (e) => {
    const t = e.target.value.trim();
    command('set', { [key]: t === '' ? NaN : Number(t) });
  });
}

// ---- data view ----------------------------------------------------------------------------

function renderDataset(info, preview) {
  const view = $('dataset-view');
  const where = ui.userData ? ui.userData.name : ui.spec.data?.source === 'mnist' ? 'MNIST' : ui.spec.data?.path;
  $('dataset-summary').textContent = `${where}: ${splitSummary(info)}`;
  const shape = imageShape(info);
  if (shape && preview) {
    renderImages(view, preview, shape, `${preview.y.length} test samples with their labels`, info.class_names);
    return;
  }
  view.replaceChildren();
  if (!info.features?.length) return;
  const gen = ui.generation;
  worker.request('samples', { split: 'train', start: 0, count: 8 }).then(
    ({ x, y }) => {
      if (gen !== ui.generation) return;
      renderTable(view, { features: info.features, target: info.target, x, y, classification: info.task === 'classification', names: info.class_names },
        `The first ${y.length} training rows (raw values, before standardising)`);
    },
    (e) => fail('samples', e.message),
  );
}

// ---- results ------------------------------------------------------------------------------

const RESULTS_HINT = 'Results on the held-out test set appear when training finishes (or when you press Stop).';

function clearResults() {
  $('results').replaceChildren();
  $('results').classList.remove('stale');
  $('results-hint').textContent = RESULTS_HINT;
  $('results-hint').hidden = false;
}

// Results of an earlier evaluation stay visible, dimmed, while training goes on.
function markResultsStale() {
  const r = $('results');
  if (!r.childElementCount || r.classList.contains('stale')) return;
  r.classList.add('stale');
  $('results-hint').textContent = 'Training has continued since these results; they are refreshed when it finishes or when you press Stop.';
  $('results-hint').hidden = false;
}

worker.on('finished', ({ test, report }) => {
  const info = ui.info;
  const gen = ui.generation;
  $('results-hint').hidden = true;
  $('results').classList.remove('stale');
  const parts = [metricsList(test, report)];
  if (report.confusion) {
    const shape = imageShape(info);
    const names = report.class_names ?? info.class_names ?? null;
    const wrong = (report.misclassified ?? []).slice(0, 40);
    parts.push(el('div', { class: 'result-grid' },
      el('div', {}, el('h3', { text: 'Confusion matrix (test set)' }), confusionMatrix(report.confusion, names),
        el('h3', { text: 'Per class' }), perClassTable(report.confusion, names)),
      el('div', {},
        el('h3', { text: `Misclassified test samples (first ${wrong.length})` }),
        wrong.length === 0 ? el('p', { class: 'hint', text: 'None: every test sample was classified correctly.' })
          : shape ? gallery(wrong, shape, (index) => fetchTestSample(index, gen), (m) => fail('samples', m), names)
            : misclassifiedList(wrong, names))));
  } else if (report.points) {
    parts.push(scatter(report.points, report.mse, info.target));
  }
  $('results').replaceChildren(...parts);
});

function fetchTestSample(index, gen) {
  return worker.request('samples', { split: 'test', start: index, count: 1 }).then(({ x }) => {
    if (gen !== ui.generation) throw new Error('stale');
    return x;
  });
}

// ---- draw a digit -------------------------------------------------------------------------

function setupDrawing(info) {
  const shape = imageShape(info);
  const on = Boolean(shape && shape.w === 28 && shape.h === 28 && shape.c === 1 && info.task === 'classification');
  $('draw-panel').hidden = !on;
  pad.clear();
}

function predictDrawing(image) {
  const small = $('draw-small');
  const ctx = small.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 28, 28);
  if (!image) {
    window.nnplayLastPrediction = null;
    renderProbabilities($('probs'), null);
    return;
  }
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; ++i) {
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = image[i];
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  if (!ui.state || ui.pending) return;
  // One prediction in flight; the newest drawing waits for it.
  if (ui.predicting) {
    ui.nextImage = image;
    return;
  }
  ui.predicting = true;
  worker.request('predict', { input: image }).then(
    ({ output }) => {
      const probs = probabilities(Array.from(output));
      window.nnplayLastPrediction = probs;
      showError($('draw-error'), '');
      renderProbabilities($('probs'), probs);
    },
    (e) => fail('predict', e.message),
  ).finally(() => {
    ui.predicting = false;
    const next = ui.nextImage;
    ui.nextImage = undefined;
    if (next) predictDrawing(next);
  });
}

// A softmax output is used as is; other outputs (a linear last layer) go through a softmax here.
function probabilities(out) {
  const sum = out.reduce((a, b) => a + b, 0);
  if (out.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-3) return out;
  const m = Math.max(...out);
  const e = out.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

$('btn-clear').addEventListener('click', () => pad.clear());

// ---- model file ---------------------------------------------------------------------------

$('btn-export').addEventListener('click', () => {
  showError($('file-error'), '');
  worker.send('export');
});

exportButtons(worker, {
  buttons: { onnx: $('btn-export-onnx'), tfjs: $('btn-export-tfjs') }, info: $('file-info'),
  name: () => ui.spec?.name || 'model', clearError: () => showError($('file-error'), ''),
});

worker.on('exported', ({ bytes: data }) => {
  const blob = new Blob([data], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const name = `${ui.spec?.name || 'model'}.nnp`;
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  $('file-info').textContent = `Saved ${name} (${bytes(data.byteLength)}).`;
});

$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  showError($('file-error'), '');
  try {
    checkSize(file);
  } catch (err) {
    return fail('import', err.message);
  }
  const data = await file.arrayBuffer();
  ui.importName = file.name;
  ui.importCopy = new Uint8Array(data.slice(0)); // kept for a restart once the import succeeds
  worker.send('import', { bytes: data, name: file.name }, [data]);
});

worker.on('imported', ({ model, state }) => {
  const restored = ui.pending?.source === 'restore' ? ui.pending.label : null;
  if (restored) ui.pending = null;
  ui.generation++;
  renderSummary(model);
  charts.reset(ui.spec.metrics?.[0] ?? null, { validation: ui.info?.validation_rows > 0 });
  $('epoch-logs').replaceChildren();
  clearResults();
  ui.lastBatch = null;
  if (restored) $('train-info').textContent = `Restored ${restored}; its test results are below. Training continues from its weights.`;
  else if (ui.importCopy) recovery.keepImported(ui.importName, ui.importCopy);
  ui.importCopy = null;
  if (!restored) $('file-info').textContent = `Imported ${ui.importName ?? 'the model'}; its test results are below. Training continues from its weights.`;
  onState(state);
});

// ---- your own data ------------------------------------------------------------------------
// Chosen files go to the worker first, whose core reports what is in them (types, gaps, classes);
// the report fills the target picker and picks the preset that fits. "Load data" then trains on them.

$('data-files').addEventListener('change', (e) => chooseDataFiles(e.target.files));
$('data-folder').addEventListener('change', (e) => chooseDataFiles(e.target.files));
// Files or folders dropped on the "Your own data" box or the data area do what the pickers do.
dropZone([$('data-panel'), $('dataset-panel'), $('report-panel')], (files, entries) => chooseDataFiles(files, entries));
$('data-target').addEventListener('change', () => inspectChosen($('data-target').value));

const presetCache = new Map(); // file -> Promise of the spec, or of null if the site has no such preset
function presetSpec(file) {
  if (!presetCache.has(file)) {
    presetCache.set(file, fetch(`presets/${file}`).then((r) => (r.ok ? r.json() : null), () => null));
  }
  return presetCache.get(file);
}

async function chooseDataFiles(files, entries = null) {
  ui.chosenData = null;
  ui.report = null;
  for (const id of ['target-field', 'preset-field']) $(id).hidden = true;
  $('data-files-info').textContent = '';
  showError($('data-error'), '');
  updateControls();
  if (!files.length && !entries?.length) return;
  let chosen;
  try {
    chosen = await readDataFiles(files, entries);
  } catch (err) {
    fail('data', err.message);
    return updateControls();
  }
  for (const id of ['data-files', 'data-folder']) $(id).value = ''; // the same file again is a new choice
  ui.chosenData = chosen;
  if (chosen.kind === 'idx') {
    $('data-files-info').textContent = `Images: ${chosen.imagesName} (${bytes(chosen.images.byteLength)}), labels: ${chosen.labelsName} (${bytes(chosen.labels.byteLength)}).`;
    return updateControls();
  }
  await inspectChosen();
}

// Asks the core for the chosen data's report (with `target`, the column picked; without, the core's
// choice) and shows it. A newer choice or pick retires an older request's answer.
async function inspectChosen(target) {
  const chosen = ui.chosenData;
  if (!chosen || chosen.kind === 'idx') return;
  const token = (ui.inspecting = {});
  ui.report = null;
  updateControls();
  $('data-files-info').textContent = `Reading ${chosen.name}…`;
  showError($('data-error'), '');
  if (worker.dead) worker.restart();
  let reply;
  try {
    reply = await inspectRequest(chosen, target);
  } catch (err) {
    if (token !== ui.inspecting) return;
    ui.inspecting = null;
    $('data-files-info').textContent = '';
    fail('data', err.message.includes(chosen.name) ? err.message : `${chosen.name}: ${err.message}`);
    return updateControls();
  }
  if (token !== ui.inspecting) return;
  ui.inspecting = null;
  ui.inspectMemory = reply.memory;
  showReport(reply.report, false);
  if (reply.report.kind === 'csv') fillTargets(reply.report);
  await offerPreset(reply.report);
  $('data-files-info').textContent = `${chosen.name}: read. Check the report, then press Load data.`;
  updateControls();
}

// The worker's `inspect` reply. A CSV goes without a spec: the core decides the task from the target
// (the picked one, else the last column), and the suggested preset follows the task.
async function inspectRequest(chosen, target) {
  if (chosen.kind !== 'csv') {
    const spec = (await presetSpec(suggestPreset({ kind: 'images' }).file)) ?? editor.spec ?? ui.spec;
    return worker.request('inspect', { spec, data: chosen });
  }
  return worker.request('inspect', { spec: null, data: { kind: 'csv', name: chosen.name, text: chosen.text, target: target ?? '' } });
}

// The report panel shows the chosen data's report, then (once loaded) the live session's; a lesson's
// own data hide it.
function showReport(report, loaded) {
  ui.report = report;
  ui.reportLoaded = loaded;
  $('report-panel').hidden = false;
  $('report-status').textContent = `${report.name}: ${loaded ? 'loaded, ready to train' : 'not loaded yet: press Load data to train on it'}.`;
  $('report').replaceChildren(dataReport(report));
}

function fillTargets(report) {
  const target = $('data-target');
  target.replaceChildren(...report.columns.map((c) => el('option', { value: c.name, text: `${c.name} (${c.type})` })));
  target.value = report.target;
  $('target-field').hidden = false;
}

async function offerPreset(report) {
  const suggestion = suggestPreset(report);
  const spec = suggestion && (await presetSpec(suggestion.file));
  ui.suggested = spec ? { ...suggestion, spec } : null;
  $('preset-field').hidden = !spec;
  if (!spec) return;
  $('preset-field').dataset.preset = suggestion.file;
  const current = ui.lessonFile === suggestion.file && !ui.userData;
  $('use-preset').checked = !current;
  $('preset-text').textContent = `Train with the preset “${spec.title ?? spec.name}”: ${suggestion.why}, sized from the data` +
    ` (untick to keep the model above${current ? ', which is this preset' : ''}).`;
}

$('btn-load-data').addEventListener('click', () => {
  const c = ui.chosenData;
  if (!c || !ui.spec) return;
  if (c.kind === 'idx') {
    const userData = { kind: 'idx', name: c.name, images: c.images, labels: c.labels };
    return load(structuredClone(editor.spec ?? ui.spec), { source: 'data', userData, files: [c.imagesName, c.labelsName] });
  }
  const report = ui.report;
  if (!report) return;
  const base = ui.suggested && $('use-preset').checked ? ui.suggested.spec : editor.spec ?? ui.spec;
  const target = report.kind === 'csv' ? $('data-target').value : null;
  const spec = specForData(base, report, target);
  const userData = c.kind === 'csv' ? { kind: 'csv', name: c.name, text: c.text, target } : c;
  load(spec, { source: 'data', userData, files: [c.name], report });
});

// ---- start --------------------------------------------------------------------------------

renderProbabilities($('probs'), null);
setStatus('loading');
loadPresets();
