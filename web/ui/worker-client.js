// The page's side of the worker protocol (docs/worker-protocol.md): fire-and-forget commands, and
// requests with an id (samples, predict, weights, inspect) answered by a promise, or rejected by the `error`
// that carries the same id. A worker that dies (its `error` event, a `fatal` message, or, with the
// watchdog on, no answer to a ping for WATCHDOG_MS, or STARTUP_MS before its first answer) is reported once as an `error` with action
// 'worker'; restart() starts a fresh one with the same listeners.
const REPLIES = {
  samples: 'samples', predict: 'prediction', predictSplit: 'prediction', weights: 'weights', activations: 'activations',
  score: 'score', normalEquation: 'normalEquation', inspect: 'inspected', choices: 'choices', scoreAugmented: 'score',
  augmentedSamples: 'samples', foldScores: 'folds', summarizeFolds: 'folds', convertModel: 'convertedModel', latency: 'latency',
  quantize: 'quantized',
};

const PING_MS = 2_000;
const WATCHDOG_MS = 20_000;
// Before its first answer a worker is still loading its scripts and module (a first visit on a slow link, or a
// busy browser reading them from the offline cache): it counts as dead only after this long.
const STARTUP_MS = 120_000;

// An Error for a failure the worker reported, with the core's code ('csv.ragged_row', ...; '' for none) so
// the page can show it in its language (errorMessage in i18n.js).
export function reported(message, code = '') {
  return Object.assign(new Error(message), { code });
}

export class WorkerClient {
  // watchdog: true for WATCHDOG_MS, or the milliseconds without an answer that count as dead.
  constructor(url, { watchdog = false } = {}) {
    this.url = url;
    this.watchdog = watchdog === true ? WATCHDOG_MS : watchdog;
    this.listeners = new Map();
    this.pending = new Map(); // id -> { action, resolve, reject }
    this.nextId = 1;
    this.start();
  }

  start() {
    const worker = (this.worker = new Worker(this.url, { type: 'module' }));
    this.dead = false;
    this.started = false;
    this.pingSent = 0; // when the unanswered ping went out, or 0
    worker.onmessage = ({ data }) => {
      if (worker !== this.worker) return;
      this.pingSent = 0;
      this.started = true;
      if (data.type === 'pong') return;
      if (data.type === 'fatal') return this.died(`it failed: ${data.message}`);
      this.dispatch(data);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      if (worker !== this.worker) return;
      this.died(this.started ? `it failed: ${e.message || 'an unknown error'}` : e.message || 'the training worker could not start');
    };
    clearInterval(this.timer);
    if (this.watchdog) {
      this.timer = setInterval(() => {
        if (!this.pingSent) {
          this.pingSent = performance.now();
          this.send('ping');
        } else {
          const limit = this.started ? this.watchdog : Math.max(this.watchdog, STARTUP_MS);
          if (performance.now() - this.pingSent > limit) this.died(`it stopped answering for ${limit / 1000} s`);
        }
      }, PING_MS);
    }
  }

  // Ends the worker for good and tells the listeners (once); requests in flight are rejected.
  died(reason) {
    if (this.dead) return;
    this.dead = true;
    clearInterval(this.timer);
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error(`the training worker stopped: ${reason}`));
    this.pending.clear();
    this.emit({ type: 'error', action: 'worker', dead: true, message: reason });
  }

  // Ends the worker without a word (its owner is done with it).
  close() {
    this.dead = true;
    clearInterval(this.timer);
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the training worker was closed'));
    this.pending.clear();
  }

  // A fresh worker (no session yet) in place of a dead or stuck one.
  restart() {
    if (!this.dead) this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the training worker was restarted'));
    this.pending.clear();
    this.start();
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  send(type, body = {}, transfer = []) {
    this.worker.postMessage({ type, ...body }, transfer);
  }

  request(type, body = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { action: type, resolve, reject });
      this.send(type, { id, ...body }, transfer);
    });
  }

  dispatch(msg) {
    if (Object.values(REPLIES).includes(msg.type) && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p.resolve(msg);
      return;
    }
    if (msg.type === 'error' && this.pending.has(msg.id)) {
      this.pending.get(msg.id).reject(reported(msg.message, msg.code));
      this.pending.delete(msg.id);
      return;
    }
    this.emit(msg);
  }

  emit(msg) {
    for (const fn of this.listeners.get(msg.type) ?? []) {
      try {
        fn(msg);
      } catch (e) {
        console.error(`nnplay: handling '${msg.type}' failed`, e);
      }
    }
  }
}
