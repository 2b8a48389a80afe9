// End-to-end tests of the guided lessons (web/lessons.html) in real Chromium: each lesson is opened
// from an address (its settings in the hash), trained, and its pictures and numbers are checked.
// Build the site first: node tools/build-site.mjs && node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, outDir, start } from './harness.mjs';
import { value, waitStatus as waitPill } from './playground-page.mjs';

// The site must hold the current lesson page and its presets: a stale copy would test old code.
// (Only what the lesson page loads is compared, so work elsewhere in web/ does not stop these tests.)
const NEED = ['lessons.html', 'nnplay.mjs', 'nnplay.wasm', 'data/mnist/train-images-idx3-ubyte.gz'];
const SOURCES = ['lessons.html', 'lessons', 'shared', 'ui', 'worker.js', 'style.css', 'vendor', 'presets/lessons'];

let env;
before(async () => {
  env = await start({ need: NEED, sources: SOURCES });
});
after(() => env?.stop());

// A fresh page on an address; page errors, dialogs and console errors fail the test.
const open = (t, url) => openPage(t, env.browser, url, { consoleErrors: true, monitors: false });

// Waits for a run set's status pill (`${name}-status`): loading, idle, training, paused, finished, failed.
const waitStatus = (page, want, timeout = 30_000, name = 'lesson') => waitPill(page, want, timeout, `${name}-status`);

async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

const lesson = (hash) => `${env.base}lessons.html#${hash}`;
const attr = (page, sel, name) => page.getAttribute(sel, name);
const json = async (page, sel, name) => JSON.parse(await attr(page, sel, name));
const near = (a, b, rel) => Math.abs(a - b) <= rel * Math.abs(b);

// Opens a lesson, waits for its runs to load, trains to the end.
async function trained(t, hash, { status = 'lesson', timeout = 90_000 } = {}) {
  const page = await open(t, lesson(hash));
  await waitStatus(page, 'idle', 60_000, status);
  const t0 = Date.now();
  await page.click(`[data-testid=${status}-train]`);
  await waitStatus(page, 'finished', timeout, status);
  console.log(`# ${hash.split('&')[0]}: trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return page;
}

// Table cells by column key: [{key: value}] from data-value attributes.
async function tableRows(page, testid) {
  return page.$$eval(`[data-testid=${testid}] tbody tr`, (trs) => trs.map((tr) => Object.fromEntries(
    [...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.value]))));
}

test('the lesson list, links both ways, and settings round-tripping through the address', async (t) => {
  const page = await open(t, `${env.base}lessons.html`);
  await page.waitForSelector('[data-testid=lesson-list] a >> nth=15');
  assert.equal(await page.locator('[data-testid=lesson-list] a').count(), 16, 'sixteen lessons');
  assert.equal(await page.locator('.lesson-card').count(), 16, 'the landing page lists them too');
  await page.click('[data-testid=lesson-link-standardization]');
  await waitStatus(page, 'idle');
  assert.match(await page.textContent('[data-testid=lesson-heading]'), /Standardisation/);
  assert.match(page.url(), /#lesson=standardization&seed=42&lr=0\.05&epochs=200$/, 'the defaults are written into the address');

  // A shared link: its settings come back into the controls and the address.
  const link = await open(t, lesson('lesson=standardization&seed=7&lr=0.01&epochs=50'));
  await waitStatus(link, 'idle');
  assert.equal(await link.inputValue('[data-testid=knob-seed]'), '7');
  assert.equal(await link.inputValue('[data-testid=knob-lr]'), '0.01');
  assert.equal(await link.inputValue('[data-testid=knob-epochs]'), '50');
  // Changing a knob rebuilds the lesson and rewrites the address.
  await link.fill('[data-testid=knob-epochs]', '20');
  await link.press('[data-testid=knob-epochs]', 'Enter');
  await link.waitForFunction(() => location.hash === '#lesson=standardization&seed=7&lr=0.01&epochs=20');
  await waitStatus(link, 'idle');

  // The playground links to the lessons.
  const play = await open(t, `${env.base}#cancer-logistic`);
  await play.click('[data-testid=lessons-link]');
  await play.waitForSelector('[data-testid=lesson-list] a >> nth=11');
});

