// Autosave and restore in the playground (web/shared/autosave.js), in Chromium: a reload brings back the run's
// curves, results and model, and training goes on with the numbers of a run that was never interrupted; a crash
// mid-epoch then a reload brings back the last completed epoch; two tabs keep their own runs; a corrupt or
// old-version record is skipped with a message; refused storage is said once and training goes on; the page
// warns before it is left only while training; Recent runs opens, compares and deletes saved runs.
//   node tools/build-site.mjs && node --test tests/e2e/autosave.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, start } from './harness.mjs';
import { applySpec, counter, errorText, openPlayground, value, waitCounterAbove, waitStatus } from './playground-page.mjs';

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

// MNIST on a few thousand training rows: about a second an epoch, with validation and test results.
const small = (epochs, rows = 3000) => (spec) => {
  spec.data.train_limit = rows;
  spec.train.epochs = epochs;
};
// The session's epoch logs without their durations (the machine's, not the run's).
const epochLogs = (page) => page.evaluate(() => window.nnplay.session.epochs.map(({ epoch, logs }) => ({ epoch, logs })));
// Waits until every save asked for so far is written.
const saved = (page) => page.waitForFunction(() => window.nnplay.autosave.saves > 0 && !window.nnplay.autosave.saving, null, { timeout: 30_000 });
const restored = (page) => page.waitForSelector('[data-testid=train-info]:has-text("Restored")', { timeout: 60_000 });
// The model's output for the first test sample, through the worker.
const predictFirst = (page) => page.evaluate(async () => {
  const s = window.nnplay.session;
  const { x } = await s.request('samples', { split: 'test', start: 0, count: 1 });
  return Array.from((await s.request('predict', { input: x })).output);
});

// Sets the live epoch count to `n` and trains on to the end.
async function trainOnTo(page, n) {
  const before = await counter(page);
  await page.fill('[data-testid=live-epochs]', String(n));
  await page.press('[data-testid=live-epochs]', 'Enter');
  await waitStatus(page, 'paused');
  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, before, 20_000);
  await waitStatus(page, 'finished', 120_000);
}

test('a reload restores curves, results and model; training continues with the numbers of an uninterrupted run', async (t) => {
  // The run that is never interrupted: 2 epochs, then a third.
  const plain = await openPlayground(t, env.browser, `${env.base}#mnist-mlp`);
  await applySpec(plain, small(2));
  await plain.click('[data-testid=train]');
  await waitStatus(plain, 'finished', 120_000);
  await trainOnTo(plain, 3);
  const reference = await epochLogs(plain);
  assert.equal(reference.length, 3);

  const page = await openPlayground(t, env.browser, `${env.base}#mnist-mlp`);
  await applySpec(page, small(2));
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 120_000);
  await page.waitForSelector('[data-testid=test-accuracy]');
  const accuracy = await value(page, 'test-accuracy');
  const prediction = await predictFirst(page);
  await saved(page);

  await page.reload();
  await restored(page);
  await waitStatus(page, 'finished');
  assert.deepEqual(await epochLogs(page), reference.slice(0, 2), 'the two epochs\' logs are back');
  await page.waitForSelector('[data-testid=test-accuracy]');
  assert.equal(await value(page, 'test-accuracy'), accuracy, 'the test results are back');
  assert.deepEqual(await predictFirst(page), prediction, 'the model predicts as before the reload');
  // The curves: one row per restored epoch, with its validation point.
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-loss]').dataset.points === '2', null, { timeout: 5_000 });
  assert.equal(await page.textContent('[data-testid=progress-epoch]'), 'Epoch 2/2');

  await trainOnTo(page, 3);
  assert.deepEqual(await epochLogs(page), reference, 'epoch 3 after the reload is the uninterrupted run\'s epoch 3');
});

