// <nn-playground preset="mnist-mlp" controls="train,lr" height="420">: an nnplay playground for any
// page of the same origin. Each element trains in its own Web Worker and draws inside its own shadow
// DOM. Attributes, events and methods: docs/embedding.md.
//
// This module wires the pieces: settings.js (attributes and links), sources.js (presets and CSVs),
// the page's TrainingSession (the worker), view.js (markup and styles), charts.js (the curves).
// mode="predict" hands the element to predictor.js instead, loaded only then: a saved model, no worker.
// Its words come from shared/i18n.js, in one language per document (docs/i18n.md): the first element's
// `lang` attribute, else the page's <html lang>, else the visitor's choice.
import { ATTRIBUTES, SPEC_ATTRIBUTES, presetPath, readSettings, shareUrl, specWith } from './settings.js';
import { fetchCsv, fetchPreset } from './sources.js';
import { TrainingSession } from '../shared/training-session.js';
import { SIMD_BROWSERS, startupProblem } from '../shared/boot.js';
import { errorMessage, language, pickLanguage, setupI18n, supported, t, translateDom } from '../shared/i18n.js';
import { chartStyles, render, showControls } from './view.js';
import { EmbedCharts } from './charts.js';
import { el, num, showCoreError } from '../ui/format.js';
import { registerOffline } from '../shared/offline.js';

registerOffline(); // the host page, if inside the site's folder, then works offline too

const FRAME = new URL('frame.html', import.meta.url);
// The footer's short names of the logs (loss, acc, MAE, MSE); others keep their own name.
const LABELS = { loss: 'embed.logs.loss', accuracy: 'embed.logs.accuracy', mae: 'embed.logs.mae', mse: 'embed.logs.mse' };

// The document's language, set up once by the first element that connects.
let speaking = null;
const speak = (el) => (speaking ??= setupI18n(supported(el.getAttribute('lang')) ??
  supported(document.documentElement.getAttribute('lang')) ?? pickLanguage()));

// "val acc 97.1%", "MAE 3.2": one entry of the footer.
function entry(name, value) {
  return el('span', {}, `${name} `, el('b', { text: value }));
}

// prefix: 'train' for a training log, 'test' for a test result.
function logEntry(key, value, prefix = 'train') {
  const val = key.startsWith('val_');
  const base = val ? key.slice(4) : key;
  const text = base === 'accuracy' ? `${(value * 100).toFixed(1)}%` : num(value, 3);
  const name = LABELS[base] ? t(LABELS[base]) : base;
  return entry(t(`embed.logName.${prefix}${val ? 'Val' : ''}`, { name }), text);
}

// loss, the metrics, then their validation values: the order Keras prints them in.
const rank = (key) => (key.startsWith('val_') ? 2 : 0) + (key.endsWith('loss') ? 0 : 1);
const ordered = (logs) => Object.entries(logs).sort(([a], [b]) => rank(a) - rank(b));