test('1. linear regression, one feature: the line moves and lands on the normal-equation line', async (t) => {
  const page = await open(t, lesson('lesson=linear-regression'));
  await waitStatus(page, 'idle');
  assert.match(page.url(), /lesson=linear-regression&seed=42&features=one&lr=0\.05&epochs=60&speed=20/);
  // The slope of the drawn line, polled while it trains (paced at 20 steps/s), with a pause on the way.
  const slopes = new Set();
  let done = false;
  const poll = (async () => {
    while (!done) {
      slopes.add(await attr(page, '[data-testid=fit-plot]', 'data-slope'));
      await page.waitForTimeout(100);
    }
  })();
  await page.click('[data-testid=lesson-train]');
  await page.waitForTimeout(1000);
  await page.click('[data-testid=lesson-train]'); // the same button pauses
  await waitStatus(page, 'paused');
  const paused = await attr(page, '[data-testid=fit-plot]', 'data-slope');
  await page.waitForTimeout(400);
  assert.equal(await attr(page, '[data-testid=fit-plot]', 'data-slope'), paused, 'the line stands still while paused');
  await page.click('[data-testid=lesson-train]'); // and resumes
  await waitStatus(page, 'finished');
  done = true;
  await poll;
  assert.ok(slopes.size >= 8, `the line was drawn at ${slopes.size} different slopes while training (paced at 20 steps/s)`);
  await page.click('[data-testid=solve-ne]');
  await page.waitForSelector('[data-testid=solve-ne][data-solved=true]');
  await page.waitForSelector('[data-testid=fit-plot][data-ne-slope]');
  const [gd, ne] = [Number(await attr(page, '[data-testid=fit-plot]', 'data-slope')), Number(await attr(page, '[data-testid=fit-plot]', 'data-ne-slope'))];
  console.log(`# MEDV per room: gradient descent ${gd.toFixed(3)}, normal equations ${ne.toFixed(3)}`);
  assert.ok(near(gd, ne, 0.01), `slope ${gd} vs ${ne}`);
  assert.ok(ne > 8 && ne < 10, 'about 9 k$ per room');
  await shot(page, 'lesson-1-linear-one');
});

test('1. linear regression, all features: GD weights within 1% of the normal equations, MSEs equal to 3 digits', async (t) => {
  const page = await trained(t, 'lesson=linear-regression&features=all');
  await page.click('[data-testid=solve-ne]');
  await page.waitForSelector('[data-testid=solve-ne][data-solved=true]');
  await page.waitForFunction(() => document.querySelector('[data-testid=ne-train-mse]')?.dataset.value !== '–');
  const rows = await tableRows(page, 'weights-table');
  assert.equal(rows.length, 13, '12 weights and the bias');
  for (const r of rows) assert.ok(near(Number(r.gd), Number(r.ne), 0.01), `${r.feature}: GD ${r.gd}, normal equations ${r.ne}`);
  const three = (x) => Number(x).toPrecision(3);
  for (const split of ['train', 'test']) {
    const [gd, ne] = [await value(page, `gd-${split}-mse`), await value(page, `ne-${split}-mse`)];
    console.log(`# ${split} MSE: gradient descent ${gd}, normal equations ${ne}`);
    assert.equal(three(gd), three(ne), `${split} MSE to 3 digits`);
  }
  await shot(page, 'lesson-1-linear-all');
});

test('2. logistic regression: histogram, threshold slider, confusion matrix, live decision boundary', async (t) => {
  const page = await trained(t, 'lesson=logistic-regression&speed=max');
  const counts = await json(page, '[data-testid=probability-histogram]', 'data-counts');
  const validation = counts.flat().reduce((a, b) => a + b, 0);
  const read = async () => {
    const c = Object.fromEntries(await Promise.all(['tn', 'fp', 'fn', 'tp', 'precision', 'recall'].map(async (k) => [k, await value(page, k)])));
    assert.equal(c.tn + c.fp + c.fn + c.tp, validation, 'the matrix counts every validation row');
    assert.ok(near(c.precision, c.tp / (c.tp + c.fp), 1e-9) && near(c.recall, c.tp / (c.tp + c.fn), 1e-9));
    return c;
  };
  const at = {};
  for (const th of ['0.5', '0.2', '0.8']) {
    await page.locator('[data-testid=threshold]').fill(th);
    await page.waitForSelector(`[data-testid=threshold-value]:has-text("${Number(th).toFixed(2)}")`);
    at[th] = await read();
  }
  console.log(`# threshold 0.2/0.5/0.8: recall ${at['0.2'].recall.toFixed(3)}/${at['0.5'].recall.toFixed(3)}/${at['0.8'].recall.toFixed(3)}, ` +
    `precision ${at['0.2'].precision.toFixed(3)}/${at['0.5'].precision.toFixed(3)}/${at['0.8'].precision.toFixed(3)}`);
  assert.ok(at['0.2'].recall >= at['0.5'].recall && at['0.5'].recall >= at['0.8'].recall, 'recall falls as the threshold rises');
  assert.ok(at['0.2'].fp >= at['0.5'].fp && at['0.5'].fp >= at['0.8'].fp, 'false positives fall as the threshold rises');
  assert.ok(at['0.5'].recall > 0.8 && at['0.5'].precision > 0.8);
  assert.match(page.url(), /threshold=0\.8/, 'the threshold is in the address');
  // The boundary: redrawn while training, and it separates the training rows.
  const map = '[data-testid=boundary-plot]';
  assert.ok(Number(await attr(page, map, 'data-updates')) >= 3, 'the boundary was redrawn during training');
  assert.ok(Number(await attr(page, map, 'data-accuracy')) > 0.88, 'the boundary classifies the training points');
  const share = Number(await attr(page, map, 'data-malignant-share'));
  assert.ok(share > 0.1 && share < 0.9, `the boundary crosses the plot (${share} of it is malignant)`);
  await shot(page, 'lesson-2-logistic');
});

