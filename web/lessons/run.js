// One training run in its own worker (web/worker.js, docs/worker-protocol.md): loads a spec,
// trains (optionally paced or traced), keeps the epoch logs, and answers requests.
import { WorkerClient } from '../ui/worker-client.js';

export class Run {
  // singleThread: the worker loads the single-threaded wasm build (worker.js?threads=1), for runs that
  // train side by side and would otherwise each start a thread per core.
  constructor({ label, spec, userData = null, options = {}, color = '#2563eb', keepBatches = false, singleThread = false }) {
    this.label = label;
    this.spec = spec;
    this.userData = userData;
    this.options = options;
    this.color = color;
    this.keepBatches = keepBatches;
    this.status = 'new'; // new, loading, idle, training, paused, finished, failed
    this.epochs = []; // [{epoch, logs, seconds}]
    this.batches = []; // only with keepBatches (or a trace)
    this.state = null;
    this.info = null;
    this.error = null;
    this.listeners = new Map();
    const url = new URL('../worker.js', import.meta.url);
    if (singleThread) url.searchParams.set('threads', '1');
    this.client = new WorkerClient(url);
    this.client.on('batches', (m) => this.onBatches(m));
    this.client.on('state', ({ state }) => this.setState(state));
    this.client.on('finished', (m) => {
      if (this.status === 'loading') return; // from the session a reload replaces
      this.finished = m;
      this.setStatus('finished');
      this.emit('finished', m);
    });
    this.client.on('ready', ({ info, state }) => {
      const loading = this.loading;
      this.loading = null;
      this.info = info;
      this.state = state;
      this.setStatus('idle');
      loading?.resolve(info);
    });
    this.client.on('error', ({ action, message }) => {
      if (action === 'load') {
        const loading = this.loading;
        this.loading = null;
        return loading?.reject(new Error(message));
      }
      this.error = message;
      if (action === 'train' || action === 'worker') this.setStatus('failed');
      this.emit('error', { action, message });
    });
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  emit(type, body) {
    for (const fn of this.listeners.get(type) ?? []) fn(body, this);
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  setState(state) {
    this.state = state;
    if (this.status === 'failed' || this.status === 'loading') return;
    if (state.status === 'finished' && !this.finished) return; // 'finished' follows with the results
    this.setStatus(state.status);
  }

  load() {
    this.setStatus('loading');
    this.epochs = [];
    this.batches = [];
    this.error = null;
    this.finished = null;
    return new Promise((resolve, reject) => {
      this.loading = { resolve, reject };
      this.client.send('load', { spec: this.spec, ...(this.userData ? { userData: this.userData } : {}), options: this.options });
    }).catch((e) => {
      this.error = e.message;
      this.setStatus('failed');
      throw e;
    });
  }

  onBatches({ batches, epochs, state }) {
    if (this.status === 'loading') return; // late slices of the session a reload replaces
    if (this.keepBatches || this.options.trace) this.batches.push(...batches);
    this.epochs.push(...epochs);
    this.state = state;
    this.emit('batches', { batches, epochs });
  }

  // Trains to the end (or until paused); `pace` in batches per second, null for full speed.
  train({ pace = null } = {}) {
    if (this.status === 'finished' || this.status === 'failed' || this.status === 'training') return;
    this.setStatus('training');
    this.client.send('train', { pace });
  }

  pause() {
    if (this.status === 'training') this.client.send('pause');
  }

  setPace(pace) {
    this.client.send('set', { pace });
  }

  request(type, body = {}) {
    return this.client.request(type, body);
  }

  // A copy of one parameter tensor.
  async weights(layer, name = 'kernel') {
    return (await this.request('weights', { layer, name })).values;
  }

  // {loss, accuracy...} of the current weights on a split.
  async score(split) {
    return (await this.request('score', { split })).values;
  }

  // The last epoch's logs, and one log key over all epochs.
  get last() {
    return this.epochs.at(-1)?.logs ?? null;
  }

  series(key) {
    return this.epochs.map((e) => e.logs[key] ?? null);
  }

  get ended() {
    return this.status === 'finished' || this.status === 'failed';
  }

  terminate() {
    this.client.worker.terminate();
    this.listeners.clear();
  }
}
