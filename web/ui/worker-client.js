// The page's side of the worker protocol (docs/worker-protocol.md): fire-and-forget commands, and
// requests with an id (samples, predict, weights) answered by a promise, or rejected by the `error`
// that carries the same id.
const REPLIES = {
  samples: 'samples', predict: 'prediction', predictSplit: 'prediction', weights: 'weights', activations: 'activations',
  score: 'score', normalEquation: 'normalEquation',
};

export class WorkerClient {
  constructor(url) {
    this.listeners = new Map();
    this.pending = new Map(); // id -> { action, resolve, reject }
    this.nextId = 1;
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = ({ data }) => this.dispatch(data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.emit({ type: 'error', action: 'worker', message: e.message || 'the training worker could not start' });
    };
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
      this.pending.get(msg.id).reject(new Error(msg.message));
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