test('3. MLP on MNIST: first-layer weights as 28x28 images; weights of never-inked pixels do not move', async (t) => {
  const page = await trained(t, 'lesson=mlp-weights&digits=5000&epochs=1');
  assert.equal(await page.locator('[data-testid=unit-images] canvas').count(), 32);
  assert.ok(Number(await attr(page, '[data-testid=unit-images]', 'data-version')) >= 3, 'the images were redrawn during training');
  const dead = await value(page, 'dead-pixels');
  assert.ok(dead > 20, `${dead} pixels are 0 in every training digit`);
  assert.equal(await value(page, 'dead-move'), 0, 'their weights never moved');
  assert.ok(await value(page, 'lit-move') > 0.005, 'the other weights did');
  assert.ok(await value(page, 'val-accuracy') > 0.85);
  // The other view redraws without retraining.
  await page.selectOption('[data-testid=knob-view]', 'weights');
  await page.waitForSelector('[data-testid=unit-images][data-view=weights]');
  assert.match(page.url(), /view=weights/);
  await shot(page, 'lesson-3-mlp-weights');
});

test('4. optimizers: same start, loss curves overlaid; paths over the loss surface', async (t) => {
  const page = await trained(t, 'lesson=optimizers');
  const rows = await tableRows(page, 'optimizer-table');
  const [gd, sgd, momentum, adam] = rows;
  assert.equal(Number(gd.steps), 15, 'full batch: one step per epoch');
  assert.equal(Number(sgd.steps), 945, '63 batches of 32 per epoch');
  assert.equal(sgd.first, momentum.first, 'same seed, same first batch');
  assert.equal(sgd.first, adam.first);
  for (const r of [sgd, momentum, adam]) assert.ok(Number(r.loss) < Number(gd.loss), `${r.label} ends below gradient descent`);
  assert.equal(Number(await attr(page, '[data-testid=loss-chart]', 'data-epochs')), 15);

  await page.click('[data-testid=paths-train]');
  await waitStatus(page, 'finished', 60_000, 'paths');
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=loss-surface]').dataset.ends)[1].steps === 650);
  const ends = await json(page, '[data-testid=loss-surface]', 'data-ends');
  console.log(`# paths after 50 epochs, distance to the minimum: ${ends.map((e) => `${e.label.split(' (')[0]} ${e.distance.toFixed(1)}`).join(', ')}`);
  assert.equal(ends.length, 4);
  assert.equal(ends[0].steps, 50);
  assert.ok(ends[2].distance < ends[0].distance, 'momentum gets closer to the minimum than gradient descent');
  const optimum = await json(page, '[data-testid=loss-surface]', 'data-optimum');
  assert.ok(ends.every((e) => e.distance < 0.5 * Math.hypot(...optimum)), 'every path covered over half the way from (0, 0) to the minimum');
  await shot(page, 'lesson-4-optimizers');
});

test('5. overfitting: the gap opens; L2, L1 and dropout each narrow it; L1 zeroes weights', async (t) => {
  const page = await trained(t, 'lesson=overfitting');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=gap-table] td[data-key=gap]')].every((td) => td.dataset.value !== ''));
  const rows = await tableRows(page, 'gap-table');
  const [plain, ...regularised] = rows.map((r) => ({ label: r.label, gap: Number(r.gap), small: Number(r.small), train: Number(r.trainAcc), val: Number(r.valAcc) }));
  console.log(`# loss gaps: ${[plain, ...regularised].map((r) => `${r.label} ${r.gap.toFixed(3)}`).join(', ')}`);
  assert.ok(plain.train > 0.99 && plain.val < 0.95, `memorised: train ${plain.train}, validation ${plain.val}`);
  for (const r of regularised) assert.ok(r.gap < plain.gap, `${r.label}: gap ${r.gap} vs ${plain.gap} without regularisation`);
  const l1 = regularised.find((r) => r.label.startsWith('L1'));
  assert.ok(l1.small > 10 * plain.small && l1.small > 0.3, `L1: ${l1.small} of the weights near 0, plain ${plain.small}`);
  assert.equal(await page.locator('[data-testid=gap-chart]').count(), 4, 'four charts side by side');
  assert.equal(await page.locator('[data-testid=weight-histogram][data-small]').count(), 4, 'four weight histograms');
  await shot(page, 'lesson-5-overfitting');
});

