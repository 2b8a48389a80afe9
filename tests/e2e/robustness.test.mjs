// Nothing lost on bad input: a crashed worker is restarted with the last finished epoch's model,
// oversized files are refused before they are read, dropped files work like chosen ones, and the
// charts keep a sensible x axis and readable y labels. Build the site first: node tools/build-site.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { applySpec, counter, dropFiles, errorText, openPlayground, value, waitCounterAbove, waitStatus } from './playground-page.mjs';

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

test('a crashed worker is reported; Restart brings back the model of the last finished epoch and training continues', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#mnist-mlp`);
  await applySpec(page, (spec) => {
    spec.data.train_limit = 6000;
    spec.train.epochs = 2;
  });
  const started = Date.now();
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 120_000);
  await page.waitForSelector('[data-testid=test-accuracy]');
  const accuracy = await value(page, 'test-accuracy');
  console.log(`# 2 epochs on 6000 MNIST rows in ${((Date.now() - started) / 1000).toFixed(1)} s: test accuracy ${accuracy}`);

  // The worker dies the way a crash does (an uncaught exception), not by the page's hand.
  await page.evaluate(() => window.nnplay.worker.send('crash'));
  await waitStatus(page, 'broken', 10_000);
  const message = await errorText(page, 'train-error');
  assert.match(message, /training worker stopped/i, message);
  assert.match(message, /epoch 2/, message);
  assert.equal(await page.isVisible('[data-testid=restart]'), true, 'Restart is offered');
  assert.equal(await page.isDisabled('[data-testid=train]'), true, 'the controls wait for the restart');
  console.log(`# crash: ${message}`);

  await page.click('[data-testid=restart]');
  await page.waitForSelector('[data-testid=train-info]:has-text("Restored")', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=test-accuracy]', { timeout: 10_000 });
  const restored = await value(page, 'test-accuracy');
  assert.equal(restored.toFixed(4), accuracy.toFixed(4), `restored accuracy ${restored}, after epoch 2 ${accuracy}`);
  assert.equal(await page.isHidden('[data-testid=restart]'), true, 'Restart is gone');
  assert.equal(await page.isHidden('[data-testid=train-error]'), true, 'the crash message is gone');

  // The checkpoint carries the run's state: it comes back finished after its last epoch, and one more
  // epoch trains on from the restored weights in the new worker.
  await waitStatus(page, 'finished');
  const before = await counter(page);
  await page.fill('[data-testid=live-epochs]', '3');
  await page.press('[data-testid=live-epochs]', 'Enter');
  await waitStatus(page, 'paused');
  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, before + 10, 20_000);
  await waitStatus(page, 'finished', 60_000);
});

test('a worker that stops answering is reported by the watchdog; Restart brings back the last finished epoch', async (t) => {
  // ?watchdog shortens the page's 20 s of silence before a worker counts as dead.
  const page = await openPlayground(t, env.browser, `${env.base}?watchdog=1500#house-linear`);
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  const epochs = await page.evaluate(() => window.nnplay.state().epochs);

  await page.evaluate(() => window.nnplay.worker.send('hang', { ms: 60_000 }));
  await waitStatus(page, 'broken', 15_000);
  const message = await errorText(page, 'train-error');
  assert.match(message, /stopped answering for 1\.5 s/, message);
  assert.match(message, new RegExp(`epoch ${epochs}\\b`), message);
  console.log(`# hang: ${message}`);

  await page.click('[data-testid=restart]');
  await page.waitForSelector('[data-testid=train-info]:has-text("Restored")', { timeout: 30_000 });
  await waitStatus(page, 'finished'); // the run had ended: its state came back with it
  const before = await counter(page);
  await page.fill('[data-testid=live-epochs]', String(epochs + 1));
  await page.press('[data-testid=live-epochs]', 'Enter');
  await waitStatus(page, 'paused');
  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, before + 5, 20_000);
});