export class NnPlayground extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.ui = render(this.shadowRoot);
    this.charts = new EmbedCharts(this.ui.lossChart, this.ui.metricChart);
    this.generation = 0;
    this.spec = null; // the live session's normalised spec
    this.info = null;
    this.readyPromise = null;
    this.wireControls();
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  connectedCallback() {
    if (this.session || this.speaking || this.predictMode) return; // moved within the page: keep training
    if (document.readyState === 'loading') {
      // Upgraded while the page is still parsed: a <script type="application/json"> child may follow.
      document.addEventListener('DOMContentLoaded', () => this.isConnected && this.connectedCallback(), { once: true });
      return;
    }
    // Its words first (the language is set up once per document), then the session.
    this.speaking = speak(this).then(() => {
      this.speaking = null;
      translateDom(this.shadowRoot);
      if (this.isConnected && !this.session) this.begin();
    });
  }

  begin() {
    this.settings = this.readSettings();
    if (this.settings.mode === 'predict') return this.beginPredict();
    this.applyView();
    this.session = new TrainingSession()
      .on('status', () => this.onStatus())
      .on('progress', (m) => this.onProgress(m))
      .on('ready', (m) => this.onReady(m))
      .on('batches', (m) => this.onBatches(m))
      .on('finished', (m) => this.onFinished(m))
      .on('error', ({ message, code }) => this.onError({ message, code }));
    this.visibility = new IntersectionObserver(([entry]) => {
      this.visible = entry.isIntersecting;
      this.maybeAutoplay();
    });
    this.visibility.observe(this);
    this.load();
  }

  // Predict mode: the shadow root becomes the predictor's (the training view is never used). `mode` is read
  // once, when the element first connects.
  beginPredict() {
    this.predictMode = true;
    this.readyPromise = import('./predictor.js').then(({ PredictMode }) => {
      this.predictor = new PredictMode(this.shadowRoot, (type, detail) => this.emit(type, detail));
      return this.loadPredictor();
    });
    this.readyPromise.catch(() => {});
  }

  loadPredictor() {
    this.readyPromise = this.predictor.load(this.settings.model);
    this.readyPromise.catch(() => {}); // shown in the element; awaiting `ready` sees it too
    return this.readyPromise;
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (this.isConnected || !this.session) return;
      this.session.terminate();
      this.session = null;
      this.visibility.disconnect();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (this.predictMode) { // a new model file replaces the old one; the training attributes mean nothing here
      if (name !== 'model' || old === value) return;
      this.settings = this.readSettings();
      if (this.predictor) this.loadPredictor();
      return;
    }
    if (!this.session || old === value) return;
    this.changed ??= new Set();
    this.changed.add(name);
    queueMicrotask(() => {
      if (!this.changed) return;
      const reload = [...this.changed].some((n) => SPEC_ATTRIBUTES.includes(n));
      this.changed = null;
      this.settings = this.readSettings();
      this.applyView();
      if (reload) this.load();
    });
  }

  readSettings() {
    const json = this.querySelector(':scope > script[type="application/json"]')?.textContent ?? null;
    return readSettings((name) => this.getAttribute(name), json);
  }

  applyView() {
    showControls(this.ui, this.settings.controls, this.settings.height);
    this.charts.setShow(this.settings.charts);
    this.updateControls();
  }

  // Loads the settings' spec (and data) into the worker; resolves once ready, like `el.ready`.
  load() {
    if (!this.session) return Promise.reject(new Error(t('embed.notOnPage')));
    const gen = ++this.generation;
    const s = this.settings;
    this.ui.error.hidden = true;
    if (!this.spec) this.ui.title.textContent = s.preset ?? 'nnplay';
    this.session.pause(); // the old run stops while the new one's files are fetched
    this.fetching = true;
    this.fetchFailed = false;
    this.onStatus();
    this.readyPromise = (async () => {
      let base;
      let userData = null;
      try {
        const problem = startupProblem(); // no WebAssembly SIMD: the message names the browsers that have it
        if (problem) throw new Error(t(problem, { browsers: SIMD_BROWSERS }));
        if (!s.specText && !s.preset) throw new Error(t('embed.noModel'));
        base = s.specText ? JSON.parse(s.specText) : await fetchPreset(presetPath(s.preset));
        if (s.data) userData = await fetchCsv(new URL(s.data, document.baseURI).href, s.target);
        await chartStyles(this.shadowRoot); // the charts measure their legends when built on `ready`
      } catch (e) {
        const message = e instanceof SyntaxError ? t('embed.badJson', { message: e.message }) : e.message;
        if (gen === this.generation && this.session) {
          this.fetching = false;
          this.fetchFailed = true;
          this.onStatus();
          this.onError({ message, code: e.code });
        }
        throw Object.assign(new Error(message), { code: e.code });
      }
      if (gen !== this.generation || !this.session) throw new Error(t('embed.replaced'));
      this.fetching = false;
      const { spec, info } = await this.session.load(specWith(base, s), userData);
      return { spec, info };
    })();
    this.readyPromise.catch(() => {}); // failures are shown in the element; awaiting `ready` sees them too
    return this.readyPromise;
  }

  // ---- what the worker says -----------------------------------------------------------------

  onStatus() {
    const status = this.status;
    if (status === this.shownStatus) return;
    this.shownStatus = status;
    const pill = this.ui.status;
    pill.dataset.status = status;
    pill.textContent = t(`status.${status}`, { defaultValue: status });
    if (status === 'loading') this.setBar(0);
    this.updateControls();
    this.emit('statuschange', { status });
  }

  onProgress({ stage, label, loaded, total }) {
    const pill = this.ui.status;
    if (stage === 'download' && total) {
      pill.textContent = t('embed.loadingPct', { label, pct: Math.round((100 * loaded) / total) });
      this.setBar(loaded / total);
    } else {
      pill.textContent = stage === 'prepare' ? t('embed.preparing') : t('embed.reading', { label });
    }
  }

  onReady({ spec, info, state }) {
    this.spec = spec;
    this.info = info;
    const title = spec.title ?? spec.name ?? 'nnplay';
    this.ui.title.textContent = this.settings.data
      ? t('playground.titleOnData', { title, data: decodeURIComponent(this.settings.data.split('/').pop()) }) : title;
    this.ui.title.title = spec.description ?? '';
    this.ui.fields.lr.value = spec.optimizer?.learning_rate ?? '';
    this.ui.fields.epochs.value = spec.train?.epochs ?? '';
    this.ui.fields.seed.value = spec.train?.seed ?? '';
    this.setBar(0);
    this.updateControls();
    this.ui.footer.textContent = t('embed.readyFooter', { count: info.train_rows ?? 0, n: num(info.train_rows ?? 0) });
    this.charts.reset(spec.metrics?.[0] ?? null, { logScale: info.task === 'regression', validation: info.validation_rows > 0 });
    this.charts.setPlan(state.epochs, state.batches);
    this.emit('ready', { spec, info });
    if (this.startWhenReady) {
      this.startWhenReady = false;
      this.session.train();
    }
    this.maybeAutoplay();
  }

  onBatches({ batches, epochs, state }) {
    this.charts.addBatches(batches, epochs);
    this.charts.setPlan(state.epochs, state.batches);
    for (const e of epochs) this.emit('epochend', e);
    this.schedule();
  }

  onFinished({ history, test, report }) {
    this.showProgress();
    this.emit('trainend', { history, test, report });
  }

  // The core's {message, code}: shown in the element's language, the English original one click away; the
  // event carries the English message (and code), as a script would search for it.
  onError({ message, code }) {
    showCoreError(this.ui.error, errorMessage({ message, code }));
    this.emit('error', { message, code });
  }

  // Progress and the latest logs, at most ten times a second.
  schedule() {
    this.frame ||= setTimeout(() => requestAnimationFrame(() => this.showProgress()), 100);
  }

  showProgress() {
    clearTimeout(this.frame);
    this.frame = 0;
    const session = this.session;
    const st = session?.state;
    if (!st) return;
    const done = st.finished ? st.epochs : st.epoch + st.batch / Math.max(1, st.batches);
    this.setBar(done / Math.max(1, st.epochs));
    const logs = session.epochs.at(-1)?.logs ?? {};
    const test = session.finished?.test ?? {};
    this.ui.footer.replaceChildren(
      entry(t('embed.epoch'), `${Math.min(st.epoch + (st.finished ? 0 : 1), st.epochs)}/${st.epochs}`),
      ...ordered(logs).map(([k, v]) => logEntry(k, v)),
      ...ordered(test).map(([k, v]) => logEntry(k, v, 'test')),
    );
  }

  setBar(fraction) {
    this.ui.fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10}%`;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  maybeAutoplay() {
    if (this.settings?.autoplay && !this.autoplayed && this.visible && this.status === 'idle' && this.spec) {
      this.autoplayed = true;
      this.start();
    }
  }

  // ---- controls -----------------------------------------------------------------------------

  wireControls() {
    const { buttons, fields } = this.ui;
    buttons.train.addEventListener('click', () => this.start());
    buttons.pause.addEventListener('click', () => this.pause());
    buttons.step.addEventListener('click', () => this.step());
    buttons.reset.addEventListener('click', () => this.reset());
    this.ui.share.addEventListener('click', () => this.share());
    this.ui.linkClose.addEventListener('click', () => (this.ui.link.hidden = true));
    const field = (name, valid, apply) =>
      fields[name].addEventListener('change', () => {
        const v = Number(fields[name].value);
        if (fields[name].value.trim() === '' || !valid(v)) {
          fields[name].value = this.currentValue(name); // not a valid value: back to the one in use
          return;
        }
        apply(v);
      });
    field('lr', (v) => v > 0 && Number.isFinite(v), (v) => {
      this.settings.lr = v;
      this.session?.set({ learning_rate: v });
    });
    field('epochs', (v) => Number.isInteger(v) && v >= 1, (v) => { // the core names its own maximum
      this.settings.epochs = v;
      this.session?.set({ epochs: v });
      if (this.session?.state) this.charts.setPlan(v, this.session.state.batches);
    });
    field('seed', (v) => Number.isInteger(v) && v >= 0, (v) => {
      this.settings.seed = v;
      this.load();
    });
  }

  currentValue(name) {
    if (!this.spec) return '';
    return { lr: this.spec.optimizer?.learning_rate, epochs: this.session?.state?.epochs, seed: this.spec.train?.seed }[name] ?? '';
  }

  updateControls() {
    const s = this.status;
    const { buttons, fields } = this.ui;
    const can = s === 'idle' || s === 'paused';
    buttons.train.disabled = !can;
    buttons.train.textContent = t(s === 'paused' ? 'embed.resume' : 'embed.train');
    buttons.pause.disabled = s !== 'training';
    buttons.step.disabled = !can;
    buttons.reset.disabled = s === 'loading' || !this.session;
    fields.lr.disabled = fields.epochs.disabled = s === 'loading'; // after a failure: change, then Reset
    fields.seed.disabled = s === 'loading' || s === 'training';
    this.ui.share.disabled = !this.spec;
  }

  // ---- the element's API --------------------------------------------------------------------

  // loading, idle, training, paused, finished, failed (dead: the worker died); detached when not on a
  // page. A load counts from the moment its files are fetched.
  get status() {
    if (this.predictMode) return this.predictor?.status ?? 'loading'; // loading, ready or failed
    if (!this.session) return this.isConnected ? 'loading' : 'detached';
    if (this.fetchFailed) return 'failed';
    return this.fetching || this.session.status === 'new' ? 'loading' : this.session.status;
  }

  // Where the run is: {status, epoch, batch, batches (per epoch), epochs, learning_rate}.
  get state() {
    return { ...this.session?.state, status: this.status };
  }

  // Resolves with {spec, info} once the current settings are loaded (rejects if they cannot be).
  get ready() {
    return this.readyPromise ?? new Promise((resolve) => this.addEventListener('ready', (e) => resolve(e.detail), { once: true }));
  }

  // Predict mode: the latest prediction, {input, outputs, probabilities, predicted} or {input, outputs, value}.
  get prediction() {
    return this.predictor?.last ?? null;
  }

  // Keras' History.history ({loss: [...], val_loss: [...], ...}) of the run so far.
  get history() {
    return this.session?.history ?? {};
  }

  // The finished run's test-set metrics ({loss, accuracy} or {loss, mae}), else null.
  get testMetrics() {
    return this.session?.finished?.test ?? null;
  }

  start() {
    if (this.status === 'loading') this.startWhenReady = true;
    else this.session?.train();
  }

  pause() {
    this.startWhenReady = false;
    this.session?.pause();
  }

  step() {
    this.session?.step();
  }

  // Fresh weights with the current settings: the same seed gives the same run again.
  reset() {
    this.startWhenReady = false;
    return this.load();
  }

  // The trained model as .nnp bytes (loads in the page's "Open model", the CLI's evaluate/predict).
  exportModel() {
    return this.session ? this.session.exportModel() : Promise.reject(new Error(t('embed.notOnPage')));
  }

  // The iframe form with the current settings: opening it reproduces this run.
  get shareUrl() {
    return shareUrl(FRAME, this.settings ?? this.readSettings(), this.spec, language());
  }

  // Copies shareUrl to the clipboard, or shows it for copying by hand; resolves with the link.
  async share() {
    const url = this.shareUrl;
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      this.ui.share.textContent = t('embed.copied');
      clearTimeout(this.shareTimer);
      this.shareTimer = setTimeout(() => (this.ui.share.textContent = t('embed.share')), 2000);
    } catch {
      this.ui.linkText.value = url;
      this.ui.link.hidden = false;
      this.ui.linkText.focus();
      this.ui.linkText.select();
    }
    this.emit('share', { url });
    return url;
  }
}

if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);