test('6. losses: cross-entropy keeps learning where squared error stalls', async (t) => {
  const page = await trained(t, 'lesson=losses');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=loss-table] td[data-key=end]')].every((td) => td.dataset.value !== ''));
  const [ce, mse] = (await tableRows(page, 'loss-table')).map((r) => ({ start: Number(r.start), end: Number(r.end), rel: Number(r.relative), val: Number(r.val) }));
  console.log(`# confidently wrong rows: cross-entropy ${ce.start} -> ${ce.end}, MSE ${mse.start} -> ${mse.end}; relative loss ${ce.rel.toFixed(3)} vs ${mse.rel.toFixed(3)}`);
  assert.equal(ce.start, mse.start, 'the same start');
  assert.ok(ce.start > 10, 'the start is saturated and wrong for many rows');
  assert.ok(ce.end < mse.end, 'cross-entropy fixes more of them');
  assert.ok(ce.rel < 0.3 && mse.rel > 0.7, 'relative loss');
  assert.ok(ce.val > mse.val, 'validation accuracy');
  await shot(page, 'lesson-6-losses');
});

test('7. standardisation: same learning rate, standardised converges, raw diverges with the core message', async (t) => {
  const page = await trained(t, 'lesson=standardization');
  const rows = await tableRows(page, 'standardization-table');
  const [std, raw, rawSmall] = rows.map((r) => ({ ...r, mse: Number(r.mse) }));
  assert.ok(std.mse < 30, `standardised MSE ${std.mse}`);
  assert.equal(raw.outcome, 'diverged');
  assert.ok(rawSmall.mse > 50 && Number.isFinite(rawSmall.mse), `raw at the small rate crawls: MSE ${rawSmall.mse}`);
  const message = await page.textContent('[data-testid=run][data-status=failed] [data-testid=run-error]');
  console.log(`# ${message}`);
  assert.match(message, /loss became (infinite|NaN)/);
  assert.match(message, /learning rate \(0\.05\) is probably too high/);
  await shot(page, 'lesson-7-standardization');
});

test('8. early stopping: stops patience epochs after the best, restores it, tests once', async (t) => {
  const page = await trained(t, 'lesson=early-stopping');
  await page.waitForFunction(() => document.querySelector('[data-testid=restored-val-loss]')?.dataset.value !== '–');
  assert.equal(await attr(page, '[data-testid=stopped-early]', 'data-value'), 'true');
  const [best, trainedEpochs] = [await value(page, 'best-epoch'), await value(page, 'epochs-trained')];
  assert.equal(trainedEpochs, best + 3, 'stopped patience = 3 epochs after the best');
  assert.ok(trainedEpochs < 50, 'before the 50 planned epochs');
  const [lowest, restored] = [await value(page, 'best-val-loss'), await value(page, 'restored-val-loss')];
  assert.ok(near(restored, lowest, 1e-5), `restored weights: validation loss ${restored}, best ${lowest}`);
  assert.equal(await page.locator('[data-testid=test-accuracy]').count(), 0, 'no test result before the button');
  await page.click('[data-testid=evaluate-test]');
  await page.waitForSelector('[data-testid=test-accuracy]');
  const acc = await value(page, 'test-accuracy');
  console.log(`# stopped at epoch ${trainedEpochs}, best ${best}; test accuracy ${acc}`);
  assert.ok(acc > 0.8);
  assert.equal(await page.isDisabled('[data-testid=evaluate-test]'), true, 'the test set is used once');
  await shot(page, 'lesson-8-early-stopping');
  // Reset starts the lesson again: fresh weights, the test locked until training ends.
  await page.click('[data-testid=lesson-reset]');
  await waitStatus(page, 'idle');
  assert.equal(await page.isDisabled('[data-testid=evaluate-test]'), true);
  assert.equal(await page.locator('[data-testid=test-accuracy]').count(), 0);
});

test('9. initialisation: activations vanish, explode or stay level; who learns', async (t) => {
  const page = await trained(t, 'lesson=initialization');
  const sd = Object.fromEntries(await page.$$eval('[data-testid=activation-row]', (trs) => trs.map((tr) => [tr.dataset.label, JSON.parse(tr.dataset.sd)])));
  const by = (prefix) => Object.entries(sd).find(([k]) => k.startsWith(prefix))[1];
  console.log(`# activation sd, layer 1 -> 5: ${Object.entries(sd).map(([k, v]) => `${k.split(' (')[0]} ${v[0].toExponential(1)} -> ${v[4].toExponential(1)}`).join(', ')}`);
  assert.ok(by('zeros').every((s) => s === 0));
  assert.ok(by('too small')[4] < by('too small')[0] / 1000, 'too small: vanishes');
  assert.ok(by('too large')[4] > by('too large')[0] * 100, 'too large: explodes');
  const he = by('He');
  assert.ok(Math.max(...he) / Math.min(...he) < 2, 'He: level');
  const rows = Object.fromEntries((await tableRows(page, 'init-table')).map((r) => [r.label.split(' (')[0], r]));
  assert.ok(Math.abs(Number(rows.zeros.loss) - Math.log(10)) < 0.05, 'zeros: the loss of guessing');
  assert.equal(rows['too small'].outcome, 'did not learn');
  assert.equal(rows['too large'].outcome, 'diverged');
  assert.ok(Number(rows['Glorot uniform'].val) > 0.8 && Number(rows['He normal'].val) > 0.8, 'Glorot and He learn');
  await page.selectOption('[data-testid=knob-when]', 'now');
  await page.waitForSelector('[data-testid=activation-grid][data-when=now]');
  await shot(page, 'lesson-9-initialization');
});

