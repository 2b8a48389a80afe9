// The page's one controller of a training worker (docs/session-controller.md): the playground, every
// lesson run and every embedded playground drive the worker (docs/worker-protocol.md) through it.
// It owns the session's status, drops what the worker still sends for a session a load replaced,
// answers load() and requests with promises, and, with `recover`, brings a dead worker back with the
// last finished epoch's model.
import { WorkerClient, reported } from '../ui/worker-client.js';

export const WORKER_URL = new URL('../worker.js', import.meta.url);

// new: no load yet; loading: a load is on its way (the old session's late messages are dropped);
// idle/training/paused: from the worker; finished: the `finished` message (with the test results)
// came; failed: a load with no session to fall back on, or training, failed; dead: the worker died.
export const STATUSES = ['new', 'loading', 'idle', 'training', 'paused', 'finished', 'failed', 'dead'];

// A request answered for a session that has since been replaced: callers drop it without a word.
export class StaleReply extends Error {
  constructor(type) {
    super(`the answer to '${type}' belongs to a session that was replaced`);
    this.stale = true;
  }
}

export class TrainingSession {
  // singleThread: the single-threaded wasm build (runs side by side); watchdog: see WorkerClient;
  // recover: keep each finished epoch's model (or an imported one) for restart() after a crash.
  constructor({ url = WORKER_URL, singleThread = false, watchdog = false, recover = false, keepBatches = false } = {}) {
    const u = new URL(url, location.href);
    if (singleThread) u.searchParams.set('threads', '1');
    this.recover = recover;
    this.keepBatches = keepBatches;
    this.status = 'new';
    this.generation = 0; // bumps with every command that replaces the session (load, reset, import)
    this.listeners = new Map();
    this.clearRun();
    this.spec = null; // the live session's normalised spec, its data and load options
    this.userData = null;
    this.options = {};
    this.info = null;
    this.state = null;
    this.loading = null; // {resolve, reject, previous} while a load (or reset) runs
    this.waiting = []; // [{type, resolve, reject}] for export/import, answered in order
    this.saved = null; // {label, bytes} with `recover`
    this.client = new WorkerClient(u, { watchdog });
    const on = (type, fn) => this.client.on(type, fn);
    on('progress', (m) => this.status === 'loading' && this.emit('progress', m));
    on('ready', (m) => this.onReady(m));
    on('batches', (m) => this.onBatches(m));
    on('state', ({ state }) => this.onState(state));
    on('finished', (m) => this.onFinished(m));
    on('imported', (m) => this.onImported(m));
    on('exported', ({ bytes }) => this.answer('export', bytes));
    on('checkpoint', ({ epoch, bytes }) => {
      this.saved = { label: `the model after epoch ${epoch + 1}`, bytes };
      this.emit('checkpoint', { epoch, bytes });
    });
    on('error', (m) => this.onError(m));
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  // The body of the next `type` event.
  next(type) {
    return new Promise((resolve) => {
      const fn = (body) => {
        const list = this.listeners.get(type);
        list.splice(list.indexOf(fn), 1);
        resolve(body);
      };
      this.on(type, fn);
    });
  }

  emit(type, body) {
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn(body, this); // a copy: `next` leaves the list
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.emit('status', status);
  }

  clearRun() {
    this.epochs = []; // [{epoch, logs, seconds}] of the current run
    this.batches = []; // only with keepBatches or a trace
    this.finished = null; // {history, test, report} once the run ended
  }

  get live() {
    return ['idle', 'training', 'paused', 'finished'].includes(this.status);
  }

  get ended() {
    return this.status === 'finished' || this.status === 'failed' || this.status === 'dead';
  }

  // Builds a session from `spec` (and the user's data); resolves with the `ready` message. A newer
  // load replaces this one (which then rejects). If it fails, the worker keeps the previous session.
  load(spec, userData = null, options = {}) {
    if (this.client.dead) this.client.restart();
    const body = { spec, ...(userData ? { userData } : {}), options: { ...options, ...(this.recover ? { checkpoint: true } : {}) } };
    return this.begin('load', body, { spec, userData, options });
  }

  // Fresh weights for the live spec (the same seed gives the same run again).
  reset() {
    if (!this.spec) return Promise.reject(new Error('nothing is loaded yet'));
    return this.begin('reset', {}, { spec: this.spec, userData: this.userData, options: this.options });
  }

  begin(type, body, next) {
    this.loading?.reject(new Error('replaced by a newer load'));
    const previous = this.live ? this.status : null;
    this.generation++;
    this.clearRun();
    this.setStatus('loading');
    const promise = new Promise((resolve, reject) => {
      this.loading = { resolve, reject, previous, next };
      this.client.send(type, body);
    });
    promise.catch(() => {}); // a caller that does not wait still sees the failure as an `error` event
    return promise;
  }

  onReady(m) {
    const loading = this.loading;
    this.loading = null;
    if (loading) ({ userData: this.userData, options: this.options } = loading.next);
    this.spec = m.spec;
    this.info = m.info;
    this.state = m.state;
    this.saved = null;
    this.setStatus('idle');
    this.emit('ready', m);
    loading?.resolve(m);
  }

  onBatches(m) {
    if (!this.live) return; // late slices of a session a load replaced
    if (this.keepBatches || this.options.trace) this.batches.push(...m.batches);
    this.epochs.push(...m.epochs);
    this.state = m.state;
    this.emit('batches', m);
  }

  onState(state) {
    if (!this.live) return;
    this.state = state;
    if (state.status === 'finished' && !this.finished) return this.emit('state', state); // `finished` follows with the results
    if (state.status !== 'finished') this.finished = null; // more epochs were asked for: the run goes on
    this.setStatus(state.status);
    this.emit('state', state);
  }

  // Test results: of the run's end (status finished), or of Stop, Evaluate or an import (the status
  // follows the worker's state).
  onFinished(m) {
    if (!this.live) return;
    this.finished = m;
    if (this.state?.status === 'finished') this.setStatus('finished');
    this.emit('finished', m);
  }

  onImported(m) {
    this.clearRun();
    this.state = m.state;
    const pending = this.waiting.find((w) => w.type === 'import');
    if (pending?.keep) this.saved = { label: pending.keep.label, bytes: pending.keep.bytes };
    this.answer('import', m);
    // A file whose run had ended resumes finished: the `finished` message (its test results) follows.
    // The state goes out with the status, so a page never shows the file's status beside the old counters.
    if (m.state.status !== 'finished') {
      this.setStatus(m.state.status);
      this.emit('state', m.state);
    }
    this.emit('imported', m);
  }

  onError({ action, message, code = '' }) {
    if ((action === 'load' || action === 'reset') && this.loading) {
      const { reject, previous } = this.loading;
      this.loading = null;
      // The worker kept the previous session, if there was one.
      this.setStatus(previous ?? 'failed');
      reject(reported(message, code));
    }
    if (action === 'export' || action === 'import') this.answer(action, null, reported(message, code));
    if (action === 'worker') {
      this.loading?.reject(reported(message, code));
      this.loading = null;
      for (const w of this.waiting.splice(0)) w.reject(new Error(`the training worker stopped: ${message}`));
      this.setStatus('dead');
    } else if (action === 'train') {
      this.setStatus('failed');
    }
    this.emit('error', { action, message, code });
  }

  // A restored run that had failed (it diverged): failed again, with its message (and code), as when it happened.
  restoreFailure(message, code = '') {
    this.onError({ action: 'train', message, code });
  }

  answer(type, value, error = null) {
    const i = this.waiting.findIndex((w) => w.type === type);
    if (i < 0) return;
    const [w] = this.waiting.splice(i, 1);
    if (error) w.reject(error);
    else w.resolve(value);
  }

  // ---- commands ----------------------------------------------------------------------------

  // Trains to the end (or until paused); `pace` in batches per second, null for full speed.
  train({ pace } = {}) {
    if (this.status !== 'idle' && this.status !== 'paused') return false;
    this.setStatus('training');
    this.client.send('train', pace === undefined ? {} : { pace });
    return true;
  }

  pause() {
    if (this.status === 'training') this.client.send('pause');
  }

  step() {
    if (this.status === 'idle' || this.status === 'paused') this.client.send('step');
  }

  // Pauses and reports the test results now.
  stop() {
    if (this.status === 'training' || this.status === 'paused') this.client.send('stop');
  }

  // learning_rate, epochs and/or pace, from the next batch on (also while training).
  set(values) {
    if (this.live) this.client.send('set', values);
  }

  setPace(pace) {
    this.set({ pace });
  }

  // A request with an id (samples, predict, weights, score, ...): resolves with the reply, or rejects
  // with StaleReply if a command that replaces the session was sent meanwhile (the worker answers in
  // order, so a request sent after a load is answered by the new session).
  async request(type, body = {}, transfer = []) {
    const gen = this.generation;
    const reply = await this.client.request(type, body, transfer);
    if (gen !== this.generation) throw new StaleReply(type);
    return reply;
  }

  // Requests that do not need the worker's session: the data report on the user's files.
  inspect(body) {
    if (this.client.dead) this.client.restart();
    return this.client.request('inspect', body);
  }

  // The .nnp bytes; with `training: false`, without the training state (the file to deploy, not to train on).
  exportModel({ training = true } = {}) {
    // A failed run keeps the weights from before the step that failed: those export.
    if (!this.live && this.status !== 'failed') return Promise.reject(new Error(`no model to export (${this.status})`));
    return this.queue('export', { training }, []);
  }

  // Continues with a saved model (.nnp bytes); with `recover`, a crash brings this file back.
  importModel(bytes, name) {
    const keep = this.recover ? { label: `the imported model ${name}`, bytes: new Uint8Array(bytes.slice(0)) } : null;
    return this.queue('import', { bytes, name }, [bytes], keep);
  }

  queue(type, body, transfer, keep = null) {
    if (type === 'import') this.generation++;
    return new Promise((resolve, reject) => {
      this.waiting.push({ type, resolve, reject, keep });
      this.client.send(type, body, transfer);
    });
  }

  // ---- crash recovery ----------------------------------------------------------------------

  // What the page says when the worker died.
  recoveryMessage(reason) {
    const what = this.saved ? `Press Restart to continue with ${this.saved.label}.` :
      'Press Restart to start again (no epoch had finished, so the model starts from fresh weights).';
    return `The training worker stopped: ${reason}. ${what}`;
  }

  // After a crash: a fresh worker, the same spec and data, then the saved model. Resolves with
  // {ready, restored} (restored: the label of the model brought back, or null).
  async restart() {
    const saved = this.saved;
    const ready = await this.load(this.spec, this.userData, this.options);
    if (!saved) return { ready, restored: null };
    const bytes = saved.bytes.slice();
    await this.queue('import', { bytes: bytes.buffer, name: saved.label }, [bytes.buffer], saved);
    return { ready, restored: saved.label };
  }

  // Ends the worker for good; pending promises reject.
  terminate() {
    const gone = new Error('the session was closed');
    this.loading?.reject(gone);
    this.loading = null;
    for (const w of this.waiting.splice(0)) w.reject(gone);
    this.client.close();
    this.listeners.clear();
    this.setStatus('dead');
  }

  // Keras' History.history: the finished run's, or the epochs so far.
  get history() {
    if (this.finished?.history) return this.finished.history;
    const h = {};
    for (const { logs } of this.epochs) for (const [k, v] of Object.entries(logs)) (h[k] ??= []).push(v);
    return h;
  }
}
