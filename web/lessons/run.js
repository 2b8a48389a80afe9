// One training run of a lesson in its own worker: a TrainingSession (../shared/training-session.js)
// with its label, colour, spec and data, and a few shorthands for the lessons' pictures.
import { TrainingSession } from '../shared/training-session.js';
import { PALETTE } from '../shared/plot.js';
import { Autosave } from '../shared/autosave.js';

export class Run extends TrainingSession {
  constructor({ label, spec, userData = null, options = {}, color = PALETTE.train, keepBatches = false, singleThread = false }) {
    super({ singleThread, keepBatches, recover: true }); // recover: each epoch's model, which autosave keeps
    this.label = label;
    this.spec = spec;
    this.userData = userData;
    this.options = options;
    this.color = color;
    this.error = null;
    this.on('error', ({ message }) => (this.error = message));
    // Saved per lesson, settings (the address) and label: a reload brings this run back where it was.
    // A learner's own files are not stored, so a run on them is not saved.
    const own = userData && userData.kind !== 'mnist';
    this.autosave = new Autosave(this, { page: `lesson/${location.hash.slice(1)}/${label}`,
      describe: () => (own ? null : { title: `${document.title.replace(/ — nnplay lessons$/, '')}: ${label}`, address: location.hash }) });
  }

  // A restore's results arrive while the lesson is still loading, before its pictures listen: a `finished`
  // listener added while the run holds results gets them at once, as if it had been there. (A fresh load holds
  // none, training on drops them, and a run that failed again at its restore's end has none to pass on.)
  on(type, fn) {
    super.on(type, fn);
    const results = type === 'finished' && this.status !== 'failed' && this.finished;
    if (results) queueMicrotask(() => fn(results, this));
    return this;
  }

  // Builds the run; this tab's saved run of it, if any, comes back (its model, epoch, logs and results), else it
  // starts fresh.
  async load() {
    this.error = null;
    let ready;
    const build = () => super.load(this.spec, this.userData, this.options).then((m) => (ready = m));
    try {
      const saved = await this.autosave.saved().catch(() => null);
      if (!saved) return await build();
      await this.autosave.restore(saved, build).catch((e) => {
        if (!this.live) throw e; // a saved model that no longer fits the lesson: the fresh one stays
      });
      return ready;
    } catch (e) {
      this.error = e.message;
      this.setStatus('failed');
      throw e;
    }
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
}