test('10. hyperparameter search: 3x3 grid in parallel workers, sortable table, heat map, test once for the best', async (t) => {
  const page = await trained(t, 'lesson=search');
  assert.equal(await value(page, 'workers'), await page.evaluate(() => Math.min(9, navigator.hardwareConcurrency)));
  const cells = await page.$$eval('[data-testid=heat-cell]', (tds) => tds.map((td) => ({ ...td.dataset, best: td.classList.contains('best') })));
  assert.equal(cells.length, 9);
  const top = Math.max(...cells.map((c) => Number(c.value)));
  const best = cells.find((c) => c.best);
  assert.equal(Number(best.value), top, 'the outlined cell has the best validation accuracy');
  assert.equal(await page.locator('[data-testid=search-row]').count(), 9);
  await page.click('[data-testid=search-table] th[data-key=valAcc]');
  const first = await page.getAttribute('[data-testid=search-table] tbody tr:first-child td[data-key=valAcc]', 'data-value');
  assert.equal(Number(first), top, 'sorted by validation accuracy, best first');
  await page.click('[data-testid=test-best]');
  await page.waitForSelector('[data-testid=test-accuracy]');
  assert.equal(await page.textContent('[data-testid=chosen]'), `lr ${best.lr}, ${best.units} units`);
  const acc = await value(page, 'test-accuracy');
  console.log(`# best on validation: lr ${best.lr}, ${best.units} units (${top}); its test accuracy ${acc}`);
  assert.ok(acc > 0.8);
  assert.equal(await page.isDisabled('[data-testid=test-best]'), true);
  await shot(page, 'lesson-10-search');
});

test('11. accuracy vs speed: times, parameter counts, and the Pareto front', async (t) => {
  const page = await trained(t, 'lesson=speed&epochs=1', { timeout: 120_000 });
  const points = await json(page, '[data-testid=time-plot]', 'data-points');
  const front = await json(page, '[data-testid=time-plot]', 'data-front');
  console.log(`# ${points.map((p) => `${p.label}: ${p.params} params, ${p.time.toFixed(2)} s, ${(p.accuracy * 100).toFixed(1)}%`).join('; ')}`);
  assert.equal(points.length, 5);
  assert.deepEqual(points.map((p) => p.params), [12730, 50890, 203530, 235146, 93322]);
  const dominated = (p) => points.some((q) => q !== p && q.time <= p.time && q.accuracy >= p.accuracy && (q.time < p.time || q.accuracy > p.accuracy));
  assert.deepEqual(front, points.filter((p) => !dominated(p)).map((p) => p.label), 'the highlighted front');
  const fastest = points.reduce((a, b) => (a.time < b.time ? a : b));
  const best = points.reduce((a, b) => (a.accuracy > b.accuracy ? a : b));
  assert.ok(front.includes(fastest.label) && front.includes(best.label));
  const cnn = points.find((p) => p.label.startsWith('CNN'));
  assert.ok(cnn.time > 3 * points.find((p) => p.label === 'MLP 256').time, 'the CNN computes far more per digit');
  await shot(page, 'lesson-11-speed');
});

