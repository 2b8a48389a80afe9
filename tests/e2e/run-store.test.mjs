// The saved-runs store (web/shared/run-store.js) in real Chromium, on the site's origin: records round-trip with
// their model bytes, two tabs keep separate runs, a reload keeps the tab's own, corrupt or old records are skipped
// with a message, and refused or full storage is said once while saving stops and nothing throws.
//   node tools/build-site.mjs && node --test tests/e2e/run-store.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, start } from './harness.mjs';

let env;
before(async () => (env = await start({ need: ['shared/run-store.js', 'vendor/idb.js'] })));
after(async () => env?.stop());

// A page of the site's origin that loads nothing else: the store module is imported into it.
const blank = (t, context) => (context ? context.newPage() : openPage(t, env.browser, `${env.base}presets/index.json`, { monitors: false }))
  .then(async (page) => {
    if (context) await page.goto(`${env.base}presets/index.json`);
    await page.evaluate(async () => {
      window.store = await import('/shared/run-store.js');
      window.problems = [];
    });
    return page;
  });

const run = (page, tab, accuracy) => ({
  page: 'playground', tab, title: 'MNIST MLP', spec: { name: 'mnist-mlp', model: { layers: [] } },
  model: [1, 2, 3, accuracy * 100], epochs: [{ epoch: 0, logs: { loss: 0.3, accuracy } }], summary: { accuracy },
});

test('runs round-trip; two tabs keep their own; a reload finds its tab\'s run', async (t) => {
  const page = await blank(t);
  const one = await page.evaluate(async (r) => {
    const s = await store.RunStore.open({ onProblem: (m) => problems.push(m) });
    const tab = await store.tabId();
    await s.save({ ...r, tab, model: new Uint8Array(r.model) });
    const back = await s.get('playground', tab);
    const none = await s.get('playground', 'a tab with no run'); // nothing to say about a run that was never saved
    return { tab, model: [...back.model], epochs: back.epochs, none, problems };
  }, run(null, null, 0.9));
  assert.deepEqual(one.model, [1, 2, 3, 90], 'the model bytes come back');
  assert.equal(one.epochs[0].logs.accuracy, 0.9);
  assert.equal(one.none, null);
  assert.deepEqual(one.problems, []);

  // A second tab of the same page: another id, another record; the first tab's run is untouched.
  const second = await blank(t, page.context());
  const two = await second.evaluate(async (r) => {
    const s = await store.RunStore.open();
    const tab = await store.tabId();
    await s.save({ ...r, tab, model: new Uint8Array(r.model) });
    return { tab, recent: (await s.recent({ page: 'playground' })).map((x) => x.summary.accuracy) };
  }, run(null, null, 0.8));
  assert.notEqual(two.tab, one.tab, 'each tab has its own id');
  assert.deepEqual(two.recent, [0.8, 0.9], 'both runs, newest first');

  // A reload keeps the tab's id, so it finds its own run.
  await page.reload();
  const again = await page.evaluate(async () => {
    const { RunStore, tabId } = await import('/shared/run-store.js');
    const tab = await tabId();
    return { tab, accuracy: (await (await RunStore.open()).get('playground', tab)).summary.accuracy };
  });
  assert.deepEqual(again, { tab: one.tab, accuracy: 0.9 });
});

test('corrupt and old-version records are skipped with a message; the good ones still load', async (t) => {
  const page = await blank(t);
  const out = await page.evaluate(async () => {
    const s = await store.RunStore.open({ onProblem: (m) => problems.push(m) });
    await s.save({ page: 'playground', tab: 'good', spec: { name: 'x' }, model: new Uint8Array([7]), epochs: [] });
    // Written behind the store's back, as a tampered or older page would.
    const db = await new Promise((resolve) => { indexedDB.open('nnplay').onsuccess = (e) => resolve(e.target.result); });
    const put = (r) => new Promise((resolve, reject) => {
      const tx = db.transaction('runs', 'readwrite');
      tx.objectStore('runs').put(r);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const later = new Date(Date.now() + 1000).toISOString();
    await put({ key: 'playground/old', version: 0, page: 'playground', tab: 'old', savedAt: later });
    await put({ key: 'playground/junk', version: 1, page: 'playground', tab: 'junk', savedAt: later, spec: {}, model: 'not bytes', epochs: [] });
    db.close();
    const recent = await s.recent();
    const again = await s.recent(); // the messages are said once
    return { keys: recent.map((r) => r.key), againKeys: again.map((r) => r.key), problems, junk: await s.get('playground', 'junk') };
  });
  assert.deepEqual(out.keys, ['playground/good']);
  assert.deepEqual(out.againKeys, ['playground/good']);
  assert.equal(out.junk, null);
  assert.equal(out.problems.length, 2, JSON.stringify(out.problems));
  assert.match(out.problems.join('\n'), /record version 0, this page reads 1/);
  assert.match(out.problems.join('\n'), /no model bytes/);
});

test('refused storage and full storage: said once, saving stops, nothing throws', async (t) => {
  const page = await blank(t);
  const refused = await page.evaluate(async () => {
    const open = indexedDB.open;
    indexedDB.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
    const s = await store.RunStore.open({ onProblem: (m) => problems.push(m) });
    indexedDB.open = open;
    const saved = await s.save({ page: 'p', tab: 't', spec: {}, model: new Uint8Array([1]), epochs: [] });
    return { available: s.available, saved, recent: await s.recent(), problems: problems.splice(0) };
  });
  assert.deepEqual(refused.recent, []);
  assert.equal(refused.available, false);
  assert.equal(refused.saved, false);
  assert.equal(refused.problems.length, 1);
  assert.match(refused.problems[0], /refuses storage \(private mode\?\): runs are not saved .*denied permission/);

  const full = await page.evaluate(async () => {
    const s = await store.RunStore.open({ onProblem: (m) => problems.push(m) });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => { throw new DOMException('quota', 'QuotaExceededError'); };
    const first = await s.save({ page: 'p', tab: 't', spec: {}, model: new Uint8Array([1]), epochs: [] });
    const second = await s.save({ page: 'p', tab: 't', spec: {}, model: new Uint8Array([1]), epochs: [] });
    IDBObjectStore.prototype.put = put;
    return { first, second, problems };
  });
  assert.deepEqual([full.first, full.second], [false, false]);
  assert.equal(full.problems.length, 1, 'said once');
  assert.match(full.problems[0], /storage is full/);
});