test('a worker killed mid-epoch, then a reload, restores the last completed epoch', async (t) => {
  const plain = await openPlayground(t, env.browser, `${env.base}#mnist-mlp`);
  await applySpec(plain, small(4, 6000));
  await plain.click('[data-testid=train]');
  await waitStatus(plain, 'finished', 180_000);
  const reference = await epochLogs(plain);

  const page = await openPlayground(t, env.browser, `${env.base}#mnist-mlp`);
  await applySpec(page, small(4, 6000));
  // The worker dies the way a crash does 10 batches into epoch 3, after epoch 2's model was posted.
  await page.evaluate(() => window.nnplay.worker.send('crash', { epoch: 2, batch: 10 }));
  await page.click('[data-testid=train]');
  await waitStatus(page, 'broken', 120_000);
  assert.match(await errorText(page, 'train-error'), /training worker stopped/i);
  const before = await epochLogs(page);
  assert.equal(before.length, 2, 'epochs before the crash');
  // The page outlives its worker: epoch 2's record is written before the reload.
  await page.waitForFunction(() => window.nnplay.autosave.saves >= 2 && !window.nnplay.autosave.saving, null, { timeout: 30_000 });

  await page.reload();
  await restored(page);
  await waitStatus(page, 'paused');
  const back = await epochLogs(page);
  assert.deepEqual(back, reference.slice(0, 2), 'the two completed epochs, as trained');
  assert.match(await page.textContent('[data-testid=train-info]'), new RegExp(`after ${back.length} epochs`));
  const at = await page.evaluate(() => window.nnplay.state());
  console.log(`# crash with ${before.length} epochs done; the reload restored ${back.length}, the model at epoch ${at.epoch} batch ${at.batch}/${at.batches}`);
  assert.deepEqual([at.epoch, at.batch], [back.length, 0], 'the model as it was at the end of its last epoch');

  await page.click('[data-testid=resume]');
  await waitStatus(page, 'finished', 180_000);
  assert.deepEqual(await epochLogs(page), reference, 'the run goes on to the uninterrupted run\'s numbers');
});

test('two tabs of the playground keep their own runs', async (t) => {
  const one = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`);
  const context = one.context();
  const two = await context.newPage();
  const problems = [];
  two.on('pageerror', (e) => problems.push(e.message));
  t.after(() => assert.deepEqual(problems, [], 'the second tab raised errors'));
  await two.goto(`${env.base}#preset=house-linear`);
  await waitStatus(two, 'idle');
  // Both train at once, each saving into its own record.
  await Promise.all([one, two].map((p) => p.click('[data-testid=train]')));
  await Promise.all([one, two].map((p) => waitStatus(p, 'finished', 120_000)));
  await Promise.all([one, two].map(saved));
  const logs = await Promise.all([one, two].map(epochLogs));
  assert.equal(logs[0].length, 100);
  assert.equal(logs[1].length, 200);

  await Promise.all([one, two].map((p) => p.reload()));
  await Promise.all([one, two].map(restored));
  assert.deepEqual(await Promise.all([one, two].map(epochLogs)), logs, 'each tab gets its own run back');
  assert.equal(await one.evaluate(() => window.nnplay.session.spec.name), 'cancer-logistic');
  assert.equal(await two.evaluate(() => window.nnplay.session.spec.name), 'house-linear');
  // Each tab lists both runs.
  await one.waitForFunction(() => document.querySelector('#recent-runs').dataset.count === '2', null, { timeout: 10_000 });
});

test('a corrupt or old-version record is skipped with a message; the page opens its preset', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`, { consoleErrors: true });
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await saved(page);
  // This tab's record from a future version of the page, and another run whose model is gone.
  await page.evaluate(async () => {
    const { openDB } = await import('/vendor/idb.js');
    const db = await openDB('nnplay', 1);
    const mine = (await db.getAll('runs')).find((r) => r.tab === sessionStorage.getItem('nnplay-tab'));
    await db.put('runs', { ...mine, version: 99 });
    await db.put('runs', { ...mine, key: 'playground/other-tab', tab: 'other-tab', model: 'not bytes' });
    db.close();
  });
  await page.reload();
  await waitStatus(page, 'idle', 30_000);
  const message = await errorText(page, 'storage-error');
  assert.match(message, /record version 99, this page reads 1/, message);
  assert.match(message, /no model bytes/, message);
  assert.equal(await page.isVisible('[data-testid=recent-run]'), false, 'neither is listed');
  assert.equal(await page.textContent('[data-testid=train-info]'), '', 'nothing was restored');
  // The page works: it trains, and saves again.
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=recent-run]').length === 1, null, { timeout: 10_000 });
});

test('refused storage is said once; the page trains without saving', async (t) => {
  const context = await env.browser.newContext({ serviceWorkers: 'block' });
  t.after(() => context.close());
  // Private windows of some browsers throw on indexedDB.open.
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.base}#preset=cancer-logistic`);
  await waitStatus(page, 'idle');
  const message = await errorText(page, 'storage-error');
  assert.match(message, /^This browser refuses storage \(private mode\?\): runs are not saved \(The user denied permission/);
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=test-accuracy]');
  assert.equal(await page.textContent('[data-testid=storage-error]'), message, 'said once');
  assert.equal(await page.evaluate(() => window.nnplay.autosave.saves), 0);
  assert.deepEqual(problems, []);
});