test('16. deploying a model: float32, int8 and a smaller float MLP measured in their workers; the int8 file is the smallest', async (t) => {
  const page = await trained(t, 'lesson=deployment&epochs=1', { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=deploy-table] tbody tr').length === 3 &&
    document.querySelector('[data-testid=deploy-note]').textContent === '', null, { timeout: 60_000 });
  const rows = (await tableRows(page, 'deploy-table')).map((r) => ({ ...r, ...Object.fromEntries(
    ['size', 'latency', 'p95', 'throughput', 'accuracy'].map((k) => [k, Number(r[k])])) }));
  console.log(`# ${rows.map((r) => `${r.label}: ${r.size} B, ${r.latency.toFixed(4)} ms (p95 ${r.p95.toFixed(4)}), ` +
    `${Math.round(r.throughput)}/s at 256, ${(r.accuracy * 100).toFixed(1)}%`).join('; ')}`);
  const [big, int8, small] = rows;
  assert.deepEqual(rows.map((r) => r.label), ['MLP 128 float32', 'MLP 128 float32 → int8', 'MLP 32 float32']);
  for (const r of rows) {
    assert.ok(r.latency > 0 && r.p95 >= r.latency && r.throughput > 0, `${r.label}: real timings`);
    assert.ok(r.accuracy > 0.8 && r.accuracy <= 1, `${r.label}: accuracy ${r.accuracy}`);
  }
  // The float files hold their parameters as float32 (784*128+128+128*10+10 = 101,770 and 25,450 of them), and no
  // optimizer state; int8 kernels take a byte a weight.
  assert.ok(big.size > 101_770 * 4 && big.size < 101_770 * 4 * 1.1, `float32 file: ${big.size} B`);
  assert.ok(small.size > 25_450 * 4 && small.size < big.size / 3, `small file: ${small.size} B`);
  assert.ok(int8.size < big.size / 3, `int8 file ${int8.size} B vs float32 ${big.size} B`);
  assert.ok(Math.abs(int8.accuracy - big.accuracy) < 0.02, `int8 keeps the accuracy: ${int8.accuracy} vs ${big.accuracy}`);
  // The fronts shown are the points no other beats on both counts.
  for (const [key, plot] of [['latency', 'latency-plot'], ['size', 'size-plot']]) {
    const dominated = (p) => rows.some((q) => q !== p && q[key] <= p[key] && q.accuracy >= p.accuracy && (q[key] < p[key] || q.accuracy > p.accuracy));
    const want = rows.filter((p) => !dominated(p));
    assert.deepEqual(await json(page, `[data-testid=${plot}]`, 'data-front'), want.map((p) => p.label), `the ${key} front`);
  }
  await shot(page, 'lesson-16-deployment');
});

test('12. CNN: 32 filters and 32 feature maps of a chosen digit, changing as it learns', async (t) => {
  const page = await open(t, lesson('lesson=cnn&digits=3000'));
  await waitStatus(page, 'idle', 60_000);
  await page.waitForSelector('[data-testid=feature-maps][data-sum]');
  assert.equal(await page.locator('[data-testid=filters] canvas').count(), 32);
  assert.equal(await page.locator('[data-testid=feature-maps] canvas').count(), 32);
  assert.equal(await attr(page, '[data-testid=feature-maps] canvas >> nth=0', 'width'), '26');
  const before = await attr(page, '[data-testid=feature-maps]', 'data-sum');
  await page.click('[data-testid=lesson-train]');
  await waitStatus(page, 'finished', 90_000);
  await page.waitForFunction(() => document.querySelector('[data-testid=val-accuracy]')?.dataset.value !== '–');
  assert.ok(await value(page, 'filter-change') > 0.005, 'the filters moved');
  assert.notEqual(await attr(page, '[data-testid=feature-maps]', 'data-sum'), before, 'the maps changed with them');
  assert.ok(await value(page, 'val-accuracy') > 0.7);
  const sum = await attr(page, '[data-testid=feature-maps]', 'data-sum');
  await page.click('[data-testid=pick-5]');
  await page.waitForSelector('[data-testid=feature-maps][data-digit="5"]');
  assert.notEqual(await attr(page, '[data-testid=feature-maps]', 'data-sum'), sum, 'another digit, other maps');
  assert.match(page.url(), /digit=5/);
  await shot(page, 'lesson-12-cnn');
});