test('files over the upload budget are refused before reading, naming file and size; the session stays', async (t) => {
  // ?uploadLimit lowers the page's 1 GiB budget, so a small file stands in for a huge one.
  const page = await openPlayground(t, env.browser, `${env.base}?uploadLimit=1000#cancer-logistic`);
  const summary = await page.textContent('[data-testid=dataset-summary]');
  const big = 'a,b,label\n' + '1,2,0\n'.repeat(400); // 2,410 bytes
  await page.setInputFiles('[data-testid=data-files]', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  let message = await errorText(page, 'data-error');
  assert.match(message, /big\.csv is 2 kB/, message);
  assert.match(message, /\(1 kB\)/, message);
  assert.equal(await page.isDisabled('[data-testid=load-data]'), true, 'nothing to load');
  console.log(`# too big: ${message}`);

  // Dropped files meet the same budget; so do model files.
  await dropFiles(page, '[data-testid=dataset-panel]', [{ name: 'dropped.csv', text: big }]);
  await page.waitForSelector('[data-testid=data-error]:has-text("dropped.csv is 2 kB")');
  await page.setInputFiles('[data-testid=import-file]', { name: 'huge.nnp', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5000) });
  message = await errorText(page, 'model-file-error');
  assert.match(message, /huge\.nnp is 5 kB/, message);

  assert.equal(await page.textContent('[data-testid=dataset-summary]'), summary, 'the lesson\'s data stay');
  await waitStatus(page, 'idle');
  await page.click('[data-testid=train]');
  await waitCounterAbove(page, 5, 10_000);
});

test('dropped CSV and IDX files do what the file picker does; errors name the file and the problem', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`);
  const summary = await page.textContent('[data-testid=dataset-summary]');

  // The core's reader refuses it while reporting on it, before any load.
  await dropFiles(page, '[data-testid=dataset-panel]', [{ name: 'ragged.csv', text: 'a,b,label\n1,2,0\n3,4,1\n5,6\n7,8,1\n' }]);
  const csvError = await errorText(page, 'data-error');
  assert.match(csvError, /ragged\.csv/, csvError);
  assert.match(csvError, /line 4/i, csvError);
  assert.match(csvError, /expected 3 fields/i, csvError);

  const noise = (n, seed) => Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % 251);
  await dropFiles(page, '[data-testid=data-panel]', [
    { name: 'noise-images.idx', bytes: noise(3000, 1) },
    { name: 'noise-labels.idx', bytes: noise(100, 2) },
  ]);
  await page.waitForSelector('[data-testid=data-files-info]:has-text("noise-images.idx")');
  await page.click('[data-testid=load-data]');
  await page.waitForSelector('[data-testid=data-error]:has-text("IDX")', { timeout: 10_000 });
  const idxError = await page.textContent('[data-testid=data-error]');
  assert.match(idxError, /noise-(images|labels)\.idx/, idxError);
  console.log(`# dropped CSV: ${csvError}\n# dropped IDX: ${idxError}`);
  await waitStatus(page, 'idle');
  assert.equal(await page.textContent('[data-testid=dataset-summary]'), summary, 'the previous data stay');

  const good = 'x1,x2,label\n' + Array.from({ length: 120 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 2}`).join('\n');
  await dropFiles(page, '[data-testid=data-panel]', [{ name: 'mine.csv', text: good }]);
  await page.waitForSelector('[data-testid=data-target]', { state: 'visible' });
  await page.selectOption('[data-testid=data-target]', 'label');
  await page.click('[data-testid=load-data]');
  await page.waitForSelector('[data-testid=dataset-summary]:has-text("mine.csv")', { timeout: 10_000 });
  await waitStatus(page, 'idle');
});

test('charts: one Step shows the planned epochs on the x axis; huge y values are labelled compactly', async (t) => {
  const page = await openPlayground(t, env.browser, `${env.base}#cancer-logistic`);
  const epochs = await page.evaluate(() => window.nnplay.state().epochs);
  await page.click('[data-testid=step]');
  await waitCounterAbove(page, 0, 5_000);
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-loss]').dataset.points === '1');
  const xMax = Number(await page.getAttribute('[data-testid=chart-loss]', 'data-x-max'));
  const xMin = Number(await page.getAttribute('[data-testid=chart-loss]', 'data-x-min'));
  assert.equal(xMin, 0);
  assert.ok(xMax >= epochs, `the x axis ends at ${xMax}, the run plans ${epochs} epochs`);
  const labels = await page.evaluate(async () => {
    const { compact } = await import('./ui/format.js');
    return [1.2e9, -3.4e12, 0.00002, 0.5, 1234].map(compact);
  });
  assert.deepEqual(labels, ['1.2e9', '-3.4e12', '2e-5', '0.5', '1230']);
});
