// End-to-end test of the playground page in real Chromium (playwright-core, no browser download).
// Serves build/site itself on a free port. Build the site first:
//   node tools/build-site.mjs && node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blocking, outDir, root, start } from './harness.mjs';
import { counter, errorText, openPlayground, stepAndSettle, value, waitCounterAbove, waitStatus } from './playground-page.mjs';

// The site must hold the playground page and all it loads, and the current web/.
const NEED = ['index.html', 'app.js', 'worker.js', 'nnplay.mjs', 'nnplay.wasm', 'vendor/uPlot.esm.js', 'presets/index.json',
  'data/mnist/train-images-idx3-ubyte.gz'];

let env;
before(async () => (env = await start({ need: NEED })));
after(async () => env?.stop());

// Opens on the small breast-cancer lesson (the page's own default is the MNIST MLP).
const openPage = (t, hash = '#preset=cancer-logistic') => openPlayground(t, env.browser, env.base + hash, { acceptDownloads: true });

const status = (page) => page.getAttribute('[data-testid=status]', 'data-status');

// Picks a lesson and waits until its session is ready (the page then names it in the address).
async function pickLesson(page, file) {
  await page.selectOption('[data-testid=lesson-select]', file);
  const name = file.replace(/\.json$/, '');
  await page.waitForFunction((name) => location.hash === `#preset=${name}`, name, { timeout: 60_000 });
  await waitStatus(page, 'idle', 10_000);
}

test('MNIST: one epoch reaches 95% validation accuracy, pause/resume, no long tasks, draw a digit', async (t) => {
  const page = await openPage(t);
  const started = Date.now();
  await pickLesson(page, 'mnist-mlp.json');
  assert.equal(await page.locator('[data-testid=sample]').count(), 32, 'the data view shows 32 sample digits');
  assert.match(await page.textContent('[data-testid=lesson-title]'), /MNIST/);
  console.log(`# MNIST lesson loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  await page.fill('[data-testid=epochs]', '1');
  await page.click('[data-testid=apply]');
  await page.waitForSelector('[data-testid=progress-epoch]:has-text("Epoch 1/1")');
  await waitStatus(page, 'idle');

  const t0 = await page.evaluate(() => performance.now());
  const trainStart = Date.now();
  await page.click('[data-testid=train]');
  await waitCounterAbove(page, 5); // soon: the whole epoch takes well under a second
  await page.click('[data-testid=pause]');
  await waitStatus(page, 'paused', 5_000);
  const c1 = await counter(page);
  await page.waitForTimeout(500);
  const c2 = await counter(page);
  assert.ok(c1 > 0, 'batches were trained before the pause');
  assert.equal(c2, c1, 'the batch counter stands still while paused');
  assert.equal(await page.isDisabled('[data-testid=pause]'), true, 'Pause is disabled while paused');
  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, c2, 5_000);

  await waitStatus(page, 'finished', 120_000);
  const t1 = await page.evaluate(() => performance.now());
  console.log(`# one MNIST epoch trained in ${((Date.now() - trainStart) / 1000).toFixed(1)} s (with a 0.5 s pause)`);

  const valAcc = await value(page, 'log-val_accuracy');
  assert.ok(valAcc >= 0.95, `validation accuracy after one epoch is ${valAcc}, expected >= 0.95`);
  const points = Number(await page.getAttribute('[data-testid=chart-loss]', 'data-points'));
  assert.ok(points > 100, `the loss chart has ${points} points`);
  assert.ok(points <= 2000, 'the chart is decimated');
  assert.ok(await page.locator('[data-testid=chart-loss] canvas').count() >= 1, 'the loss chart is drawn');
  assert.ok(await page.locator('[data-testid=chart-metric] canvas').count() >= 1, 'the accuracy chart is drawn');

  const testAcc = await value(page, 'test-accuracy');
  assert.ok(testAcc >= 0.94, `test accuracy ${testAcc}`);
  assert.equal(await page.locator('[data-testid=confusion-matrix] tbody tr').count(), 10, 'a 10x10 confusion matrix');
  assert.ok(await page.locator('[data-testid=misclassified-item]').count() > 0, 'misclassified digits are shown');

  // The main thread was never blocked for more than 100 ms while training.
  const { supported, longtasks, gaps, maxLong, maxGap } = await blocking(page, t0, t1);
  console.log(`# longtask observer supported: ${supported}; during training: ${longtasks.length} long tasks ` +
    `(max ${maxLong.toFixed(0)} ms), timer gaps > 20 ms: ${gaps.length} (max ${maxGap.toFixed(0)} ms)`);
  assert.ok(maxLong <= 100, `a long task of ${maxLong.toFixed(0)} ms blocked the main thread during training`);
  if (!supported || longtasks.length === 0) {
    assert.ok(maxGap <= 100, `the main thread was blocked for ${maxGap.toFixed(0)} ms during training (timer gap)`);
  }

  // Draw a 7 and read the live probabilities.
  await page.locator('[data-testid=draw-canvas]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid=draw-canvas]').boundingBox();
  const at = (fx, fy) => [box.x + fx * box.width, box.y + fy * box.height];
  await page.mouse.move(...at(0.3, 0.25));
  await page.mouse.down();
  for (const [fx, fy] of [[0.45, 0.25], [0.7, 0.25], [0.62, 0.45], [0.55, 0.6], [0.5, 0.78]]) {
    await page.mouse.move(...at(fx, fy), { steps: 6 });
  }
  await page.mouse.up();
  await page.waitForFunction(() => Array.isArray(window.nnplayLastPrediction), null, { timeout: 5_000 });
  const probs = await page.evaluate(() => window.nnplayLastPrediction);
  assert.equal(probs.length, 10, 'ten class probabilities');
  const sum = probs.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) <= 1e-4, `the probabilities sum to ${sum}`);
  assert.ok(probs.every((p) => p >= 0 && p <= 1));
  const shown = JSON.parse(await page.getAttribute('[data-testid=digit-probabilities]', 'data-values'));
  assert.equal(shown.length, 10, 'the bars show the probabilities');
  console.log(`# drawn digit read as ${probs.indexOf(Math.max(...probs))} (p = ${Math.max(...probs).toFixed(3)})`);

  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=misclassified-item] canvas')].every((c) => c.width === 28));
  await page.screenshot({ path: path.join(outDir, 'trained.png'), fullPage: true });
});

