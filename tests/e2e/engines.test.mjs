// The same steps in Chromium, Firefox ESR and WebKitGTK (see engines.mjs): the playground trains MNIST and shows
// results, a reload restores the run, a model is exported and imported back, an own CSV loads and trains, one
// lesson runs, the embed trains.
// The same seed must give the same numbers in every engine: the exported model's bytes (the weights after every
// batch's update), the epoch logs, the lesson's and the embed's results are compared across engines at the end.
//   node tools/build-site.mjs && node --test tests/e2e/engines.test.mjs      (ENGINES=firefox,webkit to pick)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { root, start } from './harness.mjs';
import { ENGINES, launch, missing, waitFor } from './engines.mjs';

const engines = (process.env.ENGINES?.split(',') ?? ENGINES).filter((e) => ENGINES.includes(e));
let env;
before(async () => (env = await start({ need: ['nnplay.mjs', 'nnplay.wasm', 'index.html', 'lessons.html', 'examples/tutorial.html'] })));
after(async () => env?.stop());

// What each engine produced, compared once all have run.
const seen = Object.fromEntries(engines.map((e) => [e, {}]));
const speeds = {};

// In the page: the status pill (or a lesson's `${name}-status`) and any error box shown, for timeout messages.
function describePage(testid = 'status') {
  const pill = document.querySelector(`[data-testid=${testid}]`);
  return { status: pill?.dataset.status, errors: [...document.querySelectorAll('.error:not([hidden])')].map((e) => e.textContent) };
}
const hasStatus = ([testid, want]) => document.querySelector(`[data-testid=${testid}]`)?.dataset.status === want;
const waitStatus = (page, want, timeout = 60_000, testid = 'status') =>
  waitFor(page, hasStatus, [testid, want], { timeout, what: `${testid} = ${want}`, describe: describePage });