test('10. hyperparameter search by 3-fold cross-validation: each cell the core\'s mean of its folds, the best tested', async (t) => {
  const page = await trained(t, 'lesson=search&validation=kfold&epochs=2', { timeout: 300_000 });
  assert.match(page.url(), /validation=kfold/);
  await page.waitForSelector('[data-testid=heat-cell].best');
  const cells = await page.$$eval('[data-testid=heat-cell]', (tds) => tds.map((td) => ({ ...td.dataset, best: td.classList.contains('best') })));
  assert.equal(cells.length, 9);
  for (const c of cells) {
    const folds = JSON.parse(c.folds);
    assert.equal(folds.length, 3, `lr ${c.lr}, ${c.units} units: three folds`);
    const mean = folds.reduce((a, b) => a + b, 0) / 3;
    assert.ok(Math.abs(Number(c.value) - mean) < 1e-12, `the cell's score ${c.value} is the mean of its folds ${folds}`);
  }
  const top = Math.max(...cells.map((c) => Number(c.value)));
  const best = cells.find((c) => c.best);
  assert.equal(Number(best.value), top, 'the outlined cell has the best mean validation accuracy');
  const spreads = await page.$$eval('[data-testid=search-table] td[data-key=valStd]', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.equal(spreads.length, 9);
  assert.ok(spreads.some((s) => s > 0), 'the folds disagree somewhere');
  await page.click('[data-testid=test-best]');
  await page.waitForSelector('[data-testid=test-accuracy]');
  assert.equal(await page.textContent('[data-testid=chosen]'), `lr ${best.lr}, ${best.units} units`);
  const acc = await value(page, 'test-accuracy');
  console.log(`# 3-fold search: best lr ${best.lr}, ${best.units} units (mean ${top}); its fold models' mean test accuracy ${acc}`);
  assert.ok(acc > 0.7);
  await shot(page, 'lesson-10-search-kfold');
});

test('14. augmentation, draw a digit: both models read it; kept as drawn, an off-centre digit stays off-centre', async (t) => {
  const page = await trained(t, 'lesson=augmentation&epochs=3', { timeout: 240_000 });
  const pad = page.locator('[data-testid=draw-canvas]');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  // A small "1" near the top-left corner.
  await page.mouse.move(box.x + box.width * 0.22, box.y + box.height * 0.1);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * 0.22, box.y + box.height * (0.1 + (0.3 * i) / 10));
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // the last stroke converted
  // Both models' probabilities of the drawing shown (version `least` or later).
  const read = async (least) => {
    await page.waitForFunction((v) => {
      const seen = Number(document.querySelector('[data-testid=draw-small]').dataset.version);
      return seen >= v && [...document.querySelectorAll('[data-testid=digit-probabilities]')].every((b) => Number(b.dataset.version) === seen);
    }, least);
    const probs = await page.$$eval('[data-testid=digit-probabilities]', (bs) => bs.map((b) => ({ label: b.dataset.label, values: JSON.parse(b.dataset.values) })));
    // The ink's centre of mass in the 28x28 input.
    const centre = await page.evaluate(() => {
      const d = document.querySelector('[data-testid=draw-small]').getContext('2d').getImageData(0, 0, 28, 28).data;
      let m = 0, mx = 0, my = 0;
      for (let i = 0; i < 784; i++) m += d[4 * i], mx += d[4 * i] * (i % 28), my += d[4 * i] * Math.floor(i / 28);
      return [mx / m, my / m];
    });
    return { probs, centre };
  };
  const version = async () => Number(await page.getAttribute('[data-testid=draw-small]', 'data-version'));
  const centred = await read(1);
  assert.deepEqual(centred.probs.map((p) => p.label), ['without augmentation', 'with augmentation'], 'side by side');
  for (const p of centred.probs) {
    assert.equal(p.values.length, 10);
    assert.ok(Math.abs(p.values.reduce((a, b) => a + b, 0) - 1) < 1e-4, `${p.label}: ten probabilities that sum to 1`);
  }
  assert.ok(centred.centre.every((c) => Math.abs(c - 14) < 2), `centred like MNIST: centre of mass ${centred.centre}`);
  const before = await version();
  await page.selectOption('[data-testid=knob-pad]', 'as-drawn');
  await page.waitForFunction(() => /pad=as-drawn/.test(location.hash));
  const asDrawn = await read(before + 1);
  assert.ok(asDrawn.centre[0] < 9 && asDrawn.centre[1] < 9, `kept as drawn: centre of mass ${asDrawn.centre}, top left`);
  assert.equal(await page.getAttribute('[data-testid=lesson-status]', 'data-status'), 'finished', 'the toggle does not retrain');
  for (let i = 0; i < 2; i++) assert.notDeepEqual(asDrawn.probs[i].values, centred.probs[i].values, `${asDrawn.probs[i].label} reads another input`);
  console.log(`# off-centre "1": ${asDrawn.probs.map((p) => `${p.label} says ${p.values.indexOf(Math.max(...p.values))}`).join(', ')}`);
  await shot(page, 'lesson-14-draw');
});

