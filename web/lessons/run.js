// One training run of a lesson in its own worker: a TrainingSession (../shared/training-session.js)
// with its label, colour, spec and data, and a few shorthands for the lessons' pictures.
import { TrainingSession } from '../shared/training-session.js';
import { PALETTE } from '../shared/plot.js';

export class Run extends TrainingSession {
  constructor({ label, spec, userData = null, options = {}, color = PALETTE.train, keepBatches = false, singleThread = false }) {
    super({ singleThread, keepBatches });
    this.label = label;
    this.spec = spec;
    this.userData = userData;
    this.options = options;
    this.color = color;
    this.error = null;
    this.on('error', ({ message }) => (this.error = message));
  }

  load() {
    this.error = null;
    return super.load(this.spec, this.userData, this.options).catch((e) => {
      this.error = e.message;
      this.setStatus('failed');
      throw e;
    });
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
