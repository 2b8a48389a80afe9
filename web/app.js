// nnplay's page: UI state only. The worker (worker.js) owns the wasm core, the data and training;
// this module sends it commands and draws what comes back (docs/worker-protocol.md). Work per
// message is kept small; charts redraw at most once per animation frame.
import { WorkerClient } from './ui/worker-client.js';
import { TrainingCharts } from './ui/charts.js';
import { ModelEditor } from './ui/model-editor.js';
import { renderImages, renderTable, splitSummary } from './ui/dataset-view.js';
import { confusionMatrix, gallery, metricsList, misclassifiedList, scatter } from './ui/results.js';
import { DigitPad, renderProbabilities } from './ui/draw-digit.js';
import { checkSize, readDataFiles } from './ui/user-data.js';
import { dropZone } from './ui/drop-zone.js';
import { Recovery } from './ui/recovery.js';
import { bytes, duration, el, imageShape, int, num, showError } from './ui/format.js';

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
// For tests and the console: the worker client (e.g. nnplay.worker.send("crash")) and the last state.
window.nnplay = { worker, state: () => ui.state };

// Where each command's errors are shown.
const ERROR_PLACES = {
  lesson: 'lesson-error', editor: 'editor-error', data: 'data-error', reset: 'train-error',
  train: 'train-error', pause: 'train-error', step: 'train-error', stop: 'train-error', evaluate: 'results-error',
  set: 'train-error', predict: 'draw-error', samples: 'dataset-error', export: 'file-error', import: 'file-error',
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

function load(spec, { source, userData = null, lessonFile = null, files = null }) {
  if (ui.pending) return;
  ui.pending = { source, spec, userData, lessonFile, files };
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
  set('live-lr', ready && st !== 'training');
  set('live-epochs', ready && st !== 'training');
  $('import-file').disabled = !ready;
  $('lesson').disabled = Boolean(ui.pending);
  editor.setEnabled(!ui.pending);
  $('btn-load-data').disabled = Boolean(ui.pending) || !ui.chosenData;
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
    renderImages(view, preview, shape, `${preview.y.length} test samples with their labels`);
    return;
  }
  view.replaceChildren();
  if (!info.features?.length) return;
  const gen = ui.generation;
  worker.request('samples', { split: 'train', start: 0, count: 8 }).then(
    ({ x, y }) => {
      if (gen !== ui.generation) return;
      renderTable(view, { features: info.features, target: info.target, x, y, classification: info.task === 'classification' },
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
    const wrong = (report.misclassified ?? []).slice(0, 40);
    parts.push(el('div', { class: 'result-grid' },
      el('div', {}, el('h3', { text: 'Confusion matrix (test set)' }), confusionMatrix(report.confusion)),
      el('div', {},
        el('h3', { text: `Misclassified test samples (first ${wrong.length})` }),
        wrong.length === 0 ? el('p', { class: 'hint', text: 'None: every test sample was classified correctly.' })
          : shape ? gallery(wrong, shape, (index) => fetchTestSample(index, gen), (m) => fail('samples', m)) : misclassifiedList(wrong))));
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
  const on = Boolean(shape && shape.w === 28 && shape.h === 28 && info.task === 'classification');
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

$('data-files').addEventListener('change', (e) => chooseDataFiles(e.target.files));
// Files dropped on the "Your own data" box or the data area do what the file picker does.
dropZone([$('data-panel'), $('dataset-panel')], (files) => chooseDataFiles(files));

async function chooseDataFiles(files) {
  ui.chosenData = null;
  $('target-field').hidden = true;
  $('data-files-info').textContent = '';
  showError($('data-error'), '');
  updateControls();
  if (!files.length) return;
  try {
    const chosen = await readDataFiles(files);
    ui.chosenData = chosen;
    if (chosen.kind === 'csv') {
      const target = $('data-target');
      target.replaceChildren(...chosen.header.map((c) => el('option', { value: c, text: c })));
      const wanted = ui.spec?.data?.target;
      target.value = chosen.header.includes(wanted) ? wanted : chosen.header.at(-1) ?? '';
      $('target-field').hidden = false;
      $('data-files-info').textContent = `${chosen.name}: ${chosen.header.length} columns. Pick the column to predict.`;
    } else {
      $('data-files-info').textContent = `Images: ${chosen.imagesName} (${bytes(chosen.images.byteLength)}), labels: ${chosen.labelsName} (${bytes(chosen.labels.byteLength)}).`;
    }
  } catch (err) {
    fail('data', err.message);
  }
  updateControls();
}

$('btn-load-data').addEventListener('click', () => {
  const c = ui.chosenData;
  if (!c || !ui.spec) return;
  const spec = structuredClone(editor.spec ?? ui.spec);
  let userData;
  if (c.kind === 'csv') {
    const target = $('data-target').value;
    userData = { kind: 'csv', name: c.name, text: c.text, target };
    // Columns the lesson drops are dropped from your file only if it has them.
    if (spec.data?.drop) spec.data.drop = spec.data.drop.filter((d) => c.header.includes(d) && d !== target);
  } else {
    userData = { kind: 'idx', name: c.name, images: c.images, labels: c.labels };
  }
  load(spec, { source: 'data', userData, files: c.kind === 'csv' ? [c.name] : [c.imagesName, c.labelsName] });
});

// ---- start --------------------------------------------------------------------------------

renderProbabilities($('probs'), null);
setStatus('loading');
loadPresets();