test('15. data quality: flipped labels cost test accuracy; imputing keeps the rows dropping loses; skew flatters accuracy', async (t) => {
  const page = await trained(t, 'lesson=data-quality');
  assert.match(page.url(), /lesson=data-quality&seed=42&noise=0\.4&missing=0\.05&ratio=9&epochs=40$/);
  await page.waitForSelector('[data-testid=skew-verdict]');
  const missing = Object.fromEntries((await page.$$eval('[data-testid=missing-row]', (trs) => trs.map((tr) => [tr.dataset.policy,
    Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, Number(td.dataset.value)]))]))));
  const n = missing.none.trainRows;
  // Noise: exactly the share of the training labels flipped; the test accuracy falls with it.
  const noise = (await tableRows(page, 'noise-table')).map((r) => ({ share: Number(r.share), flipped: Number(r.flipped), test: Number(r.testAcc) }));
  assert.deepEqual(noise.map((r) => r.share), [0, 0.1, 0.2, 0.3, 0.4]);
  for (const r of noise) assert.equal(r.flipped, Math.round(r.share * n), `${r.share * 100}% of ${n} labels`);
  console.log(`# test accuracy by label noise: ${noise.map((r) => `${r.share * 100}% ${(r.test * 100).toFixed(1)}%`).join(', ')}`);
  const [clean, , , , worst] = noise;
  assert.ok(worst.test < clean.test - 0.05, `40% noise ${worst.test} vs clean ${clean.test}`);
  assert.equal(JSON.parse(await attr(page, '[data-testid=noise-curve]', 'data-points')).length, 5, 'a point per share on the curve');
  assert.equal(await value(page, 'clean-accuracy'), clean.test);
  assert.equal(await value(page, 'noisy-accuracy'), worst.test);
  // The noise share read out is a live setting: into the address, no retraining.
  await page.selectOption('[data-testid=knob-noise]', '0.2');
  await page.waitForFunction(() => /noise=0\.2/.test(location.hash));
  await page.waitForFunction((want) => document.querySelector('[data-testid=noisy-accuracy]').dataset.value === want, String(noise[2].test));
  assert.equal(await page.getAttribute('[data-testid=lesson-status]', 'data-status'), 'finished');

  // Missing values: 5% of the training values gone; dropping loses the rows hit, imputing fills every gap.
  const { drop, impute } = missing;
  console.log(`# 5% of values removed: dropping keeps ${drop.trainRows} of ${n} rows (test ${drop.testAcc}), imputing ${impute.trainRows} (test ${impute.testAcc})`);
  assert.equal(impute.removed, Math.round(0.05 * n * 30));
  assert.equal(drop.removed, impute.removed, 'the same cells removed: one seed');
  assert.equal(impute.trainRows, n, 'imputing keeps every row');
  assert.equal(impute.filled, impute.removed, 'every gap imputed');
  assert.ok(drop.trainRows < impute.trainRows / 2, `dropping keeps ${drop.trainRows} of ${n}`);
  assert.equal(drop.trainRows + drop.dropped, n);
  assert.equal(await value(page, 'rows-dropping'), drop.trainRows);
  assert.equal(await value(page, 'rows-imputing'), impute.trainRows);

  // Class skew 9 : 1: accuracy flatters, the balanced accuracy does not.
  const skew = Object.fromEntries((await page.$$eval('[data-testid=skew-row]', (trs) => trs.map((tr) => [tr.dataset.label,
    Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.value]))]))));
  const skewed = skew['skewed 9 : 1'];
  const [benign, malignant] = skewed.testRows.split(' : ').map(Number);
  console.log(`# 9:1 skew: test rows ${benign} : ${malignant}, accuracy ${skewed.accuracy}, balanced ${skewed.balanced}, malignant recall ${skewed.recall}`);
  assert.ok(benign / malignant > 6 && benign / malignant < 13, `the test set is skewed too: ${benign} : ${malignant}`);
  assert.ok(Number(skewed.balanced) < Number(skewed.accuracy), `balanced ${skewed.balanced} below plain ${skewed.accuracy}`);
  assert.ok(Number(skewed.baseline) > 0.85, `always "benign" scores ${skewed.baseline}`);
  assert.ok(Number(skewed.recall) < Number(skew['as collected'].recall), 'the rare class is found less often');
  const perClass = await tableRows(page, 'class-table');
  assert.equal(perClass.length, 2);
  assert.ok(Math.abs((Number(perClass[0].recall) + Number(perClass[1].recall)) / 2 - Number(skewed.balanced)) < 1e-12, 'balanced accuracy: the mean recall');
  await shot(page, 'lesson-15-data-quality');
});

test('14 and 15 at 390 px, trained and filled in: no page scrolls sideways', async (t) => {
  // Each page with its results in: the skew verdict, or every model's score on rotated digits.
  const filled = {
    'lesson=data-quality': () => document.querySelector('[data-testid=skew-verdict]'),
    'lesson=augmentation&epochs=1': () => [...document.querySelectorAll('[data-testid=augmentation-row] td[data-key=rotated]')].every((td) => td.dataset.value !== ''),
  };
  for (const [hash, ready] of Object.entries(filled)) {
    const page = await openPage(t, env.browser, lesson(hash), { viewport: { width: 390, height: 800 }, consoleErrors: true, monitors: false });
    await waitStatus(page, 'idle', 60_000);
    await page.click('[data-testid=lesson-train]');
    await waitStatus(page, 'finished', 240_000);
    await page.waitForFunction(ready);
    const { scroll, wide } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 390.5 && !e.closest('.scroll'))
        .slice(-3).map((e) => `${e.tagName.toLowerCase()}.${e.className}[${e.dataset.testid ?? ''}]`),
    }));
    assert.ok(scroll <= 390, `${hash} is ${scroll} px wide at 390 px (too wide: ${wide.join(', ')})`);
  }
});
