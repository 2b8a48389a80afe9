// nnplay's page: UI state only. The worker (worker.js) owns the wasm core, the data and training;
// the page drives it through its TrainingSession (shared/training-session.js) and draws what comes
// back. Its state is in the address (shared/address.js): the preset and the spec as edited. Charts
// redraw at most once per animation frame. Every string it shows comes from t() (shared/i18n.js), set up
// before anything draws.
import { errorMessage, language, setupI18n, switchLanguage, t, translateDom } from './shared/i18n.js';
import { TrainingSession } from './shared/training-session.js';
import { AddressError, decodeSpec, encodeSpec, readHash, writeHash } from './shared/address.js';
import { paintImage } from './shared/plot.js';
import { TrainingCharts } from './ui/charts.js';
import { ModelEditor } from './ui/model-editor.js';
import { renderImages, renderTable, splitSummary } from './ui/dataset-view.js';
import { confusionMatrix, gallery, metricsList, misclassifiedList, perClassTable, rocPanel, scatter } from './ui/results.js';
import { DigitPad, renderProbabilities } from './ui/draw-digit.js';
import { readDataFiles } from './ui/user-data.js';
import { dataReport } from './ui/data-report.js';
import { specForData, suggestPreset } from './ui/suggest-preset.js';
import { dropZone } from './ui/drop-zone.js';
import { bytes, duration, el, imageShape, int, list, num, showError, showCoreError } from './ui/format.js';
import { exportButtons, saveFile } from './deploy/export-buttons.js';
import { importModelFiles } from './deploy/import-files.js';
import { registerOffline } from './shared/offline.js';
import { Autosave, onStorageProblem, openStore } from './shared/autosave.js';
import { RecentRuns } from './ui/recent-runs.js';
import { languageSwitch } from './ui/language-switch.js';

await setupI18n();
translateDom();
languageSwitch(document.getElementById('lang-switch'), switchLanguage);
registerOffline();

const $ = (id) => document.getElementById(id);

const ui = {
  presets: [],
  lessonFile: null,
  userData: null, // the live session's own data, if any
  fetching: false, // a preset is being read
  pending: null, // { source, spec, userData, lessonFile, files, report } while a load runs
  lastBatch: null,
  download: new Map(),
  chosenData: null,
  predicting: false,
  nextImage: undefined,
};

// A worker silent for 20 s counts as dead (`?watchdog=MS` in the address shortens that, for tests).
const session = new TrainingSession({ url: './worker.js', recover: true,
  watchdog: Number(new URLSearchParams(location.search).get('watchdog')) || true });
const charts = new TrainingCharts($('chart-loss'), $('chart-metric'));
// The run is saved after every epoch (shared/autosave.js); runs on the user's own files are not (the files
// stay theirs), and Recent runs lists the saved ones.
const autosave = new Autosave(session, { page: 'playground', onSaved: () => ui.recent?.refresh(),
  describe: () => (ui.userData ? null : { title: $('lesson-title').textContent, address: location.hash }) });
const storageNotes = [];
const storageNote = (message) => showError($('storage-error'), (storageNotes.push(message), storageNotes).join(' '));
onStorageProblem(storageNote);
openStore().then(({ store }) => {
  ui.recent = new RecentRuns($('recent-runs'), { store, page: 'playground', onOpen: openSaved });
  ui.recent.refresh();
});
const editor = new ModelEditor($('editor'), {
  onApply: (spec) => load(spec, { source: 'editor', userData: ui.userData }),
  onApplyJson: (text) => {
    let spec;
    try {
      spec = JSON.parse(text);
    } catch (e) {
      return showError($('editor-error'), t('editor.badJson', { message: e.message }));
    }
    load(spec, { source: 'editor', userData: ui.userData });
  },
});
const pad = new DigitPad($('draw-canvas'), { onImage: (image) => predictDrawing(image) });
window.nnplayLastPrediction = null;
// For tests, the benchmark and the console: the session, its worker client (e.g.
// nnplay.worker.send("crash")), the last state, and the wasm memory before and after the last data
// report ({before, after}, bytes).
window.nnplay = { session, autosave, worker: session.client, state: () => session.state, inspected: () => ui.inspectMemory };

