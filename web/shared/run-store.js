// Saved runs in IndexedDB (through `idb`): the playground's and each lesson's last run per browser tab, so a reload,
// a closed tab or a crash loses at most the epoch in progress. One record per (page, tab): two tabs of one page
// never overwrite each other, and a reload finds its own tab's run again (the tab's id lives in sessionStorage).
// Records are checked when read: a corrupt or unknown-version one is skipped with a message, never trusted.
import { openDB } from '../vendor/idb.js';

const DB = 'nnplay';
const STORE = 'runs';
export const RECORD_VERSION = 1;
// What the page says, once, when the browser will not store anything; the page goes on without saving.
export const REFUSED = 'This browser refuses storage (private mode?): runs are not saved';
const MAX_MODEL_BYTES = 512 << 20; // a record claiming more than this is not one of ours

// This tab's id: kept across reloads (sessionStorage), new for a new tab. A duplicated tab copies sessionStorage,
// so the id is claimed on a BroadcastChannel and a second tab holding it takes a new one.
export async function tabId() {
  const fresh = () => crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let id;
  try {
    id = sessionStorage.getItem('nnplay-tab') ?? fresh();
  } catch {
    return fresh(); // storage refused: an id for this page's life
  }
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel('nnplay-tabs');
    const taken = await new Promise((resolve) => {
      channel.onmessage = (e) => e.data?.taken === id && resolve(true);
      channel.postMessage({ ask: id });
      setTimeout(() => resolve(false), 150);
    });
    if (taken) id = fresh();
    channel.onmessage = (e) => e.data?.ask === id && channel.postMessage({ taken: id });
    tabId.channel = channel; // kept open for the page's life, to answer later tabs
  }
  sessionStorage.setItem('nnplay-tab', id);
  return id;
}

// Whether this tab had an id before this page (a reload, or a duplicated tab): only then can a record be its own.
export function hadTabId() {
  try {
    return sessionStorage.getItem('nnplay-tab') !== null;
  } catch {
    return false;
  }
}

// Why `r` is not a record this version can use, or null.
export function recordProblem(r) {
  if (!r || typeof r !== 'object') return 'not an object';
  if (r.version !== RECORD_VERSION) return `record version ${JSON.stringify(r.version)}, this page reads ${RECORD_VERSION}`;
  if (typeof r.key !== 'string' || typeof r.page !== 'string' || typeof r.tab !== 'string') return 'no key, page or tab';
  if (!Number.isFinite(Date.parse(r.savedAt))) return 'no valid date';
  if (!r.spec || typeof r.spec !== 'object' || Array.isArray(r.spec)) return 'no spec';
  if (!(r.model instanceof Uint8Array) || r.model.byteLength === 0 || r.model.byteLength > MAX_MODEL_BYTES) return 'no model bytes';
  if (r.failure != null && typeof r.failure !== 'string') return 'a failure that is not a message';
  if (!Array.isArray(r.epochs) || !r.epochs.every((e) => Number.isInteger(e?.epoch) && e.logs && typeof e.logs === 'object')) return 'bad epoch logs';
  return null;
}

export class RunStore {
  // `onProblem(message)` hears, once each, why nothing can be saved, and which stored records were skipped.
  constructor(db, onProblem) {
    this.db = db;
    this.onProblem = onProblem;
    this.told = new Set();
  }

  static async open({ onProblem = () => {} } = {}) {
    try {
      const db = await openDB(DB, RECORD_VERSION, {
        upgrade(database) {
          database.createObjectStore(STORE, { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
        },
      });
      return new RunStore(db, onProblem);
    } catch (e) {
      const store = new RunStore(null, onProblem);
      store.tell('storage', `${REFUSED} (${e.message || e.name})`);
      return store;
    }
  }

  get available() { return this.db !== null; }

  tell(key, message) {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.onProblem(message);
  }

  static key(page, tab) { return `${page}/${tab}`; }

  // Saves (replaces) this tab's run of `page`. Full or refused storage turns saving off with one message.
  async save({ page, tab, title = '', spec, model, epochs = [], results = null, summary = null, failure = null }) {
    if (!this.db) return false;
    const record = {
      version: RECORD_VERSION, key: RunStore.key(page, tab), page, tab, savedAt: new Date().toISOString(),
      title, spec, model: new Uint8Array(model), epochs, results, summary, failure,
    };
    const problem = recordProblem(record);
    if (problem) throw new Error(`cannot save this run: ${problem}`);
    try {
      await this.db.put(STORE, record);
      return true;
    } catch (e) {
      const full = e.name === 'QuotaExceededError';
      this.tell('storage', full
        ? 'The browser\'s storage is full: runs are no longer saved (training goes on). Delete old runs to save again.'
        : `${REFUSED} (${e.message || e.name})`);
      this.db = null;
      return false;
    }
  }

  // Only records that pass the check; the others are named once and left alone.
  usable(r) {
    const problem = recordProblem(r);
    if (problem) this.tell(`record:${r?.key ?? String(r)}`, `A saved run could not be read (${problem}) and was skipped.`);
    return problem ? null : r;
  }

  async get(page, tab) {
    if (!this.db) return null;
    const r = await this.db.get(STORE, RunStore.key(page, tab)).catch(() => null);
    return r == null ? null : this.usable(r); // no record is no problem
  }

  // The newest runs first (of one page, or of all): [{key, page, title, savedAt, summary, ...}].
  async recent({ page = null, limit = 10 } = {}) {
    if (!this.db) return [];
    const all = await this.db.getAllFromIndex(STORE, 'savedAt').catch(() => []);
    return all.reverse().map((r) => this.usable(r)).filter((r) => r && (page === null || r.page === page)).slice(0, limit);
  }

  async remove(key) {
    if (this.db) await this.db.delete(STORE, key);
  }
}