test('a bad config shows the core\'s message; the trained model and charts stay, training continues', async (t) => {
  const page = await openPage(t); // logistic regression on breast-cancer data
  const { batches: before, points } = await stepAndSettle(page, 3);

  // Units typed as -5 in a new hidden layer.
  await page.click('[data-testid=add-dense]');
  await page.fill('[data-testid=units-0]', '-5');
  await page.click('[data-testid=apply]');
  const unitsError = await errorText(page, 'editor-error');
  assert.match(unitsError, /units/i, `the message names the field: ${unitsError}`);
  assert.match(unitsError, /-5/);

  // An activation that is not in the list, through the JSON editor.
  await page.click('details.json summary');
  const spec = JSON.parse(await page.inputValue('[data-testid=spec-json]'));
  spec.model.layers[0].activation = 'swish';
  await page.fill('[data-testid=spec-json]', JSON.stringify(spec));
  await page.click('[data-testid=apply-json]');
  await page.waitForSelector('[data-testid=editor-error]:has-text("swish")', { timeout: 10_000 });

  // The previous session is untouched.
  assert.equal(await counter(page), before, 'the trained model stays');
  assert.equal(await page.getAttribute('[data-testid=chart-loss]', 'data-points'), points, 'the charts stay');
  assert.equal(await status(page), 'paused');

  // An invalid learning rate while paused.
  await page.fill('[data-testid=live-lr]', '-1');
  await page.press('[data-testid=live-lr]', 'Enter');
  const lrError = await errorText(page, 'train-error');
  assert.match(lrError, /learning_rate/, lrError);

  // A valid one is accepted, and training continues.
  await page.fill('[data-testid=live-lr]', '0.02');
  await page.press('[data-testid=live-lr]', 'Enter');
  assert.equal(await page.inputValue('[data-testid=live-lr]'), '0.02');
  await page.click('[data-testid=resume]');
  await waitCounterAbove(page, before + 5, 10_000);
  await waitStatus(page, 'finished', 30_000); // 100 epochs of 13 batches take well under a second
  await page.waitForSelector('[data-testid=test-accuracy]');
});

