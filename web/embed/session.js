// One playground's training session in its own Web Worker (../worker.js, docs/worker-protocol.md):
// fetches the preset and any CSV the author points at, loads, trains, keeps the epoch logs, and tells
// its owner through callbacks. Files resolve against the site root (the folder above embed/), so the
// element works from any page of the same origin.
import { WorkerClient } from '../ui/worker-client.js';

const SITE = new URL('../', import.meta.url);

async function fetchOk(url, what) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not read ${what} (${url}: HTTP ${res.status})`);
  return res;
}

export const fetchPreset = async (path) => (await fetchOk(new URL(path, SITE), path)).json();

// A CSV next to the author's page: {kind: 'csv'} data for the worker, which then shapes the model's input.
export async function fetchCsv(url, target) {
  const text = await (await fetchOk(url, 'the data')).text();
  return { kind: 'csv', name: decodeURIComponent(new URL(url).pathname.split('/').pop()), text, target: target ?? '' };
}

export class Session {
  // on: {status(s), progress(m), ready(m), batches(m), finished(m), error(message)}
  constructor(on) {
    this.on = on;
    this.status = 'loading'; // loading, idle, training, paused, finished, failed
    this.epochs = []; // [{epoch, logs, seconds}] of the current run
    this.finished = null; // {history, test, report} once the run ended
    this.exports = []; // pending exportModel() calls, answered in order
    this.client = new WorkerClient(new URL('worker.js', SITE));
    this.client.on('progress', (m) => this.status === 'loading' && on.progress(m));
    this.client.on('ready', (m) => this.onReady(m));
    this.client.on('batches', (m) => this.onBatches(m));
    this.client.on('state', ({ state }) => this.onState(state));
    this.client.on('finished', (m) => this.onFinished(m));
    this.client.on('exported', ({ bytes }) => this.exports.shift()?.resolve(bytes));
    this.client.on('error', (m) => this.onError(m));
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.on.status(status);
  }

  // A new run is on its way (its files are being fetched): the old one stops, and what it still
  // sends is dropped.
  begin() {
    if (this.status === 'training') this.client.send('pause');
    this.epochs = [];
    this.finished = null;
    this.setStatus('loading');
  }

  // Resolves with the `ready` message.
  load(spec, userData = null) {
    this.loading?.reject(new Error('replaced by a newer load'));
    this.begin();
    return new Promise((resolve, reject) => {
      this.loading = { resolve, reject };
      this.client.send('load', { spec, ...(userData ? { userData } : {}) });
    });
  }

  // The load failed before reaching the worker (a preset or CSV that could not be read).
  fail(message) {
    this.loading = null;
    this.setStatus('failed');
    this.on.error(message);
  }

  onReady(m) {
    const loading = this.loading;
    this.loading = null;
    this.state = m.state;
    this.setStatus('idle');
    this.on.ready(m);
    loading?.resolve(m);
  }

  onBatches(m) {
    if (this.status === 'loading') return;
    this.state = m.state;
    this.epochs.push(...m.epochs);
    this.on.batches(m);
  }

  onState(state) {
    if (this.status === 'loading' || this.status === 'failed') return;
    this.state = state;
    if (state.status === 'finished' && !this.finished) return; // `finished` follows with the results
    if (state.status !== 'finished') this.finished = null; // more epochs were asked for: the run goes on
    this.setStatus(state.status);
  }

  onFinished(m) {
    if (this.status === 'loading') return;
    this.finished = m;
    this.setStatus('finished');
    this.on.finished(m);
  }

  onError({ action, message }) {
    if (action === 'load' && this.loading) {
      this.loading.reject(new Error(message));
      return this.fail(message);
    }
    if (action === 'export') this.exports.shift()?.reject(new Error(message));
    if (action === 'train' || action === 'worker') this.setStatus('failed');
    this.on.error(message);
  }

  train() {
    if (this.status !== 'idle' && this.status !== 'paused') return false;
    this.setStatus('training');
    this.client.send('train');
    return true;
  }

  pause() {
    if (this.status === 'training') this.client.send('pause');
  }

  step() {
    if (this.status === 'idle' || this.status === 'paused') this.client.send('step');
  }

  // learning_rate and/or epochs, from the next batch on.
  set(values) {
    if (this.status !== 'loading' && this.status !== 'failed') this.client.send('set', values);
  }

  exportModel() {
    if (this.status === 'loading' || this.status === 'failed') return Promise.reject(new Error(`no model to export (${this.status})`));
    return new Promise((resolve, reject) => {
      this.exports.push({ resolve, reject });
      this.client.send('export');
    });
  }

  // Keras' History.history: the finished run's, or the epochs so far.
  get history() {
    if (this.finished?.history) return this.finished.history;
    const h = {};
    for (const { logs } of this.epochs) for (const [k, v] of Object.entries(logs)) (h[k] ??= []).push(v);
    return h;
  }

  terminate() {
    this.client.worker.terminate();
    this.loading?.reject(new Error('the playground was removed'));
    for (const p of this.exports.splice(0)) p.reject(new Error('the playground was removed'));
  }
}