test('leaving the page is questioned only while it trains', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`);
  // The event the browser fires on close or reload: cancelled means the browser asks the user.
  const asks = () => page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    dispatchEvent(e);
    return e.defaultPrevented;
  });
  assert.equal(await asks(), false, 'idle');
  await page.evaluate(() => window.nnplay.session.setPace(2)); // two batches a second: training long enough to look
  await page.click('[data-testid=train]');
  await waitStatus(page, 'training');
  assert.equal(await asks(), true, 'training');
  await page.click('[data-testid=pause]');
  await waitStatus(page, 'paused');
  assert.equal(await asks(), false, 'paused');
});

test('Recent runs: open, compare and delete saved runs', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`);
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=test-accuracy]');
  const accuracy = await value(page, 'test-accuracy');
  await saved(page);
  // A second run in another tab (each tab keeps one record).
  const other = await page.context().newPage();
  await other.goto(`${env.base}#preset=house-linear`);
  await waitStatus(other, 'idle');
  await other.click('[data-testid=train]');
  await waitStatus(other, 'finished', 60_000);
  await saved(other);
  await other.close();

  await page.reload();
  await restored(page);
  const items = page.locator('[data-testid=recent-run]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=recent-run]').length === 2, null, { timeout: 10_000 });
  // Newest first: the house prices run, with its MAE; then this tab's, with its test accuracy.
  assert.match(await items.nth(0).textContent(), /200 epochs · mae [\d.]+ \(test\)/);
  const mine = await items.nth(1).textContent();
  const shown = Number(/100 epochs · accuracy ([\d.]+) \(test\)/.exec(mine)?.[1]);
  assert.ok(Math.abs(shown - accuracy) < 1e-3, `${mine} (test accuracy ${accuracy})`);
  const boxes = page.locator('[data-testid=recent-compare-box]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  assert.equal(await page.getAttribute('[data-testid=recent-plot]', 'data-lines'), '2');

  // Open the other tab's run here: its model, logs and results.
  await items.nth(0).locator('[data-testid=recent-open]').click();
  await page.waitForFunction(() => window.nnplay.session.spec?.name === 'house-linear' && window.nnplay.session.epochs.length === 200,
    null, { timeout: 30_000 });
  await waitStatus(page, 'finished');
  await page.waitForSelector('[data-testid=test-mae]');

  // Delete: gone from the list, and from the store.
  const key = await items.nth(1).getAttribute('data-key');
  await items.nth(1).locator('[data-testid=recent-delete]').click();
  await page.waitForFunction((key) => ![...document.querySelectorAll('[data-testid=recent-run]')].some((li) => li.dataset.key === key),
    key, { timeout: 10_000 });
  // This tab's record was the deleted one: a reload opens the address (the opened run's preset) afresh.
  await page.reload();
  await waitStatus(page, 'idle');
  await page.waitForFunction(() => document.querySelector('#recent-runs').dataset.count !== undefined, null, { timeout: 10_000 });
  const keys = await page.$$eval('[data-testid=recent-run]', (lis) => lis.map((li) => li.dataset.key));
  assert.equal(keys.includes(key), false, 'the deleted run stays deleted');
});