// Where each command's errors are shown.
const ERROR_PLACES = {
  lesson: 'lesson-error', link: 'lesson-error', editor: 'editor-error', data: 'data-error', reset: 'train-error',
  train: 'train-error', pause: 'train-error', step: 'train-error', stop: 'train-error', evaluate: 'results-error',
  set: 'train-error', predict: 'draw-error', samples: 'dataset-error', export: 'file-error', exportFormat: 'file-error', import: 'file-error',
  weights: 'results-error', worker: 'lesson-error',
};

// `error`: a page-made message (a string), or the core's {message, code}: shown in the page's language,
// with the English original one click away.
function fail(place, error) {
  const node = $(ERROR_PLACES[place] ?? 'train-error');
  node.dataset.code = error.code ?? ''; // for tests and curious users: the core's code of what is shown
  if (typeof error === 'string') showError(node, error);
  else showCoreError(node, errorMessage(error));
}

// ---- loading -------------------------------------------------------------------------------

async function loadPresets() {
  try {
    const res = await fetch('presets/index.json');
    if (!res.ok) throw new Error(t('playground.noIndex', { status: res.status }));
    ui.presets = (await res.json()).map(presetText);
  } catch (e) {
    fail('lesson', t('playground.noLessons', { message: e.message }));
    return;
  }
  const select = $('lesson');
  select.replaceChildren(...ui.presets.map((p) => el('option', { value: p.file, text: p.title })));
  select.append(el('option', { value: '', text: t('playground.ownData'), disabled: true, hidden: true }));
  // A reload (or a crash) brings this tab's run back at once, unless the address now asks for another.
  const saved = await autosave.saved();
  if (saved && (!location.hash || saved.summary?.address === location.hash)) return openSaved(saved);
  openAddress();
}

// A preset's title and description in the page's language (presets.<name>.*), else as the preset has them.
function presetText(p) {
  return { ...p, title: t(`presets.${p.name}.title`, { defaultValue: p.title }),
    description: t(`presets.${p.name}.description`, { defaultValue: p.description }) };
}

// A saved run (this tab's, or one from Recent runs): its spec, then its model, curves and results.
async function openSaved(record) {
  try {
    await autosave.restore(record, (spec) => load(spec, { source: 'restore', address: record.summary?.address }));
  } catch (e) {
    if (session.status === 'dead') return;
    storageNote(t('runs.openFailed', { title: record.title, message: e.message }));
    return session.live ? undefined : openAddress();
  }
  charts.addSavedEpochs(record.epochs, session.state.batches);
  if (record.epochs.length) renderEpochLogs(record.epochs.at(-1));
  onState(session.state);
  $('train-info').textContent = t('runs.restored', { when: new Date(record.savedAt).toLocaleString(language()), count: record.epochs.length });
}

// The address: #preset=<name> (a preset as it is; the older #<name> too), plus spec=<packed spec>
// for a model as edited. A link that cannot be read, or whose model the core refuses, says why and
// falls back to the preset.
async function openAddress() {
  const hash = readHash();
  const legacy = Object.keys(hash).length === 1 && Object.values(hash)[0] === '' ? Object.keys(hash)[0] : null;
  const wanted = hash.preset ?? legacy;
  const preset = ui.presets.find((p) => p.name === wanted || p.file === wanted) ??
    ui.presets.find((p) => p.name === 'mnist-mlp') ?? ui.presets[0];
  if (!preset) return;
  if (hash.spec === undefined) return pickLesson(preset.file);
  let spec;
  try {
    spec = await decodeSpec(hash.spec);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    return pickLesson(preset.file, t('playground.badLink', { message: e.message, title: preset.title }));
  }
  $('lesson').value = preset.file;
  load(spec, { source: 'link', lessonFile: preset.file, fallback: preset });
}