test('a corrupt uploaded file shows what is wrong; the previous session stays and trains', async (t) => {
  const page = await openPage(t);
  const summary = await page.textContent('[data-testid=dataset-summary]');

  // A CSV with a ragged row: the core's reader says so when it reports on the file, before any load.
  const ragged = 'a,b,label\n1,2,0\n3,4,1\n5,6\n7,8,1\n';
  await page.setInputFiles('[data-testid=data-files]', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from(ragged) });
  const csvError = await errorText(page, 'data-error');
  assert.equal(await page.isDisabled('[data-testid=load-data]'), true, 'nothing to load');
  assert.match(csvError, /ragged\.csv/, csvError);
  assert.match(csvError, /expected 3 fields/i, csvError);
  await waitStatus(page, 'idle');

  // Random bytes as a pair of IDX files.
  const noise = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % 251));
  await page.setInputFiles('[data-testid=data-files]', [
    { name: 'noise-images.idx', mimeType: 'application/octet-stream', buffer: noise(3000, 1) },
    { name: 'noise-labels.idx', mimeType: 'application/octet-stream', buffer: noise(100, 2) },
  ]);
  await page.waitForSelector('[data-testid=data-files-info]:has-text("Images")');
  await page.click('[data-testid=load-data]');
  await page.waitForSelector('[data-testid=data-error]:has-text("IDX")', { timeout: 10_000 });
  console.log(`# corrupt CSV: ${csvError}\n# random IDX: ${await page.textContent('[data-testid=data-error]')}`);

  // The lesson's data are still there and train.
  await waitStatus(page, 'idle');
  assert.equal(await page.textContent('[data-testid=dataset-summary]'), summary, 'the previous data stay');
  await page.click('[data-testid=train]');
  await waitCounterAbove(page, 5, 10_000);
  await waitStatus(page, 'finished', 30_000);

  // A good CSV of your own loads and trains.
  const lines = fs.readFileSync(path.join(root, 'data/breast-cancer/wdbc.csv'), 'utf8').trim().split('\n').slice(0, 301);
  await page.setInputFiles('[data-testid=data-files]', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForSelector('[data-testid=data-target]', { state: 'visible' });
  assert.equal(await page.inputValue('[data-testid=data-target]'), 'malignant', 'the report\'s target (the last column) is preselected');
  assert.equal(await page.locator('[data-testid=report-column]').count(), 31, 'the report has a row per column');
  await page.click('[data-testid=load-data]');
  await page.waitForSelector('[data-testid=dataset-summary]:has-text("mine.csv")', { timeout: 10_000 });
  await waitStatus(page, 'idle');
  assert.equal(await page.locator('[data-testid=data-error]').isHidden(), true, 'no error left');
  await page.click('[data-testid=train]');
  await waitCounterAbove(page, 5, 10_000);
});

test('house prices: linear regression trains to the end; scatter and test MSE < 40; export and import', async (t) => {
  const page = await openPage(t);
  await pickLesson(page, 'house-linear.json');
  assert.equal(await page.locator('[data-testid=sample-table] thead th').count(), 14, '#, 12 features and the target');
  await page.click('[data-testid=train]');
  await waitStatus(page, 'finished', 60_000);
  const scatter = page.locator('[data-testid=scatter]');
  await scatter.waitFor();
  assert.ok(Number(await scatter.getAttribute('data-points')) > 50, 'the scatter has the test points');
  const mse = await value(page, 'test-mse');
  const loss = await value(page, 'test-loss');
  console.log(`# house-linear: test MSE ${mse.toFixed(2)}, test loss ${loss.toFixed(2)}`);
  assert.ok(mse < 40, `test MSE ${mse}`);
  assert.equal(await page.locator('[data-testid=chart-metric] canvas').count() >= 1, true, 'an MAE chart');
  await scatter.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(outDir, 'house.png'), fullPage: true });

  // Export the trained model, then import it back: the same test results come back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  assert.match(download.suggestedFilename(), /\.nnp$/);
  const file = path.join(outDir, download.suggestedFilename());
  await download.saveAs(file);
  await page.click('[data-testid=reset]');
  await waitStatus(page, 'idle');
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.waitForSelector('[data-testid=model-file-info]:has-text("Imported")');
  await page.waitForSelector('[data-testid=test-mse]');
  const again = await value(page, 'test-mse');
  assert.ok(Math.abs(again - mse) < 1e-6 * Math.max(1, mse), `imported model: MSE ${again}, saved ${mse}`);

  // A file that is not a model is refused next to the control.
  await page.setInputFiles('[data-testid=import-file]', { name: 'junk.nnp', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') });
  const fileError = await errorText(page, 'model-file-error');
  assert.match(fileError, /junk\.nnp/, fileError);
});