test('Recent runs fits a phone', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#preset=cancer-logistic`, { viewport: { width: 390, height: 844 } });
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  await page.waitForSelector('[data-testid=recent-run]');
  await page.check('[data-testid=recent-compare-box]');
  const overflow = await page.evaluate(() => {
    const panel = document.querySelector('#recent-panel').getBoundingClientRect();
    const wide = [...document.querySelectorAll('#recent-panel *')].filter((e) => e.getBoundingClientRect().right > panel.right + 1);
    return { page: document.documentElement.scrollWidth, wide: wide.map((e) => e.tagName) };
  });
  assert.ok(overflow.page <= 390, `page width ${overflow.page}`);
  assert.deepEqual(overflow.wide, [], 'nothing sticks out of the panel');
});

test('a lesson\'s run comes back after a reload; its Reset starts afresh', async (t) => {
  const page = await openPage(t, env.browser, `${env.base}lessons.html#lesson=linear-regression&features=all&speed=max`, { monitors: false });
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 120_000, 'lesson-status');
  const epochs = await page.getAttribute('[data-testid=loss-chart]', 'data-epochs');
  assert.ok(Number(epochs) > 1, `${epochs} epochs`);
  // The run's record holds all its epochs once the last save is written.
  await page.waitForFunction(async (n) => {
    const { openDB } = await import('/vendor/idb.js');
    const db = await openDB('nnplay', 1);
    const runs = await db.getAll('runs');
    db.close();
    return runs.some((r) => r.page.startsWith('lesson/') && r.epochs.length === n);
  }, Number(epochs), { timeout: 30_000, polling: 200 });

  await page.reload();
  await waitStatus(page, 'finished', 60_000, 'lesson-status');
  await page.waitForFunction((n) => document.querySelector('[data-testid=loss-chart]')?.dataset.epochs === n, epochs, { timeout: 10_000 });
  await page.click('[data-testid=lesson-reset]');
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  assert.equal(await page.getAttribute('[data-testid=loss-chart]', 'data-epochs'), '0', 'Reset: fresh weights, no epochs');
});

// The lesson's saved runs, once each is saved as it ended: the reason for a failed run, and `epochs` epochs (else all
// its spec's) for the others.
const lessonRecords = (page, lesson, runs, epochs = null) => page.waitForFunction(async ({ lesson, runs, epochs }) => {
  const { openDB } = await import('/vendor/idb.js');
  const db = await openDB('nnplay', 1);
  const records = (await db.getAll('runs')).filter((r) => r.page.startsWith(`lesson/lesson=${lesson}`));
  db.close();
  return records.length === runs && records.every((r) => r.failure || r.epochs.length === (epochs ?? r.spec.train.epochs));
}, { lesson, runs, epochs }, { timeout: 60_000, polling: 250 });

const legend = (page) => page.$$eval('[data-testid=run]', (rows) => rows.map((r) => ({
  label: r.dataset.label, status: r.dataset.status, error: r.querySelector('[data-testid=run-error]')?.textContent ?? null })));

test('a lesson\'s diverged run comes back failed with the core\'s message, and an early-stopped one finished', async (t) => {
  const page = await openPage(t, env.browser, `${env.base}lessons.html#lesson=standardization`, { monitors: false });
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 120_000, 'lesson-status');
  const before = await legend(page);
  assert.ok(before.some((r) => r.status === 'failed' && /loss became/.test(r.error)), JSON.stringify(before));
  await lessonRecords(page, 'standardization', before.length);
  await page.reload();
  await waitStatus(page, 'finished', 60_000, 'lesson-status');
  assert.deepEqual(await legend(page), before, 'each run as it ended, the failed one with its message');

  await page.goto(`${env.base}lessons.html#lesson=early-stopping`);
  await waitStatus(page, 'idle', 60_000, 'lesson-status');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 120_000, 'lesson-status');
  const epochs = await value(page, 'epochs-trained');
  assert.ok(epochs < 50, `stopped early, after ${epochs} of 50 epochs`);
  await lessonRecords(page, 'early-stopping', 1, epochs);
  await page.reload();
  await waitStatus(page, 'finished', 60_000, 'lesson-status');
  assert.equal(await value(page, 'epochs-trained'), epochs, 'finished where it stopped');
  assert.equal(await page.getAttribute('[data-testid=stopped-early]', 'data-value'), 'true');
});