// `notice`: a word shown once the preset is loaded (why a link fell back to it).
async function pickLesson(file, notice = null) {
  if (ui.pending || ui.fetching) return;
  const preset = ui.presets.find((p) => p.file === file);
  $('lesson').value = file;
  describeLesson(preset?.title, preset?.description);
  showError($('lesson-error'), '');
  ui.fetching = true;
  updateStatus();
  let spec;
  try {
    const res = await fetch(`presets/${file}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    spec = await res.json();
  } catch (e) {
    fail('lesson', t('playground.lessonUnread', { file, message: e.message }));
    restoreLessonPicker();
    return;
  } finally {
    ui.fetching = false;
    updateStatus();
  }
  load(spec, { source: 'lesson', lessonFile: file, notice });
}

function describeLesson(title, description) {
  $('lesson-title').textContent = title ?? '';
  $('lesson-desc').textContent = description ?? '';
}

function restoreLessonPicker() {
  const spec = session.spec;
  $('lesson').value = ui.userData ? '' : ui.lessonFile ?? '';
  if (!spec) return;
  const own = ui.presets.find((p) => p.name === spec.name);
  const text = { title: own?.title ?? spec.title, description: own?.description ?? spec.description };
  const title = ui.userData ? t('playground.titleOnData', { title: text.title, data: ui.userData.name }) : text.title;
  describeLesson(ui.imported ? t('playground.titleImported', { title, model: ui.imported }) : title, text.description);
}

// Resolves with the session's `ready` message (a failure is shown by loadFailed).
function load(spec, { source, userData = null, lessonFile = null, files = null, report = null, fallback = null, notice = null, address = null }) {
  if (ui.pending) {
    const busy = Promise.reject(new Error(t('playground.busy')));
    busy.catch(() => {}); // callers that do not wait are not told
    return busy;
  }
  ui.pending = { source, spec, userData, lessonFile, files, report, fallback, notice, address };
  for (const id of ['lesson-error', 'editor-error', 'data-error']) showError($(id), '');
  ui.download.clear();
  if (!session.state) $('dataset-summary').textContent = t('dataset.loading');
  // userData is copied, not transferred: the page keeps it for Apply and the worker for Reset.
  const loading = session.load(spec, userData);
  loading.catch(loadFailed);
  return loading;
}

// `error`: the rejected load's Error (its message, and the core's code when it has one).
function loadFailed({ message, code }) {
  if (session.status === 'dead') return; // the worker died: the crash message says so (and offers Restart)
  const p = ui.pending ?? { source: 'lesson' };
  ui.pending = null;
  // Your own files: the message names them (the core's usually does already).
  if (p.files && !p.files.some((f) => message.includes(f))) message = t('data.filesSaid', { files: list(p.files), message });
  $('data-progress').hidden = true;
  if (p.source === 'link') {
    return pickLesson(p.fallback.file, t('playground.linkRefused', { message: errorMessage({ message, code }).text, title: p.fallback.title }));
  }
  fail(p.source === 'restart' ? 'train' : p.source, { message, code });
  if (p.source === 'lesson') restoreLessonPicker();
  if (p.source === 'restart') $('btn-restart').hidden = false;
  updateStatus();
}

// After a crash: a fresh worker, the same spec and data, then the saved model.
async function restart() {
  showError($('train-error'), '');
  $('btn-restart').hidden = true;
  if (!session.spec) return $('lesson').value ? pickLesson($('lesson').value) : loadPresets();
  ui.pending = { source: 'restart', userData: ui.userData, lessonFile: ui.lessonFile };
  try {
    const { restored } = await session.restart();
    if (restored) $('train-info').textContent = t('playground.restarted', { what: restored });
  } catch (e) {
    loadFailed(e);
  }
}

session.on('progress', ({ stage, label, file, loaded, total }) => {
  const box = $('data-progress');
  box.hidden = false;
  let text;
  let fraction;
  if (stage === 'download') {
    // A lesson can download two files under one label (MNIST images and labels): sum them.
    ui.download.set(file, { label, loaded, total });
    let got = 0, size = 0;
    for (const d of ui.download.values()) if (d.label === label) (got += d.loaded), (size += d.total);
    fraction = size ? got / size : 0;
    text = t(size ? 'progress.downloadOf' : 'progress.download', { label, loaded: bytes(got), total: bytes(size) });
  } else {
    fraction = total ? loaded / total : 1;
    text = stage === 'parse' ? t('progress.reading', { label }) : t('progress.preparing');
  }
  $('data-progress-fill').style.width = `${Math.round(fraction * 100)}%`;
  $('data-progress-text').textContent = text;
  box.dataset.stage = stage;
});

session.on('ready', ({ spec, info, preview, state }) => {
  const p = ui.pending ?? { source: 'reset', userData: ui.userData, lessonFile: ui.lessonFile };
  ui.pending = null;
  ui.userData = p.userData ?? null;
  if (p.source !== 'restart') ui.imported = null; // Reset builds the spec's model afresh: the imported one is gone
  if (p.source === 'lesson' || p.source === 'link') ui.lessonFile = p.lessonFile;
  if (p.source === 'restore') ui.lessonFile = ui.presets.find((x) => x.name === readHash(p.address ?? '').preset)?.file ?? null;
  writeAddress(p);
  restoreLessonPicker();
  $('data-progress').hidden = true;
  for (const id of ['train-error', 'results-error', 'dataset-error', 'draw-error', 'file-error']) showError($(id), '');
  if (p.source !== 'reset' && p.source !== 'restart') editor.setSpec(spec, { note: null });
  else if (p.source === 'reset') editor.setNote(null);
  renderSummary(info.model);
  renderEngine(info);
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
  onState(state);
  updateStatus(); // the controls were set while the load was still pending
  if (p.notice) fail('link', p.notice);
  if (!editor.choices) session.request('choices').then(({ choices }) => editor.setChoices(choices), () => {});
});

// A preset as it is is its name; an edited model is the spec as applied. Your own data cannot go
// in a link, so the address keeps the last state a link can bring back.
function writeAddress(p) {
  const preset = ui.presets.find((x) => x.file === ui.lessonFile)?.name;
  if (p.source === 'lesson') writeHash({ preset });
  else if (p.source === 'restore' && p.address) writeHash(readHash(p.address));
  else if ((p.source === 'editor' || p.source === 'link') && !ui.userData) {
    encodeSpec(p.spec).then((packed) => writeHash({ preset, spec: packed }));
  }
}

session.on('error', ({ action, message, code }) => {
  if (action === 'load' || action === 'reset') return; // the load's promise says it (loadFailed)
  if (action === 'import' && ui.pending?.source === 'restart') action = 'train';
  if (action === 'worker') {
    ui.pending = null;
    $('data-progress').hidden = true;
    $('btn-restart').hidden = false;
    if (session.client.started) fail('train', session.recoveryMessage(message));
    else fail('lesson', t('playground.workerNoStart', { message }));
    return updateStatus();
  }
  fail(action, { message, code });
  updateStatus();
});

// ---- state and progress --------------------------------------------------------------------

// The pill: the session's status, or what the page is doing before it has one.
function pageStatus() {
  const s = session.status;
  if (ui.fetching || s === 'loading') return 'loading';
  if (s === 'dead') return 'broken';
  if (s === 'new') return ui.presets.length ? 'loading' : 'empty';
  if (s === 'failed') return session.state ? 'failed' : 'empty';
  return s;
}

function updateStatus() {
  const status = pageStatus();
  const pill = $('status');
  pill.textContent = t(`status.${status}`, { defaultValue: status });
  pill.dataset.status = status;
  updateControls(status);
}

session.on('status', updateStatus);

function onState(state) {
  charts.setPlan(state.epochs, state.batches);
  if (state.status === 'training') markResultsStale();
  renderProgress();
  const lr = $('live-lr'), ep = $('live-epochs');
  if (document.activeElement !== lr) lr.value = String(Number(state.learning_rate.toPrecision(6)));
  if (document.activeElement !== ep) ep.value = String(state.epochs);
}

session.on('state', onState);

function trainedBatches(s) {
  if (!s) return 0;
  return s.epoch * s.batches + (s.batch === s.batches ? 0 : s.batch);
}

function renderProgress() {
  const s = session.state;
  if (!s) return;
  const done = trainedBatches(s);
  const total = s.epochs * s.batches;
  $('train-progress-fill').style.width = `${total ? Math.min(100, (done / total) * 100) : 0}%`;
  const inEpoch = s.batch > 0 && s.batch < s.batches;
  const shown = Math.min(s.epochs, inEpoch ? s.epoch + 1 : Math.max(1, s.epoch));
  $('progress-epoch').textContent = t('progress.epoch', { n: shown, of: s.epochs });
  $('progress-batch').textContent = t('progress.batch', { n: int(s.epoch > 0 && !inEpoch ? s.batches : s.batch), of: int(s.batches) });
  const counter = $('batch-counter');
  counter.textContent = int(done);
  counter.dataset.value = String(done);
  const b = ui.lastBatch;
  const sps = b?.samples_per_second ?? 0;
  $('progress-speed').textContent = t('progress.speed', { n: sps ? int(Math.round(sps)) : '–' });
  if (s.status === 'training' && sps && b) {
    $('progress-eta').textContent = t('progress.eta', { time: duration(((total - done) * b.size) / sps) });
  } else {
    $('progress-eta').textContent = s.status === 'finished' ? t('progress.done') : t('progress.eta', { time: '–' });
  }
}

// A button that disables itself while focused hands the focus to the control that takes over
// (Train -> Pause -> Resume), so the keyboard user never lands on the page's body.
function updateControls(st = pageStatus()) {
  const ready = session.live && !ui.pending;
  const focused = document.activeElement;
  const set = (id, on) => ($(id).disabled = !on);
  set('btn-train', ready && st === 'idle');
  set('btn-pause', ready && st === 'training');
  set('btn-resume', ready && st === 'paused');
  set('btn-step', ready && (st === 'idle' || st === 'paused'));
  set('btn-stop', ready && (st === 'training' || st === 'paused'));
  set('btn-reset', (ready || st === 'failed') && Boolean(session.spec));
  set('btn-restart', st === 'broken');
  set('btn-export', ready);
  set('btn-export-onnx', ready);
  set('btn-export-tfjs', ready);
  // Live settings act from the next batch on, so they stay live while training.
  set('live-lr', ready);
  set('live-epochs', ready);
  $('import-file').disabled = !ready;
  $('lesson').disabled = Boolean(ui.pending);
  editor.setEnabled(!ui.pending);
  const c = ui.chosenData;
  $('btn-load-data').disabled = Boolean(ui.pending) || !c || (c.kind !== 'idx' && (!ui.report || Boolean(ui.inspecting)));
  if (focused?.disabled) {
    const next = ['btn-pause', 'btn-resume', 'btn-train', 'btn-reset'].map($).find((b) => !b.disabled && !b.hidden);
    (next ?? $('status')).focus();
  }
}

session.on('batches', ({ batches, epochs, state }) => {
  if (batches.length) ui.lastBatch = batches.at(-1);
  charts.addBatches(batches, epochs);
  if (epochs.length) renderEpochLogs(epochs.at(-1));
  onState(state);
});

// A log's name (loss, val_accuracy...) in the page's words: the metric's, with val_ as the language marks it.
function logName(key) {
  const base = key.replace(/^val_/, '');
  const name = t(`charts.names.${base}`, { defaultValue: base });
  return key === base ? name : t('progress.valLog', { name });
}

function renderEpochLogs({ epoch, logs, seconds }) {
  const keys = Object.keys(logs).sort((a, b) => (a.startsWith('val_') - b.startsWith('val_')) || a.localeCompare(b));
  $('epoch-logs').replaceChildren(
    el('span', { class: 'epoch-no', text: t('progress.afterEpoch', { n: epoch + 1, seconds: seconds.toFixed(1) }) }),
    ...keys.map((k) => el('span', { class: `log${k.startsWith('val_') ? ' val' : ''}` },
      `${logName(k)} `, el('strong', { 'data-testid': `log-${k}`, dataset: { value: String(logs[k]) }, text: num(logs[k]) }))),
  );
}

// Which wasm build the worker runs and on how many threads (the numbers are the same either way).
function renderEngine({ module, threads }) {
  const engine = $('progress-engine');
  engine.dataset.module = module;
  engine.dataset.threads = threads;
  const build = module === 'nnplay-mt.mjs' ? t('progress.moduleThreaded') : t('progress.moduleSingle');
  engine.textContent = t('progress.engine', { count: threads, module: build });
}

function renderSummary(model) {
  if (!model) return $('model-summary').replaceChildren();
  $('model-summary').replaceChildren(
    el('table', { class: 'summary-table' },
      el('thead', {}, el('tr', {}, el('th', { text: t('editor.summary.layer') }), el('th', { text: t('editor.summary.output') }),
        el('th', { text: t('editor.summary.params') }))),
      el('tbody', {}, model.layers.map((l) => el('tr', {},
        el('td', { text: l.type }), el('td', { text: `[${l.output_shape.join(', ')}]` }), el('td', { text: int(l.params) }))))),
    el('p', { class: 'hint' }, t('editor.summary.total'), el('strong', { 'data-testid': 'total-params', text: int(model.total_params) })),
  );
}

// ---- controls ------------------------------------------------------------------------------

function command(fn) {
  return () => {
    showError($('train-error'), '');
    fn();
  };
}

$('btn-train').addEventListener('click', command(() => session.train()));
$('btn-resume').addEventListener('click', command(() => session.train()));
$('btn-pause').addEventListener('click', command(() => session.pause()));
$('btn-step').addEventListener('click', command(() => session.step()));
$('btn-stop').addEventListener('click', command(() => session.stop()));
$('btn-restart').addEventListener('click', restart);
$('btn-reset').addEventListener('click', command(() => {
  if (ui.pending) return;
  ui.pending = { source: 'reset', userData: ui.userData, lessonFile: ui.lessonFile };
  session.reset().catch(loadFailed);
}));
$('lesson').addEventListener('change', (e) => {
  if (e.target.value) pickLesson(e.target.value);
});
$('log-loss').addEventListener('change', (e) => charts.setLogScale(e.target.checked));

for (const [id, key] of [['live-lr', 'learning_rate'], ['live-epochs', 'epochs']]) {
  $(id).addEventListener('change', command(() => {
    const text = $(id).value.trim();
    session.set({ [key]: text === '' ? NaN : Number(text) });
  }));
}

// ---- data view ----------------------------------------------------------------------------

function renderDataset(info, preview) {
  const view = $('dataset-view');
  const where = ui.userData ? ui.userData.name : session.spec.data?.source === 'mnist' ? 'MNIST' : session.spec.data?.path;
  $('dataset-summary').textContent = `${where}: ${splitSummary(info)}`;
  const shape = imageShape(info);
  if (shape && preview) {
    renderImages(view, preview, shape, t('dataset.imagesCaption', { count: preview.y.length }), info.class_names);
    return;
  }
  view.replaceChildren();
  if (!info.features?.length) return;
  session.request('samples', { split: 'train', start: 0, count: 8 }).then(
    ({ x, y }) => {
      renderTable(view, { features: info.features, target: info.target, x, y, classification: info.task === 'classification', names: info.class_names },
        t('dataset.tableCaption', { count: y.length }));
    },
    (e) => e.stale || fail('samples', e),
  );
}

// ---- results ------------------------------------------------------------------------------

function clearResults() {
  $('results').replaceChildren();
  $('results').classList.remove('stale');
  $('results-hint').textContent = t('results.hint');
  $('results-hint').hidden = false;
}

// Results of an earlier evaluation stay visible, dimmed, while training goes on.
function markResultsStale() {
  const r = $('results');
  if (!r.childElementCount || r.classList.contains('stale')) return;
  r.classList.add('stale');
  $('results-hint').textContent = t('results.stale');
  $('results-hint').hidden = false;
}

session.on('finished', ({ test, report }) => {
  const info = session.info;
  const gen = session.generation;
  $('results-hint').hidden = true;
  $('results').classList.remove('stale');
  const parts = [metricsList(test, report)];
  if (report.confusion) {
    const shape = imageShape(info);
    const names = report.class_names ?? info.class_names ?? null;
    const wrong = (report.misclassified ?? []).slice(0, 40);
    parts.push(el('div', { class: 'result-grid' },
      el('div', {}, el('h3', { text: t('results.confusionTitle') }), confusionMatrix(report.confusion, names),
        el('h3', { text: t('results.perClassTitle') }), perClassTable(report.classification, names),
        report.roc ? el('h3', { text: t('results.rocTitle') }) : null, report.roc ? rocPanel(report.roc) : null),
      el('div', {},
        el('h3', { text: t('results.misclassifiedTitle', { count: wrong.length }) }),
        wrong.length === 0 ? el('p', { class: 'hint', text: t('results.noneWrong') })
          : shape ? gallery(wrong, shape, (index) => session.request('samples', { split: 'test', start: index, count: 1 }).then(({ x }) => x),
              (e) => gen === session.generation && fail('samples', e), names)
            : misclassifiedList(wrong, names))));
  } else if (report.points) {
    parts.push(scatter(report.points, report.mse, info.target));
  }
  $('results').replaceChildren(...parts);
});

// ---- draw a digit -------------------------------------------------------------------------

function setupDrawing(info) {
  const shape = imageShape(info);
  const on = Boolean(shape && shape.w === 28 && shape.h === 28 && shape.c === 1 && info.task === 'classification');
  $('draw-panel').hidden = !on;
  pad.clear();
}

function predictDrawing(image) {
  const small = $('draw-small');
  if (!image) {
    small.getContext('2d').clearRect(0, 0, 28, 28);
    window.nnplayLastPrediction = null;
    renderProbabilities($('probs'), null);
    return;
  }
  paintImage(small, image, { w: 28, h: 28, scale: 255, gray: true });
  if (!session.live || ui.pending) return;
  // One prediction in flight; the newest drawing waits for it.
  if (ui.predicting) {
    ui.nextImage = image;
    return;
  }
  ui.predicting = true;
  session.request('predict', { input: image }).then(
    ({ output }) => {
      const probs = probabilities(Array.from(output));
      window.nnplayLastPrediction = probs;
      showError($('draw-error'), '');
      renderProbabilities($('probs'), probs);
    },
    (e) => e.stale || fail('predict', e),
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
  session.exportModel().then(download, (e) => fail('export', e));
});

exportButtons(session.client, {
  buttons: { onnx: $('btn-export-onnx'), tfjs: $('btn-export-tfjs') }, info: $('file-info'),
  name: () => session.spec?.name || 'model', clearError: () => showError($('file-error'), ''),
});

function download(data) {
  const name = `${session.spec?.name || 'model'}.nnp`;
  saveFile(name, data);
  $('file-info').textContent = t('files.saved', { name, size: bytes(data.byteLength) });
}

// A picked or dropped .nnp, .onnx, or TF.js model.json with its .bin files.
$('import-file').addEventListener('change', (e) => {
  const files = [...e.target.files];
  e.target.value = '';
  if (files.length) importFiles(files);
});
dropZone([$('file-panel')], (files) => importFiles(files));

async function importFiles(files) {
  showError($('file-error'), '');
  try {
    await importModelFiles(session.client, files, importNnp);
  } catch (e) {
    fail('import', e);
  }
}

async function importNnp(data, name) {
  const { model } = await session.importModel(data, name);
  ui.imported = name;
  renderSummary(model);
  restoreLessonPicker();
  editor.setNote(t('files.importedNote', { name, layers: model.layers.length, params: int(model.total_params) }));
  charts.reset(session.spec.metrics?.[0] ?? null, { validation: session.info?.validation_rows > 0 });
  $('epoch-logs').replaceChildren();
  clearResults();
  ui.lastBatch = null;
  $('file-info').textContent = t('files.imported', { name });
  onState(session.state);
}

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
    fail('data', err);
    return updateControls();
  }
  for (const id of ['data-files', 'data-folder']) $(id).value = ''; // the same file again is a new choice
  ui.chosenData = chosen;
  if (chosen.kind === 'idx') {
    $('data-files-info').textContent = t('data.idxChosen', { images: chosen.imagesName, imagesSize: bytes(chosen.images.byteLength),
      labels: chosen.labelsName, labelsSize: bytes(chosen.labels.byteLength) });
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
  $('data-files-info').textContent = t('progress.reading', { label: chosen.name });
  showError($('data-error'), '');
  let reply;
  try {
    reply = await inspectRequest(chosen, target);
  } catch (err) {
    if (token !== ui.inspecting) return;
    ui.inspecting = null;
    $('data-files-info').textContent = '';
    const message = err.message.includes(chosen.name) ? err.message : t('data.filesSaid', { files: chosen.name, message: err.message });
    fail('data', { message, code: err.code });
    return updateControls();
  }
  if (token !== ui.inspecting) return;
  ui.inspecting = null;
  ui.inspectMemory = reply.memory;
  showReport(reply.report, false);
  if (reply.report.kind === 'csv') fillTargets(reply.report);
  await offerPreset(reply.report);
  $('data-files-info').textContent = t('data.read', { name: chosen.name });
  updateControls();
}

// The worker's `inspect` reply. A CSV goes without a spec: the core decides the task from the target
// (the picked one, else the last column), and the suggested preset follows the task.
async function inspectRequest(chosen, target) {
  if (chosen.kind !== 'csv') {
    const spec = (await presetSpec(suggestPreset({ kind: 'images' }).file)) ?? editor.spec ?? session.spec;
    return session.inspect({ spec, data: chosen });
  }
  return session.inspect({ spec: null, data: { kind: 'csv', name: chosen.name, text: chosen.text, target: target ?? '' } });
}

// The report panel shows the chosen data's report, then (once loaded) the live session's; a lesson's
// own data hide it.
function showReport(report, loaded) {
  ui.report = report;
  ui.reportLoaded = loaded;
  $('report-panel').hidden = false;
  $('report-status').textContent = t(loaded ? 'report.loaded' : 'report.notLoaded', { name: report.name });
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
  const title = ui.presets.find((p) => p.name === spec.name)?.title ?? spec.title ?? spec.name;
  $('preset-text').textContent = t(current ? 'data.suggestCurrent' : 'data.suggest', { title, why: t(`data.why.${suggestion.kind}`) });
}

$('btn-load-data').addEventListener('click', () => {
  const c = ui.chosenData;
  if (!c || !session.spec) return;
  if (c.kind === 'idx') {
    const userData = { kind: 'idx', name: c.name, images: c.images, labels: c.labels };
    return load(structuredClone(editor.spec ?? session.spec), { source: 'data', userData, files: [c.imagesName, c.labelsName] });
  }
  const report = ui.report;
  if (!report) return;
  const base = ui.suggested && $('use-preset').checked ? ui.suggested.spec : editor.spec ?? session.spec;
  const target = report.kind === 'csv' ? $('data-target').value : null;
  const spec = specForData(base, report, target);
  const userData = c.kind === 'csv' ? { kind: 'csv', name: c.name, text: c.text, target } : c;
  load(spec, { source: 'data', userData, files: [c.name], report });
});

// ---- start --------------------------------------------------------------------------------

renderProbabilities($('probs'), null);
updateStatus();
loadPresets();
