// Autosave and restore of a page's run (docs/autosave.md), driven by its TrainingSession's events: the
// playground and every lesson run use it, so both save and restore by the same rules. After every finished
// epoch, and when training pauses, stops or ends, the run (its spec, the model file with its optimizer state
// and epoch, the epoch logs, the test results) replaces this tab's record in the run store. Saving never holds
// up training: one save at a time, the newest state wins, and a failure is told once and turns saving off.
import { RunStore, hadTabId, tabId } from './run-store.js';
import { t } from './i18n.js';

// One store and one tab id per page, shared by its autosaves; problems go to the page's notice (set by
// `onStorageProblem`), and those told before it was set wait for it.
const ownTab = hadTabId(); // read before tabId() stores one: a new tab has no saved run to wait for
let opened = null;
const claimed = new Set(); // pages whose saved run was asked for
const problems = { told: [], show: null };
function tell(message) {
  if (problems.show) problems.show(message);
  else problems.told.push(message);
}
export function onStorageProblem(show) {
  problems.show = show;
  for (const m of problems.told.splice(0)) show(m);
}
export function openStore() {
  opened ??= Promise.all([RunStore.open({ onProblem: tell }), tabId().catch(() => 'tab')])
    .then(([store, tab]) => ({ store, tab }));
  return opened;
}

// The run's headline figure: the test result of the first metric (or the loss), else the last epoch's
// validation value, else its training value. {key, value, on: 'test'|'validation'|'training'} or null.
function headline(spec, epochs, test) {
  const key = spec?.metrics?.[0] ?? 'loss';
  if (Number.isFinite(test?.[key])) return { key, value: test[key], on: 'test' };
  const logs = epochs.at(-1)?.logs;
  if (Number.isFinite(logs?.[`val_${key}`])) return { key, value: logs[`val_${key}`], on: 'validation' };
  if (Number.isFinite(logs?.[key])) return { key, value: logs[key], on: 'training' };
  return null;
}

export class Autosave {
  // page: the record's page ('playground', 'lesson/<id>/<run label>'); describe(): {title, address} of the run
  // now, or null when it cannot be brought back (the user's own files are not stored); onSaved(record) after
  // each save. The tab's id keys the record, so two tabs of one page keep a run each.
  constructor(session, { page, describe = () => ({}), onSaved = () => {} }) {
    this.session = session;
    this.page = page;
    this.describe = describe;
    this.onSaved = onSaved;
    this.ready = openStore();
    this.saving = null; // the save in flight
    this.again = null; // the newest save asked for while one ran
    this.restoring = false;
    this.saves = 0; // records written (for tests and the benchmark)
    // The worker's checkpoint is the model at the end of an epoch, posted right after that epoch's logs.
    session.on('checkpoint', ({ bytes }) => this.save(bytes));
    session.on('finished', () => this.save()); // not while restoring: a restore's results are the record's own
    session.on('status', (status) => status === 'paused' && this.save());
    // A run that fails (diverges) is saved as it stands, the weights from before the failing batch, with the reason:
    // a reload shows it failed, not paused.
    session.on('error', ({ action, message }) => action === 'train' && this.save(null, message));
    // The browser asks before a page that is training is closed or reloaded.
    this.warn = (e) => {
      if (this.session.status !== 'training') return;
      e.preventDefault();
      e.returnValue = '';
    };
    session.on('status', (status) => globalThis[status === 'training' ? 'addEventListener' : 'removeEventListener']('beforeunload', this.warn));
  }

  // Saves a checkpoint (`bytes`, with the epochs so far) or else the session's state as exported now, at once or
  // after the save in flight (coalesced: only the newest state counts).
  save(bytes = null, failure = null) {
    if (this.restoring || !(this.session.live || failure)) return;
    this.run({ bytes, failure, epochs: bytes ? this.session.epochs.slice() : null, generation: this.session.generation });
  }

  run(state) {
    if (this.saving) {
      this.again = state;
      return;
    }
    this.saving = this.write(state).catch(() => {}).finally(() => {
      this.saving = null;
      const next = this.again;
      this.again = null;
      if (next) this.run(next);
    });
  }

  async write(state) {
    const about = this.describe();
    const { store, tab } = await this.ready;
    if (!about || !store.available) return;
    // An export is answered after the slices before it, so the epochs at its answer are the model's.
    const bytes = state.bytes ?? await this.session.exportModel();
    if (state.generation !== this.session.generation) return; // a newer load replaced that run meanwhile
    const epochs = state.epochs ?? this.session.epochs;
    const { spec, finished } = this.session;
    const test = finished?.test ?? null;
    const record = { page: this.page, tab, title: about.title ?? spec.title ?? spec.name ?? '', spec, model: bytes,
      epochs: epochs.slice(), results: test ? { test } : null, failure: state.failure,
      summary: { address: about.address ?? '', headline: headline(spec, epochs, test), epochs: epochs.length } };
    if (await store.save(record)) {
      this.saves++;
      this.onSaved(record);
    }
  }

  // This tab's saved run of the page, or null; only the first time a page asks in a document: a reload
  // brings the run back, a Reset within the page starts afresh (and its first epoch replaces the record).
  async saved() {
    if (claimed.has(this.page) || !ownTab) return null;
    claimed.add(this.page);
    const { store, tab } = await this.ready;
    return store.get(this.page, tab);
  }

  // Brings `record` back: `load(spec)` builds its session (the page's own load, resolving when ready), then
  // its model file (weights, optimizer state, epoch) and its epoch logs replace the fresh ones. The worker
  // follows an import with the test results, as after Evaluate: resolves with the record once they are in.
  async restore(record, load = (spec) => this.session.load(spec)) {
    this.restoring = true;
    try {
      await load(record.spec);
      const bytes = record.model.slice();
      const results = this.session.next('finished'); // the worker answers the import with the run's test results
      await this.session.importModel(bytes.buffer, record.title || t('runs.savedRun'));
      this.session.epochs = record.epochs.slice();
      await results;
      if (record.failure) this.session.restoreFailure(record.failure);
      return record;
    } finally {
      this.restoring = false;
    }
  }
}