// Sets an input's value as typing would (input and change events), in the page.
function fill([selector, value]) {
  const el = document.querySelector(selector);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
// Gives a file input files built from base64 bytes, as a user's pick would (DataTransfer is in every engine).
function pickFiles([selector, files]) {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
  const input = document.querySelector(selector);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const asFile = (name, bytes, type = 'application/octet-stream') => ({ name, type, base64: Buffer.from(bytes).toString('base64') });
const numberOf = ([testid]) => {
  const el = document.querySelector(`[data-testid=${testid}]`);
  return el ? Number(el.dataset.value) : null;
};

// Downloads are caught in the page: the next Blob given to URL.createObjectURL is kept, and anchors with a
// download attribute do not navigate (engines differ in what a download does under automation).
function catchDownloads() {
  window.__downloads = [];
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => { window.__downloads.push(blob); return create(blob); };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () { if (!this.download) click.call(this); };
}
async function lastDownload() {
  const blob = window.__downloads.at(-1);
  if (!blob) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

for (const engine of engines) {
  test(`${engine}: playground, reload, export/import, own CSV, a lesson, the embed`, async (t) => {
    const why = missing(engine);
    if (why) throw new Error(why);
    const browser = await launch(engine);
    t.after(() => browser.close());
    const page = await browser.page({ width: 1440, height: 900 });
    const out = seen[engine];

    await t.test('the playground trains one MNIST epoch and shows results', async () => {
      await page.goto(`${env.base}#mnist-mlp`);
      await waitStatus(page, 'idle', 120_000);
      await page.evaluate(fill, ['[data-testid=epochs]', '1']);
      await page.click('[data-testid=apply]');
      await waitFor(page, () => document.querySelector('[data-testid=progress-epoch]').textContent.includes('1/1'), null,
        { what: 'the one-epoch session', describe: describePage });
      await waitStatus(page, 'idle');
      const t0 = Date.now();
      await page.click('[data-testid=train]');
      await waitStatus(page, 'finished', 600_000);
      const seconds = (Date.now() - t0) / 1000;
      const batches = await page.evaluate(numberOf, ['batch-counter']);
      // The page's own samples/s over the epoch: a figure for the record, not a check.
      speeds[engine] = await page.evaluate(() => document.querySelector('[data-testid=progress-speed]').textContent);
      const accuracy = await waitFor(page, numberOf, ['test-accuracy'], { what: 'the test accuracy', describe: describePage });
      console.log(`# ${engine}: MNIST MLP, ${batches} batches, Train to results ${seconds.toFixed(1)} s, ${speeds[engine]}, test accuracy ${accuracy}`);
      assert.ok(accuracy > 0.93, `test accuracy ${accuracy}`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid=confusion-matrix] tbody tr').length), 10);
      out.accuracy = accuracy;
      // The logs without the epoch's duration, which is the machine's, not the run's.
      out.epochLogs = await page.evaluate(() => document.querySelector('[data-testid=epoch-logs]').textContent.replace(/\([\d.]+ s\)/g, ''));
      assert.match(out.epochLogs, /val_accuracy|validation/i, 'the epoch logs are shown');
    });

    await t.test('reload restores the run: its epoch logs, results and model', async () => {
      // The run is saved after its epoch and again with its results; a new load of the page (same tab) restores it.
      await waitFor(page, () => window.nnplay.autosave.saves > 0 && !window.nnplay.autosave.saving, null,
        { what: 'the saved run', describe: describePage });
      // And MNIST is kept in Cache Storage: the worker writes 55 MB there after its download. Once, in Firefox, a
      // reload during that write waited a minute for the service worker and failed (NS_ERROR_INTERCEPTION_FAILED).
      await waitFor(page, async () => (await (await caches.open('nnplay-data')).keys())
        .filter((r) => /ubyte$/.test(r.url)).length === 4, null, { timeout: 120_000, what: 'MNIST kept in the cache', describe: describePage });
      const hash = await page.evaluate(() => location.hash);
      await page.goto(`${env.base}?reloaded${hash}`);
      await waitFor(page, () => /Restored/.test(document.querySelector('[data-testid=train-info]').textContent), null,
        { timeout: 120_000, what: 'the restored run', describe: describePage });
      await waitStatus(page, 'finished');
      const accuracy = await waitFor(page, numberOf, ['test-accuracy'], { what: 'the restored test accuracy', describe: describePage });
      assert.equal(accuracy, out.accuracy, 'the restored model scores as before the reload');
      const logs = await page.evaluate(() => document.querySelector('[data-testid=epoch-logs]').textContent.replace(/\([\d.]+ s\)/g, ''));
      assert.equal(logs, out.epochLogs, 'the last epoch\'s logs are back');
      // The restored history, compared across engines.
      out.restored = await page.evaluate(() => JSON.stringify(window.nnplay.session.epochs.map(({ epoch, logs }) => ({ epoch, logs }))));
      assert.equal(JSON.parse(out.restored).length, 1);
    });

    await t.test('the trained model is exported and imported back', async () => {
      await page.evaluate(catchDownloads);
      await page.click('[data-testid=export]');
      const base64 = await waitFor(page, lastDownload, null, { what: 'the .nnp download', describe: describePage });
      const bytes = Buffer.from(base64, 'base64');
      out.model = crypto.createHash('sha256').update(bytes).digest('hex');
      await page.click('[data-testid=reset]');
      await waitStatus(page, 'idle');
      await page.evaluate(pickFiles, ['[data-testid=import-file]', [asFile('mnist.nnp', bytes)]]);
      await waitFor(page, () => /Imported/.test(document.querySelector('[data-testid=model-file-info]').textContent), null,
        { what: 'the import', describe: describePage });
      const again = await waitFor(page, numberOf, ['test-accuracy'], { what: 'the imported model\'s test accuracy', describe: describePage });
      assert.equal(again, out.accuracy, 'the imported model scores as it did');
    });

    await t.test('an own CSV loads, shows its report and trains', async () => {
      const csv = fs.readFileSync(path.join(root, 'data/breast-cancer/wdbc.csv'));
      await page.evaluate(pickFiles, ['[data-testid=data-files]', [asFile('mine.csv', csv, 'text/csv')]]);
      await waitFor(page, () => document.querySelectorAll('[data-testid=report-column]').length > 0, null,
        { what: 'the data report', describe: describePage });
      await page.click('[data-testid=load-data]');
      await waitFor(page, () => document.querySelector('[data-testid=dataset-summary]').textContent.includes('mine.csv'), null,
        { what: 'the CSV session', describe: describePage });
      await waitStatus(page, 'idle');
      await page.click('[data-testid=train]');
      await waitStatus(page, 'finished', 300_000);
      out.csvAccuracy = await waitFor(page, numberOf, ['test-accuracy'], { what: 'the CSV model\'s test accuracy', describe: describePage });
      assert.ok(out.csvAccuracy > 0.9, `breast cancer test accuracy ${out.csvAccuracy}`);
      assert.deepEqual(page.errors, [], 'no page errors');
    });

    await t.test('a lesson runs: linear regression matches the normal equations', async () => {
      await page.goto(`${env.base}lessons.html#lesson=linear-regression&features=all`);
      await waitStatus(page, 'idle', 120_000, 'lesson-status');
      await page.click('[data-testid=lesson-train]');
      await waitStatus(page, 'finished', 300_000, 'lesson-status');
      out.lessonMse = await waitFor(page, numberOf, ['gd-test-mse'], { what: 'the lesson\'s test MSE' });
      assert.ok(out.lessonMse > 0 && out.lessonMse < 40, `test MSE ${out.lessonMse}`);
    });

    await t.test('the embed trains in the tutorial page', async () => {
      await page.goto(`${env.base}examples/tutorial.html`);
      const result = await page.evaluate(() => new Promise((resolve, reject) => {
        const el = document.querySelector('nn-playground');
        const epochs = [];
        el.addEventListener('epochend', (e) => epochs.push(e.detail));
        // The last epoch's logs, without its duration (the machine's, not the run's).
        el.addEventListener('trainend', () => resolve(JSON.stringify({ epoch: epochs.at(-1).epoch, logs: epochs.at(-1).logs })));
        el.addEventListener('error', (e) => reject(new Error(e.detail.message)));
        const go = () => (el.status === 'idle' ? el.start() : setTimeout(go, 100));
        go();
      }));
      out.embed = result;
      assert.match(result, /loss/, 'the last epoch\'s logs');
      assert.deepEqual(page.errors, [], 'no page errors');
    });
  });
}

test('every engine gives the same numbers for the same seed', { skip: engines.length < 2 && 'one engine only' }, () => {
  const ran = engines.filter((e) => seen[e].model);
  assert.ok(ran.length >= 2, `engines that ran: ${ran.join(', ') || 'none'}`);
  console.log(`# MLP speed in the page, one MNIST epoch: ${JSON.stringify(speeds)}`);
  const [first, ...rest] = ran;
  for (const e of rest) {
    for (const key of ['model', 'accuracy', 'epochLogs', 'restored', 'csvAccuracy', 'lessonMse', 'embed']) {
      assert.deepEqual(seen[e][key], seen[first][key], `${key}: ${e} vs ${first}`);
    }
  }
});
